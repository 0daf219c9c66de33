"""A briefing as a PDF (A4), through ReportLab.

Chinese is set in STSong-Light, one of the standard Adobe-GB1 CID fonts every PDF reader provides: the
file embeds no font (nothing to bundle or fetch) and its text can be searched and copied.
"""

from __future__ import annotations

import io
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from chainatlas.briefing.model import Briefing
from chainatlas.briefing.sections import Section, facts_line, sections

FONT = "STSong-Light"
MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN
CELL_SIZE = 8.5
CELL_PADDING = 6  # ReportLab's default left and right padding of a table cell


@cache
def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = ParagraphStyle("base", fontName=FONT, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", base, fontSize=16, leading=22, spaceAfter=6),
        "heading": ParagraphStyle("heading", base, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4),
        "body": ParagraphStyle("body", base, fontSize=10, leading=15),
        "cell": ParagraphStyle("cell", base, fontSize=CELL_SIZE, leading=12),
    }


def _text(text: str, style: str) -> Paragraph:
    """A paragraph of plain text: markup characters in names are escaped, never read as ReportLab tags."""
    return Paragraph(escape(text), _styles()[style])


def _table(section: Section) -> Table:
    """Each column wide enough for its heading on one line; the rest of the width shared by the cells' length."""
    least = [len(h) * CELL_SIZE * 1.05 + 2 * CELL_PADDING for h in section.header]
    wants = [min(max(len(r[i]) for r in section.rows), 40) or 1 for i in range(len(section.header))]
    spare = max(WIDTH - sum(least), 0)
    widths = [w + spare * n / sum(wants) for w, n in zip(least, wants, strict=True)]
    rows = [[_text(c, "cell") for c in row] for row in [section.header, *section.rows]]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))  # fmt: skip
    return table


def write_pdf(briefing: Briefing) -> bytes:
    """The briefing as the bytes of a PDF file."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=briefing.title, author="chainatlas",
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
    )  # fmt: skip
    story: list[Flowable] = [
        _text(briefing.title, "title"),
        _text(facts_line(briefing), "body"),
    ]
    for section in sections(briefing):
        story.append(_text(section.title, "heading"))
        story.append(_table(section) if section.rows else _text(section.empty, "body"))
        story.append(Spacer(1, 2 * mm))
    document.build(story)
    return buffer.getvalue()
