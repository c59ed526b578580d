"""Made-up law texts for the SVG snapshots, in the LawRefBook layout of the real corpus.

The snapshots are committed to the repository, so they must not carry a sentence of the
official texts in ../shared/corpus. The titles, law names, revision dates and article numbers
here are real, so that the catalog knows the laws (婚姻法 repealed with 民法典 as its successor,
民事诉讼法 in two revisions); every article sentence is invented for the tests and says so
(测试条文). The concordance tables are made up too, in the two formats of the corpus.
"""

from __future__ import annotations

from pathlib import Path

EN2 = "\u2002\u2002"  # 婚姻家庭编 puts two EN SPACEs between a chapter's number and title

HUNYIN_FA_2001 = """# 中华人民共和国婚姻法

1980年9月10日 测试用虚构会议通过

2001年4月28日 测试用虚构会议修正

<!-- INFO END -->

## 第一章 总则

第一条 测试条文：本法是专供测试使用的虚构文本，不是真实条文。

## 第二章 结婚

第五条 测试条文：甲乙双方自愿登记的，测试机关予以记录。

## 第三章 家庭关系

第十三条 测试条文：测试家庭中各成员彼此尊重。

## 第四章 离婚

第三十一条 测试条文：甲乙双方自愿离婚的，到测试机关办理手续。

第三十二条 测试条文：甲方想要离婚时，可先请测试组织调解，也可以找人民法院提交离婚诉讼材料。

人民法院受理这类测试案件，先做调解；甲乙感情已无可挽回、调解不成的，判决离婚。

遇到以下测试情况之一，调解不成的，判决离婚：

（一）甲方长期不尽“家庭义务”的；

（二）甲乙分开居住已满测试期限的；

（三）一方屡次违约……经劝告仍不改正的；

（四）甲乙因感情不和各自生活的；

（五）其他使甲乙感情难以维系的测试情况。

甲方下落不明满测试期限，乙方提交离婚诉讼材料的，判决离婚。

第三十三条 测试条文：特殊身份的当事人请求离婚，按测试规则处理。

## 第五章 附则

第五十一条 测试条文：本法自测试日期起生效。
"""

MINFADIAN_2020_HUNYIN_JIATING_BIAN = f"""# 中华人民共和国民法典

# 婚姻家庭编

2020年5月28日 测试用虚构会议通过

<!-- INFO END -->

## 第一章{EN2}一般规定

第一千零四十条 测试条文：本编是专供测试使用的虚构文本。

## 第四章{EN2}离婚

第一千零七十六条 测试条文：甲乙双方自愿离婚的，签订测试协议，到测试机关申请。

第一千零七十七条 测试条文：测试机关收到申请后，给双方留出测试期间。

第一千零七十八条 测试条文：测试机关核实无误的，予以办理。

第一千零七十九条 测试条文：甲方想要离婚时，可先找测试组织调解，也可以到人民法院递交离婚诉讼材料。

人民法院受理这类测试案件，先做调解；甲乙感情已无可挽回、调解不成的，判决离婚。

遇到以下测试情况之一，调解不成的，判决离婚：

（一）甲方长期不尽“家庭义务”；

（二）甲乙分开居住已满测试期限；

（三）其他使甲乙感情难以维系的测试情况。

第一千零八十条 测试条文：完成测试登记或者收到测试判决书的，婚姻关系结束。

第一千零九十一条 测试条文：因测试·过错导致离婚的，无过错方可以请求测试赔偿。
"""

_MINSHI_PREAMBLE_2021 = """1991年4月9日 测试用虚构会议通过

2021年12月24日 测试用虚构会议第四次修正"""

_MINSHI_BODY = """## 第一编 总 则

### 第一章 测试原则

第一条 测试条文：本法是专供测试使用的虚构程序规则。

第二条 测试条文：人民法院按照测试规则办理民事测试案件。

### 第三章 审判组织

第三十九条 测试条文：测试合议庭的组成由人民法院确定。

第四十条 测试条文：人民法院办理一审测试案件，由测试审判员组成测试合议庭。合议庭人数为单数。

简单的测试案件，由一名测试审判员单独办理。

{third}

第四十一条 测试条文：二审测试案件一律组成测试合议庭。
"""

MINSHI_SUSONG_FA_2021 = f"""# 中华人民共和国民事诉讼法

{_MINSHI_PREAMBLE_2021}

<!-- INFO END -->

{_MINSHI_BODY.format(third="测试陪审员参加测试合议庭时，权利义务与测试审判员相同。")}"""

MINSHI_SUSONG_FA_2023 = f"""# 中华人民共和国民事诉讼法

{_MINSHI_PREAMBLE_2021}

2023年9月1日 测试用虚构会议第五次修正

<!-- INFO END -->

{_MINSHI_BODY.format(third="测试陪审员参加测试合议庭时，除另有测试规定外，权利义务与测试审判员相同。")}"""

LAW_TEXTS = {
    "hunyin-fa-2001.md": HUNYIN_FA_2001,
    "minfadian-2020-hunyin-jiating-bian.md": MINFADIAN_2020_HUNYIN_JIATING_BIAN,
    "minshi-susong-fa-2021.md": MINSHI_SUSONG_FA_2021,
    "minshi-susong-fa-2023.md": MINSHI_SUSONG_FA_2023,
}

CONCORDANCES = {
    "concordance-hunyin-fa-2001-to-minfadian.computed.csv": (
        "hunyin_fa_2001_article,best_minfadian_article,best_similarity,"
        "second_minfadian_article,second_similarity,confidence\n"
        "1,1040,0.41,,,low\n"
        "31,1076,0.63,1078,0.30,high\n"
        "32,1079,0.82,1091,0.39,medium\n"
    ),
    "concordance-minshi-susong-fa.computed.csv": (
        "from_rev,from_article,to_rev,to_article,status,similarity\n"
        "2021,1,2023,1,identical,1.00\n"
        "2021,2,2023,2,identical,1.00\n"
        "2021,39,2023,39,identical,1.00\n"
        "2021,40,2023,40,modified,0.91\n"
        "2021,41,2023,41,identical,1.00\n"
    ),
}


def write_synthetic_corpus(folder: Path) -> tuple[list[Path], list[Path]]:
    """Write the made-up laws and concordances into ``folder``: (law files, concordances)."""
    folder.mkdir(parents=True, exist_ok=True)
    laws, concordances = [], []
    for name, text in LAW_TEXTS.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        laws.append(path)
    for name, text in CONCORDANCES.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        concordances.append(path)
    return laws, concordances
