"""What the designation rules read of one cluster, gathered from its claims in the store.

Values are the shown claims (`queries.winner`, the rule in `precedence`) among the cluster's
indicator claims not rejected, in the store's base units (yuan, m², ratio; 亿元 and 万元 were
converted at extraction):

- output by year: `output_value` in CNY for period `YYYY`, one per year of the window;
- area: the latest `floor_area` in m²;
- SME share: the latest ratio of an `x:` metric naming 中小企业 and 产值 (集群中小企业产值 …占比);
- leading share: the latest ratio of an `x:` metric naming 主导产业 and 产值, not 中小企业 (主导产业产值占比).

Growth metrics (增长, 增速) are neither, nor shares of anything but output (主导产业贡献份额 of
investment). `x:` labels compare as equal (facts.md), so among them the latest period wins, then precedence.

The region is the cluster's stored one, cited by the earliest cluster claim that names it (the one
that set it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chainatlas.analytics.designation import DesignationInput, Place, Source, Value, window
from chainatlas.domain import Unit
from chainatlas.i18n import _
from chainatlas.ingest.gazetteer import Gazetteer
from chainatlas.services import queries
from chainatlas.services.curate import find_entity
from chainatlas.services.entity_records import EntityRecord, entity_record
from chainatlas.services.queries import Figure, claim_rows, figure_of, latest, source_of, winner
from chainatlas.store import tables
from chainatlas.suggest import quoted

_GROWTH = re.compile("增长|增速|增幅")


class DesignationError(LookupError):
    """A name that is not one cluster."""


def is_sme_share(metric: str) -> bool:
    """An `x:` metric of the SMEs' output (集群中小企业产值, 中小企业主导产业产值占比); as a ratio, their share."""
    label = metric.removeprefix("x:")
    return metric.startswith("x:") and "中小企业" in label and "产值" in label


def is_leading_share(metric: str) -> bool:
    """An `x:` metric of the leading industry's output (主导产业产值占比, 集群主导产业产值); as a ratio, its share."""
    label = metric.removeprefix("x:")
    return metric.startswith("x:") and "主导产业" in label and "产值" in label and not is_sme_share(metric)


def find_cluster(session: Session, name: str) -> EntityRecord:
    """The cluster called `name` (any alias, or #ID); CurationError when unknown or ambiguous."""
    entity = entity_record(find_entity(session, name))
    if entity.kind != "cluster":
        raise DesignationError(_("{name}是{kind}，不是集群").format(name=quoted(name), kind=entity.kind))
    return entity


def _cite(claim_id: int, source: queries.Source) -> Source:
    return Source(claim_id, source.document, source.date, source.sentence)


def _value(figure: Figure) -> Value:
    return Value(figure.value, figure.unit, figure.qualifier, figure.period, _cite(figure.claim_id, figure.source))


def _latest(figures: Iterable[Figure], unit: str, metric: Callable[[str], bool]) -> Value | None:
    shown = latest(f for f in figures if f.unit == unit and metric(f.metric) and not _GROWTH.search(f.metric))
    return _value(shown) if shown else None


def _names_region(data: Mapping[str, Any], code: str) -> bool:
    """True when a cluster claim's fact gives the region `code`, by code or by a place name."""
    region = data.get("region")
    place = Gazetteer.bundled().lookup(region) if isinstance(region, str) else None
    return data.get("region_code") == code or (place is not None and place.code == code)


def place_of(session: Session, cluster: EntityRecord) -> Place | None:
    """The cluster's stored division, whether it is county-level, and the claim that names it."""
    region = session.get(tables.Region, cluster.region_code) if cluster.region_code else None
    if region is None:
        return None
    counties = session.scalar(select(func.count()).where(tables.Region.parent_code == region.code))
    rows = claim_rows(session, [tables.Claim.subject_id == cluster.id, tables.Claim.kind == "cluster"])
    named = next((row for row in rows if _names_region(row[0].data, region.code)), None)
    return Place(
        region.code,
        region.name,
        region.level,
        region.level == "county" or (region.level == "prefecture" and not counties),
        _cite(named[0].id, source_of(named)) if named else None,
    )


def designation_input(session: Session, cluster: EntityRecord, year: int) -> DesignationInput:
    """The designation rules' input for `cluster` evaluated in `year`, every value with its claim."""
    rows = claim_rows(
        session,
        [
            tables.Claim.subject_id == cluster.id,
            tables.Claim.kind == "indicator",
            tables.Claim.metric.is_not(None),
            tables.Claim.value.is_not(None),
        ],
    )
    figures = [figure_of(row) for row in rows]
    output: dict[int, Value] = {}
    for y in window(year):
        shown = [f for f in figures if f.metric == "output_value" and f.unit == Unit.CNY and f.period == str(y)]
        if shown:
            output[y] = _value(winner(shown)[0])
    return DesignationInput(
        cluster=cluster.name,
        year=year,
        place=place_of(session, cluster),
        area=_latest(figures, Unit.M2, lambda m: m == "floor_area"),
        output=output,
        sme_share=_latest(figures, Unit.RATIO, is_sme_share),
        leading_share=_latest(figures, Unit.RATIO, is_leading_share),
    )
