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
from chainatlas.i18n import N_, _, listing
from chainatlas.projects.labels import STALLED_NAME, STATUS_NAMES, basis_text, stage_name
from chainatlas.projects.model import CAUSES, KIND_NAMES, Benchmark, Kind, ProjectRecord
from chainatlas.projects.rollup import GroupBy
from chainatlas.projects.template import RowError, template
from chainatlas.projects.timeliness import Status, Timeliness
from chainatlas.services import desk
from chainatlas.services.audit_log import project_history
from chainatlas.services.desk import STATUS_NAMES as REQUEST_NAMES
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

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from chainatlas.services.import_report import ImportProgress

projects_app = typer.Typer(no_args_is_help=True, help="Projects over their life: registry, timeliness, roll-ups.")
benchmark_app = typer.Typer(no_args_is_help=True, help="Months allowed between stages, per zone, chain or all.")
projects_app.add_typer(benchmark_app, name="benchmark")

SCOPES = {"zone": N_("园区"), "chain": N_("产业链"), "default": N_("默认")}
StallOption = Annotated[int, typer.Option("--stall-days", min=1, help="No stage change for longer: stalled.")]
KindOption = Annotated[Kind | None, typer.Option("--kind", help="investment, public or upgrade.")]
ZoneOption = Annotated[str | None, typer.Option("--zone", help="A zone by name, e.g. 嘉善经济技术开发区.")]
CountyOption = Annotated[str | None, typer.Option("--county", help="A county by name or code.")]
CityOption = Annotated[str | None, typer.Option("--city", help="A city by name or code.")]


def _money(value: float | None) -> str:
    """An amount in yuan as read, or 未知 when it is not stated (never 0元)."""
    return format_amount(value, "CNY") if value is not None else _("未知")


def _stage(stage: str | None) -> str:
    return stage_name(None if stage == "not started" else stage)


def _span(span: str) -> str:
    """`started→completed` with the stages' names."""
    return "→".join(_stage(stage) for stage in span.split("→"))


def _status(t: Timeliness) -> str:
    text = _("逾期{days}天").format(days=t.overdue_days) if t.status is Status.OVERDUE else _(STATUS_NAMES[t.status])
    return text + (f" · {_(STALLED_NAME)}" if t.stalled else "")


def _followed_json(f: Followed) -> dict[str, Any]:
    return {"project": asdict(f.project), "timeliness": asdict(f.timeliness)}


def _show(rows: list[Followed], as_json: bool) -> None:
    """Print the projects as JSON, or as a table of each one's stages and standing."""
    if as_json:
        print_json([_followed_json(f) for f in rows])
        return
    table = fold_table(_("编号"), _("项目"), _("类型"), _("园区 / 县（市、区）"), _("总投资"), _("已达阶段"),
                       _("下一阶段（应完成）"), _("状态"))  # fmt: skip
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
        table.add_row(f"#{p.id}", p.name, _(KIND_NAMES[p.kind]), place, _money(p.investment), reached, due, _status(t))
    out.print(table)


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
    _show(rows, as_json)


