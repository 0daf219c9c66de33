"""The project commands: `projects list|show|import|template|overdue|rollup|benchmark|cause`.

A thin shell over `services.project_registry` (records, import) and `services.project_views` (timeliness,
roll-ups, benchmarks, causes); the service desk's commands are in `cli.desk`. Every command takes `--today` so a
report can be reproduced for any day, and `--json`. Unknown projects or requests, invalid moves and a
file that cannot be read end the command with exit code 1; an import with bad rows stores the good
ones, lists every bad one and exits with code 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol

import typer
from rich.table import Table

from chainatlas.analytics.table import TableError
from chainatlas.cli.helpers import (
    ByOption,
    JsonOption,
    SheetOption,
    TodayOption,
    WorkbookArgument,
    err,
    fail,
    fold_table,
    import_progress,
    judged_day,
    out,
    print_json,
    print_records,
    say,
    store_session,
    user,
    write_file,
)
from chainatlas.formatting import format_amount
from chainatlas.projects.model import CAUSES, KIND_NAMES, STAGE_NAMES, Benchmark, Kind, ProjectRecord
from chainatlas.projects.rollup import GroupBy
from chainatlas.projects.template import RowError, template
from chainatlas.projects.timeliness import Status, Timeliness
from chainatlas.services import desk
from chainatlas.services.project_import import import_projects
from chainatlas.services.project_registry import ProjectError, find_project, project_record
from chainatlas.services.project_views import (
    STALL_DAYS,
    Followed,
    behind,
    benchmarks,
    followed,
    rollups,
    set_benchmark,
    set_cause,
)
from chainatlas.store import audit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from chainatlas.services.import_report import ImportProgress

projects_app = typer.Typer(no_args_is_help=True, help="Projects over their life: registry, timeliness, roll-ups.")
benchmark_app = typer.Typer(no_args_is_help=True, help="Months allowed between stages, per zone, chain or all.")
projects_app.add_typer(benchmark_app, name="benchmark")

StallOption = Annotated[int, typer.Option("--stall-days", min=1, help="No stage change for longer: stalled.")]
KindOption = Annotated[Kind | None, typer.Option("--kind", help="investment, public or upgrade.")]
ZoneOption = Annotated[str | None, typer.Option("--zone", help="A zone by name, e.g. 嘉善经济技术开发区.")]
CountyOption = Annotated[str | None, typer.Option("--county", help="A county by name or code.")]
CityOption = Annotated[str | None, typer.Option("--city", help="A city by name or code.")]
STATUS_NAMES = {Status.DONE: "done", Status.ON_TIME: "on time", Status.NOT_YET_DUE: "not yet due", Status.OVERDUE: ""}


def _money(value: float | None) -> str:
    """An amount in yuan as read, or 未知 when it is not stated (never 0元)."""
    return format_amount(value, "CNY") if value is not None else "未知"


def _stage(stage: str | None) -> str:
    return f"{STAGE_NAMES.get(stage, stage)}" if stage else "未开始"


def _status(t: Timeliness) -> str:
    text = f"overdue {t.overdue_days} d" if t.status is Status.OVERDUE else STATUS_NAMES[t.status]
    return text + (" · stalled" if t.stalled else "")


def _followed_json(f: Followed) -> dict[str, Any]:
    return {"project": asdict(f.project), "timeliness": asdict(f.timeliness)}


def _table(rows: list[Followed]) -> Table:
    table = fold_table("id", "project", "kind", "zone / county", "investment", "reached", "next (due)", "status")
    for f in rows:
        p, t = f.project, f.timeliness
        due = (
            f"{_stage(t.next_stage)} ({t.due})"
            if t.next_stage and t.due
            else _stage(t.next_stage)
            if t.next_stage
            else ""
        )
        reached = f"{_stage(t.last_stage)} {t.last_date}" if t.last_stage else _stage(None)
        place = " / ".join(x for x in (p.zone, p.county) if x)
        table.add_row(f"#{p.id}", p.name, KIND_NAMES[p.kind], place, _money(p.investment), reached, due, _status(t))
    return table


@projects_app.command("list")
def projects_list(
    ctx: typer.Context,
    kind: KindOption = None,
    zone: ZoneOption = None,
    county: CountyOption = None,
    city: CityOption = None,
    today: TodayOption = None,
    stall_days: StallOption = STALL_DAYS,
    as_json: JsonOption = False,
) -> None:
    """Every project with the stage it reached, its next stage's due date and whether it is on time."""
    with store_session(ctx) as session:
        day = judged_day(today)
        rows = followed(session, day, kind=kind, zone=zone, county=county, city=city, stall_days=stall_days)
    if as_json:
        print_json([_followed_json(f) for f in rows])
        return
    out.print(_table(rows))


