"""An article as text to hand over: the clipboard copy and the one-page handout (HTML and
Markdown) that a mediator prints or sends to the parties. Plain functions over the dict
``article_view`` returns, so they are tested without the app.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from glossary.lawtext.labels import paragraph_text
from glossary.lawtext.status import IN_FORCE, status_lines
from glossary.store.browse import dialect_name
from glossary.store.review_status import status_mark

MISSING_BAI = "尚无白文译文 / no Bai translation yet"


def law_label(view: dict[str, Any]) -> str:
    return f"{view['law_name']} ({view['revision']}) {view['label']}"


def bai_of(paragraph: dict[str, Any], dialect: str | None) -> str | None:
    """The Bai shown for a 款/项: its own translation, or one carried from the same Han
    elsewhere (store.memory), marked as carried and where from."""
    renderings = paragraph.get("renderings") or {}
    found = next(iter(renderings.values()), None) if dialect is None else renderings.get(dialect)
    if found is None:
        return None
    if found["origin"] == "carried":
        return f"{found['bai']} (沿用 carried: {found['source']})"
    mark = status_mark(found.get("status"))
    return f"{found['bai']} ({mark})" if mark else str(found["bai"])


def plain_text(
    view: dict[str, Any], dialect: str | None, law_names: dict[str, str] | None = None
) -> str:
    """The article for the clipboard: Han, each 款/项 followed by its Bai."""
    lines = [f"{view['title']} ({view['revision']}) {view['label']}"]
    if view["path"]:
        lines.append(" / ".join(view["path"]))
    lines += status_lines(view, law_names)
    lines.append("")
    for p in view["paragraphs"]:
        lines.append(paragraph_text(p["label"], p["han"]))
        bai = bai_of(p, dialect)
        lines.append(f"  [{dialect or 'Bai'}] {bai}" if bai else f"  [{MISSING_BAI}]")
    return "\n".join(lines) + "\n"


def handout_markdown(
    view: dict[str, Any], dialect: str | None, law_names: dict[str, str] | None = None
) -> str:
    lines = [f"# {view['title']} {view['label']}", ""]
    lines.append(
        f"{view['law_name']} · {view['revision']}"
        + (" · " + " / ".join(view["path"]) if view["path"] else "")
    )
    lines.append("")
    for line in status_lines(view, law_names):
        lines.append(f"> **{line}**")
    if view["status"] != IN_FORCE or view["superseded_by"]:
        lines.append("")
    lines += [f"| 汉文 Han | 白文 Bai ({dialect_name(dialect)}) |", "|---|---|"]
    for p in view["paragraphs"]:
        han = paragraph_text(p["label"], p["han"]).replace("|", "\\|")
        bai = bai_of(p, dialect)
        cell = bai.replace("|", "\\|") if bai else f"*{MISSING_BAI}*"
        lines.append(f"| {han} | {cell} |")
    lines.append("")
    return "\n".join(lines)


def handout_html(
    view: dict[str, Any], dialect: str | None, law_names: dict[str, str] | None = None
) -> str:
    e = html.escape
    rows = []
    for p in view["paragraphs"]:
        bai = bai_of(p, dialect)
        bai_cell = e(bai) if bai else f'<span class="missing">{e(MISSING_BAI)}</span>'
        cls = ' class="item"' if p["kind"] == "item" else ""
        han = e(paragraph_text(p["label"], p["han"]))
        rows.append(f"<tr{cls}><td>{han}</td><td>{bai_cell}</td></tr>")
    notes = "".join(f'<p class="status">{e(line)}</p>' for line in status_lines(view, law_names))
    where = " / ".join(view["path"])
    where_part = f" · {where}" if where else ""
    return f"""<!DOCTYPE html>
<html lang="zh">
<head><meta charset="utf-8"><title>{e(view["title"])} {e(view["label"])}</title>
<style>
@page {{ size: A4; margin: 18mm; }}
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 13pt; }}
h1 {{ font-size: 16pt; margin-bottom: 0; }}
.where {{ color: #444; margin-top: 2pt; }}
.status {{ border-left: 4pt solid #b00; padding-left: 6pt; font-weight: bold; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
th, td {{ border: 1px solid #999; padding: 6pt; vertical-align: top; }}
tr.item td:first-child {{ padding-left: 18pt; }}
.missing {{ color: #777; font-style: italic; }}
</style></head>
<body>
<h1>{e(view["title"])} {e(view["label"])}</h1>
<p class="where">{e(view["law_name"])} · {e(view["revision"])}{e(where_part)}</p>
{notes}
<table>
<tr><th>汉文 Han</th><th>白文 Bai ({e(dialect_name(dialect))})</th></tr>
{chr(10).join(rows)}
</table>
</body>
</html>
"""


def handout_stem(view: dict[str, Any]) -> str:
    sub = f"-{view['sub']}" if view.get("sub") else ""
    return f"{view['law']}-{view['revision']}-{view['article']}{sub}"


def write_handout(
    view: dict[str, Any], dialect: str | None, folder: Path, law_names: dict[str, str] | None = None
) -> list[Path]:
    """Write <law>-<revision>-<article>.html and .md into the folder (created if needed)."""
    folder = folder.expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    stem = handout_stem(view)
    out = []
    for suffix, text in (
        (".html", handout_html(view, dialect, law_names)),
        (".md", handout_markdown(view, dialect, law_names)),
    ):
        path = folder / f"{stem}{suffix}"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out
