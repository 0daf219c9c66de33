"""Web sessions kept in the store: ended at once by logout and by changes to the user, idle and absolute
limits judged on a clock the test moves, an opaque cookie, headers behind login; on both backends."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from chainatlas.services.users import add_user
from chainatlas.settings import HTTPS_VAR, SettingsError, WebSettings
from chainatlas.store import tables
from chainatlas.store.session import Store
from chainatlas.web.app import create_app
from chainatlas.web.sessions import COOKIE
from cli_runner import ok, run
from web_client import PASSWORD, Clock, csrf_of, logged_in

LIMITS = WebSettings().sessions
MINUTE = dt.timedelta(minutes=1)


def _refused(client: TestClient) -> bool:
    """Whether the client's cookie opens nothing: the API asks for a login, a page sends to the login form."""
    page = client.get("/users", follow_redirects=False)
    return client.get("/api/clusters").status_code == 401 and page.headers.get("location") == "/login?next=/users"


def _sessions_of(store: Store, name: str) -> int:
    with store.session() as session:
        user_id = session.scalar(select(tables.User.id).where(tables.User.name == name))
        rows = session.scalars(select(tables.WebSession.id).where(tables.WebSession.user_id == user_id))
        return len(rows.all())


# ---------------------------------------------------------------- revocation


def test_logout_ends_the_session_and_every_copy_of_its_cookie(store: Store) -> None:
    app = create_app(store.url)
    client = logged_in(store, "editor", app=app)
    copy = TestClient(app, cookies={COOKIE: client.cookies[COOKIE]})
    assert copy.get("/api/clusters").status_code == 200  # the copy works while the session lives
    token = csrf_of(client.get("/login").text)
    assert client.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert _refused(client) and _refused(copy)
    assert _sessions_of(store, "editor") == 0


@pytest.mark.parametrize(
    "change",
    [["role", "li", "viewer"], ["password", "li", "--password", "a new long password"], ["remove", "li"]],
    ids=["demote", "password", "remove"],
)
def test_a_change_to_the_user_on_the_command_line_ends_their_sessions_at_once(store: Store, change: list[str]) -> None:
    ok(store.url, "users", "add", "root", "--role", "admin", "--password", PASSWORD)
    app = create_app(store.url)
    client = logged_in(store, "admin", "li", app=app)
    other_browser = TestClient(app, cookies={COOKIE: client.cookies[COOKIE]})
    page = client.get("/users")
    assert page.status_code == 200
    ok(store.url, "users", *change)
    assert _refused(client) and _refused(other_browser)
    # the page's form, sent with the old cookie, adds no admin
    form = {"action": "add", "name": "mole", "password": PASSWORD, "role": "admin", "csrf": csrf_of(page.text)}
    assert client.post("/users", data=form, follow_redirects=False).status_code == 303
    with store.session() as session:
        assert session.scalar(select(tables.User.id).where(tables.User.name == "mole")) is None
        signed_in = select(tables.WebSession.id).where(tables.WebSession.user_id.is_not(None))
        assert session.scalars(signed_in).all() == []  # li's sessions are gone from the store


@pytest.mark.parametrize("action", ["role", "remove"])
def test_an_admin_changing_a_user_on_the_users_page_ends_their_sessions(store: Store, action: str) -> None:
    app = create_app(store.url)
    admin = logged_in(store, "admin", app=app)
    editor = logged_in(store, "editor", app=app)
    assert editor.get("/api/clusters").status_code == 200
    form = {"action": action, "name": "editor", "role": "viewer", "csrf": csrf_of(admin.get("/users").text)}
    assert admin.post("/users", data=form).status_code == 200
    assert _refused(editor)
    assert admin.get("/users").status_code == 200  # the admin's own session goes on


def test_the_role_is_read_from_the_store_on_every_request(store: Store) -> None:
    client = logged_in(store, "viewer")
    assert client.get("/users").status_code == 403
    with store.transaction() as session:  # a change made straight in the store, ending no session
        user = session.scalars(select(tables.User).where(tables.User.name == "viewer")).one()
        user.role = "admin"
    assert client.get("/users").status_code == 200


def test_the_cookie_holds_only_a_random_token_kept_hashed_in_the_store(store: Store) -> None:
    client = logged_in(store, "admin", "zhang")
    token = client.cookies[COOKIE]
    with store.session() as session:
        ids = session.scalars(select(tables.WebSession.id).where(tables.WebSession.user_id.is_not(None))).all()
    assert ids == [hashlib.sha256(token.encode()).hexdigest()]  # the token itself is nowhere in the store
    assert "zhang" not in token and "admin" not in token
    stale = TestClient(create_app(store.url), cookies={COOKIE: token + "x"})
    assert _refused(stale)


