"""Parse an official PRC law text into headings, articles (条), paragraphs (款) and items (项).

The parser works on the *layouts* official texts come in, not on particular files:
LawRefBook markdown, risshun markdown (bold ``**第X条**``, a link-list TOC), flk.npc.gov.cn
(YAML front matter, U+3000 indents, plain ``第一章　总则`` headings, a TOC repeating the
headings) and plain text (.txt, or .docx paragraphs). Each line is normalised first, then
classified; the state machine below only ever sees clean lines.

Any string either parses or raises GlossaryError: nothing else may escape, because the text
comes from the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from glossary.errors import GlossaryError, location
from glossary.lawtext.model import LEVELS, Article, Decision, Heading, Paragraph, ParsedLaw
from glossary.lawtext.numerals import cn_to_int

_NUM = "[零〇一二两三四五六七八九十百千万]+"

# Characters that carry no text: zero-width space, byte-order mark, word joiner.
_INVISIBLE = str.maketrans("", "", "\u200b\ufeff\u2060")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
_LINK_ITEM_RE = re.compile(r"^[-*+]\s+\[[^\]]*\]\([^)]*\)\s*$")
_RULE_RE = re.compile(r"^([-*_])(?:\s*\1){2,}$")  # a markdown thematic break: ---
_QUOTE_RE = re.compile(r"^(?:>\s?)+")
_MD_HEADING_RE = re.compile(r"^(#{1,6})(?!#)\s*(.*?)(?:\s+#+)?$")
_LIST_MARK_RE = re.compile(r"^[-+*](?:\s+|$)")
_BOLD_ARTICLE_RE = re.compile(rf"^\*\*\s*(第{_NUM}条(?:之{_NUM})?)\s*\*\*")
_ARTICLE_RE = re.compile(rf"^第({_NUM})条(?:之({_NUM}))?(\s*)(.*)$", re.S)
# 第 一 章, 第 一 百 条: a marker written with spaced characters, closed up before matching.
_SPACED_MARKER_RE = re.compile(
    r"^第\s*(?:[零〇一二两三四五六七八九十百千万]\s*)+(?:分\s*编|编|章|节|条)"
)
# 第一章　总则, 第一章总则 (pasted with no space), or a Markdown heading's text
_HEADING_RE = re.compile(rf"^第({_NUM})(分编|编|章|节)\s*(.*)$", re.S)
_ITEM_RE = re.compile(rf"^[（(]\s*({_NUM})\s*[）)]\s*(.*)$", re.S)

# Han, CJK punctuation, kana, full-width forms and the quotes/dashes Chinese text uses.
_CJK = (
    "\u2014\u2018-\u201f\u2026\u00b7\u2e80-\u2fff\u3000-\u30ff\u3100-\u312f\u3190-\u31ff"
    "\u3200-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe6f\uff00-\uffef"
    "\U00020000-\U0003134f"
)
_SPACES_RE = re.compile(r"\s+")
_ARTEFACT_SPACE_RE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}0-9])|(?<=[0-9]) (?=[{_CJK}])")
_TERMINALS = "。；;：:！？!?…"  # a paragraph ending in one of these (and closing quotes) is done
_CLOSING = "”’」』）)\"'"
# The corpus's longest line (a 款 of 民事诉讼法) has under 200 characters and its longest
# law 36 000; a line or 款 past this is no law text (a file saved without line breaks?).
MAX_LINE = 10_000
_HEADING_TITLE_MAX = 40
_NOT_TITLE_END = "。；;，,、：:"

_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ACTION_RE = re.compile(r"通过|修正(?!案)|修订|施行")
_IN_FORCE_RE = re.compile(
    r"本(?:法|编|条例|规定)自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*起施行"
)
_FRONT_MATTER_KEY_RE = re.compile(r"^([A-Za-z_][\w.-]*)\s*:\s*(.*)$")


def parse_law(text: str, source: str = "<text>") -> ParsedLaw:
    """Parse a whole law text; ``source`` names it in error messages (a path, usually)."""
    _reject_binary(text, source)
    lines = _NEWLINE_RE.split(_blank_comments(text))
    metadata, start = _front_matter(lines)
    parser = _Parser(source=source, has_front_matter=bool(metadata) or start > 0)
    for index in range(start, len(lines)):
        _check_length(len(lines[index]), source, index + 1, "line")
        parser.feed(_classify(lines[index], index + 1))
    return parser.finish(metadata)


def _check_length(length: int, source: str, line: int, what: str) -> None:
    """Refuse a line (or a 款 hard-wrapped over many lines) longer than any law has."""
    if length > MAX_LINE:
        raise GlossaryError(
            f"this {what} has {length} characters; no article of a law is longer than {MAX_LINE}",
            where=location(source, line),
            fix="Check that this is a law text with each 款 on its own line.",
        )


def ends_sentence(text: str) -> bool:
    """Ends with 。；：！？… (closing quotes or brackets after it allowed)."""
    stripped = text.rstrip(_CLOSING)
    return bool(stripped) and stripped[-1] in _TERMINALS


# --- normalising and classifying lines -------------------------------------------------


def tidy(text: str) -> str:
    """Collapse whitespace; drop the spaces that are layout artefacts around Han and digits.

    ``2012 年 8 月`` (pangu spacing) and ``总 则`` (spaced headings) become ``2012年8月`` and
    ``总则``; spaces between Latin words and numbers are kept, single.
    """
    text = _visible(text)
    if _SPACES_RE.search(text) is None:
        return text  # most lines: nothing to collapse
    text = _SPACES_RE.sub(" ", text).strip()
    return _ARTEFACT_SPACE_RE.sub("", text)


def _visible(text: str) -> str:
    """The text without zero-width characters (rare: scanned for before translating)."""
    if "\u200b" in text or "\ufeff" in text or "\u2060" in text:
        return text.translate(_INVISIBLE)
    return text


@dataclass(frozen=True)
class _Line:
    """One source line, markup removed and classified; a line may be several candidates."""

    number: int
    text: str = ""  # the whole line as body text (markup removed, tidied)
    md_level: int = 0  # 1..6 when written as a markdown heading
    bold: bool = False  # written **第X条**
    link_item: bool = False
    heading: Heading | None = None
    article: tuple[int, int, str] | None = None  # number, sub-number, rest of the line
    item: tuple[str, str] | None = None  # label in full-width form, rest of the line
    tight: bool = False  # 第X条 written with no space before its text: 第一条为维护……


def _classify(raw: str, number: int) -> _Line:
    """Normalise one line and say what it could be: heading, article, item or text."""
    line = _visible(raw).strip()
    if not line:
        return _Line(number)  # a blank line (half of most files) is nothing else
    if _LINK_ITEM_RE.match(line):
        return _Line(number, link_item=True)
    if _RULE_RE.match(line):
        return _Line(number)
    line = _QUOTE_RE.sub("", line).strip()
    md_level = 0
    if heading_match := _MD_HEADING_RE.match(line):
        md_level = len(heading_match.group(1))
        line = heading_match.group(2)
    else:
        line = _LIST_MARK_RE.sub("", line, count=1)
    bold = False
    if bold_match := _BOLD_ARTICLE_RE.match(line):
        bold = True
        line = bold_match.group(1) + " " + line[bold_match.end() :]
    line = _close_marker(line.replace("**", "").strip())
    article = _article(line)
    return _Line(
        number,
        text=tidy(line),
        md_level=md_level,
        bold=bold,
        heading=_heading(line, number),
        article=article[:3] if article else None,
        item=None if md_level else _item(line),
        tight=bool(article and article[3]),
    )


def _close_marker(line: str) -> str:
    """``第 一 章``, ``第 十 条`` → ``第一章``, ``第十条``: spaced characters closed up."""
    match = _SPACED_MARKER_RE.match(line)
    if not match:
        return line
    return _SPACES_RE.sub("", match.group()) + line[match.end() :]


def _heading(line: str, number: int) -> Heading | None:
    """A division heading 第X编/分编/章/节 at the start of the line, title tidied."""
    match = _HEADING_RE.match(line)
    if not match:
        return None
    value = _number(match.group(1))
    title = tidy(match.group(3) or "")
    if value is None or len(title) > _HEADING_TITLE_MAX:
        return None
    if title and title[-1] in _NOT_TITLE_END:
        return None  # a sentence that starts by citing a chapter, not a heading
    return Heading(level=match.group(2), number=value, title=title, line=number)


def _article(line: str) -> tuple[int, int, str, bool] | None:
    """第X条 or 第X条之Y, then the text; the last value says it follows with no separator."""
    match = _ARTICLE_RE.match(line)
    if not match:
        return None
    value = _number(match.group(1))
    sub = _number(match.group(2)) if match.group(2) else 0
    if not value or sub is None:
        return None
    rest = match.group(4)
    return value, sub, tidy(rest), bool(rest) and not match.group(3)


def _item(line: str) -> tuple[str, str] | None:
    """An item label （一） (or half-width (一)) at the start of the line."""
    match = _ITEM_RE.match(line)
    if not match or not _number(match.group(1)):
        return None
    return f"（{match.group(1)}）", tidy(match.group(2))


def _number(text: str) -> int | None:
    """The numeral's value, or None when it is malformed (then the line is just text)."""
    try:
        return cn_to_int(text)
    except ValueError:
        return None


