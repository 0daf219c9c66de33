"""The demo atlas's build (`chainatlas.demo.build`, run by `scripts/demo`): deterministic and idempotent.

What the pages show of it is asserted in a browser by test_demo_browser.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from chainatlas.analytics.constructed import write_panel
from chainatlas.demo import build
from chainatlas.demo_projects import code, constructed_requests, plans, write_projects
from chainatlas.projects.model import STAGES, Kind
from chainatlas.register.constructed import CLUSTERS, HEADER, constructed_register
from chainatlas.services.project_views import followed
from chainatlas.store import tables
from chainatlas.store.session import Store
from test_web_pages import parse
from web_client import logged_in

DAY = dt.date(2026, 7, 15)


def _counts(url: str) -> dict[str, int]:
    """Rows per table of the store."""
    store = Store(url)
    try:
        with store.session() as s:
            every = [t for t in tables.Base.metadata.sorted_tables if t.name != tables.IngestRun.__tablename__]
            return {t.name: s.scalar(select(func.count()).select_from(t)) or 0 for t in every}  # runs are a log
    finally:
        store.dispose()


def test_constructed_files_depend_only_on_the_day(tmp_path: Path) -> None:
    for name, day in (("a", DAY), ("b", DAY), ("c", DAY + dt.timedelta(days=1))):
        write_projects(tmp_path / f"{name}.csv", day)
        write_panel(tmp_path / f"{name}-panel.csv")
    projects = [(tmp_path / f"{n}.csv").read_bytes() for n in "abc"]
    assert projects[0] == projects[1] != projects[2]
    assert (tmp_path / "a-panel.csv").read_bytes() == (tmp_path / "c-panel.csv").read_bytes()
    assert all(line.endswith("构造数据，非真实项目") for line in projects[0].decode().splitlines()[1:])


def test_building_twice_changes_nothing_and_every_stage_is_held(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'atlas.db'}"
    build(url, tmp_path / "files", DAY)
    first = _counts(url)
    build(url, tmp_path / "files", DAY)
    assert _counts(url) == first
    assert first["projects"] >= len(plans()) and first["service_requests"] == len(constructed_requests(DAY))

    store = Store(url)
    try:
        with store.session() as s:
            standing = {f.project.code: f.timeliness for f in followed(s, DAY)}
    finally:
        store.dispose()
    for number, plan in enumerate(plans()):
        timeliness = standing[code(number)]
        assert timeliness.last_stage == (STAGES[plan.kind][plan.last] if plan.last >= 0 else None)
        assert (timeliness.overdue_days is not None, timeliness.stalled, timeliness.next_stage is None) == {
            "on_time": (False, False, False), "overdue": (True, False, False), "done": (False, False, True),
        }.get(plan.profile, (timeliness.overdue_days is not None, True, False)), (number, plan, timeliness)
    for kind in Kind:
        assert {p.last for p in plans() if p.kind is kind} == set(range(-1, len(STAGES[kind]))), kind
    _register_clusters_have_their_members(url)


def _register_clusters_have_their_members(url: str) -> None:
    """Each cluster of the corpus that the register's 所属产业集群 names holds the register's firms, one membership
    a row naming it, with the row as its source; its page lists them."""
    named = Counter(row[HEADER.index("所属产业集群")] for row in constructed_register())
    store = Store(url)
    m = tables.Membership
    try:
        with store.session() as s:
            found = {}
            for name in CLUSTERS.values():
                (cluster,) = s.scalars(select(tables.Cluster).where(tables.Cluster.name == name))  # the news's own
                sources = s.scalars(select(m.source).where(m.cluster_id == cluster.id, m.source.is_not(None))).all()
                assert len(sources) == named[name] > 0, name
                row = re.compile(r"register demo-register\.csv row \d+")
                assert all(row.fullmatch(source or "") for source in sources), name
                found[name] = cluster.id
        members = []
        with logged_in(store) as client:
            at: str | None = f"/clusters/{found[CLUSTERS['330424', 'cutting-tools']]}"
            while at is not None:  # the page shows its members a page at a time; follow the pager
                page = client.get(at).text
                members += parse(page).tables["table-members"][1:]
                pager = page.split('id="pager-members"', 1)[1].split("</p>", 1)[0] if "pager-members" in page else ""
                following = re.search(r'<a href="([^"]+)" rel="next">', pager)
                at = following.group(1).replace("&amp;", "&") if following else None
        from_register = [row for row in members if row[3].startswith("register demo-register.csv row ")]
        assert len(from_register) == named[CLUSTERS["330424", "cutting-tools"]]
        assert {row[2] for row in from_register} == {"待确认"}  # uncertain until a person confirms
    finally:
        store.dispose()
