"""The interface catalogs: every string the code marks is translated, and what the app
loads is compiled from the .po a translator edits (``make catalogs``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from glossary import i18n

SRC = Path(i18n.__file__).parent
LOCALES = SRC / "locale"


def marked_in_code() -> set[str]:
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        SRC.parent, method_map=[("glossary/**.py", "python")]
    ):
        # a plural (ngettext) is one catalog entry, found by its singular
        found.add(message if isinstance(message, str) else message[0])
    return found


def key(message: str | list[str] | tuple[str, ...]) -> str | tuple[str, ...]:
    """A message id or string as a dict key (a plural's forms as a tuple)."""
    return message if isinstance(message, str) else tuple(message)


def catalog(locale: str) -> Catalog:
    with (LOCALES / locale / "LC_MESSAGES" / "glossary.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def translated(string: str | tuple[str, ...]) -> bool:
    """A translation, every plural form of it filled in."""
    return all(string) if isinstance(string, tuple) else bool(string)


@pytest.mark.parametrize("locale", sorted(i18n.CATALOG_LOCALES.values()))
def test_every_marked_string_is_translated(locale: str) -> None:
    po = catalog(locale)
    missing = sorted(
        text
        for text in marked_in_code()
        if (entry := po.get(text)) is None or entry.fuzzy or not translated(entry.string)
    )
    assert not missing, f"untranslated in {locale} (run make catalogs, then translate): {missing}"


@pytest.mark.parametrize("locale", sorted(i18n.CATALOG_LOCALES.values()))
def test_translations_keep_the_placeholders(locale: str) -> None:
    problems = [
        f"{message.id!r}: {error}"
        for message, errors in catalog(locale).check()
        for error in errors
    ]
    assert not problems


@pytest.mark.parametrize("locale", sorted(i18n.CATALOG_LOCALES.values()))
def test_the_compiled_catalog_is_the_po(locale: str) -> None:
    mo_path = LOCALES / locale / "LC_MESSAGES" / "glossary.mo"
    assert mo_path.exists(), "the catalog is not compiled: run make (make test compiles it)"
    with mo_path.open("rb") as handle:
        compiled = {key(m.id): key(m.string) for m in read_mo(handle) if m.id}
    source = {
        key(m.id): key(m.string)
        for m in catalog(locale)
        if m.id and translated(m.string) and not m.fuzzy
    }
    assert compiled == source, "the .mo is older than the .po: run make"


def test_language_follows_the_setting_then_the_locale() -> None:
    assert i18n.language_from("zh", {"LANG": "en_US.UTF-8"}) == "zh"
    assert i18n.language_from("en", {"LANG": "zh_CN.UTF-8"}) == "en"
    assert i18n.language_from(None, {"LANG": "zh_CN.UTF-8"}) == "zh"
    assert i18n.language_from(None, {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US"}) == "zh"
    assert i18n.language_from(None, {"LANGUAGE": "en:zh", "LANG": "zh_CN"}) == "en"
    assert i18n.language_from(None, {"LANG": "C.UTF-8"}) == "en"
    assert i18n.language_from(None, {}) == "en"


def test_a_language_block_restores_the_one_before() -> None:
    before = i18n.active_language()
    with i18n.language("zh"):
        assert i18n.active_language() == "zh"
    assert i18n.active_language() == before


def test_a_catalog_installed_without_make_is_compiled_from_the_po(tmp_path: Path) -> None:
    """A copy with only the .po (no make run) still speaks Chinese, and a .po newer than
    its .mo wins, so a translator's edit shows before anyone recompiles."""
    folder = tmp_path / "LC_MESSAGES"
    folder.mkdir()
    po = LOCALES / "zh_CN" / "LC_MESSAGES" / "glossary.po"
    (folder / "glossary.po").write_bytes(po.read_bytes())
    assert i18n.load_catalog(folder).gettext("in force") == "现行有效"
    (folder / "glossary.mo").write_bytes(b"")  # an old, broken compile
    os.utime(folder / "glossary.mo", (0, 0))
    assert i18n.load_catalog(folder).gettext("in force") == "现行有效"
    assert i18n.load_catalog(tmp_path).gettext("in force") == "in force"  # no catalog at all
