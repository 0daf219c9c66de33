"""`chainatlas datasets` and `chainatlas specialisation` on a store, both backends: figures worked by hand."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import Result

from chainatlas.analytics.county_scale import build_reference
from chainatlas.store.session import Store
from cli_runner import ok, run
from register_samples import firm, workbook

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English output

# Output (亿元) of four Jiaxing counties in three industries and a fourth only 海宁 has; made up for the test.
OUTPUT = {
    "2024": {"330402": {"C38": 100, "C17": 20, "C34": 30}, "330421": {"C38": 10, "C17": 200, "C34": 15},
             "330482": {"C34": 300, "C38": 40, "C17": 10}, "330481": {"C17": 150, "C19": 400}},
    "2025": {"330402": {"C38": 130, "C17": 22, "C34": 31}, "330421": {"C38": 12, "C17": 180, "C34": 16},
             "330482": {"C34": 390, "C38": 44, "C17": 9}, "330481": {"C17": 160, "C19": 420}},
}  # fmt: skip
FIRMS = {"330402": {"C38": 60, "C17": 5, "C34": 12}, "330421": {"C38": 6, "C17": 90, "C34": 4},
         "330482": {"C34": 140, "C38": 20, "C17": 3}, "330481": {"C17": 70, "C19": 150}}  # fmt: skip


def write(path: Path, rows: list[tuple[str, str, str, float]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["county", "industry", "year", "value"])
        writer.writerows(rows)
    return path


def load(db: str, path: Path, name: str, metric: str, unit: str) -> Result:
    return ok(db, "datasets", "import", path, "--name", name, "--metric", metric, "--unit", unit,
              "--region", "county", "--activity", "industry", "--value", "value", "--year", "year")  # fmt: skip


@pytest.fixture
def yearbook(store: Store, tmp_path: Path) -> str:
    rows = [(c, i, y, v) for y, by in OUTPUT.items() for c, cells in by.items() for i, v in cells.items()]
    load(store.url, write(tmp_path / "output.csv", rows), "jx-output", "output_value", "CNY")
    firms = [(c, i, "2025", v) for c, cells in FIRMS.items() for i, v in cells.items()]
    load(store.url, write(tmp_path / "firms.csv", firms), "jx-firms", "enterprise_count", "count")
    return store.url


def profile(db: str, region: str, *args: str) -> dict[str, Any]:
    result = ok(db, "specialisation", region, "--dataset", "jx-output", "--json", *args)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def standing(found: dict[str, Any], activity: str, index: int = 0) -> dict[str, Any]:
    return next(s for s in found["profiles"][index]["standings"] if s["activity"] == activity)


def test_datasets_list_and_a_second_import_changes_nothing(yearbook: str, tmp_path: Path) -> None:
    listed = json.loads(ok(yearbook, "datasets", "list", "--json").stdout)
    assert [(d["name"], d["regions"], d["activities"], d["years"]) for d in listed] == [
        ("jx-firms", 4, 4, ["2025"]),
        ("jx-output", 4, 4, ["2024", "2025"]),
    ]
    again = load(yearbook, tmp_path / "output.csv", "jx-output", "output_value", "CNY")
    assert "unchanged" in again.output


def test_a_county_against_the_whole_panel(yearbook: str) -> None:
    found = profile(yearbook, "平湖市")
    assert found["names"]["330482"] == "平湖市" and len(found["profiles"]) == 1
    pinghu = found["profiles"][0]
    assert (pinghu["region"], pinghu["year"], pinghu["before"]) == ("330482", "2025", "2024")
    # 2025: 平湖 C34 390 of its 443; C34 is 437 of the panel's 1,414 → LQ = (390/443) / (437/1414).
    c34 = standing(found, "C34")
    assert c34["lq"] == pytest.approx((390 / 443) / (437 / 1414))
    assert c34["share"] == pytest.approx(390 / 443)
    assert c34["strong"] and c34["quadrant"] == "strength"  # grew 30% against the panel's 26.9%
    assert pinghu["standings"][0]["activity"] == "C34"  # highest LQ first
    c17 = standing(found, "C17")
    assert not c17["strong"] and c17["quadrant"] == "weakness"  # LQ < 1 and 10 → 9 while C17 grew
    # Krugman against the panel's shares: Σ |s_p − b_p| over C17, C19, C34, C38.
    b = np.array([22 + 180 + 9 + 160, 420, 31 + 16 + 390, 130 + 12 + 44]) / 1414
    s = np.array([9, 0, 390, 44]) / 443
    assert pinghu["krugman"] == pytest.approx(np.abs(s - b).sum())
    assert pinghu["hhi"] == pytest.approx((s**2).sum())
    assert [p[0] for p in pinghu["peers"]] == ["330402", "330421", "330481"]  # 南湖 shares its C34 and C38
    assert c34["interval"] is None and c34["small_count"] is None  # money values, no counts given


def test_counts_give_intervals_and_flag_the_small_cells(yearbook: str) -> None:
    found = profile(yearbook, "平湖市", "--counts", "jx-firms")
    c34, c17 = standing(found, "C34"), standing(found, "C17")
    low, high = c34["interval"]
    assert low < c34["lq"] < high and low > 1 and not c34["small_count"]  # 140 firms: clearly specialised
    assert c17["small_count"]  # 3 firms
    assert standing(found, "C38")["small_count"]  # 20 firms, but the interval straddles 1


def test_a_city_profiles_each_county_and_the_benchmark_can_be_the_city(yearbook: str) -> None:
    found = profile(yearbook, "嘉兴市", "--benchmark", "city")
    assert [p["region"] for p in found["profiles"]] == ["330402", "330421", "330481", "330482"]  # by code
    assert found["profiles"][0]["benchmark"] == "these regions"
    text = ok(yearbook, "specialisation", "嘉兴市", "--dataset", "jx-output").stdout
    assert "平湖市 (330482) — jx-output, 2025 vs 2024" in text and "strong, strength" in text
    assert "LQ intervals and small-count flags need --counts" in text


def test_a_reference_adds_density_pci_and_eci(yearbook: str, tmp_path: Path) -> None:
    # A reference economy of 40 regions over the same four codes: region r makes code k when (r + k) % 3 != 0.
    rows = [(f"R{r:02d}", code, "2025", float(1 + r + 7 * k)) for r in range(40)
            for k, code in enumerate(("C17", "C19", "C34", "C38")) if (r + k) % 3]  # fmt: skip
    load(yearbook, write(tmp_path / "reference.csv", rows), "reference", "output_value", "CNY")
    found = profile(yearbook, "平湖市", "--reference", "reference")
    pinghu = found["profiles"][0]
    matrix = np.zeros((40, 4))
    for r, code, _, v in rows:
        matrix[int(r[1:]), ("C17", "C19", "C34", "C38").index(code)] = v
    expected = build_reference(matrix, ("C17", "C19", "C34", "C38"))
    assert pinghu["eci"] is not None
    assert standing(found, "C19")["pci"] == pytest.approx(expected.pci[1])
    # 平湖 has only C34 at LQ ≥ 1: the density of C19 is φ(C34, C19) / Σ_p' φ(p', C19) with φ's diagonal 0.
    phi = expected.proximity.copy()
    np.fill_diagonal(phi, 0)
    assert standing(found, "C19")["density"] == pytest.approx(phi[2, 1] / phi[:, 1].sum())


def test_a_peer_set_benchmark(yearbook: str) -> None:
    found = profile(yearbook, "平湖市", "--benchmark", "peers", "--peers", "330402")
    assert found["profiles"][0]["benchmark"] == "peers 330402"
    # 2025, against 南湖's mix alone: C34 is 31 of its 183 → LQ = (390/443) / (31/183).
    assert standing(found, "C34")["lq"] == pytest.approx((390 / 443) / (31 / 183))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("平湖市", "--dataset", "nothing"), "no dataset called 'nothing'"),
        (("平湖市", "--dataset", "jx-output", "--year", "2019"), "no year 2019"),
        (("火星市", "--dataset", "jx-output"), "no division called '火星市'"),
        (("杭州市", "--dataset", "jx-output"), "no rows for the counties of 杭州市"),
        (("平湖市", "--dataset", "jx-output", "--benchmark", "world"), "--benchmark must be panel, city or peers"),
        (
            ("平湖市", "--dataset", "jx-output", "--benchmark", "peers", "--peers", "110101"),
            "no rows for the peers 110101",
        ),
    ],
)
def test_bad_requests_are_named(yearbook: str, args: tuple[str, ...], message: str) -> None:
    result = run(yearbook, "specialisation", *args)
    assert result.exit_code == 1 and message in result.output


def test_without_a_dataset_chain_coverage_is_read_and_every_small_count_flagged(store: Store, data: Path) -> None:
    page = data / "news" / "jiaxing-2026-07-p1.txt"
    ok(store.url, "ingest", "--workers", "1", "--date", "2026-07-05", page)
    found = json.loads(ok(store.url, "specialisation", "平湖市", "--json").stdout)
    assert found["source"] == "chain coverage of 嘉兴市"
    held = [s for s in found["profiles"][0]["standings"] if s["value"] > 0]
    assert {s["activity"] for s in held} >= {"humanoid-robot/bearings"}  # 平湖's firms make robot parts
    assert all(s["small_count"] for s in held)  # a handful of firms per node is never enough to read an LQ


def test_specialisation_at_township_level_from_register_firm_counts(store: Store, db_url: str, tmp_path: Path) -> None:
    # 当湖街道: three bearing makers (division 34) and one furniture maker (21); 钟埭街道 the other way round.
    towns = [("当湖街道", "3451"), ("当湖街道", "3451"), ("当湖街道", "3451"), ("当湖街道", "2130"),
             ("钟埭街道", "3451"), ("钟埭街道", "2130"), ("钟埭街道", "2130"), ("钟埭街道", "2130")]  # fmt: skip
    rows = [firm(i, township=t, **{"行业代码": code}) for i, (t, code) in enumerate(towns)]
    ok(db_url, "enterprises", "import", workbook(tmp_path / "r.xlsx", rows), "--sheet", "规上企业")
    found = json.loads(ok(db_url, "specialisation", "平湖市", "--level", "township", "--json").stdout)
    assert found["names"] == {"330482001": "当湖街道", "330482002": "钟埭街道"}
    lq = {p["region"]: {s["activity"]: s["lq"] for s in p["standings"]} for p in found["profiles"]}
    assert lq == {"330482001": {"34": 1.5, "21": 0.5}, "330482002": {"34": 0.5, "21": 1.5}}
    wrong = run(db_url, "specialisation", "平湖市", "--level", "township", "--dataset", "x")
    assert wrong.exit_code == 1 and "--level must be county or township" in wrong.stderr
