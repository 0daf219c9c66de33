"""The `backup` and `restore` commands: the whole store in one file, and back.

A thin shell over `services.backups`; `register` adds them to the main `chainatlas` command.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from chainatlas.cli.helpers import err
from chainatlas.i18n import _
from chainatlas.services.backups import BackupError, back_up_store, restore_store


def _fail(error: BackupError) -> typer.Exit:
    err.print(str(error), style="red", markup=False, soft_wrap=True)
    return typer.Exit(1)


def backup(
    ctx: typer.Context, out: Annotated[Path, typer.Argument(metavar="OUT", help="The backup file to write.")]
) -> None:
    """Write the whole store to one file (a tar: manifest and data); safe while the store is in use.

    SQLite is copied with its online backup API; PostgreSQL with pg_dump of the server's major version.
    """
    try:
        manifest = back_up_store(ctx.obj, out, created=dt.datetime.now(dt.UTC))
    except BackupError as error:
        raise _fail(error) from error
    written = _("备份已写出：{path}（{store}，结构版本 {schema}，{tables}张表，{rows}行，sha256 {sha}）").format(
        path=out, store=manifest.store, schema=manifest.schema, tables=len(manifest.tables), rows=manifest.rows,
        sha=manifest.sha256)  # fmt: skip
    err.print(written, markup=False, soft_wrap=True)


def restore_command(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(metavar="IN", help="A file written by `chainatlas backup`.")],
    force: Annotated[bool, typer.Option("--force", help="Replace a store that holds data.")] = False,
) -> None:
    """Restore a backup into the store: checked before anything changes, atomic, rows counted after.

    A newer schema is refused, an older one upgraded. A SQLite store must not be open elsewhere (stop the web server).
    """
    try:
        restored = restore_store(ctx.obj, source, force=force)
    except BackupError as error:
        raise _fail(error) from error
    manifest = restored.manifest
    upgraded = _("，已升级到结构版本 {schema}").format(schema=restored.schema)
    done = _("已恢复 {path}（{store}，结构版本 {schema}，{tables}张表，已核对{rows}行，制作于 {made}）").format(
        path=source, store=manifest.store, schema=manifest.schema, tables=len(manifest.tables), rows=manifest.rows,
        made=manifest.created.isoformat(timespec="seconds"))  # fmt: skip
    err.print(done + (upgraded if restored.schema != manifest.schema else ""), markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add `backup` and `restore` to `app`."""
    app.command("backup")(backup)
    app.command("restore")(restore_command)
