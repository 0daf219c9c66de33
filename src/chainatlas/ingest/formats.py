"""Text out of the document formats an editor has besides plain text: HTML pages, Word (.docx) and PDF.

`DOCUMENT_SUFFIXES` are those of every document the atlas reads: a folder walk picks them, an upload accepts them.
`document_text` picks the reader by the file's suffix: HTML is decoded as a text file is (UTF-8 or GB18030) and
its visible text kept, a block element or `<br>` ending a line, script and style dropped, its `<title>` given as
a `title:` header; .docx paragraphs and table cells (python-docx) and PDF pages' text (pypdf) a line each. A Word
file that unpacks to more than `MAX_UNPACKED` bytes is refused before it is parsed; a file that is not what its
suffix says is a :class:`DocumentError` naming it. The libraries load only when such a file is read.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path, PurePath

from chainatlas.i18n import lazy
from chainatlas.ingest.decode import DocumentError, decode
from chainatlas.input_files import InputRefused, check_unpacked

HTML_SUFFIXES = frozenset({".html", ".htm"})
DOCX_SUFFIX = ".docx"
PDF_SUFFIX = ".pdf"
CONVERTED_SUFFIXES = HTML_SUFFIXES | {DOCX_SUFFIX, PDF_SUFFIX}
TEXT_SUFFIXES = frozenset({".txt", ".text"})
DOCUMENT_SUFFIXES = TEXT_SUFFIXES | CONVERTED_SUFFIXES
MAX_UNPACKED = 100 << 20
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "title",
    ]
)
_DROPPED = frozenset({"script", "style", "noscript", "template", "head"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


class _Visible(HTMLParser):
    """Collects an HTML page's visible text a line per block, and its title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.hidden = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _DROPPED:
            self.hidden += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _DROPPED and self.hidden:
            self.hidden -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)


def _lines(text: str) -> str:
    """Each line's runs of spaces folded to one, blank lines dropped."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def html_text(data: bytes, name: str) -> str:
    """An HTML page's visible text, with a `title:` header when it has a title."""
    markup, _encoding = decode(data, name)
    parser = _Visible()
    parser.feed(markup)
    parser.close()
    title = _SPACES.sub(" ", "".join(parser.title).replace("\n", " ")).strip()
    body = _lines("".join(parser.parts))
    return (f"title: {title}\n---\n" if title else "") + body


def docx_text(data: bytes, name: str) -> str:
    """A Word file's paragraphs and table cells, a line each, in the order of the document."""
    import docx

    handle = io.BytesIO(data)
    try:
        check_unpacked(handle, Path(name), MAX_UNPACKED)
        document = docx.Document(handle)
    except InputRefused as error:
        raise DocumentError(name, error.reason) from None
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DocumentError(name, lazy("不是可读的 Word（.docx）文件（{error}）", error=str(error))) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return _lines("\n".join(lines))


def pdf_text(data: bytes, name: str) -> str:
    """A PDF's text, page by page (a scanned page without a text layer gives none)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(name, lazy("加密的 PDF"))
        pages = [page.extract_text() for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise DocumentError(name, lazy("不是可读的 PDF（{error}）", error=str(error))) from None
    return _lines("\n".join(pages))


def document_text(data: bytes, name: str) -> tuple[str, str] | None:
    """(text, how it was read) for an HTML, .docx or PDF file by its suffix; None for any other file."""
    suffix = PurePath(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return html_text(data, name), "html"
    if suffix == DOCX_SUFFIX:
        return docx_text(data, name), "docx"
    if suffix == PDF_SUFFIX:
        return pdf_text(data, name), "pdf"
    return None
