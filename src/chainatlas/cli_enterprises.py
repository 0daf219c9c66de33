"""The enterprise register commands: `enterprises import FILE` and `enterprises template OUT.xlsx`.

A thin shell over `store.register` and `register.template`, reporting as `projects import` does: good rows are
stored (a re-import by credit code updates), every bad cell is named on a line of its own and the exit code is 1;
a file that cannot be read as the template stores nothing and exits with code 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chainatlas.analytics.table import TableError
from chainatlas.cli_console import err, import_progress, write_file
from chainatlas.cli_curation import ByOption, JsonOption, store_session, user
from chainatlas.cli_projects import print_import
from chainatlas.register.template import template
from chainatlas.store.register import import_register

enterprises_app = typer.Typer(no_args_is_help=True, help="The enterprise register (规上工业企业名录).")


@enterprises_app.command("import")
def enterprises_import(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(metavar="FILE", help="A workbook (.xlsx) or CSV in the template's shape.")],
    sheet: Annotated[str | None, typer.Option("--sheet", help="Sheet of an .xlsx file (default: the first).")] = None,
    by: ByOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import register firms: good rows are stored (a re-import updates by credit code), every bad cell is named.

    Only a regular file is read, within the limits of docs/analytics.md (size, unpacked size, rows, cells).
    """
    with store_session(ctx, write=True) as session, import_progress("enterprises") as progress:
        try:
            report = import_register(session, source, by or user(), sheet, progress)
        except TableError as error:
            err.print(str(error), style="red", soft_wrap=True)
            raise typer.Exit(1) from error
    print_import(source, report, as_json)


@enterprises_app.command("template")
def enterprises_template(
    target: Annotated[Path, typer.Argument(metavar="OUT.xlsx", help="Where to write the empty template.")],
) -> None:
    """Write the register template (the columns of docs/register-template.md) as an empty workbook."""
    write_file(target, template())
    err.print(f"{target}: template written")


def register(app: typer.Typer) -> None:
    """Add the enterprise register commands to `app`."""
    app.add_typer(enterprises_app, name="enterprises")
