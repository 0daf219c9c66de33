"""Relatedness and complexity for a handful of counties, borrowed from a large reference economy.

Five to ten counties are too few to estimate proximity or PCI: co-occurrence over so few regions is
noise. So proximity, PCI and the ECI/COI scales are estimated on a reference value matrix (a country's
counties, or the world's countries) with :mod:`chainatlas.analytics.complexity`, and then applied to the
local counties over the activity codes they share. Matrices are ``(n_regions, n_activities)`` float64.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from chainatlas.analytics.complexity import (
    Array,
    _long_sd,
    density,
    diversity,
    eci_pci,
    presence,
    proximity,
    rca,
    safe_divide,
)
from chainatlas.analytics.specialisation import Mask, benchmark_totals, location_quotient, small_count_flags


@dataclass(frozen=True)
class Reference:
    """What the local counties borrow: proximity, PCI and the distributions that standardise ECI and COI.

    ``activities`` are the reference's codes with a positive total (the axis of ``proximity``, ``pci``,
    ``kp``); ``kc_mean``/``kc_sd`` and ``coi_mean``/``coi_sd`` are the long-panel mean and sd that
    :func:`~chainatlas.analytics.complexity.eci_pci` and :func:`~chainatlas.analytics.complexity.coi`
    use on the reference itself.
    """

    activities: tuple[str, ...]
    threshold: float
    proximity: Array
    pci: Array
    kp: Array
    kc_mean: float
    kc_sd: float
    coi_mean: float
    coi_sd: float


@dataclass(frozen=True)
class CountyScale:
    """Local measures on labelled axes: ``regions`` × ``activities`` (reference codes, then ``unmatched``).

    ``unmatched`` are local activity codes the reference lacks; their ``density`` and ``pci`` are NaN and
    they do not enter ECI or COI, but their ``rca``, ``mcp`` and ``small_count`` are reported.
    """

    regions: tuple[str, ...]
    activities: tuple[str, ...]
    unmatched: tuple[str, ...]
    rca: Array
    mcp: Array
    density: Array
    pci: Array
    eci: Array
    coi: Array
    small_count: Mask


def _codes(codes: Sequence[str], size: int, what: str) -> tuple[str, ...]:
    """``codes`` as a tuple, checked to be distinct and to label ``size`` rows or columns."""
    out = tuple(codes)
    if len(out) != size:
        raise ValueError(f"{len(out)} {what} codes for {size} {what}")
    if len(set(out)) != len(out):
        raise ValueError(f"{what} codes repeat")
    return out


def _raw_coi(m: Array, density_matrix: Array, kp: Array) -> Array:
    """Unstandardised complexity outlook ``Σ_p ω_cp (1 − M_cp) kp_p``, the quantity ``complexity.coi`` standardises."""
    return np.asarray((density_matrix * (1.0 - m)) @ np.nan_to_num(kp), dtype=np.float64)


def build_reference(x: Array, activities: Sequence[str], threshold: float = 1.0) -> Reference:
    """Proximity, PCI and ECI/COI scales of a reference value matrix ``x``, Stata ``ecomplexity`` variant.

    Activities with a zero total in ``x`` are not part of the reference (they have no RCA to speak of).
    """
    codes = _codes(activities, x.shape[1], "activity")
    kept = x.sum(axis=0) > 0
    m = presence(rca(x[:, kept]), threshold)
    phi = proximity(m)
    ep = eci_pci(m)
    kc = ep.kc[~np.isnan(ep.kc)]
    raw = _raw_coi(m, density(m, phi), ep.kp)
    return Reference(
        activities=tuple(code for code, keep in zip(codes, kept, strict=True) if keep),
        threshold=threshold,
        proximity=phi,
        pci=ep.pci,
        kp=ep.kp,
        kc_mean=float(kc.mean()),
        kc_sd=_long_sd(kc, m.size),
        coi_mean=float(raw.mean()),
        coi_sd=_long_sd(raw, m.size),
    )


def apply_reference(
    reference: Reference,
    x: Array,
    regions: Sequence[str],
    activities: Sequence[str],
    benchmark: Array | None = None,
    minimum: float = 10.0,
    level: float = 0.95,
) -> CountyScale:
    """The local counties' ``x`` measured with the reference's proximity and PCI.

    - RCA: location quotient against ``benchmark`` (activity totals aligned with ``activities``, e.g. the
      province's), or the counties' own totals; presence at the reference's threshold.
    - Density: Hidalgo et al. (2007) ``ω_cp`` with the reference proximity.
    - ECI: Hausmann & Hidalgo's ``kc = (1/k_c,0) Σ_p M_cp kp_p``, the mean reference ``kp`` over present
      activities (the eigenvector relation ``kc = D⁻¹ M kp``), standardised with the reference's
      ``kc`` mean and long-panel sd; NaN for a county with nothing present.
    - COI: ``Σ_p ω_cp (1 − M_cp) kp_p`` standardised with the reference's COI mean and sd.
    - Small counts: :func:`~chainatlas.analytics.specialisation.small_count_flags` of ``x`` read as counts.

    A county that is itself a reference region, with the reference's totals as ``benchmark``, gets back
    its reference density, ECI and COI (to rounding).
    """
    region_codes = _codes(regions, x.shape[0], "region")
    local = _codes(activities, x.shape[1], "activity")
    n_reference = len(reference.activities)
    known_codes = set(reference.activities)
    unmatched = tuple(code for code in local if code not in known_codes)
    axis = reference.activities + unmatched
    position = {code: j for j, code in enumerate(axis)}
    columns = [position[code] for code in local]
    wide = np.zeros((x.shape[0], len(axis)))
    wide[:, columns] = x
    wide_benchmark = None
    if benchmark is not None:
        wide_benchmark = np.zeros(len(axis))
        wide_benchmark[columns] = benchmark_totals(x, benchmark)
    lq = location_quotient(wide, wide_benchmark)
    m = presence(lq, reference.threshold)
    m_ref = m[:, :n_reference]
    dens_ref = density(m_ref, reference.proximity)
    known = ~np.isnan(reference.kp)
    present = diversity(m_ref[:, known])
    kc = np.where(present > 0, safe_divide(m_ref[:, known] @ reference.kp[known], present), np.nan)
    extra = np.full((x.shape[0], len(unmatched)), np.nan)
    return CountyScale(
        regions=region_codes,
        activities=axis,
        unmatched=unmatched,
        rca=lq,
        mcp=m,
        density=np.hstack([dens_ref, extra]),
        pci=np.concatenate([reference.pci, np.full(len(unmatched), np.nan)]),
        eci=(kc - reference.kc_mean) / reference.kc_sd,
        coi=(_raw_coi(m_ref, dens_ref, reference.kp) - reference.coi_mean) / reference.coi_sd,
        small_count=small_count_flags(wide, minimum, level, wide_benchmark),
    )
