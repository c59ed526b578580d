"""The words editors' spreadsheets use: column names, dialects, statuses, article numbers.

Headers and values may be English or Chinese (法律, 白文, 中部, 已审校); these tables and
parsers say what each means, for the clause and the term import alike.
"""

from __future__ import annotations

import re
import unicodedata

from glossary.io.tabular import header_key
from glossary.lawtext.refs import parse_ref

#: A recording in the clause and term CSVs (io.audio_import): ``audio`` is the sound file,
#: relative to the CSV; speaker, date recorded and licence describe it.
AUDIO_COLUMNS: dict[str, tuple[str, ...]] = {
    "audio": ("录音", "音频", "audio file"),
    "speaker": ("发音人", "说话人"),
    "recorded_on": ("录音日期", "recorded"),
    "licence": ("license", "许可", "许可证"),
}

CLAUSE_COLUMNS: dict[str, tuple[str, ...]] = {
    "law": ("法律", "法规", "法律名称"),
    "revision": ("修订", "版本", "修订版本"),
    "article": ("条", "条号"),
    "paragraph": ("款", "款项", "项"),
    "dialect": ("方言",),
    "bai": ("白文", "白语"),
    "han": ("汉文", "中文"),
    "status": ("状态",),
    "translator": ("译者", "翻译"),
    "note": ("备注", "notes"),
    "alternative": ("备选", "备选译文", "本处专用"),  # this place's own, never carried
}
CLAUSE_COLUMNS.update(AUDIO_COLUMNS)
CLAUSE_REQUIRED = ("law", "revision", "article", "paragraph", "bai")

#: The worksheet's header (``glossary export worksheet``): column → the cell written. Every
#: cell is matched back to its column by the clause import (the read-only ones by their full
#: text: "existing bai 现有白文" must not be taken for the bai column).
WORKSHEET_HEADER: dict[str, str] = {
    "law": "law 法律",
    "revision": "revision 修订",
    "article": "article 条",
    "paragraph": "paragraph 款项",
    "dialect": "dialect 方言",
    "han": "han 汉文",
    "existing": "existing bai 现有白文",
    "existing_status": "existing status 现有状态",
    "carried": "carried 沿用译文",
    "suggestion": "suggestion (machine) 机器建议",
    "terms": "terms 术语",
    "bai": "bai 白文 (fill in 填写)",
    "status": "status 状态",
    "translator": "translator 译者",
    "note": "note 备注",
}
#: The worksheet's read-only columns: known to the clause import (no "unknown column"
#: warning) and never read by it; a header naming one of them makes the file a worksheet,
#: whose empty bai cells are rows left to translate, not mistakes.
WORKSHEET_READ_ONLY: dict[str, tuple[str, ...]] = {
    "existing": ("现有白文", "existing bai", WORKSHEET_HEADER["existing"]),
    "existing_status": ("现有状态", "existing status", WORKSHEET_HEADER["existing_status"]),
    "carried": ("沿用译文", WORKSHEET_HEADER["carried"]),
    "suggestion": ("机器建议", "suggestion (machine)", WORKSHEET_HEADER["suggestion"]),
    "terms": ("术语", WORKSHEET_HEADER["terms"]),
}
CLAUSE_COLUMNS.update(WORKSHEET_READ_ONLY)

TERM_COLUMNS: dict[str, tuple[str, ...]] = {
    "han": ("术语", "汉文", "term"),
    "bai": ("白文", "白语"),
    "dialect": ("方言",),
    "script": ("文字",),
    "variety": ("土语", "变体"),
    "definition": ("释义", "定义"),
    "status": ("状态",),
    "source": ("来源", "出处"),
    "articles": ("条文",),
    "domain": ("领域", "类别"),
    "english": ("英文", "英语"),
    "concepticon_id": ("concepticon", "概念编号"),
}
TERM_COLUMNS.update(AUDIO_COLUMNS)
TERM_REQUIRED = ("han", "bai")

#: A synonym table (``word, term, kind, note, source``): the words people say for a term.
SYNONYM_COLUMNS: dict[str, tuple[str, ...]] = {
    "word": ("词", "说法", "俗称", "同义词", "synonym"),
    "term": ("术语", "han"),
    "kind": ("类型", "种类"),
    "note": ("备注", "说明"),
    "source": ("来源", "出处"),
}
SYNONYM_REQUIRED = ("word", "term")
# A term list (no bai column: the starter glossary) gives terms with their own fields.
TERM_LIST_REQUIRED = ("han", "definition")

