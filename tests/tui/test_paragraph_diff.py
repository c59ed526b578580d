"""The app's "what changed" between two revisions of an article, one line per pair of 款
(store.paragraph_pairs): a 2021 article of 民事诉讼法 moved to another number in a 2023
text built at test time (tests/test_paragraph_pairs.py), a 款 inserted, one renumbered and
one edited."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from glossary.lawtext.labels import article_label
from glossary.store.concordance import write_concordance
from glossary.store.db import open_db
from glossary.tui.messages import ArticleKey, OpenArticle
from glossary.tui.screens import SearchScreen
from test_paragraph_pairs import INSERTED, concordance_row, variant  # noqa: F401 (fixture)

from .conftest import app_factory
from .helpers import showing, until, until_screen, until_text

LAW = "minshi-susong-fa"


def test_what_changed_pairs_the_right_paragraphs(run, variant, db_path: Path, tmp_path: Path):  # noqa: F811
    assert run("import-law", *variant["files"]).exit_code == 0
    db = open_db(db_path)
    write_concordance(db, [("test", [concordance_row(variant["source"], variant["target"])])])
    db.close()
    ref = ArticleKey(LAW, "2023", variant["target"])
    first, _second, _third, edited = variant["texts"]

    async def scenario() -> Any:
        app = app_factory(db_path, tmp_path)()
        async with app.run_test(size=(120, 40)) as pilot:
            await until_screen(pilot, SearchScreen)
            app.post_message(OpenArticle(ref))
            await until(pilot, lambda: showing(app, ref), f"the article {ref}")
            app.screen.query_one("#clauses").scroll_end(animate=False)
            await until_text(pilot, "What changed 2021 → 2023")
            return app.screen.query_one("#revisions").render()

    shown = asyncio.run(scenario())
    lines = shown.plain.splitlines()
    label = article_label(variant["source"])
    assert any(line.startswith("  2021 " + label) for line in lines)
    assert "  unchanged: 第一款" in lines
    assert f"  added 第二款: {INSERTED}" in lines
    assert "  第二款 → 第三款: same text" in lines
    moved = next(line for line in lines if line.startswith("  第三款 → 第四款: "))
    assert moved == "  第三款 → 第四款: " + edited  # the diff: the old text and what was added
    added = [shown.plain[s.start : s.end] for s in shown.spans if "green" in str(s.style)]
    assert "测试" in added and INSERTED in added
    assert first not in shown.plain  # an unchanged 款 is named, not repeated
