"""Shift-share decomposition of each region × activity's change between two years.

Matrices are ``(n_regions, n_activities)`` float64 (employment, output); benchmarks are activity totals
``(n_activities,)`` of the reference economy (nation, province, peer set) in each year, by default the
regions' own column totals. Argument order follows :func:`~chainatlas.analytics.specialisation.quadrants`.
"""

from __future__ import annotations

from dataclasses import dataclass

from chainatlas.analytics.complexity import Array, safe_divide
from chainatlas.analytics.specialisation import benchmark_totals


@dataclass(frozen=True)
class ShiftShare:
    """Components of ``change = national + industry_mix + competitive`` and ``competitive = net + allocation``.

    ``homothetic`` is Esteban-Marquillas's base-year cell value had the region the benchmark's mix.
    """

    change: Array
    national: Array
    industry_mix: Array
    competitive: Array
    net_competitive: Array
    allocation: Array
    homothetic: Array


def shift_share(
    x_now: Array, x_before: Array, benchmark_now: Array | None = None, benchmark_before: Array | None = None
) -> ShiftShare:
    """Dunn (1960) classic shift-share, with Esteban-Marquillas (1972) splitting the competitive effect.

    With base-year cell ``e``, benchmark growth ``G = B_now / B_before − 1`` overall and
    ``g_p = B_now,p / B_before,p − 1`` by activity, and the cell's growth ``r_cp``:
    national ``e·G``, industry mix ``e·(g_p − G)``, competitive ``e·(r_cp − g_p)``, taken as the remainder
    so the three sum to ``x_now − x_before`` (a cell entering from 0 is all competitive). Esteban-
    Marquillas: homothetic ``ê_cp = x_before,c · B_before,p / B_before``, net competitive
    ``ê·(r_cp − g_p)`` and allocation ``(e − ê)·(r_cp − g_p)``; where ``e = 0`` the growth differential is
    undefined and the whole competitive effect is booked as net competitive (allocation 0).
    """
    if x_now.shape != x_before.shape:
        raise ValueError(f"x_now has shape {x_now.shape} but x_before has shape {x_before.shape}")
    b_now, b_before = benchmark_totals(x_now, benchmark_now), benchmark_totals(x_before, benchmark_before)
    if b_before.sum() <= 0 or (b_before[(x_before > 0).any(axis=0)] <= 0).any():
        raise ValueError("the benchmark is 0 in the base year for an activity the regions have: no growth rate")
    overall = float(b_now.sum() / b_before.sum()) - 1.0
    by_activity = safe_divide(b_now, b_before) - 1.0
    change = x_now - x_before
    national = x_before * overall
    industry_mix = x_before * (by_activity - overall)[None, :]
    competitive = change - national - industry_mix
    homothetic = x_before.sum(axis=1, keepdims=True) * (b_before / b_before.sum())[None, :]
    allocation = (x_before - homothetic) * safe_divide(competitive, x_before)
    return ShiftShare(
        change=change,
        national=national,
        industry_mix=industry_mix,
        competitive=competitive,
        net_competitive=competitive - allocation,
        allocation=allocation,
        homothetic=homothetic,
    )
