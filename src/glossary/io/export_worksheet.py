"""``glossary export worksheet``: the 款/项 of a law to translate, one row each, for Excel/WPS.

A row: the key (law, revision, article, paragraph, dialect), the Han, the place's own Bai
and its status, a carried translation (the same Han translated elsewhere: shown with where
from and its status, never counted as this place's own), the best suggestion (always
labelled machine-computed, with its percentage and source), the glossary terms in the text
with their Bai forms, and the columns to fill: bai, status, translator, note.

The fill column starts empty, also where a translation exists: `glossary import` reads the
file as clause pairs, and an empty bai cell changes nothing — an untouched worksheet changes
nothing, a carried translation stays carried. To confirm a carried (or the own) text, copy
it into the bai column: it becomes the place's own translation.

The .xlsx has a frozen header, wrapped text, widths that suit Chinese (a CJK character
counts as two), a drop-down on the status column, and sheet protection (no password:
against slips, not people) with only the fill columns unlocked; a second sheet explains the
columns. The .csv has the same columns, UTF-8 with a BOM.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError
from glossary.io.output import open_export
from glossary.io.segments import (
    STATUSES,
    Segment,
    carried_note,
    segments,
    suggestion_note,
    term_cell,
)
from glossary.io.tabular import neutralise
from glossary.io.vocabulary import WORKSHEET_HEADER, article_number
from glossary.progress import Progress, tell
from glossary.store.reader import Queryable
from glossary.store.usage import article_key

#: The columns a translator fills (unlocked in the .xlsx); every other one is locked.
FILL = ("bai", "status", "translator", "note")
#: Widest a column gets (in the width unit of Excel: about one Latin character).
MAX_WIDTH = 60
SUFFIXES = (".xlsx", ".csv")

NOTES: tuple[tuple[str, str, str], ...] = (
    ("law 法律 … dialect 方言", "哪一部法律、哪个版本、哪一条、第几款/项、哪种方言；请勿修改。",
     "Which law, revision, article, 款/项 and dialect the row is; do not change."),
    ("han 汉文", "本款/项的汉文原文；导入时与数据库核对，文本不同则报错。",
     "The Han text; checked against the stored text on import (a worksheet from an older "
     "text is refused, naming the row)."),
    ("existing bai 现有白文", "本处已有的白文译文及其状态。",
     "This place's own Bai translation and its status."),
    ("carried 沿用译文", "相同汉文在别处的译文（注明出处和状态），不算本处的译文。",
     "The translation of the same Han elsewhere (where from, its status): shown here, not "
     "this place's own, and not counted as reviewed."),
    ("suggestion (machine) 机器建议", "机器按相似度计算的建议（百分比、出处），仅供参考。",
     "A machine-computed suggestion: a similar text's translation, with its percentage and "
     "source. Only a hint."),
    ("terms 术语", "本款/项中的术语及其白文形式。", "Glossary terms in the text, with their Bai "
     "forms."),
    ("bai 白文 (fill in 填写)", "在此填写白文。留空则不作任何更改。要确认沿用或现有译文，"
     "请把它复制到此列。", "Write the Bai here. An empty cell changes nothing; to confirm a "
     "carried or the existing text, copy it here."),
    ("status 状态", "draft 草稿 / reviewed 已审核 / approved 已审定；留空：新译文为草稿。",
     "draft / reviewed / approved; empty: a new translation is a draft, an existing one "
     "keeps its status."),
    ("导入 Import", "glossary import 本文件 --dry-run，然后 glossary import 本文件；"
     "glossary undo 批次号 可撤销。", "glossary import FILE --dry-run, then glossary import "
     "FILE; glossary undo BATCH takes it back."),
)  # fmt: skip


def worksheet_rows(segments_: list[Segment]) -> list[list[str]]:
    """The cells of each row, in the order of :data:`WORKSHEET_HEADER`."""
    out = []
    for s in segments_:
        cells: dict[str, Any] = {
            "law": s.law,
            "revision": s.revision,
            "article": article_number(s.number, s.sub),
            "paragraph": s.position,
            "dialect": s.dialect,
            "han": s.han,
            "existing": s.own.bai if s.own else "",
            "existing_status": s.own.status if s.own else "",
            "carried": f"{s.carried.bai}\n({carried_note(s.carried)})" if s.carried else "",
            "suggestion": f"{s.suggestion.bai}\n({suggestion_note(s.suggestion)})"
            if s.suggestion
            else "",
            "terms": term_cell(s.terms),
        }
        out.append([str(cells.get(name, "")) for name in WORKSHEET_HEADER])
    return out


def export_worksheet(
    db: Queryable,
    path: Path,
    dialect: str,
    *,
    law: str | None = None,
    revision: str | None = None,
    missing: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    demand: Mapping[str, int] | None = None,
) -> int:
    """Write the worksheet (.xlsx or .csv, by the suffix); returns the number of rows.
    ``demand`` (article key → times opened, store.usage): rows by :func:`by_demand`."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise GlossaryError(
            f"a worksheet is .xlsx or .csv, not {suffix or 'a file without a suffix'}",
            str(path),
            "name the file e.g. worksheet.xlsx (Excel, WPS) or worksheet.csv",
        )
    found = []
    for done, segment in enumerate(
        segments(db, dialect, law=law, revision=revision, missing=missing)
    ):
        tell(progress, done, None, "collecting 款/项")
        found.append(segment)
    if demand is not None:
        found = by_demand(found, demand)
    cells = worksheet_rows(found)
    if suffix == ".csv":
        with open_export(path, db, force=force, encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(WORKSHEET_HEADER.values())
            writer.writerows([neutralise(c) for c in row] for row in cells)
    else:
        book = workbook(cells)
        with open_export(path, db, force=force) as handle:
            book.save(handle.buffer)  # the binary file under the text handle
    return len(cells)


def by_demand(found: list[Segment], opened: Mapping[str, int]) -> list[Segment]:
    """The untranslated 款/项 (neither own nor carried) of the most-opened articles first,
    then the other untranslated ones, then the rest; document order within each."""

    def rank(s: Segment) -> tuple[bool, int]:
        translated = s.own is not None or s.carried is not None
        opens = opened.get(article_key(s.law, s.revision, s.number, s.sub), 0)
        return translated, 0 if translated else -opens

    return sorted(found, key=rank)  # stable: document order within a rank


# --- the workbook ------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a text takes: a CJK (wide) character counts two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def workbook(cells: list[list[str]]) -> Any:
    """The worksheet and its notes as an openpyxl workbook."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "工作表 Worksheet"
    sheet.append(list(WORKSHEET_HEADER.values()))
    for row in cells:
        sheet.append([neutralise(c) for c in row])
    style(sheet, len(cells))
    notes = book.create_sheet("说明 Notes")
    notes.append(["列 Column", "说明", "Notes"])
    for line in NOTES:
        notes.append(list(line))
    for letter, width in zip("ABC", (28, 50, 70), strict=True):
        notes.column_dimensions[letter].width = width
    from openpyxl.styles import Alignment

    wrap = Alignment(wrap_text=True, vertical="top")
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = wrap
    return book


def style(sheet: Any, count: int) -> None:
    """Frozen header, wrapped text, CJK widths, the status drop-down, the locks."""
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    names = list(WORKSHEET_HEADER)
    sheet.freeze_panes = "A2"
    wrap = Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)
    for index, name in enumerate(names, start=1):
        letter = get_column_letter(index)
        column = sheet[letter]
        widest = max(
            (display_width(line) for c in column for line in str(c.value or "").splitlines()),
            default=8,
        )
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, max(10, widest + 2))
        for cell in column:
            cell.alignment = wrap
            if name in FILL and cell.row > 1:
                cell.protection = unlocked
        column[0].font = Font(bold=True)
    last = max(count + 1, 2)
    status = get_column_letter(names.index("status") + 1)
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="status 状态",
        error="draft, reviewed or approved",
    )
    choice.add(f"{status}2:{status}{last}")
    sheet.add_data_validation(choice)
    sheet.protection.sheet = True  # no password: a guard against slips
    sheet.protection.formatColumns = False  # widths and wrapping stay the user's
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False
    sheet.protection.sort = False
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{last}"


__all__ = ["by_demand", "export_worksheet", "worksheet_rows"]
