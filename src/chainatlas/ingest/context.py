"""Sentences with their named mentions, and the discourse focus that carries across them.

News prose names a cluster once and then says 集群 or 该项目; the focus remembers,
per article, which cluster, firm, project and zone the text is currently about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from chainatlas.domain import Role, Span
from chainatlas.ingest.entities import Entity
from chainatlas.ingest.gazetteer import PlaceMention
from chainatlas.ingest.page import Paragraph

_SENTENCE = re.compile("[^。！？!?；;]+[。！？!?；;]*[”’」』)）]?")
_CLAUSE_BREAK = re.compile("[，,：:。！？!?；;]")
# Words that refer back to an entity of a kind named earlier (集群 … 该项目 … 企业).
ANAPHORS: tuple[tuple[str, str], ...] = (
    ("cluster", "集群"),
    ("project", "项目"),
    ("enterprise", "企业"),
    ("enterprise", "公司"),
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
    places: list[PlaceMention] = field(default_factory=list)

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """The document span of text[start:end] of this sentence."""
        stop = len(self.text) if end is None else end
        return self.paragraph.span(self.offset + start, self.offset + stop)

    def clause_start(self, index: int) -> int:
        """Where the clause holding `index` begins."""
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(self.text, 0, index)]
        return breaks[-1] if breaks else 0

    def clause_starts(self, index: int) -> list[int]:
        """The starts of the clauses before `index`, the sentence's first included."""
        return [0, *(m.end() for m in _CLAUSE_BREAK.finditer(self.text, 0, index))]

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
    """The sentences of a paragraph (split after 。！？； and their closing quotes)."""
    for match in _SENTENCE.finditer(paragraph.text):
        if match.group().strip():
            yield Sentence(match.group(), paragraph, match.start())


@dataclass(slots=True)
class Focus:
    """What an article is about at this point: the last topic of each kind."""

    topics: dict[str, Entity] = field(default_factory=dict)
    previous: Sentence | None = None

    def of(self, kind: str) -> Entity | None:
        return self.topics.get(kind)

    def update(self, sentence: Sentence) -> None:
        """The first mention of each kind in a sentence becomes that kind's topic."""
        seen: set[str] = set()
        for mention in sentence.mentions:
            entity = mention.entity
            if entity.kind in seen or entity.role is Role.CUSTOMER:
                continue
            self.topics[entity.kind] = entity
            seen.add(entity.kind)
        self.previous = sentence

    def anaphor(self, sentence: Sentence, clause: int, *, skip_firms: bool = False) -> Entity | None:
        """The topic that a clause opening with 集群 / 该项目 / 企业 refers back to."""
        for kind, word in ANAPHORS:
            if skip_firms and kind == "enterprise":
                continue
            text = sentence.text
            if _ANAPHOR_AT.match(text, clause) and text.startswith(word, _skip(text, clause)):
                return self.of(kind)
        return None

    def referred(self, sentence: Sentence, index: int) -> Entity | None:
        """The topic referred to by the nearest clause before `index` that opens with an anaphor."""
        for start in reversed(sentence.clause_starts(index)):
            if (topic := self.anaphor(sentence, start)) is not None:
                return topic
        return None


_ANAPHOR_AT = re.compile("该?(?:集群|项目|企业|公司)")


def _skip(text: str, index: int) -> int:
    return index + 1 if text.startswith("该", index) else index
