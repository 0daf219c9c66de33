"""Designation checks: does a cluster meet the national SME characteristic industrial cluster criteria?

The criteria are the quantitative ones of 工业和信息化部《促进中小企业特色产业集群发展暂行办法》
(工信部企业〔2022〕119号) as its announcement summarises them (占地面积一般不超过100平方公里，近三年产值均在
40亿元以上，中小企业产值占集群总产值70%以上，主导产业占集群总产值比例高于70%，产值年均增速高于10%),
each a `Rule` over a `DesignationInput` whose every value
carries the claim it was read from. A rule ends `pass`, `fail`, `missing` (no claim, or a claim that
does not settle it, e.g. 超30亿元 against 40亿元) or `not-applicable` (declared so by the caller).
The verdict is `meets` when every applicable rule passes, `fails` when one fails, else `incomplete`.

Reading of the text, and the assumptions made:

- the output and growth rules read the cluster's own `output_value` claims (产值: the cluster's output);
- 近三年 is the three years before the evaluation year (evaluated in 2026: 2023, 2024, 2025);
- 以上 and 不超过 include the threshold (exactly 40亿元, 70% SME share or 100 km² passes); 高于 does not
  (a leading-industry share of exactly 70% or growth of exactly 10% fails);
  an approximate value (约) counts as its value, a bound (超, 不足) only where it settles the rule;
- a 不设区的地级市 (东莞, 中山, 儋州: a prefecture with no county-level division under it) is county-level.

No database here: `services.designation_inputs` gathers the input from the store.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from chainatlas.domain import Qualifier, Unit
from chainatlas.i18n import N_, _, listing

YEARS = 3
MIN_OUTPUT = 4e9  # 40亿元, in yuan
MAX_AREA = 100e6  # 100 km², in m²
MIN_SHARE = 0.7
MIN_GROWTH = 0.1  # 产值年均增速高于10%
_LOWER_BOUNDS = (Qualifier.GT, Qualifier.GE)
_UPPER_BOUNDS = (Qualifier.LT, Qualifier.LE)
# A bound turned round with its number (> x ⇔ -value < -x): gt ↔ lt, ge ↔ le.
_MIRRORED: dict[str, str] = dict(zip(_LOWER_BOUNDS + _UPPER_BOUNDS, _UPPER_BOUNDS + _LOWER_BOUNDS, strict=True))


class UnknownRule(ValueError):
    """A rule id that is none of `RULE_IDS`."""


def window(year: int) -> tuple[int, ...]:
    """The three years before the evaluation year, oldest first (近三年)."""
    return tuple(range(year - YEARS, year))


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    MISSING = "missing"
    NOT_APPLICABLE = "not-applicable"


class Verdict(StrEnum):
    MEETS = "meets"
    FAILS = "fails"
    INCOMPLETE = "incomplete"


OUTCOME_NAMES = {Outcome.PASS: N_("达标"), Outcome.FAIL: N_("未达标"), Outcome.MISSING: N_("缺数据"),
                 Outcome.NOT_APPLICABLE: N_("不适用")}  # fmt: skip
VERDICT_NAMES = {Verdict.MEETS: N_("符合"), Verdict.FAILS: N_("不符合"), Verdict.INCOMPLETE: N_("数据不全")}


@dataclass(frozen=True, slots=True)
class Source:
    """The claim a value was read from: its id, document, the document's date and the sentence."""

    claim_id: int
    document: str
    date: str | None
    sentence: str


@dataclass(frozen=True, slots=True)
class Value:
    """A claimed number in its base unit (CNY, m2, ratio), as qualified (eq, gt, …), for a period."""

    value: float
    unit: str
    qualifier: str
    period: str | None
    source: Source


@dataclass(frozen=True, slots=True)
class Place:
    """The cluster's division; `county_level` when it is one county-level division (or a city without any)."""

    code: str
    name: str
    level: str
    county_level: bool
    source: Source | None


@dataclass(frozen=True, slots=True)
class DesignationInput:
    """What the rules read of one cluster, evaluated in `year`; `output` is by calendar year."""

    cluster: str
    year: int
    place: Place | None = None
    area: Value | None = None
    output: Mapping[int, Value] = field(default_factory=dict)
    sme_share: Value | None = None
    leading_share: Value | None = None

    @property
    def window(self) -> tuple[int, ...]:
        return window(self.year)


