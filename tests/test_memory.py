"""The translation memory (store.memory): a translation carried to every identical Han text.

The law texts are the corpus' 民事诉讼法 (2021, 2023), read at test time; the Bai is plainly
fake ("test bai one"). Translations are written through the clause import, as editors do.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from glossary.han.text import han_hash, han_key
from glossary.io.laws import import_law_files, load_law_files
from glossary.io.pairs import import_files
from glossary.lawtext.parse import parse_law
from glossary.lawtext.read import read_law_file
from glossary.store.db import open_db
from glossary.store.memory import carried_count, rendering, renderings
from glossary.store.queries import article_view
from glossary.store.undo import undo_batch

LAW = "minshi-susong-fa"
HEADER = [
    "law",
    "revision",
    "article",
    "paragraph",
    "dialect",
    "bai",
    "status",
    "alternative",
    "han",
]


def paragraphs_by_article(path: Path) -> dict[int, list[str]]:
    parsed = parse_law(read_law_file(path))
    return {a.number: [p.han for p in a.paragraphs] for a in parsed.articles if not a.sub}


@pytest.fixture(scope="module")
def texts(laws_dir: Path) -> dict[str, dict[int, list[str]]]:
    return {rev: paragraphs_by_article(laws_dir / f"{LAW}-{rev}.md") for rev in ("2021", "2023")}


@pytest.fixture(scope="module")
def same(texts) -> list[int]:
    """Articles whose number and every 款 are the same in 2021 and 2023, with two or more 款."""
    old, new = texts["2021"], texts["2023"]
    return [n for n in sorted(old) if len(old[n]) >= 2 and new.get(n) == old[n]]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, laws_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("memory") / "template.sqlite"
    db = open_db(path, create=True)
    files = [laws_dir / f"{LAW}-2021.md", laws_dir / f"{LAW}-2023.md"]
    import_law_files(db, load_law_files(files))
    db.close()
    return path


@pytest.fixture
def db(template: Path, tmp_path: Path):
    path = tmp_path / "glossary.sqlite"
    shutil.copy(template, path)
    database = open_db(path)
    yield database
    database.close()


def translate(db, folder: Path, rows: list[list[str]], name: str = "pairs.csv") -> int:
    """Import clause pairs (law, revision, article, paragraph, bai[, status, alternative,
    han])."""
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for row in rows:
            law, revision, article, paragraph, bai, *rest = row
            status, alternative, han = [*rest, "", "", ""][:3]
            writer.writerow(
                [law, revision, article, paragraph, "bfs", bai, status, alternative, han]
            )
    result = import_files(db, [path])
    assert result.error() is None, result.error()
    batch = db.execute("SELECT max(id) FROM batches").fetchone()[0]
    return int(batch)


def pid(db, revision: str, article: int, position: int) -> int:
    return db.execute(
        "SELECT paragraph_id FROM clauses WHERE law = ? AND revision = ? AND article = ? "
        "AND paragraph = ?",
        [LAW, revision, article, position],
    ).fetchone()[0]


def test_a_translation_is_carried_to_the_same_text_in_another_revision(
    db, tmp_path: Path, same: list[int]
) -> None:
    article = same[0]
    translate(db, tmp_path, [["民事诉讼法", "2021", str(article), "1", "test bai one"]])
    old, new = pid(db, "2021", article, 1), pid(db, "2023", article, 1)
    mine = renderings(db, [old, new])
    assert mine[old]["bfs"].origin == "own"
    carried = mine[new]["bfs"]
    assert (carried.bai, carried.origin, carried.status) == ("test bai one", "carried", "draft")
    assert carried.source.paragraph_id == old
    assert carried.source.describe().startswith("民事诉讼法 (2021) 第")
    assert carried.source.describe().endswith(" 第1款")
    assert pid(db, "2023", article, 2) not in renderings(db, [pid(db, "2023", article, 2)])
    assert carried_count(db, "bfs") == 1
    view = article_view(db, LAW, article, revision="2023")
    first = view["paragraphs"][0]
    assert first["bai"] is None  # the paragraph's own translations: none
    assert first["renderings"]["bfs"]["origin"] == "carried"
    assert first["renderings"]["bfs"]["source"] == carried.source.describe()
    assert "suggestions" not in first
    shown = db.execute(
        "SELECT origin, source_revision, bai FROM clause_renderings WHERE paragraph_id = ?", [new]
    ).fetchall()
    assert shown == [("carried", "2021", "test bai one")]


def test_the_best_translation_is_carried_approved_first(
    db, tmp_path: Path, texts, same: list[int]
) -> None:
    """The same text in a collection (draft) and in 2021 (approved): 2023 shows the approved
    one, the collection keeps its own."""
    article = same[0]
    text = texts["2021"][article][0]
    translate(
        db,
        tmp_path,
        [
            ["测试条款集", "2024", "1", "1", "test bai draft", "draft", "", text],
            ["民事诉讼法", "2021", str(article), "1", "test bai approved", "approved"],
        ],
    )
    new = rendering(db, pid(db, "2023", article, 1), "bfs")
    assert new is not None and (new.bai, new.status) == ("test bai approved", "approved")
    assert new.source.revision == "2021"
    own = db.execute("SELECT bai, origin FROM clause_renderings WHERE revision = '2024'").fetchall()
    assert own == [("test bai draft", "own")]
    view = db.execute(
        "SELECT bai FROM clause_renderings WHERE revision = '2023' AND article = ?", [article]
    ).fetchall()
    assert view == [("test bai approved",)]


def test_a_re_import_with_one_paragraph_changed_keeps_the_others(
    db, tmp_path: Path, laws_dir: Path, texts, same: list[int]
) -> None:
    article = same[0]
    first, second = texts["2021"][article][:2]
    translate(
        db,
        tmp_path,
        [
            ["民事诉讼法", "2021", str(article), "1", "test bai one"],
            ["民事诉讼法", "2021", str(article), "2", "test bai two"],
        ],
    )
    original = (laws_dir / f"{LAW}-2021.md").read_text(encoding="utf-8")
    assert original.count(first) == 1
    variant = original.replace(first, first.replace("。", "，另有规定的除外。", 1), 1)
    folder = tmp_path / "variant"
    folder.mkdir()
    (folder / f"{LAW}-2021.md").write_text(variant, encoding="utf-8")
    (report,) = import_law_files(db, load_law_files([folder / f"{LAW}-2021.md"]))
    assert report.paragraphs["changed"] == 1
    new1, new2 = pid(db, "2023", article, 1), pid(db, "2023", article, 2)
    after = renderings(db, [new1, new2], "bfs")
    assert new1 not in after  # its text now differs from the translated one
    assert after[new2]["bfs"].bai == "test bai two"
    assert after[new2]["bfs"].origin == "carried"
    assert rendering(db, pid(db, "2021", article, 2), "bfs").origin == "own"
    assert second == texts["2023"][article][1]


def test_undoing_the_translating_batch_removes_the_carried_ones_too(
    db, tmp_path: Path, same: list[int]
) -> None:
    article = same[0]
    batch = translate(db, tmp_path, [["民事诉讼法", "2021", str(article), "1", "test bai one"]])
    new = pid(db, "2023", article, 1)
    assert rendering(db, new, "bfs") is not None
    undo_batch(db, batch)
    assert rendering(db, new, "bfs") is None
    assert carried_count(db) == 0


def test_an_alternative_overrides_one_place_only_and_is_not_carried(
    db, tmp_path: Path, same: list[int]
) -> None:
    a, b = same[0], same[1]
    translate(db, tmp_path, [["民事诉讼法", "2021", str(a), "1", "test bai one"]])
    translate(
        db,
        tmp_path,
        [
            ["民事诉讼法", "2023", str(a), "1", "test bai local", "", "是"],
            ["民事诉讼法", "2023", str(b), "1", "test bai only here", "", "yes"],
        ],
        "alt.csv",
    )
    old_a, new_a = pid(db, "2021", a, 1), pid(db, "2023", a, 1)
    old_b = pid(db, "2021", b, 1)
    mine = renderings(db, [old_a, new_a, old_b], "bfs")
    assert (mine[new_a]["bfs"].bai, mine[new_a]["bfs"].origin) == ("test bai local", "own")
    assert mine[new_a]["bfs"].alternative
    assert (mine[old_a]["bfs"].bai, mine[old_a]["bfs"].origin) == ("test bai one", "own")
    assert old_b not in mine  # an alternative is never carried
    shown = db.execute(
        "SELECT origin, alternative FROM clause_renderings WHERE paragraph_id = ?", [old_b]
    ).fetchall()
    assert shown == []


def test_an_unknown_alternative_value_is_refused_with_one_clear_line(
    db, tmp_path: Path, same: list[int]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        ",".join(HEADER) + f"\n民事诉讼法,2021,{same[0]},1,bfs,test bai one,,maybe,\n",
        encoding="utf-8",
    )
    before = db.execute("SELECT count(*) FROM translations").fetchone()[0]
    result = import_files(db, [path])
    assert "'maybe' is not yes or no" in str(result.error())
    assert db.execute("SELECT count(*) FROM translations").fetchone()[0] == before


def test_the_migration_backfills_the_key_without_marking_the_search_index(
    template: Path, tmp_path: Path
) -> None:
    """A file from before the translation memory gets its key (m005), kept as a hash since
    m015, for every 款, and no article is marked for re-indexing."""
    path = tmp_path / "old.sqlite"
    shutil.copy(template, path)
    db = open_db(path)
    db.executescript(
        """
        DROP VIEW coverage;
        DROP VIEW clause_renderings;
        DROP INDEX paragraphs_han_hash;
        ALTER TABLE paragraphs DROP COLUMN han_hash;
        ALTER TABLE translations DROP COLUMN alternative;
        DELETE FROM _sqlite_migrations
         WHERE name IN ('m005_translation_memory', 'm007_coverage', 'm015_han_hash');
        """
    )
    db.close()
    db = open_db(path)
    try:
        missing = db.execute("SELECT count(*) FROM paragraphs WHERE han_hash IS NULL").fetchone()
        assert missing[0] == 0
        rows = db.execute("SELECT han, han_hash FROM paragraphs").fetchall()
        assert rows and all(key == han_hash(han) for han, key in rows)
        columns = {r[1] for r in db.execute("PRAGMA table_info(paragraphs)")}
        assert "han_key" not in columns
        assert db.execute("SELECT count(*) FROM search_dirty").fetchone()[0] == 0
    finally:
        db.close()


def test_the_hash_is_the_key_s() -> None:
    assert han_hash("当事人 可以\u3000申请（一）") == han_hash("当事人可以申请(一)")
    assert han_hash("當事人") != han_hash("当事人")
    assert isinstance(han_hash("当事人"), int) and -(2**63) <= han_hash("当事人") < 2**63


def test_the_key_is_nfkc_without_whitespace() -> None:
    assert han_key("当事人 可以\u3000申请（一）") == han_key("当事人可以申请(一)")
    assert han_key("當事人") != han_key("当事人")  # another script is another text
