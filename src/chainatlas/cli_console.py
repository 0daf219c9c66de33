"""The consoles every command prints with: results to stdout, messages to stderr.

Markup off: what is printed holds names, notes and sentences from documents and users, and a `[/]` or
`[link=…]` in them must print as written (colour is given with `style=`).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Column, Table

from chainatlas.output_files import write_atomically

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
