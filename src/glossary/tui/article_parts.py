"""The pieces of the article view as Rich text: the head, the status banner, the Han | Bai
rows, the terms and the other revisions. Plain functions of :class:`ArticleData` and the
dialect shown, so the screen only places them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text
from textual.widgets.option_list import Option

from glossary.i18n import _
from glossary.lawtext.labels import paragraph_text
from glossary.lawtext.status import (
    IN_FORCE,
    REPEALED,
    SUPERSEDED,
    plain_link_notes,
    status_explanation,
    status_label,
    status_title,
    successor_name,
)
from glossary.store.browse import TermMatch, dialect_name, text_diff
from glossary.store.paragraph_pairs import Para, ParagraphPair
from glossary.store.review_status import status_mark
from glossary.tui.article_data import ArticleData
from glossary.tui.audio import MARK
from glossary.tui.export import MISSING_BAI
from glossary.tui.render import TERM_STYLE, Wrapped, diff_text
from glossary.tui.term import respelling_note

STATUS_STYLES = {IN_FORCE: "bold green", SUPERSEDED: "bold yellow", REPEALED: "bold red"}


def two_columns(left: Any, right: Any) -> Table:
    """One row of the Han | Bai grid: equal halves, the divider as tall as the taller
    side, so a paragraph and its translation always start on the same line."""
    table = Table(
        box=box.MINIMAL,
        show_header=False,
        show_edge=False,
        expand=True,
        padding=(0, 1),
        pad_edge=False,
    )
    table.add_column(ratio=1)
    table.add_column(ratio=1)
    table.add_row(left, right)
    return table


def form_line(form: Mapping[str, Any]) -> str:
    where = " ".join(x for x in (form["dialect"], form["variety"]) if x)
    script = _("IPA") if form["script"] == "ipa" else _("Latin")
    note = respelling_note(form["form"], form["script"])
    return f"{form['form']}  [{where + ' ' if where else ''}{script}]" + (
        f"  {note}" if note else ""
    )


def head_text(view: Mapping[str, Any], bookmarked: bool) -> Text:
    status = view["status"]
    head = Text.assemble(
        ("★ " if bookmarked else "", "bold yellow"),
        (view["law_name"], "bold"),
        f" ({view['revision']}) ",
        (view["label"], "bold"),
        "  ",
        (status_label(status), STATUS_STYLES.get(status, "bold")),
    )
    where = " / ".join(view["path"]) if view["path"] else _("(no 编/章/节)")
    return Text("\n").join([head, Text(f"{where} · {view['title']}", style="dim")])


def banner_text(view: Mapping[str, Any], law_names: Mapping[str, str]) -> Text | None:
    """Repealed or not the newest: said first, with where the text lives on now."""
    title = status_title(view)
    if title is None:
        return None
    out = Text()
    out.append(title, style="bold")
    out.append(status_explanation(view))
    if view["status"] == REPEALED or view["superseded_by"]:
        out.append(" " + _("Now:"))
    for i, entry in enumerate(view["superseded_by"]):
        out.append("\n → ")
        out.append(successor_name(entry, law_names), style="bold")
        notes = link_notes(entry)
        if notes:
            out.append(" · " + " · ".join(notes), style="italic")
        if i == 0 and entry.get("article"):
            out.append("  " + _("[s] go there"), style="bold reverse")
    return out


def link_notes(entry: Mapping[str, Any]) -> list[str]:
    """How far to trust a link between articles, in plain words, whichever way it points
    (a repealed article's successor, or the article a successor replaces)."""
    return plain_link_notes(entry, _)


def replaces_text(view: Mapping[str, Any], law_names: Mapping[str, str]) -> Text | None:
    """For an article in force: the repealed law's article(s) it replaced, with the same
    honesty as the forward link, and the key that opens the first."""
    entries = view.get("replaces") or []
    if not entries:
        return None
    out = Text()
    for i, entry in enumerate(entries):
        if i:
            out.append("\n")
        out.append(_("Replaces {article}").format(article=successor_name(entry, law_names)))
        notes = link_notes(entry)
        if notes:
            out.append(" · " + " · ".join(notes), style="italic")
        if i == 0:
            out.append("  " + _("[o] open it"), style="bold reverse")
    return out


def bai_head(dialects: list[str], dialect: str | None) -> Text:
    if not dialects:
        return Text(_("Bai"), style="bold")
    return Text.assemble((_("Bai"), "bold"), f" · {dialect_name(dialect)}")


def head_row(data: ArticleData, dialect: str | None) -> Table:
    return two_columns(Text(_("Han"), style="bold"), bai_head(data.dialects, dialect))


def han_cell(terms: list[TermMatch], paragraph: Mapping[str, Any], offset: int) -> Text:
    """The Han of a 款/项 with the glossary terms in it underlined."""
    text = Text(paragraph_text(paragraph["label"], paragraph["han"]))
    end = offset + len(text.plain)
    for term in terms:
        for start, stop in term.spans:
            if offset <= start and stop <= end:
                text.stylize(TERM_STYLE, start - offset, stop - offset)
    return text


def bai_cell(paragraph: Mapping[str, Any], dialect: str | None, suggestions: int = 1) -> Text:
    """The Bai of a 款/项: its own translation, or one carried from the same text elsewhere
    (marked, with where from); when there is none, up to ``suggestions`` machine-computed
    suggestions under the "no translation" line — never in its place."""
    shown = paragraph.get("renderings") or {
        d: {"bai": text, "origin": "own"} for d, text in (paragraph["bai"] or {}).items()
    }
    if dialect and dialect in shown:
        return rendering_text(paragraph, shown[dialect])
    out = Text(_(MISSING_BAI), style="dim italic")
    others = sorted(d for d in shown if d != dialect)
    if others:
        said = _("(in {dialects}: press d)").format(dialects=", ".join(others))
        out.append(" " + said, style="dim")
    hints = [h for h in paragraph.get("suggestions", []) if dialect in (None, h["dialect"])]
    for hint in hints[:suggestions]:
        out.append("\n")
        out.append_text(suggestion_text(hint, with_dialect=dialect is None))
    return out


def rendering_text(paragraph: Mapping[str, Any], item: Mapping[str, Any]) -> Text:
    out = Text(paragraph_text(paragraph["label"], item["bai"]))
    if item["origin"] == "carried":
        out.append("\n" + _("carried: {source}").format(source=item["source"]), style="dim italic")
        return out
    mark = status_mark(item.get("status"), short=True)
    if mark:
        out.append(f"\n{mark}", style="dim italic")
    if item.get("alternative"):
        out.append("\n" + _("alternative: this place only"), style="dim italic")
    return out


def suggestion_text(hint: Mapping[str, Any], *, with_dialect: bool = False) -> Text:
    """``建议 suggestion 92% · where · machine-computed``, the Bai, and the source's Han
    around what differs (removed struck through, added in green)."""
    from glossary.store.suggest import diff_excerpt

    where = hint["source"]
    if hint.get("predecessor"):
        where = _("from its predecessor {article}").format(article=hint["predecessor"])
    where = f"{where} [{hint['dialect']}]" if with_dialect else where
    said = _("suggestion {score}% · {where} · machine-computed")
    out = Text(said.format(score=hint["score"], where=where), style="dim")
    out.append("\n  ")
    out.append(hint["bai"], style="italic")
    excerpt = diff_excerpt([(op, text) for op, text in hint["diff"]])
    marks = {"equal": "=", "delete": "-", "insert": "+"}
    out.append("\n  ")
    out.append_text(diff_text([(marks[op], text) for op, text in excerpt]))
    return out


def clause_row(
    data: ArticleData,
    paragraph: Mapping[str, Any],
    offset: int,
    dialect: str | None,
    suggestions: int = 1,
) -> Table:
    indent = 2 if paragraph["kind"] == "item" else 0
    bai = bai_cell(paragraph, dialect, suggestions)
    if dialect is not None and (paragraph["id"], dialect) in data.recorded:
        bai = Text.assemble((MARK + " ", "bold"), bai)
    return two_columns(
        Wrapped(han_cell(data.terms, paragraph, offset), indent),
        Wrapped(bai),
    )


def whole_bai(data: ArticleData, dialect: str | None) -> Text:
    """The whole article's Bai in ``dialect`` (▶ when it has a recording), if there is one."""
    bai = (data.view or {}).get("bai") or {}
    if not bai:
        return Text("")
    if dialect in bai:
        mark = MARK + " " if (None, dialect) in data.recorded else ""
        return Text.assemble((mark + _("Whole article in Bai:") + " ", "bold"), bai[dialect])
    said = _("Whole-article Bai exists in {dialects}").format(dialects=", ".join(sorted(bai)))
    return Text(said, style="dim")


def row_terms(
    terms: list[TermMatch], paragraph: Mapping[str, Any], offset: int, dialect: str | None
) -> Text | None:
    """On a narrow screen the terms of each row are listed under it, with Bai forms."""
    end = offset + len(paragraph_text(paragraph["label"], paragraph["han"]))
    found = [t for t in terms if any(offset <= s < end for s, _ in t.spans)]
    if not found:
        return None
    out = Text("  ", style="dim")
    for i, term in enumerate(found):
        if i:
            out.append(" · ", style="dim")
        out.append(term.han, style="underline")
        forms = [f for f in term.forms if f["dialect"] in (None, dialect)]
        shown = forms[0]["form"] if forms else (term.forms[0]["form"] if term.forms else None)
        out.append(f" → {shown}" if shown else " → " + _("(no Bai form yet)"), style="dim")
    return out


def term_options(terms: list[TermMatch]) -> list[Option]:
    options = [Option(Text(_("Terms here"), style="bold"), disabled=True)]
    if not terms:
        options.append(
            Option(Text(_("No glossary terms found in this article."), style="dim"), disabled=True)
        )
    for term in terms:
        lines = [Text.assemble((term.han, "bold underline"), f"  {term.pinyin or ''}")]
        if not term.forms:
            lines.append(Text("  " + _("no Bai form yet"), style="dim"))
        for form in term.forms[:6]:
            lines.append(Text("  " + form_line(form)))
        options.append(Option(Text("\n").join(lines), id=f"term:{term.id}"))
    return options


def revisions_text(data: ArticleData, law_names: Mapping[str, str] | None = None) -> Text:
    """The article in every revision of its law the concordance links (splits and merges
    too), how far to trust each link, and what changed between the imported ones."""
    if not data.other_revisions or data.view is None:
        return Text("")
    from glossary.tui.revisions import entry_line

    out = Text(_("Other revisions"), style="bold")
    out.append("\n")
    for entry in data.chain:
        if entry["law"] == data.ref.law:
            out.append_text(entry_line(entry, data.ref.law, law_names or {}))
            out.append("\n")
    for older, newer, pairs in data.compared:
        out.append_text(what_changed(older, newer, pairs))
    out.append("\n" + _("[r] open another revision"), style="dim")
    return out


def what_changed(
    older: Mapping[str, Any], newer: Mapping[str, Any], pairs: Sequence[ParagraphPair] = ()
) -> Text:
    out = Text()
    said = _("What changed {older} → {newer}:").format(
        older=older["revision"], newer=newer["revision"]
    )
    out.append("\n" + said, style="bold")
    if older["han"] == newer["han"]:
        out.append(" " + _("nothing (identical text)") + "\n")
        return out
    out.append("  ")
    out.append(_("removed"), style="strike red")
    out.append(" ")
    out.append(_("added"), style="bold green")
    out.append("\n")
    if not pairs:
        out.append_text(diff_text(text_diff(older["han"], newer["han"])))
        out.append("\n")
        return out
    for line in paragraph_changes(pairs):
        out.append_text(line)
        out.append("\n")
    return out


def _names(paragraphs: Sequence[Para]) -> str:
    return ", ".join(p.name for p in paragraphs)


def _text(paragraphs: Sequence[Para]) -> str:
    return "".join(paragraph_text(p.label, p.han) for p in paragraphs)


def paragraph_changes(pairs: Sequence[ParagraphPair]) -> list[Text]:
    """One line per 款/项 pair of the paragraph alignment (store.paragraph_pairs), in the
    newer text's order: the unchanged ones named together first, then each changed, moved,
    added or removed one with its diff."""
    unchanged = [p for p in pairs if p.relation == "identical"]
    lines = []
    if unchanged:
        said = _("unchanged: {paragraphs}").format(
            paragraphs=_names([q for p in unchanged for q in p.new])
        )
        lines.append(Text("  " + said, style="dim"))
    for pair in pairs:
        if pair.relation == "identical":
            continue
        line = Text("  ")
        if not pair.old:
            line.append(_("added {paragraph}:").format(paragraph=_names(pair.new)) + " ")
            line.append(_text(pair.new), style="bold green")
        elif not pair.new:
            line.append(_("removed {paragraph}:").format(paragraph=_names(pair.old)) + " ")
            line.append(_text(pair.old), style="strike red")
        else:
            names = _names(pair.new)
            if pair.renamed:
                names = f"{_names(pair.old)} → {names}"
            line.append(f"{names}: ", style="bold")
            old_text, new_text = _text(pair.old), _text(pair.new)
            if old_text == new_text:
                line.append(_("same text"), style="dim")
            else:
                line.append_text(diff_text(text_diff(old_text, new_text)))
        lines.append(line)
    return lines