def _timeline(p: ProjectRecord) -> Table:
    table = fold_table("stage", "planned", "source", "actual", "source")
    for s in p.stages:
        planned, actual = s.planned, s.actual
        table.add_row(
            _stage(s.stage),
            planned.text if planned else "",
            planned.source if planned else "",
            actual.text if actual else "",
            actual.source if actual else "",
        )
    return table


@projects_app.command("show")
def projects_show(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="A project by #ID, code (项目编号) or name.")],
    today: TodayOption = None,
    stall_days: StallOption = STALL_DAYS,
    as_json: JsonOption = False,
) -> None:
    """A project's facts, its timeline with the source of every date, its timeliness, requests and audit log."""
    day = judged_day(today)
    with store_session(ctx) as session:
        try:
            record = project_record(session, find_project(session, project).id)
        except ProjectError as error:
            raise fail(error) from error
        [found] = [f for f in followed(session, day, stall_days=stall_days) if f.project.id == record.id]
        requests = desk.list_requests(session, project_id=record.id)
        log = audit.history(session, "project", record.id)
    if as_json:
        print_json(
            _followed_json(found) | {"requests": [asdict(r) for r in requests], "audit": [asdict(e) for e in log]}
        )
        return
    p, t = found.project, found.timeliness
    say(f"#{p.id} {p.name} — {KIND_NAMES[p.kind]}" + (f", 项目编号 {p.code}" if p.code else ""))
    facts = {
        "owner": p.owner,
        "zone": p.zone,
        "county": p.county,
        "investment": _money(p.investment),
        "expected output": _money(p.expected_output),
        "area": f"{p.area / 666.67:,.1f} 亩" if p.area else None,
        "chain node": f"{p.chain_id}/{p.node_id}" if p.chain_id and p.node_id else p.chain_id,
        "cause": f"{p.cause} ({CAUSES[p.cause]})" if p.cause else None,
    }
    for label, value in facts.items():
        if value:
            say(f"  {label}: {value}")
    out.print(_timeline(p))
    basis = f" — due {t.due} ({t.due_basis})" if t.due else ""
    say(f"  {_status(t)}; next: {_stage(t.next_stage) if t.next_stage else '—'}{basis}")
    for r in requests:
        say(f"  request #{r.id} [{r.status}] {r.need} — {r.department}, {r.owner}, due {r.due}")
    for e in log:
        say(f"  {e.at:%Y-%m-%d %H:%M} {e.actor} {e.action}: {', '.join(e.changes)}")


