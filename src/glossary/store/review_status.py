"""A translation's review status and how mediators see it — defined once, used by
``glossary show``, the copy/handout and the app.

Statuses rise draft → reviewed → approved (store.review sets them, with who and when).
Approved Bai is shown plainly; anything less carries a mark, so nobody reads a draft to a
party as if it had been checked. A carried translation is marked as carried (沿用) where it
is shown (store.memory); its status is its source's.
"""

from __future__ import annotations

from collections.abc import Callable

from glossary.i18n import N_, _

STATUSES = ("draft", "reviewed", "approved")
#: The statuses a review can set (a draft is what every translation starts as).
REVIEW_STATUSES = ("reviewed", "approved")
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}
#: English gettext messages, said in the active language by :func:`status_mark`.
STATUS_MARKS = {
    "draft": N_("draft — not yet checked"),
    "reviewed": N_("reviewed"),
    "approved": "",
}
#: The app's Bai cell: the same marks, short.
SHORT_MARKS = {"draft": N_("draft"), "reviewed": N_("reviewed"), "approved": ""}

#: A handout's words for each status, in full and in the reader's language (a party reads
#: them): a draft says so plainly; a review says by whom and when, where that is recorded.
PLAIN_STATUS = {
    "draft": N_("Draft, not yet checked"),
    "reviewed": N_("Reviewed"),
    "approved": N_("Approved"),
}
PLAIN_STATUS_BY = {
    "reviewed": N_("Reviewed by {by}"),
    "approved": N_("Approved by {by}"),
}
PLAIN_STATUS_BY_ON = {
    "reviewed": N_("Reviewed by {by} on {date}"),
    "approved": N_("Approved by {by} on {date}"),
}


def plain_status(
    status: str | None, by: str | None, on: str | None, gettext: Callable[[str], str]
) -> str:
    """A translation's status in plain words through ``gettext``; ``on`` is the date of
    the review, already written for the reader. Anything but reviewed or approved reads
    as a draft (never as checked)."""
    if status not in PLAIN_STATUS_BY:
        return gettext(PLAIN_STATUS["draft"])
    if by and on:
        return gettext(PLAIN_STATUS_BY_ON[status]).format(by=by, date=on)
    if by:
        return gettext(PLAIN_STATUS_BY[status]).format(by=by)
    return gettext(PLAIN_STATUS[status])


def status_mark(status: str | None, *, short: bool = False) -> str:
    """The mark shown beside Bai of this status: empty for approved; an unknown status
    is marked like a draft (never shown as if checked). None: no status known (a bare
    dict of Bai texts), nothing to mark."""
    if status is None:
        return ""
    marks = SHORT_MARKS if short else STATUS_MARKS
    mark = marks.get(status, marks["draft"])
    return _(mark) if mark else ""


__all__ = [
    "PLAIN_STATUS",
    "PLAIN_STATUS_BY",
    "PLAIN_STATUS_BY_ON",
    "REVIEW_STATUSES",
    "SHORT_MARKS",
    "STATUSES",
    "STATUS_MARKS",
    "STATUS_RANK",
    "plain_status",
    "status_mark",
]
