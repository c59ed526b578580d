"""A handout page (:class:`Page`, put together by ``io.handout``) as one self-contained
HTML file for A4 paper, or as Markdown. Every piece of text is escaped; nothing is fetched
from elsewhere (no fonts, scripts or images), and nothing depends on colour: a draft is
marked in words and with a dashed frame, so the page reads the same printed in black and
white.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One 款/项 in one dialect: its Bai (None: missing) and its status in plain words."""

    bai: str | None
    note: str
    draft: bool = False


@dataclass(frozen=True)
class Row:
    han: str
    cells: tuple[Cell, ...]
    item: bool = False  # a 项, indented under its 款


@dataclass(frozen=True)
class Table:
    """Han | Bai per dialect, one row per 款/项."""

    headings: tuple[str, ...]  # the Han heading, then one per dialect
    rows: tuple[Row, ...]
    note: str | None = None  # said above the table (no Bai at all)
    dialects: tuple[str, ...] = ()  # the codes of the Bai columns


@dataclass(frozen=True)
class Successor:
    """Where the text lives on, with how far the link is to be trusted, in plain words."""

    heading: str
    notes: tuple[str, ...]
    table: Table | None  # None: that article is not in the store


@dataclass(frozen=True)
class Comparison:
    """The Han of a repealed or older article and of the text now in force, side by side:
    what a party is told first, before the Bai of either."""

    headings: tuple[str, str]  # this article (and its status), the one now in force
    old: tuple[str, ...]  # one line per 款/项
    new: tuple[str, ...]
    note: str  # how far the match is to be trusted, in plain words


@dataclass(frozen=True)
class Page:
    language: str
    title: str
    facts: tuple[tuple[str, str], ...]  # (what, value): the law, the revision, the date…
    status_heading: str
    status: str  # the law's status in plain words
    in_force: bool
    table: Table
    successors: tuple[Successor, ...] = ()
    successors_heading: str = ""
    comparison: Comparison | None = None
    footer: str = ""
    stem: str = field(default="handout", compare=False)


HAN_FONTS = (
    '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "STSong", "SimSun", '
    '"Noto Sans CJK SC", serif'
)
TEXT_FONTS = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", "Noto Sans", "DejaVu Sans", sans-serif'
)
# Bai is Latin with tone letters: a Latin face first, the CJK faces for any Han in it.
BAI_FONTS = '"Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, ' + TEXT_FONTS

CSS = f"""
@page {{ size: A4; margin: 18mm 16mm 20mm 16mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {TEXT_FONTS}; font-size: 11pt; line-height: 1.5; color: #000;
  background: #fff; margin: 0 auto; max-width: 180mm; }}
h1 {{ font-size: 17pt; margin: 0 0 4pt 0; }}
h2 {{ font-size: 13pt; margin: 14pt 0 4pt 0; }}
dl.facts {{ display: grid; grid-template-columns: max-content 1fr; gap: 1pt 10pt;
  margin: 0 0 8pt 0; }}
dl.facts dt {{ font-weight: bold; }}
dl.facts dd {{ margin: 0; }}
.status {{ border: 1pt solid #000; padding: 4pt 8pt; margin: 6pt 0 10pt 0; }}
.status.warning {{ border-width: 2.5pt; font-weight: bold; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: 4pt 0; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
th, td {{ border: 0.75pt solid #000; padding: 4pt 6pt; vertical-align: top;
  text-align: left; overflow-wrap: anywhere; }}
th {{ font-size: 10pt; background: #eee; }}
td.han {{ font-family: {HAN_FONTS}; font-size: 12pt; }}
table.compare td.han p {{ margin: 0 0 3pt 0; }}
tr.item td.han {{ padding-left: 16pt; }}
td.bai .text {{ font-family: {BAI_FONTS}; font-size: 12pt; margin: 0; }}
td .note {{ font-size: 9pt; margin: 2pt 0 0 0; }}
td.draft {{ border-style: dashed; }}
td.draft .note {{ font-weight: bold; }}
td.missing .note {{ font-style: italic; }}
.links {{ margin: 2pt 0 4pt 0; font-style: italic; }}
.table-note {{ font-style: italic; margin: 2pt 0; }}
footer {{ margin-top: 12pt; border-top: 0.75pt solid #000; padding-top: 4pt;
  font-size: 9pt; }}
@media print {{ th {{ background: none; }} a {{ color: #000; text-decoration: none; }} }}
"""

HTML_LANG = {"zh": "zh-Hans", "en": "en"}


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def html_cell(cell: Cell) -> str:
    if cell.bai is None:
        return f'<td class="bai missing"><p class="note">{e(cell.note)}</p></td>'
    kind = "bai draft" if cell.draft else "bai"
    return (
        f'<td class="{kind}"><p class="text">{e(cell.bai)}</p>'
        f'<p class="note">{e(cell.note)}</p></td>'
    )


