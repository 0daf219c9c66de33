"""Region × activity panels from the store: imported statistical datasets and chain coverage.

A dataset is a yearbook-shaped table (region code, activity code, year, value) imported whole:
every row is validated first (`analytics.cells.read_columns`) and nothing is stored if one is bad;
importing a file again under the same name replaces the dataset in one transaction, and the same
bytes again change nothing. `panel` reads one year of a dataset back as a dense matrix, and
`coverage_panel` turns a city's chain coverage (firms per county and chain node) into one, so the
specialisation measures run on either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from chainatlas.analytics.cells import read_columns
from chainatlas.analytics.panel import Panel, PanelError
from chainatlas.analytics.profile import Options, Profile, profiles, reference_of
from chainatlas.analytics.table import Columns, file_sha256
from chainatlas.chains import counties_of
from chainatlas.i18n import _, lazy, listing, message_of, quote
from chainatlas.reference import Region
from chainatlas.services.chain_views import LEVELS, ChainViewError, chain_overlap, find_region
from chainatlas.services.import_report import ImportProgress, quiet
from chainatlas.services.names_known import unknown_division
from chainatlas.services.places import region_of
from chainatlas.services.queries import township_name
from chainatlas.store import tables
from chainatlas.store.batches import BATCH, batches
from chainatlas.suggest import quoted


@dataclass(frozen=True, slots=True)
class DatasetSummary:
    """What a dataset holds: its metric, size, years and source."""

    name: str
    metric: str
    unit: str | None
    source: str
    cells: int
    regions: int
    activities: int
    years: tuple[str, ...]


def import_dataset(
    session: Session,
    path: Path,
    columns: Columns,
    name: str,
    metric: str,
    unit: str | None = None,
    sheet: str | None = None,
    progress: ImportProgress = quiet,
    source: str | None = None,
) -> tuple[int, bool]:
    """Import `path` as dataset `name`: (number of cells, whether the store changed). Raises `TableError`.
    `progress` is told the cells read, then stored; `source` (default: the path) is what the dataset says it came
    from."""
    cells = read_columns(path, columns, sheet)  # first: it refuses a FIFO, a device or a file too large
    progress("read", len(cells), len(cells))
    digest = file_sha256(path)
    found = session.scalar(select(tables.Dataset).where(tables.Dataset.name == name))
    if found is not None and (found.sha256, found.metric, found.unit) == (digest, metric, unit):
        return len(cells), False
    source = source or str(path)
    if found is None:
        found = tables.Dataset(name=name, metric=metric, unit=unit, source=source, sha256=digest)
        session.add(found)
        session.flush()
    else:
        session.execute(delete(tables.Statistic).where(tables.Statistic.dataset_id == found.id))
        found.metric, found.unit, found.source, found.sha256 = metric, unit, source, digest
    rows = ({"region": r, "activity": a, "year": y, "value": v} for (r, a, y), v in cells.items())
    for done, batch in enumerate(batches(rows), 1):
        session.execute(insert(tables.Statistic), [row | {"dataset_id": found.id} for row in batch])
        progress("store", min(done * BATCH, len(cells)), len(cells))
    return len(cells), True


def _dataset(session: Session, name: str) -> tables.Dataset:
    found = session.scalar(select(tables.Dataset).where(tables.Dataset.name == name))
    if found is None:
        known = listing(session.scalars(select(tables.Dataset.name).order_by(tables.Dataset.name))) or _("无")
        raise PanelError(_("没有名为{name}的数据集（已导入：{known}）").format(name=quoted(name), known=known))
    return found


def years(session: Session, name: str) -> list[str]:
    """The years of dataset `name`, oldest first (empty for a dataset without years)."""
    dataset = _dataset(session, name)
    found = session.scalars(
        select(tables.Statistic.year).where(tables.Statistic.dataset_id == dataset.id).distinct()
    ).all()
    return sorted(y for y in found if y is not None)


def datasets(session: Session) -> list[DatasetSummary]:
    """Every imported dataset with its size and years, by name."""
    out = []
    for dataset in session.scalars(select(tables.Dataset).order_by(tables.Dataset.name)):
        s = tables.Statistic
        cells, regions, activities = session.execute(
            select(func.count(), func.count(s.region.distinct()), func.count(s.activity.distinct())).where(
                s.dataset_id == dataset.id
            )
        ).one()
        out.append(
            DatasetSummary(
                dataset.name,
                dataset.metric,
                dataset.unit,
                dataset.source,
                cells,
                regions,
                activities,
                tuple(years(session, dataset.name)),
            )
        )
    return out


def latest_dataset(session: Session) -> str | None:
    """The name of the dataset imported last (None when there is none)."""
    d = tables.Dataset
    return session.scalar(select(d.name).order_by(d.imported_at.desc(), d.id.desc()).limit(1))


def panel(session: Session, name: str, year: str | None = None) -> Panel:
    """One year of dataset `name` as a dense matrix (absent cells 0); the latest year when `year` is None."""
    dataset = _dataset(session, name)
    known = years(session, name)
    if year is None and known:
        year = known[-1]
    elif year is not None and year not in known:
        held = tuple(known) or lazy("无")
        raise PanelError(lazy("{name}：没有{year}年（已有年份：{years}）", name=name, year=year, years=held))
    s = tables.Statistic
    rows = session.execute(
        select(s.region, s.activity, s.value).where(s.dataset_id == dataset.id, s.year == year)
        if year is not None
        else select(s.region, s.activity, s.value).where(s.dataset_id == dataset.id, s.year.is_(None))
    ).all()
    regions = tuple(sorted({r for r, _, _ in rows}))
    activities = tuple(sorted({a for _, a, _ in rows}))
    r_index = {r: i for i, r in enumerate(regions)}
    a_index = {a: j for j, a in enumerate(activities)}
    values = np.zeros((len(regions), len(activities)))
    for r, a, v in rows:
        values[r_index[r], a_index[a]] = v
    return Panel(dataset.name, dataset.metric, dataset.unit, year, regions, activities, values)


def township_panel(session: Session, counties: Sequence[str], name: str) -> Panel:
    """Register firms in each township of `counties` by industry division (the first two digits of their GB/T
    4754 code): the panel the specialisation measures run on at township level."""
    e = tables.Enterprise
    division = func.substr(e.industry_code, 1, 2)
    rows = session.execute(
        select(e.township_code, division, func.count())
        .where(e.region_code.in_(counties), e.township_code.is_not(None), e.industry_code.is_not(None))
        .group_by(e.township_code, division)
    ).all()
    regions = tuple(sorted({t for t, _, _ in rows}))
    activities = tuple(sorted({d for _, d, _ in rows}))
    values = np.zeros((len(regions), len(activities)))
    for town, code, firms in rows:
        values[regions.index(town), activities.index(code)] = firms
    return Panel(f"register firms by township of {name}", "enterprise_count", "count", None, regions, activities,
                 values)  # fmt: skip


def coverage_panel(session: Session, city: str) -> Panel:
    """Firms placed on each chain node (activity ``chain/node``) in each county of `city`, from the store."""
    try:
        overlap = chain_overlap(session, city)
    except ChainViewError as error:
        raise PanelError(message_of(error)) from error
    activities = tuple(sorted({f"{c}/{n}" for county in overlap.counties for c, n in county.counts}))
    index = {a: j for j, a in enumerate(activities)}
    values = np.zeros((len(overlap.counties), len(activities)))
    for i, county in enumerate(overlap.counties):
        for (chain_id, node_id), count in county.counts.items():
            values[i, index[f"{chain_id}/{node_id}"]] = count
    regions = tuple(county.code for county in overlap.counties)
    name = _("{city}产业链覆盖").format(city=overlap.city)
    return Panel(name, "enterprise_count", "count", None, regions, activities, values)


@dataclass(frozen=True, slots=True)
class RegionProfiles:
    """The profiles asked for by a region's name: the region itself, or each county of a city."""

    name: str
    code: str
    source: str
    profiles: list[Profile]
    names: dict[str, str]  # region code → name, for every profiled region and peer


