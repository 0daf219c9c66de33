"""Logs: one `key=value` line per event on stderr at the level set (`$CHAINATLAS_LOG_LEVEL`), for ingest, imports,
the audit log and web requests; nothing at the default level but warnings."""

from __future__ import annotations

import logging
import os
import re
import subprocess
from pathlib import Path

import pytest

from chainatlas.logs import ROOT
from chainatlas.settings import LOG_LEVEL_VAR, WebSettings
from chainatlas.store.session import Store
from chainatlas.web.app import create_app
from cli_runner import process
from web_client import logged_in

LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d (DEBUG|INFO|WARNING|ERROR) chainatlas\.[\w.]+ [\w-]+( \w+=\S+)*")


def _run(db: str, *args: str | Path, level: str | None = "INFO") -> list[str]:
    """Run a command as a process of its own; its stderr lines that are log lines."""
    env = {k: v for k, v in os.environ.items() if k != LOG_LEVEL_VAR} | ({LOG_LEVEL_VAR: level} if level else {})
    done = subprocess.run(process("--db", db, *args), capture_output=True, text=True, env=env, timeout=300)
    return [line for line in done.stderr.splitlines() if LINE.match(line)]


def test_ingest_and_imports_log_each_document_and_file(data: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    news = sorted((data / "news").glob("*.txt"))[:3]
    lines = _run(db, "ingest", "--workers", "1", *news)
    stored = [line for line in lines if " document-stored " in line]
    assert len(stored) == 3 and all(re.search(r" claims=\d+$", line) for line in stored), lines
    assert any(re.search(r"ingest-done added=3 unchanged=0 skipped=0 claims=\d+", line) for line in lines), lines
    assert _run(db, "ingest", "--workers", "1", *news, level=None) == []  # the default level: warnings only
    table = tmp_path / "p.csv"
    table.write_text("项目名称,总投资(亿元)\n甲项目,12.5\n乙项目,-3\n", encoding="utf-8")
    lines = _run(db, "projects", "import", table, "--today", "2026-07-05", "--by", "wang")
    assert any(" INFO chainatlas.services.import_report import-bad-cell " in line and "negative" in line
               for line in lines), lines  # fmt: skip
    done = [line for line in lines if " import-done " in line]
    assert len(done) == 1 and "what=projects" in done[0] and "rows=2 created=1" in done[0] and "errors=1" in done[0]
    table.write_text("项目名称,总投资(亿元)\n甲项目,15\n", encoding="utf-8")
    lines = _run(db, "projects", "import", table, "--today", "2026-07-05", "--by", "li")
    audited = r" audit actor=li subject=project:\d+ action=update fields=investment$"
    assert any(re.search(audited, line) for line in lines), lines


def test_the_audit_log_and_web_requests_are_logged(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    logging.getLogger(ROOT).addHandler(caplog.handler)
    try:
        client = logged_in(store, "admin", app=create_app(store.url, WebSettings(log_level="INFO")))
        assert client.get("/clusters").status_code == 200
    finally:
        logging.getLogger(ROOT).removeHandler(caplog.handler)
    messages = [record.getMessage() for record in caplog.records]
    assert any(re.fullmatch(r"request method=GET path=/clusters status=200 ms=\d+ user=admin", m) for m in messages)
    assert any(m.startswith("request method=POST path=/login status=303") for m in messages), messages
