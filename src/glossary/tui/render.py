"""Rich text for what the app shows: result lines, snippets, highlighted clauses, diffs.

Widths are counted in terminal cells (``rich.cells.cell_len``), never in characters: a Han
character takes two cells, so a snippet cut by ``len()`` would overflow an 80-column screen.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from glossary.i18n import _
from glossary.lawtext.status import REPEALED, SUPERSEDED, status_mark
from glossary.search.model import Hit

ELLIPSIS = "…"
MATCH_STYLE = "bold reverse"
TERM_STYLE = "underline bold"
MARK_STYLES = {REPEALED: "bold red", SUPERSEDED: "bold yellow"}


def fit(text: str, width: int) -> str:
    """The text cut to at most ``width`` cells, with … when something was cut."""
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + ELLIPSIS


def styled(text: str, spans: list[tuple[int, int]], style: str) -> Text:
    result = Text(text)
    for start, end in spans:
        result.stylize(style, start, end)
    return result


def snippet(text: str, spans: list[dict[str, Any]], width: int, field: str = "han") -> Text:
    """One line of ``text`` around its first match, at most ``width`` cells, with every
    match inside it highlighted. Lines are 款/项; the one with the first match is shown."""
    width = max(width, 8)
    matches = sorted((s["start"], s["end"]) for s in spans if s.get("field") == field)
    line_start = 0
    if matches:
        line_start = text.rfind("\n", 0, matches[0][0]) + 1
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    # Start a few characters before the first match so it is read in context.
    start = line_start
    if matches:
        lead = 0
        start = matches[0][0]
        while start > line_start and lead + cell_len(text[start - 1]) <= width // 4:
            start -= 1
            lead += cell_len(text[start])
    prefix = ELLIPSIS if start > line_start else ""
    budget = width - cell_len(prefix)
    end, used = start, 0
    while end < line_end and used + cell_len(text[end]) <= budget:
        used += cell_len(text[end])
        end += 1
    if end < line_end:  # make room for the closing …
        while end > start and used + 1 > budget:
            end -= 1
            used -= cell_len(text[end])
    result = Text(prefix)
    piece = Text(text[start:end])
    for s, e in matches:
        if e > start and s < end:
            piece.stylize(MATCH_STYLE, max(s, start) - start, min(e, end) - start)
    result.append_text(piece)
    if end < line_end:
        result.append(ELLIPSIS)
    return result


def status_badge(status: str | None) -> Text:
    """``  已废止`` / ``  旧版`` after an article's place, so the warning is seen before it is
    opened; nothing for the law in force."""
    mark = status_mark(status)
    if mark is None:
        return Text("")
    return Text.assemble("  ", (_(mark), MARK_STYLES.get(status or "", "bold")))


def with_tail(head: Text, tail: Text, width: int) -> Text:
    """``head`` cut so that ``tail`` (a mark that must stay visible) fits after it."""
    room = max(width - tail.cell_len, 8)
    head = head.copy()
    head.truncate(room, overflow="ellipsis")
    head.append_text(tail)
    head.truncate(width, overflow="ellipsis")
    return head


def through_text(hit: Hit) -> Text:
    """Which term an everyday word or synonym went through: ``（即 家庭暴力）``."""
    if not hit.through or (hit.kind == "term" and hit.through == hit.han):
        return Text("")
    return Text("  " + _("via {term}").format(term=hit.through), style="italic")


def hit_prompt(hit: Hit, width: int, compact: bool = False) -> Text:
    """A hit: where it is (law, revision, article and its status / term and pinyin), then
    the matching text with the match highlighted. A term without Bai takes one line; on a
    small screen (``compact``) every hit takes one line, its text after its place."""
    fuzzy = Text(" ≈ " + _("close match"), style="italic") if hit.match == "fuzzy" else Text("")
    if hit.kind == "term":
        return term_prompt(hit, width, fuzzy, compact)
    head = Text.assemble(
        (hit.law_name or hit.law or "", "bold"),
        f" ({hit.revision}) ",
        (hit.label or f"{hit.article}", "bold"),
    )
    head = with_tail(head, Text.assemble(status_badge(hit.status), through_text(hit), fuzzy), width)
    if compact:
        room = width - head.cell_len - 2
        if room < 12:
            return head
        return Text.assemble(head, "  ", article_body(hit, room))
    return Text("\n").join([head, Text("  ").append_text(article_body(hit, width - 2))])


def article_body(hit: Hit, width: int) -> Text:
    """The article's matching line: the Han, or the Bai when only the Bai matched."""
    han_spans = [s for s in hit.spans if s.get("field") == "han"]
    if not han_spans and hit.bai and any(s.get("field") == "bai" for s in hit.spans):
        return Text("白 ").append_text(snippet(hit.bai, hit.spans, width - 2, "bai"))
    return snippet(hit.han, hit.spans, width)


