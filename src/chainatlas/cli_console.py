"""The consoles every command prints with: results to stdout, messages to stderr.

Markup off: what is printed holds names, notes and sentences from documents and users, and a `[/]` or
`[link=…]` in them must print as written (colour is given with `style=`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Column, Table

from chainatlas.output_files import write_atomically

if TYPE_CHECKING:
    from rich.progress import Progress

    from chainatlas.services.import_report import ImportProgress

out = Console(highlight=False, emoji=False, markup=False)
err = Console(stderr=True, highlight=False, emoji=False, markup=False, soft_wrap=True)  # one line per message


def fold_table(*headers: str) -> Table:
    """A table whose cells wrap rather than being cut: a long name prints whole, however narrow the terminal."""
    return Table(*(Column(header, overflow="fold") for header in headers))


def write_file(path: Path, content: bytes) -> None:
    """Write `content` to `path`, whole or not at all; one line and exit 1 when it cannot be written there."""
    try:
        write_atomically(path, content)
    except OSError as error:
        err.print(f"{path}: cannot write: {error.strerror or error}")
        raise typer.Exit(1) from error


@contextmanager
def progress_bar(label: str, total: int | None = None) -> Iterator[Progress]:
    """A progress bar on stderr, shown only on a terminal (a log or a pipe gets none) and for more than one
    item; gone once the work ends, so the summary that follows stands alone."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    description = TextColumn("{task.description}", markup=False)  # a file's name, never Rich markup
    columns = (TextColumn(label, markup=False), BarColumn(), MofNCompleteColumn(), description)
    quiet = not err.is_terminal or (total is not None and total < 2)
    with Progress(*columns, console=err, transient=True, disable=quiet) as progress:
        yield progress


@contextmanager
def import_progress(label: str) -> Iterator[ImportProgress]:
    """An import's progress (rows read, then rows stored) as a bar on stderr (see `progress_bar`)."""
    with progress_bar(label) as progress:
        task = progress.add_task("", total=None)

        def told(step: str, done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total, description=f"{step} rows")

        yield told
