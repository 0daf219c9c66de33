"""The commands' help in the command's language. The docstrings and the options' `help=` are written in English;
their Chinese, paragraph by paragraph, is in the `help` catalog (`i18n.help_text`). A command's texts are
translated in place once the language is known, before its help is shown; `scripts/catalogs` collects them
(`help_strings`)."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator, Mapping

import typer
import typer.main
from typer._click import Command
from typer.core import TyperGroup

from chainatlas.i18n import help_text

_WRITTEN = "_chainatlas_written_help"  # a command's or parameter's help as the code wrote it


def _holders(command: Command) -> Iterator[object]:
    """The command, its parameters and, for a group, its subcommands' (each holds a `help`)."""
    yield command
    yield from command.params
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            yield from _holders(sub)


def paragraphs(text: str) -> list[str]:
    """A help text's paragraphs, as the catalog holds them."""
    return [p.strip() for p in inspect.cleandoc(text).split("\n\n") if p.strip()]


def read(text: str) -> str:
    """A help text (English, as written) in the current language."""
    return "\n\n".join(help_text(p) for p in paragraphs(text))


def translate(command: Command) -> None:
    """Read `command`'s help (and its parameters' and subcommands') in the current language."""
    for holder in _holders(command):
        written = getattr(holder, _WRITTEN, None) or getattr(holder, "help", None)
        if written:
            setattr(holder, _WRITTEN, written)
            holder.help = read(written)  # type: ignore[attr-defined]


def help_strings(commands: Mapping[str, tuple[str, str]], root: Command) -> list[str]:
    """Every paragraph of help the commands show: the root's and its table's (`commands`), then each command's
    and its options', module by module."""
    texts = [getattr(holder, "help", None) for holder in _holders(root)]
    texts += [text for _, text in commands.values()]
    for module in dict.fromkeys(module for module, _ in commands.values()):
        loaded = typer.Typer()
        importlib.import_module(f"chainatlas.{module}").register(loaded)
        for command in typer.main.get_group(loaded).commands.values():
            texts += [getattr(holder, "help", None) for holder in _holders(command)]
    return list(dict.fromkeys(p for text in texts if text for p in paragraphs(text)))


def write_template(path: str) -> None:
    """Write the `help` catalog's template (.pot) at `path`: every paragraph of help, in order."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from chainatlas.cli import COMMANDS, app

    template = Catalog(domain="help")
    for text in help_strings(COMMANDS, typer.main.get_command(app)):
        template.add(text)
    with open(path, "wb") as out:
        write_po(out, template, omit_header=True, width=120)
