"""Logging in behind a back-off: failed logins in a row, per account name and per client address.

The counts live in the store (`login_throttle`), so every server process sees them. While either the
name or the address is backed off, every login is refused unchecked, the right password too; a
success clears the name's count (not the address's: one's own account must not reset the count of an
address that guesses at others). The name is counted whether or not such a user exists, so the answer
never tells which names exist. Each failure and refusal is logged (logger `chainatlas.services.logins`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from chainatlas.services.users import UserView, authenticate
from chainatlas.settings import Backoff
from chainatlas.store import tables

log = logging.getLogger(__name__)
_LONGEST_KEY = 200  # the column's width; no stored name is longer than 100


@dataclass(frozen=True, slots=True)
class BackedOff:
    """A login refused unchecked: too many failures in a row; the next try is allowed in `wait`."""

    wait: dt.timedelta


def _row(session: Session, kind: str, value: str) -> tables.LoginThrottle:
    """The count for (`kind`, `value`), created when missing, locked for this transaction (PostgreSQL)."""
    key = {"kind": kind, "value": value[:_LONGEST_KEY]}
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(tables.LoginThrottle).values(**key, failures=0).on_conflict_do_nothing())
    row = session.get(tables.LoginThrottle, key, with_for_update=True, populate_existing=True)
    assert row is not None  # inserted just above unless it was there
    return row


def _fail(row: tables.LoginThrottle, now: dt.datetime, backoff: Backoff) -> None:
    if row.last_failure is not None and now - row.last_failure > backoff.forget_after:
        row.failures = 0
    row.failures += 1
    row.last_failure = now
    delay = backoff.delay(row.failures)
    row.blocked_until = now + delay if delay else None


def log_in(
    session: Session, name: str, password: str, address: str, now: dt.datetime, account: Backoff, client: Backoff
) -> UserView | BackedOff | None:
    """The user when the password is right and neither the name nor the address is backed off;
    `BackedOff` while one is; None for a wrong name or password (counted against both)."""
    name = name.strip()
    rows = [(_row(session, "account", name), account), (_row(session, "address", address), client)]
    waits = [row.blocked_until - now for row, _ in rows if row.blocked_until is not None and row.blocked_until > now]
    if waits:
        log.warning("login refused unchecked: name %r from %s backed off for %s", name, address, max(waits))
        return BackedOff(max(waits))
    user = authenticate(session, name, password)
    if user is None:
        for row, backoff in rows:
            _fail(row, now, backoff)
        log.warning(
            "login failed: name %r from %s (%d failures in a row on the name, %d from the address)",
            name, address, rows[0][0].failures, rows[1][0].failures,
        )  # fmt: skip
        return None
    rows[0][0].failures, rows[0][0].blocked_until = 0, None
    log.info("login: %s from %s", user.name, address)
    return user
