"""What the readers of one document share: the document, its entities, the facts so far, its places.

Each reader (names, descriptions, supply, figures, projects) is a small class over this
state, so that a sentence is read by several focused modules instead of one large one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from chainatlas.domain import ClusterLevel, Fact
from chainatlas.ingest.document import Document
from chainatlas.ingest.entities import Entity, Registry
from chainatlas.ingest.gazetteer import Gazetteer

SELF = "\x00"  # marks 我市 / 全省 / 全区 until the document's own places are known
SELF_WORDS = re.compile("我市|全市|本市|该市|我省|全省|本省|该省|我区|全区|本区|该区|我县|全县|本县|该县")


def own_word(word: str) -> str:
    """我市 / 全省 / 全区 (and 省内) as placeholders for the place the document is about."""
    if word == "省内":
        return SELF + "全省"
    return SELF + word if SELF_WORDS.fullmatch(word) else word


def written(entity: Entity, text: str) -> str:
    """The entity's name as this text writes it: its full name, else the longest of its forms here."""
    if entity.name in text:
        return entity.name
    here = [s for s in entity.surfaces if s in text]
    return max(here, key=len) if here else entity.name


@dataclass(frozen=True, slots=True)
class ListContext:
    """A list of recognised clusters announced in a paragraph: its level, year and where it was announced."""

    level: ClusterLevel
    year: int | None
    paragraph: int  # the number of the paragraph that announced it or last went on with it

    def holds_at(self, paragraph: int) -> bool:
        """Whether the list reaches this paragraph: the one that announced it (or its last line) and the next
        two (a list's lines may stand under sub-headings such as 黄石市(1个))."""
        return 0 <= paragraph - self.paragraph <= 2


@dataclass
class DocumentState:
    """One document being read: its text, entities, facts so far, and the city and county it is about."""

    document: Document
    gazetteer: Gazetteer
    registry: Registry
    city: str | None
    facts: list[Fact] = field(default_factory=list)
    counties: Counter[str] = field(default_factory=Counter)  # county mentions, read with the city known
    cluster_list: ListContext | None = None  # the list of clusters announced last
    paragraphs: int = 0  # how many paragraphs have been read (the one being read included)

    @property
    def county(self) -> str | None:
        """The county the document names most (so far)."""
        return self.counties.most_common(1)[0][0] if self.counties else None


class Reader:
    """A part of the extractor; reads sentences against the shared document state."""

    def __init__(self, state: DocumentState) -> None:
        self.state = state

    @property
    def document(self) -> Document:
        return self.state.document

    @property
    def gazetteer(self) -> Gazetteer:
        return self.state.gazetteer

    @property
    def registry(self) -> Registry:
        return self.state.registry

    @property
    def facts(self) -> list[Fact]:
        return self.state.facts

    @property
    def city(self) -> str | None:
        return self.state.city

    @property
    def county(self) -> str | None:
        return self.state.county
