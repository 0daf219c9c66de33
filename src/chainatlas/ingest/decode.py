"""Bytes to text: UTF-8 (with or without BOM) or GB18030, with named failures.

Line endings are kept as in the file, so that offsets count every `\\r`.
"""

from __future__ import annotations

import re

from chainatlas.i18n import Message, lazy

MAX_BYTES: int = 20 * 1024 * 1024

_BOM = b"\xef\xbb\xbf"
# ASCII control bytes but \t \n \v \f \r; in UTF-8 and GB18030 such bytes only stand for themselves.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r") + b"\x7f"
_MAX_CONTROL_SHARE = 0.01
# Chinese text decoded from GB18030: common CJK ideographs, CJK and full-width punctuation.
_CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2014\u2018-\u201d\u2026\u00b7]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_MIN_CHINESE_SHARE = 0.9


class DocumentError(Exception):
    """A document that cannot be read as text; the message names the file and the reason."""

    def __init__(self, name: str, reason: Message | str) -> None:
        super().__init__(lazy("{name}：{reason}", name=name, reason=reason))
        self.name = name
        self.reason = reason


class EmptyDocument(DocumentError):
    """The file is empty or holds only whitespace."""


class BinaryDocument(DocumentError):
    """The file holds NUL bytes or control characters: not a text file."""


class UndecodableDocument(DocumentError):
    """The file is neither UTF-8 nor Chinese text in GB18030."""


class DocumentTooLarge(DocumentError):
    """The file is larger than the allowed size."""


def too_big(size: int, max_bytes: int) -> Message:
    """Why a file is not read: its size over the limit."""
    return lazy("{size}字节，超过上限{limit}", size=size, limit=max_bytes)


def decode(data: bytes, name: str, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """(text, encoding): UTF-8 (a BOM is removed, encoding `utf-8-sig`), else GB18030 Chinese text."""
    if len(data) > max_bytes:
        raise DocumentTooLarge(name, too_big(len(data), max_bytes))
    _check_binary(data, name)
    text, encoding = _decode_text(data, name)
    if not text.strip():
        raise EmptyDocument(name, lazy("空文件或只有空白"))
    return text, encoding


def _check_binary(data: bytes, name: str) -> None:
    if b"\x00" in data:
        raise BinaryDocument(name, lazy("含有 NUL 字节"))
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        raise BinaryDocument(name, lazy("含有{count}个控制字符", count=controls))


def _decode_text(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(_BOM):
        try:
            return data[len(_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            bad = lazy("有 UTF-8 BOM，但第{byte}字节不是有效的 UTF-8", byte=error.start)
            raise UndecodableDocument(name, bad) from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        bad = lazy("既非 UTF-8 也非 GB18030（第{byte}字节有误）", byte=error.start)
        raise UndecodableDocument(name, bad) from error
    if not _looks_chinese(text):
        raise UndecodableDocument(name, lazy("不是 UTF-8，按 GB18030 读也不是中文文本"))
    return text, "gb18030"


def _looks_chinese(text: str) -> bool:
    """True when nearly all non-ASCII characters are common Chinese characters or punctuation."""
    non_ascii = len(_NON_ASCII.findall(text))
    return non_ascii > 0 and len(_CHINESE.findall(text)) >= _MIN_CHINESE_SHARE * non_ascii
