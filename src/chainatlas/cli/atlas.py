"""The document and atlas commands: extract, init, ingest, clusters, show and serve.

What each command needs (the ingest pipeline, the store, the web server) is imported when it runs.
"""

from __future__ import annotations

import datetime as dt
import json
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from chainatlas.cli.helpers import err, fold_table, kind_name, out, progress_bar, say
from chainatlas.i18n import N_, _, listing

if TYPE_CHECKING:
    from chainatlas.services.ingest import IngestReport, Pool
    from chainatlas.services.ingest_runs import Earlier
    from chainatlas.services.queries import Figure, Profile
    from chainatlas.services.register_views import RegisterView
    from chainatlas.services.stores import Store


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(_("“{value}”不是 YYYY-MM-DD 格式的日期").format(value=value)) from error


RUN_STATUSES = {"running": N_("进行中"), "done": N_("已完成"), "stopped": N_("已中止")}

DateOption = Annotated[str | None, typer.Option("--date", help="The documents' date (YYYY-MM-DD) for 今年, 去年 …")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _store(ctx: typer.Context) -> Store:
    from chainatlas.services.stores import Store

    return Store(ctx.obj)


def extract(files: Annotated[list[Path], typer.Argument(help="Documents to read.")], date: DateOption = None) -> None:
    """Print the facts of each document as JSON Lines (no database needed)."""
    from chainatlas.ingest.decode import DocumentError
    from chainatlas.ingest.document import parse_document
    from chainatlas.ingest.extract import extract_document
    from chainatlas.ingest.facts import to_json
    from chainatlas.services.ingest import read_file

    when, failed = _date(date), False
    with progress_bar(N_("提取"), len(files)) as progress:
        task = progress.add_task("", total=len(files))
        for path in files:
            try:
                document = parse_document(read_file(path), path.name, when)
            except DocumentError as error:
                err.print(_("无法读取 {path}：{reason}").format(path=path, reason=error.reason), style="red")
                failed = True
            else:
                for fact in extract_document(document):
                    typer.echo(to_json(fact))
            progress.update(task, advance=1, description=path.name)
    if failed:
        raise typer.Exit(1)


def _init(store: Store) -> None:
    from chainatlas.services.reference import load_reference

    store.upgrade()
    with store.transaction() as session:
        counts = load_reference(session)
    if counts.regions or counts.industries:
        err.print(
            _("参考数据：新增{regions}个行政区划、{industries}个行业").format(
                regions=counts.regions, industries=counts.industries
            )
        )


def init(ctx: typer.Context) -> None:
    """Create or upgrade the schema and load the reference data (safe to repeat)."""
    store = _store(ctx)
    _init(store)
    err.print(_("数据库就绪：{url}").format(url=store.engine.url.render_as_string()))


def _summary(report: IngestReport, run_id: int) -> None:
    err.print(
        _("新增文档：{added}，未变：{unchanged}，新增事实：{claims}，跳过：{skipped}（运行 #{run}）").format(
            added=len(report.added), unchanged=len(report.unchanged), claims=report.claims,
            skipped=len(report.skipped), run=run_id,
        )
    )  # fmt: skip
    for path, reason in report.skipped:
        err.print(_("  跳过 {path}：{reason}").format(path=path, reason=reason), style="red")


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


def _dask(workers: int | None, scheduler: str | None) -> Pool:
    """The workers of the Dask cluster at `scheduler`, or of a local one of `workers` processes (one per core)."""
    import os

    from chainatlas.services.dask_engine import DaskPool

    try:
        return DaskPool(workers or os.cpu_count() or 1, scheduler)
    except (OSError, TimeoutError) as error:
        err.print(_("无法连接 Dask 调度器 {scheduler}：{error}").format(scheduler=scheduler, error=error), style="red")
        raise typer.Exit(1) from error


def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (searched for .txt, .html, .docx and .pdf files).")
    ] = None,
    date: DateOption = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Extracting processes (default: one per core; 1: none).")
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="local (this machine's processes) or dask (a Dask cluster's workers).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="The Dask scheduler's address (default: a local cluster of --workers)."),
    ] = None,
    resume: Annotated[
        int | None, typer.Option("--resume", metavar="RUN", help="Take up run RUN again (`chainatlas runs`).")
    ] = None,
    writers: Annotated[
        int, typer.Option("--writers", min=1, help="Storing processes (PostgreSQL; default 1: this process).")
    ] = 1,
) -> None:
    """Store documents and their claims; unreadable files are reported and skipped.

    Only regular files up to 20 MiB are read (a FIFO, a device or a file too large is reported, not read).
    SIGTERM stops the ingest cleanly (exit code 143); the workers also end if the ingest is killed. Each ingest
    is a run kept in the store with its progress; `--resume RUN` reads a run's files again and stores those
    not yet stored. On PostgreSQL, `--writers N` stores with N processes, names resolved in turn.
    """
    from chainatlas.services import ingest_runs
    from chainatlas.services.ingest import IngestReport, iter_files

    if engine not in ("local", "dask") or (scheduler is not None and engine != "dask"):
        raise typer.BadParameter(
            _("--engine 须为 local 或 dask（--scheduler 仅用于 dask），而不是“{engine}”").format(engine=engine)
        )
    if bool(paths) == (resume is not None):
        raise typer.BadParameter(_("请给出要入库的文件或文件夹，或 --resume RUN（二者择一）"))
    store, when = _store(ctx), _date(date)
    if writers > 1 and store.engine.dialect.name != "postgresql":
        err.print(
            _("--writers {writers} 需要 PostgreSQL 数据库：SQLite 只有一个写入者").format(writers=writers), style="red"
        )
        raise typer.Exit(1)
    _init(store)  # every time: a first ingest killed after creating the schema may not have loaded the reference
    if resume is not None:
        try:
            run = ingest_runs.find_run(store, resume)
        except ingest_runs.RunError as error:
            err.print(str(error), style="red")
            raise typer.Exit(1) from error
        files, when = list(iter_files(run.paths)), run.date
        ingest_runs.resume_run(store, run.id, len(files))
        run_id, earlier = run.id, ingest_runs.Earlier(run.added, run.claims)
    else:
        files = list(iter_files(paths or []))
        run_id = ingest_runs.start_run(store, paths or [], when, engine, len(files), dt.datetime.now(dt.UTC))
        earlier = ingest_runs.Earlier()
    report = IngestReport()

    def advance(path: Path) -> None:
        progress.update(task, advance=1, description=path.name)
        if (len(report.added) + len(report.unchanged) + len(report.skipped)) % ingest_runs.CHECKPOINT_FILES == 0:
            ingest_runs.checkpoint(store, run_id, report, earlier)

    ends = _ends_run(store, run_id, report, earlier)
    with progress_bar(N_("存入文档"), len(files)) as progress, _sigterm_exits(), ends:
        task = progress.add_task("", total=len(files))
        pool = _dask(workers, scheduler) if engine == "dask" else None
        _store_files(store, files, writers, when, advance, workers, pool, report)
    _summary(report, run_id)
    if report.skipped:
        raise typer.Exit(1)


