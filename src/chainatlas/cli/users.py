"""The `users` commands: who may log into the web atlas, with which role (viewer, editor, admin)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from chainatlas.cli.helpers import ByOption, JsonOption, err, fold_table, out, print_json, store_session, user
from chainatlas.domain import USER_ROLES
from chainatlas.i18n import _
from chainatlas.services.users import (
    ROLE_NAMES,
    UserError,
    add_user,
    list_users,
    remove_user,
    set_password,
    set_role,
)

users_app = typer.Typer(no_args_is_help=True, help="Users of the web atlas and their roles.")
NameArgument = Annotated[str, typer.Argument(help="The user's login name.")]
PasswordOption = Annotated[
    str,
    typer.Option("--password", prompt=True, hide_input=True, confirmation_prompt=True, envvar="CHAINATLAS_PASSWORD"),
]


ACTIONS: dict[str, Callable[..., None]] = {
    "add": add_user,
    "role": set_role,
    "password": set_password,
    "remove": remove_user,
}


def _run(ctx: typer.Context, action: str, *args: str) -> None:
    with store_session(ctx, write=True) as session:
        try:
            ACTIONS[action](session, *args)
        except UserError as error:
            err.print(str(error), style="red")
            raise typer.Exit(1) from error


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    name: NameArgument,
    password: PasswordOption,
    role: Annotated[str, typer.Option("--role", help=f"One of {', '.join(USER_ROLES)}.")] = "viewer",
    by: ByOption = None,
) -> None:
    """Add a user (the password is asked for, or read from $CHAINATLAS_PASSWORD)."""
    _run(ctx, "add", name, password, role, by or user())


@users_app.command("role")
def users_role(
    ctx: typer.Context, name: NameArgument, role: Annotated[str, typer.Argument()], by: ByOption = None
) -> None:
    """Change a user's role."""
    _run(ctx, "role", name, role, by or user())


@users_app.command("password")
def users_password(ctx: typer.Context, name: NameArgument, password: PasswordOption, by: ByOption = None) -> None:
    """Set a user's password."""
    _run(ctx, "password", name, password, by or user())


@users_app.command("remove")
def users_remove(ctx: typer.Context, name: NameArgument, by: ByOption = None) -> None:
    """Remove a user."""
    _run(ctx, "remove", name, by or user())


@users_app.command("list")
def users_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Every user with their role."""
    with store_session(ctx) as session:
        found = list_users(session)
    if as_json:
        print_json([{"name": u.name, "role": u.role} for u in found])
        return
    table = fold_table(_("用户名"), _("角色"))
    for u in found:
        table.add_row(u.name, _(ROLE_NAMES.get(u.role, u.role)))
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add the user commands to `app`."""
    app.add_typer(users_app, name="users")
