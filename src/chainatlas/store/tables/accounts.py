"""Web users, settings, login sessions and login back-off.

Annotations are evaluated as Python reads them (no ``from __future__ import annotations``), see `store.tables`.
"""

import datetime as dt

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from chainatlas.domain import USER_ROLES
from chainatlas.store.tables.base import Base, UtcDateTime, one_of


class User(Base):
    """Someone who logs into the web atlas: a role (viewer, editor, admin) and an Argon2 password hash."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    __table_args__ = (one_of("role", USER_ROLES),)


class Setting(Base):
    """A setting of this atlas kept in the store: a key and its text."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class WebSession(Base):
    """A logged-in (or not yet logged-in) browser: the cookie holds a random token, this row its SHA-256.

    `expires_at` is fixed at login (the absolute limit); `last_seen` moves with requests (the idle limit).
    """

    __tablename__ = "web_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    csrf: Mapped[str | None] = mapped_column(String(64))
    lang: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_seen: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class LoginThrottle(Base):
    """Failed logins in a row for one account name or one client address, and until when logins wait."""

    __tablename__ = "login_throttle"
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