def _store_files(
    store: Store,
    files: list[Path],
    writers: int,
    when: dt.date | None,
    advance: Callable[[Path], None],
    workers: int | None,
    pool: Pool | None,
    report: IngestReport,
) -> None:
    """Ingest the files with this process as the writer, or `writers` processes; a dead writer is one line, exit 1."""
    from chainatlas.services.ingest import ingest_paths
    from chainatlas.services.writers import WriterError, ingest_with_writers

    if writers == 1:
        ingest_paths(store, files, date=when, progress=advance, workers=workers, pool=pool, report=report)
        return
    try:
        ingest_with_writers(store, files, writers, when, advance, workers, pool, report)
    except WriterError as error:
        err.print(_("{error}；运行中止（用 chainatlas ingest --resume 完成）").format(error=error), style="red")
        raise typer.Exit(1) from error


@contextmanager
def _ends_run(store: Store, run_id: int, report: IngestReport, earlier: Earlier) -> Iterator[None]:
    """Record the run's end: done, or stopped by an error or a signal (best effort: the store may be gone, and
    the error that stopped the run is the one to tell)."""
    from sqlalchemy.exc import SQLAlchemyError

    from chainatlas.services.ingest_runs import DONE, STOPPED, checkpoint

    status = STOPPED
    try:
        yield
        status = DONE
    finally:
        with suppress(SQLAlchemyError):
            checkpoint(store, run_id, report, earlier, status, dt.datetime.now(dt.UTC))