DIALECT_NAMES: dict[str, str] = {
    "bca": "bca", "中部": "bca", "剑川": "bca", "central": "bca",
    "bfs": "bfs", "南部": "bfs", "大理": "bfs", "southern": "bfs",
    "bfc": "bfc", "北部": "bfc", "碧江": "bfc", "northern": "bfc",
}  # fmt: skip
CLAUSE_STATUSES: dict[str, str] = {
    "draft": "draft", "草稿": "draft", "初稿": "draft",
    "reviewed": "reviewed", "已审": "reviewed", "已审核": "reviewed", "审核": "reviewed",
    "已审校": "reviewed", "审校": "reviewed",
    "approved": "approved", "已审定": "approved", "审定": "approved", "已批准": "approved",
    "批准": "approved", "定稿": "approved",
}  # fmt: skip
YES_NO: dict[str, bool] = {
    "yes": True, "y": True, "true": True, "1": True, "是": True, "对": True,
    "no": False, "n": False, "false": False, "0": False, "否": False, "不": False,
}  # fmt: skip
FORM_STATUSES: dict[str, str] = {
    "preferred": "preferred", "首选": "preferred", "推荐": "preferred",
    "admitted": "admitted", "可用": "admitted", "认可": "admitted",
    "deprecated": "deprecated", "弃用": "deprecated", "不推荐": "deprecated",
    "proposed": "proposed", "建议": "proposed", "拟议": "proposed",
}  # fmt: skip
TERM_STATUSES = FORM_STATUSES  # the same four for a term and for a Bai form
SYNONYM_KIND_NAMES: dict[str, str] = {
    "synonym": "synonym", "同义词": "synonym", "近义词": "synonym", "formal": "synonym",
    "everyday": "everyday", "colloquial": "everyday", "口语": "everyday", "俗称": "everyday",
    "日常": "everyday", "日常用语": "everyday",
    "abbreviation": "abbreviation", "简称": "abbreviation", "缩略": "abbreviation",
}  # fmt: skip
SCRIPTS: dict[str, str] = {
    "latin": "latin", "拉丁": "latin", "拉丁字母": "latin", "拼音": "latin",
    "ipa": "ipa", "国际音标": "ipa", "音标": "ipa",
}  # fmt: skip
_DIALECT_SUFFIXES = ("方言", "白语", "话", "dialect", "bai")
_ARTICLE = re.compile(r"(\d+)(?:\s*[-之]\s*(\d+))?")
_SPACE = re.compile(r"\s+")
PREVIEW_CHARS = 160


def lookup(text: str, names: dict[str, str]) -> str | None:
    key = header_key(text)
    if key in names:
        return names[key]
    for piece in re.split(r"[/|()（）,，、]+", text):
        found = names.get(header_key(piece))
        if found:
            return found
    return None


def parse_dialect(text: str) -> str | None:
    """bca | bfs | bfc from a code or a Chinese/English name (中部, 剑川方言, Southern)."""
    found = lookup(text, DIALECT_NAMES)
    if found:
        return found
    key = header_key(text)
    for suffix in _DIALECT_SUFFIXES:
        if key.endswith(suffix) and key != suffix:
            return DIALECT_NAMES.get(key[: -len(suffix)])
    return None


def parse_article(text: str) -> tuple[int, int] | None:
    """(number, sub) from ``122``, ``122-1``, ``第一百二十二条之一``."""
    text = unicodedata.normalize("NFKC", text).strip()
    match = _ARTICLE.fullmatch(text)
    if match:
        number, sub = int(match[1]), int(match[2] or 0)
        return (number, sub) if 0 < number < 100_000 and sub < 1000 else None
    ref = parse_ref(text)
    if ref is not None and not ref.law:
        return ref.number, ref.sub
    return None


def article_number(number: int, sub: int) -> str:
    """How an article is written in a file: ``122``, or ``122-1`` for 第一百二十二条之一."""
    return f"{number}-{sub}" if sub else str(number)


def squash(text: str) -> str:
    """Text for the Han cross-check: without any whitespace."""
    return _SPACE.sub("", text)


def clip(text: str, limit: int = PREVIEW_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