def region_profiles(
    session: Session,
    region: str,
    dataset: str | None = None,
    year: str | None = None,
    options: Options | None = None,
    reference: str | None = None,
    counts: str | None = None,
    level: str = "county",
) -> RegionProfiles:
    """Specialisation of `region` (a county: against its city's other counties; a city: each of its counties).

    The values come from `dataset` (a year of it, the latest by default; the quadrants compare with the
    year before when there is one), or without a dataset from the chain coverage of the region's city
    (firms per county and chain node). `reference` names a dataset to estimate proximity and PCI on;
    `counts`, a dataset of units (enterprises, employees) for the same year, gives the LQ intervals
    when the values are money. At `level` "township" the regions are the townships of the county (or of the
    city's counties), the values their register firms by industry division, against each other.
    """
    if level not in LEVELS:
        raise PanelError(lazy("层级须为 county 或 township，不是{value}", value=quote(level)))
    if level == "township" and (dataset or reference or counts):
        raise PanelError(lazy("乡镇层级统计名录企业：不用数据集"))
    try:
        found = find_region(session, region)
    except ChainViewError as error:
        raise PanelError(message_of(error)) from error
    if found is None:
        raise PanelError(unknown_division(session, region))
    city = found if found.level != "county" else region_of(session, found.parent_code or "")
    if city is None:
        raise PanelError(lazy("{name}（{code}）不属于任何城市", name=found.name, code=found.code))
    if level == "township":
        return _township_profiles(session, found, options or Options())
    now = panel(session, dataset, year) if dataset else coverage_panel(session, city.code)
    options = options or Options()
    before = options.before
    if dataset and before is None:
        earlier = [y for y in years(session, dataset) if now.year is not None and y < now.year]
        before = panel(session, dataset, earlier[-1]) if earlier else None
    names = counties_of(city.code)
    counties = [code for code in names if code in now.regions]
    if found.level == "county" and found.code not in now.regions:
        missing = lazy("{dataset}：没有{name}（{code}）的行", dataset=now.name, name=found.name, code=found.code)
        raise PanelError(missing)
    if not counties:
        raise PanelError(
            lazy("{dataset}：没有{name}（{code}）下辖县的行", dataset=now.name, name=city.name, code=city.code)
        )
    ref = reference_of(panel(session, reference)) if reference else options.reference
    units = panel(session, counts, now.year) if counts else options.counts
    chosen = replace(options, before=before, reference=ref, counts=units)
    found_profiles = profiles(now, counties, chosen)
    if found.level == "county":
        found_profiles = [p for p in found_profiles if p.region == found.code]
    return RegionProfiles(found.name, found.code, now.name, found_profiles, {c: names[c] for c in counties})


def _township_profiles(session: Session, found: Region, options: Options) -> RegionProfiles:
    """The profile of each township of a county (or of a city's counties) holding register firms."""
    counties = [found.code] if found.level == "county" else list(counties_of(found.code))
    now = township_panel(session, counties, found.name)
    if not now.regions:
        raise PanelError(lazy("{dataset}：名录中没有注明乡镇和行业代码的企业", dataset=now.name))
    names = {code: township_name(code) or code for code in now.regions}
    return RegionProfiles(found.name, found.code, now.name, profiles(now, now.regions, options), names)