def _figure_text(figure: Figure | None) -> str:
    from chainatlas.formatting import format_period, format_value

    if figure is None:
        return ""
    period = format_period(figure.period)
    return f"{format_value(figure)} ({period})" if period else format_value(figure)


def _json(value: Any, default: Callable[[Any], Any] | None = None) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=default))


def clusters(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Each cluster with county, level, latest output value, enterprise count and sources."""
    from chainatlas.services.atlas_lists import list_clusters

    with _store(ctx).session() as session:
        rows = list_clusters(session)
    if as_json:
        _json([asdict(row) for row in rows])
        return
    from chainatlas.formatting import level_label

    table = fold_table(_("集群"), _("县（市、区）"), _("级别"), _("最新产值"), _("企业数"), _("入库企业"), _("来源数"))
    for row in rows:
        table.add_row(
            row.name,
            row.county or "",
            level_label(row.level),
            _figure_text(row.output_value),
            _figure_text(row.enterprise_count),
            str(row.member_count),
            str(row.source_count),
        )
    out.print(table)


def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A cluster's or enterprise's name.")],
    as_json: JsonOption = False,
) -> None:
    """A cluster's or enterprise's profile: every figure with its period and source sentence.

    For a register firm also its record, and where the news disagrees with it: both values, the one shown, the rule.
    """
    show_profile(ctx, name, as_json)


def show_profile(ctx: typer.Context, name: str, as_json: bool, kind: str | None = None) -> None:
    """Print the profile of the entity (of `kind`, when given) called `name`; exit 1 when there is none."""
    from chainatlas.services.claims import SUBJECT_TYPES
    from chainatlas.services.names_known import entity_hint
    from chainatlas.services.queries import entity_named, profile_of
    from chainatlas.services.register_views import register_view

    with _store(ctx).session() as session:
        entity = entity_named(session, name, (kind,) if kind else SUBJECT_TYPES)
        if entity is None:
            what = kind_name(kind) if kind else _("集群或企业")
            err.print(
                _("没有名为“{name}”的{what}").format(name=name, what=what) + entity_hint(session, name), style="red"
            )
            raise typer.Exit(1)
        profile = profile_of(session, entity)
        register = register_view(session, entity)
    if as_json:
        _json(asdict(profile) | ({"register_view": asdict(register)} if register else {}))
        return
    _print_profile(profile)
    if register is not None:
        _print_register(register)


def _print_profile(profile: Profile) -> None:
    from rich.text import Text

    from chainatlas.domain import ReviewStatus
    from chainatlas.formatting import level_label, metric_label

    out.print(Text.assemble((profile.name, "bold"), f" ({kind_name(profile.kind)})"))
    for label, value in (
        (_("别名"), listing(profile.aliases)),
        (_("地区"), profile.region),
        (_("乡镇（街道）"), profile.township),
        (_("级别"), level_label(profile.level) if profile.level else None),
        (_("产品"), listing(profile.products)),
    ):
        if value:
            out.print(_("{label}：{value}").format(label=label, value=value))
    for figure in profile.figures:
        source = figure.source
        reviewed = _status(figure.status) if figure.status != ReviewStatus.PROPOSED else ""
        marks = [m for m in (reviewed, _low(figure)) if m]
        flag = f" [{listing(marks)}]" if marks else ""
        say(f"{metric_label(figure.metric)}: {_figure_text(figure)}{flag}  #{figure.claim_id}")
        say(f"    {source.document} ({source.date or _('无日期')}): {source.sentence}")  # the sentence on one line
    for conflict in profile.conflicts:
        values = _("；").join(f"{_figure_text(f)} #{f.claim_id} {f.source.document}" for f in conflict.values)
        period = conflict.period or _("无期间")
        say(_("冲突 {metric}（{period}）：{values}").format(metric=metric_label(conflict.metric), period=period,
                                                          values=values))  # fmt: skip
        say(_("    采用 #{claim}：{reason}").format(claim=conflict.winner.claim_id, reason=conflict.reason))


def _print_register(view: RegisterView) -> None:
    """The register's record, then each field the news disagrees on: both sides, what is shown and by which rule."""
    from chainatlas.formatting import format_stated
    from chainatlas.register.versus import FIELD_LABELS, RULES, Rule

    record = view.record
    out.print(_("名录：{source}").format(source=record.source), markup=False)
    for label, value in (
        (_("统一社会信用代码"), record.credit_code),
        (_("行业代码"), record.industry_code),
        (_("名录产品"), listing(record.products)),
        (_("产值"), format_stated(record.output_value, "CNY") if record.output_value is not None else None),
        (_("员工数"), record.employees),
        (_("企业规模"), record.sme_class),
    ):
        if value is not None and value != "":
            out.print(_("{label}：{value}").format(label=label, value=value), markup=False)
    for side in view.sides:
        register = format_stated(side.register, side.unit)
        news = _("；").join(
            f"{format_stated(s.value, side.unit, s.qualifier)} #{s.claim_id} {s.source.document}" for s in side.news
        )
        line = _("名录与新闻不一致 {field}：名录 {register}；新闻 {news}")
        out.print(line.format(field=_(FIELD_LABELS[side.field]), register=register, news=news), markup=False)
        shown = _("名录") if side.shown_claim is None else _("新闻 #{claim}").format(claim=side.shown_claim)
        out.print(_("    采用{shown}：{rule}").format(shown=shown, rule=_(RULES[Rule(side.rule)])), markup=False)


def _status(status: str) -> str:
    """A claim's review status in the reader's language."""
    from chainatlas.domain import REVIEW_STATUS_NAMES

    return _(REVIEW_STATUS_NAMES[status]) if status in REVIEW_STATUS_NAMES else status


def _low(figure: Figure) -> str:
    return _("低置信度") if figure.low_confidence else ""


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Server processes sharing the store (docs/deployment.md).")
    ] = 1,
) -> None:
    """Serve the web atlas. Behind an HTTPS reverse proxy set CHAINATLAS_HTTPS=1 (the session cookie is then Secure)."""
    from chainatlas.settings import SettingsError, WebSettings
    from chainatlas.web.serve import serve as run

    try:
        settings = WebSettings.from_env()
    except SettingsError as error:
        err.print(str(error), style="red", markup=False, soft_wrap=True)
        raise typer.Exit(1) from error
    run(ctx.obj, settings, host=host, port=port, workers=workers)


def runs(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Every ingest run, newest first: its status and progress (ingest --resume RUN)."""
    from chainatlas.services.ingest_runs import runs as stored_runs

    found = stored_runs(_store(ctx))
    if as_json:
        _json([asdict(r) | {"paths": [str(p) for p in r.paths]} for r in found], default=str)  # dates as ISO text
        return
    table = fold_table(
        _("运行"), _("开始于"), _("状态"), _("引擎"), _("已处理文件"), _("新增"), _("未变"), _("跳过"), _("事实")
    )
    for r in found:
        table.add_row(f"#{r.id}", f"{r.started_at:%Y-%m-%d %H:%M}", _(RUN_STATUSES[r.status]), r.engine,
                      f"{r.done}/{r.files}", str(r.added), str(r.unchanged), str(r.skipped), str(r.claims))  # fmt: skip
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add the document and atlas commands to `app`."""
    for command in (extract, init, ingest, runs, clusters, show, serve):
        app.command()(command)
