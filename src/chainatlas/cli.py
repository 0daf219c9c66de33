"""The `chainatlas` command: extract facts, build the store, list clusters, show profiles, serve.

A thin shell: every command parses its arguments and calls the core.
"""

from __future__ import annotations

import datetime as dt
import json
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from typer.core import TyperGroup

from chainatlas.cli_analytics import register as register_analytics
from chainatlas.cli_backup import register as register_backup
from chainatlas.cli_chains import register as register_chains
from chainatlas.cli_curation import err, out
from chainatlas.cli_curation import register as register_curation
from chainatlas.cli_designation import register as register_designation
from chainatlas.cli_projects import register as register_projects
from chainatlas.cli_specialisation import register as register_specialisation
from chainatlas.cli_users import register as register_users
from chainatlas.ingest.decode import DocumentError
from chainatlas.ingest.document import parse_document
from chainatlas.ingest.extract import extract_document
from chainatlas.ingest.facts import to_json
from chainatlas.settings import SettingsError, WebSettings
from chainatlas.store.ingest import IngestReport, ingest_paths, iter_files, read_file
from chainatlas.store.queries import Figure, find_profile, list_clusters
from chainatlas.store.reference import load_reference
from chainatlas.store.session import ENV_VAR, Store, database_url
from chainatlas.web.format import format_period, format_value


class _Commands(TyperGroup):
    """The command group: a store that cannot be read or written (read-only, disk full, server gone, locked)
    ends any command with one line naming the store and the database's reason, exit code 1, no traceback.
    Whatever was stored before stays: each transaction is rolled back whole."""

    def invoke(self, ctx: Any) -> Any:  # typer's own (vendored) click Context
        try:
            return super().invoke(ctx)
        except OperationalError as error:
            store = make_url(database_url(ctx.obj)).render_as_string(hide_password=True)
            reason = (str(error.orig).strip() or type(error.orig).__name__).splitlines()[0]
            err.print(f"{store}: {reason}", style="red")
            raise typer.Exit(1) from None


app = typer.Typer(cls=_Commands, no_args_is_help=True, help="Industrial clusters with the source of every figure.")
register_curation(app)
register_chains(app)
register_analytics(app)
register_designation(app)
register_specialisation(app)
register_projects(app)
register_users(app)
register_backup(app)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(f"{value!r} is not a date as YYYY-MM-DD") from error


DateOption = Annotated[
    str | None, typer.Option("--date", help="The documents' date (YYYY-MM-DD) for 今年, 去年 …")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar=ENV_VAR, help="Database URL (default: sqlite:///atlas.db)."),
    ] = None,
) -> None:
    """Industrial clusters with the source of every figure."""
    ctx.obj = db


def _store(ctx: typer.Context) -> Store:
    return Store(ctx.obj)


@contextmanager
def _progress(total: int, label: str) -> Iterator[Progress]:
    """A progress bar on stderr for work on more than one file."""
    description = TextColumn("{task.description}", markup=False)  # a file's name, never Rich markup
    columns = (TextColumn(label, markup=False), BarColumn(), MofNCompleteColumn(), description)
    with Progress(*columns, console=err, transient=True, disable=total < 2) as progress:
        yield progress


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Documents to read.")], date: DateOption = None
) -> None:
    """Print the facts of each document as JSON Lines (no database needed)."""
    when, failed = _date(date), False
    with _progress(len(files), "extract") as progress:
        task = progress.add_task("", total=len(files))
        for path in files:
            try:
                document = parse_document(read_file(path), path.name, when)
            except DocumentError as error:
                err.print(f"cannot read {path}: {error.reason}", style="red")
                failed = True
            else:
                for fact in extract_document(document):
                    typer.echo(to_json(fact))
            progress.update(task, advance=1, description=path.name)
    if failed:
        raise typer.Exit(1)


def _init(store: Store) -> None:
    store.upgrade()
    with store.transaction() as session:
        counts = load_reference(session)
    if counts.regions or counts.industries:
        err.print(f"reference data: {counts.regions} regions, {counts.industries} industries added")


@app.command()
def init(ctx: typer.Context) -> None:
    """Create or upgrade the schema and load the reference data (safe to repeat)."""
    store = _store(ctx)
    _init(store)
    err.print(f"store ready: {store.engine.url.render_as_string()}")


