"""The search screen: search as you type, the results, the filters and the browse tree."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from glossary.i18n import N_, _, ngettext
from glossary.lawtext.labels import article_label
from glossary.search.model import TIER_ARTICLE, Hit, SearchResult
from glossary.store.browse import article_key, dialect_name
from glossary.tui.context import AppContext
from glossary.tui.messages import (
    ArticleKey,
    DatabaseChanged,
    OpenArticle,
    OpenTerm,
    ResultsShown,
    SearchFinished,
)
from glossary.tui.render import hit_prompt, status_badge
from glossary.tui.search_parts import BrowseTree, ResultsList, SearchInput, StatusLine
from glossary.tui.service import SearchInterrupted

ALL_REVISIONS = "*all*"
COMPACT_BELOW = 32  # rows: on a smaller screen an article hit takes one line
START_HINT = N_(
    "Type Han (离婚), pinyin (lihun, li hun), Bai (Baip ngvp zix) or an article (民诉 122). "
    "↓ moves into the results, Enter opens. F2 browses the laws, F1 helps."
)
NO_LAWS_HINT = N_(
    "No law texts in this database yet. Import one with "
    "`glossary import-law FILE` (e.g. the texts in shared/corpus/laws), then open the app again."
)

LAW_FILTER_HINT = N_("only {law} is searched: clear the law filter to search every law.")


SEARCH_BINDINGS: list[BindingType] = [
    Binding("escape", "clear", N_("Clear"), id="search.clear"),
    Binding("f2", "app.browse", N_("Browse"), id="search.browse"),
    Binding("f3", "app.history", N_("History"), id="search.history"),
    Binding("f4", "app.coverage", N_("Coverage"), show=False, id="search.coverage"),
    Binding("f5", "in_force", N_("In force only"), id="search.in_force"),
]


class SearchScreen(Screen[None]):
    """Where the app starts: the search box, filters, results, and the browse tree."""

    KIND = "main"
    HELP = N_("""\
