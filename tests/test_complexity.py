"""Complexity measures: a hand-built matrix with known answers, and the Stata ``ecomplexity`` ground truth."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from chainatlas.analytics.complexity import (
    BadComplexityRow,
    compute,
    density,
    diversity,
    eci_pci,
    presence,
    proximity,
    rca,
    rpop,
    ubiquity,
)

X = np.array([[10.0, 0.0, 0.0], [5.0, 5.0, 0.0], [1.0, 1.0, 8.0]])  # every region totals 10, the whole 30


def test_rca_presence_diversity_ubiquity_by_hand() -> None:
    expected = np.array([[30 / 16, 0.0, 0.0], [15 / 16, 2.5, 0.0], [3 / 16, 0.5, 3.0]])
    np.testing.assert_allclose(rca(X), expected, rtol=1e-15)
    assert (presence(rca(X)) == np.eye(3)).all()
    m = presence(rca(X), threshold=0.9)
    assert m.tolist() == [[1, 0, 0], [1, 1, 0], [0, 0, 1]]
    assert diversity(m).tolist() == [1, 2, 1]
    assert ubiquity(m).tolist() == [2, 1, 1]


def test_proximity_and_density_by_hand() -> None:
    m = presence(rca(X), threshold=0.9)
    phi = proximity(m)
    np.testing.assert_allclose(phi, [[1, 0.5, 0], [0.5, 1, 0], [0, 0, 1]])
    np.testing.assert_allclose(density(m, phi), [[0, 1, 0], [1, 1, 0], [0, 0, 0]])


def test_eci_sign_follows_diversity() -> None:
    m = np.array([[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 1], [0, 1, 0, 0]], dtype=np.float64)
    result = eci_pci(m)
    assert np.corrcoef(diversity(m), result.eci)[0, 1] > 0
    assert result.eci.mean() == pytest.approx(0.0, abs=1e-12)


def test_compute_sums_repeated_keys_and_names_bad_rows() -> None:
    rows = [
        {"r": "a", "i": "x", "v": "4"},
        {"r": "a", "i": "x", "v": "6"},
        {"r": "a", "i": "y", "v": "0"},
        {"r": "b", "i": "y", "v": "5"},
        {"r": "b", "i": "x", "v": "5"},
    ]
    out = compute(rows, "r", "i", "v")
    assert [(o["r"], o["i"]) for o in out] == [("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")]
    assert out[0]["rca"] == pytest.approx(10 / 10 / (15 / 20))
    with pytest.raises(BadComplexityRow, match="row 2: v='n/a' is not a number"):
        compute([rows[0], {"r": "a", "i": "y", "v": "n/a"}], "r", "i", "v")


# ---------------------------------------------------------------- Stata ground truth (py-ecomplexity fixtures)

EXACT = ("mcp", "diversity", "ubiquity")
TOLERANCE = {"rca": 1e-12, "eci": 1e-6, "pci": 1e-6, "density": 1e-12, "coi": 1e-12, "cog": 1e-12}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def stata(data: Path) -> tuple[dict[tuple[str, str, str], dict[str, object]], list[dict[str, str]]]:
    """Our rows keyed by (year, origin, hs92), and the Stata rows."""
    folder = data / "complexity" / "py_ecomplexity"
    trade = _read(folder / "trade_data_sample.csv")
    for row in trade:  # Stata held export_val as float32; round the same way so RCA can match exactly
        row["export_val"] = str(float(np.float32(float(row["export_val"]))))
    ours = compute(trade, "origin", "hs92", "export_val", year="year")
    keyed = {(str(o["year"]), str(o["origin"]), str(o["hs92"])): o for o in ours}
    return keyed, _read(folder / "stata_ground_truth.csv")


@pytest.mark.parametrize("year", ["1995", "1996"])
def test_reproduces_stata_ground_truth(
    stata: tuple[dict[tuple[str, str, str], dict[str, object]], list[dict[str, str]]], year: str
) -> None:
    keyed, truth = stata
    rows = [t for t in truth if t["year"] == year]
    assert len(rows) == 300 and len(keyed) == 600
    worst = dict.fromkeys(TOLERANCE, 0.0)
    for t in rows:
        o = keyed[(year, t["origin"], t["hs92"])]
        assert (o["mcp"], o["diversity"], o["ubiquity"]) == (float(t["M"]), float(t["diversity"]), float(t["ubiquity"]))
        for name in TOLERANCE:
            ours = o[name]
            assert isinstance(ours, float)
            worst[name] = max(worst[name], abs(ours - float(t[name])))
    assert all(worst[name] <= TOLERANCE[name] for name in TOLERANCE), worst


def test_rpop_by_hand() -> None:
    population = np.array([1.0, 4.0, 5.0])  # 10 in all; C1 totals 16, C2 6, C3 8 in X
    expected = np.array([[10 / 1 / 1.6, 0, 0], [5 / 4 / 1.6, 5 / 4 / 0.6, 0], [1 / 5 / 1.6, 1 / 5 / 0.6, 8 / 5 / 0.8]])
    np.testing.assert_allclose(rpop(X, population), expected, rtol=1e-15)
    assert presence(rpop(X, population)).tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]  # 5 per 4 people: 0.78
    with pytest.raises(ValueError, match="one per region"):
        rpop(X, population[:2])
    with pytest.raises(ValueError, match="> 0"):
        rpop(X, np.array([1.0, 0.0, 2.0]))
