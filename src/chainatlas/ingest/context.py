"""Sentences with their named mentions, and the discourse focus that carries across them.

News prose names a cluster once and then says 集群 or 该项目; the focus remembers,
per article, which cluster, firm, project and zone the text is currently about.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from chainatlas.domain import Role, Span, Stage, StageEvent
from chainatlas.ingest.entities import Entity
from chainatlas.ingest.gazetteer import PlaceMention
from chainatlas.ingest.page import Paragraph

_SENTENCE = re.compile("[^。！？!?；;]+[。！？!?；;]*[”’」』)）]?")
_CLAUSE_BREAK = re.compile("[，,：:。！？!?；;]")
# The longest sentence read as one (the longest in the evaluation pages has 652 characters). The readers
# look back over a sentence's earlier clauses for each figure, name and stage cue (an anaphor many clauses
# back, a group the clause list opens with), so one unbounded sentence would cost time quadratic in its
# length; a longer run of text is read in pieces of at most this many characters, cut after a clause break.
MAX_SENTENCE = 2000
# Words that refer back to an entity of a kind named earlier (集群 … 该项目 … 企业 … 产业园).
ANAPHORS: dict[str, str] = {
    "集群": "cluster", "项目": "project", "企业": "enterprise", "公司": "enterprise",
    "产业园": "park", "园区": "park", "经开区": "zone", "开发区": "zone", "高新区": "zone",
}
_ANAPHOR_AT = re.compile(
    "(?:目前|如今|现在|当前|今年|截至目前|近年来)?[，,]?(?:该|这个|此)?(" + "|".join(ANAPHORS) + ")"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity named in a sentence at [start, end) of the sentence text."""

    entity: Entity
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    """One sentence of a paragraph, with what it names."""

    text: str
    paragraph: Paragraph
    offset: int
    mentions: list[Mention] = field(default_factory=list)
    inner: list[Mention] = field(default_factory=list)  # names inside other names (a park in a project's)
    places: list[PlaceMention] = field(default_factory=list)
    breaks: list[int] = field(init=False, repr=False)  # where each clause after the first begins

    def __post_init__(self) -> None:
        self.breaks = [m.end() for m in _CLAUSE_BREAK.finditer(self.text)]

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """The document span of text[start:end] of this sentence."""
        stop = len(self.text) if end is None else end
        return self.paragraph.span(self.offset + start, self.offset + stop)

    def clause_start(self, index: int) -> int:
        """Where the clause holding `index` begins."""
        count = bisect_right(self.breaks, index)
        return self.breaks[count - 1] if count else 0

    def clause_starts(self, index: int) -> list[int]:
        """The starts of the clauses before `index`, the sentence's first included."""
        return [0, *self.breaks[:bisect_right(self.breaks, index)]]

    def clause_end(self, index: int) -> int:
        found = _CLAUSE_BREAK.search(self.text, index)
        return found.start() if found else len(self.text)

    def of_kind(self, *kinds: str) -> list[Mention]:
        return [m for m in self.mentions if m.entity.kind in kinds]

    def before(self, index: int, *kinds: str) -> Mention | None:
        """The nearest mention of these kinds ending at or before `index`."""
        found = [m for m in self.of_kind(*kinds) if m.end <= index]
        return found[-1] if found else None

    def after(self, index: int, *kinds: str) -> Mention | None:
        found = [m for m in self.of_kind(*kinds) if m.start >= index]
        return found[0] if found else None

    def counties(self) -> list[PlaceMention]:
        return [p for p in self.places if p.place.level == "county"]


def sentences(paragraph: Paragraph) -> Iterator[Sentence]:
    """The sentences of a paragraph (split after 。！？； and their closing quotes), each of at most
    MAX_SENTENCE characters."""
    for match in _SENTENCE.finditer(paragraph.text):
        for start, end in pieces(match.group()):
            if (text := match.group()[start:end]).strip():
                yield Sentence(text, paragraph, match.start() + start)


def pieces(text: str, limit: int = MAX_SENTENCE) -> Iterator[tuple[int, int]]:
    """Where to cut a sentence into runs of at most `limit` characters: after the last clause break
    that fits (at `limit` when none does). A sentence within the limit is one piece."""
    start = 0
    while len(text) - start > limit:
        stop = start + limit
        cut = max((m.end() for m in _CLAUSE_BREAK.finditer(text, stop - limit // 2, stop)), default=stop)
        yield start, cut
        start = cut
    yield start, len(text)


@dataclass(slots=True)
class Focus:
    """What an article is about at this point: the last topic of each kind."""

    topics: dict[str, Entity] = field(default_factory=dict)
    previous: Sentence | None = None
    heading: Entity | None = None  # the project a section heading names (半导体器件模组产业化项目)
    batches: dict[Stage, StageEvent] = field(default_factory=dict)  # 集中开工 and its date
    place: str | None = None  # the place the last figure was about (全市, 椒江区)
    year: str | None = None  # the last year the article named (2021年)

    def of(self, kind: str) -> Entity | None:
        return self.topics.get(kind)

    def update(self, sentence: Sentence) -> None:
        """The first mention of each kind in a sentence becomes that kind's topic."""
        seen: set[str] = set()
        for mention in sentence.mentions + sentence.inner:
            entity = mention.entity
            kind = entity.kind if entity.platform_type is None else entity.platform_type.value
            if kind in seen or entity.role is Role.CUSTOMER:
                continue
            self.topics[kind] = entity
            seen.add(kind)
            if entity.kind == "platform" and "platform" not in seen and mention in sentence.mentions:
                self.topics["platform"] = entity
                seen.add("platform")
        if len(sentence.mentions) == 1 and sentence.mentions[0].entity.kind == "project":
            only = sentence.mentions[0]
            if sentence.text.strip() == sentence.text[only.start:only.end] and sentence.offset == 0:
                self.heading = only.entity
        self.previous = sentence

    def anaphor(self, sentence: Sentence, clause: int, *, skip_firms: bool = False) -> Entity | None:
        """The topic that a clause opening with 集群 / 该项目 / 企业 / 目前产业园 refers back to."""
        found = _ANAPHOR_AT.match(sentence.text, clause)
        if found is None:
            return None
        kind = ANAPHORS[found.group(1)]
        if skip_firms and kind == "enterprise":
            return None
        return self.of(kind)

    def referred(self, sentence: Sentence, index: int) -> Entity | None:
        """The topic referred to by the nearest clause before `index` that opens with an anaphor."""
        for start in reversed(sentence.clause_starts(index)):
            if (topic := self.anaphor(sentence, start)) is not None:
                return topic
        return None


