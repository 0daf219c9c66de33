"""A web client logged into the atlas over a test store, with the role asked for; a clock the test moves."""

from __future__ import annotations

import datetime as dt
import re

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from chainatlas.services.users import add_user
from chainatlas.store.session import Store
from chainatlas.web.app import create_app

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Clock:
    """The time the app judges sessions and logins at, moved by hand: no test waits for the real clock."""

    def __init__(self, start: dt.datetime = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def attempt_login(client: TestClient, name: str, password: str = PASSWORD) -> httpx.Response:
    """Fill and send the login form (not following the redirect of a success)."""
    token = csrf_of(client.get("/login").text)
    data = {"name": name, "password": password, "csrf": token, "next": "/"}
    return client.post("/login", data=data, follow_redirects=False)


def logged_in(store: Store, role: str = "viewer", name: str | None = None, app: FastAPI | None = None) -> TestClient:
    """A client of `app` (default: a new app over `store`), logged in as a new user with `role` (named after it)."""
    name = name or role
    with store.transaction() as session:
        add_user(session, name, PASSWORD, role, "test")
    client = TestClient(app or create_app(store.url))
    response = attempt_login(client, name)
    assert response.status_code == 303, response.text
    return client
