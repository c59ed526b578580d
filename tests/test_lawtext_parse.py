"""The law-text parser: the real corpus against a simple independent oracle, made-up texts
in each layout and its variants, and fuzzing (parse or GlossaryError, nothing else)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import cn2an
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import corpus_dir
from glossary.errors import GlossaryError
from glossary.lawtext.model import LEVELS, Article, ParsedLaw
from glossary.lawtext.parse import parse_law, tidy

LAWS = corpus_dir() / "laws"
# The corpus is required: the `laws_dir` fixture fails (never skips) when it is missing.
needs_corpus = pytest.mark.usefixtures("laws_dir")


# --- the real corpus --------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    file: str
    layout: str
    first: int
    articles: int
    paragraphs: int  # every 款 and 项, first paragraphs included, as SOURCES.md counts
    items: int
    decided_on: date
    in_force_on: date | None
    part: str | None = None


CORPUS = [
    Expected("minshi-susong-fa-2023.md", "lawrefbook", 1, 306, 667, 194, date(2023, 9, 1), None),
    Expected("minshi-susong-fa-2021.md", "lawrefbook", 1, 291, 621, 171, date(2021, 12, 24), None),
    Expected("minshi-susong-fa-2017.md", "risshun", 1, 284, 595, 157, date(2017, 6, 27), None),
    Expected("minshi-susong-fa-2012.md", "risshun", 1, 284, 594, 157, date(2012, 8, 31), None),
    Expected("minshi-susong-fa-2007.md", "risshun", 1, 268, 555, 140, date(2007, 10, 28), None),
    Expected("hunyin-fa-2001.md", "flk", 1, 51, 104, 25, date(2001, 4, 28), date(2001, 4, 28)),
    Expected(
        "minfadian-2020-hunyin-jiating-bian.md",
        "lawrefbook",
        1040,
        79,
        163,
        36,
        date(2020, 5, 28),
        None,
        part="婚姻家庭编",
    ),
    Expected(
        "renmin-tiaojie-fa-2010.md",
        "lawrefbook",
        1,
        35,
        63,
        17,
        date(2010, 8, 28),
        date(2011, 1, 1),
    ),
]
IDS = [expected.file.removesuffix(".md") for expected in CORPUS]


@cache
def corpus_law(file: str) -> ParsedLaw:
    path = LAWS / file
    return parse_law(path.read_text(encoding="utf-8"), str(path))


# A deliberately simple oracle: one regex per layout over the raw file, nothing shared with
# the parser. Article lines start a list; following indented/plain lines are its 款 and 项.
_ORACLE_NUM = "[一二三四五六七八九十百千零]+"
ORACLE_ARTICLE = {
    "lawrefbook": re.compile(rf"^第({_ORACLE_NUM})条 (.+)$"),
    "risshun": re.compile(rf"^\*\*第({_ORACLE_NUM})条\*\* (.+)$"),
    "flk": re.compile(rf"^\u3000\u3000第({_ORACLE_NUM})条\u3000(.+)$"),
}


def oracle(raw: str, layout: str) -> list[tuple[int, list[str]]]:
    articles: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    for line in raw.split("\n"):
        line = line.replace("\u200b", "").rstrip()
        if match := ORACLE_ARTICLE[layout].match(line):
            current = [match.group(2)]
            articles.append((int(cn2an.cn2an(match.group(1), "strict")), current))
        elif not line:
            continue
        elif line.startswith("#") or (layout == "flk" and not line.startswith("\u3000\u3000")):
            current = None  # a heading ends the article
        elif current is not None:
            current.append(line.strip("\u3000"))
    return articles


def oracle_heading_count(raw: str, layout: str) -> int:
    pattern = r"^第\S+?[编章节]\u3000" if layout == "flk" else r"^#+ 第\S+?[编章节]\s"
    return len(re.findall(pattern, raw, flags=re.M))


@needs_corpus
@pytest.mark.parametrize("expected", CORPUS, ids=IDS)
def test_corpus_articles_are_consecutive(expected: Expected) -> None:
    law = corpus_law(expected.file)
    numbers = [article.number for article in law.articles]
    assert numbers == list(range(expected.first, expected.first + expected.articles))
    assert all(article.sub == 0 for article in law.articles)
    assert law.layout == expected.layout


@needs_corpus
@pytest.mark.parametrize("expected", CORPUS, ids=IDS)
def test_corpus_paragraph_and_item_counts(expected: Expected) -> None:
    paragraphs = [p for article in corpus_law(expected.file).articles for p in article.paragraphs]
    items = [p for p in paragraphs if p.kind == "item"]
    assert (len(paragraphs), len(items)) == (expected.paragraphs, expected.items)
    assert all(re.fullmatch(r"（[一二三四五六七八九十]+）", p.label or "") for p in items)
    assert all(p.label is None for p in paragraphs if p.kind == "paragraph")


@needs_corpus
@pytest.mark.parametrize("expected", CORPUS, ids=IDS)
def test_corpus_text_matches_oracle_paragraph_for_paragraph(expected: Expected) -> None:
    raw = (LAWS / expected.file).read_text(encoding="utf-8")
    want = oracle(raw, expected.layout)
    got = [
        (article.number, article.han.split("\n")) for article in corpus_law(expected.file).articles
    ]
    assert len(want) == expected.articles
    for (want_number, want_lines), (got_number, got_lines) in zip(want, got, strict=True):
        assert got_number == want_number
        assert got_lines == want_lines, f"article {want_number}"


@needs_corpus
@pytest.mark.parametrize("expected", CORPUS, ids=IDS)
def test_corpus_dates_and_titles(expected: Expected) -> None:
    law = corpus_law(expected.file)
    assert law.decided_on == expected.decided_on
    assert law.in_force_on == expected.in_force_on
    assert law.part == expected.part
    assert law.title.startswith("中华人民共和国")
    assert law.title in {
        "中华人民共和国民事诉讼法",
        "中华人民共和国婚姻法",
        "中华人民共和国民法典",
        "中华人民共和国人民调解法",
    }


@needs_corpus
@pytest.mark.parametrize("expected", CORPUS, ids=IDS)
def test_corpus_every_heading_once_and_paths_nest(expected: Expected) -> None:
    law = corpus_law(expected.file)
    raw = (LAWS / expected.file).read_text(encoding="utf-8")
    assert len(law.headings) == oracle_heading_count(raw, expected.layout)
    for article in law.articles:
        levels = [LEVELS.index(h.level) for h in article.path]
        assert levels == sorted(set(levels))
        assert all(h in law.headings and h.line < article.line for h in article.path)
        assert all(not re.search(r"\s", h.title) for h in article.path)


def path_of(law: ParsedLaw, number: int) -> list[tuple[str, int, str]]:
    article = next(a for a in law.articles if a.number == number)
    return [(h.level, h.number, h.title) for h in article.path]


@needs_corpus
@pytest.mark.parametrize(
    ("file", "number", "path"),
    [
        (
            "minshi-susong-fa-2023.md",
            122,
            [("编", 2, "审判程序"), ("章", 12, "第一审普通程序"), ("节", 1, "起诉和受理")],
        ),
        ("minshi-susong-fa-2023.md", 1, [("编", 1, "总则"), ("章", 1, "任务、适用范围和基本原则")]),
        ("minshi-susong-fa-2023.md", 47, [("编", 1, "总则"), ("章", 4, "回避")]),
        (
            "minshi-susong-fa-2017.md",
            17,
            [("编", 1, "总则"), ("章", 2, "管辖"), ("节", 1, "级别管辖")],
        ),
        ("minshi-susong-fa-2017.md", 39, [("编", 1, "总则"), ("章", 3, "审判组织")]),
        ("minfadian-2020-hunyin-jiating-bian.md", 1040, [("章", 1, "一般规定")]),
        ("minfadian-2020-hunyin-jiating-bian.md", 1079, [("章", 4, "离婚")]),
        (
            "minfadian-2020-hunyin-jiating-bian.md",
            1093,
            [("章", 5, "收养"), ("节", 1, "收养关系的成立")],
        ),
        ("hunyin-fa-2001.md", 1, [("章", 1, "总则")]),
        ("hunyin-fa-2001.md", 51, [("章", 6, "附则")]),
        ("renmin-tiaojie-fa-2010.md", 35, [("章", 6, "附则")]),
    ],
)
def test_corpus_known_paths(file: str, number: int, path: list[tuple[str, int, str]]) -> None:
    assert path_of(corpus_law(file), number) == path


@needs_corpus
def test_corpus_flk_front_matter_and_toc() -> None:
    law = corpus_law("hunyin-fa-2001.md")
    assert law.metadata["title"] == "中华人民共和国婚姻法"
    assert law.metadata["effective_date"] == "2001-04-28 00:00:00"
    assert [(h.number, h.title) for h in law.headings][:2] == [(1, "总则"), (2, "结婚")]
    assert law.headings[0].line > 30  # the real heading, not its copy in the table of contents
    assert [(d.on, d.action) for d in law.decisions[:2]] == [
        (date(1980, 9, 10), "通过"),
        (date(2001, 4, 28), "修正"),
    ]


@needs_corpus
def test_corpus_decision_texts_are_clean() -> None:
    law = corpus_law("minshi-susong-fa-2017.md")  # pangu spaces: 根据 2012 年 8 月 31 日…
    assert [d.on for d in law.decisions] == [
        date(1991, 4, 9),
        date(2007, 10, 28),
        date(2012, 8, 31),
        date(2017, 6, 27),
    ]
    assert law.decisions[2].text.startswith("2012年8月31日第十一届")
    assert law.decisions[2].text.endswith("第二次修正")


# --- made-up texts in each layout --------------------------------------------------------

LAWREFBOOK = """# 中华人民共和国茶园管理法

