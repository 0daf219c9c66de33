"""split_page on real pages: the Jiaxing newspaper page and every gold-annotated web page."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from chainatlas.domain import ArticleKind
from chainatlas.ingest.document import Document, parse_document, read_document
from chainatlas.ingest.facts import to_record
from chainatlas.ingest.page import Article, split_page

PAGE = "jiaxing-2026-07-p1.txt"
ISSUE = datetime.date(2026, 7, 5)  # the page file has no header: its date comes from --date

FIELDS = ("headline", "reporters", "correspondents", "photographers", "dateline", "continued_on", "kind_of")
JIAXING = [
    ("10个特色集群撑场——嘉兴县域产业的突围之路", ["陈曦"], ["黎晔萍"], [], None, "2版", "news"),
    ("市政协九届九十五次主席会议举行", ["陆英杰"], [], [], "2026-07-03", None, "news"),
    ("深耕轻纺产业集群产改嘉兴经验面向全国分享", ["杨茜"], ["杨扬", "李理"], [], None, None, "news"),
    ("乡村添活态文旅新业态", [], [], ["张启帆", "陆丽君"], None, None, "photo"),
    ("从塑料配件制造到金属制品出海:一家平湖企业的外贸风云路", ["吴冰鑫"], ["宋佳"], [], None, "2版", "news"),
    (
        "今年初以来落地15个产业项目,总投资超40亿元嘉善经开区以“嘉速度、善服务”提升“发展热度”",
        *(["谭心仪"], ["陆圆"], [], None, "2版", "news"),
    ),
]
BODIES = [(43, 1396), (1433, 2259), (2302, 3380), (3388, 3474), (3557, 4686), (4778, 5979)]


@pytest.fixture
def page(data: Path) -> Document:
    return read_document(data / "news" / PAGE, ISSUE)


@pytest.fixture
def articles(page: Document) -> list[Article]:
    return split_page(page)


def summary(article: Article) -> tuple[Any, ...]:
    fact = to_record(article.fact(PAGE))
    return tuple(fact[key] for key in FIELDS)


def test_jiaxing_page_has_its_six_articles(articles: list[Article]) -> None:
    assert [summary(article) for article in articles] == JIAXING
    assert [(article.body.start, article.body.end) for article in articles] == BODIES


def test_jiaxing_articles_agree_with_gold(data: Path, articles: list[Article]) -> None:
    gold = json.loads((data / "gold" / "jiaxing-2026-07-p1.json").read_text(encoding="utf-8"))
    expected = [fact for fact in gold["facts"] if fact["kind"] == "article"]
    assert len(articles) == len(expected)
    for article, fact in zip(articles, expected, strict=True):
        record = to_record(article.fact(PAGE))
        for key in ("headline", "dateline", "continued_on", "kind_of", "text_start", "text_end"):
            assert record[key] == fact[key], (fact["headline"], key)


def test_evidence_is_the_headline_block(page: Document, articles: list[Article]) -> None:
    for article in articles:
        block = page.text[article.headline_span.start : article.headline_span.end]
        assert "".join(block.split()) == article.headline
    series = articles[5].headline_span
    assert "信心从何而来" not in page.text[series.start : series.end]  # the series banner stays out
    photo = articles[3].headline_span
    assert "经济观察" not in page.text[photo.start : photo.end]  # so does the column label


def test_body_stops_before_the_jump_line(page: Document, articles: list[Article]) -> None:
    first = articles[0]
    assert page.text[first.body.end :].lstrip().startswith("(下转2版)")
    assert "两大集群何以脱颖而出?" in page.text[first.body.start : first.body.end]


def test_column_breaks_are_repaired(articles: list[Article]) -> None:
    texts = [paragraph.text for paragraph in articles[0].paragraphs]
    assert "两大集群何以脱颖而出?" in texts  # a subheading stays its own paragraph
    assert any(text.startswith("在位于嘉兴国家高新区的安波福电气系统有限公司") for text in texts)
    assert any("集群企业主持制订国家标准4项" in text for text in texts)
    headings = [p.text for p in articles[5].paragraphs if p.text.startswith("“快速响应、精准破题”")]
    assert headings == ["“快速响应、精准破题”,推动项目早落地"]


def test_paragraph_offsets_map_into_the_document(page: Document, articles: list[Article]) -> None:
    for article in articles:
        for paragraph in article.paragraphs:
            for index, char in enumerate(paragraph.text):
                assert page.text[paragraph.to_document(index)] == char
            span = paragraph.span(0, len(paragraph.text))
            assert "".join(page.text[span.start : span.end].split()) == "".join(paragraph.text.split())
    joined = next(p for p in articles[0].paragraphs if p.text.startswith("在位于嘉兴"))
    cut = joined.text.index("安波福")
    left = joined.span(0, cut)
    assert page.text[left.start : left.end] == "在位于嘉兴国家高新区的"
    right = joined.span(cut, cut + 3)
    assert page.text[right.start : right.end] == "安波福"


def test_crlf_copy_keeps_offsets(data: Path, articles: list[Article]) -> None:
    raw = (data / "news" / PAGE).read_bytes().replace(b"\n", b"\r\n")
    crlf = parse_document(raw, PAGE, ISSUE)
    again = split_page(crlf)
    assert [a.headline for a in again] == [a.headline for a in articles]
    second = again[1]
    assert crlf.text[second.body.start :].startswith("本报讯 7月3日上午")
    assert second.body.start == articles[1].body.start + crlf.text.count("\r", 0, second.body.start)


def test_gbk_copy_splits_identically(page: Document, articles: list[Article]) -> None:
    gbk = parse_document(page.text.encode("gbk"), PAGE, ISSUE)
    assert gbk.encoding == "gb18030"
    again = split_page(gbk)
    assert [summary(a) for a in again] == [summary(a) for a in articles]
    assert [a.body for a in again] == [a.body for a in articles]


def test_dateline_needs_the_document_year(data: Path) -> None:
    undated = split_page(read_document(data / "news" / PAGE))
    assert undated[1].dateline is None


def gold_pages(data_dir: Path) -> list[tuple[Document, list[dict[str, Any]]]]:
    pages = []
    for gold_path in sorted((data_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        date = datetime.date.fromisoformat(gold["date"]) if gold["date"] else None
        doc = read_document(data_dir / "news" / gold["doc"], date)
        pages.append((doc, [fact for fact in gold["facts"] if fact["kind"] == "article"]))
    return pages


def test_every_gold_page_gives_its_articles(data: Path) -> None:
    """Same number of articles as annotated (none for a page without a title), fields as annotated."""
    for doc, expected in gold_pages(data):
        found = [to_record(article.fact(doc.name)) for article in split_page(doc)]
        assert len(found) == len(expected), doc.name
        for record, fact in zip(found, expected, strict=True):
            assert record["headline"] == "".join(fact["headline"].split()), doc.name
            for key in FIELDS[1:]:
                if fact[key] is not None or key not in fact.get("note", {}):  # a noted null is ambiguous
                    assert record[key] == fact[key], (doc.name, key)


def test_web_page_conventions(data: Path) -> None:
    def article(name: str) -> tuple[Document, Article]:
        doc = read_document(data / "news" / name)
        return doc, split_page(doc)[0]

    doc, a = article("news_f5c8dc8b38.txt")  # body after the 原标题 line
    assert doc.text[a.body.start :].startswith("如何打造具有全国乃至国际竞争力的现代产业集群?")
    doc, a = article("news_1ef6e328d4.txt")  # breadcrumb above the title; editor tag after the body
    assert a.headline == "江蘇5個集群入選國家中小企業特色產業集群"
    assert doc.text[a.body.start :].startswith("人民網南京1月16日電")
    assert doc.text[a.body.end :].strip() == "(責編:李文治)"
    assert a.dateline == datetime.date(2023, 1, 16)
    doc, a = article("news_01c60dcd7d.txt")  # closing author tag
    assert doc.text[a.body.end :].strip() == "(郑亚丽梁化乔)"
    doc, a = article("news_485d479042.txt")  # page labels above, footer below
    assert a.headline == "天台10个重大项目集中开工"
    assert a.reporters == ["杨群"]
    assert doc.text[a.body.end :].strip().startswith("浙江日报 要闻 00009")
    doc, a = article("news_dcc9a9b116.txt")  # a live-news flash: title and body on one line
    assert a.headline == "经济日报:推动产业链向上下游延伸"
    assert doc.text[a.body.start :].startswith("文章称")
    assert a.kind_of is ArticleKind.NEWS


@pytest.mark.parametrize(
    "name", ["news_22b2df3e72.txt", "news_3aa1856e77.txt", "news_c0343278fb.txt", "news_fe761c1457.txt"]
)
def test_page_without_a_title_has_no_article(data: Path, name: str) -> None:
    assert split_page(read_document(data / "news" / name)) == []


def test_full_width_punctuation_reads_like_ascii(page: Document, articles: list[Article]) -> None:
    """Papers print ，；：？（） as often as ,;:?(): column breaks, jump lines and credits read the same."""
    wide = page.text.translate(str.maketrans(",;:?()", "，；：？（）"))
    document = parse_document(wide.encode("utf-8"), PAGE, ISSUE)
    again = split_page(document)
    assert [a.headline.translate(str.maketrans("，；：？（）", ",;:?()")) for a in again] == [
        a.headline for a in articles
    ]
    assert [(a.continued_on, a.reporters, a.dateline) for a in again] == [
        (a.continued_on, a.reporters, a.dateline) for a in articles
    ]
    assert [len(a.paragraphs) for a in again] == [len(a.paragraphs) for a in articles]
