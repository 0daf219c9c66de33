"""The demo atlas: the bundled corpus and the constructed register, projects, requests and statistics panel.

`build` runs what `scripts/demo` and the demo's browser test both need, through the `chainatlas` commands
(init, ingest, enterprises import, projects import, datasets import), then takes the constructed service
requests through their steps with the desk's functions (as `chainatlas desk …` does). Project dates and request
steps are counted from `today`; building again on the same day changes nothing (imports of unchanged files
change nothing, a request already on its project is left alone).
`python -m chainatlas.demo FOLDER YYYY-MM-DD` builds the atlas of `$CHAINATLAS_DB` (default ./atlas.db),
writing the constructed files into FOLDER.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer.main
from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.analytics import constructed as panel
from chainatlas.cli import app
from chainatlas.demo_projects import RequestPlan, constructed_requests, write_projects
from chainatlas.register.constructed import write_register
from chainatlas.services import desk
from chainatlas.services.project_registry import find_project
from chainatlas.store import tables
from chainatlas.store.session import Store, database_url

CORPUS = Path(__file__).parent / "data" / "demo"
ACTOR = "demo"
CHINA = dt.timezone(dt.timedelta(hours=8))


class DemoError(RuntimeError):
    """A step of the demo that failed (its command's exit code was not 0)."""


def _run(db: str, *args: str | Path) -> None:
    """`chainatlas --db DB ARGS…` in this process; DemoError unless it ends with exit code 0."""
    code = typer.main.get_command(app).main(["--db", db, *map(str, args)], standalone_mode=False)
    if code not in (None, 0):
        raise DemoError(f"chainatlas {' '.join(map(str, args))}: exit code {code}")


def build(db: str, folder: Path, today: dt.date) -> None:
    """Build (or bring up to date) the demo atlas in store `db`, the constructed files written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    register, projects, statistics = (folder / f"demo-{n}.csv" for n in ("register", "projects", "panel"))
    write_register(register)
    write_projects(projects, today)
    panel.write_panel(statistics)
    day = today.isoformat()
    _run(db, "init")
    _run(db, "ingest", "--workers", "1", CORPUS)
    _run(db, "enterprises", "import", register, "--by", ACTOR)
    _run(db, "projects", "import", projects, "--by", ACTOR, "--today", day)
    _run(
        db, "datasets", "import", statistics, "--name", panel.NAME, "--metric", panel.METRIC, "--unit", panel.UNIT,
        "--region", panel.HEADER[0], "--activity", panel.HEADER[1], "--year", panel.HEADER[2],
        "--value", panel.HEADER[3],
    )  # fmt: skip
    store = Store(db)
    try:
        with store.transaction() as session:
            for plan in constructed_requests(today):
                _request(session, plan)
    finally:
        store.dispose()


def _moment(day: dt.date) -> dt.datetime:
    """A step's time: 10:00 in China on `day`."""
    return dt.datetime.combine(day, dt.time(10), CHINA)


def _request(session: Session, plan: RequestPlan) -> None:
    """Open the request and take it through its steps, unless its project has it already."""
    project = find_project(session, plan.project)
    known = select(tables.ServiceRequest.id).where(
        tables.ServiceRequest.project_id == project.id, tables.ServiceRequest.need == plan.need
    )
    if session.scalar(known) is not None:
        return
    number = desk.open_request(
        session, project.id, plan.need, plan.department, plan.owner, plan.due, ACTOR, plan.cause,
        now=_moment(plan.opened),
    )  # fmt: skip
    for action, day, text in plan.steps:
        if action in ("respond", "resolve"):
            getattr(desk, action)(session, number, text, ACTOR, now=_moment(day))
        else:
            desk.confirm(session, number, ACTOR, satisfied=action == "confirm", note=text, now=_moment(day))


def main(args: list[str]) -> int:
    """`python -m chainatlas.demo FOLDER YYYY-MM-DD`: build the demo; a wrong call or a failed step is one line, 1."""
    try:
        folder, day = args
        today = dt.date.fromisoformat(day)
    except ValueError:
        print("usage: python -m chainatlas.demo FOLDER YYYY-MM-DD", file=sys.stderr)
        return 1
    try:
        build(database_url(), Path(folder), today)
    except DemoError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
