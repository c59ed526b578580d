"""The widgets of the search screen: the search box, the status line, the results and the
browse tree — each with its F1 help, and each painting no more of the screen than it must
(issue 16: a key in the box must not lay out the whole screen)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.visual import visualize
from textual.widgets import Input, OptionList, Static, Tree

from glossary.i18n import N_, _
from glossary.store.browse import tree_children
from glossary.tui.context import AppContext
from glossary.tui.messages import ArticleKey, OpenArticle
from glossary.tui.render import fit


class ScrollsItself:
    """For a scrolling widget whose size never follows its content (the search box, the
    results list): a new virtual size repaints the widget instead of laying out the screen.

    Input sets its virtual size (the width of the text) on every key and OptionList on every
    new list, and Widget's virtual size asks for a layout of the whole screen when it changes:
    a reflow and a repaint of every widget, 3-6 ms at 120x40, on each key and each result.
    Both widgets update their own scrollbars and scroll limits from the virtual size, and a
    scrollbar that appears or goes still asks for a layout; Input lays itself out again when
    its width is auto."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class StatusLine(Static):
    """The line above the results, rewritten on every key: it asks for a layout of the screen
    only when the new text takes another number of lines than the old one."""

    def say(self, text: Text) -> None:
        width = self.content_size.width
        same = width > 0 and self.lines(text, width) == self.lines(self.visual, width)
        self.update(text, layout=not same)

    def lines(self, content: object, width: int) -> int:
        # As Widget.get_content_height measures it; Textual types the rules as a mapping.
        visual = visualize(self, content)
        return visual.get_height(self.styles, width)  # type: ignore[arg-type]


class SearchInput(ScrollsItself, Input):
    """The search box: every keystroke searches; ↓ goes to the results."""

    HELP = N_("""\
## Search box
Type and the results follow at once — no Enter needed.

- **Han** of any length: `离婚`, `婚`; several words must all match: `人民法院 调解`;
  `"…"` for an exact phrase, `-word` to exclude.
- **Pinyin**, with or without tones or spaces: `lihun`, `li hun`, `lí hūn`; initials `lh`.
- **Bai**, tone letters optional, 1958 or 1993 spelling.
- **An article**: `民诉 122`, `婚姻法第三十二条`; a number alone (`第1079条`, `1079`) when the
  law filter is set or one law has it; `第1079条第二款` opens it at that 款.
- **Everyday words** find the legal term they stand for: `家暴` → 家庭暴力 (the glossary's
  synonym list); definitions and English glosses are searched too.

Repealed and older texts are marked in the list; **F5** keeps to the law in force.
Nothing found? Try fewer characters, pinyin, or clear the law filter.
↓ moves into the results; Enter opens the highlighted one.
""")
    BINDINGS = [  # noqa: RUF012
        Binding("down", "results", N_("Results"), show=False, id="search.results"),
    ]

    def action_results(self) -> None:
        self.screen.query_one(ResultsList).focus()


class ResultsList(ScrollsItself, OptionList):
    """Search results grouped as terms, then articles; ↑ on the first goes back to typing."""

    HELP = N_("""\
## Results
Glossary terms first, then articles, each with law, revision and article number, and the
matching words highlighted.

- **↑ ↓** or **j k** move, **Enter** opens, **↑** on the first result returns to the box.
- With an empty search box this list shows your bookmarks, the articles you opened last
  and your last searches.
""")
    BINDINGS = [  # noqa: RUF012
        Binding("j", "cursor_down", N_("Down"), show=False, id="results.down"),
        Binding("k", "cursor_up", N_("Up"), show=False, id="results.up"),
    ]

    def action_cursor_up(self) -> None:
        first = next((i for i, o in enumerate(self.options) if not o.disabled), None)
        if self.highlighted is None or self.highlighted == first:
            self.screen.query_one(SearchInput).focus()
            return
        super().action_cursor_up()


class BrowseTree(Tree[dict[str, Any]]):
    """Laws → revisions → 编/章/节 → articles, loaded one level at a time."""

    HELP = N_("""\
## Browse
The imported laws as a tree: law → revision → 编 / 章 / 节 → article.

- **↑ ↓** or **j k** move, **Enter** or **Space** opens a branch or an article.
- **F2** hides the tree again.
""")
    BINDINGS = [  # noqa: RUF012
        Binding("j", "cursor_down", N_("Down"), show=False, id="browse.down"),
        Binding("k", "cursor_up", N_("Up"), show=False, id="browse.up"),
    ]

    def __init__(self, ctx: AppContext, **kw: Any) -> None:
        super().__init__(_("Laws"), **kw)
        self.ctx = ctx
        self.shown: list[dict[str, Any]] = []
        self.show_root = False

    def on_mount(self) -> None:
        self.fill()

    def fill(self) -> None:
        """The laws as the catalog has them now (again after an import added one)."""
        if self.root.children and self.shown == self.ctx.catalog.laws:
            return
        self.shown = self.ctx.catalog.laws
        self.clear()
        for law in self.ctx.catalog.laws:
            flag = " · " + _("repealed") if law["status"] == "repealed" else ""
            node = self.root.add(
                Text.assemble((law["short_name"], "bold"), flag), data={"kind": "law"}
            )
            for rev in law["revisions"]:
                part = f" [{rev['part']}]" if rev["part"] else ""
                node.add(
                    f"{rev['label']}{part}",
                    data={
                        "kind": "revision",
                        "law": law["slug"],
                        "revision": rev["label"],
                        "revision_id": rev["id"],
                        "loaded": False,
                    },
                )
        if len(self.ctx.catalog.laws) == 1:
            self.root.children[0].expand()

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[dict[str, Any]]) -> None:
        node = event.node
        data = node.data or {}
        if data.get("kind") not in ("revision", "division") or data.get("loaded"):
            return
        data["loaded"] = True
        children = tree_children(self.ctx.reader, data["revision_id"], data.get("division_id"))
        for child in children:
            if child["kind"] == "division":
                node.add(
                    f"{child['label']} {child['title']}",
                    data={
                        "kind": "division",
                        "law": data["law"],
                        "revision": data["revision"],
                        "revision_id": data["revision_id"],
                        "division_id": child["id"],
                        "loaded": False,
                    },
                )
            else:
                node.add_leaf(
                    Text.assemble((child["label"], "bold"), " ", fit(child["first"] or "", 20)),
                    data={
                        "kind": "article",
                        "law": data["law"],
                        "revision": data["revision"],
                        "article": child["number"],
                        "sub": child["sub"],
                    },
                )

    def on_tree_node_selected(self, event: Tree.NodeSelected[dict[str, Any]]) -> None:
        data = event.node.data or {}
        if data.get("kind") == "article":
            event.stop()
            ref = ArticleKey(data["law"], data["revision"], data["article"], data["sub"])
            self.app.post_message(OpenArticle(ref))
