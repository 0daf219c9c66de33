"""One settings object: each setting from its variable, else the settings file, else the default; a bad value is
one line naming where it came from; the CLI and the web atlas follow them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chainatlas.settings import CONFIG_VAR, DB_VAR, PREFIX, SettingsError, WebSettings, load_settings
from chainatlas.store.session import Store
from chainatlas.web.app import create_app
from cli_runner import ok, run_process
from web_client import attempt_login, logged_in

FIELDS = ("DB", "HTTPS", "IDLE_MINUTES", "SESSION_HOURS", "PAGE_SIZE", "LANGUAGE", "LOG_LEVEL", "CONFIG")


@pytest.fixture(autouse=True)
def _no_settings_here(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in FIELDS:
        monkeypatch.delenv(PREFIX + name, raising=False)


def _file(path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(CONFIG_VAR, str(path))
    return path


def test_the_environment_wins_over_the_file_and_the_file_over_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = load_settings()
    assert (found.db, found.https, found.page_size, found.language) == ("sqlite:///atlas.db", False, 50, "zh")
    _file(tmp_path / "atlas.toml", 'db = "sqlite:///from-file.db"\npage_size = 100\nlanguage = "en"\n', monkeypatch)
    monkeypatch.setenv(PREFIX + "PAGE_SIZE", "20")
    found = load_settings()
    assert (found.db, found.page_size, found.language) == ("sqlite:///from-file.db", 20, "en")
    web = WebSettings.from_env()
    assert (web.page_size, web.language, web.sessions.idle.total_seconds()) == (20, "en", 30 * 60)


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("HTTPS", "maybe", "$CHAINATLAS_HTTPS: Input should be a valid boolean"),
        ("PAGE_SIZE", "5", "$CHAINATLAS_PAGE_SIZE: Input should be greater than or equal to 10"),
        ("LANGUAGE", "fr", "$CHAINATLAS_LANGUAGE: Input should be 'zh' or 'en'"),
        ("IDLE_MINUTES", "ten", "$CHAINATLAS_IDLE_MINUTES: Input should be a valid integer"),
    ],
)
def test_a_bad_variable_is_named(variable: str, value: str, said: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PREFIX + variable, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).startswith(said) and "\n" not in str(raised.value)


def test_a_bad_file_or_key_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _file(tmp_path / "atlas.toml", "page_size = 100\ncolour = 'red'\n", monkeypatch)
    with pytest.raises(SettingsError, match=rf"setting 'colour' in {path}: Extra inputs are not permitted"):
        load_settings()
    _file(path, "page_size = [\n", monkeypatch)
    with pytest.raises(SettingsError, match=rf"\$CHAINATLAS_CONFIG {path}: cannot read it as TOML"):
        load_settings()
    monkeypatch.setenv(CONFIG_VAR, str(tmp_path / "missing.toml"))
    with pytest.raises(SettingsError, match="cannot read it as TOML"):
        load_settings()


def test_the_cli_opens_the_store_the_settings_file_names_and_refuses_a_bad_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path / 'from-file.db'}"
    _file(tmp_path / "atlas.toml", f'db = "{db}"\n', monkeypatch)
    assert run_process("init").returncode == 0
    assert (tmp_path / "from-file.db").exists()
    monkeypatch.setenv(DB_VAR, f"sqlite:///{tmp_path / 'from-env.db'}")  # the variable wins
    assert run_process("init").returncode == 0 and (tmp_path / "from-env.db").exists()
    _file(tmp_path / "atlas.toml", "https = 'maybe'\n", monkeypatch)
    refused = run_process("serve")
    assert refused.returncode == 1 and refused.stderr.strip().count("\n") == 0, refused.stderr
    assert "setting 'https' in" in refused.stderr and "Traceback" not in refused.stderr


def test_pages_open_in_the_language_set_and_the_switch_still_works(store: Store) -> None:
    app = create_app(store.url, WebSettings(language="en"))
    client: TestClient = logged_in(store, "viewer", app=app)
    assert 'lang="en"' in client.get("/").text
    assert 'lang="zh-CN"' in client.get("/?lang=zh").text
    assert 'lang="zh-CN"' in client.get("/").text  # the reader's choice is kept in the session
    fresh = TestClient(create_app(store.url, WebSettings()))
    assert attempt_login(fresh, "viewer").status_code == 303
    assert 'lang="zh-CN"' in fresh.get("/").text


def test_lists_show_the_page_size_set(store: Store, data: Path) -> None:
    ok(store.url, "ingest", "--workers", "1", data / "news")
    client = logged_in(store, "viewer", app=create_app(store.url, WebSettings(page_size=10)))
    first, last = client.get("/documents").text, client.get("/documents?page=3").text
    assert "第1页，共3页" in first and "第3页，共3页" in last  # 25 documents, 10 a page
    assert first.count('href="/documents/') == 10 and last.count('href="/documents/') == 5
