"""Statistical datasets in the store: import, replace, refuse bad files whole, read back a year's matrix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from chainatlas.analytics.panel import PanelError
from chainatlas.analytics.table import Columns, TableError
from chainatlas.services.panels import datasets, import_dataset, panel, years
from chainatlas.store import tables
from chainatlas.store.session import Store

COLUMNS = Columns(region="county", activity="industry", value="output", year="year")
ROWS = [
    ("330402", "C17", "2024", "12.5"),
    ("330402", "C38", "2024", "3"),
    ("330482", "C34", "2024", "40"),
    ("330482", "C34", "2024", "2"),  # a repeated key: summed
    ("330402", "C17", "2025", "13"),
    ("330482", "C34", "2025", "45"),
]


def write(path: Path, rows: list[tuple[str, ...]]) -> Path:
    path.write_text("county,industry,year,output\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def cells(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(tables.Statistic)) or 0


def test_import_reads_back_each_year_as_a_matrix(store: Store, tmp_path: Path) -> None:
    source = write(tmp_path / "yearbook.csv", ROWS)
    with store.transaction() as session:
        assert import_dataset(session, source, COLUMNS, "jx-output", "output_value", "CNY") == (5, True)
    with store.session() as session:
        assert years(session, "jx-output") == ["2024", "2025"]
        latest = panel(session, "jx-output")
        earlier = panel(session, "jx-output", "2024")
        [summary] = datasets(session)
    assert latest.year == "2025" and latest.regions == ("330402", "330482") and latest.activities == ("C17", "C34")
    np.testing.assert_array_equal(latest.values, [[13, 0], [0, 45]])
    assert earlier.activities == ("C17", "C34", "C38")
    np.testing.assert_array_equal(earlier.values, [[12.5, 0, 3], [0, 42, 0]])
    np.testing.assert_array_equal(earlier.rows(["330482"]).values, [[0, 42, 0]])
    assert (summary.cells, summary.regions, summary.activities, summary.years) == (5, 2, 3, ("2024", "2025"))


def test_reimport_is_idempotent_and_a_changed_file_replaces_the_dataset(store: Store, tmp_path: Path) -> None:
    source = write(tmp_path / "yearbook.csv", ROWS)
    with store.transaction() as session:
        import_dataset(session, source, COLUMNS, "jx-output", "output_value")
    with store.transaction() as session:
        assert import_dataset(session, source, COLUMNS, "jx-output", "output_value") == (5, False)
    assert cells(store) == 5
    write(source, ROWS[:2])
    with store.transaction() as session:
        assert import_dataset(session, source, COLUMNS, "jx-output", "output_value") == (2, True)
    assert cells(store) == 2


def test_a_bad_row_stores_nothing_and_keeps_the_old_dataset(store: Store, tmp_path: Path) -> None:
    with store.transaction() as session:
        import_dataset(session, write(tmp_path / "good.csv", ROWS), COLUMNS, "jx-output", "output_value")
    bad = write(tmp_path / "bad.csv", [*ROWS, ("330483", "C17", "2025", "十二")])
    with (
        pytest.raises(TableError, match=r"bad\.csv: row 7 .*'output'.*'十二' is not a number"),
        store.transaction() as session,
    ):
        import_dataset(session, bad, COLUMNS, "jx-output", "output_value")
    assert cells(store) == 5


@pytest.mark.parametrize(
    ("name", "year", "message"),
    [("nothing", None, "没有名为“nothing”的数据集.已导入：jx-output"), ("jx-output", "2019", "jx-output：没有2019年")],
)
def test_unknown_dataset_or_year_is_named(store: Store, tmp_path: Path, name: str, year: str, message: str) -> None:
    with store.transaction() as session:
        import_dataset(session, write(tmp_path / "y.csv", ROWS), COLUMNS, "jx-output", "output_value")
    with store.session() as session, pytest.raises(PanelError, match=message):
        panel(session, name, year)
