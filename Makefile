# Set-up and everyday commands. Needs only Python >= 3.11 and make.
#   make run    create .venv if missing, install, build the demo database if missing, open the app
#   make test   create .venv if missing, install, lint, run the tests

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?= ../shared/corpus
DEMO   ?= data/demo.sqlite
LAWS   := $(CORPUS)/laws
BAI    := $(CORPUS)/bai

.PHONY: run test install demo lint format bench clean catalogs

# The interface catalogs: the .po files are the source (a translator edits them); the .mo
# files are compiled from them by Babel and are not kept in git.
LOCALES := src/glossary/locale
CATALOGS := $(wildcard $(LOCALES)/*/LC_MESSAGES/glossary.po)
COMPILED := $(CATALOGS:.po=.mo)

run: $(STAMP) $(COMPILED) $(DEMO)
	$(BIN)/glossary --db $(DEMO)

test: $(STAMP) $(COMPILED)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

install: $(STAMP) $(COMPILED)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "glossary needs Python >= 3.11 (found: $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

%.mo: %.po | $(STAMP)
	$(BIN)/pybabel --quiet compile -D glossary -i $< -o $@

# After changing strings in the code: extract them, merge them into every .po (sorted, with
# no line numbers, so that two branches' new strings merge cleanly), and compile.
catalogs: $(STAMP)
	mkdir -p build
	$(BIN)/pybabel --quiet extract -F $(LOCALES)/babel.cfg --no-location --sort-output \
	  --project glossary -o build/glossary.pot .
	$(BIN)/pybabel --quiet update -i build/glossary.pot -d $(LOCALES) -D glossary \
	  --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date --no-wrap
	for po in $(LOCALES)/*/LC_MESSAGES/glossary.po; do \
	  $(BIN)/pybabel --quiet compile -D glossary -i $$po -o $${po%.po}.mo; done

# The demo database, built from ../shared/corpus by the project's own importers.
$(DEMO): | $(STAMP)
	@test -d $(LAWS) || { echo "the corpus is missing: $(LAWS) (set CORPUS=...)"; exit 1; }
	rm -f $(DEMO).tmp $(DEMO).tmp-wal $(DEMO).tmp-shm
	$(BIN)/glossary --db $(DEMO).tmp init
	$(BIN)/glossary --db $(DEMO).tmp import-law $(filter-out %/SOURCES.md,$(wildcard $(LAWS)/*.md))
	$(BIN)/glossary --db $(DEMO).tmp import data/glossary/starter-terms.csv > /dev/null
	$(BIN)/glossary --db $(DEMO).tmp import data/glossary/everyday-words.csv > /dev/null
	$(BIN)/glossary --db $(DEMO).tmp import-cldf $(BAI)/allenbai $(BAI)/wangbai $(BAI)/suntb_bai
	$(BIN)/python -c "import sqlite3; c = sqlite3.connect('$(DEMO).tmp'); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.execute('VACUUM')"
	mv $(DEMO).tmp $(DEMO)
	rm -f $(DEMO).tmp-wal $(DEMO).tmp-shm

demo:
	rm -f $(DEMO)
	$(MAKE) $(DEMO)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis $(DEMO) $(DEMO)-wal $(DEMO)-shm