# --- whole-text steps ------------------------------------------------------------------


_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters but \t \n \v \f \r


def _reject_binary(text: str, source: str) -> None:
    """Refuse text with NUL bytes or many control characters: a binary file read as text."""
    controls = len(_CONTROL_RE.findall(text))
    if "\x00" in text or controls > max(8, len(text) // 100):
        raise GlossaryError(
            "this looks like a binary file, not a law text",
            where=source,
            fix="Give the law as a .txt, .md or .docx file.",
        )


def _blank_comments(text: str) -> str:
    """Remove HTML comments, keeping their line breaks so that line numbers stay right."""
    return _COMMENT_RE.sub(lambda m: "\n" * m.group().count("\n"), text)


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Simple ``key: "value"`` lines between ``---`` lines at the top, and where the body starts.

    No YAML library: the front matter of these files is flat, and startup must stay fast.
    """
    if not lines or _visible(lines[0]).strip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        return {}, 0
    metadata: dict[str, str] = {}
    for line in lines[1:end]:
        if match := _FRONT_MATTER_KEY_RE.match(line.strip()):
            metadata[match.group(1)] = _unquote(match.group(2).strip())
    return metadata, end + 1


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _make_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def decisions_in(preamble: str) -> list[Decision]:
    """Each dated clause of a preamble with its action: 通过, 修正, 修订 or 施行.

    The action is the first action word between a date and the next one, which reads
    ``1991年4月9日…通过　根据2007年10月28日…修正　自2008年1月1日起施行`` correctly.
    """
    dates = list(_DATE_RE.finditer(preamble))
    found: list[Decision] = []
    for index, match in enumerate(dates):
        day = _make_date(*match.groups())
        end = dates[index + 1].start() if index + 1 < len(dates) else len(preamble)
        action = _ACTION_RE.search(preamble, match.end(), end)
        if day is None or action is None:
            continue
        clause = tidy(preamble[match.start() : action.end()])
        found.append(Decision(on=day, action=action.group(), text=clause))
    return found


def _guess_title(
    md_title: str | None, metadata: dict[str, str], plain: list[_Line]
) -> tuple[str, _Line | None]:
    """Title: first markdown heading, else front matter, else the first dateless line."""
    if md_title:
        return md_title, None
    if metadata.get("title"):
        return metadata["title"], None
    for line in plain:  # a bracketed line (（2023年修正）) is a note, never the title
        if not _DATE_RE.search(line.text) and not line.text.startswith(("（", "(")):
            return line.text, line
    return "", None


def _drop_toc(pending: list[Heading]) -> list[Heading]:
    """Headings before the first article, without those of a table of contents.

    A TOC lists the headings that follow, so the real text starts where the first listed
    heading appears a second time (same title; failing that, same number).
    """
    if not pending:
        return pending
    first = pending[0]
    for same in (
        lambda h: (h.level, h.number, h.title) == (first.level, first.number, first.title),
        lambda h: (h.level, h.number) == (first.level, first.number),
    ):
        for index in range(1, len(pending)):
            if same(pending[index]):
                return pending[index:]
    return pending


def _separator(before: str, after: str) -> str:
    """What joins a hard-wrapped line to its paragraph: a space only between Latin words."""
    latin = before[-1:].isascii() and after[:1].isascii()
    return " " if latin and before[-1:].isalnum() and after[:1].isalnum() else ""


# --- the state machine ------------------------------------------------------------------


class _Wrapped:
    """The last paragraph, whose text may go on over hard-wrapped lines: its pieces are
    kept in a list and joined once, when the next paragraph starts, and whether it ends a
    sentence is kept up to date piece by piece — so n lines cost O(n) (adding each to a
    growing string and searching all of it for its end was quadratic)."""

    def __init__(self) -> None:
        self.paragraph: Paragraph | None = None
        self.pieces: list[str] = []
        self.length = 0
        self.last = ""  # the text's last character
        self.done = False  # the text ends a sentence

    def start(self, paragraph: Paragraph) -> Paragraph:
        self.close()
        self.paragraph, self.pieces = paragraph, [paragraph.han]
        self.length, self.last, self.done = len(paragraph.han), paragraph.han[-1:], False
        self._note(paragraph.han)
        return paragraph

    def ended(self) -> bool:
        return self.done

    def add(self, text: str) -> None:
        piece = _separator(self.last, text) + text
        self.pieces.append(piece)
        self.length += len(piece)
        self.last = piece[-1:] or self.last
        self._note(piece)

    def _note(self, piece: str) -> None:
        if piece.rstrip(_CLOSING):  # only closing quotes: the end is where it was
            self.done = ends_sentence(piece)

    def close(self) -> None:
        if self.paragraph is not None and len(self.pieces) > 1:
            self.paragraph.han = "".join(self.pieces)
        self.paragraph, self.pieces, self.length = None, [], 0


@dataclass
class _Parser:
    """Feeds classified lines through two phases: front (title, preamble, TOC), then body."""

    source: str
    has_front_matter: bool
    md_title: str | None = None
    part: str | None = None
    front_plain: list[_Line] = field(default_factory=list)
    structure_seen: bool = False  # a heading or 目录 ends the preamble
    pending: list[Heading] = field(default_factory=list)
    in_body: bool = False
    open_headings: dict[str, tuple[Heading, int]] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    current: Article | None = None
    markdown: bool = False
    bold: bool = False
    tight: bool = False  # the last article was written 第X条为…… (no space)
    wrapped: _Wrapped = field(default_factory=lambda: _Wrapped())

    def feed(self, line: _Line) -> None:
        if line.link_item:
            self.markdown = True
            return
        if not line.text and not line.md_level:
            return
        self.markdown = self.markdown or line.md_level > 0
        if self.in_body:
            self._body_line(line)
        else:
            self._front_line(line)

    # front: title, part, preamble and table of contents -----------------------------

    def _front_line(self, line: _Line) -> None:
        if line.article and not line.heading:
            self.in_body = True
            for heading in _drop_toc(self.pending):
                self._open(heading)
            self._start_article(line.article, line)
        elif line.heading:
            self.pending.append(line.heading)
            self.structure_seen = True
        elif _SPACES_RE.sub("", line.text) == "目录":
            self.structure_seen = True
        elif line.md_level:
            self._markdown_title(line)
        elif not self.structure_seen or decisions_in(line.text):
            self.front_plain.append(line)  # a preamble may follow a pasted TOC

    def _markdown_title(self, line: _Line) -> None:
        """The first markdown heading is the title; a second 《…编》 one names a part."""
        if self.structure_seen or not line.text:
            return
        if self.md_title is None:
            self.md_title = line.text
        elif line.md_level == 1 and self.part is None and line.text.endswith("编"):
            self.part = _SPACES_RE.sub("", line.text)

    # body: headings, articles, paragraphs ------------------------------------------

    def _body_line(self, line: _Line) -> None:
        if line.article and self._is_next_article(line.article, line):
            self._start_article(line.article, line)
        elif line.heading:
            self._open(line.heading)
            self.current = None
        elif line.md_level:
            self.current = None  # some other markdown heading (附件…): not article text
        elif self.current is None:
            return
        elif line.item:
            label, rest = line.item
            item = self.wrapped.start(Paragraph("item", rest, label, line.number))
            self.current.paragraphs.append(item)
        else:
            self._add_text(line)

    def _is_next_article(self, article: tuple[int, int, str], line: _Line) -> bool:
        """A candidate must number above the last article; inside an unfinished sentence it
        must even be the very next number, or it is a hard-wrapped citation."""
        number, sub, _ = article
        last = self.articles[-1]
        if (number, sub) <= (last.number, last.sub):
            return False
        next_one = (number, sub) in ((last.number + 1, 0), (last.number, last.sub + 1))
        if line.tight:  # 第五条规定的…… at a line's start is a citation, unless the text
            return self.tight and next_one  # writes its articles so and this is the next
        if self.current is None or not self.current.paragraphs:
            return True
        if self.wrapped.ended() or line.bold:
            return True
        return next_one

    def _start_article(self, article: tuple[int, int, str], line: _Line) -> None:
        number, sub, rest = article
        self.bold = self.bold or line.bold
        self.tight = line.tight
        path = tuple(
            self.open_headings[level][0] for level in LEVELS if level in self.open_headings
        )
        first = self.wrapped.start(Paragraph("paragraph", rest, None, line.number))
        self.current = Article(number, [first], path, sub, line.number)
        self.articles.append(self.current)

    def _add_text(self, line: _Line) -> None:
        """A new 款, or the rest of a paragraph hard-wrapped before its final punctuation."""
        if self.current is None:
            return
        if self.current.paragraphs and not self.wrapped.ended():
            self.wrapped.add(line.text)
            _check_length(self.wrapped.length, self.source, line.number, "款")
        else:
            paragraph = self.wrapped.start(Paragraph("paragraph", line.text, None, line.number))
            self.current.paragraphs.append(paragraph)

    def _open(self, heading: Heading) -> None:
        """Open a heading, closing those at its level and below; skip mere repetitions."""
        level = LEVELS.index(heading.level)
        already = self.open_headings.get(heading.level)
        if already is not None:
            open_heading, articles_then = already
            same_number = open_heading.number == heading.number
            if same_number and (
                open_heading.title == heading.title or articles_then == len(self.articles)
            ):
                return
        for deeper in LEVELS[level:]:
            self.open_headings.pop(deeper, None)
        self.open_headings[heading.level] = (heading, len(self.articles))
        self.headings.append(heading)

    # result ---------------------------------------------------------------------------

    def finish(self, metadata: dict[str, str]) -> ParsedLaw:
        self.wrapped.close()
        if not self.articles:
            raise GlossaryError(
                "no articles found: this does not look like a law text",
                where=self.source,
                fix="Each article must start its own line with 第X条, "
                "e.g. '第一条 为了……，制定本法。'",
            )
        for article in self.articles:
            _drop_empty_paragraphs(article)
        title, title_line = _guess_title(self.md_title, metadata, self.front_plain)
        title = _SPACES_RE.sub("", tidy(title))
        preamble = "\n".join(
            line.text
            for line in self.front_plain
            if line is not title_line and _SPACES_RE.sub("", line.text) != title
        )
        decisions = _all_decisions(preamble, metadata, self.articles)
        return ParsedLaw(
            title=title,
            articles=self.articles,
            headings=self.headings,
            decisions=decisions,
            part=self.part,
            metadata=metadata,
            layout=self._layout(),
        )

    def _layout(self) -> str:
        if self.has_front_matter:
            return "flk"
        if self.bold:
            return "risshun"
        if self.markdown:
            return "lawrefbook"
        return "plain"


def _drop_empty_paragraphs(article: Article) -> None:
    """An article whose text starts on the next line has an empty first paragraph: drop it."""
    kept = [p for p in article.paragraphs if p.han or p.label]
    article.paragraphs[:] = kept or article.paragraphs[:1]


def _all_decisions(
    preamble: str, metadata: dict[str, str], articles: list[Article]
) -> list[Decision]:
    """Preamble decisions, then the in-force date from front matter or the final articles."""
    decisions = decisions_in(preamble)
    effective = _ISO_DATE_RE.search(metadata.get("effective_date", ""))
    if effective and (day := _make_date(*effective.groups())):
        in_force = Decision(day, "施行", f"effective_date: {metadata['effective_date']}")
        if all((d.on, d.action) != (day, "施行") for d in decisions):
            decisions.append(in_force)
    actions = {d.action for d in decisions}
    # Never amended, so the in-force date of the final articles still holds.
    if actions == {"通过"} and (found := _in_force_from_articles(articles)):
        decisions.append(found)
    return decisions


def _in_force_from_articles(articles: list[Article]) -> Decision | None:
    """``本法自YYYY年M月D日起施行`` in the last article that says so."""
    for article in reversed(articles):
        for paragraph in article.paragraphs:
            match = _IN_FORCE_RE.search(paragraph.han)
            if match and (day := _make_date(*match.groups())):
                return Decision(day, "施行", tidy(match.group()))
    return None