# ---------------------------------------------------------------- idle and absolute limits


def test_a_session_ends_after_the_idle_limit_and_requests_keep_it_alive(store: Store) -> None:
    clock = Clock()
    client = logged_in(store, app=create_app(store.url, clock=clock))
    for _ in range(3):  # three idle periods, each just short of the limit, pass with a request in between
        clock.advance(LIMITS.idle - MINUTE)
        assert client.get("/api/clusters").status_code == 200
    clock.advance(LIMITS.idle)
    assert _refused(client)


def _busy_until(client: TestClient, clock: Clock, moment: dt.datetime) -> None:
    """A request every half idle period until `moment`, each answered."""
    while clock.now < moment:
        clock.now = min(clock.now + LIMITS.idle / 2, moment)
        assert client.get("/api/clusters").status_code == 200, clock.now


def test_a_session_ends_at_the_absolute_limit_however_busy(store: Store) -> None:
    clock = Clock()
    started = clock.now
    client = logged_in(store, app=create_app(store.url, clock=clock))
    _busy_until(client, clock, started + LIMITS.absolute - MINUTE)
    clock.now = started + LIMITS.absolute
    assert _refused(client)


def test_switching_the_language_keeps_the_cookie_and_does_not_extend_the_session(store: Store) -> None:
    clock = Clock()
    started = clock.now
    client = logged_in(store, app=create_app(store.url, clock=clock))
    cookie = client.cookies[COOKIE]
    _busy_until(client, clock, started + LIMITS.absolute - 2 * MINUTE)
    clock.advance(MINUTE)
    english = client.get("/clusters?lang=en")
    assert english.status_code == 200 and "Set-Cookie" not in english.headers and 'lang="en"' in english.text
    assert 'lang="en"' in client.get("/clusters").text  # the choice is kept in the session
    assert client.cookies[COOKIE] == cookie
    clock.now = started + LIMITS.absolute
    assert _refused(client)


def test_an_expired_cookie_is_cleared_and_the_visitor_can_log_in_again(store: Store) -> None:
    clock = Clock()
    client = logged_in(store, app=create_app(store.url, clock=clock))
    clock.advance(LIMITS.absolute)
    cleared = client.get("/api/clusters")
    assert cleared.status_code == 401 and f"{COOKIE}=" in cleared.headers["set-cookie"]
    token = csrf_of(client.get("/login").text)
    again = client.post("/login", data={"name": "viewer", "password": PASSWORD, "csrf": token}, follow_redirects=False)
    assert again.status_code == 303 and client.get("/api/clusters").status_code == 200


# ---------------------------------------------------------------- headers


def test_responses_behind_login_are_not_stored_and_keep_the_security_headers(store: Store) -> None:
    client = logged_in(store, "admin")
    for path in ("/", "/clusters", "/users", "/api/clusters", "/login"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "no-store", path
        assert response.headers["content-security-policy"].startswith("default-src 'none'"), path
        assert response.headers["x-content-type-options"] == "nosniff", path
    assert "no-store" not in client.get("/static/atlas.css").headers.get("cache-control", "")


@pytest.mark.parametrize("https", [True, False])
def test_the_cookie_is_secure_when_the_atlas_is_served_over_https(store: Store, https: bool) -> None:
    with store.transaction() as session:
        add_user(session, "li", PASSWORD, "viewer", "test")
    base = "https://testserver" if https else "http://testserver"
    client = TestClient(create_app(store.url, WebSettings(https=https)), base_url=base)
    token = csrf_of(client.get("/login").text)
    login = client.post("/login", data={"name": "li", "password": PASSWORD, "csrf": token}, follow_redirects=False)
    attributes = [part.strip().lower() for part in login.headers["set-cookie"].split(";")]
    assert {"httponly", "samesite=strict", "path=/"} <= set(attributes)
    assert ("secure" in attributes) is https
    assert client.get("/api/clusters").status_code == 200


def test_the_https_setting_is_read_from_the_environment(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(HTTPS_VAR, raising=False)
    assert not WebSettings.from_env().https
    for value, https in (("1", True), ("yes", True), ("0", False), ("off", False)):
        monkeypatch.setenv(HTTPS_VAR, value)
        assert WebSettings.from_env().https is https
    monkeypatch.setenv(HTTPS_VAR, "maybe")
    with pytest.raises(SettingsError, match=rf"\${HTTPS_VAR}"):
        WebSettings.from_env()
    refused = run(store.url, "serve")
    assert refused.exit_code == 1 and HTTPS_VAR in refused.output and len(refused.output.strip().splitlines()) == 1
