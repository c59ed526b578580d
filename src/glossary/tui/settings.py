"""What the app keeps per user, outside the database: settings (TOML in the per-user config
dir, written by hand) and state (JSON in the per-user data dir, written by the app).

The glossary file may be read-only or shared by a mediation office; a mediator's history
and bookmarks are their own, so they never go into it. No Textual import here.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary import i18n
from glossary.i18n import _
from glossary.store.usage import article_key

APP_NAME = "glossary"
HISTORY_LIMIT = 50
THEMES = {"dark": "textual-dark", "light": "textual-light"}


def config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_path() -> Path:
    return config_dir() / "config.toml"


def state_path() -> Path:
    return data_dir() / "app-state.json"


@dataclass
class Settings:
    """The user's settings, and every problem found reading them (shown, never fatal)."""

    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    dialect: str | None = None
    export_dir: str | None = None
    record_usage: bool = True  # count opened articles and empty searches (store.usage)
    edit: bool = False  # editor mode: type, accept and review Bai in the app
    translator: str | None = None  # who an edit in the app is by
    reviewer: str | None = None  # who marks Bai reviewed/approved (else the translator)
    language: str | None = None  # "zh" or "en"; None: the locale decides (glossary.i18n)
    problems: list[str] = field(default_factory=list)


CONFIG_EXAMPLE = """\
# ~/.config/glossary/config.toml
language = "zh"            # the interface: "zh" 中文 or "en" English (default: the locale)
theme = "light"            # or "dark"
dialect = "bca"            # Bai dialect shown first: bca, bfs, bfc
export_dir = "~/handouts"  # where handouts are written
record_usage = true        # false: count nothing (see the README: Usage counts)
edit = false               # true: editor mode (or `glossary --edit`)
translator = "NAME"        # who edits made in the app are by
reviewer = "NAME"          # who marks Bai reviewed/approved (default: translator)

[keymap]                   # binding id = key(s); F1 in the app lists the ids
"article.bookmark" = "m"
"""


