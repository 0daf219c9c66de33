"""Ingesting real pages on both backends: idempotent, streaming, unreadable files reported."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import func, select

from chainatlas.ingest.document import read_document
from chainatlas.ingest.extract import extract_document
from chainatlas.services.ingest import ingest_paths, iter_files
from chainatlas.services.queries import find_profile
from chainatlas.store import tables
from chainatlas.store.session import Store
from cli_runner import ok
from document_samples import DOCX_FIGURE, PAGE, PDF_FIGURE, write_documents
from store_samples import CLAIM_CONTENT

JULY_5 = dt.date(2026, 7, 5)


def counts(store: Store) -> dict[str, int]:
    with store.session() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (tables.Document, tables.Claim, tables.Entity, tables.Alias, tables.Article)
        }


def claims_of(store: Store, name: str) -> list[tuple[object, ...]]:
    """What a document's claims say, in a form two documents' claims compare in."""
    with store.session() as session:
        rows = session.execute(
            select(*CLAIM_CONTENT)
            .join(tables.Document)
            .where(tables.Document.name == name)
            .order_by(tables.Claim.id)
        )
        return [tuple(row) for row in rows]


def test_ingesting_the_news_folder_twice_adds_nothing_the_second_time(store: Store, data: Path) -> None:
    news = data / "news"
    first = ingest_paths(store, [news])
    pages = sorted(news.glob("*.txt"))
    assert sorted(first.added) == pages and not first.skipped and not first.unchanged
    assert first.claims > 50
    stored = counts(store)
    assert stored["documents"] == len(pages) and stored["claims"] == first.claims

    second = ingest_paths(store, [news])
    assert (second.added, second.claims, second.skipped) == ([], 0, [])
    assert sorted(second.unchanged) == pages
    assert counts(store) == stored


def test_the_same_bytes_under_another_name_are_unchanged(store: Store, data: Path, tmp_path: Path) -> None:
    page = data / "news" / PAGE
    ingest_paths(store, [page], date=JULY_5)
    copy = tmp_path / "copy.txt"
    shutil.copy(page, copy)
    report = ingest_paths(store, [copy], date=JULY_5)
    assert report.unchanged == [copy] and report.claims == 0


def test_unreadable_files_are_reported_and_change_nothing(store: Store, data: Path, tmp_path: Path) -> None:
    page = data / "news" / PAGE
    ingest_paths(store, [page], date=JULY_5)
    before = counts(store)

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (bad / "empty.txt").write_bytes(b"")
    with (bad / "huge.txt").open("wb") as huge:
        huge.truncate(60 * 1024 * 1024)  # sparse: 60 MB on paper, nothing on disk
    report = ingest_paths(store, [bad, tmp_path / "missing.txt"], date=JULY_5)

    reasons = {path.name: reason for path, reason in report.skipped}
    assert set(reasons) == {"binary.txt", "empty.txt", "huge.txt", "missing.txt"}
    assert all(reasons.values())
    assert "limit" in reasons["huge.txt"]
    assert (report.added, report.claims) == ([], 0)
    assert counts(store) == before


def test_a_gbk_page_ingests_with_the_facts_of_the_utf8_page(
    store: Store, data: Path, tmp_path: Path
) -> None:
    page = data / "news" / PAGE
    gbk = tmp_path / "jiaxing-gbk.txt"
    gbk.write_bytes(page.read_text(encoding="utf-8").encode("gbk"))
    report = ingest_paths(store, [page, gbk], date=JULY_5)
    assert report.added == [page, gbk] and not report.skipped
    assert claims_of(store, gbk.name) == claims_of(store, PAGE) != []
    assert extract_document(read_document(gbk, JULY_5))


def test_folder_walks_pick_every_readable_format_and_skip_hidden_and_other_files(tmp_path: Path) -> None:
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "a.txt").write_text("x")
    (tmp_path / ".b.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    for name in ("c.txt", "d.HTM", "e.html", "f.docx", "g.pdf", "h.text"):
        (tmp_path / "sub" / name).write_text("x")
    (tmp_path / "d.png").write_bytes(b"x")
    (tmp_path / "table.xlsx").write_bytes(b"x")
    named = tmp_path / "e.dat"
    documents = [tmp_path / "sub" / name for name in ("c.txt", "d.HTM", "e.html", "f.docx", "g.pdf", "h.text")]
    assert list(iter_files([tmp_path, named])) == [*documents, named]  # a file named is read whatever its suffix


def test_ingesting_a_folder_stores_its_html_word_and_pdf_documents(store: Store, data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "2026").mkdir(parents=True)
    written = write_documents(data, folder / "2026")
    (folder / "notes.xlsx").write_bytes(b"not a document")
    ok(store.url, "ingest", "--workers", "1", folder)
    with store.session() as session:
        read = {name: how for name, how in session.execute(select(tables.Document.name, tables.Document.encoding))}
    assert read == {PAGE: "utf-8", "article.html": "html", "article.docx": "docx", "article.pdf": "pdf"}
    assert sorted(read) == sorted(path.name for path in written)  # the workbook beside them left out
    figures = {(name, claim[2]) for name in ("article.docx", "article.pdf") for claim in claims_of(store, name)}
    assert {("article.docx", DOCX_FIGURE[1]), ("article.pdf", PDF_FIGURE[1])} <= figures


def test_progress_is_called_once_per_file(store: Store, data: Path) -> None:
    seen: list[Path] = []
    ingest_paths(store, [data / "news"], progress=seen.append)
    assert seen == sorted((data / "news").glob("*.txt"))


def test_a_firm_is_found_by_the_short_name_the_page_also_uses(store: Store, data: Path) -> None:
    ingest_paths(store, [data / "news" / PAGE], date=JULY_5)
    with store.session() as session:
        profile = find_profile(session, "芸卓公司")
        assert profile is not None
        assert profile.name == "浙江芸卓新材料科技有限公司"
        assert "芸卓公司" in profile.aliases
