"""Fuzzing the web atlas: every query parameter, path parameter and form field of every route, as an admin.

The routes are read from the app itself (`iter_route_contexts`), so a new route or parameter is fuzzed without
a change here. Each parameter gets, one at a time, every payload below (SQL, HTML, out-of-range numbers, path
tricks, control characters, long and empty text) and Hypothesis' text, the others left at a valid id or a
value that makes a form refuse (so no form writes); forms carry the session's CSRF token unless it is the
field fuzzed. Each answer must be below 500: a 4xx with `detail` (API) or a page, the payload escaped on any
page; the store's row counts stay as they were after every request (logins may add throttle rows) and every
row at the end (web sessions apart, whose last use moves).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

import httpx
import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from chainatlas.store.session import Store
from chainatlas.web.app import create_app
from fuzzing import FULL, StoreGuard, examples, guarding, record
from web_client import csrf_of, logged_in

PAYLOADS = [
    "' OR '1'='1", "1 OR 1=1", "1; DROP TABLE users; --", "1' UNION SELECT name, password_hash FROM users --",
    "%' AND 1=0 UNION SELECT sqlite_version() --", "\\'; SELECT pg_sleep(5); --", "1)) OR ((1=1", "' || '",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    '"><script>alert(1)</script>', "'><b>x</b>", "javascript:alert(1)", "{{7*7}}", "${7*7}", "%s%s%n",
    "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1" * 40, "-1", "0", "1e400", "NaN",
    "0x10", "1.5", "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "\x00", "a\x00b", "\r\nSet-Cookie: x=1",
    "\u202e\u200b", "😀" * 50, "中" * 3000, "A" * 20_000, "", " ", "csv", "xlsx", "2026-02-30", "9999-12-31",
]  # fmt: skip
# The CI run's share: two of each kind (SQL, HTML, numbers past 64 bits, path tricks, control characters, long text).
CI_PAYLOADS = [PAYLOADS[i] for i in (0, 3, 8, 9, 18, 19, 27, 30, 35, 37)]
# A value that no form takes: with it in every field but the one fuzzed, a form refuses and writes nothing.
REFUSED = "(none)"
# Tables a request may add rows to: failed logins are counted (login_throttle).
GROWING = ("login_throttle",)
SCRIPTED = re.compile(r"<(script|img|svg|b)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Route:
    """One route's method, path and the parameters it reads: query, path and form (from its dependencies too)."""

    method: str
    path: str
    query: tuple[str, ...]
    path_params: tuple[str, ...]
    form: tuple[str, ...]

    def parameters(self) -> Iterator[tuple[str, str]]:
        for kind, names in (("query", self.query), ("path", self.path_params), ("form", self.form)):
            for name in names:
                yield kind, name


def _names(dependant: Dependant, kind: str) -> tuple[str, ...]:
    found = [p.alias for p in getattr(dependant, kind)]
    for inner in dependant.dependencies:
        found += _names(inner, kind)
    return tuple(dict.fromkeys(found))


def routes() -> list[Route]:
    """Every API route of the app, with its parameters, as the app declares them."""
    found = []
    for context in iter_route_contexts(create_app("sqlite://").routes):
        route = context.original_route
        if isinstance(route, APIRoute) and context.path:
            d = route.dependant
            for method in sorted(route.methods):
                found.append(Route(method, context.path, _names(d, "query_params"), _names(d, "path_params"),
                                   _names(d, "body_params")))  # fmt: skip
    return found


ROUTES = routes()


def test_every_route_is_found_with_its_parameters() -> None:
    """The enumeration sees the API, the pages, the forms and the hidden routes (login, users, project forms)."""
    by_key = {(r.method, r.path): r for r in ROUTES}
    assert by_key["GET", "/api/claims"].query == ("subject", "metric", "status", "document_id", "limit", "offset")
    assert by_key["POST", "/users"].form == ("action", "name", "csrf", "role", "password")
    assert by_key["POST", "/documents/{document_id}/claims/{claim_id}"].path_params == ("document_id", "claim_id")
    assert len(ROUTES) >= 40 and sum(1 for r in ROUTES for _ in r.parameters()) >= 100


