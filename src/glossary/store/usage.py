"""Usage counts: which articles the app opens and which searches find nothing, so editors
translate what is asked for first and add the terms and synonyms people look for.

Counts only — an article key (``law/revision/article/sub``) or a normalised query, and how
many times — in one JSON file in the per-user data folder (never in the glossary database,
which may be shared or read-only). Nothing else is kept: no times, no names.

Mediators sit in different rooms, so each file belongs to one machine (a random id made
the first time) and keeps its counts per machine: merging another machine's file takes, for
that machine, the larger of each count it has and the one the file has. Merging the same
file twice, or a newer copy of it, therefore counts nothing twice; a machine's own counts
are only ever changed by that machine.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError

FORMAT = "glossary-usage"
VERSION = 1
KINDS = ("opened", "misses")


def usage_path() -> Path:
    """``usage.json`` in the per-user data folder (``~/.local/share/glossary`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("glossary", appauthor=False) / "usage.json"


def article_key(law: str, revision: str, number: int, sub: int = 0) -> str:
    """What an opened article is counted under: ``minshi-susong-fa/2023/122/0``."""
    return f"{law}/{revision}/{number}/{sub}"


def miss_key(query: str) -> str:
    """A search as counted: normalised (NFKC, simplified, lower case), spaces collapsed, so
    ``離婚`` and ``离婚 `` are one miss."""
    from glossary.han.text import normalise

    return " ".join(normalise(query).split())


@dataclass
class Usage:
    """One machine's file: its id and the counts of every machine merged into it."""

    path: Path
    machine: str = field(default_factory=lambda: uuid.uuid4().hex)
    machines: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    def own(self, kind: str) -> dict[str, int]:
        return self.machines.setdefault(self.machine, {k: {} for k in KINDS})[kind]

    def totals(self, kind: str) -> Counter[str]:
        """``opened`` or ``misses`` summed over the machines."""
        total: Counter[str] = Counter()
        for counts in self.machines.values():
            total.update(counts.get(kind, {}))
        return total

    def save(self) -> None:
        """Write atomically (temp file + rename): a crash never leaves half a file."""
        data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "machine": self.machine}
        data["machines"] = self.machines
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)


def _counts(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and type(v) is int and v > 0}


def read_usage(path: Path) -> Usage:
    """The counts in ``path``; a file that is not a usage file is one clear error."""
    fix = "give a usage.json written by glossary (the per-user data folder of each machine)"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GlossaryError("no such file", str(path), fix) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise GlossaryError(f"not a readable usage file ({exc})", str(path), fix) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GlossaryError("not a glossary usage file", str(path), fix)
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise GlossaryError(
            f"written by a newer glossary (version {data.get('version')!r})",
            str(path),
            "update glossary on this machine",
        )
    machines = data.get("machines") if isinstance(data.get("machines"), dict) else {}
    usage = Usage(path, machine=str(data.get("machine") or uuid.uuid4().hex))
    for machine, counts in (machines or {}).items():
        if isinstance(counts, dict):
            usage.machines[str(machine)] = {k: _counts(counts.get(k)) for k in KINDS}
    return usage


def load_usage(path: Path | None = None) -> Usage:
    """This machine's counts; a missing file is an empty one (with a new machine id)."""
    path = path or usage_path()
    if not path.exists():
        return Usage(path)
    return read_usage(path)


def _record(kind: str, key: str, path: Path | None) -> None:
    """Add one to a count: read, add, write at once, so two app windows lose nothing."""
    if not key:
        return
    usage = load_usage(path)
    counts = usage.own(kind)
    counts[key] = counts.get(key, 0) + 1
    usage.save()


def record_open(key: str, path: Path | None = None) -> None:
    """Count one opening of the article ``key`` (:func:`article_key`)."""
    _record("opened", key, path)


def record_miss(query: str, path: Path | None = None) -> None:
    """Count one search that found nothing."""
    _record("misses", miss_key(query), path)


@dataclass
class MergeReport:
    files: int = 0
    machines: set[str] = field(default_factory=set)
    changed: int = 0  # counts that grew


def merge(usage: Usage, others: Iterable[Usage]) -> MergeReport:
    """Take every other machine's counts into ``usage``: per count the larger (idempotent)."""
    report = MergeReport()
    for other in others:
        report.files += 1
        for machine, counts in other.machines.items():
            if machine == usage.machine:
                continue  # our own counts are only ever ours to change
            report.machines.add(machine)
            mine = usage.machines.setdefault(machine, {k: {} for k in KINDS})
            for kind in KINDS:
                report.changed += _take_larger(mine.setdefault(kind, {}), counts.get(kind, {}))
    return report


def _take_larger(mine: dict[str, int], theirs: Mapping[str, int]) -> int:
    grew = 0
    for key, count in theirs.items():
        if count > mine.get(key, 0):
            mine[key] = count
            grew += 1
    return grew


def top_misses(usage: Usage, limit: int | None = None) -> list[tuple[str, int]]:
    """The searches that found nothing, most frequent first (then alphabetical)."""
    ranked = sorted(usage.totals("misses").items(), key=lambda item: (-item[1], item[0]))
    return ranked[:limit] if limit else ranked


__all__ = [
    "MergeReport",
    "Usage",
    "article_key",
    "load_usage",
    "merge",
    "miss_key",
    "read_usage",
    "record_miss",
    "record_open",
    "top_misses",
    "usage_path",
]
