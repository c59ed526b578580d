"""An IPA form in the app: its Latin respelling next to it, labelled a machine respelling (in
either language); exports keep only the IPA. The form is the real Dali word for 丈夫 from
Sun (1991), read from ../shared/corpus/bai at test time."""

from __future__ import annotations

import asyncio
import csv
import json
from pathlib import Path

from glossary.store.db import open_db, write_transaction
from glossary.store.history import Batch
from glossary.store.terms import BaiForm, TermRecord, upsert_term
from glossary.tui.term import TermScreen
from glossary.tui.testing import wait_for_results

from .helpers import until_screen, until_text


def real_form(corpus: Path) -> str:
    with (corpus / "bai" / "suntb_bai" / "forms_bai.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return next(r["Value"] for r in rows if r["ID"] == "DaliBai-197163")  # 丈夫, po³⁵ȵi²¹


def add_ipa_term(path: Path, form: str) -> None:
    db = open_db(path)
    with write_transaction(db):
        upsert_term(
            db,
            Batch(db, command="test"),
            TermRecord(han="丈夫", forms=[BaiForm(form, "ipa", dialect="bfs", variety="Dali")]),
        )
    db.close()


def show_term(make_app, language: str) -> str:
    async def scenario() -> str:
        app = make_app(language=language)
        async with app.run_test(size=(110, 40)) as pilot:
            await pilot.pause()
            for ch in "丈夫":
                await pilot.press(ch)
            await wait_for_results(app, "丈夫")
            await pilot.press("enter")
            await until_screen(pilot, TermScreen)
            label = "机器转写" if language == "zh" else "machine respelling"
            return await until_text(pilot, "po³⁵ȵi²¹", f"≈ bof nid ({label})")

    return asyncio.run(scenario())


def test_the_term_view_labels_the_respelling(make_app, app_db: Path, corpus: Path) -> None:
    add_ipa_term(app_db, real_form(corpus))
    assert "machine respelling" in show_term(make_app, "en")


def test_the_label_is_translated(make_app, app_db: Path, corpus: Path) -> None:
    add_ipa_term(app_db, real_form(corpus))
    assert "机器转写" in show_term(make_app, "zh")


def test_exports_keep_the_ipa_and_never_the_respelling(
    app_db: Path, corpus: Path, run, tmp_path: Path
) -> None:
    add_ipa_term(app_db, real_form(corpus))
    run.db_path = app_db
    for fmt in ("csv", "tbx", "json"):
        out = tmp_path / f"export.{fmt}"
        result = run("export", fmt, "--terms", "-o", out)
        assert result.exit_code == 0, result.stderr
        text = out.read_text(encoding="utf-8")
        assert "po³⁵ȵi²¹" in text, fmt
        assert "bof nid" not in text and "bof" not in text, fmt
    data = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    assert data
