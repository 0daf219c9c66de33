"""Project records from an ingested page (both backends), enriched by an import that wins over claims."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from sqlalchemy import func, select
from typer.testing import CliRunner

from chainatlas.cli import app
from chainatlas.projects.model import Dated, ProjectRecord, StageDates
from chainatlas.projects.template import headers
from chainatlas.services.project_import import import_projects
from chainatlas.services.project_registry import find_project, project_records
from chainatlas.store import audit, tables
from chainatlas.store.session import Store

PAGE = "jiaxing-2026-07-p1.txt"
ZHIFENG = "致丰能源集团电力设备生产项目"


def _by_name(records: list[ProjectRecord]) -> dict[str, ProjectRecord]:
    return {r.name: r for r in records}


def _stage(record: ProjectRecord, stage: str) -> StageDates:
    return next(s for s in record.stages if s.stage == stage)


def test_claims_then_an_import_for_the_same_project(store: Store, data: Path, tmp_path: Path) -> None:
    args = ["--db", store.url, "ingest", "--workers", "1", "--date", "2026-07-05", str(data / "news" / PAGE)]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with store.session() as session:
        found = _by_name(project_records(session))
    zhifeng, wanshun, yunzhuo = found[ZHIFENG], found["一万舜传感器项目"], found["第一期项目"]
    landed = _stage(zhifeng, "landed").actual
    assert landed == Dated("2026-06-05", f"claim #{zhifeng.claims[0]} {PAGE}")
    assert (zhifeng.owner, zhifeng.investment) == ("致丰能源集团", 1.1e8)
    assert _stage(wanshun, "signed").actual == Dated("2026-06-11", f"claim #{wanshun.claims[0]} {PAGE}")
    assert (yunzhuo.owner, yunzhuo.county) == ("浙江芸卓新材料科技有限公司", "嘉善县")
    assert [s.stage for s in yunzhuo.stages] == ["permitted", "production", "mass_production"]
    permitted, mass = _stage(yunzhuo, "permitted"), _stage(yunzhuo, "mass_production")
    assert permitted.actual is not None and permitted.actual.text == "2026-06"
    assert mass.planned is not None and mass.planned.text == "2026-Q4" and mass.actual is None

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers())
    cells = {"项目名称": ZHIFENG, "所在县(市、区)": "嘉善县", "开工计划": "2026-09", "落地实际": "2026-06-06"}
    sheet.append([cells.get(h) for h in headers()])
    book.save(tmp_path / "registry.xlsx")
    with store.transaction() as session:
        report = import_projects(session, tmp_path / "registry.xlsx", "clerk", today=dt.date(2026, 7, 10))
    assert (report.created, report.updated, report.errors) == (0, 1, [])
    with store.session() as session:
        assert session.scalar(select(func.count()).where(tables.Entity.name == ZHIFENG)) == 1
        record = _by_name(project_records(session, county="330421", city="嘉兴市"))[ZHIFENG]
        assert record.id == zhifeng.id and record.claims == zhifeng.claims and record.county == "嘉善县"
        here = "import registry.xlsx sheet Sheet row 2"
        assert [(s.stage, s.planned, s.actual) for s in record.stages] == [
            ("landed", None, Dated("2026-06-06", here)),
            ("started", Dated("2026-09", here), None),
        ]
        [entry] = audit.history(session, "project", zhifeng.id)
        assert entry.changes == {
            "region_code": [None, "330421"],
            "landed.actual": [None, "2026-06-06"],
            "started.planned": [None, "2026-09"],
        }
        assert find_project(session, f"#{zhifeng.id}").name == find_project(session, ZHIFENG).name == ZHIFENG
        assert ZHIFENG not in _by_name(project_records(session, county="秀洲区"))