2001年3月4日 第九届全国人民代表大会常务委员会第二十次会议通过

2009年6月7日 第十一届全国人大常委会第九次会议《关于修改〈茶园管理法〉的决定》修正\u3000

<!-- INFO END -->

## 第一章 总 则

\u200b

第一条 为了规范茶园管理，保护茶农的合法权益，制定本法。

第二条 本法所称茶园，是指种植茶树的土地。

茶园的经营应当遵循下列原则：

（一）自愿、平等；

（二）保护生态。

\u200b

## 第二章\u2002\u2002附则

第三条 本法自2010年1月1日起施行。"""


def test_lawrefbook_layout() -> None:
    law = parse_law(LAWREFBOOK)
    assert law.layout == "lawrefbook"
    assert law.title == "中华人民共和国茶园管理法"
    assert [a.number for a in law.articles] == [1, 2, 3]
    second = law.articles[1]
    assert [(p.kind, p.label, p.han) for p in second.paragraphs] == [
        ("paragraph", None, "本法所称茶园，是指种植茶树的土地。"),
        ("paragraph", None, "茶园的经营应当遵循下列原则："),
        ("item", "（一）", "自愿、平等；"),
        ("item", "（二）", "保护生态。"),
    ]
    assert [(h.label, h.title) for h in law.headings] == [("第一章", "总则"), ("第二章", "附则")]
    assert [h.title for h in law.articles[2].path] == ["附则"]
    assert law.decided_on == date(2009, 6, 7)
    assert law.in_force_on is None  # amended: the final article's date is the original one
    assert (
        second.line == LAWREFBOOK.split("\n").index("第二条 本法所称茶园，是指种植茶树的土地。") + 1
    )


RISSHUN = """# 中华人民共和国茶园管理法

