"""The catalog of known laws (``data/laws.toml``): names, aliases, status and successors.

Kept as data so that a new law or alias needs no code change. Loaded once, lazily.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from glossary.errors import GlossaryError

PRC_PREFIX = "中华人民共和国"
_EDITION_SUFFIX = re.compile(r"[（(][^（）()]*\d{4}[^（）()]*[）)]$")  # （2023年修正）
_SPACES = re.compile(r"[\s\u3000\u2002\u200b《》〈〉<>]+")


@dataclass(frozen=True)
class LawInfo:
    """Facts about one law, as the catalog (or a user's --law) gives them."""

    slug: str
    name: str
    short_name: str
    aliases: tuple[str, ...] = ()
    status: str = "in_force"
    repealed_on: date | None = None
    repealed_by: str | None = None
    successor: str | None = None
    successor_part: str | None = None
    successor_articles: tuple[int, int] | None = None
    in_force_on: date | None = None
    in_catalog: bool = True
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    def names(self) -> tuple[str, ...]:
        return (self.slug, self.name, self.short_name, *self.aliases)


def catalog_path() -> Path:
    """Where the catalog lives: inside the installed wheel, else in the source tree's data/."""
    # The package's own folder, as importlib.resources.files("glossary") would give it for
    # an installed wheel — without importing importlib.resources (tens of ms on first use).
    packaged = Path(__file__).resolve().parents[1] / "_data" / "laws.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / "laws.toml"


def load_catalog(path: Path | None = None) -> dict[str, LawInfo]:
    """Read the catalog; a broken catalog is reported with its file and the TOML error."""
    path = path or catalog_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GlossaryError(
            "the law catalog is missing", str(path), "reinstall the project (make install)"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise GlossaryError(f"the law catalog is not valid TOML: {exc}", str(path)) from None
    laws = {}
    for slug, entry in raw.get("laws", {}).items():
        try:
            span = entry.get("successor_articles")
            laws[slug] = LawInfo(
                slug=slug,
                name=entry["name"],
                short_name=entry.get("short_name") or short_name_of(entry["name"]),
                aliases=tuple(entry.get("aliases", ())),
                status=entry.get("status", "in_force"),
                repealed_on=entry.get("repealed_on"),
                repealed_by=entry.get("repealed_by"),
                successor=entry.get("successor"),
                successor_part=entry.get("successor_part"),
                successor_articles=(int(span[0]), int(span[1])) if span else None,
                in_force_on=entry.get("in_force_on"),
            )
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise GlossaryError(
                f"law {slug!r} in the catalog is incomplete ({exc})",
                str(path),
                'each law needs at least name = "…"',
            ) from None
    return laws


@cache
def catalog() -> dict[str, LawInfo]:
    return load_catalog()


def normalise_name(name: str) -> str:
    """A law name reduced to what identifies it: no spaces, brackets, PRC prefix or edition."""
    name = _SPACES.sub("", name).strip()
    name = _EDITION_SUFFIX.sub("", name)
    if name.startswith(PRC_PREFIX) and len(name) > len(PRC_PREFIX):
        name = name[len(PRC_PREFIX) :]
    return name.lower()


def short_name_of(name: str) -> str:
    """中华人民共和国仲裁法 → 仲裁法."""
    return normalise_name(name) or name


def find_in_catalog(name: str, laws: dict[str, LawInfo] | None = None) -> LawInfo | None:
    """The catalog entry whose slug, name, short name or alias is ``name``, or None."""
    laws = catalog() if laws is None else laws
    wanted = normalise_name(name)
    if not wanted:
        return None
    for info in laws.values():
        if any(normalise_name(n) == wanted for n in info.names()):
            return info
    return None


def derive_slug(title: str) -> str:
    """A slug for a law missing from the catalog: the pinyin of its short name, hyphenated."""
    from pypinyin import lazy_pinyin  # only needed for unknown laws

    short = short_name_of(title)
    syllables = [s for s in lazy_pinyin(short, errors="ignore") if s.isascii()]
    slug = "-".join(re.sub(r"[^a-z0-9]+", "", s.lower()) for s in syllables)
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    if not slug:
        raise GlossaryError(
            f"cannot derive a slug from the title {title!r}",
            fix="give one with --law SLUG (lower-case letters, digits and hyphens)",
        )
    return slug


def law_info_for(title: str, slug: str | None = None) -> LawInfo:
    """The law a parsed text belongs to: by --law, else by its title, else a derived slug."""
    laws = catalog()
    if slug:
        if slug in laws:
            return laws[slug]
        found = find_in_catalog(slug, laws)
        if found:
            return found
        check_slug(slug)
        return LawInfo(slug=slug, name=title, short_name=short_name_of(title), in_catalog=False)
    found = find_in_catalog(title, laws)
    if found:
        return found
    return LawInfo(
        slug=derive_slug(title), name=title, short_name=short_name_of(title), in_catalog=False
    )


def check_slug(slug: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise GlossaryError(
            f"{slug!r} is not a valid law slug",
            fix="use lower-case letters, digits and single hyphens, e.g. minshi-susong-fa",
        )
    return slug
