"""What every command shares: the consoles (results to stdout, messages to stderr), tables, JSON output,
the options naming who decides, files written whole, progress bars and a session on the store.

Markup off: what is printed holds names, notes and sentences from documents and users, and a `[/]` or
`[link=…]` in them must print as written (colour is given with `style=`).
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Column, Table

from chainatlas.i18n import N_, _
from chainatlas.output_files import write_atomically

if TYPE_CHECKING:
    from rich.progress import Progress
    from sqlalchemy.orm import Session

    from chainatlas.services.import_report import ImportProgress

out = Console(highlight=False, emoji=False, markup=False)
err = Console(stderr=True, highlight=False, emoji=False, markup=False, soft_wrap=True)  # one line per message

USER_VAR = "CHAINATLAS_USER"
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ReasonOption = Annotated[str | None, typer.Option("--reason", help="Why (kept with the decision).")]
ByOption = Annotated[str | None, typer.Option("--by", help=f"Who decides (default: ${USER_VAR} or the login).")]
WorkbookArgument = Annotated[
    Path, typer.Argument(metavar="FILE", help="A workbook (.xlsx) or CSV in the template's shape.")
]
SheetOption = Annotated[str | None, typer.Option("--sheet", help="Sheet of an .xlsx file (default: the first).")]
TodayOption = Annotated[
    dt.datetime | None, typer.Option("--today", formats=["%Y-%m-%d"], help="The day to judge on (default: today).")
]


_KINDS = {"cluster": N_("集群"), "enterprise": N_("企业")}


def kind_name(kind: str) -> str:
    """A subject's kind (cluster, enterprise) in the reader's language."""
    return _(_KINDS[kind]) if kind in _KINDS else kind


def user() -> str:
    return os.environ.get(USER_VAR) or getpass.getuser()


def judged_day(today: dt.datetime | None) -> dt.date:
    """The day given with `--today`, else the clock's."""
    return today.date() if today else dt.date.today()


def step_time(today: dt.datetime | None) -> dt.datetime | None:
    """A step recorded on `today` (its local midnight), or None for the clock's time now."""
    return today.astimezone() if today else None


def fail(error: Exception) -> typer.Exit:
    """Print `error` in one red line; the exit (code 1) to raise."""
    err.print(str(error), style="red", soft_wrap=True)
    return typer.Exit(1)


def _iso(value: object) -> str:
    """Dates and times as ISO 8601 text, the one kind of value JSON has no form for here."""
    if isinstance(value, dt.date):  # dt.datetime is a dt.date
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def say(text: str) -> None:
    """Print a line as is (soft-wrapped): names, sentences and requests are the users' words, never Rich markup."""
    out.print(text, soft_wrap=True)


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=_iso))


def print_records(
    records: Sequence[Any], as_json: bool, headers: Sequence[str], cells: Callable[[Any], Sequence[str]]
) -> None:
    """Records (dataclasses) as JSON, every field, or as a table of `headers` with a row of `cells(record)` each."""
    if as_json:
        print_json([asdict(record) for record in records])
        return
    table = fold_table(*headers)
    for record in records:
        table.add_row(*cells(record))
    out.print(table)


@contextmanager
def store_session(ctx: typer.Context, write: bool = False) -> Iterator[Session]:
    """A session on the store named by `--db`; a user's error (curation, review, chains, tables) ends the command
    with its message. The store and the services are imported here, when a command opens the store."""
    from chainatlas.analytics.panel import PanelError
    from chainatlas.analytics.table import TableError
    from chainatlas.chains import ChainLookupError
    from chainatlas.services.chain_views import ChainViewError
    from chainatlas.services.curate import CurationError
    from chainatlas.services.review import ReviewError
    from chainatlas.services.stores import Store

    store = Store(ctx.obj)
    try:
        if write:
            with store.transaction() as session:
                yield session
        else:
            with store.session() as session:
                yield session
    except (CurationError, ReviewError, ChainViewError, ChainLookupError, PanelError, TableError) as error:
        err.print(str(error), style="red", soft_wrap=True)
        raise typer.Exit(1) from error
    finally:
        store.dispose()


def fold_table(*headers: str) -> Table:
    """A table whose cells wrap rather than being cut: a long name prints whole, however narrow the terminal."""
    return Table(*(Column(header, overflow="fold") for header in headers))


def write_file(path: Path, content: bytes) -> None:
    """Write `content` to `path`, whole or not at all; one line and exit 1 when it cannot be written there."""
    try:
        write_atomically(path, content)
    except OSError as error:
        err.print(_("{path}：无法写入：{reason}").format(path=path, reason=error.strerror or error))
        raise typer.Exit(1) from error


@contextmanager
def progress_bar(label: str, total: int | None = None) -> Iterator[Progress]:
    """A progress bar on stderr named `label` (marked `N_`, shown in the command's language), shown only on a
    terminal (a log or a pipe gets none) and for more than one item; gone once the work ends, so the summary that
    follows stands alone."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    description = TextColumn("{task.description}", markup=False)  # a file's name, never Rich markup
    columns = (TextColumn(_(label), markup=False), BarColumn(), MofNCompleteColumn(), description)
    quiet = not err.is_terminal or (total is not None and total < 2)
    with Progress(*columns, console=err, transient=True, disable=quiet) as progress:
        yield progress


# What an import's bar says it counts in each step.
_ROW_STEPS = {"read": N_("行已读"), "store": N_("行已存")}


@contextmanager
def import_progress(label: str) -> Iterator[ImportProgress]:
    """An import's progress (rows read, then rows stored) as a bar on stderr (see `progress_bar`)."""
    with progress_bar(label) as progress:
        task = progress.add_task("", total=None)

        def told(step: str, done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total, description=_(_ROW_STEPS[step]))

        yield told
