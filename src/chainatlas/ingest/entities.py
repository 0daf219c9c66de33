"""The entities of one document: every way each is written, and what the text says of it.

A cluster, firm, platform or project is often written several ways on one page
(浙江百润轴承有限公司 … 百润轴承; 嘉善经济技术开发区 … 嘉善经开区). The registry
gives each one record, keyed by its name with legal forms, leading place names and
generic words removed, and merges a short form into the full one that contains it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from chainatlas.domain import ClusterLevel, PlatformType, Role, Span, StageEvent
from chainatlas.ingest.gazetteer import Gazetteer
from chainatlas.ingest.lexicon import BRANCH, CJK, GROUP, LIMITED

_LEGAL = re.compile(f"(?:{LIMITED})(?:[{CJK}]{{2,6}}?(?:{BRANCH}))?|{GROUP}|公司|{BRANCH}")
_GENERIC = {
    "cluster": re.compile("中小企业|特色|产业集群|集群|产业|县域"),
    "project": re.compile("项目$"),
    "platform": re.compile("经济技术开发区|经开区"),
}
_HAN = re.compile("[\u4e00-\u9fff]")
_ABBREVIATIONS = (("经济技术开发区", "经开区"), ("高新技术产业开发区", "高新区"))


@dataclass(eq=False)
class Entity:
    """One cluster, enterprise, platform or project of a document and what is said of it."""

    kind: str
    key: str
    surfaces: Counter[str] = field(default_factory=Counter)
    spans: dict[str, Span] = field(default_factory=dict)
    region: str | None = None
    region_code: str | None = None
    region_rank: int = 0
    level: ClusterLevel | None = None
    recognised_year: int | None = None
    products: list[str] = field(default_factory=list)
    role: Role | None = None
    platform_type: PlatformType | None = None
    owner: Entity | None = None
    investment: float | None = None
    events: list[StageEvent] = field(default_factory=list)
    ceremony: StageEvent | None = None  # a project named after a dated ceremony of its article (集中开工)
    home: str | None = None  # the code of the place its first name opens with

    @property
    def name(self) -> str:
        """The longest form seen (the spec's rule for names), a Chinese one before a Latin one."""
        return max(self.surfaces, key=lambda s: (bool(_HAN.search(s)), len(s), self.surfaces[s]))

    @property
    def aliases(self) -> list[str]:
        """The other forms written, most frequent first."""
        name = self.name
        return [s for s, _ in self.surfaces.most_common() if s != name]

    @property
    def evidence(self) -> Span:
        return self.spans[self.name]

    def add_products(self, products: list[str]) -> None:
        for product in products:
            if product not in self.products:
                self.products.append(product)

    def place(self, name: str, code: str | None, rank: int) -> None:
        """Set the region when this source of it (rank) is better than the one before."""
        if rank > self.region_rank:
            self.region, self.region_code, self.region_rank = name, code, rank

    def add_event(self, event: StageEvent) -> None:
        if all(e.stage != event.stage for e in self.events):
            self.events.append(event)


class Registry:
    """The entities of one document, found by any of their names."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.entities: list[Entity] = []
        self._by_key: dict[tuple[str, str], Entity] = {}
        self.aliases: dict[str, Entity] = {}

    def strip_region(self, name: str) -> str:
        """Drop a leading run of place names (浙江平湖… → …) unless nothing would be left."""
        while True:
            mentions = self.gazetteer.find(name)
            if not mentions or mentions[0].start != 0 or len(name) - mentions[0].end < 2:
                return name
            name = name[mentions[0].end:]

    def key(self, kind: str, surface: str) -> str:
        text = "".join(surface.split())
        for long, short in _ABBREVIATIONS:
            text = text.replace(long, short)
        if kind == "enterprise":
            text = _LEGAL.sub("", text) or text
        if generic := _GENERIC.get(kind):
            text = generic.sub("", text) or text
        return self.strip_region(text)

    def home(self, surface: str) -> str | None:
        """The code of the place a name opens with (郧阳区… → 420304), or None."""
        found = self.gazetteer.find(surface)
        return found[0].place.code if found and found[0].start == 0 else None

    def add(self, kind: str, surface: str, span: Span, platform_type: PlatformType | None = None) -> Entity:
        """The entity written `surface` at `span`, created or merged with a known one."""
        key = self.key(kind, surface)
        entity = self._by_key.get((kind, key))
        if entity is None:  # the place scan only for a name not seen in this form before
            home = self.home(surface)
            entity = self._containing(kind, key, platform_type, home)
            if entity is None:
                entity = Entity(kind, key, platform_type=platform_type, home=home)
                self.entities.append(entity)
        self._by_key[(kind, key)] = entity
        entity.surfaces[surface] += 1
        entity.spans.setdefault(surface, span)
        return entity

    def _containing(
        self, kind: str, key: str, platform_type: PlatformType | None, home: str | None
    ) -> Entity | None:
        """A known entity whose key contains this one, or is contained in it (百润轴承 ~ 浙江百润轴承), unless
        the two names open with different places (郧阳区汽车… ≠ 江夏区汽车…)."""
        if len(key) < 2:
            return None
        for entity in self.entities:
            if entity.kind != kind or entity.platform_type != platform_type or len(entity.key) < 2:
                continue
            if home and entity.home and home != entity.home:
                continue
            short, long = sorted((key, entity.key), key=len)
            if short in long and (len(short) >= 4 or long.startswith(short) or long.endswith(short)):
                return entity  # a short key inside a long one only at an edge (航空 ≠ 成德绵航空航天)
        return None

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities if e.kind == kind]
