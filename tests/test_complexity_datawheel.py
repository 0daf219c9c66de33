"""Our complexity measures against the two Python reference packages (the `bench` extra), measure by measure.

Datawheel's `economic-complexity` 0.3.0 on its own test input (Spanish provinces × HS sections, 2022) and
Harvard Growth Lab's PyPI `ecomplexity` 0.5.3 on the py-ecomplexity sample. Tolerance: 1e-9 absolute
(every compared value here is between -10 and 100). Where a package defines a measure differently, the
comparison is made after the documented transformation, or the measure is left out with the difference
spelt out; ``docs/analytics.md`` has the formulas and the measured figures.
"""

from __future__ import annotations

import contextlib
import csv
import io
import warnings
from pathlib import Path

import numpy as np
import pytest

from chainatlas.analytics.complexity import MEASURES, Array, compute, eci_pci, measures, proximity

pd = pytest.importorskip("pandas", reason="needs the bench extra: pip install -e '.[bench]'")
ec = pytest.importorskip("economic_complexity", reason="needs the bench extra: pip install -e '.[bench]'")
ecx = pytest.importorskip("ecomplexity", reason="needs the bench extra: pip install -e '.[bench]'")

ATOL = 1e-9


def _off_diagonal(phi: Array) -> Array:
    out = phi.copy()
    np.fill_diagonal(out, 0.0)
    return out


# ---------------------------------------------------------------- Datawheel economic-complexity 0.3.0


class Datawheel:
    """Datawheel's results on the pivoted input, and ours on the same matrix (same row and column order)."""

    def __init__(self, path: Path) -> None:
        long = pd.read_csv(path)
        table = long.pivot(index="Subnat Geography ID", columns="Section ID", values="Trade Value")
        self.rca = ec.rca(table)
        self.proximity = ec.proximity(self.rca)  # "max" procedure: min of the two conditional probabilities
        self.relatedness = ec.relatedness(self.rca, proximities=self.proximity)
        self.eci, self.pci = ec.complexity(self.rca)
        self.gain = ec.opportunity_gain(self.rca, pci=self.pci, proximities=self.proximity)
        self.x = table.fillna(0.0).to_numpy(dtype=np.float64)
        self.ours = measures(self.x)
        self.m = self.ours["mcp"]


@pytest.fixture(scope="module")
def datawheel(data: Path) -> Datawheel:
    return Datawheel(data / "complexity" / "datawheel_economic_complexity" / "subnat_exports.csv")


def test_datawheel_input_is_the_documented_panel(datawheel: Datawheel) -> None:
    assert datawheel.x.shape == (53, 22)
    assert (datawheel.x.sum(axis=0) > 0).all() and (datawheel.x.sum(axis=1) > 0).all()  # no 0/0 in either


def test_datawheel_rca_presence_diversity_ubiquity_agree(datawheel: Datawheel) -> None:
    np.testing.assert_allclose(datawheel.ours["rca"], datawheel.rca.to_numpy(), rtol=0, atol=ATOL)
    theirs = datawheel.rca.ge(1).astype(int).to_numpy()  # what every Datawheel function binarises to
    assert (datawheel.m == theirs).all()
    assert (datawheel.ours["diversity"][:, 0] == theirs.sum(axis=1)).all()  # kc0 in ec.complexity
    assert (datawheel.ours["ubiquity"][0] == theirs.sum(axis=0)).all()  # kp0


def test_datawheel_proximity_agrees_off_the_diagonal(datawheel: Datawheel) -> None:
    """Same φ; Datawheel stores the diagonal as 0, ours keeps 1 and drops it in density and COG, as Stata."""
    ours = proximity(datawheel.m)
    assert (np.diag(ours) == 1).all()
    np.testing.assert_allclose(_off_diagonal(ours), datawheel.proximity.to_numpy(), rtol=0, atol=ATOL)


