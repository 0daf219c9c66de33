"""Document → facts: the rule-based extractor, one sentence at a time.

Each article of a page is read in order; in each sentence the names are found and
registered, the article's focus decides what bare words (集群, 该项目) refer to, and
figures, supply links, rankings and project stages are read against them. Entity
facts (clusters, firms, platforms, projects) are emitted once per entity at the end,
with everything the document said of them.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from chainatlas.domain import ClusterFact, EnterpriseFact, Fact, PlatformFact, ProjectFact
from chainatlas.ingest.confidence import bundled_model
from chainatlas.ingest.context import Focus, Sentence, sentences
from chainatlas.ingest.document import Document
from chainatlas.ingest.entities import Entity, Registry
from chainatlas.ingest.facts import to_record
from chainatlas.ingest.gazetteer import Gazetteer
from chainatlas.ingest.page import body_paragraphs, split_page
from chainatlas.ingest.pipeline import Work, build
from chainatlas.ingest.script import Restorer, to_simplified
from chainatlas.ingest.state import SELF, DocumentState

# Kinds of entity that become facts of their own (a chain is only ever a subject here).
_FACT_KINDS = ("cluster", "enterprise", "platform", "project")
# Clusters named as national or provincial ones span more than the county a page is about.
_WIDE_CLUSTER = re.compile("国家|全国|省|先进制造业集群")
# How sure a name of each kind is, read by these rules (a firm without a legal form is the weakest).
_CONFIDENCE = {"cluster": 0.85, "enterprise": 0.8, "platform": 0.85, "project": 0.75}
# Fact fields that hold words of the text (restored to the original script).
_TEXT_FIELDS = frozenset({
    "headline", "reporters", "correspondents", "photographers", "name", "aliases", "region", "products",
    "subject", "supplier", "customer", "product", "owner", "scope",
})


def distinct(facts: Iterable[Fact]) -> list[Fact]:
    """The facts without repeats: the same statement read twice (from a headline and a body) counts once."""
    seen: set[str] = set()
    kept = []
    for fact in facts:
        record = to_record(fact)
        del record["evidence"]
        key = json.dumps(record, ensure_ascii=False, sort_keys=True)
        if key not in seen:
            seen.add(key)
            kept.append(fact)
    return kept


def extract_document(
    document: Document, *, judged: bool = True, readers: Sequence[str] | None = None
) -> list[Fact]:
    """Every fact the document states, each with its evidence span (traditional script read as simplified).

    `judged` lets the bundled confidence model set each fact's confidence and drop the unlikely ones;
    without it the rules' own confidences stand (what the model is trained on). `readers` replaces the
    declared pipeline (`data/pipeline.toml`), e.g. to measure what one reader adds."""
    facts = _read(document, readers)
    model = bundled_model() if judged else None
    return model.judge(facts, document.text) if model is not None else facts


def _read(document: Document, readers: Sequence[str] | None) -> list[Fact]:
    restore = Restorer(document.text, to_simplified(document.text))
    if not restore.needed:
        return Extraction(document, readers).run()
    facts = Extraction(dataclasses.replace(document, text=restore.converted), readers).run()
    for fact in facts:
        for field in _TEXT_FIELDS.intersection(f.name for f in dataclasses.fields(fact)):
            value = getattr(fact, field)
            if isinstance(value, str):
                setattr(fact, field, restore(value))
            elif isinstance(value, list):
                setattr(fact, field, [restore(v) for v in value])
    return facts


class Extraction:
    """Reading one document: its sentences in order, each by every reader of the pipeline."""

    def __init__(self, document: Document, readers: Sequence[str] | None = None) -> None:
        gazetteer = Gazetteer.bundled()
        self.state = DocumentState(document, gazetteer, Registry(gazetteer), main_city(document, gazetteer))
        self.steps = [step for _, step in build(self.state, readers)]

    def run(self) -> list[Fact]:
        document = self.state.document
        articles = split_page(document)
        self.state.facts.extend(article.fact(document.name) for article in articles)
        texts = [a.paragraphs for a in articles] or [body_paragraphs(document)]
        for paragraphs in texts:
            focus = Focus()
            for paragraph in paragraphs:
                self.state.paragraphs += 1
                focus.topics.pop("chain", None)  # a chain heads its own paragraph only
                for sentence in sentences(paragraph):
                    self.read(sentence, focus)
                    focus.update(sentence)
        entities = [self.entity_fact(e) for e in self.state.registry.entities if e.kind in _FACT_KINDS]
        return distinct(self.resolve_self(fact) for fact in self.state.facts + entities)

    def read(self, sentence: Sentence, focus: Focus) -> None:
        work = Work(sentence, focus)
        for step in self.steps:
            step(work)

    def entity_fact(self, entity: Entity) -> Fact:
        """The one fact of a cluster, firm, platform or project, with all the document said of it."""
        doc, span, name, aliases = self.state.document.name, entity.evidence, entity.name, entity.aliases
        sure = _CONFIDENCE[entity.kind]
        if entity.kind == "cluster":
            county = self.state.county
            if entity.region is None and county is not None and not _WIDE_CLUSTER.search(name):
                entity.place(self.state.gazetteer.name_of(county), county, 1)  # the document's county
            return ClusterFact(
                doc, span, sure, name=name, aliases=aliases, region=entity.region, region_code=entity.region_code,
                level=entity.level, recognised_year=entity.recognised_year, products=entity.products,
            )
        if entity.kind == "enterprise":
            return EnterpriseFact(
                doc, span, sure, name=name, aliases=aliases, region=entity.region, products=entity.products,
                role=entity.role,
            )
        if entity.kind == "platform":
            return PlatformFact(doc, span, sure, name=name, aliases=aliases, type=entity.platform_type,
                                region=entity.region)  # fmt: skip
        return ProjectFact(
            doc, span, sure, name=name, aliases=aliases, owner=entity.owner.name if entity.owner else None,
            region=entity.region, investment=entity.investment,
            events=entity.events or ([entity.ceremony] if entity.ceremony else []),
        )

    def resolve_self(self, fact: Fact) -> Fact:
        """Replace 我市 / 全省 / 全区 placeholders by the places the document is about (as written if unknown)."""
        for field in ("subject", "scope", "region"):
            value = getattr(fact, field, None)
            if isinstance(value, str) and value.startswith(SELF):
                setattr(fact, field, self.own_place(value[1:]))
        return fact

    def own_place(self, word: str) -> str:
        city, county = self.state.city, self.state.county
        code = {"省": (city or county or "")[:2] + "0000", "市": city, "区": county, "县": county}[word[-1]]
        return self.state.gazetteer.name_of(code) if code and code != "0000" else word


def main_city(document: Document, gazetteer: Gazetteer) -> str | None:
    """The prefecture a document is most about, by the places it names."""
    cities: Counter[str] = Counter()
    for mention in gazetteer.find(document.text[document.body_start:]):
        place = mention.place
        city = place.code if place.level == "prefecture" else place.parent_code
        if city and place.level != "province":
            cities[city] += 1
    return cities.most_common(1)[0][0] if cities else None