def _first_id(client: TestClient, url: str) -> str:
    body = client.get(url, params={"limit": 1}).json()
    items = body["items"] if isinstance(body, dict) else body
    return str(items[0].get("project", items[0])["id"]) if items else "1"  # projects come with their timeliness


@dataclass
class Web:
    """A logged-in admin client over the seeded store, the valid ids its paths take, and the guard."""

    client: TestClient
    ids: dict[str, str]
    csrf: str
    guard: StoreGuard

    def request(self, route: Route, kind: str, name: str, value: str) -> httpx.Response:
        """`route` with parameter `name` (of `kind`) set to `value`, the rest at their valid or refusing values."""
        path = route.path
        for param in route.path_params:
            chosen = value if (kind, param) == ("path", name) else self.ids.get(param, "1")
            path = path.replace("{" + param + "}", quote(chosen, safe=""))
        query = {name: value} if kind == "query" else {}
        if route.method == "GET":
            return self.client.get(path, params=query, follow_redirects=False)
        form = {field: self.csrf if field == "csrf" else REFUSED for field in route.form}
        if kind == "form":
            form[name] = value
        return self.client.post(path, params=query, data=form, follow_redirects=False)

    def check(self, route: Route, kind: str, name: str, value: str) -> None:
        """One request: no 5xx, a 4xx with `detail` or a page with the payload escaped, no row added."""
        response = self.request(route, kind, name, value)
        entry = f"{route.method} {route.path}"
        assert response.status_code < 500, (entry, name, value, response.text[:300])
        kind_of = response.headers.get("content-type", "")
        if "json" in kind_of and response.status_code >= 400:
            assert response.json()["detail"], (entry, name, value)
            outcome = f"{response.status_code} with detail"
        elif "html" in kind_of:
            assert not (SCRIPTED.search(value) and value in response.text), (entry, name, value)
            outcome = f"{response.status_code} page, payload escaped"
        else:
            outcome = f"{response.status_code} {kind_of.split(';')[0] or 'redirect'}"
        record(f"web {entry}", outcome)
        self.guard.unchanged(f"{entry} {name}={value[:60]!r}", growing=GROWING)


@pytest.fixture
def web(seeded: Store) -> Iterator[Web]:
    client = logged_in(seeded, "admin", name="fuzz-admin", app=create_app(seeded.url))
    ids = {
        "cluster_id": _first_id(client, "/api/clusters"), "enterprise_id": _first_id(client, "/api/enterprises"),
        "project_id": _first_id(client, "/api/projects"), "document_id": _first_id(client, "/api/documents"),
        "claim_id": _first_id(client, "/api/claims"), "request_id": "1", "chain_id": _first_id(client, "/api/chains"),
        "city_code": "330400",
    }  # fmt: skip
    csrf = csrf_of(client.get("/users").text)
    with client, guarding(seeded, volatile=frozenset({"web_sessions", "login_throttle"})) as guard:
        yield Web(client, ids, csrf, guard)


def test_every_parameter_of_every_route_with_every_payload(web: Web) -> None:
    payloads = PAYLOADS if FULL else CI_PAYLOADS
    for route in ROUTES:
        for kind, name in route.parameters():
            for value in payloads:
                web.check(route, kind, name, value)
    assert "fuzz-admin" in web.client.get("/users").text  # still logged in: no payload ended the session


PARAMETERS = [(route, kind, name) for route in ROUTES for kind, name in route.parameters()]


@given(target=st.sampled_from(PARAMETERS), value=st.one_of(st.text(max_size=40), st.integers().map(str),
                                                            st.floats().map(repr)))  # fmt: skip
@examples(ci=300, full=500)
def test_generated_values_in_any_parameter(web: Web, target: tuple[Route, str, str], value: str) -> None:
    web.check(*target, value)


