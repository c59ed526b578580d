"""The interface's language: Simplified Chinese for mediators, English otherwise.

Strings the user sees are written in English in the code and looked up in a gettext
catalog (``src/glossary/locale/<lang>/LC_MESSAGES/glossary.po``, extracted and compiled
with Babel: ``make catalogs``). A translator updates the ``.po`` file; nothing else.

Rules for code:
- ``_("text")`` translates now, in the active language. Call it when the text is shown,
  never at import time (the language is chosen after the modules are imported).
- ``N_("text")`` only marks a constant for extraction; translate it where it is shown with
  ``_(CONSTANT)``.
- ``ngettext(singular, plural, n)`` for counts.
- ``translation(lang)`` gives one language's catalog without changing the active one
  (a handout in Chinese, written from an English session).
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path

DOMAIN = "glossary"
LOCALE_DIR = Path(__file__).parent / "locale"
CHINESE = "zh"
ENGLISH = "en"
LANGUAGES = (CHINESE, ENGLISH)
# The catalog folder for each language code the settings accept.
CATALOG_LOCALES = {CHINESE: "zh_CN"}
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_active: gettext.NullTranslations = gettext.NullTranslations()
_active_language = ENGLISH


def N_(message: str) -> str:
    """Mark ``message`` for the catalog; it is translated later, where it is shown."""
    return message


@cache
def translation(language: str) -> gettext.NullTranslations:
    """The catalog for ``language`` ("zh" or "en"); English is the text in the code."""
    locale = CATALOG_LOCALES.get(language)
    if locale is None:
        return gettext.NullTranslations()
    return load_catalog(LOCALE_DIR / locale / "LC_MESSAGES")


def load_catalog(folder: Path) -> gettext.NullTranslations:
    """The compiled catalog (``make`` compiles it); where only the ``.po`` is there (a
    copy installed without ``make``), Babel compiles it in memory, so the interface is
    never silently English."""
    compiled, source = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if compiled.exists() and (
        not source.exists() or compiled.stat().st_mtime >= source.stat().st_mtime
    ):
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if not source.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def language_from(setting: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language to use: the config's ``language`` when set, else the locale's.

    A locale whose language is Chinese (zh_CN.UTF-8, zh_TW, zh) gives Chinese; anything
    else, or no locale, gives English. The first locale variable that is set decides, as
    gettext does (LANGUAGE may list several, separated by colons).
    """
    if setting:
        return normalise(setting) or ENGLISH
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            first = value.split(":")[0]
            return CHINESE if first.lower().startswith("zh") else ENGLISH
    return ENGLISH


def normalise(setting: str) -> str | None:
    """ "zh", "zh_CN", "zh-Hans", "中文" → "zh"; "en", "en_GB" → "en"; anything else → None."""
    value = setting.strip().lower().replace("-", "_")
    if value.startswith("zh") or value in {"中文", "汉语", "chinese"}:
        return CHINESE
    if value.startswith("en") or value == "english":
        return ENGLISH
    return None


def use_language(language: str) -> None:
    """Make ``language`` the active one for every later ``_()``."""
    global _active, _active_language
    _active_language = language if language in LANGUAGES else ENGLISH
    _active = translation(_active_language)


def active_language() -> str:
    return _active_language


@contextmanager
def language(language: str) -> Iterator[None]:
    """Use ``language`` inside the block, then the one before (tests, one-off outputs)."""
    before = _active_language
    use_language(language)
    try:
        yield
    finally:
        use_language(before)


def _(message: str) -> str:
    """``message`` in the active language (the English text when it has no translation)."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)
