"""Importing the project template (both backends): 1,000 rows with 20 broken, re-imports, one changed cell."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chainatlas.projects.model import Kind
from chainatlas.projects.template import ProjectRow, RowError, columns, headers, parse_row, template
from chainatlas.services.project_import import import_projects
from chainatlas.services.project_registry import find_project, project_record
from chainatlas.store import audit, tables
from chainatlas.store.session import Store

pytestmark = pytest.mark.usefixtures("read_english")  # the assertions read the errors in English

TODAY = dt.date(2026, 7, 5)
SHEET = "在建项目"
BROKEN = {  # data row index → (column, bad value)
    **{i: ("签约实际", "2026-13-01") for i in range(100, 105)},
    **{i: ("当前阶段", "试运行") for i in range(200, 205)},
    **{i: ("总投资(亿元)", -1.5) for i in range(300, 305)},
    **{i: ("项目名称", None) for i in range(400, 405)},
}


def _row(i: int) -> dict[str, object]:
    kind = ("投资项目", "民生实事", "技改项目")[i % 3]
    row: dict[str, object] = {
        "项目编号": f"JS-{i:04d}",
        "项目名称": f"测试{i:04d}号项目",
        "项目类型": kind,
        "业主单位": f"嘉善测试{i % 40:02d}科技有限公司",
        "所在园区": "嘉善经济技术开发区",
        "所在县(市、区)": "嘉善县" if i % 2 else "330421",
        "总投资(亿元)": 1 + i / 100,
        "用地面积(亩)": 30,
        "开工计划": "2026-Q3",
        "开工实际": dt.datetime(2026, 6, 1) if i % 5 == 0 else None,
    }
    if kind == "投资项目":
        row |= {"签约实际": "2026-03", "当前阶段": "签约", "预计年产值(亿元)": "2.5"}
    return row


def _workbook(path: Path, change: dict[str, object] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "说明"
    data = book.create_sheet(SHEET)
    data.append(headers())
    for i in range(1000):
        row = _row(i)
        if i in BROKEN:
            column, value = BROKEN[i]
            row[column] = value
        if i == 0 and change:
            row |= change
        data.append([row.get(h) for h in headers()])
    book.save(path)
    return path


def test_a_thousand_rows_twenty_broken_then_again_then_one_cell(store: Store, tmp_path: Path) -> None:
    source = _workbook(tmp_path / "projects.xlsx")
    with store.transaction() as session:
        started = time.perf_counter()
        report = import_projects(session, source, "tester", sheet=SHEET, today=TODAY)
        print(f"1,000 rows imported in {time.perf_counter() - started:.2f} s on {session.bind.dialect.name}")
    assert (report.rows, report.created, report.updated, report.unchanged) == (1000, 980, 0, 0)
    assert {(e.row, e.column) for e in report.errors} == {(i + 2, c) for i, (c, _) in BROKEN.items()}
    assert {e.sheet for e in report.errors} == {SHEET}
    reasons = {e.row: str(e.reason) for e in report.errors}
    assert reasons[102].startswith("bad date") and reasons[202] == "unknown stage '试运行'"
    assert reasons[302] == "'-1.5' is negative" and reasons[402] == "missing name"
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(tables.Project)) == 980
        entries = len(audit.history(session, "project"))
        assert entries == 980
        project = find_project(session, "JS-0003")
        record = project_record(session, project.id)
        assert (record.kind, record.county, record.zone, record.investment, record.area) == (
            Kind.INVESTMENT,
            "嘉善县",
            "嘉善经济技术开发区",
            103000000.0,
            20000.0,
        )
        assert [(s.stage, s.planned and s.planned.text, s.actual and s.actual.text) for s in record.stages] == [
            ("signed", None, "2026-03"),
            ("started", "2026-Q3", None),
        ]
        assert record.stages[0].actual is not None
        assert record.stages[0].actual.source == f"import projects.xlsx sheet {SHEET} row 5"

    with store.transaction() as session:
        again = import_projects(session, source, "tester", sheet=SHEET, today=TODAY)
    assert (again.created, again.updated, again.unchanged, len(again.errors)) == (0, 0, 980, 20)
    with store.session() as session:
        assert len(audit.history(session, "project")) == entries

    changed = _workbook(tmp_path / "projects.xlsx", {"总投资(亿元)": 1.25})
    with store.transaction() as session:
        third = import_projects(session, changed, "tester", sheet=SHEET, today=TODAY)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 979)
    with store.session() as session:
        project = find_project(session, "测试0000号项目")
        [entry] = audit.history(session, "project", project.id)[1:]
        assert (entry.action, entry.actor, entry.changes) == ("update", "tester", {"investment": [1e8, 1.25e8]})


def _parse(cells: dict[str, object], header: list[str] | None = None) -> ProjectRow | list[RowError]:
    return parse_row(dict(cells), columns(header or headers()), "S", 7, TODAY)


def test_rows_read_in_chinese_or_english_with_units_and_excel_dates() -> None:
    english = ["code", "name", "kind", "area", "expected_output", "started_planned", "signed_actual", "cause"]
    row = _parse(
        {
            "code": 17,
            "name": " 芸卓二期 ",
            "kind": "技术改造",
            "area": "3",
            "expected_output": 8,
            "started_planned": "2026-q4",
            "cause": "资金",
        },
        english,
    )
    assert isinstance(row, ProjectRow)
    assert (row.code, row.name, row.kind, row.area, row.expected_output, row.cause) == (
        "17",
        "芸卓二期",
        Kind.UPGRADE,
        2000.0,
        8e8,
        "financing",
    )
    assert row.planned == {"started": "2026-Q4"}
    dated = _parse({"项目名称": "x", "签约实际": dt.datetime(2026, 6, 5), "所在县(市、区)": "330421"})
    assert isinstance(dated, ProjectRow) and dated.actual == {"signed": "2026-06-05"} and dated.county == "330421"


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"项目类型": "基建"}, "项目类型", "unknown kind '基建'"),
        ({"滞后原因": "天气"}, "滞后原因", "unknown cause '天气'"),
        ({"总投资(亿元)": "一亿"}, "总投资(亿元)", "'一亿' is not a number"),
        ({"投产实际": "2026-08"}, "投产实际", "actual date in the future (2026-08 after 2026-07-05)"),
        ({"项目类型": "民生实事", "签约计划": "2026"}, "签约计划", "Public-service projects: no stage 'Signed'"),
        ({"项目类型": "民生实事", "当前阶段": "签约"}, "当前阶段", "Public-service projects: no stage 'Signed'"),
        ({"所在县(市、区)": "999999"}, "所在县(市、区)", "unknown or ambiguous county '999999'"),
    ],
)
def test_each_bad_cell_is_named(cells: dict[str, object], column: str, reason: str) -> None:
    parsed = _parse({"项目名称": "x", **cells})
    assert isinstance(parsed, list)
    assert [(e.sheet, e.row, e.column, str(e.reason)) for e in parsed] == [("S", 7, column, reason)]


def test_the_written_template_has_the_header_and_a_csv_imports_too(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(template())
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == headers()
    with store.transaction() as session:
        path.with_suffix(".csv").write_text(",".join(headers()) + "\n,立项项目,民生实事\n", encoding="utf-8")
        report = import_projects(session, path.with_suffix(".csv"), "tester", today=TODAY)
        assert (report.rows, report.created) == (1, 1)
        assert find_project(session, "立项项目").kind == "public"


def _owners_file(path: Path, owners: list[str]) -> Path:
    lines = ["项目名称,业主单位"] + [f"{path.stem}项目{n},{owner}" for n, owner in enumerate(owners)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _owners(session: Session) -> dict[str, list[str]]:
    """Each owner firm's name to its aliases, over every project."""
    query = select(tables.Enterprise.name, tables.Alias.alias).join(
        tables.Alias, tables.Alias.entity_id == tables.Enterprise.id
    )
    found: dict[str, list[str]] = {}
    for name, alias in session.execute(query.order_by(tables.Alias.id)):
        found.setdefault(name, []).append(alias)
    return found


def test_owners_are_found_in_the_store_or_made_once_per_firm(store: Store, tmp_path: Path) -> None:
    with store.transaction() as session:
        import_projects(session, _owners_file(tmp_path / "a.csv", ["浙江百润轴承有限公司"]), "tester", TODAY)
    owners = ["浙江百润轴承有限公司", "平湖新锐科技有限公司", "嘉善新锐科技有限公司", "平湖新锐科技有限公司",
              "平湖 新锐科技有限公司"]  # fmt: skip
    with store.transaction() as session:
        report = import_projects(session, _owners_file(tmp_path / "b.csv", owners), "tester", TODAY)
    assert (report.created, report.errors) == (5, [])
    with store.session() as session:
        assert _owners(session) == {
            "浙江百润轴承有限公司": ["浙江百润轴承有限公司"],  # stored already: taken, not made again
            "平湖新锐科技有限公司": ["平湖新锐科技有限公司", "平湖 新锐科技有限公司"],  # one firm, written two ways
            "嘉善新锐科技有限公司": ["嘉善新锐科技有限公司"],  # another county's firm of the same words
        }
        owned = session.scalars(select(tables.Project.owner_id).where(tables.Project.name.like("b项目%")))
        assert len(set(owned)) == 3
