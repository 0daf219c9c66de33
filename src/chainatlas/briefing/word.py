"""A briefing as a Word document (.docx): title, facts, four tables and the numbered sources.

Chinese text is set in 宋体 (SimSun, the East Asian font every Chinese office has) and headings in 黑体;
cells that a spreadsheet could read as formulas do not exist in Word, so names are written as they are.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.run import Run

from chainatlas.briefing.model import Briefing
from chainatlas.briefing.sections import facts_line, sections

BODY_FONT = "宋体"
HEADING_FONT = "黑体"


def _east_asian(run: Run, font: str) -> None:
    """Set the run's East Asian font (python-docx sets only the Latin one)."""
    run.font.name = font
    properties = run._element.get_or_add_rPr()
    properties.get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _heading(document: DocumentObject, text: str, level: int) -> None:
    for run in document.add_heading(text, level=level).runs:
        _east_asian(run, HEADING_FONT)


def _paragraph(document: DocumentObject, text: str, size: float = 10.5) -> None:
    run = document.add_paragraph().add_run(text)
    run.font.size = Pt(size)
    _east_asian(run, BODY_FONT)


def write_docx(briefing: Briefing) -> bytes:
    """The briefing as the bytes of a .docx file."""
    document = Document()
    document.core_properties.title = briefing.title
    document.core_properties.author = "chainatlas"
    _heading(document, briefing.title, 0)
    _paragraph(document, facts_line(briefing))
    for section in sections(briefing):
        _heading(document, section.title, 1)
        if not section.rows:
            _paragraph(document, section.empty)
            continue
        table = document.add_table(rows=1, cols=len(section.header))
        table.style = "Table Grid"
        for row_cells, texts in zip(
            [table.rows[0].cells, *(table.add_row().cells for _ in section.rows)],
            [section.header, *section.rows],
            strict=True,
        ):
            for cell, text in zip(row_cells, texts, strict=True):
                run = cell.paragraphs[0].add_run(text)
                run.font.size = Pt(9)
                _east_asian(run, BODY_FONT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