## Search
Find a clause in seconds: type, then read.
""")
    BINDINGS = SEARCH_BINDINGS

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.payloads: dict[str, Any] = {}
        self.shown: tuple[str, SearchResult | None, str | None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="notice")
        with Horizontal(id="main"):
            yield BrowseTree(self.ctx, id="browse")
            with Vertical(id="search-pane"):
                yield SearchInput(placeholder="离婚 · lihun · Baip ngvp zix · 民诉 122", id="query")
                with Horizontal(id="filters"):
                    yield Select(
                        self.law_options(),
                        prompt=_("All laws"),
                        id="law-filter",
                        compact=True,
                    )
                    yield Select(
                        self.revision_options(None),
                        prompt=_("Newest revision"),
                        id="revision-filter",
                        compact=True,
                    )
                    yield Select(
                        self.dialect_options(),
                        prompt=_("Any dialect"),
                        id="dialect-filter",
                        compact=True,
                        value=self.preferred_dialect(),
                    )
                yield StatusLine(id="search-status")
                yield ResultsList(id="results")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        box = self.query_one(SearchInput)
        box.cursor_blink = self.ctx.cursor_blink
        self.show_notices()
        self.show_start()
        box.focus()

    # --- the parts of the screen -----------------------------------------------------------

    def show_notices(self) -> None:
        notices = self.ctx.session.notices
        notice = self.query_one("#notice", Static)
        notice.update(Text("\n".join(notices)))
        notice.display = bool(notices)

    def law_options(self) -> list[tuple[str, str]]:
        return [(law["short_name"], law["slug"]) for law in self.ctx.catalog.laws]

    def dialect_options(self) -> list[tuple[str, str]]:
        return [(dialect_name(d), d) for d in self.ctx.catalog.dialects]

    def preferred_dialect(self) -> str | Any:
        preferred = self.ctx.session.preferred_dialect
        return preferred if preferred in self.ctx.catalog.dialects else Select.NULL

    def revision_options(self, law: str | None) -> list[tuple[str, str]]:
        labels: list[str] = []
        for entry in self.ctx.catalog.laws:
            if law is None or entry["slug"] == law:
                labels += [r["label"] for r in entry["revisions"] if r["label"] not in labels]
        return [(_("All revisions"), ALL_REVISIONS)] + [
            (lb, lb) for lb in sorted(labels, reverse=True)
        ]

    def set_status(self, text: Text | str) -> None:
        self.query_one(StatusLine).say(text if isinstance(text, Text) else Text(text))

    def focus_search(self) -> None:
        self.query_one(SearchInput).focus()

    def toggle_browse(self) -> None:
        tree = self.query_one(BrowseTree)
        self.toggle_class("-browse")
        if self.has_class("-browse"):
            tree.focus()
        else:
            self.focus_search()

    def show_history(self) -> None:
        box = self.query_one(SearchInput)
        if box.value:
            box.value = ""  # Changed → show_start
        else:
            self.show_start()
        self.query_one(ResultsList).focus()

    # --- searching -------------------------------------------------------------------------

    @property
    def filters(self) -> dict[str, Any]:
        law = self.query_one("#law-filter", Select).value
        rev = self.query_one("#revision-filter", Select).value
        return {
            "law": law if isinstance(law, str) else None,
            "revision": rev if isinstance(rev, str) and rev != ALL_REVISIONS else None,
            "all_revisions": rev == ALL_REVISIONS,
            "in_force_only": self.ctx.session.in_force_only,
        }

    @on(Input.Changed, "#query")
    def query_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    def search(self, text: str) -> None:
        if self.ctx.watch.changed():
            self.app.post_message(DatabaseChanged())  # the results below are fresh anyway
        seq = self.ctx.service.begin()  # from now on older results are stale
        if not text.strip():
            self.show_start()
            return
        self.run_search(seq, text, self.filters)

    @work(exclusive=True, thread=True, group="search", exit_on_error=False)
    def run_search(self, seq: int, text: str, filters: dict[str, Any]) -> None:
        """In a thread: the engine on its own connection; the UI never waits for it."""
        try:
            result = self.ctx.service.run(seq, text, limit=50, **filters)
        except SearchInterrupted:
            return
        except Exception as exc:  # a database error must not kill the app
            said = _("search failed: {error}").format(error=exc)
            self.post_message(SearchFinished(seq, text, None, said))
            return
        self.post_message(SearchFinished(seq, text, result))

    def on_search_finished(self, message: SearchFinished) -> None:
        if not self.ctx.service.is_latest(message.seq):
            return  # stale: the text changed while this ran
        self.show_results(message.query, message.result, message.error)

    def result_width(self) -> int:
        results = self.query_one(ResultsList)
        width = results.scrollable_content_region.width or self.app.size.width
        return max(16, width - 2)

    def show_results(self, query: str, result: SearchResult | None, error: str | None) -> None:
        self.shown = (query, result, error)
        hits = result.hits if result else []
        terms = [h for h in hits if h.kind == "term"]
        articles = [h for h in hits if h.kind == "article"]
        compact = self.app.size.height < COMPACT_BELOW
        entries, self.payloads = result_entries(terms, articles)
        width = self.result_width()
        results = self.query_one(ResultsList)
        rows = max(1, results.scrollable_content_region.height or self.app.size.height)
        first = first_screenful(entries, rows, width, compact)
        results.set_options(first)
        if entries:
            results.highlighted = 1
        if len(entries) > len(first):
            rest = entries[len(first) :]
            self.call_after_refresh(self.show_rest, self.shown, rest, width, compact)
        if error:
            self.set_status(Text(error, style="bold red"))
        elif hits:
            status = in_force_note(self.ctx.session.in_force_only)
            status.append(counts_text(len(terms), len(articles)))
            status.append(" — " + _("Enter opens"))
            if result and result.message:
                status.append(f" · {result.message}")
            self.set_status(status)
        else:
            self.set_status(self.no_results_text(result))
        self.app.post_message(ResultsShown(query, len(hits)))

    def show_rest(self, shown: object, entries: list[Entry], width: int, compact: bool) -> None:
        """The results below the first page, unless newer ones took their place."""
        if self.shown is shown:
            self.query_one(ResultsList).add_options(
                [entry_option(e, width, compact) for e in entries]
            )

    def action_in_force(self) -> None:
        """F5: keep to the law in force, or show every revision and repealed law again."""
        self.ctx.session.in_force_only = not self.ctx.session.in_force_only
        box = self.query_one(SearchInput)
        if box.value.strip():
            self.search(box.value)
        else:
            self.show_start()

    def no_results_text(self, result: SearchResult | None) -> Text:
        out = in_force_note(self.ctx.session.in_force_only)
        out.append(_("Nothing found.") + " ", style="bold")
        out.append(result.message if result and result.message else "")
        law = self.filters["law"]
        if law:
            name = self.ctx.catalog.law_name(law)
            out.append(" — " + _(LAW_FILTER_HINT).format(law=name))
        return out

    def show_start(self) -> None:
        """With nothing typed: bookmarks, recent articles and searches — and how to start."""
        self.shown = None
        options, self.payloads = history_options(self.ctx)
        results = self.query_one(ResultsList)
        results.set_options(options)
        if options:
            results.highlighted = 1
        if not self.ctx.catalog.laws:
            self.set_status(Text(_(NO_LAWS_HINT), style="bold"))
        else:
            note = in_force_note(self.ctx.session.in_force_only)
            self.set_status(note.append(_(START_HINT)))
        self.app.post_message(ResultsShown("", 0))

    def on_resize(self) -> None:
        if self.shown is not None:
            self.show_results(*self.shown)

    # --- opening ---------------------------------------------------------------------------

    @on(Select.Changed, "#law-filter")
    def law_changed(self, event: Select.Changed) -> None:
        law = event.value if isinstance(event.value, str) else None
        self.query_one("#revision-filter", Select).set_options(self.revision_options(law))
        self.search(self.query_one(SearchInput).value)

    @on(Select.Changed, "#revision-filter")
    def revision_changed(self) -> None:
        self.search(self.query_one(SearchInput).value)

    @on(Select.Changed, "#dialect-filter")
    def dialect_changed(self, event: Select.Changed) -> None:
        self.ctx.session.preferred_dialect = event.value if isinstance(event.value, str) else None

    @on(Input.Submitted, "#query")
    def submitted(self) -> None:
        results = self.query_one(ResultsList)
        if results.highlighted is not None:
            option = results.get_option_at_index(results.highlighted)
            if option.id:
                self.open_option(option.id)

    @on(OptionList.OptionSelected, "#results")
    def selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open_option(event.option.id)

    def open_option(self, option_id: str) -> None:
        kind = option_id.split(":", 1)[0]
        payload = self.payloads.get(option_id)
        if payload is None:
            return
        typed = self.query_one(SearchInput).value
        if kind in ("term", "article") and typed.strip():
            self.ctx.remember_search(typed)
        if kind == "term":
            self.app.post_message(OpenTerm(payload.id))
        elif kind == "article":
            key = article_key(self.ctx.reader, payload.id)
            if key:
                self.app.post_message(OpenArticle(ArticleKey.from_row(key, payload.paragraph)))
        elif kind in ("bm", "open"):
            self.app.post_message(OpenArticle(ArticleKey.from_json(payload)))
        elif kind == "q":
            box = self.query_one(SearchInput)
            box.value = payload
            box.cursor_position = len(payload)
            box.focus()

    def action_clear(self) -> None:
        if self.has_class("-browse"):
            self.toggle_browse()
            return
        box = self.query_one(SearchInput)
        box.value = ""
        box.focus()

    def on_screen_resume(self) -> None:
        self.show_notices()
        if self.shown is None:
            self.show_start()  # the history may have changed while an article was open

    async def data_changed(self) -> None:
        """Another process imported: new laws, dialects and hits show without a restart."""
        refill(self, "#law-filter", self.law_options())
        refill(self, "#revision-filter", self.revision_options(self.filters["law"]))
        refill(self, "#dialect-filter", self.dialect_options())
        self.query_one(BrowseTree).fill()
        self.search(self.query_one(SearchInput).value)


def refill(screen: Screen[None], selector: str, options: list[tuple[str, str]]) -> None:
    """New options for a filter, keeping its choice if it is still offered; quietly, as
    the user changed nothing."""
    select: Select[str] = screen.query_one(selector, Select)
    value = select.value
    with select.prevent(Select.Changed):
        select.set_options(options)
        if value in {v for _label, v in options}:
            select.value = value


def in_force_note(on: bool) -> Text:
    """``In force only · `` while F5's filter is on: the results leave out the rest."""
    return Text.assemble((_("In force only"), "bold green"), " · ") if on else Text("")


