"""An empty import template: one sheet with the header row in bold, and the columns that hold codes or dates
formatted as text so that a spreadsheet keeps them as typed (leading zeros, 2026-06, 2026-Q4)."""

from __future__ import annotations

import io
from collections.abc import Collection, Sequence

import openpyxl
from openpyxl.styles import Font


def template_workbook(title: str, header: Sequence[str], text_columns: Collection[int]) -> bytes:
    """The bytes of an .xlsx with `header` on sheet `title`; columns at the 0-based `text_columns` formatted as text."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(header))
    for index, cell in enumerate(sheet[1]):
        cell.font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, 2 * len(str(cell.value)) + 2)
        if index in text_columns:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