def load_settings(path: Path | None = None, known_ids: set[str] | None = None) -> Settings:
    """Read config.toml. A missing file is no problem; a broken one gives defaults and a
    message that says what is wrong, where, and how to fix it."""
    path = path or config_path()
    settings = Settings()
    if not path.exists():
        return settings
    where = _("settings file {path}").format(path=path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        settings.problems.append(
            _(
                "{where}: not valid TOML ({error}) — fix the line or delete the file; "
                "default keys and theme are used for now"
            ).format(where=where, error=exc)
        )
        return settings
    except (OSError, UnicodeDecodeError) as exc:
        settings.problems.append(
            _("{where}: cannot be read ({error}); defaults are used").format(where=where, error=exc)
        )
        return settings
    read_settings(settings, data, known_ids, where)
    return settings


def read_settings(
    settings: Settings, data: dict[str, Any], known_ids: set[str] | None, where: str
) -> None:
    """Every key of the file into ``settings``; each problem said, the default kept."""
    read_theme(settings, data.get("theme"), where)
    read_language(settings, data.get("language"), where)
    for name in ("dialect", "export_dir", "translator", "reviewer"):
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            settings.problems.append(
                _("{where}: {name} must be text in quotes").format(where=where, name=name)
            )
        elif value is not None:
            setattr(settings, name, value)
    for name in ("record_usage", "edit"):
        read_flag(settings, name, data.get(name), where)
    read_keymap(settings, data.get("keymap", {}), known_ids, where)
    unknown = sorted(set(data) - KNOWN)
    if unknown:
        settings.problems.append(
            _("{where}: unknown setting(s) {names} — ignored").format(
                where=where, names=", ".join(unknown)
            )
        )


KNOWN = {"theme", "dialect", "export_dir", "record_usage", "edit", "translator", "reviewer"}
KNOWN |= {"keymap", "language"}


def read_flag(settings: Settings, name: str, value: Any, where: str) -> None:
    """A true/false setting; anything else is said and the default kept."""
    if value is None:
        return
    if isinstance(value, bool):
        setattr(settings, name, value)
    else:
        settings.problems.append(
            _("{where}: {name} must be true or false (no quotes)").format(where=where, name=name)
        )


def read_theme(settings: Settings, theme: Any, where: str) -> None:
    if theme is None:
        return
    if theme in THEMES or theme in THEMES.values():
        settings.theme = THEMES.get(theme, theme)
    else:
        settings.problems.append(
            _('{where}: theme {theme} is unknown — use "light" or "dark"').format(
                where=where, theme=repr(theme)
            )
        )


def read_language(settings: Settings, value: Any, where: str) -> None:
    """``language = "zh"`` (or "zh_CN", "中文") or "en"; anything else is said, the
    locale decides."""
    if value is None:
        return
    language = i18n.normalise(value) if isinstance(value, str) else None
    if language is None:
        settings.problems.append(
            _(
                '{where}: language {value} is unknown — use "zh" (中文) or "en" (English); '
                "the locale decides for now"
            ).format(where=where, value=repr(value))
        )
    else:
        settings.language = language


def read_keymap(settings: Settings, keymap: Any, known_ids: set[str] | None, where: str) -> None:
    """Binding id = key(s); an entry that names no binding or no key is said, not used."""
    if not isinstance(keymap, dict):
        settings.problems.append(
            _('{where}: [keymap] must be a table of binding id = "key"').format(where=where)
        )
        return
    for binding_id, keys in keymap.items():
        if not isinstance(keys, str) or not keys.strip():
            settings.problems.append(
                _('{where}: keymap {id} must be a key in quotes, e.g. "ctrl+b"').format(
                    where=where, id=repr(binding_id)
                )
            )
        elif known_ids is not None and binding_id not in known_ids:
            settings.problems.append(
                _("{where}: keymap {id} is not a binding id — F1 lists them").format(
                    where=where, id=repr(binding_id)
                )
            )
        else:
            settings.keymap[binding_id] = keys.strip()


def article_ref_key(ref: dict[str, Any]) -> str:
    """A stored article reference as the one article key (store.usage.article_key)."""
    return article_key(ref["law"], ref["revision"], ref["article"], ref.get("sub", 0))


@dataclass
class State:
    """Searches, opened articles and bookmarks, kept across restarts. Entries are plain
    dicts so the file stays readable; the newest comes first."""

    path: Path
    searches: list[str] = field(default_factory=list)
    opened: list[dict[str, Any]] = field(default_factory=list)
    bookmarks: list[dict[str, Any]] = field(default_factory=list)
    theme: str | None = None
    export_dir: str | None = None
    problem: str | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> State:
        path = path or state_path()
        state = cls(path)
        if not path.exists():
            return state
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            state.searches = [s for s in data.get("searches", []) if isinstance(s, str)]
            state.opened = [o for o in data.get("opened", []) if _is_ref(o)]
            state.bookmarks = [b for b in data.get("bookmarks", []) if _is_ref(b)]
            state.theme = data.get("theme") if isinstance(data.get("theme"), str) else None
            export_dir = data.get("export_dir")
            state.export_dir = export_dir if isinstance(export_dir, str) else None
        except (OSError, ValueError, AttributeError) as exc:
            state.problem = _(
                "history file {path} could not be read ({error}); starting afresh"
            ).format(path=path, error=exc)
        return state

    def save(self) -> None:
        """Write atomically (temp file + rename), so a crash never leaves half a file."""
        data = {
            "searches": self.searches[:HISTORY_LIMIT],
            "opened": self.opened[:HISTORY_LIMIT],
            "bookmarks": self.bookmarks,
            "theme": self.theme,
            "export_dir": self.export_dir,
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            self.problem = _("history could not be saved to {path} ({error})").format(
                path=self.path, error=exc.strerror
            )

    def add_search(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        self.searches = [text, *[s for s in self.searches if s != text][: HISTORY_LIMIT - 1]]

    def add_opened(self, ref: dict[str, Any]) -> None:
        key = article_ref_key(ref)
        rest = [o for o in self.opened if article_ref_key(o) != key]
        self.opened = [ref, *rest[: HISTORY_LIMIT - 1]]

    def is_bookmarked(self, ref: dict[str, Any]) -> bool:
        key = article_ref_key(ref)
        return any(article_ref_key(b) == key for b in self.bookmarks)

    def toggle_bookmark(self, ref: dict[str, Any]) -> bool:
        """Add or remove; returns True when the article is now bookmarked."""
        key = article_ref_key(ref)
        if self.is_bookmarked(ref):
            self.bookmarks = [b for b in self.bookmarks if article_ref_key(b) != key]
            return False
        self.bookmarks.insert(0, ref)
        return True


def _is_ref(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("law"), str)
        and isinstance(value.get("revision"), str)
        and isinstance(value.get("article"), int)
    )
