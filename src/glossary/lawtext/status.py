"""Whether an article's text is the law in force, and how that is said — defined once.

A revision is ``in_force`` (the newest revision of a law in force), ``superseded_revision``
(an older revision of a law in force) or ``repealed`` (every revision of a repealed law,
such as 婚姻法 since 2021-01-01). The command line, the app's banner and the handout all say
it with the words below, so a mediator reads the same warning everywhere. The words are
English gettext messages, said in the active language (the command line stays English).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from glossary.i18n import N_, _
from glossary.lawtext.labels import article_label

IN_FORCE = "in_force"
SUPERSEDED = "superseded_revision"
REPEALED = "repealed"

STATUS_LABELS = {
    IN_FORCE: N_("in force"),
    SUPERSEDED: N_("older revision"),
    REPEALED: N_("repealed"),
}

COMPUTED_NOTE = N_("machine-computed, unverified")
#: The same, in plain words for a party or a mediator: the handout, and the app's links both
#: ways (a repealed article's successor, the article a successor replaces).
PLAIN_COMPUTED_NOTE = N_("matched by computer, not yet checked by a person")
#: A link someone has checked (``verified`` in the concordance), in plain words.
PLAIN_VERIFIED_NOTE = N_("checked by a person")
#: The same, where the person gave their name (``glossary concordance verify --by``).
PLAIN_VERIFIED_BY_NOTE = N_("checked by {name}")

#: An article's status in plain words, in the reader's language (``{date}`` and
#: ``{revision}`` are filled in by :func:`plain_status`).
PLAIN_STATUS = {
    IN_FORCE: N_("This law is in force; this is its current text."),
    SUPERSEDED: N_(
        "This is an older revision of the law, not the text in force "
        "(the newest revision is {revision})."
    ),
    REPEALED: N_("This law was repealed on {date} and is no longer in force."),
}

# One short word for a list (search results, history, bookmarks): seen before opening.
STATUS_MARKS = {SUPERSEDED: N_("older revision"), REPEALED: N_("repealed")}


def status_mark(status: str | None) -> str | None:
    """The short mark of a revision's status for a list, untranslated (show it with
    ``_()``); ``None`` for the law in force or an unknown status."""
    return STATUS_MARKS.get(status or "")


def unchecked(entry: Mapping[str, Any]) -> bool:
    """A link between articles a machine made and no person has checked yet."""
    return bool(entry.get("computed")) and not entry.get("verified")


def status_label(status: str) -> str:
    """``in force`` / ``older revision`` / ``repealed`` in the active language."""
    label = STATUS_LABELS.get(status)
    return _(label) if label else status


def revision_status(law_status: str, is_newest: bool) -> str:
    """The status of one revision of a law (``law_status`` is the ``laws.status`` column)."""
    if law_status == REPEALED:
        return REPEALED
    return IN_FORCE if is_newest else SUPERSEDED


def status_title(view: Mapping[str, Any]) -> str | None:
    """The warning's first words (shown in bold); ``None`` for the law in force.

    ``view`` is an article view (``glossary show --json``)."""
    if view["status"] == REPEALED:
        return _("REPEALED on {date}").format(date=view["repealed_on"])
    if view["status"] == SUPERSEDED:
        return _("Not the newest text (newest: {revision}).").format(
            revision=view["newest_revision"]
        )
    return None


def plain_status(
    view: Mapping[str, Any], gettext: Callable[[str], str], date: Callable[[str], str]
) -> str:
    """The status in plain words, through ``gettext`` (a handout's language, not
    necessarily the active one); ``date`` formats an ISO date for that language."""
    status = view["status"] if view["status"] in PLAIN_STATUS else REPEALED
    repealed_on = view.get("repealed_on")
    return gettext(PLAIN_STATUS[status]).format(
        date=date(repealed_on) if repealed_on else "?", revision=view.get("newest_revision")
    )


def status_explanation(view: Mapping[str, Any]) -> str:
    """What follows the title: what the status means for the reader."""
    if view["status"] != REPEALED:
        return ""
    return " — " + _("this law is no longer in force.")


def status_headline(view: Mapping[str, Any]) -> str | None:
    """What a reader must know before relying on the text; ``None`` for the law in force."""
    title = status_title(view)
    return None if title is None else title + status_explanation(view)


def successor_name(entry: Mapping[str, Any], law_names: Mapping[str, str] | None = None) -> str:
    """Where the text lives on: ``民法典 (2020) 第一千零七十九条``, or a successor law's part
    with its article range when no article is known."""
    name = (law_names or {}).get(entry["law"], entry["law"])
    if entry.get("article"):
        rev = f" ({entry['revision']})" if entry.get("revision") else ""
        return f"{name}{rev} {article_label(entry['article'])}"
    span = entry.get("articles") or []
    extent = f" (第{span[0]}–{span[1]}条)" if len(span) == 2 and span[0] else ""
    return f"{name} {entry.get('part') or ''}{extent}".rstrip()


def successor_notes(entry: Mapping[str, Any]) -> list[str]:
    """How far to trust a successor link: its relation, and whether a machine made it."""
    notes = []
    if entry.get("relation") and entry["relation"] not in ("candidate", "successor law"):
        notes.append(str(entry["relation"]))
    if entry.get("computed") and not entry.get("verified"):
        notes.append(_(COMPUTED_NOTE))
    return notes


#: How the wording changed between linked articles, and how sure the match is, in plain words.
PLAIN_RELATIONS = {
    "identical": N_("same wording"),
    "changed": N_("the wording has changed"),
}
PLAIN_LESS_LIKELY = N_("a less likely match")
PLAIN_UNSURE = N_("the computer was not sure of this match")


def plain_link_notes(entry: Mapping[str, Any], gettext: Callable[[str], str]) -> list[str]:
    """How far to trust a link between articles, in plain words through ``gettext``
    (never a score): for the handout and the app, whichever way the link points."""
    notes = []
    relation = PLAIN_RELATIONS.get(str(entry.get("relation")))
    if relation:
        notes.append(gettext(relation))
    if (entry.get("rank") or 1) > 1 and entry.get("relation") != "split":  # a second guess
        notes.append(gettext(PLAIN_LESS_LIKELY))
    elif entry.get("confidence") == "low":
        notes.append(gettext(PLAIN_UNSURE))
    if unchecked(entry):
        notes.append(gettext(PLAIN_COMPUTED_NOTE))
    elif entry.get("article") and entry.get("by"):
        notes.append(gettext(PLAIN_VERIFIED_BY_NOTE).format(name=entry["by"]))
    elif entry.get("article"):
        notes.append(gettext(PLAIN_VERIFIED_NOTE))
    return notes


def successor_line(entry: Mapping[str, Any], law_names: Mapping[str, str] | None = None) -> str:
    """One line for a successor: ``→ now 民法典 (2020) 第一千零七十九条 — machine-computed…``."""
    notes = successor_notes(entry)
    name = successor_name(entry, law_names)
    line = _("→ now {name}") if entry.get("article") else _("→ succeeded by {name}")
    return line.format(name=name) + (" — " + " · ".join(notes) if notes else "")


def status_lines(view: Mapping[str, Any], law_names: Mapping[str, str] | None = None) -> list[str]:
    """The headline and one line per successor, for plain-text output."""
    headline = status_headline(view)
    lines = [headline] if headline else []
    lines += [successor_line(entry, law_names) for entry in view["superseded_by"]]
    return lines