- 2001 年 3 月 4 日第九届全国人民代表大会常务委员会第二十次会议通过
- 根据 2009 年 6 月 7 日第十一届全国人大常委会第九次会议《关于修改<茶园管理法>的决定》修正

## 目录

<!-- vim-markdown-toc GFM -->

- [第一章 总则](#第一章-总则)
  - [第一节 一般规定](#第一节-一般规定)
- [第二章 附则](#第二章-附则)

<!-- vim-markdown-toc -->

## 第一章 总则

### 第一节 一般规定

**第一条** 为了规范茶园管理，制定本法。
**第二条** 茶园的经营应当遵循下列原则：
（一）自愿、平等；
（二）保护生态。
茶园经营者应当依法纳税。

## 第二章 附则

**第三条** 本法自2010年1月1日起施行。
"""


def test_risshun_layout() -> None:
    law = parse_law(RISSHUN)
    assert law.layout == "risshun"
    assert [a.number for a in law.articles] == [1, 2, 3]
    assert law.articles[1].han == (
        "茶园的经营应当遵循下列原则：\n（一）自愿、平等；\n（二）保护生态。\n茶园经营者应当依法纳税。"
    )
    assert [(h.level, h.number) for h in law.headings] == [("章", 1), ("节", 1), ("章", 2)]
    assert path_of(law, 1) == [("章", 1, "总则"), ("节", 1, "一般规定")]
    assert path_of(law, 3) == [("章", 2, "附则")]  # opening a 章 closes the 节
    assert [(d.on, d.action) for d in law.decisions] == [
        (date(2001, 3, 4), "通过"),
        (date(2009, 6, 7), "修正"),
    ]
    assert law.decisions[1].text.startswith("2009年6月7日第十一届")


FLK = """---
id: "dGVzdA%3D%3D"
title: "中华人民共和国茶园管理法"
office: "全国人民代表大会常务委员会"
publish: "2009-06-07 00:00:00"
effective_date: "2009-10-01 00:00:00"
status: "有效"
---

# 中华人民共和国茶园管理法

中华人民共和国茶园管理法

> （2001年3月4日第九届全国人大常委会第二十次会议通过\u3000根据2009年6月7日\
第十一届全国人大常委会第九次会议《关于修改﹤茶园管理法﹥的决定》修正）

目\u3000\u3000录

\u3000\u3000第一章\u3000总则

\u3000\u3000第二章\u3000茶园经营

\u3000\u3000第三章\u3000附则

第一章\u3000总\u3000\u3000则

\u3000\u3000第一条\u3000为了规范茶园管理，制定本法。

\u3000\u3000第二条\u3000国家鼓励种植茶树。

第二章\u3000茶园经营

\u3000\u3000第三条\u3000茶园经营者应当遵守下列规定：

\u3000\u3000（一）不得滥用农药；

\u3000\u3000（二）按时采摘。

第三章\u3000附则

\u3000\u3000第四条\u3000本法自2001年7月1日起施行。
"""


def test_flk_layout() -> None:
    law = parse_law(FLK)
    assert law.layout == "flk"
    assert law.metadata["status"] == "有效"
    assert law.metadata["id"] == "dGVzdA%3D%3D"
    assert law.title == "中华人民共和国茶园管理法"
    assert [(h.number, h.title) for h in law.headings] == [
        (1, "总则"),
        (2, "茶园经营"),
        (3, "附则"),
    ]
    assert path_of(law, 3) == [("章", 2, "茶园经营")]
    assert (
        law.articles[2].han
        == "茶园经营者应当遵守下列规定：\n（一）不得滥用农药；\n（二）按时采摘。"
    )
    assert law.decided_on == date(2009, 6, 7)
    assert law.in_force_on == date(2009, 10, 1)  # front matter, not 2001-07-01 of article 4
    assert {d.action for d in law.decisions} == {"通过", "修正", "施行"}


WHOLE_CODE = """中华人民共和国示例法典

（2030年1月2日第一届示例代表大会第一次会议通过）

目录
第一编 总则
第一章 基本规定
第二章 自然人
第二编 物权
第一分编 通则
第一章 一般规定
第二分编 所有权
第二章 所有权的取得
第三编 附则

第一编 总则
第一章 基本规定
第一条 为了保护示例主体的合法权益，制定本法。
第二条 示例主体在活动中的法律地位一律平等。
第二章 自然人
第一节 民事权利能力
第三条 自然人的权利能力一律平等。
第二节 监护
第四条 父母是未成年子女的监护人。
第二编 物权
第一分编 通则
第一章 一般规定
第一节 物权的设立
第五条 物权的设立应当依法登记。
第二节 物权的变更
第六条 物权的变更应当依法登记。
第二分编 所有权
第二章 所有权的取得
第七条 所有权人依法享有占有、使用、收益和处分的权利。
第三编 附则
第八条 本法自2031年1月1日起施行。
"""


def test_whole_code_with_parts_subparts_chapters_sections() -> None:
    law = parse_law(WHOLE_CODE, "code.txt")
    assert law.layout == "plain"
    assert law.title == "中华人民共和国示例法典"
    assert [a.number for a in law.articles] == list(range(1, 9))
    assert path_of(law, 1) == [("编", 1, "总则"), ("章", 1, "基本规定")]
    assert path_of(law, 4) == [("编", 1, "总则"), ("章", 2, "自然人"), ("节", 2, "监护")]
    assert path_of(law, 5) == [
        ("编", 2, "物权"),
        ("分编", 1, "通则"),
        ("章", 1, "一般规定"),
        ("节", 1, "物权的设立"),
    ]
    assert path_of(law, 7) == [("编", 2, "物权"), ("分编", 2, "所有权"), ("章", 2, "所有权的取得")]
    assert path_of(law, 8) == [("编", 3, "附则")]
    assert len(law.headings) == 13  # the nine TOC lines are gone
    assert [h.label for h in law.headings[:2]] == ["第一编", "第一章"]
    assert law.decided_on == date(2030, 1, 2)
    # Only adopted, never amended: the final article's date is the date in force.
    assert law.in_force_on == date(2031, 1, 1)


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = """中华人民共和国山林保护条例

第一条 为了保护山林资源，维护
村民的合法权益，根据有关法律，
制定本条例。
第二条 村民委员会应当履行下列职责：
（一）组织村民订立护林公约，明确
护林责任；
（二）依照本条例
第一条规定的目的开展宣传；
（三）依照本条例
第九条 规定的程序报告火情。
本条例所称 GPS
device 是指定位设备。
第三条 本条例自公布之日起施行。
"""
    law = parse_law(text)
    assert [a.number for a in law.articles] == [1, 2, 3]
    assert law.articles[0].han == "为了保护山林资源，维护村民的合法权益，根据有关法律，制定本条例。"
    assert law.articles[1].han.split("\n") == [
        "村民委员会应当履行下列职责：",
        "（一）组织村民订立护林公约，明确护林责任；",
        "（二）依照本条例第一条规定的目的开展宣传；",
        "（三）依照本条例第九条规定的程序报告火情。",
        "本条例所称 GPS device 是指定位设备。",
    ]


def test_article_citing_another_at_line_start_is_body_text() -> None:
    text = """# 中华人民共和国村务公开法

第一条 为了推进村务公开，制定本法。

第二条 村务公开应当真实。

第三条 村民委员会应当公开下列事项：

（一）财务收支；

（二）集体土地承包。

第四条 村民小组应当公开财务。

第三条规定的事项，由村民会议讨论决定。

第三条 所列事项，应当每季度公示一次。

**第二条** 规定的原则适用于村民小组。

第五条 本法自公布之日起施行。"""
    law = parse_law(text)
    assert [a.number for a in law.articles] == [1, 2, 3, 4, 5]
    assert law.articles[3].han.split("\n") == [
        "村民小组应当公开财务。",
        "第三条规定的事项，由村民会议讨论决定。",
        "第三条所列事项，应当每季度公示一次。",  # the space was layout, not text
        "第二条规定的原则适用于村民小组。",
    ]


def test_inserted_articles_numbered_zhi() -> None:
    text = """# 中华人民共和国示例法

第十条 村民享有平等的权利。

第十条之一 村民委员会应当保障村民的知情权。

**第十条之二** 村民委员会应当公开会议记录。

第十一条 本法自公布之日起施行。
"""
    law = parse_law(text)
    assert [(a.number, a.sub) for a in law.articles] == [(10, 0), (10, 1), (10, 2), (11, 0)]
    assert [a.label for a in law.articles] == ["第十条", "第十条之一", "第十条之二", "第十一条"]
    assert law.articles[1].han == "村民委员会应当保障村民的知情权。"


def test_repeated_headings_are_ignored() -> None:
    text = """# 中华人民共和国示例法

## 第一章 总则

## 第一章 总则

第一条 为了规范示例活动，制定本法。

### 第一节 一般规定

### 第一节 一般规定

第二条 示例活动应当遵循诚信原则。

## 第一章 总则

第三条 示例活动应当公开。

## 第二章 附则

第四条 本法自公布之日起施行。
"""
    law = parse_law(text)
    assert [(h.level, h.number) for h in law.headings] == [("章", 1), ("节", 1), ("章", 2)]
    assert path_of(law, 2) == [("章", 1, "总则"), ("节", 1, "一般规定")]
    assert path_of(law, 3) == [("章", 1, "总则"), ("节", 1, "一般规定")]  # a running header
    assert path_of(law, 4) == [("章", 2, "附则")]


def test_toc_without_title_match_falls_back_to_number() -> None:
    text = """示例管理办法

目录
第一章 总则
第二章 管理措施

第一章 总 则（修订）
第一条 为了规范示例管理，制定本办法。
第二章 管理措施
第二条 管理部门应当依法履职。
"""
    law = parse_law(text)
    assert [(h.number, h.title) for h in law.headings] == [(1, "总则（修订）"), (2, "管理措施")]


def test_article_text_starting_on_next_line() -> None:
    text = """示例条例

第一条
为了规范示例活动，制定本条例。
第二条
（一）示例甲；
（二）示例乙。
第三条 本条例自公布之日起施行。
"""
    law = parse_law(text)
    assert law.articles[0].paragraphs[0].han == "为了规范示例活动，制定本条例。"
    assert [p.kind for p in law.articles[1].paragraphs] == ["item", "item"]


def test_plain_text_with_preamble_and_in_force_sentence() -> None:
    text = (
        "中华人民共和国 示例 保护 法\n"
        "（2015年7月1日第十二届全国人民代表大会常务委员会第十五次会议通过\u3000"
        "自2016年1月1日起施行）\n"
        "第一条\u3000为了保护示例，制定本法。\r\n"
        "第二条\u3000本法自2017年1月1日起施行。\n"
    )
    law = parse_law(text)
    assert law.layout == "plain"
    assert law.title == "中华人民共和国示例保护法"
    assert [(d.on, d.action) for d in law.decisions] == [
        (date(2015, 7, 1), "通过"),
        (date(2016, 1, 1), "施行"),
    ]
    assert law.in_force_on == date(2016, 1, 1)  # the preamble wins over the final article


def test_revised_law_and_half_width_items() -> None:
    text = """# 示例法
2001年1月1日第九届全国人民代表大会通过　2019年3月15日第十三届全国人民代表大会第二次会议修订
## 第一章 总则
第一条 下列行为应当禁止：
(一) 甲；
(二) 乙。
"""
    law = parse_law(text)
    assert [(d.on, d.action) for d in law.decisions] == [
        (date(2001, 1, 1), "通过"),
        (date(2019, 3, 15), "修订"),
    ]
    assert law.decided_on == date(2019, 3, 15)
    assert [(p.label, p.han) for p in law.articles[0].paragraphs[1:]] == [
        ("（一）", "甲；"),
        ("（二）", "乙。"),
    ]


def test_tidy_removes_only_layout_spaces() -> None:
    assert tidy("  根据 2012 年 8 月 31 日\u3000第十一届  ") == "根据2012年8月31日第十一届"
    assert tidy("总 则") == "总则"
    assert tidy("第一章\u2002\u2002一般规定") == "第一章一般规定"
    assert tidy("ISO  9001 标准") == "ISO 9001标准"
    assert tidy("\u200b") == ""


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\u3000\n",
        "这是一封普通的信。\n第一章说明\n",
        "# 笔记\n\n今天学习了第一条和第二条。\n",
        "\x00\x01\x02PK\x03\x04" * 20,
    ],
)
def test_not_a_law_text_is_a_glossary_error(text: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        parse_law(text, "notes.txt")
    assert caught.value.where == "notes.txt"
    assert caught.value.fix
    assert "notes.txt" in str(caught.value)


def test_binary_junk_says_binary() -> None:
    with pytest.raises(GlossaryError, match="binary"):
        parse_law("第一条 文本\x00\x00\x00", "x.txt")


# --- fuzzing --------------------------------------------------------------------------

FRAGMENTS = [
    "第一条", "第二条", "第三条 ", "第十条之一", "第零条", "第十十条",
    "第九千九百九十九万九千九百九十九条",
    "第一编", "第二分编", "第三章", "第一节", "第一章　总 则", "**", "# ", "## ", "> ", "- ",
    "- [第一章](#a)", "目录", "目　　录", "---", 'title: "示例"', 'effective_date: "2020-13-45"',
    "2012年8月31日", "2012 年 8 月 31 日", "9999年99月99日", "0000年1月1日", "通过", "修正",
    "修订", "修正案", "自", "起施行", "本法自2011年1月1日起施行", "（一）", "(二)", "（十十）",
    "。", "：", "，", "<!--", "-->", "\u200b", "\ufeff", "\u2002", "\u3000", "\r", "\n", "\n\n",
    " ", "\x00", "\x07", "abc", "123", "中华人民共和国", "婚姻家庭编", "制定本法",
]  # fmt: skip


def check_invariants(law: ParsedLaw) -> None:
    assert law.articles
    keys = [(a.number, a.sub) for a in law.articles]
    assert keys == sorted(set(keys))
    assert not re.search(r"\s", law.title)
    for article in law.articles:
        assert isinstance(article, Article) and article.label.startswith("第")
        assert article.paragraphs
        for paragraph in article.paragraphs:
            assert paragraph.kind in {"paragraph", "item"}
            assert (paragraph.kind == "item") == (paragraph.label is not None)
            assert "\n" not in paragraph.han
        assert all(h in law.headings for h in article.path)
    assert all(d.action in {"通过", "修正", "修订", "施行"} for d in law.decisions)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=40).map("".join))
def test_fuzz_law_like_text_parses_or_raises_glossary_error(text: str) -> None:
    try:
        law = parse_law(text)
    except GlossaryError:
        return
    check_invariants(law)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_fuzz_any_text_parses_or_raises_glossary_error(text: str) -> None:
    try:
        law = parse_law(text)
    except GlossaryError:
        return
    check_invariants(law)
