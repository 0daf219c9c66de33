"""Files that commands must refuse, made for the tests: FIFOs, sparse files, workbooks written part by part.

Shared by tests/test_bounded_input.py and the fuzz suite (tests/fuzz/).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path

import openpyxl

NAME = "项目名称"  # the project template's name column


def fifo(tmp_path: Path, name: str) -> Path:
    """A named pipe `name` in `tmp_path`: a reader blocks until someone writes."""
    path = tmp_path / name
    os.mkfifo(path)
    return path


def sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no room on disk."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def workbook_with_sheet(path: Path, sheet_xml: Iterable[bytes]) -> Path:
    """A real .xlsx (openpyxl's parts) whose one worksheet is `sheet_xml`, written a chunk at a time."""
    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as parts, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in parts.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, parts.read(info))
                continue
            sheet = zipfile.ZipInfo(info.filename)
            sheet.compress_type = zipfile.ZIP_DEFLATED
            with out.open(sheet, "w", force_zip64=True) as member:
                for chunk in sheet_xml:
                    member.write(chunk)
    return path


SHEET_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = b"</sheetData></worksheet>"
HEADER_ROW = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{NAME}</t></is></c></row>'.encode()


def one_gib_cell() -> Iterable[bytes]:
    """A sheet whose cell A2 holds 1 GiB of text (about 4.5 MB compressed)."""
    yield SHEET_HEAD + HEADER_ROW + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    chunk = b"A" * (1 << 20)
    for _ in range(1024):
        yield chunk
    yield b"</t></is></c></row>" + SHEET_TAIL


def blank_rows(count: int) -> Iterable[bytes]:
    """A sheet with a header and `count` blank rows, and no <dimension> (so openpyxl would read it all to size it)."""
    yield SHEET_HEAD + HEADER_ROW
    for _ in range(count >> 20):
        yield b"<row/>" * (1 << 20)
    yield b"<row/>" * (count % (1 << 20)) + SHEET_TAIL


def inline_rows(rows: Iterable[Iterable[str]], numbers: Iterable[int]) -> bytes:
    """A sheet of text cells written by hand (openpyxl itself cuts a text past 32,767 characters when it writes)."""
    cell = '<c t="inlineStr"><is><t>{}</t></is></c>'
    lines = zip(numbers, rows, strict=True)
    xml = "".join(f'<row r="{n}">' + "".join(cell.format(t) for t in row) + "</row>" for n, row in lines)
    return SHEET_HEAD + xml.encode() + SHEET_TAIL