def test_datawheel_relatedness_is_our_density(datawheel: Datawheel) -> None:
    """``relatedness`` = M φ₀ / (1 φ₀) with the zero-diagonal φ₀: Stata's density, compared as is."""
    np.testing.assert_allclose(datawheel.ours["density"], datawheel.relatedness.to_numpy(), rtol=0, atol=ATOL)


def test_datawheel_eci_pci_are_twenty_reflections_not_the_eigenvector(datawheel: Datawheel) -> None:
    """Left out of the 1e-9 comparison: a different method, not a different scale.

    ``ec.complexity`` runs the method of reflections (iterations=20: kc reflected 18 times from diversity,
    kp 19 times from ubiquity), then standardises each with its own mean and sample sd (n − 1) over regions
    and over activities; there is no sign rule. Ours is the limit of those reflections (the second
    eigenvector), standardised as Stata (ECI's mean and long-panel sd for both). On this matrix
    λ₃/λ₂ = 0.76, so 20 reflections are far from the limit. We check instead that (a) Datawheel's
    numbers are exactly those reflections of our M, diversity and ubiquity, and (b) our eigenvector,
    standardised Datawheel's way, points the same way (correlation > 0.99; max abs diff 0.18 ECI, 0.12 PCI).
    """
    m = datawheel.m
    div, ubi = m.sum(axis=1), m.sum(axis=0)
    kc, kp = div.copy(), ubi.copy()
    for i in range(1, 20):  # ec.complexity's loop, on our presence matrix
        kc, kp = (m @ kp / div if i < 19 else kc), m.T @ kc / ubi
    np.testing.assert_allclose(datawheel.eci.to_numpy(), (kc - kc.mean()) / kc.std(ddof=1), rtol=0, atol=ATOL)
    np.testing.assert_allclose(datawheel.pci.to_numpy(), (kp - kp.mean()) / kp.std(ddof=1), rtol=0, atol=ATOL)

    ours = eci_pci(m)
    eci = (ours.kc - ours.kc.mean()) / ours.kc.std(ddof=1)
    pci = (ours.kp - ours.kp.mean()) / ours.kp.std(ddof=1)
    assert np.corrcoef(eci, datawheel.eci.to_numpy())[0, 1] > 0.99
    assert np.corrcoef(pci, datawheel.pci.to_numpy())[0, 1] > 0.99


def test_datawheel_opportunity_gain_is_another_formula(datawheel: Datawheel) -> None:
    """Left out: ``opportunity_gain`` is not Stata's COG and no rescaling of our COG gives it.

    Datawheel: ``OG_cp = Σ_p' (1 − M_cp') pci_p' φ₀_p'p / Σ_p'' φ₀_p''p − ω_cp pci_p`` for every cell, with the
    ``pci`` it is given (here its own standardised PCI). Stata/ours: ``COG_cp = (1 − M_cp) Σ_p' (1 − M_cp')
    φ₀_p'p kp_p' / Σ_p'' φ₀_p'p'' / sd(kc)``: normalised by the row of p' (not the column of p), nothing
    subtracted, 0 where M_cp = 1, raw kp. The check below pins Datawheel's formula on our φ₀ and density.
    """
    m, pci = datawheel.m, datawheel.pci.to_numpy()
    phi0 = _off_diagonal(proximity(m))
    expected = ((1 - m) * pci) @ phi0 / phi0.sum(axis=0) - datawheel.ours["density"] * pci
    np.testing.assert_allclose(datawheel.gain.to_numpy(), expected, rtol=0, atol=ATOL)
    assert np.abs(datawheel.gain.to_numpy() - datawheel.ours["cog"]).max() > 0.1


# ---------------------------------------------------------------- Harvard Growth Lab ecomplexity 0.5.3 (PyPI)

Keyed = dict[tuple[str, str, str], dict[str, float]]


def _number(value: object) -> float:
    assert isinstance(value, float)
    return value


