"""Failed logins back off per account and per client address, in the store, on a clock the test moves;
a wrong name and a wrong password get the same answer; on both backends."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from fastapi.testclient import TestClient

from chainatlas.services.users import add_user
from chainatlas.settings import Backoff, WebSettings
from chainatlas.store.session import Store
from chainatlas.web.app import create_app
from web_client import PASSWORD, Clock, attempt_login

SETTINGS = WebSettings()
ACCOUNT = SETTINGS.account_backoff
ADDRESS = SETTINGS.address_backoff
WRONG = "not the password"


@pytest.fixture
def user(store: Store) -> str:
    with store.transaction() as session:
        add_user(session, "li", PASSWORD, "editor", "test")
    return "li"


def test_the_delay_doubles_after_the_allowed_failures_up_to_the_longest() -> None:
    backoff = Backoff(3, dt.timedelta(seconds=2), dt.timedelta(seconds=10), dt.timedelta(hours=1))
    assert [backoff.delay(n).total_seconds() for n in range(1, 9)] == [0, 0, 0, 2, 4, 8, 10, 10]
    assert backoff.delay(10_000) == backoff.longest  # no overflow however many


def test_a_wrong_name_and_a_wrong_password_get_the_same_answer(store: Store, user: str) -> None:
    client = TestClient(create_app(store.url))
    unknown = attempt_login(client, "nobody", WRONG)
    wrong = attempt_login(client, user, WRONG)
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.text == wrong.text and "用户名或密码错误" in wrong.text
    assert {k: v for k, v in unknown.headers.items() if k != "date"} == {
        k: v for k, v in wrong.headers.items() if k != "date"
    }


def test_failures_back_off_the_account_and_even_the_right_password_waits(
    store: Store, user: str, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    client = TestClient(create_app(store.url, clock=clock))
    caplog.set_level(logging.INFO, logger="chainatlas.services.logins")
    for _ in range(ACCOUNT.allowed):
        assert attempt_login(client, user, WRONG).status_code == 401
    assert attempt_login(client, user).status_code == 303  # the right one still logs in: no back-off yet
    for failures in range(1, ACCOUNT.allowed + 2):  # the success cleared the count
        assert attempt_login(client, user, WRONG).status_code == 401
        clock.advance(ACCOUNT.delay(failures))  # waits out each back-off
    assert attempt_login(client, user, WRONG).status_code == 401
    delay = ACCOUNT.delay(ACCOUNT.allowed + 2)
    assert delay == 2 * ACCOUNT.delay(ACCOUNT.allowed + 1) > dt.timedelta(0)  # it doubles
    assert attempt_login(client, user).status_code == 429  # the right password, at once
    clock.advance(delay - dt.timedelta(seconds=1))
    refused = attempt_login(client, user)  # the right password, during the back-off
    assert refused.status_code == 429 and refused.headers["retry-after"] == "1" and "1 秒后再试" in refused.text
    assert attempt_login(client, user, WRONG).status_code == 429  # unchecked, and not counted: the wait stays
    clock.advance(dt.timedelta(seconds=1))
    assert attempt_login(client, user).status_code == 303
    assert client.get("/api/clusters").status_code == 200
    failed = [r for r in caplog.records if r.levelno == logging.WARNING and "login failed" in r.getMessage()]
    refusals = [r for r in caplog.records if "refused unchecked" in r.getMessage()]
    assert len(failed) == 2 * ACCOUNT.allowed + 2 and len(refusals) == 3
    assert "'li'" in failed[-1].getMessage() and "testclient" in failed[-1].getMessage()


def test_the_back_off_is_kept_in_the_store_for_every_server_process(store: Store, user: str) -> None:
    clock = Clock()
    first = TestClient(create_app(store.url, clock=clock))
    for _ in range(ACCOUNT.allowed + 1):
        assert attempt_login(first, user, WRONG).status_code == 401
    second = TestClient(create_app(store.url, clock=clock))  # another app, its own engine and connections
    assert attempt_login(second, user).status_code == 429
    clock.advance(ACCOUNT.delay(ACCOUNT.allowed + 1))
    assert attempt_login(second, user).status_code == 303


def test_old_failures_are_forgotten(store: Store, user: str) -> None:
    clock = Clock()
    client = TestClient(create_app(store.url, clock=clock))
    for _ in range(ACCOUNT.allowed):
        assert attempt_login(client, user, WRONG).status_code == 401
    clock.advance(ACCOUNT.forget_after + dt.timedelta(seconds=1))
    assert attempt_login(client, user, WRONG).status_code == 401  # counted as the first again: no back-off
    assert attempt_login(client, user).status_code == 303


def test_an_address_guessing_at_many_names_backs_off_for_every_name(store: Store, user: str) -> None:
    clock = Clock()
    app = create_app(store.url, clock=clock)
    guesser = TestClient(app, client=("127.0.0.2", 50000))
    for n in range(ADDRESS.allowed + 1):  # each name fails once only: no account backs off
        assert attempt_login(guesser, f"guess{n}", WRONG).status_code == 401
    assert attempt_login(guesser, user).status_code == 429  # a real user, from that address
    elsewhere = TestClient(app, client=("127.0.0.3", 50000))
    assert attempt_login(elsewhere, user).status_code == 303  # the same user from another address
