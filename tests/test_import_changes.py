"""Corrections, history, dry runs and bad input, on synthetic texts (plainly made up)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TEST_LAW = """# 中华人民共和国测试调解法

2019年3月1日 第一届测试代表大会第一次会议通过

2022年6月30日 第一届测试代表大会常务委员会第九次会议修正

<!-- INFO END -->

## 第一章 总 则

第一条 为了测试调解工作，制定本法。

第二条 调解委员会调解纠纷，应当遵循下列原则：

（一）自愿；

（二）平等。

## 第二章 调解程序

第三条 当事人可以申请调解。

调解委员会也可以主动调解。

第四条 本法自2022年7月1日起施行。
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"


def write(tmp_path: Path, text: str, name: str = "test-law.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_law_imports_with_a_derived_slug_and_revision(tmp_path: Path, run) -> None:
    result = run("import-law", write(tmp_path, TEST_LAW), "--json")
    assert result.exit_code == 0, result.stderr
    report = result.json()[0]
    assert (report["law"], report["revision"]) == ("ce-shi-tiao-jie-fa", "2022")
    assert report["articles"]["added"] == 4 and report["paragraphs"]["added"] == 7
    view = run("show", "测试调解法 2", "--json").json()
    assert [p["label"] for p in view["paragraphs"]] == [None, "（一）", "（二）"]
    assert view["path"] == ["第一章 总则"]


def test_law_and_revision_options_override_detection(tmp_path: Path, run) -> None:
    result = run(
        "import-law",
        write(tmp_path, TEST_LAW),
        "--law",
        "test-law",
        "--revision",
        "draft",
        "--json",
    )
    assert result.json()[0]["law"] == "test-law" and result.json()[0]["revision"] == "draft"
    assert run("show", "test-law:1", "--json").json()["revision"] == "draft"


def test_corrected_text_updates_and_keeps_the_old_text(tmp_path: Path, run, db_path) -> None:
    run("import-law", write(tmp_path, TEST_LAW))
    corrected = TEST_LAW.replace("当事人可以申请调解。", "当事人可以书面或者口头申请调解。")
    result = run("import-law", write(tmp_path, corrected, "fixed.md"), "--json")
    report = result.json()[0]
    assert report["articles"]["changed"] == 1 and report["changed_articles"] == [3]
    assert report["paragraphs"]["changed"] == 1 and report["batch"]
    conn = sqlite3.connect(db_path)
    old, new = conn.execute(
        "SELECT old, new FROM changes WHERE batch_id = ? AND table_name = 'paragraphs' "
        "AND field = 'han'",
        [report["batch"]],
    ).fetchone()
    assert json.loads(old) == "当事人可以申请调解。"
    assert json.loads(new) == "当事人可以书面或者口头申请调解。"
    assert run("show", "测试调解法 3", "--json").json()["paragraphs"][0]["han"] == json.loads(new)


def test_an_inserted_paragraph_keeps_translations_on_their_text(
    tmp_path: Path, run, db_path
) -> None:
    run("import-law", write(tmp_path, TEST_LAW))
    conn = sqlite3.connect(db_path)
    pid, aid = conn.execute(
        "SELECT paragraph_id, article_id FROM clauses WHERE article = 3 AND paragraph = 2"
    ).fetchone()
    conn.execute(
        "INSERT INTO translations (article_id, paragraph_id, dialect, bai, created_at, updated_at)"
        " VALUES (?, ?, 'bfs', 'test bai one', 'now', 'now')",
        [aid, pid],
    )
    conn.commit()
    inserted = TEST_LAW.replace(
        "当事人可以申请调解。\n", "当事人可以申请调解。\n\n调解不收取费用。\n"
    )
    report = run("import-law", write(tmp_path, inserted, "v2.md"), "--json").json()[0]
    assert report["paragraphs"]["added"] == 1 and report["paragraphs"]["changed"] == 0
    view = run("show", "测试调解法 3", "--json").json()
    assert [p["han"] for p in view["paragraphs"]] == [
        "当事人可以申请调解。",
        "调解不收取费用。",
        "调解委员会也可以主动调解。",
    ]
    assert [p["bai"] for p in view["paragraphs"]] == [None, None, {"bfs": "test bai one"}]


def test_a_removed_paragraph_and_its_translation_stay_in_the_history(
    tmp_path: Path, run, db_path
) -> None:
    run("import-law", write(tmp_path, TEST_LAW))
    conn = sqlite3.connect(db_path)
    pid, aid = conn.execute(
        "SELECT paragraph_id, article_id FROM clauses WHERE article = 3 AND paragraph = 2"
    ).fetchone()
    conn.execute(
        "INSERT INTO translations (article_id, paragraph_id, dialect, bai, created_at, updated_at)"
        " VALUES (?, ?, 'bca', 'test bai two', 'now', 'now')",
        [aid, pid],
    )
    conn.commit()
    shorter = TEST_LAW.replace("\n调解委员会也可以主动调解。\n", "\n")
    report = run("import-law", write(tmp_path, shorter, "v3.md"), "--json").json()[0]
    assert report["paragraphs"]["removed"] == 1
    kept = {
        row[0]: json.loads(row[1])
        for row in conn.execute(
            "SELECT table_name, old FROM changes WHERE batch_id = ? AND op = 'delete'",
            [report["batch"]],
        )
    }
    assert kept["paragraphs"]["han"] == "调解委员会也可以主动调解。"
    assert kept["translations"]["bai"] == "test bai two"


def test_dry_run_writes_nothing(tmp_path: Path, run, db_path) -> None:
    run("init")
    result = run("import-law", write(tmp_path, TEST_LAW), "--dry-run", "--json")
    assert result.exit_code == 0
    assert result.json()[0]["articles"]["added"] == 4 and result.json()[0]["dry_run"]
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM batches").fetchone()[0] == 1  # init only
    conn.close()
    assert "would import" in run("import-law", write(tmp_path, TEST_LAW), "--dry-run").stdout


def test_bad_files_are_refused_with_one_line_and_nothing_written(
    tmp_path: Path, run, db_path
) -> None:
    run("import-law", write(tmp_path, TEST_LAW))
    before = sqlite3.connect(db_path).execute("SELECT count(*) FROM changes").fetchone()
    good = write(tmp_path, TEST_LAW.replace("自愿", "自愿、合法"), "good.md")
    cases = {
        "notes.md": "# 会议记录\n\n今天讨论了调解工作。\n",
        "empty.txt": "",
        "binary.docx": "PK\x03\x04 not really a docx",
    }
    for name, text in cases.items():
        bad = write(tmp_path, text, name)
        result = run("import-law", good, bad)  # one bad file stops the whole command
        assert result.exit_code == 1, name
        assert result.stderr.startswith("error:") and name in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    missing = run("import-law", tmp_path / "nowhere.md")
    assert missing.exit_code != 0 and "nowhere.md" in missing.stderr
    after = sqlite3.connect(db_path).execute("SELECT count(*) FROM changes").fetchone()
    assert after == before
    assert run("show", "测试调解法 2", "--json").json()["paragraphs"][1]["han"] == "自愿；"


def test_a_bad_file_does_not_create_a_database(tmp_path: Path, run, db_path) -> None:
    result = run("import-law", write(tmp_path, "not a law", "x.txt"))
    assert result.exit_code == 1 and not db_path.exists()


def test_read_only_refuses_commands_that_write(tmp_path: Path, run, db_path) -> None:
    run("import-law", write(tmp_path, TEST_LAW))
    before = digest(db_path)
    result = run("--read-only", "import-law", write(tmp_path, TEST_LAW, "again.md"))
    assert result.exit_code == 1 and "--read-only" in result.stderr
    assert run("show", "测试调解法 1", "--read-only", "--json").exit_code == 0
    assert run("stats", "--read-only").exit_code == 0
    assert digest(db_path) == before


def test_db_location_order(tmp_path: Path, run, monkeypatch) -> None:
    env_db = tmp_path / "from-env.sqlite"
    monkeypatch.setenv("GLOSSARY_DB", str(env_db))
    assert run("init", db=False).exit_code == 0 and env_db.exists()
    monkeypatch.delenv("GLOSSARY_DB")
    result = run("init", "--json", db=False)
    default = Path(result.json()["db"])
    assert default.exists() and str(tmp_path / "xdg-data") in str(default)
    explicit = tmp_path / "explicit.sqlite"
    assert run("--db", str(explicit), "init", db=False).exit_code == 0 and explicit.exists()


def test_unwritable_folder_gives_a_clear_error(tmp_path: Path, run) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("init", "--db", str(blocker / "sub" / "g.sqlite"), db=False)
    assert result.exit_code == 1 and "cannot create the folder" in result.stderr


# Made-up 款 of one article, distinct enough that none is taken for another.
SENTENCES = (
    "当事人可以向调解委员会申请调解，调解委员会应当受理。",
    "调解委员会应当及时记录调解的经过和结果。",
    "调解员不得泄露当事人的个人隐私和商业秘密。",
    "基层人民政府对调解工作给予经费保障和业务指导。",
    "调解协议自双方当事人签名之日起发生法律效力。",
    "经调解未达成协议的，调解员应当告知当事人其他途径。",
)
INSERTED = "本条所称期间，按照自然日计算，遇节假日顺延。"


def one_article_law(paragraphs: list[str]) -> str:
    body = "\n\n".join(paragraphs)
    return f"# 中华人民共和国测试匹配法\n\n2020年1月1日 测试会议通过\n\n第一条 {body}\n"


def translate_every_paragraph(db_path: Path) -> dict[str, str]:
    """A reviewed fake translation on each 款: Han → Bai."""
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT paragraph_id, article_id, han FROM clauses").fetchall()
    bai = {}
    for n, (pid, aid, han) in enumerate(rows, start=1):
        bai[han] = f"test bai {n}"
        conn.execute(
            "INSERT INTO translations (article_id, paragraph_id, dialect, bai, status, "
            "created_at, updated_at) VALUES (?, ?, 'bfs', ?, 'reviewed', 'now', 'now')",
            [aid, pid, bai[han]],
        )
    conn.commit()
    conn.close()
    return bai


def translations_by_han(db_path: Path) -> dict[str, tuple[str, str]]:
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "SELECT p.han, t.bai, t.status FROM translations t JOIN paragraphs p "
        "ON p.id = t.paragraph_id"
    ).fetchall()
    conn.close()
    return {han: (bai, status) for han, bai, status in rows}