def _run_ecomplexity(path: Path) -> Keyed:
    data = pd.read_csv(path)
    columns = {"time": "year", "loc": "origin", "prod": "hs92", "val": "export_val"}
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        out = ecx.ecomplexity(data, columns, check_logsupermodularity=False, verbose=False)
    return {
        (str(r["year"]), str(r["origin"]), str(r["hs92"])): {n: float(r[n]) for n in MEASURES}
        for r in out.to_dict("records")
    }


@pytest.fixture(scope="module")
def growth_lab(data: Path) -> tuple[Keyed, Keyed]:
    """(ecomplexity's rows, ours) keyed by (year, origin, hs92), both from the unrounded float64 input."""
    path = data / "complexity" / "py_ecomplexity" / "trade_data_sample.csv"
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    ours = compute(rows, "origin", "hs92", "export_val", year="year")
    keyed = {(str(o["year"]), str(o["origin"]), str(o["hs92"])): {n: _number(o[n]) for n in MEASURES} for o in ours}
    return _run_ecomplexity(path), keyed


def test_ecomplexity_rca_presence_diversity_ubiquity_agree(growth_lab: tuple[Keyed, Keyed]) -> None:
    theirs, ours = growth_lab
    assert theirs.keys() == ours.keys() and len(ours) == 600
    for key, t in theirs.items():
        o = ours[key]
        assert (o["mcp"], o["diversity"], o["ubiquity"]) == (t["mcp"], t["diversity"], t["ubiquity"]), key
        assert o["rca"] == pytest.approx(t["rca"], rel=1e-12, abs=0), key  # measured: ≤ 4e-16 relative


def test_ecomplexity_eci_pci_agree_after_its_standard_deviation(growth_lab: tuple[Keyed, Keyed]) -> None:
    """ecomplexity divides by numpy's ``std()`` of kc over the R regions (n); Stata and ours by the sd over
    the R × P rows of the long panel (n − 1), which is √(N/(N−1)) times larger, N = R·P = 300 here. Same
    eigenvector, mean and sign, so ``eci_ecomplexity = eci_ours × √(N/(N−1))``, likewise PCI (raw: ≤ 0.0061)."""
    theirs, ours = growth_lab
    n = 10 * 30
    scale = np.sqrt(n / (n - 1))
    for name in ("eci", "pci"):
        worst = max(abs(t[name] - ours[key][name] * scale) for key, t in theirs.items())
        assert worst <= ATOL, (name, worst)


def test_ecomplexity_density_keeps_the_proximity_diagonal(growth_lab: tuple[Keyed, Keyed]) -> None:
    """ecomplexity's density uses φ with its diagonal 1 (Stata subtracts it): ``Σ_p' M_cp' φ_p'p / Σ_p' φ_p'p``
    = ``(ω_cp S_p + M_cp) / (S_p + 1)`` with ours ω and ``S_p = Σ_p' φ₀_p'p``. Compared after that transform
    (raw: up to 0.089). Its COI and COG are left out: both carry the same diagonal (COG through
    ``(1 − M)(φ ∘ kp / (φ 1))``, COI through this density) and standardise with numpy's ``std()`` over the
    regions instead of the long-panel sd, so they are not a transform of our output (raw: 0.023 and 0.42).
    """
    theirs, ours = growth_lab
    for year in ("1995", "1996"):
        keys = sorted(k for k in ours if k[0] == year)
        regions, activities = sorted({k[1] for k in keys}), sorted({k[2] for k in keys})
        shape = (len(regions), len(activities))
        m = np.array([ours[k]["mcp"] for k in keys]).reshape(shape)
        density = np.array([ours[k]["density"] for k in keys]).reshape(shape)
        s = _off_diagonal(proximity(m)).sum(axis=0)
        expected = (density * s + m) / (s + 1)
        np.testing.assert_allclose(np.array([theirs[k]["density"] for k in keys]).reshape(shape), expected, atol=ATOL)
