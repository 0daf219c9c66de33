"""Economic complexity over a region × activity matrix, one year at a time.

Variant: Harvard Growth Lab's Stata ``ecomplexity`` with its defaults (discrete RCA ≥ threshold,
symmetric min-conditional-probability proximity, eigenvector ECI/PCI). Standardisations, density,
COI and COG follow the Stata ``.ado``/Mata code, which the PyPI ``ecomplexity`` 0.5.3 does not: it
differs from Stata on density (proximity diagonal) and COG. Every matrix is ``(n_regions,
n_activities)`` float64; region vectors are ``(n_regions,)``, activity vectors ``(n_activities,)``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import scipy.linalg

Array = npt.NDArray[np.float64]

MEASURES = ("rca", "mcp", "diversity", "ubiquity", "eci", "pci", "density", "coi", "cog")


class BadComplexityRow(ValueError):
    """An input row that cannot be read: names the row number, the field and the reason."""


class EciPci(NamedTuple):
    """Standardised ECI and PCI, and the sign-fixed raw eigenvectors ``kc``, ``kp`` that COI and COG use."""

    eci: Array
    pci: Array
    kc: Array
    kp: Array


def safe_divide(numerator: Array, denominator: Array) -> Array:
    """Elementwise ratio with 0 where the denominator is 0 (empty rows and columns)."""
    out = np.zeros(np.broadcast(numerator, denominator).shape)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def _long_sd(x: Array, n_rows: int) -> float:
    """Stata ``egen sd()`` of ``x`` repeated evenly over the ``n_rows`` rows of the long region × activity panel."""
    sd = float(x.std() * np.sqrt(n_rows / (n_rows - 1))) if n_rows > 1 else 0.0
    return sd if sd > 0 else float("nan")  # a constant has no standard score; Stata leaves it missing


def _off_diagonal(phi: Array) -> Array:
    """Proximity with its diagonal set to 0, as Stata's ``proximity - I(Np)``."""
    out = phi.copy()
    np.fill_diagonal(out, 0.0)
    return out


def rca(x: Array) -> Array:
    """Balassa (1965) revealed comparative advantage / location quotient: ``(x_cp / x_c) / (x_p / x)``."""
    scale = safe_divide(np.asarray(x.sum(), dtype=np.float64), np.outer(x.sum(axis=1), x.sum(axis=0)))
    scale *= x  # one n × P buffer: x_cp · x / (x_c x_p), 0 in empty rows and columns
    return scale


def rpop(x: Array, population: Array) -> Array:
    """Per-capita revealed comparative advantage (ecomplexity's RPOP): ``(x_cp / pop_c) / (x_p / Σ_c pop_c)``.

    A region makes an activity intensively for its size of population rather than of economy; use it for
    presence where output totals mislead (small, resource-rich regions). `population` is ``(n_regions,)``.
    """
    people = np.asarray(population, dtype=np.float64)
    if people.shape != (x.shape[0],):
        raise ValueError(f"population has shape {people.shape}, expected ({x.shape[0]},): one per region")
    if (people <= 0).any() or not np.isfinite(people).all():
        raise ValueError("population must be finite and > 0 for every region")
    per_capita = x / people[:, None]
    return safe_divide(per_capita, x.sum(axis=0, keepdims=True) / people.sum())


def presence(rca_matrix: Array, threshold: float = 1.0) -> Array:
    """Binary presence ``M_cp = 1`` where ``RCA_cp ≥ threshold`` (as float64, so products run in BLAS)."""
    return (rca_matrix >= threshold).astype(np.float64)


def diversity(m: Array) -> Array:
    """Hidalgo & Hausmann (2009) diversity ``k_c,0``: number of activities present in each region."""
    return np.asarray(m.sum(axis=1), dtype=np.float64)


def ubiquity(m: Array) -> Array:
    """Hidalgo & Hausmann (2009) ubiquity ``k_p,0``: number of regions where each activity is present."""
    return np.asarray(m.sum(axis=0), dtype=np.float64)


