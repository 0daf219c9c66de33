"""Logging in, roles and CSRF on the web atlas, and the `users` commands, on both backends."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select

from chainatlas.services.users import UserError, add_user, authenticate
from chainatlas.store import audit, tables
from chainatlas.store.session import Store
from chainatlas.web.app import create_app
from cli_runner import as_json, ok, run
from web_client import PASSWORD, csrf_of, logged_in

pytestmark = pytest.mark.usefixtures("read_english")  # the assertions read the errors in English


def test_passwords_are_argon2_hashes_and_checked(store: Store) -> None:
    with store.transaction() as session:
        add_user(session, "li", PASSWORD, "editor", "admin")
    with store.transaction() as session:
        stored = session.scalar(select(tables.User.password_hash).where(tables.User.name == "li"))
        assert stored and stored.startswith("$argon2id$") and PASSWORD not in stored
        assert PasswordHasher().verify(stored, PASSWORD)
        assert authenticate(session, "li", PASSWORD) is not None
        assert authenticate(session, "li", "wrong password") is None
        assert authenticate(session, "nobody", PASSWORD) is None
        with pytest.raises(UserError, match="at least 8"):
            add_user(session, "wu", "short", "viewer", "admin")
        with pytest.raises(UserError, match="role must be"):
            add_user(session, "wu", PASSWORD, "king", "admin")
        with pytest.raises(UserError, match="exists already"):
            add_user(session, "li", PASSWORD, "viewer", "admin")


def test_pages_need_a_login_and_a_wrong_password_is_refused(store: Store) -> None:
    client = TestClient(create_app(store.url))
    redirect = client.get("/users", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == "/login?next=/users"
    assert client.get("/api/clusters").status_code == 401
    with store.transaction() as session:
        add_user(session, "zhang", PASSWORD, "viewer", "admin")
    token = csrf_of(client.get("/login").text)
    refused = client.post("/login", data={"name": "zhang", "password": "nope-nope", "csrf": token})
    assert refused.status_code == 401 and "用户名或密码错误" in refused.text
    outside = client.post(
        "/login", data={"name": "zhang", "password": PASSWORD, "csrf": token, "next": "https://evil.example/"},
        follow_redirects=False,
    )  # fmt: skip
    assert outside.status_code == 303 and outside.headers["location"] == "/"  # no open redirect


def test_a_form_without_this_sessions_token_is_refused(store: Store) -> None:
    with store.transaction() as session:
        add_user(session, "zhang", PASSWORD, "viewer", "admin")
    client = TestClient(create_app(store.url))
    client.get("/login")
    assert client.post("/login", data={"name": "zhang", "password": PASSWORD, "csrf": "forged"}).status_code == 403
    other = TestClient(create_app(store.url))
    stolen = csrf_of(other.get("/login").text)  # another session's token
    assert client.post("/login", data={"name": "zhang", "password": PASSWORD, "csrf": stolen}).status_code == 403
    for forged in ("令牌", "<img src=x onerror=alert(1)>é"):  # not ASCII: refused too, not a 500 (fuzz suite)
        refused = client.post("/login", data={"name": "zhang", "password": PASSWORD, "csrf": forged})
        assert refused.status_code == 403 and refused.json()["detail"].startswith("the form has expired")


def test_roles_admin_manages_users_and_a_viewer_may_not(store: Store) -> None:
    viewer = logged_in(store, "viewer")
    assert viewer.get("/users").status_code == 403
    admin = logged_in(store, "admin")
    page = admin.get("/users")
    assert page.status_code == 200 and "viewer" in page.text
    token = csrf_of(page.text)
    added = admin.post(
        "/users", data={"action": "add", "name": "wang", "password": PASSWORD, "role": "editor", "csrf": token}
    )
    assert added.status_code == 200 and "wang" in added.text  # followed the redirect back to the list
    assert viewer.post("/users", data={"action": "remove", "name": "wang", "csrf": token}).status_code == 403
    short = admin.post(
        "/users", data={"action": "add", "name": "zhao", "password": "x", "role": "viewer", "csrf": token}
    )
    assert short.status_code == 400 and "密码至少需要8个字符" in short.text
    admin.post("/users", data={"action": "role", "name": "wang", "role": "viewer", "csrf": token})
    with store.session() as session:
        log = audit.history(session, "user")
    assert [(e.actor, e.action) for e in log][-2:] == [("admin", "add"), ("admin", "role")]


def test_logout_ends_the_session(store: Store) -> None:
    client = logged_in(store, "viewer")
    token = csrf_of(client.get("/login").text)
    assert client.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert client.get("/api/clusters").status_code == 401


def test_users_commands(store: Store) -> None:
    ok(store.url, "users", "add", "chen", "--role", "editor", "--password", PASSWORD, "--by", "root")
    assert as_json(store.url, "users", "list") == [{"name": "chen", "role": "editor"}]
    ok(store.url, "users", "role", "chen", "viewer")
    assert as_json(store.url, "users", "list") == [{"name": "chen", "role": "viewer"}]
    assert run(store.url, "users", "add", "chen", "--password", PASSWORD).exit_code == 1
    assert run(store.url, "users", "role", "chen", "emperor").exit_code == 1
    ok(store.url, "users", "remove", "chen")
    assert as_json(store.url, "users", "list") == []


def test_the_last_admin_can_be_neither_demoted_nor_removed_on_the_command_line(store: Store) -> None:
    ok(store.url, "users", "add", "root", "--role", "admin", "--password", PASSWORD)
    for change in (["role", "root", "editor"], ["remove", "root"]):
        refused = run(store.url, "users", *change)
        assert refused.exit_code == 1
        assert refused.output.strip() == "“root”是最后一位管理员：请先让另一位用户成为管理员"
    assert as_json(store.url, "users", "list") == [{"name": "root", "role": "admin"}]
    ok(store.url, "users", "add", "chen", "--role", "admin", "--password", PASSWORD)
    ok(store.url, "users", "role", "root", "editor")  # with another admin it may go
    assert run(store.url, "users", "remove", "chen").exit_code == 1  # now chen is the last
    users = as_json(store.url, "users", "list")
    assert users == [{"name": "chen", "role": "admin"}, {"name": "root", "role": "editor"}]


def test_the_last_admin_cannot_demote_themselves_on_the_users_page(store: Store) -> None:
    app = create_app(store.url)
    admin = logged_in(store, "admin", app=app)
    demote = {"action": "role", "name": "admin", "role": "viewer", "csrf": csrf_of(admin.get("/users").text)}
    refused = admin.post("/users", data=demote)
    assert refused.status_code == 400 and "这是唯一的管理员" in refused.text
    admin.get("/users?lang=en")
    refused = admin.post("/users", data=demote)
    assert refused.status_code == 400 and "This is the only administrator" in refused.text
    assert admin.get("/users").status_code == 200  # still an admin, still logged in
    logged_in(store, "admin", "wang", app=app)
    demoted = admin.post("/users", data=demote, follow_redirects=False)
    assert demoted.status_code == 303  # with another admin it may go, and the session it was sent in ends
    assert admin.get("/users", follow_redirects=False).headers["location"] == "/login?next=/users"


def test_a_nul_character_anywhere_in_a_request_is_refused(store: Store) -> None:
    """Found by the fuzz suite: PostgreSQL refuses NUL in a query parameter, and a login or search with one was a
    500 there; now a 400 on both stores, before anything is read or written."""
    client = logged_in(store, "admin")
    token = csrf_of(client.get("/users").text)
    anonymous = TestClient(create_app(store.url))
    login_token = csrf_of(anonymous.get("/login").text)
    refused = [
        anonymous.post("/login", data={"name": "a\x00b", "password": PASSWORD, "csrf": login_token}),
        client.get("/api/clusters", params={"q": "a\x00b"}),
        client.get("/api/enterprises", params={"q\x00": "x"}),
        client.get("/search", params={"q": "\x00"}),
        client.get("/documents/1%00"),
        client.post("/users", data={"action": "add", "name": "x\x00", "password": PASSWORD, "csrf": token}),
    ]
    assert [(r.status_code, r.json()["detail"]) for r in refused] == [(400, "a NUL character in the request")] * 6
    assert "x\x00" not in client.get("/users").text and client.get("/api/clusters", params={"q": "ab"}).is_success