#: One line of the results list: a group's head (its title and count) or a hit (its kind).
Entry = tuple[str, Hit | None, int]


def result_entries(terms: list[Hit], articles: list[Hit]) -> tuple[list[Entry], dict[str, Hit]]:
    """The results in list order and the hit each opens: the terms that match themselves,
    the articles, then the terms that rank below the articles (found by their definition
    or English gloss, or with a typo forgiven) — so the articles stay in view. Each entry
    is (head message, None, count) or (kind, hit, 0)."""
    leading = [h for h in terms if h.score >= TIER_ARTICLE]
    trailing = [h for h in terms if h.score < TIER_ARTICLE]
    entries: list[Entry] = []
    payloads: dict[str, Hit] = {}
    groups = (
        (N_("Terms · {count}"), "term", leading),
        (N_("Articles · {count}"), "article", articles),
        (N_("More terms · {count}"), "term", trailing),
    )
    for head, kind, hits in groups:
        if not hits:
            continue
        entries.append((head, None, len(hits)))
        for hit in hits:
            payloads[f"{kind}:{hit.id}"] = hit
            entries.append((kind, hit, 0))
    return entries, payloads


def entry_option(entry: Entry, width: int, compact: bool) -> Option:
    """The option that shows one entry of :func:`result_entries`."""
    said, hit, count = entry
    if hit is None:
        return group_head(_(said), count)
    return Option(hit_prompt(hit, width, compact), id=f"{said}:{hit.id}")


