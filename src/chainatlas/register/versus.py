"""The register beside the news: where they disagree about a firm, which value is shown, and by which rule.

The register is the bureau's own record. For **identity fields** (name, county, main products) it outranks the
news whatever the news says (rule `identity`). For **figures** (output value, employees) it is an official
source, so the claims' precedence applies (``services.precedence``: review first, then official before news): a
news figure a reviewer accepted is shown (`reviewed`), else the register's (`official`).

A news value that agrees is no disagreement: the same folded name, a place that holds or lies inside the
register's county, products the register lists, a figure within rounding of the register's (1 %, 10 % for 约)
or on the right side of a 超/不足 bound. The township and the industry code are identity fields too, but the news
never states them, so nothing disagrees there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from chainatlas.i18n import N_

Value = str | float | tuple[str, ...]


class Rule(StrEnum):
    """What picks the shown value."""

    IDENTITY = "identity"
    OFFICIAL = "official"
    REVIEWED = "reviewed"


RULES = {
    Rule.IDENTITY: N_("身份字段以企业名录为准"),
    Rule.OFFICIAL: N_("企业名录是官方记录，优先于新闻"),
    Rule.REVIEWED: N_("审核人已采纳新闻数值"),
}
IDENTITY_FIELDS = ("name", "region", "products")
FIGURE_FIELDS = ("output_value", "employees")
FIELD_LABELS = {
    "name": N_("企业名称"),
    "region": N_("所在县(市、区)"),
    "products": N_("主要产品"),
    "output_value": N_("工业总产值"),
    "employees": N_("从业人员"),
}
ROUNDING = {"eq": 0.01, "approx": 0.1}  # the relative difference a stated figure may have from the register's


@dataclass(frozen=True, slots=True)
class Said:
    """One value the news gives a field (a folded name, a region code, one product or a figure) and its claim."""

    value: Value
    claim_id: int
    qualifier: str = "eq"
    period: str | None = None
    accepted: bool = False


@dataclass(frozen=True, slots=True)
class Side:
    """One field where the news disagrees with the register: both sides, the value shown and the rule."""

    field: str
    register: Value
    news: tuple[Said, ...]
    shown: Said | None  # None: the register's value
    rule: Rule


def _ancestry(code: str) -> set[str]:
    """A division code and the codes of the divisions holding it (province, city, county)."""
    return {code, code[:2] + "0000", code[:4] + "00", code[:6]}


def _nested(a: str, b: str) -> bool:
    return a in _ancestry(b) or b in _ancestry(a)


def _agrees(field: str, register: Value, said: Said) -> bool:
    if field == "region":
        return _nested(str(register), str(said.value))
    if field == "products":
        return isinstance(register, tuple) and said.value in register
    if isinstance(register, float | int) and isinstance(said.value, float | int):
        if said.qualifier in ("gt", "ge"):
            return register >= said.value
        if said.qualifier in ("lt", "le"):
            return register <= said.value
        tolerance = ROUNDING.get(said.qualifier, ROUNDING["eq"])
        return abs(register - said.value) <= tolerance * max(abs(register), abs(said.value))
    return register == said.value


def _reviewed(news: Sequence[Said]) -> Said | None:
    """The accepted news figure of the latest period (then the latest claim), if any."""
    accepted = [s for s in news if s.accepted]
    return max(accepted, key=lambda s: (s.period or "", s.claim_id)) if accepted else None


def side_by_side(register: Mapping[str, Value | None], news: Mapping[str, Sequence[Said]]) -> list[Side]:
    """Each field (in `IDENTITY_FIELDS`, then `FIGURE_FIELDS` order) where a news value disagrees with the
    register's: the disagreeing values, the one shown and the rule. Fields the register leaves empty are skipped."""
    sides = []
    for field in (*IDENTITY_FIELDS, *FIGURE_FIELDS):
        stated = register.get(field)
        if stated is None or stated == ():
            continue
        against = tuple(s for s in news.get(field, ()) if not _agrees(field, stated, s))
        if not against:
            continue
        if field in IDENTITY_FIELDS:
            sides.append(Side(field, stated, against, None, Rule.IDENTITY))
        elif (shown := _reviewed(against)) is not None:
            sides.append(Side(field, stated, against, shown, Rule.REVIEWED))
        else:
            sides.append(Side(field, stated, against, None, Rule.OFFICIAL))
    return sides
