"""A decoded document: its text (of a text, HTML, Word or PDF file), its `key: value` header and its date."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from chainatlas.i18n import lazy
from chainatlas.ingest.decode import MAX_BYTES, DocumentError, DocumentTooLarge, EmptyDocument, decode, too_big
from chainatlas.ingest.formats import document_text

_HEADER_LINE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)\r?\n")
_HEADER_END = re.compile(r"---[ \t]*(?:\r?\n|\Z)")
# Dates in URLs: /20240819/, /2023/0406/, t20230117_, /2021-06/30/, /art/2022/7/18/.
_URL_DATE = re.compile(
    r"(?<![0-9A-Za-z])[a-z]?((?:19|20)\d\d)[-/_]?(\d\d)[-/_]?(\d\d)(?!\d)"
    r"|/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})/"
)


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded file. Offsets into `text` count from the file's first character, header included."""

    name: str
    raw: bytes
    text: str
    encoding: str
    header: dict[str, str]
    body_start: int
    date: datetime.date | None
    sha256: str


def parse_document(data: bytes, name: str, date: datetime.date | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Decode `data` (an HTML, .docx or PDF file by its suffix: its text, `ingest.formats`) and read its header;
    `date` (from --date) overrides any date the file gives. `raw` and `sha256` are the file's own bytes."""
    base = Path(name).name
    text, encoding = _text(data, base, max_bytes)
    header, body_start = parse_header(text)
    return Document(
        name=base,
        raw=data,
        text=text,
        encoding=encoding,
        header=header,
        body_start=body_start,
        date=date or document_date(header),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _text(data: bytes, name: str, max_bytes: int) -> tuple[str, str]:
    if len(data) > max_bytes:
        raise DocumentTooLarge(name, too_big(len(data), max_bytes))
    converted = document_text(data, name)
    if converted is None:
        return decode(data, name, max_bytes)
    if not converted[0].strip():
        raise EmptyDocument(name, lazy("这个{kind}文件里没有文字", kind=converted[1]))
    return converted


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes, its size checked before reading; DocumentError names what went wrong."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentTooLarge(path.name, too_big(size, max_bytes))
        return path.read_bytes()
    except OSError as error:
        raise DocumentError(path.name, error.strerror or str(error)) from error


def read_document(path: Path, date: datetime.date | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse a file, checking its size before reading it."""
    return parse_document(read_bytes(path, max_bytes), path.name, date, max_bytes)


def parse_header(text: str) -> tuple[dict[str, str], int]:
    """The `key: value` lines closed by `---` at the top of `text`, and where the body starts.

    A text whose first line is not a `key: value` line, or whose header is never closed, has no header.
    """
    header: dict[str, str] = {}
    pos = 0
    while found := _HEADER_LINE.match(text, pos):
        header[found.group(1)] = found.group(2).strip()
        pos = found.end()
    closing = _HEADER_END.match(text, pos)
    if not header or closing is None:
        return {}, 0
    return header, closing.end()


def document_date(header: dict[str, str]) -> datetime.date | None:
    """The header's `date`, else a date written in its `source_url`, else None."""
    try:
        return datetime.date.fromisoformat(header.get("date", "").strip())
    except ValueError:
        return url_date(header.get("source_url", ""))


def url_date(url: str) -> datetime.date | None:
    """The first valid date written in a URL's path, or None."""
    for found in _URL_DATE.finditer(url):
        year, month, day = (int(g) for g in found.groups() if g is not None)
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    return None
