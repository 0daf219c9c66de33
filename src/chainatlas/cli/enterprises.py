"""The enterprise register commands: `enterprises import FILE`, `enterprises template OUT.xlsx`, `enterprises list`
and `enterprises show NAME`.

A thin shell over `services.register` and `register.template`, reporting as `projects import` does: good rows are
stored (a re-import by credit code updates), every bad cell is named on a line of its own and the exit code is 1;
a file that cannot be read as the template stores nothing and exits with code 1. `list` filters by part of a
name and by township (its 9-digit code or its name); `show` prints an enterprise's profile with its register
record and where the news disagrees with it.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from chainatlas.cli.atlas import show_profile
from chainatlas.cli.helpers import (
    ByOption,
    JsonOption,
    SheetOption,
    WorkbookArgument,
    err,
    fold_table,
    out,
    store_session,
    user,
    write_file,
)
from chainatlas.cli.projects import run_import
from chainatlas.i18n import N_, _, listing
from chainatlas.reference import TownshipError, Townships
from chainatlas.register.template import template
from chainatlas.services.atlas_lists import list_enterprises
from chainatlas.services.register import import_register

enterprises_app = typer.Typer(no_args_is_help=True, help="The enterprise register (规上工业企业名录).")


@enterprises_app.command("import")
def enterprises_import(
    ctx: typer.Context,
    source: WorkbookArgument,
    sheet: SheetOption = None,
    by: ByOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import register firms: good rows are stored (a re-import updates by credit code), every bad cell is named.

    Only a regular file is read, within the limits of docs/analytics.md (size, unpacked size, rows, cells).
    """
    label = N_("导入企业名录")
    run_import(ctx, label, source, as_json, lambda s, p: import_register(s, source, by or user(), sheet, p))


@enterprises_app.command("template")
def enterprises_template(
    target: Annotated[Path, typer.Argument(metavar="OUT.xlsx", help="Where to write the empty template.")],
) -> None:
    """Write the register template (the columns of docs/register-template.md) as an empty workbook."""
    write_file(target, template())
    err.print(_("{path}：模板已写出").format(path=target))


@enterprises_app.command("list")
def enterprises_list(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="Part of a name or alias.")] = "",
    township: Annotated[
        str | None, typer.Option("--township", help="A township's 9-digit code or its name (王店镇).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Enterprises by name, with county, clusters and products; only a township's firms with --township."""
    code = ""
    if township is not None:
        try:
            code = Townships.bundled().resolve(township).code
        except TownshipError as error:
            err.print(f"--township: {error}", style="red", soft_wrap=True, markup=False)
            raise typer.Exit(1) from error
    with store_session(ctx) as session:
        found = list_enterprises(session, name, township=code)
    if as_json:
        typer.echo(json.dumps([asdict(f) for f in found], ensure_ascii=False, indent=2))
        return
    table = fold_table(_("企业"), _("县（市、区）"), _("集群"), _("产品"))
    for firm in found:
        table.add_row(firm.name, firm.county or "", listing(firm.clusters), listing(firm.products))
    out.print(table)


@enterprises_app.command("show")
def enterprises_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The enterprise's name (any alias).")],
    as_json: JsonOption = False,
) -> None:
    """An enterprise's profile; for a register firm its record, and each field where the news disagrees with it:
    both values, the one shown and the rule that picks it (the register outranks the news for identity fields)."""
    show_profile(ctx, name, as_json, "enterprise")


def register(app: typer.Typer) -> None:
    """Add the enterprise register commands to `app`."""
    app.add_typer(enterprises_app, name="enterprises")