def html_table(table: Table, css_class: str) -> str:
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in table.headings)
    body = []
    for row in table.rows:
        cls = ' class="item"' if row.item else ""
        cells = "".join(html_cell(c) for c in row.cells)
        body.append(f'<tr{cls}><td class="han">{e(row.han)}</td>{cells}</tr>')
    note = f'<p class="table-note">{e(table.note)}</p>\n' if table.note else ""
    return (
        f'{note}<table class="{css_class}">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(body)
        + "\n</tbody>\n</table>"
    )


def html_successor(item: Successor) -> str:
    parts = [f"<h3>{e(item.heading)}</h3>"]
    if item.notes:
        parts.append(f'<p class="links">{e(" · ".join(item.notes))}</p>')
    if item.table is not None:
        parts.append(html_table(item.table, "successor"))
    return '<div class="successor">\n' + "\n".join(parts) + "\n</div>"


def html_comparison(item: Comparison | None) -> str:
    if item is None:
        return ""
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in item.headings)
    cells = "".join(
        '<td class="han">' + "".join(f"<p>{e(line)}</p>" for line in lines) + "</td>"
        for lines in (item.old, item.new)
    )
    return (
        f'<section class="compare">\n<p class="links">{e(item.note)}</p>\n'
        f'<table class="compare">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody><tr>{cells}</tr></tbody>\n</table>\n</section>\n"
    )


def render_html(page: Page) -> str:
    """The page as one HTML file: A4, black and white, no outside resources."""
    facts = "\n".join(f"<dt>{e(what)}</dt><dd>{e(value)}</dd>" for what, value in page.facts)
    warning = "" if page.in_force else " warning"
    successors = ""
    if page.successors:
        successors = (
            f'<section class="now-in-force">\n<h2>{e(page.successors_heading)}</h2>\n'
            + "\n".join(html_successor(s) for s in page.successors)
            + "\n</section>\n"
        )
    return f"""<!DOCTYPE html>
<html lang="{HTML_LANG.get(page.language, page.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(page.title)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>{e(page.title)}</h1>
<dl class="facts">
{facts}
</dl>
<p class="status{warning}"><strong>{e(page.status_heading)}</strong> {e(page.status)}</p>
</header>
{html_comparison(page.comparison)}<section class="article">
{html_table(page.table, "article")}
</section>
{successors}<footer><p>{e(page.footer)}</p></footer>
</body>
</html>
"""


# --- Markdown --------------------------------------------------------------------------------


def md(text: str) -> str:
    """Text for a Markdown table cell: escaped as HTML (a viewer may render HTML), with
    the table's own characters made harmless."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def md_cell(cell: Cell) -> str:
    if cell.bai is None:
        return f"*{md(cell.note)}*"
    note = f"**{md(cell.note)}**" if cell.draft else md(cell.note)
    return f"{md(cell.bai)}<br>({note})"


def md_table(table: Table) -> list[str]:
    lines = [f"*{md(table.note)}*", ""] if table.note else []
    lines.append("| " + " | ".join(md(h) for h in table.headings) + " |")
    lines.append("|" + "---|" * len(table.headings))
    for row in table.rows:
        han = ("　" if row.item else "") + md(row.han)
        lines.append(f"| {han} | " + " | ".join(md_cell(c) for c in row.cells) + " |")
    return lines


def md_comparison(pair: Comparison | None) -> list[str]:
    if pair is None:
        return []
    sides = " | ".join("<br>".join(md(line) for line in side) for side in (pair.old, pair.new))
    return [
        f"*{md(pair.note)}*",
        "",
        f"| {md(pair.headings[0])} | {md(pair.headings[1])} |",
        "|---|---|",
        f"| {sides} |",
        "",
    ]


def render_markdown(page: Page) -> str:
    """The same page as Markdown (to send by message or paste into a document)."""
    lines = [f"# {md(page.title)}", ""]
    lines += [f"- **{md(what)}:** {md(value)}" for what, value in page.facts]
    lines += ["", f"> **{md(page.status_heading)}** {md(page.status)}", ""]
    lines += md_comparison(page.comparison)
    lines += md_table(page.table)
    if page.successors:
        lines += ["", f"## {md(page.successors_heading)}"]
    for item in page.successors:
        lines += ["", f"### {md(item.heading)}"]
        if item.notes:
            lines += ["", f"*{md(' · '.join(item.notes))}*"]
        if item.table is not None:
            lines += ["", *md_table(item.table)]
    lines += ["", "---", "", md(page.footer), ""]
    return "\n".join(lines)