def _summary(report: IngestReport) -> None:
    err.print(
        f"documents added: {len(report.added)}, unchanged: {len(report.unchanged)}, "
        f"claims added: {report.claims}, skipped: {len(report.skipped)}"
    )
    for path, reason in report.skipped:
        err.print(f"  skipped {path}: {reason}", style="red")


@contextmanager
def _sigterm_exits() -> Iterator[None]:
    """Within: SIGTERM ends the command with SystemExit (code 143), so the document being stored rolls back and
    the worker pool shuts down, instead of the process vanishing with its workers still running."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched for *.txt).")],
    date: DateOption = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Extracting processes (default: one per core; 1: none).")
    ] = None,
) -> None:
    """Store documents and their claims; unreadable files are reported and skipped.

    Only regular files up to 20 MiB are read (a FIFO, a device or a file too large is reported, not read).
    SIGTERM stops the ingest cleanly (exit code 143); the workers also end if the ingest is killed.
    """
    store, when = _store(ctx), _date(date)
    _init(store)  # every time: a first ingest killed after creating the schema may not have loaded the reference
    files = list(iter_files(paths))
    with _progress(len(files), "ingest") as progress, _sigterm_exits():
        task = progress.add_task("", total=len(files))
        report = ingest_paths(
            store,
            files,
            date=when,
            progress=lambda p: progress.update(task, advance=1, description=p.name),
            workers=workers,
        )
    _summary(report)
    if report.skipped:
        raise typer.Exit(1)


def _figure_text(figure: Figure | None) -> str:
    if figure is None:
        return ""
    period = format_period(figure.period)
    return f"{format_value(figure)} ({period})" if period else format_value(figure)


def _json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


@app.command()
def clusters(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Each cluster with county, level, latest output value, enterprise count and sources."""
    with _store(ctx).session() as session:
        rows = list_clusters(session)
    if as_json:
        _json([asdict(row) for row in rows])
        return
    table = Table("cluster", "county", "level", "output value", "enterprises", "members", "sources")
    for row in rows:
        table.add_row(
            row.name,
            row.county or "",
            row.level or "",
            _figure_text(row.output_value),
            _figure_text(row.enterprise_count),
            str(row.member_count),
            str(row.source_count),
        )
    out.print(table)


@app.command()
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A cluster's or enterprise's name.")],
    as_json: JsonOption = False,
) -> None:
    """A cluster's or enterprise's profile: every figure with its period and source sentence."""
    with _store(ctx).session() as session:
        profile = find_profile(session, name)
    if profile is None:
        err.print(f"no cluster or enterprise called {name!r}", style="red")
        raise typer.Exit(1)
    if as_json:
        _json(asdict(profile))
        return
    out.print(Text.assemble((profile.name, "bold"), f" ({profile.kind})"))
    for label, value in (
        ("aliases", "、".join(profile.aliases)),
        ("region", profile.region),
        ("level", profile.level),
        ("products", "、".join(profile.products)),
    ):
        if value:
            out.print(f"{label}: {value}")
    for figure in profile.figures:
        source = figure.source
        marks = [m for m in (figure.status if figure.status != "proposed" else "", _low(figure)) if m]
        flag = f" [{', '.join(marks)}]" if marks else ""
        out.print(f"{figure.metric}: {_figure_text(figure)}{flag}  #{figure.claim_id}")
        out.print(f"    {source.document} ({source.date or 'undated'}): {source.sentence}")
    for conflict in profile.conflicts:
        values = "; ".join(f"{_figure_text(f)} #{f.claim_id} {f.source.document}" for f in conflict.values)
        out.print(f"conflict {conflict.metric} ({conflict.period or 'no period'}): {values}")
        out.print(f"    shown #{conflict.winner.claim_id}: {conflict.reason}")


def _low(figure: Figure) -> str:
    return "low confidence" if figure.low_confidence else ""


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web atlas. Behind an HTTPS reverse proxy set CHAINATLAS_HTTPS=1 (the session cookie is then Secure)."""
    from chainatlas.web.serve import serve as run  # uvicorn loads only when serving

    try:
        settings = WebSettings.from_env()
    except SettingsError as error:
        err.print(str(error), style="red", markup=False, soft_wrap=True)
        raise typer.Exit(1) from error
    run(ctx.obj, settings, host=host, port=port)
