"""A web client logged into the atlas over a test store, with the role asked for."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from chainatlas.store.session import Store
from chainatlas.store.users import add_user
from chainatlas.web.app import create_app

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def logged_in(store: Store, role: str = "viewer", name: str | None = None) -> TestClient:
    """A client of a new app over `store`, logged in as a new user with `role` (named after it by default)."""
    name = name or role
    with store.transaction() as session:
        add_user(session, name, PASSWORD, role, "test")
    client = TestClient(create_app(store.url))
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"name": name, "password": PASSWORD, "csrf": token, "next": "/"})
    assert response.status_code in (200, 303), response.text
    return client
