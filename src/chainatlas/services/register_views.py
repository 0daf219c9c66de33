"""A register firm's record beside what the news says about it (the rules: ``register.versus``).

:func:`register_view` reads the register's columns of an enterprise and the news claims about it (its enterprise
claims' name, place and products, its output-value and employee figures), hands both to
:func:`register.versus.side_by_side`, and returns the record with every disagreement, each news value with its
source sentence. An enterprise the register does not hold has no view.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from chainatlas.domain import ReviewStatus, Unit
from chainatlas.ingest.gazetteer import Gazetteer
from chainatlas.register.versus import Said, Value, side_by_side
from chainatlas.services.entity_records import EntityRecord
from chainatlas.services.queries import Source, claim_rows, source_of, township_name
from chainatlas.store import tables
from chainatlas.store.names import fold

# Figure fields → the claims' metric and unit that state them.
FIGURE_METRICS: dict[str, tuple[str, str]] = {
    "output_value": ("output_value", Unit.CNY),
    "employees": ("employee_count", Unit.COUNT),
}


@dataclass(frozen=True, slots=True)
class RegisterRecord:
    """What the register holds of a firm (`source`: the file, sheet and row it was last imported from)."""

    source: str
    credit_code: str | None
    county: str | None
    township: str | None
    industry_code: str | None
    products: list[str]
    output_value: float | None
    employees: int | None
    sme_class: str | None


@dataclass(frozen=True, slots=True)
class NewsValue:
    """A news value disagreeing with the register: as written (a figure: its value, qualifier and period)."""

    value: str | float
    claim_id: int
    source: Source
    qualifier: str = "eq"
    period: str | None = None


@dataclass(frozen=True, slots=True)
class RegisterSide:
    """One field the news disagrees on: the register's value, the news values, which is shown and the rule."""

    field: str
    register: str | float | list[str]
    unit: str | None
    news: list[NewsValue]
    shown: str  # "register", or "news" (then `shown_claim` is the claim shown)
    rule: str
    shown_claim: int | None = None


@dataclass(frozen=True, slots=True)
class RegisterView:
    """An enterprise's register record and where the news disagrees with it."""

    record: RegisterRecord
    sides: list[RegisterSide] = field(default_factory=list)


def _record(session: Session, firm: tables.Enterprise, source: str) -> RegisterRecord:
    region = session.get(tables.Region, firm.region_code) if firm.region_code else None
    return RegisterRecord(
        source=source,
        credit_code=firm.credit_code,
        county=region.name if region else None,
        township=township_name(firm.township_code),
        industry_code=firm.industry_code,
        products=list(firm.products or []),
        output_value=firm.output_value,
        employees=firm.employees,
        sme_class=firm.sme_class,
    )


Written = dict[tuple[str, Said], tuple[str | float, Row[Any]]]


def _news(rows: list[Row[Any]]) -> tuple[dict[str, list[Said]], Written]:
    """The news values by field, and each (field, value) as written with its claim's row."""
    said: dict[str, list[Said]] = defaultdict(list)
    written: Written = {}
    figures = {(metric, unit): key for key, (metric, unit) in FIGURE_METRICS.items()}

    def add(key: str, value: Value, shown: str | float, row: Row[Any], **how: Any) -> None:
        claim: tables.Claim = row[0]
        said[key].append(one := Said(value, claim.id, accepted=claim.status == ReviewStatus.ACCEPTED, **how))
        written[key, one] = (shown, row)

    for row in rows:
        claim: tables.Claim = row[0]
        if claim.kind == "enterprise":
            if name := claim.data.get("name"):
                add("name", fold(name), name, row)
            if (place := claim.data.get("region")) and (found := Gazetteer.bundled().lookup(place)) is not None:
                add("region", found.code, place, row)
            for product in claim.data.get("products") or ():
                add("products", product, product, row)
        elif (key := figures.get((claim.metric or "", claim.unit or ""))) and claim.value is not None:
            how = {"qualifier": claim.qualifier or "eq", "period": claim.period}
            add(key, claim.value, claim.value, row, **how)
    return said, written


def register_view(session: Session, entity: EntityRecord) -> RegisterView | None:
    """The register's record of the firm `entity` and the news values that disagree with it; None outside the
    register (and for a cluster or platform)."""
    firm = session.get(tables.Enterprise, entity.id) if entity.kind == "enterprise" else None
    if firm is None or firm.register_source is None:
        return None
    register: dict[str, Value | None] = {
        "name": firm.name,
        "region": firm.region_code,
        "products": tuple(firm.products or ()),
        "output_value": firm.output_value,
        "employees": float(firm.employees) if firm.employees is not None else None,
    }
    said, written = _news(claim_rows(session, [tables.Claim.subject_id == firm.id]))
    record = _record(session, firm, firm.register_source)
    as_shown: dict[str, str | float | list[str]] = {
        "name": firm.name, "region": record.county or firm.region_code or "", "products": record.products,
        "output_value": firm.output_value or 0.0, "employees": float(firm.employees or 0),
    }  # fmt: skip
    sides = []
    for side in side_by_side(register, said):
        news = []
        for s in side.news:
            shown, row = written[side.field, s]
            news.append(NewsValue(shown, s.claim_id, source_of(row), s.qualifier, s.period))
        unit = FIGURE_METRICS[side.field][1] if side.field in FIGURE_METRICS else None
        sides.append(
            RegisterSide(
                field=side.field, register=as_shown[side.field], unit=unit, news=news,
                shown="register" if side.shown is None else "news", rule=side.rule.value,
                shown_claim=None if side.shown is None else side.shown.claim_id,
            )
        )  # fmt: skip
    return RegisterView(record, sides)
