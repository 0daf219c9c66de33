"""The shared vocabulary: the enums and dataclasses every layer speaks.

Extracted facts follow the exchange format of `docs/facts.md` (v1): one
dataclass per fact kind, field names as in the spec, so that `facts.to_json`
is a plain mapping. Offsets are Python `str` indices into a document's decoded
text, end exclusive, with line endings as they were in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar, Literal, get_args

from chainatlas.i18n import N_


class Unit(StrEnum):
    """Base units of indicator values."""

    CNY = "CNY"
    COUNT = "count"
    M2 = "m2"
    MONTH = "month"
    RATIO = "ratio"


class Qualifier(StrEnum):
    """How a stated number relates to the true one (超 → gt, 约 → approx, …)."""

    EQ = "eq"
    GT = "gt"
    GE = "ge"
    LT = "lt"
    LE = "le"
    APPROX = "approx"


class Stage(StrEnum):
    """Stages of an investment project's life, in order."""

    SIGNED = "signed"
    LANDED = "landed"
    STARTED = "started"
    COMPLETED = "completed"
    POWERED = "powered"
    PERMITTED = "permitted"
    PRODUCTION = "production"
    MASS_PRODUCTION = "mass_production"
    FULL_CAPACITY = "full_capacity"


class ClusterLevel(StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"


class Role(StrEnum):
    """An enterprise's role relative to the cluster under discussion."""

    LEADER = "leader"
    MEMBER = "member"
    CUSTOMER = "customer"
    SUPPLIER = "supplier"


class PlatformType(StrEnum):
    INSTITUTE = "institute"
    WORKSTATION = "workstation"
    PARK = "park"
    ZONE = "zone"
    OTHER = "other"


class ArticleKind(StrEnum):
    NEWS = "news"
    PHOTO = "photo"


class ReviewStatus(StrEnum):
    """Where a claim stands with its reviewers."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Decision(StrEnum):
    """Where a firm's placement on a chain node, or its membership of a cluster, stands: only a user confirms
    or rejects."""

    CONFIRMED = "confirmed"
    UNCERTAIN = "uncertain"
    REJECTED = "rejected"


# A service request's course: open → responded → resolved → confirmed (an unsatisfied confirmation reopens it).
RequestStatus = Literal["open", "responded", "resolved", "confirmed"]
REQUEST_STATUSES: tuple[RequestStatus, ...] = get_args(RequestStatus)
# What a web user may do: read, also edit, also manage users.
UserRole = Literal["viewer", "editor", "admin"]
USER_ROLES: tuple[UserRole, ...] = get_args(UserRole)

REVIEW_STATUS_NAMES: dict[str, str] = {ReviewStatus.PROPOSED: N_("待审核"), ReviewStatus.ACCEPTED: N_("已接受"),
                       ReviewStatus.REJECTED: N_("已驳回")}  # fmt: skip
CLAIM_KIND_NAMES = {"article": N_("文章"), "cluster": N_("集群认定"), "enterprise": N_("企业信息"),
                    "platform": N_("平台"), "indicator": N_("指标数据"), "supply": N_("供应关系"),
                    "project": N_("项目信息"), "ranking": N_("排名")}  # fmt: skip


# The spec's metric vocabulary; anything else is written "x:<label>".
METRICS: frozenset[str] = frozenset(
    {
        "output_value", "revenue", "export_value", "cross_border_export", "investment",
        "expected_annual_output", "enterprise_count", "sme_count", "employee_count",
        "invention_patents", "standards_led_national", "standards_led_industry",
        "standards_led_group", "standards_participated_national", "standards_participated_group",
        "project_count", "floor_area", "yoy_growth", "market_share", "product_count", "site_count",
        "cluster_count_national", "cluster_count_provincial", "duration_months",
    }
)


def is_metric(name: str) -> bool:
    """True for a vocabulary metric or an `x:` label."""
    return name in METRICS or (name.startswith("x:") and len(name) > 2)


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets [start, end) into a document's decoded text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(slots=True)
class Fact:
    """What every extracted fact carries: its document, evidence span and confidence."""

    KIND: ClassVar[str] = ""
    doc: str
    evidence: Span
    confidence: float | None = None


@dataclass(slots=True)
class NamedFact(Fact):
    """A fact about something named: a cluster, enterprise, platform or project, with the other forms of its name
    in the text."""

    name: str = ""
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ArticleFact(Fact):
    KIND: ClassVar[str] = "article"
    headline: str = ""
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    dateline: str | None = None
    continued_on: str | None = None
    kind_of: ArticleKind = ArticleKind.NEWS
    text_start: int = 0
    text_end: int = 0


@dataclass(slots=True)
class ClusterFact(NamedFact):
    KIND: ClassVar[str] = "cluster"
    region: str | None = None
    region_code: str | None = None
    level: ClusterLevel | None = None
    recognised_year: int | None = None
    products: list[str] = field(default_factory=list)


@dataclass(slots=True)
class EnterpriseFact(NamedFact):
    KIND: ClassVar[str] = "enterprise"
    region: str | None = None
    products: list[str] = field(default_factory=list)
    role: Role | None = None


@dataclass(slots=True)
class PlatformFact(NamedFact):
    KIND: ClassVar[str] = "platform"
    type: PlatformType | None = None
    region: str | None = None  # the county or city its name opens with (嘉善经济技术开发区 → 嘉善县)


@dataclass(slots=True)
class IndicatorFact(Fact):
    KIND: ClassVar[str] = "indicator"
    subject: str = ""
    metric: str = ""
    value: float = 0.0
    unit: Unit = Unit.COUNT
    qualifier: Qualifier = Qualifier.EQ
    period: str | None = None


@dataclass(slots=True)
class SupplyFact(Fact):
    KIND: ClassVar[str] = "supply"
    supplier: str = ""
    customer: str = ""
    product: str | None = None
    share: float | None = None
    qualifier: Qualifier | None = None


@dataclass(frozen=True, slots=True)
class StageEvent:
    """A dated stage: date is ISO (2026-06-05), a month (2026-06), a quarter (2027-Q3) or a year."""

    stage: Stage
    date: str
    planned: bool


@dataclass(slots=True)
class ProjectFact(NamedFact):
    KIND: ClassVar[str] = "project"
    owner: str | None = None
    region: str | None = None
    investment: float | None = None
    events: list[StageEvent] = field(default_factory=list)


@dataclass(slots=True)
class RankingFact(Fact):
    KIND: ClassVar[str] = "ranking"
    subject: str = ""
    metric: str = ""
    rank: int = 0
    scope: str | None = None


FACT_TYPES: dict[str, type[Fact]] = {
    cls.KIND: cls
    for cls in (
        ArticleFact, ClusterFact, EnterpriseFact, PlatformFact,
        IndicatorFact, SupplyFact, ProjectFact, RankingFact,
    )
}
