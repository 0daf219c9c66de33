"""Specialisation, localisation and concentration over a region × activity value matrix, one year at a time.

``x`` is ``(n_regions, n_activities)`` float64 with values ≥ 0 (output, employment, enterprises). A
``benchmark`` is a vector of activity totals ``(n_activities,)`` from a wider area (province, nation,
peer set); without one the regions' own column totals are the benchmark. Ratios with a zero
denominator are 0 (as :func:`~chainatlas.analytics.complexity.rca`); summary indices of a region or
activity with a zero total are NaN, since they have no portfolio to describe.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import scipy.stats

from chainatlas.analytics.complexity import Array, rca, safe_divide
from chainatlas.i18n import N_

Mask = npt.NDArray[np.bool_]
Labels = npt.NDArray[np.str_]

STRENGTH, OPPORTUNITY, THREAT, WEAKNESS = "strength", "opportunity", "threat", "weakness"
QUADRANT_NAMES = {
    STRENGTH: N_("强势象限"),
    OPPORTUNITY: N_("机会象限"),
    THREAT: N_("威胁象限"),
    WEAKNESS: N_("弱势象限"),
}


class Interval(NamedTuple):
    """Lower and upper confidence bounds, each the shape of the estimate they bound."""

    lower: Array
    upper: Array


def benchmark_totals(x: Array, benchmark: Array | None = None) -> Array:
    """The benchmark's activity totals ``B_p``: ``benchmark`` checked against ``x``, or ``x``'s column sums."""
    if benchmark is None:
        return np.asarray(x.sum(axis=0), dtype=np.float64)
    totals = np.asarray(benchmark, dtype=np.float64)
    if totals.shape != (x.shape[1],):
        raise ValueError(f"benchmark has shape {totals.shape}, expected ({x.shape[1]},) activity totals")
    return totals


def _shares(x: Array, axis: int) -> Array:
    """Shares of ``x`` along ``axis`` (1: each region's portfolio, 0: each activity's spread); NaN for empty lines."""
    total = x.sum(axis=axis, keepdims=True)
    return np.where(total > 0, safe_divide(x, total), np.nan)


def _expected(x: Array, benchmark: Array | None) -> Array:
    """Expected cell value if each region had the benchmark's mix: ``x_c · B_p / B``."""
    totals = benchmark_totals(x, benchmark)
    shares = safe_divide(totals, np.asarray(totals.sum()))
    return np.asarray(x.sum(axis=1, keepdims=True) * shares[None, :], dtype=np.float64)


def location_quotient(x: Array, benchmark: Array | None = None) -> Array:
    """Location quotient ``LQ_cp = (x_cp / x_c) / (B_p / B)``; without a benchmark ``B = x``'s totals (Balassa RCA)."""
    if benchmark is None:
        return rca(x)
    return safe_divide(x, _expected(x, benchmark))


def krugman(x: Array, benchmark: Array | None = None) -> Array:
    """Krugman (1991) specialisation index per region: ``K_c = Σ_p |s_cp − b_p|``, from 0 (same mix) to 2 (disjoint).

    ``s_cp = x_cp / x_c`` is the region's share; by default ``b_p`` is the share of activity p in all
    *other* regions together (Krugman's region-versus-the-rest form, as generalised by Midelfart-Knarvik
    et al. 2000), with a benchmark the benchmark's share ``B_p / B``. Empty regions get NaN.
    """
    own = _shares(x, axis=1)
    if benchmark is None:
        rest = _shares(x.sum(axis=0, keepdims=True) - x, axis=1)
    else:
        rest = _shares(benchmark_totals(x, benchmark)[None, :], axis=1)
    return np.asarray(np.abs(own - rest).sum(axis=1), dtype=np.float64)


def hoover(x: Array) -> Array:
    """Hoover (1936) coefficient of localisation per activity: ``H_p = ½ Σ_c |x_cp / x_p − x_c / x|``.

    The share of the activity that would have to move for it to be spread like all activity together:
    0 when it follows the regions' total sizes, approaching 1 when it sits in one small region. Empty
    activities get NaN.
    """
    activity = _shares(x, axis=0)
    regions = _shares(x.sum(axis=1, keepdims=True), axis=0)
    return np.asarray(0.5 * np.abs(activity - regions).sum(axis=0), dtype=np.float64)


def hhi(x: Array, axis: int = 1) -> Array:
    """Herfindahl–Hirschman index, ``Σ s²`` of shares in [1/n, 1]; NaN for an empty line.

    ``axis=1`` (default): each region's portfolio over activities, ``Σ_p (x_cp / x_c)²``, shape
    ``(n_regions,)``. ``axis=0``: each activity's spread over regions, ``Σ_c (x_cp / x_p)²``, shape
    ``(n_activities,)``.
    """
    if axis not in (0, 1):
        raise ValueError(f"axis must be 1 (regions' portfolios) or 0 (activities' spread), not {axis}")
    return np.asarray((_shares(x, axis) ** 2).sum(axis=axis), dtype=np.float64)


def similarity(x: Array) -> Array:
    """Region × region cosine similarity of activity-share vectors, ``s_c · s_d / (|s_c| |s_d|)``, in [0, 1].

    1 means the same portfolio mix whatever the sizes (错位发展: counties competing in the same
    activities); empty regions get NaN rows and columns.
    """
    shares = _shares(x, axis=1)
    unit = shares / np.linalg.norm(shares, axis=1, keepdims=True)
    return np.asarray(unit @ unit.T, dtype=np.float64)


