"""Uploads from the browser, both backends: each kind stores what the CLI command stores for the same file (the CLI
run on a SQLite store of its own), a bad workbook reports the cells the CLI names, refusals are one line and store
nothing, only editors upload and every form needs its CSRF token. Jobs run in the request (`run_job`) unless a test
is about the background thread."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import select

from chainatlas.i18n import language, stored_text
from chainatlas.ingest.decode import MAX_BYTES
from chainatlas.processes import Owner
from chainatlas.services.uploads import STOPPED, Upload, create_job, run_job
from chainatlas.store import tables
from chainatlas.store.session import Store
from chainatlas.web.app import create_app
from cli_runner import as_json, ok, run
from document_samples import DOCX_FIGURE, PAGE, PDF_FIGURE, write_documents
from register_samples import firm
from register_samples import workbook as register_workbook
from test_projects_cli import HEADER, ROWS, TODAY
from test_projects_cli import workbook as project_workbook
from web_client import Clock, csrf_of, logged_in


def editor(store: Store, synchronous: bool = True) -> TestClient:
    app = create_app(store.url, upload_runner=run_job) if synchronous else None
    return logged_in(store, "editor", app=app)


def send(client: TestClient, kind: str, files: Sequence[Path], token: str | None = "", **fields: str) -> Any:
    """Post `files` to the upload form of `kind` with the page's CSRF token (None: without one)."""
    field = "files" if kind == "documents" else "file"
    data = fields | ({"csrf": token or csrf_of(client.get("/upload").text)} if token is not None else {})
    parts = [(field, (path.name, path.read_bytes(), "application/octet-stream")) for path in files]
    return client.post(f"/upload/{kind}", files=parts, data=data, follow_redirects=False)


def job_of(store: Store, response: Any) -> tables.UploadJob:
    assert response.status_code == 303, response.text
    with store.session() as session:
        job = session.get(tables.UploadJob, int(response.headers["location"].rsplit("/", 1)[1]))
    assert job is not None
    return job


def cli_store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    ok(url, "init")
    return url


# ---------------------------------------------------------------- documents


@pytest.fixture
def documents(data: Path, tmp_path: Path) -> list[Path]:
    """A text page, and an article as HTML, Word and PDF (each with a figure of a different article)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    return write_documents(data, folder)


def stored(url: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The documents (name, digest, how read, date, text) and their claims as stored, in a fixed order."""
    store = Store(url)
    try:
        with store.session() as session:
            d, c = tables.Document, tables.Claim
            docs = session.execute(select(d.name, d.sha256, d.encoding, d.date, d.text).order_by(d.name)).all()
            claims = session.execute(
                select(d.name, c.kind, c.subject_type, c.subject_name, c.metric, c.value, c.unit)
                .join(d, c.document_id == d.id)
                .order_by(d.name, c.kind, c.subject_name, c.metric, c.value)
            ).all()
        return [tuple(r) for r in docs], [tuple(r) for r in claims]
    finally:
        store.dispose()


def test_documents_store_what_the_cli_stores(store: Store, documents: list[Path], tmp_path: Path) -> None:
    cli = cli_store(tmp_path)
    ok(cli, "ingest", "--workers", "1", *documents)
    client = editor(store)
    job = job_of(store, send(client, "documents", documents))
    assert job.state == "done" and (job.done, job.total) == (4, 4)
    assert job.report is not None
    assert [(f["name"], f["outcome"]) for f in job.report["files"]] == [(p.name, "added") for p in documents]
    assert stored(store.url) == stored(cli)
    docs, claims = stored(store.url)
    encodings = {name: how for name, _, how, _, _ in docs}
    assert encodings == {PAGE: "utf-8", "article.html": "html", "article.docx": "docx", "article.pdf": "pdf"}
    html = next(text for name, *_, text in docs if name == "article.html")
    assert html.startswith("title: 测试网页\n---\n") and "不应出现" not in html and "color" not in html
    assert {("article.docx", DOCX_FIGURE[1]), ("article.pdf", PDF_FIGURE[1])} <= {(n, v) for n, *_, v, _ in claims}
    page = client.get(f"/upload/{job.id}").text
    assert 'http-equiv="refresh"' not in page
    for found in job.report["files"]:  # each document linked, and its page shows it
        assert f'href="/documents/{found["document"]}"' in page
        assert client.get(f"/documents/{found['document']}").status_code == 200
    again = job_of(store, send(client, "documents", documents[:1]))
    assert again.report is not None and again.report["files"][0]["outcome"] == "unchanged"