def first_screenful(entries: list[Entry], rows: int, width: int, compact: bool) -> list[Option]:
    """The options that fill ``rows`` lines and a line more (so that the list's scrollbar is
    there from the first paint when more follow): the rest are made once these are painted,
    so a key's results show after a screenful's work, not fifty results'."""
    first: list[Option] = []
    for entry in entries:
        if rows < 0:
            break
        first.append(entry_option(entry, width, compact))
        rows -= option_rows(first[-1])
    return first


def option_rows(option: Option) -> int:
    """The lines an option of the results takes: its prompt is cut to the list's width
    (render.hit_prompt), so only its line breaks count."""
    prompt = option.prompt
    return prompt.plain.count("\n") + 1 if isinstance(prompt, Text) else 1


def group_head(said: str, count: int) -> Option:
    """The bold, unselectable head of a group of results: ``Terms · 3``."""
    return Option(Text(said.format(count=count), style="bold"), disabled=True)


def counts_text(terms: int, articles: int) -> str:
    """``2 terms · 5 articles``, each count with its own plural."""
    return " · ".join(
        (
            ngettext("{count} term", "{count} terms", terms).format(count=terms),
            ngettext("{count} article", "{count} articles", articles).format(count=articles),
        )
    )


def history_options(ctx: AppContext) -> tuple[list[Option], dict[str, Any]]:
    """Bookmarks, recently opened articles and searches, as options and what each opens."""
    state = ctx.state
    payloads: dict[str, Any] = {}
    options: list[Option] = []
    groups = (
        (_("Bookmarks"), "bm", state.bookmarks),
        (_("Recently opened"), "open", state.opened[:8]),
    )
    for title, prefix, refs in groups:
        if not refs:
            continue
        options.append(Option(Text(title, style="bold"), disabled=True))
        for i, ref in enumerate(refs):
            key = f"{prefix}:{i}"
            payloads[key] = ref
            label = ref.get("label") or article_label(ref["article"], ref.get("sub", 0))
            name = ctx.catalog.law_name(ref["law"])
            line = Text(f"{name} ({ref['revision']}) {label}")
            line.append_text(status_badge(ctx.catalog.revision_status(ref["law"], ref["revision"])))
            options.append(Option(line, id=key))
    if state.searches:
        options.append(Option(Text(_("Recent searches"), style="bold"), disabled=True))
        for i, text in enumerate(state.searches[:8]):
            payloads[f"q:{i}"] = text
            options.append(Option(Text(text), id=f"q:{i}"))
    return options, payloads
