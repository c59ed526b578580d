"""The cells of a clause-pair row checked on their own: dialect, status, Bai, article and
paragraph numbers (the checks against the store are :mod:`glossary.io.clause_import`'s)."""

from __future__ import annotations

import unicodedata

from glossary.io.file_import import FileImport
from glossary.io.tabular import Row, header_key
from glossary.io.vocabulary import (
    CLAUSE_STATUSES,
    WORKSHEET_READ_ONLY,
    YES_NO,
    lookup,
    parse_article,
    parse_dialect,
)


class ClauseCells(FileImport):
    """Checks of one cell each; a problem is added to the row's problems."""

    worksheet = False  # the header names a worksheet's read-only column (set by it)

    def check_header(self) -> bool:
        ok = super().check_header()
        self.worksheet = any(name in self.cols for name in WORKSHEET_READ_ONLY)
        return ok

    def skip_row(self, row: Row) -> bool:
        """A worksheet row whose bai cell is empty is left to translate: it changes nothing
        (a status alone is not a translation: said, and left)."""
        if not self.worksheet or self.cell(row, "bai"):
            return False
        if self.cell(row, "status"):
            self.warn(
                row,
                "status",
                "a status without Bai changes nothing",
                "to set the status of a translation, put its text in the bai column too "
                "(copy the existing or carried text to confirm it)",
            )
        return True

    def check_status(self, row: Row) -> str | None:
        text = self.cell(row, "status")
        if not text:
            return None
        status = lookup(text, CLAUSE_STATUSES)
        if status is None:
            self.problem(
                row,
                "status",
                f"unknown status {text!r}",
                "use draft, reviewed or approved (草稿, 已审核, 已审定)",
            )
        return status

    def check_alternative(self, row: Row) -> bool | None:
        """yes/no (是/否): this place's own translation, never carried to the same text
        elsewhere; empty keeps what is stored."""
        text = self.cell(row, "alternative")
        if not text:
            return None
        value = YES_NO.get(header_key(text))
        if value is None:
            self.problem(
                row,
                "alternative",
                f"{text!r} is not yes or no",
                "write yes or no (是/否), or leave it empty",
            )
        return value

    def check_bai(self, row: Row) -> None:
        """Empty Bai is refused; its spelling is a quality check (store.qa, on the plan)."""
        if not self.cell(row, "bai"):
            self.problem(row, "bai", "the Bai text is empty", "fill in the bai cell")

    def check_article(self, row: Row) -> tuple[int, int] | None:
        text = self.cell(row, "article")
        article = parse_article(text) if text else None
        if article is None:
            self.problem(
                row,
                "article",
                f"{text!r} is not an article number" if text else "the article is empty",
                "write the number, e.g. 122, 122-1 or 第一百二十二条之一",
            )
        return article

    def check_position(self, row: Row) -> int | None:
        text = self.cell(row, "paragraph")
        if not text:
            return None
        digits = unicodedata.normalize("NFKC", text).strip()
        if digits.isdigit() and 0 < int(digits) < 10_000:
            return int(digits)
        self.problem(
            row,
            "paragraph",
            f"{text!r} is not a paragraph position",
            "write the position as `glossary show` lists the 款/项 (1, 2, …), "
            "or leave it empty for the whole article",
        )
        return None

    def check_dialect(self, row: Row) -> str | None:
        text = self.cell(row, "dialect")
        if not text:
            if self.default_dialect:
                return self.default_dialect
            self.problem(
                row, "dialect", "the dialect is empty", "write bca, bfs or bfc, or give --dialect"
            )
            return None
        dialect = parse_dialect(text)
        if dialect is None:
            self.problem(
                row,
                "dialect",
                f"unknown dialect {text!r}",
                "use bca (中部/剑川), bfs (南部/大理) or bfc (北部/碧江)",
            )
        return dialect