@dataclass(frozen=True, slots=True)
class Check:
    """A rule's outcome on one input, why, and the evidence used."""

    outcome: Outcome
    detail: str
    evidence: tuple[Value | Place, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One criterion: id, its label and the threshold in words (Chinese, marked for the catalog), and its check."""

    id: str
    label: str
    threshold: str
    check: Callable[[DesignationInput], Check]


@dataclass(frozen=True, slots=True)
class RuleResult:
    """A rule's outcome with its label and threshold in the language of the assessment."""

    id: str
    label: str
    threshold: str
    outcome: Outcome
    detail: str
    evidence: tuple[Value | Place, ...]


@dataclass(frozen=True, slots=True)
class Assessment:
    """Every rule's result and the verdict; `failed` and `missing` list rule ids."""

    cluster: str
    year: int
    window: tuple[int, ...]
    verdict: Verdict
    rules: tuple[RuleResult, ...]
    failed: tuple[str, ...]
    missing: tuple[str, ...]


# ---------------------------------------------------------------- comparisons


def _at_least(a: float, b: float) -> bool:
    return a >= b or math.isclose(a, b)


def at_least(claimed: Value, threshold: float) -> Outcome:
    """Whether the true value is ≥ `threshold`, given the claim's qualifier (a bound may not settle it)."""
    value, qualifier = claimed.value, claimed.qualifier
    if qualifier not in _UPPER_BOUNDS and _at_least(value, threshold):
        return Outcome.PASS
    below = not _at_least(value, threshold) or (qualifier == Qualifier.LT and _at_least(threshold, value))
    return Outcome.FAIL if qualifier not in _LOWER_BOUNDS and below else Outcome.MISSING


def above(claimed: Value, threshold: float) -> Outcome:
    """Whether the true value is > `threshold` (高于), given the claim's qualifier (a bound may not settle it)."""
    value, qualifier = claimed.value, claimed.qualifier
    equal = math.isclose(value, threshold)
    if qualifier not in _UPPER_BOUNDS and ((value > threshold and not equal) or (equal and qualifier == Qualifier.GT)):
        return Outcome.PASS
    return Outcome.FAIL if qualifier not in _LOWER_BOUNDS and (value < threshold or equal) else Outcome.MISSING


def at_most(claimed: Value, threshold: float) -> Outcome:
    """Whether the true value is ≤ `threshold`, given the claim's qualifier (a bound may not settle it): whether
    its negation is ≥ `-threshold`, a bound turned round (超 x → 低于 -x)."""
    qualifier = _MIRRORED.get(claimed.qualifier, claimed.qualifier)
    return at_least(replace(claimed, value=-claimed.value, qualifier=qualifier), -threshold)


def _unsettled(claimed: Value) -> str:
    bound = f"{claimed.qualifier} {claimed.value:g} {claimed.unit}"
    return _("所载为界限（{bound}），不足以判断").format(bound=bound)


def _one_value(
    claimed: Value | None, unit: str, compare: Callable[[Value, float], Outcome], threshold: float, what: str
) -> Check:
    """The check of a rule on one claimed value in `unit`, compared with `threshold`."""
    if claimed is None:
        return Check(Outcome.MISSING, _("无{what}数据").format(what=_(what)))
    assert claimed.unit == unit, f"{what} in {claimed.unit}, not {unit}"
    outcome = compare(claimed, threshold)
    settled = {Outcome.PASS: _("{what}在标准之内"), Outcome.FAIL: _("{what}超出标准")}
    settled = {key: text.format(what=_(what)) for key, text in settled.items()}
    return Check(outcome, settled.get(outcome) or _unsettled(claimed), (claimed,))


# ---------------------------------------------------------------- the rules


def county(data: DesignationInput) -> Check:
    """Within one county-level division: the cluster's region is a county (or a city without counties)."""
    place = data.place
    if place is None:
        return Check(Outcome.MISSING, _("集群未记所在地区"))
    if place.county_level:
        detail = _("{name}（{code}）是县级行政区划")
        return Check(Outcome.PASS, detail.format(name=place.name, code=place.code), (place,))
    detail = _("{name}（{code}）是{level}：含多个县级行政区划")
    level = _(LEVELS.get(place.level, place.level))
    return Check(Outcome.FAIL, detail.format(name=place.name, code=place.code, level=level), (place,))


def area(data: DesignationInput) -> Check:
    """Core area of the leading industry at most 100 km² (claims in m²)."""
    return _one_value(data.area, Unit.M2, at_most, MAX_AREA, N_("面积"))


def output(data: DesignationInput) -> Check:
    """The cluster's output at least 40亿元 in each year of the window; a year with no claim is missing."""
    outcomes = {y: at_least(data.output[y], MIN_OUTPUT) if y in data.output else None for y in data.window}
    evidence = tuple(data.output[y] for y in data.window if y in data.output)
    below = [y for y, o in outcomes.items() if o is Outcome.FAIL]
    if below:
        return Check(Outcome.FAIL, _("{years}年低于40亿元").format(years=listing(map(str, below))), evidence)
    if all(o is Outcome.PASS for o in outcomes.values()):
        return Check(Outcome.PASS, _("{years}年每年不低于40亿元").format(years=_years(data.window)), evidence)
    absent = [str(y) for y, o in outcomes.items() if o is None]
    unsettled = [str(y) for y, o in outcomes.items() if o is Outcome.MISSING]
    parts = [_("缺{years}年的数据").format(years=listing(absent))] if absent else []
    parts += [_("{years}年所载为界限，不足以判断").format(years=listing(unsettled))] if unsettled else []
    return Check(Outcome.MISSING, _("；").join(parts), evidence)


def growth(data: DesignationInput) -> Check:
    """Average annual growth of output over the window above 10% (产值年均增速高于10%).

    The rate is compound between the window's first and last years, ``(o(y3) / o(y1))^(1 / (y3 − y1)) − 1``,
    read from exact or approximate claims only (a bound such as 超50亿元 gives no rate); it is missing
    when either end of the window has no such claim.
    """
    first, last = data.window[0], data.window[-1]
    ends = [data.output.get(y) for y in (first, last)]
    known = [v for v in ends if v is not None and v.qualifier not in (*_LOWER_BOUNDS, *_UPPER_BOUNDS)]
    if len(known) < 2 or known[0].value <= 0:
        absent = listing(str(y) for y, v in zip((first, last), ends, strict=True) if v not in known)
        return Check(Outcome.MISSING, _("缺{years}年的确切产值").format(years=absent or first), tuple(known))
    rate = (known[1].value / known[0].value) ** (1 / (last - first)) - 1
    outcome = Outcome.PASS if rate > MIN_GROWTH and not math.isclose(rate, MIN_GROWTH) else Outcome.FAIL
    detail = _("{years}年产值年均增长{rate:.1%}").format(years=_years(data.window), rate=rate)
    return Check(outcome, detail, tuple(known))


def sme_share(data: DesignationInput) -> Check:
    """SMEs' share of the cluster's output at least 70% (70%以上)."""
    return _one_value(data.sme_share, Unit.RATIO, at_least, MIN_SHARE, N_("中小企业产值占比"))


def leading_share(data: DesignationInput) -> Check:
    """The leading industry's share of the cluster's output above 70% (高于70%)."""
    return _one_value(data.leading_share, Unit.RATIO, above, MIN_SHARE, N_("主导产业占比"))


def _years(window: tuple[int, ...]) -> str:
    return f"{window[0]}–{window[-1]}"


RULES: tuple[Rule, ...] = (
    Rule("county", N_("位于一个县级行政区划内"), N_("1个县级行政区划"), county),
    Rule("area", N_("主导产业集中区域面积原则上不超过100平方公里"), N_("≤ 100平方公里"), area),
    Rule("output", N_("近三年产值均在40亿元以上"), N_("每年≥ 40亿元"), output),
    Rule("growth", N_("近三年产值年均增速高于10%"), N_("每年> 10%"), growth),
    Rule("sme_share", N_("中小企业产值占集群总产值70%以上"), N_("≥ 70%"), sme_share),
    Rule("leading_share", N_("主导产业占集群总产值比例高于70%"), N_("> 70%"), leading_share),
)
LEVELS: dict[str, str] = {
    "country": N_("国家"), "province": N_("省级行政区"), "city": N_("地级市"), "county": N_("县级行政区"),
    "township": N_("乡镇（街道）"),
}  # fmt: skip
RULE_IDS = tuple(rule.id for rule in RULES)


def assess(data: DesignationInput, not_applicable: Collection[str] = ()) -> Assessment:
    """Every rule on `data` (those in `not_applicable` marked so, unchecked) and the verdict."""
    if unknown := set(not_applicable) - set(RULE_IDS):
        raise UnknownRule(_("没有规则 {unknown}（规则：{rules}）").format(unknown=listing(sorted(unknown)),
                                                                     rules=listing(RULE_IDS)))  # fmt: skip
    results = []
    for rule in RULES:
        found = (
            Check(Outcome.NOT_APPLICABLE, _("已声明不适用")) if rule.id in not_applicable else rule.check(data)
        )
        results.append(
            RuleResult(rule.id, _(rule.label), _(rule.threshold), found.outcome, found.detail, found.evidence)
        )
    failed = tuple(r.id for r in results if r.outcome is Outcome.FAIL)
    missing = tuple(r.id for r in results if r.outcome is Outcome.MISSING)
    verdict = Verdict.FAILS if failed else Verdict.INCOMPLETE if missing else Verdict.MEETS
    return Assessment(data.cluster, data.year, data.window, verdict, tuple(results), failed, missing)
