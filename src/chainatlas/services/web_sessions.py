"""Web sessions kept in the store: the browser's cookie holds a random token, the store what it stands for.

A session ends after `SessionLimits.idle` without a request, `SessionLimits.absolute` after it began
(never extended), at logout, and, for every session of a user, when that user's password or role
changes or the user is removed (`services.users`). The table keeps the token's SHA-256, not the token, so
a copy of the database opens no session. Every function takes `now`: nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, or_, update
from sqlalchemy.orm import Session

from chainatlas.settings import SessionLimits
from chainatlas.store import tables


@dataclass(frozen=True, slots=True)
class Found:
    """A live session as read back, with its user's name and role as the store has them now (None before login)."""

    name: str | None
    role: str | None
    csrf: str | None
    lang: str | None
    last_seen: dt.datetime


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _expired(now: dt.datetime, limits: SessionLimits) -> ColumnElement[bool]:
    return or_(tables.WebSession.expires_at <= now, tables.WebSession.last_seen <= now - limits.idle)


def start(
    session: Session, now: dt.datetime, limits: SessionLimits, user_id: int | None = None, lang: str | None = None
) -> str:
    """A new session (for `user_id`, or a visitor not logged in yet); its token for the cookie.

    Sessions past their limits are deleted on the way.
    """
    session.execute(delete(tables.WebSession).where(_expired(now, limits)))
    token = secrets.token_urlsafe(32)
    session.add(
        tables.WebSession(
            id=_key(token), user_id=user_id, lang=lang, created_at=now, last_seen=now, expires_at=now + limits.absolute
        )
    )
    return token


def find(session: Session, token: str, now: dt.datetime, limits: SessionLimits) -> Found | None:
    """The live session behind `token`, else None (an expired one is deleted)."""
    row = session.get(tables.WebSession, _key(token))
    if row is None:
        return None
    if row.expires_at <= now or row.last_seen <= now - limits.idle:
        session.delete(row)
        return None
    user = session.get(tables.User, row.user_id) if row.user_id is not None else None
    if user is None:
        return Found(None, None, row.csrf, row.lang, row.last_seen)
    return Found(user.name, user.role, row.csrf, row.lang, row.last_seen)


def save(session: Session, token: str, now: dt.datetime, csrf: str | None, lang: str | None) -> None:
    """Record a request on the session: seen at `now`, its CSRF token and language; the expiry stays.

    A session ended meanwhile (logout, or its user changed elsewhere) stays ended.
    """
    session.execute(
        update(tables.WebSession).where(tables.WebSession.id == _key(token)).values(last_seen=now, csrf=csrf, lang=lang)
    )


def end(session: Session, token: str) -> None:
    """End one session (logout, or the visitor's session replaced at login)."""
    session.execute(delete(tables.WebSession).where(tables.WebSession.id == _key(token)))


def end_all(session: Session, user_id: int) -> None:
    """End every session of a user (their password or role changed, or they were removed)."""
    session.execute(delete(tables.WebSession).where(tables.WebSession.user_id == user_id))
