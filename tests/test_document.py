"""Documents: header, body start, date (header, --date, source_url) and file errors."""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

import pytest

from chainatlas.ingest.decode import DocumentError, DocumentTooLarge, EmptyDocument
from chainatlas.ingest.document import parse_document, read_document, url_date


def news(data: Path, name: str) -> Path:
    return data / "news" / name


def test_web_page_header_and_body(data: Path) -> None:
    path = news(data, "news_0e30e908f9.txt")
    doc = read_document(path)
    assert doc.name == "news_0e30e908f9.txt"
    assert doc.header["source_url"] == "http://m.chuanshu.nfhot.net/zixun/2023/0406/10673.html"
    assert doc.header["script"] == "simplified"
    assert doc.text[doc.body_start - 4 : doc.body_start] == "---\n"
    assert doc.text[doc.body_start :].startswith("重庆集中签约超2000亿元重大招商项目\n")
    assert doc.date == datetime.date(2023, 4, 6)
    assert doc.encoding == "utf-8"
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.raw == path.read_bytes()


def test_page_without_header(data: Path) -> None:
    doc = read_document(news(data, "jiaxing-2026-07-p1.txt"))
    assert (doc.header, doc.body_start, doc.date) == ({}, 0, None)


def test_date_override_wins(data: Path) -> None:
    issue = datetime.date(2026, 7, 5)
    assert read_document(news(data, "jiaxing-2026-07-p1.txt"), issue).date == issue
    assert read_document(news(data, "news_0e30e908f9.txt"), issue).date == issue


def test_date_from_source_url_when_header_has_none(data: Path) -> None:
    text = news(data, "news_1ef6e328d4.txt").read_text(encoding="utf-8").replace("date: 2023-01-17\n", "")
    doc = parse_document(text.encode(), "copy.txt")
    assert "date" not in doc.header
    assert doc.date == datetime.date(2023, 1, 17)  # …/202301/t20230117_7346856.html


def test_header_dates_agree_with_gold(data: Path) -> None:
    for gold_path in sorted((data / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = read_document(news(data, gold["doc"]))
        expected = datetime.date.fromisoformat(gold["date"]) if gold["date"] else None
        if doc.header:
            assert doc.date == expected, gold["doc"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://news.xd56b.com/shtml/xdwlb/20240819/415347.shtml", datetime.date(2024, 8, 19)),
        ("http://m.chuanshu.nfhot.net/zixun/2023/0406/10673.html", datetime.date(2023, 4, 6)),
        ("http://www.tyjgjz.com/cn/Instant/local/202301/t20230117_7346856.html", datetime.date(2023, 1, 17)),
        ("http://zjrb.zjol.com.cn/html/2021-06/30/content_3451347.htm?div=-1", datetime.date(2021, 6, 30)),
        ("http://www.jj.gov.cn/art/2022/7/18/art_1229438846_3806807.html", datetime.date(2022, 7, 18)),
        ("https://fensifuwu.com/economics/0a098f431884e3d114f94f53f20a32f4.html", None),
        ("https://jkq.huainan.gov.cn/tzzs/zsqk/91814158.html", None),
        ("https://www.cwdbkk.com/html_2/chongwutijian/7072/list/2.html", None),
    ],
)
def test_url_date(url: str, expected: datetime.date | None) -> None:
    assert url_date(url) == expected


def test_crlf_header_counts_the_carriage_returns(data: Path) -> None:
    raw = news(data, "news_0e30e908f9.txt").read_bytes()
    doc = parse_document(raw.replace(b"\n", b"\r\n"), "crlf.txt")
    assert doc.text[doc.body_start - 5 : doc.body_start] == "---\r\n"
    assert doc.header["date"] == "2023-04-06"
    lines_before = doc.text.count("\n", 0, doc.body_start)
    assert doc.body_start == read_document(news(data, "news_0e30e908f9.txt")).body_start + lines_before


def test_unclosed_header_is_text() -> None:
    doc = parse_document("title: 标题\n正文没有结束的表头。\n".encode(), "x.txt")
    assert (doc.header, doc.body_start) == ({}, 0)


def test_name_is_the_base_name(data: Path) -> None:
    raw = news(data, "news_0e30e908f9.txt").read_bytes()
    assert parse_document(raw, "/some/where/page.txt").name == "page.txt"


@pytest.mark.usefixtures("read_english")  # the assertion reads the reason in English
def test_missing_file_names_file_and_reason(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"^gone\.txt: No such file") as caught:
        read_document(tmp_path / "gone.txt")
    assert caught.value.name == "gone.txt"


@pytest.mark.usefixtures("read_english")  # the assertion reads the reason in English
def test_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes("新闻".encode() * 10)

    def never(self: Path) -> bytes:
        raise AssertionError("read a file over the size limit")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(DocumentTooLarge, match=r"^big\.txt: 60 bytes"):
        read_document(path, max_bytes=59)


@pytest.mark.usefixtures("read_english")  # the assertion reads the reason in English
def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument, match=r"^empty\.txt: "):
        read_document(path)