@projects_app.command("import")
def projects_import(
    ctx: typer.Context,
    source: WorkbookArgument,
    sheet: SheetOption = None,
    by: ByOption = None,
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import projects: good rows are stored (a re-import updates), every bad row is named with its cell.

    Only a regular file is read, within the limits of docs/analytics.md (size, unpacked size, rows, cells).
    """
    day = judged_day(today)
    run_import(ctx, "projects", source, as_json, lambda s, p: import_projects(s, source, by or user(), day, sheet, p))


class ImportOutcome(Protocol):
    """What an import reports (the project registry's and the enterprise register's)."""

    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[RowError]


def run_import(
    ctx: typer.Context,
    label: str,
    source: Path,
    as_json: bool,
    read: Callable[[Session, ImportProgress], ImportOutcome],
) -> None:
    """Run an import (`read`) in one write session behind a progress bar named `label`, then print what it did; a
    file that cannot be read as a table fails in one line."""
    with store_session(ctx, write=True) as session, import_progress(label) as progress:
        try:
            report = read(session, progress)
        except TableError as error:
            raise fail(error) from error
    print_import(source, report, as_json)


def print_import(source: Path, report: ImportOutcome, as_json: bool) -> None:
    """Print what an import did, then each bad cell on a line of its own; exit code 1 when any row was bad."""
    if as_json:
        print_json(asdict(report) | {"errors": [str(e) for e in report.errors]})  # type: ignore[call-overload]
    else:
        stored = report.rows - len({(e.sheet, e.row) for e in report.errors})
        say(
            f"{source}: {report.rows} rows, {stored} good: {report.created} created, "
            f"{report.updated} updated, {report.unchanged} unchanged"
        )
        for problem in report.errors:
            err.print(f"{source}: {problem}", soft_wrap=True)
    if report.errors:
        raise typer.Exit(1)


@projects_app.command("template")
def projects_template(
    target: Annotated[Path, typer.Argument(metavar="OUT.xlsx", help="Where to write the empty template.")],
) -> None:
    """Write the import template (the columns of docs/projects-template.md) as an empty workbook."""
    write_file(target, template())
    err.print(f"{target}: template written")


@projects_app.command("overdue")
def projects_overdue(
    ctx: typer.Context,
    zone: ZoneOption = None,
    county: CountyOption = None,
    city: CityOption = None,
    today: TodayOption = None,
    stall_days: StallOption = STALL_DAYS,
    as_json: JsonOption = False,
) -> None:
    """Overdue projects (most days late first), then those stalled with no stage change for too long."""
    with store_session(ctx) as session:
        rows = behind(session, judged_day(today), stall_days, zone=zone, county=county, city=city)
    if as_json:
        print_json([_followed_json(f) for f in rows])
        return
    out.print(_table(rows))



@projects_app.command("rollup")
def projects_rollup(
    ctx: typer.Context,
    by: Annotated[str, typer.Option("--by", help="zone, county or city.")] = "zone",
    city: CityOption = None,
    today: TodayOption = None,
    stall_days: StallOption = STALL_DAYS,
    as_json: JsonOption = False,
) -> None:
    """Per zone, county or city: projects and investment by stage, signed this year, on-time ratio, overdue."""
    if by not in ("zone", "county", "city"):
        raise fail(ValueError(f"--by must be zone, county or city, not {by!r}"))
    group: GroupBy = by  # type: ignore[assignment]
    day = judged_day(today)
    with store_session(ctx) as session:
        found = rollups(session, day, group, city, stall_days)
    if as_json:
        print_json([asdict(r) for r in found])
        return
    for r in found:
        ratio = f"{r.on_time_ratio:.0%}" if r.on_time_ratio is not None else "—"
        unknown = f" ({r.investment_unknown} without a figure)" if r.investment_unknown else ""
        say(f"{r.group}: {r.projects} projects, investment {_money(r.investment)}{unknown}, on time {ratio}")
        signed, money = r.signed_this_year
        say(f"  signed in {day.year}: {signed} projects, {_money(money)}")
        stages = "; ".join(
            f"{_stage(s) if s != 'not started' else '未开始'} {n} ({_money(v)})" for s, (n, v) in r.by_stage.items()
        )
        say(f"  by stage: {stages}")
        if r.average_days:
            spans = ", ".join(f"{span} {days:.0f} d" for span, days in r.average_days.items())
            say(f"  average days: {spans}")
        for name, stage, days in r.overdue:
            say(f"  overdue: {name} — {_stage(stage)}, {days} d")


@benchmark_app.command("list")
def benchmark_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The benchmarks in force: the users' own first, then the documented defaults."""
    with store_session(ctx) as session:
        found = benchmarks(session)

    def cells(b: Benchmark) -> list[str]:
        months = f"{b.min_months:g}–{b.max_months:g}"
        return [b.scope, b.key, b.kind or "all", _stage(b.from_stage), _stage(b.to_stage), months]

    print_records(found, as_json, ["scope", "key", "kind", "from", "to", "months"], cells)


@benchmark_app.command("set")
def benchmark_set(
    ctx: typer.Context,
    from_stage: Annotated[str, typer.Argument(metavar="FROM", help="Stage key, e.g. started.")],
    to_stage: Annotated[str, typer.Argument(metavar="TO", help="Stage key, e.g. powered.")],
    max_months: Annotated[float, typer.Option("--max", min=0.0, help="Months allowed at most.")],
    min_months: Annotated[float, typer.Option("--min", min=0.0, help="Months expected at least.")] = 0.0,
    zone: Annotated[str | None, typer.Option("--zone", help="For this zone's projects.")] = None,
    chain: Annotated[str | None, typer.Option("--chain", help="For projects on this chain.")] = None,
    kind: KindOption = None,
    by: ByOption = None,
) -> None:
    """Set the months allowed from one stage to another, for a zone, a chain or everything."""
    if zone and chain:
        raise fail(ValueError("give --zone or --chain, not both"))
    scope, key = ("zone", zone) if zone else ("chain", chain) if chain else ("default", "")
    with store_session(ctx, write=True) as session:
        try:
            set_benchmark(
                session, Benchmark(from_stage, to_stage, min_months, max_months, scope, key, kind), by or user()
            )
        except ProjectError as error:
            raise fail(error) from error


@projects_app.command("cause")
def projects_cause(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="A project by #ID, code or name.")],
    cause: Annotated[str, typer.Argument(help=f"Why it is behind: {', '.join(CAUSES)}, or none to clear.")],
    by: ByOption = None,
) -> None:
    """Record why a project is behind (land, financing, approvals, design, utilities, market, other)."""
    with store_session(ctx, write=True) as session:
        try:
            set_cause(session, project, None if cause == "none" else cause, by or user())
        except ProjectError as error:
            raise fail(error) from error


def register(app: typer.Typer) -> None:
    """Add the project commands to `app`."""
    app.add_typer(projects_app, name="projects")
