"""What the law-text parser produces: a law as structure, articles, paragraphs (款) and items (项).

Plain dataclasses with no database in sight, so the parser can be tested and fuzzed alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from glossary.lawtext.labels import article_label, article_text

# Levels of structure, outermost first. 分编 sits between 编 and 章 in the 民法典.
LEVELS: tuple[str, ...] = ("编", "分编", "章", "节")


@dataclass(frozen=True)
class Heading:
    """One division heading such as 第二章 管辖: level (编/分编/章/节), number, title."""

    level: str
    number: int
    title: str
    line: int  # 1-based line in the source, for messages

    @property
    def label(self) -> str:
        from glossary.lawtext.numerals import int_to_cn

        return f"第{int_to_cn(self.number)}{self.level}"


@dataclass
class Paragraph:
    """A 款 (kind "paragraph") or a 项 (kind "item", label such as （一）).

    ``han`` is the text without the article label (第X条) and without the item label.
    """

    kind: str  # "paragraph" | "item"
    han: str
    label: str | None = None
    line: int = 0


@dataclass
class Article:
    """An article: number (and 之X sub-number for inserted articles), the headings above it."""

    number: int
    paragraphs: list[Paragraph]
    path: tuple[Heading, ...] = ()
    sub: int = 0  # 第X条之一 → sub = 1
    line: int = 0

    @property
    def label(self) -> str:
        return article_label(self.number, self.sub)

    @property
    def han(self) -> str:
        """The article's text, one line per 款/项, labels of items included."""
        return article_text((p.label, p.han) for p in self.paragraphs)


@dataclass(frozen=True)
class Decision:
    """A preamble date: adopted (通过), amended (修正), revised (修订) or in force (施行)."""

    on: date
    action: str  # "通过" | "修正" | "修订" | "施行"
    text: str


@dataclass
class ParsedLaw:
    """A whole parsed file."""

    title: str  # e.g. 中华人民共和国民事诉讼法
    articles: list[Article]
    headings: list[Heading] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    part: str | None = None  # a partial text, e.g. 婚姻家庭编 of 民法典
    metadata: dict[str, str] = field(default_factory=dict)  # YAML front matter, if any
    layout: str = ""  # "lawrefbook" | "risshun" | "flk" | "plain" | "docx"

    @property
    def decided_on(self) -> date | None:
        """Date of the latest adopting or amending decision: what names the revision."""
        dates = [d.on for d in self.decisions if d.action in ("通过", "修正", "修订")]
        return max(dates) if dates else None

    @property
    def in_force_on(self) -> date | None:
        """Date the revision took effect, only where the text says so."""
        dates = [d.on for d in self.decisions if d.action == "施行"]
        return max(dates) if dates else None
