"""decode(): UTF-8 with or without BOM, GB18030, and the named failures, on real pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainatlas.ingest.decode import (
    BinaryDocument,
    DocumentError,
    DocumentTooLarge,
    EmptyDocument,
    UndecodableDocument,
    decode,
)

pytestmark = pytest.mark.usefixtures("read_english")  # the assertions read the errors in English

PAGE = "jiaxing-2026-07-p1.txt"


@pytest.fixture
def page(data: Path) -> bytes:
    return (data / "news" / PAGE).read_bytes()


def test_utf8_page_decodes_as_is(page: bytes) -> None:
    text, encoding = decode(page, PAGE)
    assert encoding == "utf-8"
    assert text == page.decode("utf-8")
    assert "■记者 陈曦 通讯员 黎晔萍" in text


def test_gbk_copy_decodes_identically(page: bytes) -> None:
    original, _ = decode(page, PAGE)
    text, encoding = decode(original.encode("gbk"), "gbk.txt")
    assert (text, encoding) == (original, "gb18030")


def test_traditional_chinese_in_gb18030_decodes(data: Path) -> None:
    original, _ = decode((data / "news" / "news_1ef6e328d4.txt").read_bytes(), "t.txt")
    assert decode(original.encode("gb18030"), "t.txt") == (original, "gb18030")


def test_bom_is_removed(page: bytes) -> None:
    text, encoding = decode(b"\xef\xbb\xbf" + page, PAGE)
    assert encoding == "utf-8-sig"
    assert text == page.decode("utf-8")


def test_crlf_is_kept(page: bytes) -> None:
    text, _ = decode(page.replace(b"\n", b"\r\n"), PAGE)
    assert text == page.decode("utf-8").replace("\n", "\r\n")


def test_nul_bytes_are_binary(page: bytes) -> None:
    with pytest.raises(BinaryDocument, match=r"^img\.png: .*NUL"):
        decode(page[:100] + b"\x00" + page[100:], "img.png")


def test_control_characters_are_binary() -> None:
    with pytest.raises(BinaryDocument) as caught:
        decode(bytes(range(1, 32)) * 20, "blob.bin")
    assert caught.value.name == "blob.bin"
    assert "control" in str(caught.value.reason)


def test_a_stray_control_character_is_tolerated(page: bytes) -> None:
    text, _ = decode(page.replace(b"\n", b"\x1a\n", 1), PAGE)
    assert "\x1a" in text


@pytest.mark.parametrize("data", [b"", b"   \r\n\t\n", "\u3000\n".encode(), b"\xef\xbb\xbf"])
def test_empty_or_whitespace_is_empty(data: bytes) -> None:
    with pytest.raises(EmptyDocument, match=r"^blank\.txt: "):
        decode(data, "blank.txt")


def test_size_is_checked_before_decoding() -> None:
    with pytest.raises(DocumentTooLarge, match=r"^big\.txt: 11 bytes") as caught:
        decode(b"\xff" * 11, "big.txt", max_bytes=10)
    assert isinstance(caught.value, DocumentError)


def test_latin1_is_undecodable() -> None:
    with pytest.raises(UndecodableDocument, match=r"^fr\.txt: "):
        decode("café crème brûlée".encode("latin-1"), "fr.txt")


def test_gb18030_that_is_not_chinese_is_undecodable() -> None:
    not_chinese = "\u0100\u0101\u0102 ".encode("gb18030") * 10  # decodes, but as Latin letters
    with pytest.raises(UndecodableDocument, match="does not read as Chinese"):
        decode(not_chinese, "odd.txt")


def test_error_carries_name_and_reason() -> None:
    error = DocumentError("a.txt", "gone")
    assert (error.name, error.reason, str(error)) == ("a.txt", "gone", "a.txt: gone")