def _timeline(p: ProjectRecord) -> Table:
    table = fold_table(_("阶段"), _("计划"), _("来源"), _("实际"), _("来源"))
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
        log = project_history(session, record.id)
    if as_json:
        print_json(
            _followed_json(found) | {"requests": [asdict(r) for r in requests], "audit": [asdict(e) for e in log]}
        )
        return
    p, t = found.project, found.timeliness
    code = _("，项目编号 {code}").format(code=p.code) if p.code else ""
    say(f"#{p.id} {p.name} — {_(KIND_NAMES[p.kind])}{code}")
    facts = {
        _("业主"): p.owner,
        _("园区"): p.zone,
        _("县（市、区）"): p.county,
        _("总投资"): _money(p.investment),
        _("预计年产值"): _money(p.expected_output),
        _("面积"): format_amount(p.area, "m2") if p.area else None,
        _("产业链节点"): f"{p.chain_id}/{p.node_id}" if p.chain_id and p.node_id else p.chain_id,
        _("滞后原因"): _(CAUSES[p.cause]) if p.cause else None,
    }
    for label, value in facts.items():
        if value:
            say(_("  {label}：{value}").format(label=label, value=value))
    out.print(_timeline(p))
    basis = _(" — {due}应完成（{basis}）").format(due=t.due, basis=basis_text(t.due_basis or "")) if t.due else ""
    after = _stage(t.next_stage) if t.next_stage else "—"
    say(_("  {status}；下一阶段：{stage}{basis}").format(status=_status(t), stage=after, basis=basis))
    for r in requests:
        line = _("  诉求 #{id} [{status}] {need} — {department}，{owner}，期限 {due}")
        say(line.format(id=r.id, status=_(REQUEST_NAMES[r.status]), need=r.need, department=r.department,
                        owner=r.owner, due=r.due))  # fmt: skip
    for e in log:
        say(f"  {e.at:%Y-%m-%d %H:%M} {e.actor} {e.action}: {listing(e.changes)}")


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
    label = N_("导入项目")
    run_import(ctx, label, source, as_json, lambda s, p: import_projects(s, source, by or user(), day, sheet, p))


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
    """Run an import (`read`) in one write session behind a progress bar named `label` (marked `N_`), then print
    what it did; a file that cannot be read as a table fails in one line."""
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
            _("{source}：{rows}行，{good}行有效：新增{created}，更新{updated}，未变{unchanged}").format(
                source=source, rows=report.rows, good=stored, created=report.created, updated=report.updated,
                unchanged=report.unchanged)
        )  # fmt: skip
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
    err.print(_("{path}：模板已写出").format(path=target))


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
    _show(rows, as_json)



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
        raise fail(ValueError(_("--by 须为 zone、county 或 city，不是“{value}”").format(value=by)))
    group: GroupBy = by  # type: ignore[assignment]
    day = judged_day(today)
    with store_session(ctx) as session:
        found = rollups(session, day, group, city, stall_days)
    if as_json:
        print_json([asdict(r) for r in found])
        return
    for r in found:
        ratio = f"{r.on_time_ratio:.0%}" if r.on_time_ratio is not None else "—"
        unknown = _("（另有{count}个未载明）").format(count=r.investment_unknown) if r.investment_unknown else ""
        line = _("{group}：{projects}个项目，总投资{investment}{unknown}，按期率{ratio}")
        say(line.format(group=r.group, projects=r.projects, investment=_money(r.investment), unknown=unknown,
                        ratio=ratio))  # fmt: skip
        signed, money = r.signed_this_year
        say(_("  {year}年签约：{count}个项目，{money}").format(year=day.year, count=signed, money=_money(money)))
        stages = listing(f"{_stage(s)} {n} ({_money(v)})" for s, (n, v) in r.by_stage.items())
        say(_("  各阶段：{stages}").format(stages=stages))
        if r.average_days:
            spans = listing(_("{span} {days}天").format(span=_span(span), days=f"{days:.0f}")
                            for span, days in r.average_days.items())  # fmt: skip
            say(_("  平均用时：{spans}").format(spans=spans))
        for name, stage, days in r.overdue:
            say(_("  逾期：{name} — {stage}，{days}天").format(name=name, stage=_stage(stage), days=days))


@benchmark_app.command("list")
def benchmark_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The benchmarks in force: the users' own first, then the documented defaults."""
    with store_session(ctx) as session:
        found = benchmarks(session)

    def cells(b: Benchmark) -> list[str]:
        months = f"{b.min_months:g}–{b.max_months:g}"
        kind = _(KIND_NAMES[Kind(b.kind)]) if b.kind else _("全部")
        return [_(SCOPES[b.scope]), b.key, kind, _stage(b.from_stage), _stage(b.to_stage), months]

    headers = [_("范围"), _("对象"), _("类型"), _("起始阶段"), _("目标阶段"), _("月数")]
    print_records(found, as_json, headers, cells)


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
        raise fail(ValueError(_("请给出 --zone 或 --chain（二者择一）")))
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
