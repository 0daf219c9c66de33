"""What a briefing holds, ready to print: every text formatted, every figure numbered to its source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SourceNote:
    """A document a figure comes from, numbered as the briefing cites it: [1], [2] …"""

    number: int
    title: str
    date: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """One line of the key figures: whose, what, how much, when, and the source's number."""

    subject: str
    label: str
    value: str
    period: str
    source: int


@dataclass(frozen=True, slots=True)
class ChainLine:
    """A chain as the area holds it: nodes held of all, the empty and fragile nodes, leaders and leads."""

    chain: str
    held: int
    nodes: int
    empty: tuple[str, ...]
    fragile: tuple[str, ...]
    leaders: tuple[str, ...]
    leads: tuple[str, ...]  # "firm（node）"


@dataclass(frozen=True, slots=True)
class LateProject:
    """A project behind schedule: where it stands, what is due and since when, and why."""

    name: str
    place: str
    reached: str  # the last stage and its day
    due: str  # the next stage and its due day
    late: str  # "逾期 120 天", "停滞 200 天"
    cause: str


@dataclass(frozen=True, slots=True)
class Briefing:
    """A briefing on one cluster or county as of a day."""

    kind: str  # "cluster" or "county"
    title: str
    facts: tuple[tuple[str, str], ...]  # (label, text) lines under the title: county, level, as of …
    as_of: dt.date
    figures: list[KeyFigure] = field(default_factory=list)
    chains: list[ChainLine] = field(default_factory=list)
    projects: list[LateProject] = field(default_factory=list)
    sources: list[SourceNote] = field(default_factory=list)

    @property
    def file_stem(self) -> str:
        """A file name for it: 平湖市产业集群简报-2026-12-05."""
        return f"{self.title}-{self.as_of.isoformat()}"