def test_an_edited_paragraph_after_an_inserted_one_keeps_its_translation(
    tmp_path: Path, run, db_path
) -> None:
    """受理 → 依法受理 in the 款 that has the translation, and a new 款 before it."""
    first, second = SENTENCES[4], SENTENCES[0]
    run("import-law", write(tmp_path, one_article_law([first, second])))
    translate_every_paragraph(db_path)
    edited = second.replace("受理", "依法受理")
    variant = write(tmp_path, one_article_law([first, INSERTED, edited]), "v2.md")
    result = run("import-law", variant)
    assert result.exit_code == 0, result.stderr
    now = translations_by_han(db_path)
    assert now[edited] == ("test bai 2", "draft")  # stays on its text, to be reviewed again
    assert now[first] == ("test bai 1", "reviewed")
    assert INSERTED not in now
    warnings = [line for line in result.stdout.splitlines() if "warning:" in line]
    assert len(warnings) == 1 and "第一条" in warnings[0] and "review" in warnings[0]
    assert "reviewed" in warnings[0] and "bfs" in warnings[0]


def test_a_changed_text_forgets_who_reviewed_the_bai(tmp_path: Path, run, db_path) -> None:
    """The reviewer checked the Bai against the old Han: after the change nobody has."""
    first, second = SENTENCES[4], SENTENCES[0]
    run("import-law", write(tmp_path, one_article_law([first, second])))
    translate_every_paragraph(db_path)
    law = sqlite3.connect(db_path).execute("SELECT slug FROM laws").fetchone()[0]
    reviewed = run("review", f"{law}:1", "--status", "approved", "--by", "test reviewer")
    assert reviewed.exit_code == 0, reviewed.stderr
    edited = second.replace("受理", "依法受理")
    result = run("import-law", write(tmp_path, one_article_law([first, edited]), "v2.md"))
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(db_path)
    rows = dict(
        conn.execute(
            "SELECT p.han, t.status || '/' || coalesce(t.reviewed_by, '-') FROM translations t "
            "JOIN paragraphs p ON p.id = t.paragraph_id"
        ).fetchall()
    )
    assert rows == {first: "approved/test reviewer", edited: "draft/-"}


