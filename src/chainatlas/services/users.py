"""Users of the web atlas: names, roles, Argon2 password hashes (argon2-cffi), changes in the audit log.

A change of password or role, and a removal, ends every web session of that user at once; the last
admin can be neither demoted nor removed, so the atlas always keeps someone who manages users.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.domain import USER_ROLES
from chainatlas.i18n import N_, _, lazy, quote
from chainatlas.services import web_sessions
from chainatlas.store import audit, tables
from chainatlas.suggest import did_you_mean, quoted

ROLE_NAMES = {"viewer": N_("查看者"), "editor": N_("编辑者"), "admin": N_("管理员")}
MIN_PASSWORD = 8
_hasher = PasswordHasher()


class UserError(ValueError):
    """A user that cannot be added or changed: unknown, duplicate, bad role, short password."""


class LastAdmin(UserError):
    """A change that would leave the atlas without an admin."""


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    name: str
    role: str


def _role(role: str) -> str:
    if role not in USER_ROLES:
        raise UserError(lazy("角色须为{roles}之一，不是{role}", roles=USER_ROLES, role=quote(role)))
    return role


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(lazy("密码至少需要{count}个字符", count=MIN_PASSWORD))
    return _hasher.hash(password)


def _get(session: Session, name: str) -> tables.User:
    found = session.scalar(select(tables.User).where(tables.User.name == name))
    if found is None:
        unknown = _("没有用户{name}").format(name=quoted(name))
        raise UserError(unknown + did_you_mean(name, session.scalars(select(tables.User.name))))
    return found


def _keep_an_admin(session: Session, user: tables.User, role: str | None) -> None:
    """Refuse to take the admin role (`role` None: removal) from the only admin."""
    if user.role != "admin" or role == "admin":
        return
    # Locked (on PostgreSQL) so that two admins demoting each other at once cannot both pass.
    admins = session.scalars(select(tables.User.id).where(tables.User.role == "admin").with_for_update()).all()
    if len(admins) <= 1:
        raise LastAdmin(lazy("{name}是最后一位管理员：请先让另一位用户成为管理员", name=quote(user.name)))


def add_user(session: Session, name: str, password: str, role: str, actor: str) -> None:
    """A new user; the name must be free."""
    name = name.strip()
    if not name:
        raise UserError(lazy("用户须有名称"))
    if session.scalar(select(tables.User.id).where(tables.User.name == name)) is not None:
        raise UserError(lazy("用户{name}已存在", name=quote(name)))
    user = tables.User(name=name, role=_role(role), password_hash=_hash(password))
    session.add(user)
    session.flush()
    audit.record(session, actor, "user", user.id, "add", {"name": [None, name], "role": [None, role]})


def set_role(session: Session, name: str, role: str, actor: str) -> None:
    """Change a user's role; their sessions end (they log in again with the new role)."""
    user = _get(session, name)
    if user.role != _role(role):
        _keep_an_admin(session, user, role)
        audit.record(session, actor, "user", user.id, "role", {"role": [user.role, role]})
        user.role = role
        web_sessions.end_all(session, user.id)


def set_password(session: Session, name: str, password: str, actor: str) -> None:
    """Set a user's password; their sessions end."""
    user = _get(session, name)
    user.password_hash = _hash(password)
    audit.record(session, actor, "user", user.id, "password", {})
    web_sessions.end_all(session, user.id)


def remove_user(session: Session, name: str, actor: str) -> None:
    """Remove a user and end their sessions."""
    user = _get(session, name)
    _keep_an_admin(session, user, None)
    audit.record(session, actor, "user", user.id, "remove", {"name": [name, None], "role": [user.role, None]})
    web_sessions.end_all(session, user.id)
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
