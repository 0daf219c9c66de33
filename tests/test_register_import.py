"""Importing the enterprise register (both backends, real files): template round trip, planted bad cells,
re-imports that change nothing, a changed row audited."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select, text

from chainatlas.reference import Townships
from chainatlas.register.constructed import write_register
from chainatlas.register.credit import credit_code
from chainatlas.register.template import headers, template
from chainatlas.services.entity_records import entity_record
from chainatlas.services.queries import profile_of
from chainatlas.services.register import import_register
from chainatlas.store import audit, tables
from chainatlas.store.session import Store
from cli_runner import ok, run
from register_samples import code, firm, workbook

pytestmark = pytest.mark.usefixtures("english", "read_english")  # the assertions read the English output

SHEET = "规上企业"
# data row index → (column, bad value, the reason's start)
PLANTED = {
    3: ("统一社会信用代码", code("330482", 3)[:-1] + ("0" if code("330482", 3)[-1] != "0" else "1"), "credit code"),
    5: ("所在镇(街道)", "当湖新镇", "unknown township '当湖新镇'"),
    7: ("所在镇(街道)", "王店镇", "ambiguous township '王店镇'"),
    9: ("行业代码", "3458", "unknown industry code '3458'"),
    11: ("工业总产值(万元)", -5, "'-5' is negative"),
    13: ("工业总产值(万元)", "NaN", "'NaN' is not a finite number"),
    15: ("从业人员(人)", 12.5, "'12.5' is not a whole number"),
    17: ("优质企业类别", "隐形冠军", "unknown class '隐形冠军'"),
    19: ("所在镇(街道)", "王店镇", "township '王店镇' is not in county 330482"),
    21: ("企业名称", None, "missing name"),
    23: ("统一社会信用代码", code("330482", 2), "the same credit code as row 4"),
}


def _rows() -> list[dict[str, object]]:
    rows = []
    for i in range(40):
        row = firm(i)
        if i in PLANTED:
            column, value, _ = PLANTED[i]
            row[column] = value
            if i == 7:  # no county: 王店镇 names five townships
                row["所在县(市、区)"] = None
        rows.append(row)
    return rows


def _count(store: Store, model: type[tables.Base]) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_credit_codes_and_townships() -> None:
    # codes published by the firms themselves (Tencent, Alibaba), and the standard's example
    for published in ("9144030071526726XG", "91330100716105852F", "91350100M000100Y43"):
        assert credit_code(published.lower()[:8] + " " + published.lower()[8:]) == published
    with pytest.raises(ValueError, match="check character F, should be G"):
        credit_code("9144030071526726XF")
    with pytest.raises(ValueError, match="holds 'IO'"):
        credit_code("9144030071526726IO")
    wang = Townships.bundled().by_name["王店镇"]
    assert len(wang) == 5 and Townships.bundled().resolve("王店镇", "330411").code == "330411105"
    assert len(Townships.bundled().by_code) == 41_352
    assert sum(len(Townships.bundled().in_county(c)) for c in ("330402", "330411", "330421", "330424",
                                                                 "330481", "330482", "330483")) == 72


def test_the_template_round_trip(store: Store, db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(template())
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None and [c.value for c in sheet[1]] == headers()
    sheet.append([firm(1).get(h) for h in headers()])
    motor_row = firm(2, "330411", "王店镇", 企业名称="嘉兴王店测试电机有限公司", 行业代码="3812")
    sheet.append([motor_row.get(h) for h in headers()])
    book.save(path)
    with store.transaction() as session:
        report = import_register(session, path, "tester")
    assert (report.rows, report.created, report.errors) == (2, 2, [])
    with store.session() as session:
        firms = {e.name: e for e in session.scalars(select(tables.Enterprise))}
        bearing, motor = firms["测试0001轴承有限公司"], firms["嘉兴王店测试电机有限公司"]
        where = (bearing.credit_code, bearing.region_code, bearing.township_code)
        assert where == (code("330482", 1), "330482", "330482001")
        assert bearing.products == ["精密薄壁轴承", "四点接触球轴承"]
        assert (bearing.output_value, bearing.employees, bearing.industry_code) == (1001 * 1e4, 51, "3451")
        assert (motor.region_code, motor.township_code) == ("330411", "330411105")
        assert bearing.register_source == "register template.xlsx sheet 企业名录 row 2"
        # the profile shows the register's township
        assert profile_of(session, entity_record(motor)).township == "王店镇"
    assert "township: 王店镇" in ok(db_url, "show", "嘉兴王店测试电机有限公司").output


def test_planted_bad_cells_are_reported_the_rest_stored_and_again_nothing_changes(
    store: Store, db_url: str, tmp_path: Path
) -> None:
    source = workbook(tmp_path / "register.xlsx", _rows())
    result = run(db_url, "enterprises", "import", source, "--sheet", SHEET, "--by", "tester")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(PLANTED)
    for line, (i, (column, _, reason)) in zip(lines, sorted(PLANTED.items()), strict=True):
        assert line.startswith(f"{source}: sheet {SHEET!r} row {i + 2}, column {column!r}: {reason}"), line
    assert f"40 rows, {40 - len(PLANTED)} good: {40 - len(PLANTED)} created" in result.stdout
    assert _count(store, tables.Enterprise) == 40 - len(PLANTED)
    entries, aliases = _count(store, tables.AuditEntry), _count(store, tables.Alias)

    again = run(db_url, "enterprises", "import", source, "--sheet", SHEET, "--by", "tester")
    assert again.exit_code == 1 and f"0 created, 0 updated, {40 - len(PLANTED)} unchanged" in again.stdout
    assert (_count(store, tables.Enterprise), _count(store, tables.AuditEntry), _count(store, tables.Alias)) == (
        40 - len(PLANTED), entries, aliases
    )


def test_a_changed_row_updates_its_firm_with_an_audit_entry(store: Store, tmp_path: Path) -> None:
    rows = [firm(i) for i in range(10)]
    with store.transaction() as session:
        import_register(session, workbook(tmp_path / "a.xlsx", rows), "tester", SHEET)
    rows[4] |= {"工业总产值(万元)": 9999, "企业名称": "测试0004精密轴承有限公司", "主要产品": "交叉滚子轴承"}
    rows[6] |= {"工业总产值(万元)": None}  # an empty cell leaves the stored value alone
    with store.transaction() as session:
        report = import_register(session, workbook(tmp_path / "b.xlsx", rows), "clerk", SHEET)
    assert (report.created, report.updated, report.unchanged, report.errors) == (0, 1, 9, [])
    with store.session() as session:
        by_code = select(tables.Enterprise).where(tables.Enterprise.credit_code == code("330482", 4))
        changed = session.scalars(by_code).one()
        stored = (changed.name, changed.output_value, changed.products)
        assert stored == ("测试0004精密轴承有限公司", 9999e4, ["交叉滚子轴承"])
        kept = session.scalars(select(tables.Enterprise).filter_by(credit_code=code("330482", 6))).one()
        assert kept.output_value == 1006e4
        log = audit.history(session, "enterprise", changed.id)
        assert [e.action for e in log] == ["create", "update"] and log[1].actor == "clerk"
        assert log[1].changes == {
            "name": ["测试0004轴承有限公司", "测试0004精密轴承有限公司"],
            "products": [["精密薄壁轴承", "四点接触球轴承"], ["交叉滚子轴承"]],
            "output_value": [1004e4, 9999e4],
        }
        names = set(session.scalars(select(tables.Alias.alias).where(tables.Alias.entity_id == changed.id)))
        assert names == {"测试0004轴承有限公司", "测试0004精密轴承有限公司"}


def test_a_file_without_the_key_columns_stores_nothing(store: Store, db_url: str, tmp_path: Path) -> None:
    source = tmp_path / "register.csv"
    source.write_text("企业名称,所在镇(街道)\n测试轴承有限公司,当湖街道\n", encoding="utf-8")
    result = run(db_url, "enterprises", "import", source)
    assert result.exit_code == 1 and "no 统一社会信用代码 (credit_code) column" in result.stderr
    assert _count(store, tables.Enterprise) == 0


def test_a_csv_with_english_keys_and_output_in_yi(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "register.csv"
    source.write_text(
        "credit_code,Name,township,industry_code,products,工业总产值（亿元）,employees,SME_class,remark\n"
        f"{code('330424', 9).lower()},海盐测试紧固件有限公司,330424105,3482,"
        "高强度螺栓；自攻螺钉,1.25,210,little_giant,x\n"
        f"{code('330481', 8)},海宁测试经编有限公司,,1762,经编面料,0.5,80,,y\n",
        encoding="utf-8",
    )
    with store.transaction() as session:
        report = import_register(session, source, "tester")
    assert [str(e) for e in report.errors] == ["row 3, column 'township': missing township and county"]
    with store.session() as session:
        [stored] = session.scalars(select(tables.Enterprise)).all()
        facts = (stored.credit_code, stored.region_code, stored.township_code, stored.products, stored.output_value)
        assert facts == (code("330424", 9), "330424", "330424105", ["高强度螺栓", "自攻螺钉"], 1.25e8)
        row = (stored.employees, stored.sme_class, stored.register_source)
        assert row == (210, "little_giant", "register register.csv row 2")


# Bad cells that any row can carry: (column, bad value, the reason's start); a 王店镇 without county names five.
KINDS = [(column, value, reason) for column, value, reason in PLANTED.values() if column != "统一社会信用代码"] + [
    ("统一社会信用代码", "91330482MA0000000X", "credit code"),
]


def test_a_thousand_rows_with_200_planted_bad_cells(store: Store, db_url: str, tmp_path: Path) -> None:
    rows, planted = [], {}
    for i in range(1000):
        row = firm(i)
        if i % 5 == 2:  # 200 rows, each bad kind 20 times
            column, value, reason = KINDS[(i // 5) % len(KINDS)]
            row[column] = value
            if value == "王店镇" and reason.startswith("ambiguous"):
                row["所在县(市、区)"] = None
            planted[i + 2] = (column, reason)  # the sheet's row: after the header
        rows.append(row)
    assert len(planted) == 200 and len(KINDS) == 10
    source = workbook(tmp_path / "register.xlsx", rows)
    result = run(db_url, "enterprises", "import", source, "--sheet", SHEET, "--by", "tester")
    assert result.exit_code == 1
    reported = {}
    for line in result.stderr.strip().splitlines():
        head, _, reason = line.partition(f"{source}: sheet {SHEET!r} row ")[2].partition(": ")
        number, _, column = head.partition(", column ")
        reported[int(number)] = (column.strip("'"), reason)
    assert len(result.stderr.strip().splitlines()) == len(reported) == 200
    assert reported.keys() == planted.keys()
    assert all(reported[n][0] == c and reported[n][1].startswith(r) for n, (c, r) in planted.items())
    assert "1000 rows, 800 good: 800 created" in result.stdout and _count(store, tables.Enterprise) == 800
    counts = [_count(store, t) for t in (tables.Enterprise, tables.Alias, tables.AuditEntry, tables.Resolution)]
    again = run(db_url, "enterprises", "import", source, "--sheet", SHEET, "--by", "tester")
    assert again.exit_code == 1 and "0 created, 0 updated, 800 unchanged" in again.stdout
    assert len(again.stderr.strip().splitlines()) == 200
    assert [_count(store, t) for t in (tables.Enterprise, tables.Alias, tables.AuditEntry, tables.Resolution)] == counts


def test_an_import_tells_the_planner_the_size_of_what_it_created(store: Store, tmp_path: Path) -> None:
    # planned from the statistics of the empty tables, PostgreSQL's lookups of the next import scanned them
    source = tmp_path / "register.csv"
    write_register(source, 300)
    with store.transaction() as session:
        assert import_register(session, source, "tester").created == 300
    planned = {
        "postgresql": "SELECT reltuples FROM pg_class WHERE relname = 'enterprises'",
        "sqlite": "SELECT CAST(stat AS INTEGER) FROM sqlite_stat1 WHERE tbl = 'enterprises' LIMIT 1",
    }[store.engine.dialect.name]
    with store.session() as session:
        assert session.execute(text(planned)).scalar_one() == 300