def term_prompt(hit: Hit, width: int, fuzzy: Text, compact: bool = False) -> Text:
    """A term: Han and pinyin, then its Bai on a second line (on a small screen, after
    them on the same line); without Bai, one line that says so at its end."""
    han = Text(hit.han, style="bold")
    for span in hit.spans:
        if span.get("field") == "han":
            han.stylize(MATCH_STYLE, span["start"], span["end"])
    head = Text.assemble(han, "  ", (hit.label or "", "italic"))
    tail = Text.assemble(through_text(hit), fuzzy)
    if not hit.bai:
        tail.append("  · " + _("no Bai yet"), style="dim")
        return with_tail(head, tail, width)
    head = with_tail(head, tail, width)
    bai_spans = [s for s in hit.spans if s.get("field") == "bai"]
    if compact:
        room = width - head.cell_len - 4
        if room >= 12:
            return Text.assemble(head, "  白 ", snippet(hit.bai, bai_spans, room, "bai"))
    body = Text("  白 ").append_text(snippet(hit.bai, bai_spans, width - 4, "bai"))
    return Text("\n").join([head, body])


def diff_text(ops: list[tuple[str, str]]) -> Text:
    """A character diff: removed text struck through in red, added text green."""
    out = Text()
    for op, piece in ops:
        if op == "=":
            out.append(piece)
        elif op == "-":
            out.append(piece, style="strike red")
        else:
            out.append(piece, style="bold green")
    return out


# --- wrapping Han and Bai: by cells, with the line-breaking rules of Chinese ---------------

# Never at the start of a line (closing punctuation), never at the end (opening). 避头尾.
NO_START = set("，。、；：？！）］｝」』〉》】〕”’…·・—％,.;:?!)]}%")
NO_END = set("（［｛「『〈《【〔“‘([{")


def _tokens(plain: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, cells, is_space): a Latin word, one wide character, or a space run."""
    out: list[tuple[int, int, int, bool]] = []
    i, n = 0, len(plain)
    while i < n:
        ch = plain[i]
        if ch.isspace():
            j = i
            while j < n and plain[j].isspace():
                j += 1
            out.append((i, j, j - i, True))
        elif cell_len(ch) == 2:
            j = i + 1
            out.append((i, j, 2, False))
        else:
            j = i
            while j < n and not plain[j].isspace() and cell_len(plain[j]) == 1:
                j += 1
            out.append((i, j, cell_len(plain[i:j]), False))
        i = j
    return out


def wrap_offsets(plain: str, width: int) -> list[int]:
    """Where to break ``plain`` (one paragraph, no newlines) to fit ``width`` cells: between
    Latin words, between Han characters, never putting ，。）” at the start of a line nor
    （“ at its end; a word longer than the line is cut by character."""
    width = max(width, 2)
    toks = _tokens(plain)
    breaks: list[int] = []
    i, first, used = 0, 0, 0
    while i < len(toks):
        start, end, cells, space = toks[i]
        if used == 0 and space:  # no space at the start of a line
            i += 1
            first = i
            continue
        if used + cells <= width:
            used += cells
            i += 1
            continue
        if used == 0:  # one token wider than the line: fold it by character
            toks[i : i + 1] = [(k, k + 1, cell_len(plain[k]), False) for k in range(start, end)]
            if end - start == 1:  # a single character wider than the line: let it be
                used += cells
                i += 1
            continue
        brk = i
        while brk - 1 > first and (
            plain[toks[brk][0]] in NO_START or plain[toks[brk - 1][1] - 1] in NO_END
        ):
            brk -= 1
        breaks.append(toks[brk][0])
        i, first, used = brk, brk, 0
    return breaks


class Wrapped:
    """A Rich renderable: styled text wrapped by :func:`wrap_offsets` to the width it is
    given — what Rich's own wrapping (by spaces, or anywhere) gets wrong for Chinese."""

    def __init__(self, text: Text | str, indent: int = 0) -> None:
        self.text = text if isinstance(text, Text) else Text(text)
        self.indent = indent

    def lines(self, width: int) -> list[Text]:
        out: list[Text] = []
        for para in self.text.split("\n", allow_blank=True):
            plain = para.plain
            pieces = para.divide(wrap_offsets(plain, width - self.indent)) if plain else [para]
            for piece in pieces:
                lead = len(piece.plain) - len(piece.plain.lstrip())
                line = piece[lead:] if lead else piece
                line.rstrip()
                out.append(Text(" " * self.indent) + line)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        joined = Text("\n").join(self.lines(options.max_width))
        joined.no_wrap = True
        joined.overflow = "ignore"
        yield joined

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        longest = max((cell_len(line) for line in plain.split("\n")), default=0)
        widest_token = max((t[2] for t in _tokens(plain) if not t[3]), default=1)
        return Measurement(min(widest_token, 12) + self.indent, longest + self.indent)
