"""Bulk inserts without a trigger per row: a table's AFTER INSERT triggers suspended while
many new rows go in, their effect then applied once, set-based, to exactly those rows.

A trigger per row is what makes a bulk insert slow here: the trigram FTS5 index of
``paragraphs.han`` (sqlite-utils' ``paragraphs_ai``) and the search index's dirty marks
(``search_paragraph_ins``) cost more than the rows themselves. SQLite cannot switch a trigger
off, but ``DROP TRIGGER`` … ``CREATE TRIGGER`` (with the SQL read back from
``sqlite_master``) inside the write transaction is transactional: a rollback, or a failure
inside the block (a savepoint), restores the triggers and the rows exactly as they were.

Only triggers whose effect can be replayed exactly are suspended: ``AFTER INSERT``, no
``WHEN``, a body of ``INSERT [OR IGNORE] INTO target [(columns)] VALUES (…)`` statements
whose values are only ``new.column`` and plain literals (nothing read from another row or
table), each target written by one statement only. Their replay is the same statement with
``VALUES (…)`` turned into ``SELECT … FROM table AS new WHERE new.rowid BETWEEN first AND
last ORDER BY new.rowid``: the rows each target receives, and their order, are the ones the
triggers would have given. Any other trigger (BEFORE, UPDATE, DELETE, or one this cannot
read) is left in place and fires per row as usual. Created again, the suspended triggers
come after the kept ones in ``sqlite_master`` (their own order among themselves kept); as
they write only their own targets from ``new.*``, the firing order cannot change a result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_IDENT = r'(?:"[^"]+"|\[[^\]]+\]|`[^`]+`|\w+)'
_TRIGGER_RE = re.compile(
    rf"^\s*CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?{_IDENT}\s+AFTER\s+INSERT\s+ON\s+"
    rf"(?P<table>{_IDENT})\s+(?:FOR\s+EACH\s+ROW\s+)?BEGIN\b(?P<body>.*)\bEND\s*;?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_STATEMENT_RE = re.compile(
    rf"^\s*INSERT\s+(?P<verb>OR\s+IGNORE\s+)?INTO\s+(?P<target>{_IDENT})\s*"
    r"(?P<columns>\([^()]*\))?\s*VALUES\s*\((?P<values>[^()]*)\)\s*$",
    re.IGNORECASE | re.DOTALL,
)
# A value a replay gives exactly: a column of the new row, or a literal (no ';' inside,
# so that splitting a body on ';' cannot cut one).
_VALUE_RE = re.compile(rf"^\s*(?:new\.{_IDENT}|'[^';]*'|-?\d+(?:\.\d+)?|NULL)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Replayable:
    """A trigger that can be suspended: its SQL (to create it again) and its replay."""

    name: str
    sql: str
    replay: tuple[str, ...]  # one INSERT … SELECT per statement of its body
    targets: tuple[str, ...]


def _unquoted(ident: str) -> str:
    return ident[1:-1] if ident[:1] in '"[`' else ident


def replayable(sql: str, table: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """A trigger's set-based replay for new rows of ``table`` (with ``?, ?`` for the first
    and last rowid) and the tables it writes; None when its effect cannot be replayed."""
    found = _TRIGGER_RE.match(sql)
    if found is None or _unquoted(found["table"]).lower() != table.lower():
        return None
    statements = [s for s in found["body"].split(";") if s.strip()]
    replay, targets = [], []
    for statement in statements:
        parts = _STATEMENT_RE.match(statement)
        if parts is None or not all(_VALUE_RE.match(v) for v in parts["values"].split(",")):
            return None
        target = _unquoted(parts["target"]).lower()
        if target == table.lower():
            return None
        verb = "INSERT OR IGNORE" if parts["verb"] else "INSERT"
        replay.append(
            f"{verb} INTO {parts['target']} {parts['columns'] or ''} "
            f"SELECT {parts['values'].strip()} FROM [{table}] AS new "
            "WHERE new.rowid BETWEEN ? AND ? ORDER BY new.rowid"
        )
        targets.append(target)
    if not replay:
        return None
    return tuple(replay), tuple(targets)


def suspendable_triggers(db: Database, table: str) -> list[Replayable]:
    """The AFTER INSERT triggers of ``table`` whose effect can be replayed set-based, in
    the order they were created; no two write the same table (that order would matter)."""
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
        "ORDER BY rowid",
        [table],
    ).fetchall()
    chosen: list[Replayable] = []
    written: set[str] = set()
    for name, sql in rows:
        found = replayable(sql or "", table)
        if found is None:
            continue
        replay, targets = found
        if written & set(targets) or len(set(targets)) != len(targets):
            continue
        written |= set(targets)
        chosen.append(Replayable(name, sql, replay, targets))
    return chosen


@contextmanager
def insert_triggers_set_based(db: Database, table: str, first: int, last: int) -> Iterator[None]:
    """Inside the block, insert rows with rowids ``first`` … ``last`` (and nothing else into
    ``table``, no update or delete of it): the replayable AFTER INSERT triggers are dropped,
    then applied once to those rows and created again with their own SQL. Must run inside
    the caller's write transaction; a failure in the block leaves everything as before."""
    if not db.conn.in_transaction:
        raise RuntimeError("insert_triggers_set_based() needs an open write transaction")
    with db.atomic():  # a savepoint: a failure takes back the drops and the rows
        suspended = suspendable_triggers(db, table)
        if suspended:
            highest = db.execute(f"SELECT max(rowid) FROM [{table}]").fetchone()[0]
            if highest is not None and highest >= first:
                raise RuntimeError(f"{table}: rowid {first} is not new (max is {highest})")
        for trigger in suspended:
            db.execute(f"DROP TRIGGER [{trigger.name}]")
        yield
        if not suspended:
            return
        highest = db.execute(f"SELECT max(rowid) FROM [{table}]").fetchone()[0]
        if highest is not None and highest > last:
            raise RuntimeError(f"{table}: rows after rowid {last} were inserted")
        for trigger in suspended:
            for statement in trigger.replay:
                db.execute(statement, [first, last])
        for trigger in suspended:
            db.execute(trigger.sql)
