"""A region's specialisation profile: what it is strong in, against which benchmark, and how sure that is.

`profiles` reads a :class:`~chainatlas.analytics.panel.Panel` for a few regions (a city's counties) and
puts together, per region, the measures of :mod:`~chainatlas.analytics.specialisation`: LQ per activity
against a benchmark (the whole panel, e.g. the province; or the regions themselves), the U.S. Cluster
Mapping strength class, the Metroverse quadrant when an earlier year is given, Krugman and HHI, and the
most similar peers (for 错位发展).

Where the counts of units are known, each LQ gets its exact Poisson interval and a small-count flag. For
a panel of money values with a separate panel of unit counts, the interval is the value LQ times the
relative interval of its count's LQ: the uncertainty comes from how few units make up the cell. With a
reference (:mod:`~chainatlas.analytics.county_scale`) a profile adds density and PCI per activity and
the region's ECI, estimated on the reference economy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from chainatlas.analytics.complexity import safe_divide
from chainatlas.analytics.county_scale import Reference, apply_reference, build_reference
from chainatlas.analytics.panel import Panel, PanelError
from chainatlas.analytics.specialisation import (
    hhi,
    krugman,
    location_quotient,
    lq_interval,
    quadrants,
    similarity,
    small_count_flags,
    strength_classes,
)
from chainatlas.i18n import _, listing


@dataclass(frozen=True, slots=True)
class Standing:
    """One activity of a region: its size, share, LQ and how far that LQ can be trusted."""

    activity: str
    value: float
    share: float
    lq: float
    strong: bool
    quadrant: str | None  # strength / opportunity / threat / weakness; None without an earlier year
    interval: tuple[float, float] | None  # exact Poisson interval of the LQ; None without counts
    small_count: bool | None  # True: too few units to read the LQ alone; None without counts
    density: float | None  # relatedness density on the reference; None without one
    pci: float | None


@dataclass(frozen=True, slots=True)
class Profile:
    """A region's specialisation in one year against one benchmark; activities by LQ, highest first."""

    region: str
    year: str | None
    before: str | None
    benchmark: str
    krugman: float
    hhi: float
    eci: float | None
    standings: tuple[Standing, ...]
    peers: tuple[tuple[str, float], ...]  # the other regions by cosine similarity of portfolios, closest first


@dataclass(frozen=True, slots=True)
class Options:
    """How to read the panel: the benchmark, the earlier year, the counts and the reference."""

    benchmark: str = "panel"  # "panel": every region of the panel; "regions": only those profiled; "peers"
    peers: tuple[str, ...] = ()  # with "peers": the peer set the profiled regions are compared with
    before: Panel | None = None
    counts: Panel | None = None
    reference: Reference | None = None
    minimum: float = 10.0  # fewer units than this: small count


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _universe(panel: Panel, regions: Sequence[str], options: Options) -> tuple[str, ...]:
    """The regions whose totals are the benchmark: the panel's, the profiled ones', or the peers' alone."""
    if options.benchmark == "panel":
        return panel.regions
    if options.benchmark == "regions":
        return tuple(regions)
    if options.benchmark == "peers":
        missing = [p for p in options.peers if p not in panel.regions]
        if missing or not options.peers:
            raise PanelError(f"{panel.name}: no rows for the peers {', '.join(missing) or '(none given)'}")
        return options.peers
    raise ValueError(f"benchmark must be 'panel', 'regions' or 'peers', not {options.benchmark!r}")


def _benchmark_name(panel: Panel, universe: Sequence[str], options: Options) -> str:
    if options.benchmark == "panel":
        return _("{name}的{count}个地区").format(name=panel.name, count=len(universe))
    if options.benchmark == "regions":
        return _("所列地区")
    return _("可比地区 {codes}").format(codes=listing(options.peers))


def profiles(now: Panel, regions: Sequence[str], options: Options | None = None) -> list[Profile]:
    """The profile of each region in `regions` (rows of `now`), in that order."""
    options = options or Options()
    local = now.rows(regions)
    universe = _universe(now, regions, options)
    pool = tuple(dict.fromkeys((*regions, *universe)))  # the cells the percentiles of strength are taken over
    everyone = now.aligned(pool, now.activities)
    totals = now.aligned(universe, now.activities).sum(axis=0)
    picked = [pool.index(r) for r in regions]
    lq_all = location_quotient(everyone, totals)
    lq = lq_all[picked]
    strong = strength_classes(lq_all, everyone)[picked]
    quadrant = None
    if options.before is not None:
        earlier = options.before.aligned(pool, now.activities)
        before_totals = options.before.aligned(universe, now.activities).sum(axis=0)
        quadrant = quadrants(everyone, earlier, totals, before_totals)[picked]
    interval = flags = None
    counts = options.counts if options.counts is not None else (now if now.is_count else None)
    if counts is not None:
        units = counts.aligned(pool, now.activities)
        unit_totals = counts.aligned(universe, now.activities).sum(axis=0)
        bounds = lq_interval(units, benchmark=unit_totals)
        if counts is not now:  # a value LQ takes its unit count's relative uncertainty
            unit_lq = location_quotient(units, unit_totals)
            bounds = bounds._replace(
                lower=safe_divide(bounds.lower, unit_lq) * lq_all, upper=safe_divide(bounds.upper, unit_lq) * lq_all
            )
        interval = (bounds.lower[picked], bounds.upper[picked])
        flags = small_count_flags(units, options.minimum, bounds=bounds)[picked]
    scale = None
    if options.reference is not None:
        scale = apply_reference(options.reference, local.values, regions, now.activities, totals)
    shares = safe_divide(local.values, local.values.sum(axis=1, keepdims=True))
    special = krugman(local.values, totals)
    concentration = hhi(local.values)
    closeness = similarity(local.values)
    out = []
    for i, region in enumerate(regions):
        standings = []
        for j, activity in enumerate(now.activities):
            k = scale.activities.index(activity) if scale is not None else -1
            standings.append(
                Standing(
                    activity=activity,
                    value=float(local.values[i, j]),
                    share=float(shares[i, j]),
                    lq=float(lq[i, j]),
                    strong=bool(strong[i, j]),
                    quadrant=(str(quadrant[i, j]) or None) if quadrant is not None else None,
                    interval=(float(interval[0][i, j]), float(interval[1][i, j])) if interval is not None else None,
                    small_count=bool(flags[i, j]) if flags is not None else None,
                    density=_number(scale.density[i, k]) if scale is not None else None,
                    pci=_number(scale.pci[k]) if scale is not None else None,
                )
            )
        peers = sorted(
            ((other, float(closeness[i, o])) for o, other in enumerate(regions) if o != i),
            key=lambda pair: -pair[1] if not math.isnan(pair[1]) else math.inf,
        )
        out.append(
            Profile(
                region=region,
                year=now.year,
                before=options.before.year if options.before is not None else None,
                benchmark=_benchmark_name(now, universe, options),
                krugman=float(special[i]),
                hhi=float(concentration[i]),
                eci=_number(scale.eci[i]) if scale is not None else None,
                standings=tuple(sorted(standings, key=lambda s: -s.lq)),
                peers=tuple(peers),
            )
        )
    return out


def reference_of(panel: Panel, threshold: float = 1.0) -> Reference:
    """The county-scale reference estimated on every region of `panel` (a country's counties, the world)."""
    return build_reference(panel.values, panel.activities, threshold)
