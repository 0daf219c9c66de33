"""The consoles every command prints with: results to stdout, messages to stderr.

Markup off: what is printed holds names, notes and sentences from documents and users, and a `[/]` or
`[link=…]` in them must print as written (colour is given with `style=`).
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Column, Table

out = Console(highlight=False, emoji=False, markup=False)
err = Console(stderr=True, highlight=False, emoji=False, markup=False, soft_wrap=True)  # one line per message


def fold_table(*headers: str) -> Table:
    """A table whose cells wrap rather than being cut: a long name prints whole, however narrow the terminal."""
    return Table(*(Column(header, overflow="fold") for header in headers))
