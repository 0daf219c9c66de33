"""Documents in every format the atlas reads, built from a real article of tests/data/news: a text page, and the
article as HTML, Word (.docx, python-docx) and PDF (reportlab), the Word and PDF files each with a figure of a
different article, so each file's claims are told apart."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import docx
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

PAGE = "jiaxing-2026-07-p1.txt"
ARTICLE = "news_01c60dcd7d.txt"  # a web page's text: header, title line, body
DOCX_FIGURE = ("嘉善县精密机械产业集群2025年实现产值88.5亿元。", 88.5e8)
PDF_FIGURE = ("平湖市光机电产业集群2025年实现总产值128.95亿元。", 128.95e8)


def html_page(text: str) -> bytes:
    body = "".join(f"<p>{line}</p>\n" for line in text.splitlines())
    return (f"<html><head><title>测试网页</title><style>p {{color: red}}</style></head><body>"
            f"<script>var hidden = '不应出现';</script>{body}</body></html>").encode()  # fmt: skip


def pdf_of(lines: Sequence[str]) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 10)
    for number, line in enumerate(lines):
        page.drawString(30, 800 - 14 * number, line)
    page.save()
    return out.getvalue()


def docx_of(lines: Sequence[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_documents(data: Path, folder: Path) -> list[Path]:
    """The text page, article.html, article.docx and article.pdf written to `folder`, in that order."""
    article = (data / "news" / ARTICLE).read_text(encoding="utf-8")
    body = article.split("---\n", 1)[1]
    lines = [line.strip() for line in body.splitlines() if line.strip()][:20]
    (folder / PAGE).write_bytes((data / "news" / PAGE).read_bytes())
    (folder / "article.html").write_bytes(html_page(body))
    (folder / "article.docx").write_bytes(docx_of([*lines, DOCX_FIGURE[0]]))
    (folder / "article.pdf").write_bytes(pdf_of([PDF_FIGURE[0]]))
    return [folder / name for name in (PAGE, "article.html", "article.docx", "article.pdf")]
