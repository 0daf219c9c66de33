"""Users of the web atlas: names, roles, Argon2 password hashes (argon2-cffi), changes in the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.store import audit, tables

ROLES = ("viewer", "editor", "admin")
MIN_PASSWORD = 8
_hasher = PasswordHasher()


class UserError(ValueError):
    """A user that cannot be added or changed: unknown, duplicate, bad role, short password."""


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    name: str
    role: str


def _role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    return role


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def _get(session: Session, name: str) -> tables.User:
    found = session.scalar(select(tables.User).where(tables.User.name == name))
    if found is None:
        raise UserError(f"no user {name!r}")
    return found


def add_user(session: Session, name: str, password: str, role: str, actor: str) -> None:
    """A new user; the name must be free."""
    name = name.strip()
    if not name:
        raise UserError("a user needs a name")
    if session.scalar(select(tables.User.id).where(tables.User.name == name)) is not None:
        raise UserError(f"user {name!r} exists already")
    user = tables.User(name=name, role=_role(role), password_hash=_hash(password))
    session.add(user)
    session.flush()
    audit.record(session, actor, "user", user.id, "add", {"name": [None, name], "role": [None, role]})


def set_role(session: Session, name: str, role: str, actor: str) -> None:
    user = _get(session, name)
    if user.role != _role(role):
        audit.record(session, actor, "user", user.id, "role", {"role": [user.role, role]})
        user.role = role


def set_password(session: Session, name: str, password: str, actor: str) -> None:
    user = _get(session, name)
    user.password_hash = _hash(password)
    audit.record(session, actor, "user", user.id, "password", {})


def remove_user(session: Session, name: str, actor: str) -> None:
    user = _get(session, name)
    audit.record(session, actor, "user", user.id, "remove", {"name": [name, None], "role": [user.role, None]})
    session.delete(user)


def list_users(session: Session) -> list[UserView]:
    return [UserView(u.id, u.name, u.role) for u in session.scalars(select(tables.User).order_by(tables.User.name))]


def authenticate(session: Session, name: str, password: str) -> UserView | None:
    """The user if the password is right (a hash made with older parameters is renewed), else None."""
    user = session.scalar(select(tables.User).where(tables.User.name == name.strip()))
    if user is None:
        _hasher.hash(password)  # the same work as a real check: the answer's timing does not tell names apart
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return UserView(user.id, user.name, user.role)