def test_a_rewritten_paragraph_detaches_its_translation_with_a_warning(
    tmp_path: Path, run, db_path
) -> None:
    run("import-law", write(tmp_path, one_article_law(list(SENTENCES[:2]))))
    translate_every_paragraph(db_path)
    variant = write(tmp_path, one_article_law([SENTENCES[0], SENTENCES[3]]), "v2.md")
    result = run("import-law", variant, "--json")
    report = result.json()[0]
    assert translations_by_han(db_path) == {SENTENCES[0]: ("test bai 1", "reviewed")}
    assert len(report["warnings"]) == 1 and "detached" in report["warnings"][0]
    conn = sqlite3.connect(db_path)
    kept = conn.execute(
        "SELECT old FROM changes WHERE batch_id = ? AND table_name = 'translations' "
        "AND op = 'delete'",
        [report["batch"]],
    ).fetchone()
    assert json.loads(kept[0])["bai"] == "test bai 2"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    count=st.integers(min_value=2, max_value=len(SENTENCES)),
)
def test_translations_follow_the_most_similar_text(data: st.DataObject, count: int) -> None:
    """Any insert positions and one-word edits: each translation ends on the new 款 most
    similar to its original Han, never on an unrelated one."""
    from rapidfuzz import fuzz

    original = list(SENTENCES[:count])
    new = list(original)
    edited = data.draw(st.integers(0, count - 1), label="edited")
    body = new[edited][:-1]  # the edit keeps the closing 。, so the 款 stays one 款
    where = data.draw(st.integers(0, len(body)), label="edit position")
    word = data.draw(st.sampled_from(["依法", "及时", "应当", "", "不"]), label="word")
    cut = data.draw(st.integers(0, 2), label="characters removed")
    new[edited] = body[:where] + word + body[where + cut :] + "。"
    for _ in range(data.draw(st.integers(0, 2), label="inserted")):
        new.insert(data.draw(st.integers(0, len(new)), label="insert at"), INSERTED)
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "g.sqlite"
        old_file = write(Path(folder), one_article_law(original), "v1.md")
        new_file = write(Path(folder), one_article_law(new), "v2.md")
        run_cli(db_path, "import-law", old_file)
        bai = translate_every_paragraph(db_path)
        run_cli(db_path, "import-law", new_file)
        landed = translations_by_han(db_path)
    for han, text in bai.items():
        best = max(set(new), key=lambda candidate: fuzz.ratio(han, candidate))
        assert landed[best][0] == text, (han, best)
    assert INSERTED not in landed


def run_cli(db_path: Path, *args: str | Path) -> None:
    from glossary.cli import main

    try:
        main([*map(str, args), "--db", str(db_path)])
    except SystemExit as exc:
        assert not exc.code, f"{args} failed"