def test_unreadable_documents_are_reported_and_the_others_stored(store: Store, tmp_path: Path, data: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 not really")
    (tmp_path / "binary.txt").write_bytes(b"a\x00b")
    (tmp_path / PAGE).write_bytes((data / "news" / PAGE).read_bytes())
    client = editor(store)
    job = job_of(store, send(client, "documents", [tmp_path / "scan.pdf", tmp_path / "binary.txt", tmp_path / PAGE]))
    assert job.report is not None
    with language("en"):  # a reason is stored as a message, read in the reader's language
        outcomes = [(f["name"], f["outcome"], stored_text(f.get("reason"))) for f in job.report["files"]]
    assert outcomes[1:] == [("binary.txt", "skipped", "holds NUL bytes"), (PAGE, "added", "")]
    assert outcomes[0][:2] == ("scan.pdf", "skipped") and outcomes[0][2].startswith("not a readable PDF")
    assert "binary.txt: 含有 NUL 字节" in client.get(f"/upload/{job.id}").text
    assert "binary.txt: holds NUL bytes" in client.get(f"/upload/{job.id}?lang=en").text
    assert [name for name, *_ in stored(store.url)[0]] == [PAGE]


# ---------------------------------------------------------------- workbooks


def bad_projects(path: Path) -> Path:
    rows: list[list[Any]] = [[*row] for row in ROWS]  # type: ignore[misc]
    rows[1][HEADER.index("签约实际")] = "2026-13-01"
    rows[3][HEADER.index("总投资(亿元)")] = "很多"
    return project_workbook(path, rows)


def test_a_project_workbook_stores_and_reports_as_the_cli(store: Store, tmp_path: Path) -> None:
    path = bad_projects(tmp_path / "projects.xlsx")
    cli = cli_store(tmp_path)
    result = run(cli, "projects", "import", path, "--today", TODAY, "--by", "editor")
    assert result.exit_code == 1
    cli_cells = [line for line in result.stderr.splitlines() if line.startswith(f"{path}: ")]
    job = job_of(store, send(editor(store), "projects", [path], today=TODAY))
    assert job.state == "done" and job.report is not None
    assert [f"{path}: {stored_text(e)}" for e in job.report["errors"]] == cli_cells and len(cli_cells) == 2
    assert (job.report["rows"], job.report["good"], job.report["created"]) == (5, 3, 3)
    listed = as_json(store.url, "projects", "list", "--today", TODAY)
    assert listed == as_json(cli, "projects", "list", "--today", TODAY)
    assert sorted(r["project"]["name"] for r in listed) == ["丙项目", "戊项目", "甲项目"]  # the bad rows not stored


def test_the_job_page_shows_each_bad_cell_and_links_the_projects(store: Store, tmp_path: Path) -> None:
    client = editor(store)
    job = job_of(store, send(client, "projects", [bad_projects(tmp_path / "p.xlsx")], today=TODAY))
    page = client.get(f"/upload/{job.id}").text
    assert job.report is not None
    for error in job.report["errors"]:
        assert escape(f"p.xlsx: {stored_text(error)}") in page
    assert 'href="/projects"' in page and "5行，3行有效" in page
    # The stored cell errors read in the reader's language, whichever language the job ran in.
    assert "p.xlsx: 工作表“项目”第5行，列“总投资(亿元)”：“很多”不是数字" in page
    english = client.get(f"/upload/{job.id}?lang=en").text
    assert escape("p.xlsx: sheet '项目' row 5, column '总投资(亿元)': '很多' is not a number") in english
    assert escape("sheet '项目' row 3, column '签约实际': bad date: '2026-13-01': no such day") in english


def test_a_register_workbook_stores_and_reports_as_the_cli(store: Store, tmp_path: Path) -> None:
    wrong_code: dict[str, object] = {"统一社会信用代码": "91330482MA0000002X"}
    negative: dict[str, object] = {"工业总产值(万元)": -5}
    rows = [firm(1), firm(2) | wrong_code, firm(3) | negative, firm(4)]
    path = register_workbook(tmp_path / "register.xlsx", rows)
    cli = cli_store(tmp_path)
    result = run(cli, "enterprises", "import", path, "--sheet", "规上企业", "--by", "editor")
    cli_cells = [line for line in result.stderr.splitlines() if line.startswith(f"{path}: ")]
    job = job_of(store, send(editor(store), "register", [path], sheet="规上企业"))
    assert job.report is not None and [f"{path}: {stored_text(e)}" for e in job.report["errors"]] == cli_cells
    assert len(cli_cells) == 2 and job.report["created"] == 2

    def firms(url: str) -> list[tuple[Any, ...]]:
        s = Store(url)
        try:
            with s.session() as session:
                e = tables.Enterprise
                found = select(e.name, e.credit_code, e.township_code, e.output_value, e.employees, e.register_source)
                return [tuple(r) for r in session.execute(found.order_by(e.credit_code))]
        finally:
            s.dispose()

    assert firms(store.url) == firms(cli) and len(firms(cli)) == 2


DATASET = ("--name", "jx-output", "--metric", "output_value", "--unit", "CNY", "--region", "county",
           "--activity", "industry", "--value", "value", "--year", "year")  # fmt: skip
DATASET_FIELDS = {"name": "jx-output", "metric": "output_value", "unit": "CNY", "region": "county",
                  "activity": "industry", "value": "value", "year": "year"}  # fmt: skip


def table(path: Path, rows: Sequence[tuple[str, str, str, object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["county", "industry", "year", "value"])
        writer.writerows(rows)
    return path


def test_a_dataset_stores_what_the_cli_stores(store: Store, tmp_path: Path) -> None:
    rows = [("330421", "C34", "2024", 10.5), ("330482", "C34", "2024", 7), ("330482", "C39", "2025", 3)]
    path = table(tmp_path / "output.csv", rows)
    cli = cli_store(tmp_path)
    ok(cli, "datasets", "import", path, *DATASET)
    job = job_of(store, send(editor(store), "dataset", [path], **DATASET_FIELDS))
    assert job.report == {"name": "jx-output", "cells": 3, "changed": True}
    web, by_cli = as_json(store.url, "datasets", "list"), as_json(cli, "datasets", "list")
    assert [d | {"source": ""} for d in web] == [d | {"source": ""} for d in by_cli]
    assert web[0]["source"] == "output.csv"  # the file as uploaded, not where it waited


def test_a_bad_dataset_is_refused_as_the_cli_refuses_it_and_stores_nothing(store: Store, tmp_path: Path) -> None:
    path = table(tmp_path / "bad.csv", [("330421", "C34", "2024", 10), ("330482", "C34", "2024", -1)])
    cli = cli_store(tmp_path)
    result = run(cli, "datasets", "import", path, *DATASET)
    assert result.exit_code == 1
    client = editor(store)
    job = job_of(store, send(client, "dataset", [path], **DATASET_FIELDS))
    assert job.state == "failed" and job.error is not None
    assert result.stderr.strip().replace(f"{tmp_path}/", "") == job.error
    assert job.error.splitlines()[1] == "bad.csv: row 2 (line 3), column 'value': '-1' must be finite and ≥ 0"
    assert as_json(store.url, "datasets", "list") == []
    page = client.get(f"/upload/{job.id}").text
    assert all(escape(line) in page for line in job.error.splitlines())


def test_a_workbook_that_is_no_template_fails_with_one_line(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    cli = cli_store(tmp_path)
    result = run(cli, "projects", "import", path, "--today", TODAY)
    job = job_of(store, send(editor(store), "projects", [path], today=TODAY))
    assert job.state == "failed" and job.error is not None
    assert result.exit_code == 1 and result.stderr.strip() == f"{tmp_path}/{job.error}"
    with store.session() as session:
        assert session.scalars(select(tables.Project)).all() == []


# ---------------------------------------------------------------- progress and the background thread


def test_a_running_job_page_refreshes_itself_until_done(store: Store, tmp_path: Path, data: Path) -> None:
    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / PAGE).write_bytes((data / "news" / PAGE).read_bytes())
    upload = Upload("documents", "editor", folder, [folder / PAGE], {})
    job_id = create_job(store, upload)
    client = editor(store)
    waiting = client.get(f"/upload/{job_id}").text
    assert '<meta http-equiv="refresh" content="1">' in waiting and 'max="1" value="0"' in waiting
    run_job(store, job_id, upload)
    done = client.get(f"/upload/{job_id}").text
    assert "refresh" not in done and 'data-state="done"' in done and PAGE in done
    assert not folder.exists()  # the uploaded files are removed with the job


def test_a_job_runs_in_a_background_thread(store: Store, tmp_path: Path, data: Path) -> None:
    (tmp_path / PAGE).write_bytes((data / "news" / PAGE).read_bytes())
    client = editor(store, synchronous=False)
    response = send(client, "documents", [tmp_path / PAGE])
    url = response.headers["location"]
    deadline = time.monotonic() + 60
    while 'data-state="done"' not in (page := client.get(url).text):
        assert 'data-state="failed"' not in page and time.monotonic() < deadline, page
        time.sleep(0.1)
    assert [name for name, *_ in stored(store.url)[0]] == [PAGE]


def child() -> subprocess.Popen[bytes]:
    """A process of this host that lives until killed: a server worker beside the one the test talks to."""
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])


def end(process: subprocess.Popen[bytes]) -> None:
    process.kill()
    process.wait()


def test_a_job_whose_server_stopped_ends_failed_and_a_siblings_job_runs_on(store: Store, tmp_path: Path) -> None:
    stopped, sibling = child(), child()
    try:
        upload = Upload("documents", "editor", tmp_path, [tmp_path / PAGE], {})
        dead = create_job(store, upload, Owner.of(stopped.pid))
        end(stopped)
        alive = create_job(store, upload, Owner.of(sibling.pid))
        elsewhere = create_job(store, upload, Owner("another-host", stopped.pid, "1"))
        mine = create_job(store, upload)  # this process: the server the client talks to
        clock = Clock()
        client = logged_in(store, "editor", app=create_app(store.url, clock=clock, upload_runner=run_job))
        clock.advance(dt.timedelta(minutes=5))
        listed = client.get("/upload").text
        states = {job: listed.split(f'href="/upload/{job}"', 1)[1].split('data-state="', 1)[1][:7] for job in
                  (dead, alive, elsewhere, mine)}  # fmt: skip
        assert states == {dead: "failed\"", alive: "pending", elsewhere: "pending", mine: "pending"}
        with store.session() as session:
            ended = session.get(tables.UploadJob, dead)
            assert ended is not None and (stored_text(ended.error), ended.finished_at) == (STOPPED, clock.now)
        page = client.get(f"/upload/{dead}").text
        assert "refresh" not in page and 'data-state="failed"' in page and STOPPED in page
        english = client.get(f"/upload/{dead}?lang=en").text
        assert "The server stopped while the job was running" in english and STOPPED not in english
        assert 'http-equiv="refresh"' in client.get(f"/upload/{alive}").text
        end(sibling)  # the sibling worker stops too: its job ends when next opened
        assert 'data-state="failed"' in client.get(f"/upload/{alive}").text
        assert 'http-equiv="refresh"' in client.get(f"/upload/{elsewhere}").text  # another host's to judge
    finally:
        end(stopped)
        end(sibling)


# ---------------------------------------------------------------- refusals, roles, CSRF


def no_jobs(store: Store) -> bool:
    with store.session() as session:
        return session.scalars(select(tables.UploadJob)).all() == []


def test_a_file_too_large_or_of_the_wrong_kind_is_refused_with_one_line(store: Store, tmp_path: Path) -> None:
    client = editor(store)
    large = tmp_path / "large.txt"
    large.write_bytes(b"a" * (MAX_BYTES + 1))
    refused = send(client, "documents", [large])
    assert refused.status_code == 400
    assert refused.json()["detail"] == f"large.txt: {MAX_BYTES + 1} bytes, more than the limit of {MAX_BYTES}"
    (tmp_path / "tool.exe").write_bytes(b"MZ")
    wrong = send(client, "documents", [tmp_path / "tool.exe"])
    assert wrong.status_code == 400 and wrong.json()["detail"].startswith("tool.exe: not one of .docx, .htm")
    (tmp_path / "list.txt").write_text("项目\n", encoding="utf-8")
    workbook = send(client, "projects", [tmp_path / "list.txt"], today=TODAY)
    assert workbook.status_code == 400 and workbook.json()["detail"] == "list.txt: not one of .csv, .xlsx"
    page = client.post("/upload/documents", files=[("files", ("big.txt", b"a" * (MAX_BYTES + 1)))],
                       data={"csrf": csrf_of(client.get("/upload").text)}, headers={"accept": "text/html"})  # fmt: skip
    assert page.status_code == 400 and f"big.txt: {MAX_BYTES + 1} bytes, more than the limit" in page.text
    assert no_jobs(store) and stored(store.url) == ([], [])


def test_viewers_get_403_and_see_no_upload_link(store: Store, tmp_path: Path) -> None:
    viewer = logged_in(store, "viewer")
    assert viewer.get("/upload").status_code == 403
    assert 'href="/upload"' not in viewer.get("/").text
    (tmp_path / PAGE).write_text("嘉兴讯 文本。\n", encoding="utf-8")
    token = csrf_of(viewer.get("/").text)
    assert send(viewer, "documents", [tmp_path / PAGE], token=token).status_code == 403
    assert 'href="/upload"' in editor(store).get("/").text
    assert no_jobs(store)


def test_an_upload_needs_the_csrf_token(store: Store, tmp_path: Path) -> None:
    (tmp_path / PAGE).write_text("嘉兴讯 文本。\n", encoding="utf-8")
    client = editor(store)
    assert send(client, "documents", [tmp_path / PAGE], token=None).status_code == 403
    assert send(client, "documents", [tmp_path / PAGE], token="forged").status_code == 403
    assert no_jobs(store)