def most_similar_pairs(sim: Array, regions: Sequence[str], top: int = 10) -> list[tuple[str, str, float]]:
    """The ``top`` most similar distinct region pairs ``(a, b, similarity)``, highest first; NaN pairs skipped.

    Each unordered pair appears once, ``a`` before ``b`` in ``regions``; ties keep that order.
    """
    if sim.shape != (len(regions), len(regions)):
        raise ValueError(f"similarity has shape {sim.shape}, expected {len(regions)} × {len(regions)} regions")
    rows, cols = np.triu_indices(len(regions), k=1)
    values = sim[rows, cols]
    keep = ~np.isnan(values)
    rows, cols, values = rows[keep], cols[keep], values[keep]
    order = np.argsort(-values, kind="stable")[:top]
    return [(regions[rows[k]], regions[cols[k]], float(values[k])) for k in order]


def strength_classes(lq: Array, size: Array) -> Mask:
    """U.S. Cluster Mapping "strong" cells: ``LQ ≥ P75(LQ)`` and ``LQ ≥ 1`` and ``size ≥ P25(size)``.

    Both percentiles are taken over all region × activity cells with positive ``size`` (pooled, not per
    activity), by numpy's default ``'linear'`` interpolation; cells with ``size ≤ 0`` are never strong.
    """
    if lq.shape != size.shape:
        raise ValueError(f"lq has shape {lq.shape} but size has shape {size.shape}")
    active = size > 0
    if not active.any():
        return np.zeros(lq.shape, dtype=np.bool_)
    lq_cut = np.percentile(lq[active], 75, method="linear")
    size_cut = np.percentile(size[active], 25, method="linear")
    return np.asarray(active & (lq >= lq_cut) & (lq >= 1.0) & (size >= size_cut), dtype=np.bool_)


def quadrants(x_now: Array, x_before: Array, benchmark_now: Array, benchmark_before: Array) -> Labels:
    """Metroverse-style class of each region × activity: strength, opportunity, threat or weakness.

    Specialised: ``LQ ≥ 1`` in the later year against ``benchmark_now``. Growing faster: the cell's growth
    factor beats the benchmark activity's, ``x_now / x_before > B_now / B_before``, compared by cross-
    multiplication so that entries from 0 count as infinitely fast. Ties (equal growth, or both entering
    from 0) count as *not* faster. Specialised & faster → strength, not specialised & faster →
    opportunity, specialised & not faster → threat, otherwise weakness; cells that are 0 in both years
    get ``""``.
    """
    if x_now.shape != x_before.shape:
        raise ValueError(f"x_now has shape {x_now.shape} but x_before has shape {x_before.shape}")
    b_now, b_before = benchmark_totals(x_now, benchmark_now), benchmark_totals(x_before, benchmark_before)
    specialised = location_quotient(x_now, b_now) >= 1.0
    faster = x_now * b_before[None, :] > b_now[None, :] * x_before
    labels = np.where(specialised, np.where(faster, STRENGTH, THREAT), np.where(faster, OPPORTUNITY, WEAKNESS))
    return np.where((x_now == 0) & (x_before == 0), "", labels)


def lq_interval(x: Array, level: float = 0.95, benchmark: Array | None = None) -> Interval:
    """Exact confidence interval of each LQ, reading ``x_cp`` as a Poisson count (enterprises, employees).

    ``LQ = O / E`` with ``O = x_cp`` and ``E = x_c · B_p / B`` held fixed, as for a standardised mortality
    ratio; the bounds are ``O_L / E`` and ``O_U / E`` with the exact Poisson limits of Garwood (1936),
    ``O_L = χ²_{α/2}(2O) / 2`` (0 when ``O = 0``) and ``O_U = χ²_{1−α/2}(2O + 2) / 2``, ``α = 1 − level``.
    Where ``E = 0`` both bounds are 0, like the LQ itself.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    alpha = 1.0 - level
    count = np.asarray(x, dtype=np.float64)
    lower = np.where(count > 0, scipy.stats.chi2.ppf(alpha / 2, 2 * np.maximum(count, 1e-300)) / 2, 0.0)
    upper = np.asarray(scipy.stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2, dtype=np.float64)
    expected = _expected(count, benchmark)
    return Interval(lower=safe_divide(lower, expected), upper=safe_divide(upper, expected))


def small_count_flags(
    x: Array,
    minimum: float = 10.0,
    level: float = 0.95,
    benchmark: Array | None = None,
    bounds: Interval | None = None,
) -> Mask:
    """True where an LQ should not be read on its own: ``x_cp < minimum`` units, or its interval contains 1.

    ``x`` counts units (enterprises or employees); the interval is ``bounds`` if given (e.g. a value LQ's
    interval derived from these counts), else :func:`lq_interval` at ``level``. "Contains 1" is inclusive
    (``lower ≤ 1 ≤ upper``): the data cannot tell specialised from not.
    """
    bounds = bounds if bounds is not None else lq_interval(x, level, benchmark)
    return np.asarray((x < minimum) | ((bounds.lower <= 1.0) & (bounds.upper >= 1.0)), dtype=np.bool_)
