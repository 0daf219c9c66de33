"""The `chainatlas` command: extract facts, build the store, list clusters, show profiles, serve.

A thin shell that starts at once: each command group lives in a module of this package, imported only when it
runs (and with it what the command needs: the store, numpy, pyarrow, the web server). `chainatlas --help`
lists the commands from :data:`COMMANDS` without importing any of them; a test checks that table against
the commands themselves.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from typing import Annotated, Any

import typer
import typer.main
from typer._click import Command, Context, HelpFormatter, Parameter
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer.core import TyperGroup, _TyperParameter

from chainatlas.settings import DB_VAR

COMMANDS: dict[str, tuple[str, str]] = {
    "conflicts": (
        "cli.curation",
        "Every conflict: subject, metric, period, each value with its source, and which is shown and why.",
    ),
    "supply": (
        "cli.chains",
        "Whom a cluster (with its members) or a firm supplies, and who supplies it: product, share, evidence.",
    ),
    "complexity": (
        "cli.analytics",
        "RCA, M, diversity, ubiquity, ECI, PCI, density, COI and COG per region, activity and year (Stata variant).",
    ),
    "designation": (
        "cli.designation",
        "Check a cluster against the national SME characteristic cluster criteria (工信部企业〔2022〕119号).",
    ),
    "specialisation": (
        "cli.specialisation",
        "LQ, strength class, quadrant, Krugman, HHI, peers and small-count flags of a county or a city's counties.",
    ),
    "backup": (
        "cli.backup",
        "Write the whole store to one file (a tar: manifest and data); safe while the store is in use.",
    ),
    "restore": (
        "cli.backup",
        "Restore a backup into the store: checked before anything changes, atomic, rows counted after.",
    ),
    "extract": ("cli.atlas", "Print the facts of each document as JSON Lines (no database needed)."),
    "init": ("cli.atlas", "Create or upgrade the schema and load the reference data (safe to repeat)."),
    "ingest": ("cli.atlas", "Store documents and their claims; unreadable files are reported and skipped."),
    "runs": ("cli.atlas", "Every ingest run, newest first: its status and progress (ingest --resume RUN)."),
    "clusters": ("cli.atlas", "Each cluster with county, level, latest output value, enterprise count and sources."),
    "show": ("cli.atlas", "A cluster's or enterprise's profile: every figure with its period and source sentence."),
    "serve": ("cli.atlas", "Serve the web atlas."),
    "entities": ("cli.curation", "List entities and correct how names were resolved."),
    "claims": ("cli.curation", "List claims and set their review status."),
    "chain": ("cli.chains", "Industry chains: placements, gaps and county overlap."),
    "datasets": ("cli.specialisation", "Statistical datasets: region × activity × year tables."),
    "projects": ("cli.projects", "Projects over their life: registry, timeliness, roll-ups."),
    "desk": ("cli.desk", "Service requests on projects: open → respond → resolve → confirm."),
    "users": ("cli.users", "Users of the web atlas and their roles."),
    "enterprises": ("cli.enterprises", "The enterprise register (规上工业企业名录)."),
    "briefing": (
        "cli.briefing",
        "Write a briefing: key figures with sources, chain coverage and gaps, projects behind schedule.",
    ),
}
"""Each command: the module whose ``register(app)`` adds it, and its one-line help."""


@dataclass(frozen=True)
class _Plain(RuntimeParam):
    """Typer's coercion of a text or yes/no parameter, without pydantic when the value has its type already.

    Typer validates every value through a pydantic adapter, and importing pydantic takes a tenth of a second,
    more than `clusters` itself; a ``str`` or ``bool`` value comes out of it unchanged, so it is passed on as it
    is and only another value (an environment variable's text for a flag) goes through Typer's own coercion.
    """

    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if type(value) is self.annotation:
            return value
        return build_runtime_param(self.descriptor).coerce(value, param=param, ctx=ctx)


def _plain(params: Iterable[Parameter]) -> None:
    """Coerce the ``str`` and ``bool`` parameters (no parser of their own) among ``params`` with :class:`_Plain`."""
    for param in params:
        if isinstance(param, _TyperParameter) and param._runtime_param is None:
            described = param.type_descriptor
            if described.annotation in (str, bool) and described.parameter_info.parser is None:
                param._runtime_param = _Plain(described.parameter_info, described.annotation, described)


class LazyGroup(TyperGroup):
    """The root command: its subcommands are loaded from their modules when one is asked for by name.

    A store that cannot be read or written (read-only, disk full, server gone, locked) ends any command with one
    line naming the store and the database's reason, exit code 1, no traceback; whatever was stored before stays,
    each transaction being rolled back whole.
    """

    def get_params(self, ctx: Context) -> list[Parameter]:
        params = super().get_params(ctx)
        _plain(params)
        return params

    def invoke(self, ctx: Context) -> object:
        try:
            return super().invoke(ctx)
        except Exception as error:
            from sqlalchemy.exc import OperationalError  # a command ran, so SQLAlchemy is loaded already

            if not isinstance(error, OperationalError):
                raise
            from sqlalchemy.engine import make_url

            from chainatlas.cli.helpers import err
            from chainatlas.services.stores import database_url

            store = make_url(database_url(ctx.obj)).render_as_string(hide_password=True)
            reason = (str(error.orig).strip() or type(error.orig).__name__).splitlines()[0]
            err.print(f"{store}: {reason}", style="red")
            raise typer.Exit(1) from None

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module = importlib.import_module(f"chainatlas.{COMMANDS[cmd_name][0]}")
            loaded = typer.Typer()
            module.register(loaded)
            for name, command in typer.main.get_group(loaded).commands.items():
                _plain([*command.params, *filter(None, [command.get_help_option(ctx)])])
                self.add_command(command, name)
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        """`chainatlas --help`, in the settings' language (no command runs, so none has set it)."""
        from chainatlas import i18n
        from chainatlas.cli.help_texts import translate
        from chainatlas.settings import SettingsError, language

        with suppress(SettingsError):  # a bad setting is told by the command that runs; the help reads as written
            i18n.use(language())
        translate(self)
        super().format_help(ctx, formatter)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        from chainatlas.cli.help_texts import read

        with formatter.section("Commands"):
            formatter.write_dl([(name, read(help_text)) for name, (_, help_text) in COMMANDS.items()])


# Plain help (no Rich panels): `chainatlas --help` then needs neither Rich nor any command's module.
app = typer.Typer(
    cls=LazyGroup,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Industrial clusters with the source of every figure.",
)


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar=DB_VAR, help="Database URL (default: sqlite:///atlas.db)."),
    ] = None,
) -> None:
    """Industrial clusters with the source of every figure."""
    from chainatlas import i18n
    from chainatlas.logs import configure
    from chainatlas.settings import SettingsError, language, log_level, vocabulary_overlay

    try:
        configure(log_level())
        i18n.use(language())  # what the command prints, its help too, in the settings' language
        if ctx.invoked_subcommand in ctx.command.commands:  # type: ignore[attr-defined]  # a LazyGroup
            from chainatlas.cli.help_texts import translate

            translate(ctx.command.commands[ctx.invoked_subcommand])  # type: ignore[attr-defined]
        if vocabulary_overlay() is not None:  # read the overlay now: a bad one stops every command at once
            from chainatlas.ingest import vocabulary

            vocabulary.check()
    except (SettingsError, ValueError) as error:  # VocabularyError is a ValueError
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    ctx.obj = db
