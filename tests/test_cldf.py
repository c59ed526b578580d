"""CLDF wordlist import: the three real lexibank Bai sets, read from the shared corpus."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from glossary.errors import GlossaryError
from glossary.io.cldf import CldfReport, gloss_terms, import_cldf
from glossary.store.db import open_db
from glossary.store.history import Batch
from glossary.store.terms import TermRecord, upsert_term

SETS = ("allenbai", "wangbai", "suntb_bai")
DIALECTS = {"bca", "bfs", "bfc"}


# --- reading the files independently of the importer -----------------------------------


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def forms_path(folder: Path) -> Path:
    return folder / "forms.csv" if (folder / "forms.csv").exists() else folder / "forms_bai.csv"


def proto_ids(folder: Path) -> set[str]:
    return {
        r["ID"] for r in rows(folder / "languages.csv") if "proto" in (r["ID"] + r["Name"]).lower()
    }


def shown_name(name: str) -> str:
    match = re.fullmatch(r"Bai \((.+)\)", name)
    return match.group(1) if match else name


def attested(folder: Path) -> list[tuple[str, str]]:
    """(form, variety) of every attested row; a Value cell may hold "a; b"."""
    names = {r["ID"]: shown_name(r["Name"]) for r in rows(folder / "languages.csv")}
    skip = proto_ids(folder)
    found = []
    for r in rows(forms_path(folder)):
        if r["Language_ID"] in skip:
            continue
        texts = [r["Form"]] if "Form" in r else r["Value"].split(";")
        found += [(t.strip(), names[r["Language_ID"]]) for t in texts if t.strip()]
    return found


def state(db: Any) -> dict[str, list[tuple[Any, ...]]]:
    tables = ("terms", "term_forms", "batches", "changes", "term_search")
    return {t: db.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall() for t in tables}


def copy_set(corpus: Path, name: str, tmp_path: Path) -> Path:
    """A writable copy (the corpus files are read-only), made at test time."""
    target = tmp_path / name
    target.mkdir()
    for file in (corpus / "bai" / name).iterdir():
        (target / file.name).write_bytes(file.read_bytes())
    return target


# --- the three real sets, imported once ---------------------------------------------------


class Imported:
    """A database with the three sets imported, and the import reports."""

    def __init__(self, db: Any, reports: dict[str, CldfReport]) -> None:
        self.db, self.reports = db, reports

    def execute(self, sql: str, params: list[Any] | None = None) -> Any:
        return self.db.execute(sql, params or [])


@pytest.fixture(scope="module")
def imported(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    db = open_db(tmp_path_factory.mktemp("cldf") / "glossary.sqlite", create=True)
    yield Imported(db, {name: import_cldf(db, corpus / "bai" / name) for name in SETS})
    db.close()


@pytest.mark.parametrize("name", SETS)
def test_every_attested_row_is_imported(corpus: Path, imported: Imported, name: str) -> None:
    folder = corpus / "bai" / name
    all_rows = rows(forms_path(folder))
    proto = proto_ids(folder)
    reconstructions = sum(1 for r in all_rows if r["Language_ID"] in proto)
    report: CldfReport = imported.reports[name]
    assert report.forms_read == len(all_rows)
    assert report.reconstructions_skipped == reconstructions
    assert report.imported == len(all_rows) - reconstructions
    assert report.batch is not None and report.terms["added"] > 0
    stored = set(
        imported.execute(
            "SELECT form, variety FROM term_forms WHERE script = 'ipa' AND source LIKE ?",
            [f"%lexibank/{name}%"],
        ).fetchall()
    )
    expected = attested(folder)
    assert set(expected) <= stored
    assert {v for _, v in stored} == {v for _, v in expected}
    assert report.varieties == len({v for _, v in expected})


def test_all_three_sets_counts(imported: Imported) -> None:
    reports = imported.reports
    assert {n: r.imported for n, r in reports.items()} == {
        "allenbai": 4546,
        "wangbai": 3960,
        "suntb_bai": 3012,
    }
    assert reports["wangbai"].reconstructions_skipped == 469
    assert reports["suntb_bai"].split_values == 15
    dialects = {r[0] for r in imported.execute("SELECT DISTINCT dialect FROM term_forms")}
    assert dialects == DIALECTS
    assert imported.execute("SELECT count(*) FROM term_forms WHERE script != 'ipa'").fetchone() == (
        0,
    )


def test_no_reconstruction_is_stored(corpus: Path, imported: Imported) -> None:
    folder = corpus / "bai" / "wangbai"
    assert proto_ids(folder) == {"ProtoBai"}
    varieties = {r[0] for r in imported.execute("SELECT DISTINCT variety FROM term_forms")}
    assert not any("proto" in v.lower() for v in varieties)
    wang_rows = rows(folder / "forms.csv")
    proto_only = {r["Form"] for r in wang_rows if r["Language_ID"] == "ProtoBai"} - {
        r["Form"] for r in wang_rows if r["Language_ID"] != "ProtoBai"
    }
    assert len(proto_only) > 100
    stored = {r[0] for r in imported.execute("SELECT form FROM term_forms")}
    assert not proto_only & stored


def test_wife_shows_the_forms_of_every_variety(corpus: Path, imported: Imported) -> None:
    glosses: dict[str, set[str]] = {}
    for name in SETS:
        params = rows(corpus / "bai" / name / "parameters.csv")
        glosses[name] = {p["Chinese_Gloss"] for p in params if p["Concepticon_Gloss"] == "WIFE"}
    # wangbai's list of 458 concepts has no WIFE: only two of the three sets can show it.
    assert glosses == {"allenbai": {"妻子"}, "wangbai": set(), "suntb_bai": {"妻子"}}
    forms = imported.execute(
        "SELECT f.form, f.dialect, f.variety, f.source FROM term_forms f "
        "JOIN terms t ON t.id = f.term_id WHERE t.han = '妻子'"
    ).fetchall()
    for name in ("allenbai", "suntb_bai"):
        languages = rows(corpus / "bai" / name / "languages.csv")
        wanted = {shown_name(lang["Name"]) for lang in languages}
        shown = {variety for _, _, variety, source in forms if f"lexibank/{name}" in source}
        assert shown == wanted, name
    assert {dialect for _, dialect, _, _ in forms} == DIALECTS
    by_variety = {(v, s): f for f, _, v, s in forms}
    assert by_variety[("Jianchuan", "lexibank/allenbai")] == "vɤ³³jĩ²¹"
    term = imported.execute(
        "SELECT english, concepticon_id, status FROM terms WHERE han = '妻子'"
    ).fetchone()
    assert term == ("wife", "1199", "proposed")


def test_attribution_is_stored(imported: Imported) -> None:
    attribution, source = imported.execute(
        "SELECT attribution, source FROM terms WHERE han = '妻子'"
    ).fetchone()
    assert source == "lexibank/allenbai; lexibank/suntb_bai"
    assert "CC-BY-4.0" in attribution
    assert 'Allen\'s "Bai Dialect Survey"' in attribution and "Sūn" in attribution
    assert "SIL International" in attribution  # the original source, not only the dataset
    for name in SETS:
        report = imported.reports[name]
        assert "CC-BY-4.0" in report.attribution and report.title in report.attribution
        form_attribution = imported.execute(
            "SELECT attribution FROM term_forms WHERE source = ? LIMIT 1", [f"lexibank/{name}"]
        ).fetchone()[0]
        assert form_attribution == report.attribution


def test_glosses_are_cleaned_and_corrected(imported: Imported) -> None:
    assert gloss_terms("天(天地)") == ["天"]
    assert gloss_terms("(一)滴(水)") == ["滴"]
    assert gloss_terms("上方（地势，河流）") == ["上方"]
    assert gloss_terms("年、岁") == ["年", "岁"]
    assert gloss_terms("本族,自称") == ["本族", "自称"]
    hans = {r[0] for r in imported.execute("SELECT han FROM terms")}
    assert not any(c in h for h in hans for c in "()（）、，;；")
    note = imported.execute("SELECT note FROM terms WHERE han = '天'").fetchone()[0]
    assert "天(天地)" in note and "天（日子）" in note
    # suntb's upstream buy/sell glosses are swapped: Jianchuan buy = mɛ⁴², sell = kɯ²¹
    buy = {
        r[0]
        for r in imported.execute(
            "SELECT f.form FROM term_forms f JOIN terms t ON t.id = f.term_id "
            "WHERE t.han = '买' AND f.source LIKE '%suntb_bai%' AND f.variety = 'Jianchuan'"
        )
    }
    assert buy == {"mɛ⁴²"}
    assert len(imported.reports["suntb_bai"].corrections) == 3


def test_reimport_changes_nothing(corpus: Path, imported: Imported) -> None:
    before = state(imported.db)
    for name in SETS:
        report = import_cldf(imported.db, corpus / "bai" / name)
        assert report.batch is None and report.forms_added == 0
        assert report.terms["added"] == report.terms["changed"] == 0
    assert state(imported.db) == before


# --- dry runs, editors' values -------------------------------------------------------------


def test_dry_run_writes_nothing(corpus: Path, db_path: Path) -> None:
    db = open_db(db_path, create=True)
    before = state(db)
    report = import_cldf(db, corpus / "bai" / "suntb_bai", dry_run=True)
    assert report.dry_run and report.batch is None
    assert report.imported == 3012 and report.terms["added"] > 900 and report.forms_added > 2900
    assert state(db) == before


def test_an_editors_values_survive(corpus: Path, db_path: Path) -> None:
    db = open_db(db_path, create=True)
    with db.atomic():
        batch = Batch(db, command="edit")
        upsert_term(
            db,
            batch,
            TermRecord(
                han="妻子",
                definition="婚姻关系中的女方",
                status="preferred",
                english="spouse (wife)",
                source="editor",
            ),
        )
    report = import_cldf(db, corpus / "bai" / "suntb_bai")
    assert report.terms["changed"] >= 1
    row = db.execute(
        "SELECT definition, status, english, concepticon_id, source FROM terms WHERE han = '妻子'"
    ).fetchone()
    assert row == (
        "婚姻关系中的女方",
        "preferred",
        "spouse (wife)",
        "1199",
        "editor; lexibank/suntb_bai",
    )
    # an editor's verdict on a form survives a re-import too
    db.execute("UPDATE term_forms SET status = 'preferred' WHERE form = 'vu³³jɪ̃²¹'")
    db.commit()
    again = import_cldf(db, corpus / "bai" / "suntb_bai")
    assert again.batch is None
    status = db.execute("SELECT status FROM term_forms WHERE form = 'vu³³jɪ̃²¹'").fetchone()
    assert status == ("preferred",)


# --- bad folders ----------------------------------------------------------------------------


def edit_line(path: Path, number: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def first_non_ascii_line(path: Path) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not line.isascii():
            return number
    raise AssertionError("all ASCII")


def break_missing_parameters(folder: Path) -> str:
    (folder / "parameters.csv").unlink()
    return "parameters.csv"


def break_missing_forms(folder: Path) -> str:
    (folder / "forms_bai.csv").unlink()
    return "forms.csv"


def break_missing_languages(folder: Path) -> str:
    (folder / "languages.csv").unlink()
    return "languages.csv"


def break_missing_column(folder: Path) -> str:
    edit_line(folder / "forms_bai.csv", 1, "Parameter_ID", "Concept")
    return "forms_bai.csv:1"


def break_missing_gloss_column(folder: Path) -> str:
    edit_line(folder / "forms_bai.csv", 1, "Chinese_Gloss", "Gloss_zh")
    edit_line(folder / "parameters.csv", 1, "Chinese_Gloss", "Gloss_zh")
    return "parameters.csv:1"


def break_unknown_parameter(folder: Path) -> str:
    edit_line(folder / "forms_bai.csv", 10, ",9_", ",99999_")
    return "forms_bai.csv:10"


def break_unknown_language(folder: Path) -> str:
    edit_line(folder / "forms_bai.csv", 2000, "Bai,", "Baii,")
    return "forms_bai.csv:2000"


def break_gb18030(folder: Path) -> str:
    path = folder / "parameters.csv"
    line = first_non_ascii_line(path)
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    return f"parameters.csv:{line}"


def break_nul(folder: Path) -> str:
    path = folder / "languages.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b",\0", 1)
    path.write_bytes(b"\n".join(lines))
    return "languages.csv:3"


def break_quotes(folder: Path) -> str:
    edit_line(folder / "forms_bai.csv", 2, ",sky,", ',"sky,')
    return "forms_bai.csv:2"


def break_no_licence(folder: Path) -> str:
    (folder / "metadata.json").write_text('{"title": "x"}', encoding="utf-8")
    return "metadata.json"


BREAKAGES = [
    break_missing_parameters,
    break_missing_forms,
    break_missing_languages,
    break_missing_column,
    break_missing_gloss_column,
    break_unknown_parameter,
    break_unknown_language,
    break_gb18030,
    break_nul,
    break_quotes,
    break_no_licence,
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__.removeprefix("break_"))
def test_bad_folder_is_refused_and_nothing_written(
    corpus: Path, tmp_path: Path, db_path: Path, breakage: Any
) -> None:
    folder = copy_set(corpus, "suntb_bai", tmp_path)
    db = open_db(db_path, create=True)
    with db.atomic():
        upsert_term(db, Batch(db, command="edit"), TermRecord(han="调解", definition="x"))
    before = state(db)
    where = breakage(folder)
    with pytest.raises(GlossaryError) as caught:
        import_cldf(db, folder)
    error = caught.value
    assert error.where is not None and error.where.endswith(where), str(error)
    assert error.fix
    assert state(db) == before


def test_a_proto_language_is_skipped_whatever_its_forms(corpus: Path, tmp_path: Path) -> None:
    folder = copy_set(corpus, "wangbai", tmp_path)
    db = open_db(tmp_path / "g.sqlite", create=True)
    report = import_cldf(db, folder, dry_run=True)
    assert report.reconstructions_skipped == 469 and "ProtoBai" not in str(report.forms_by_variety)


# --- arbitrary input ------------------------------------------------------------------------


def csv_text(records: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([("ID", "Language_ID", "Parameter_ID", "Form"), *records])
    return out.getvalue()


cells = st.one_of(
    st.sampled_from(["Jianchuan", "Luobenzhuo", "1_sky", "164_wife", "31_year", "", '"', "a;b"]),
    st.text(max_size=12),
)
garbled_rows = st.lists(st.lists(cells, min_size=3, max_size=5), max_size=6).map(
    lambda rs: "ID,Language_ID,Parameter_ID,Form\n" + "\n".join(",".join(r) for r in rs)
)
good_rows = st.lists(
    st.tuples(
        st.text(max_size=8),
        st.sampled_from(["Jianchuan", "Zhoucheng", "Luobenzhuo"]),
        st.sampled_from(["1_sky", "164_wife", "31_year", "259_smellvb"]),
        st.text(max_size=10),
    ),
    max_size=8,
).map(csv_text)
forms_texts = st.one_of(
    st.text(),
    garbled_rows,
    good_rows,
    st.binary().map(lambda b: b.decode("latin-1")),
)


def test_arbitrary_forms_file_imports_or_is_refused(corpus: Path) -> None:
    outcomes = {"imported": 0, "refused": 0}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "set"
        folder.mkdir()
        for name in ("parameters.csv", "languages.csv", "metadata.json"):
            (folder / name).write_bytes((corpus / "bai" / "allenbai" / name).read_bytes())
        db = open_db(Path(tmp) / "g.sqlite", create=True)

        @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(text=forms_texts, raw=st.booleans())
        @example(text=csv_text([("1", "Jianchuan", "164_wife", "vɤ³³jĩ²¹ ")]), raw=False)
        @example(text="ID,Language_ID,Parameter_ID,Form\n1,Jianchuan,1_sky,x\0", raw=False)
        def check(text: str, raw: bool) -> None:
            data = text.encode("latin-1", "replace") if raw else text.encode("utf-8")
            (folder / "forms.csv").write_bytes(data)
            before = state(db)
            try:
                report = import_cldf(db, folder)
            except GlossaryError as error:
                outcomes["refused"] += 1
                assert error.where and error.fix
                assert state(db) == before
            else:
                outcomes["imported"] += 1
                done = report.imported + report.empty_skipped + report.reconstructions_skipped
                assert done == report.forms_read
                assert not db.conn.in_transaction

        check()
        db.close()
    assert outcomes["imported"] and outcomes["refused"]