def eci_pci(m: Array) -> EciPci:
    """ECI and PCI by the eigenvector method (Hausmann, Hidalgo et al. 2014, *Atlas*), standardised as Stata.

    ``kp`` is the second eigenvector of ``M̃ = D_u⁻¹ Mᵀ D_d⁻¹ M`` (solved through its symmetric
    similarity transform) and ``kc = D_d⁻¹ M kp``; the sign makes ``kc`` correlate positively with
    diversity. Stata then sets ``eci = (kc − mean kc) / sd`` and ``pci = (kp − mean kc) / sd`` with the
    sd of ``kc`` over the long panel (n_regions × n_activities rows, n − 1 denominator).
    Regions with zero diversity and activities with zero ubiquity get NaN.
    """
    div, ubi = diversity(m), ubiquity(m)
    rows, cols = div > 0, ubi > 0
    sub = m if rows.all() and cols.all() else m[np.ix_(rows, cols)]
    root_u = np.sqrt(ubi[cols])
    weighted = sub / np.sqrt(div[rows])[:, None]
    symmetric = weighted.T @ weighted  # D_u^½ M̃ D_u^-½ = (D_d^-½ M D_u^-½)ᵀ (D_d^-½ M D_u^-½): one rank-k update
    symmetric /= np.outer(root_u, root_u)
    second = max(len(root_u) - 2, 0)
    _, vector = scipy.linalg.eigh(symmetric, subset_by_index=[second, second], driver="evr", overwrite_a=True)
    kp_sub = vector[:, 0] / root_u
    kc_sub = (sub @ kp_sub) / div[rows]
    if np.dot(div[rows] - div[rows].mean(), kc_sub - kc_sub.mean()) < 0:  # sign of corr(diversity, kc)
        kc_sub, kp_sub = -kc_sub, -kp_sub
    kc, kp = np.full(m.shape[0], np.nan), np.full(m.shape[1], np.nan)
    kc[rows], kp[cols] = kc_sub, kp_sub
    mean, sd = float(kc_sub.mean()), _long_sd(kc_sub, m.size)
    return EciPci(eci=(kc - mean) / sd, pci=(kp - mean) / sd, kc=kc, kp=kp)


def proximity(m: Array) -> Array:
    """Hidalgo et al. (2007) proximity ``φ_pp' = Σ_c M_cp M_cp' / max(k_p,0, k_p',0)``, shape ``(P, P)``.

    The minimum of the two conditional probabilities (discrete, symmetric); the diagonal is 1 for
    present activities. Density and COG drop the diagonal themselves, as Stata does.
    """
    ubi = ubiquity(m)
    return safe_divide(co_occurrence(m), np.maximum(ubi[:, None], ubi[None, :]))


def co_occurrence(m: Array) -> Array:
    """``Mᵀ M``: the number of regions where each pair of activities is present together.

    The counts are integers below 2²⁴ when there are fewer regions than that, so the product runs
    exactly in float32 (half the time of float64) and is returned as float64.
    """
    if m.shape[0] < 2**24:
        m32 = m.astype(np.float32)
        return np.asarray(m32.T @ m32, dtype=np.float64)
    return np.asarray(m.T @ m, dtype=np.float64)


def density(m: Array, phi: Array) -> Array:
    """Hidalgo et al. (2007) density ``ω_cp = Σ_p' M_cp' φ_p'p / Σ_p' φ_p'p`` with φ's diagonal 0 (Stata)."""
    phi0 = _off_diagonal(phi)
    return m @ safe_divide(phi0, phi0.sum(axis=0, keepdims=True))  # column weights folded in: one product, no pass


def coi(m: Array, density_matrix: Array, kp: Array) -> Array:
    """Complexity outlook index (Stata ``oppval``): ``Σ_p ω_cp (1 − M_cp) kp_p``, standardised over the long panel.

    ``kp`` is the raw sign-fixed eigenvector from :func:`eci_pci`, not the standardised PCI.
    """
    kp0 = np.nan_to_num(kp)
    raw = np.asarray(density_matrix @ kp0 - np.einsum("cp,cp,p->c", density_matrix, m, kp0), dtype=np.float64)
    standardised: Array = (raw - raw.mean()) / _long_sd(raw, m.size)
    return standardised


