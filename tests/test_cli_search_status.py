"""``glossary search``: --in-force, repealed and older texts marked, the 款 a reference names."""

from __future__ import annotations

from glossary.lawtext.status import REPEALED, STATUS_LABELS, SUPERSEDED


def test_repealed_and_older_texts_are_marked(corpus_run) -> None:
    result = corpus_run("search", "离婚", "--limit", "50")
    assert result.exit_code == 0
    marked = [line for line in result.stdout.splitlines() if line.startswith("婚姻法")]
    assert marked and all(f"[{STATUS_LABELS[REPEALED]}]" in line for line in marked)
    current = [line for line in result.stdout.splitlines() if line.startswith("民法典")]
    assert current and not any("[" in line.split(":")[0] for line in current)
    older = corpus_run("search", "起诉状", "--all-revisions", "--law", "民诉")
    lines = older.stdout.splitlines()
    assert any("(2021)" in line and f"[{STATUS_LABELS[SUPERSEDED]}]" in line for line in lines)
    assert not any("(2023)" in line and "[" in line.split(":")[0] for line in lines)


def test_in_force_leaves_out_repealed_laws_and_older_revisions(corpus_run) -> None:
    every = corpus_run("search", "离婚", "--all-revisions", "--limit", "100", "--json").json()
    assert any(h["law"] == "hunyin-fa" for h in every["hits"])
    result = corpus_run("search", "离婚", "--all-revisions", "--in-force", "--limit", "100")
    assert result.exit_code == 0
    assert "婚姻法" not in result.stdout and "民法典" in result.stdout
    data = corpus_run("search", "诉讼", "--all-revisions", "--in-force", "--json").json()
    assert {h["revision"] for h in data["hits"] if h["kind"] == "article"} == {"2023"}


def test_a_paragraph_reference_shows_that_paragraph(corpus_run) -> None:
    result = corpus_run("search", "第1079条第三款")
    assert result.exit_code == 0
    assert result.stdout.startswith("民法典 (2020) 第一千零七十九条第三款: 有下列情形之一")
    data = corpus_run("search", "第1079条第三款", "--json").json()
    assert data["hits"][0]["paragraph"] == 3


def test_a_reference_to_what_is_not_imported_says_so(corpus_run) -> None:
    result = corpus_run("search", "民法典", "第一千二百条")
    assert result.exit_code == 0 and result.stdout == ""
    assert "only 婚姻家庭编" in result.stderr
