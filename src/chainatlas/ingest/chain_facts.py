"""Chain records from one document's extracted facts: firms, supply links and which names are one.

The extractor's evidence span of an enterprise is its name; placement wants the sentence
around it, so each span is widened to its sentence here. A sentence ends at 。！？；
(full- or half-width) or at a line break, unless the line before the break is cut by a
column break (it ends in ，、的 or runs on past a heading's length), as the page reader has it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from chainatlas.chains.placement import Evidence, FirmRecord
from chainatlas.chains.supply import SupplyLink
from chainatlas.domain import ClusterFact, EnterpriseFact, Fact, Role, Span, SupplyFact
from chainatlas.ingest.lines import sentence_span

_BREAK = re.compile(r"\s*\n\s*")
_T = TypeVar("_T")


def evidence_of(fact: Fact, text: str) -> Evidence:
    """The sentence of `text` that holds the fact's evidence span, with the sentence's own span."""
    return evidence_at(fact.doc, text, fact.evidence)


def evidence_at(document: str, text: str, span: Span) -> Evidence:
    """The sentence of the document's `text` that holds `span`, line breaks inside it dropped."""
    start, end = sentence_span(text, span.start, span.end)
    return Evidence(document, _BREAK.sub("", text[start:end]), Span(start, end))


@dataclass(slots=True)
class _Firm:
    name: str
    aliases: list[str] = field(default_factory=list)
    region: str | None = None
    products: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    role: Role | None = None


def firm_records(facts: Iterable[Fact], text: str, region_codes: Mapping[str, str]) -> list[FirmRecord]:
    """One record per enterprise the facts name, in order of first mention.

    Products are the enterprise's own and those it supplies in supply facts; evidence is
    the sentence of each; `region_codes` maps the facts' region names (平湖市) to codes.
    """
    facts = list(facts)
    firms: dict[str, _Firm] = {}
    for fact in facts:
        if isinstance(fact, EnterpriseFact):
            firm = firms.setdefault(fact.name, _Firm(fact.name))
            _add(firm.aliases, fact.aliases)
            _add(firm.products, fact.products)
            _add(firm.evidence, [evidence_of(fact, text)])
            firm.region = firm.region or fact.region
            firm.role = firm.role or fact.role
    for fact in facts:
        if isinstance(fact, SupplyFact):
            for firm in firms.values():
                if fact.supplier in (firm.name, *firm.aliases):
                    _add(firm.products, [fact.product] if fact.product else [])
                    _add(firm.evidence, [evidence_of(fact, text)])
    return [
        FirmRecord(
            f.name, region_codes.get(f.region) if f.region else None, tuple(f.products), (),
            tuple(f.evidence), tuple(f.aliases), f.role,
        )
        for f in firms.values()
    ]


def _add(items: list[_T], new: Iterable[_T]) -> None:
    items.extend(item for item in new if item not in items)


def supply_links(facts: Iterable[Fact], text: str) -> list[SupplyLink]:
    """The supply facts as links, each with its sentence."""
    return [
        SupplyLink(f.supplier, f.customer, f.product, f.share, f.qualifier, (evidence_of(f, text),))
        for f in facts
        if isinstance(f, SupplyFact)
    ]


def same_names(facts: Iterable[Fact]) -> Callable[[str, str], bool]:
    """A resolver: two names are one when equal or when one fact gives both (a name and its alias)."""
    group: dict[str, int] = {}
    for i, fact in enumerate(facts):
        if isinstance(fact, EnterpriseFact | ClusterFact):
            names = [fact.name, *fact.aliases]
            joined = {group[n] for n in names if n in group}
            for name, g in list(group.items()):
                if g in joined:
                    group[name] = i
            group.update(dict.fromkeys(names, i))
    return lambda a, b: a == b or (a in group and group.get(b) == group[a])