def cog(m: Array, phi: Array, kp: Array, kc: Array) -> Array:
    """Complexity outlook gain, Stata ``coicog.ado`` variant: ``(1−M) ∘ ((1−M) (φ₀ ∘ (kp / φ₀·1) 1ᵀ)) / sd(kc)``.

    φ₀ is the proximity with its diagonal 0, ``kp``/``kc`` the raw eigenvectors from :func:`eci_pci`, and
    ``sd(kc)`` the long-panel sd that also standardises ECI. Unlike Hausmann et al. (2014) it does not
    subtract the density-weighted PCI already reached.
    """
    phi0 = _off_diagonal(phi)
    weights = phi0 * (safe_divide(np.nan_to_num(kp), phi0.sum(axis=1)) / _long_sd(kc[~np.isnan(kc)], m.size))[:, None]
    gain: Array = m @ weights
    np.subtract(weights.sum(axis=0), gain, out=gain)  # (1 − M) W without an n × P matrix of 1 − M
    gain *= m == 0
    return gain


def measures(x: Array, threshold: float = 1.0) -> dict[str, Array]:
    """All measures of one year's value matrix ``x``, each broadcast to ``(n_regions, n_activities)``."""
    r = rca(x)
    m = presence(r, threshold)
    phi = proximity(m)
    dens = density(m, phi)
    ep = eci_pci(m)
    shape = m.shape
    return {
        "rca": r,
        "mcp": m,
        "diversity": np.broadcast_to(diversity(m)[:, None], shape),
        "ubiquity": np.broadcast_to(ubiquity(m)[None, :], shape),
        "eci": np.broadcast_to(ep.eci[:, None], shape),
        "pci": np.broadcast_to(ep.pci[None, :], shape),
        "density": dens,
        "coi": np.broadcast_to(coi(m, dens, ep.kp)[:, None], shape),
        "cog": cog(m, phi, ep.kp, ep.kc),
    }


def _value(row: Mapping[str, object], column: str, number: int) -> float:
    """The numeric value of ``column`` in input row ``number`` (1-based), or a :class:`BadComplexityRow`."""
    if column not in row:
        raise BadComplexityRow(f"row {number}: no column {column!r}")
    raw = row[column]
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise BadComplexityRow(f"row {number}: {column}={raw!r} is not a number") from None
    if not np.isfinite(value) or value < 0:
        raise BadComplexityRow(f"row {number}: {column}={raw!r} must be finite and ≥ 0")
    return value


def compute(
    rows: Iterable[Mapping[str, object]],
    region: str,
    activity: str,
    value: str,
    year: str | None = None,
    threshold: float = 1.0,
) -> list[dict[str, object]]:
    """Long rows in, one row per region × activity (× year) out with :data:`MEASURES`.

    Values of repeated (region, activity, year) keys are summed; absent cells count as 0.
    """
    cells: dict[object, dict[tuple[str, str], float]] = defaultdict(lambda: defaultdict(float))
    for number, row in enumerate(rows, start=1):
        for column in (region, activity) + ((year,) if year else ()):
            if row.get(column) in (None, ""):
                raise BadComplexityRow(f"row {number}: {column} is empty")
        key = (str(row[region]), str(row[activity]))
        cells[row[year] if year else None][key] += _value(row, value, number)
    out: list[dict[str, object]] = []
    for period in sorted(cells, key=str):
        table = cells[period]
        regions = sorted({r for r, _ in table})
        activities = sorted({a for _, a in table})
        x = np.zeros((len(regions), len(activities)))
        r_index = {r: i for i, r in enumerate(regions)}
        a_index = {a: j for j, a in enumerate(activities)}
        for (r, a), v in table.items():
            x[r_index[r], a_index[a]] = v
        results = measures(x, threshold)
        for i, r in enumerate(regions):
            for j, a in enumerate(activities):
                record: dict[str, object] = {region: r, activity: a}
                if year:
                    record[year] = period
                record.update({name: float(results[name][i, j]) for name in MEASURES})
                out.append(record)
    return out
