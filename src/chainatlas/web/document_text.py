"""A stored document as its page shows it: the title, date and source its header gives, the body without the
header, and each figure marked on its own words (88.82亿元, 第二), not on the whole sentence it was read from.

A claim's span is what was read: a name for an entity, the sentence for a figure. The figure's own words are
found in that sentence by reading its numbers again (`ingest.numbers`) and taking the first with the claim's
unit and value (a supply share states no unit: any); a ranking's by its ordinal (第二, 第7). When none
matches, the sentence is marked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from chainatlas.ingest.document import parse_header
from chainatlas.ingest.numbers import find_quantities, parse_number
from chainatlas.services.documents import DocumentClaim

TITLE_CHARS = 80  # a first line longer than this is no title
FIGURE_KINDS = frozenset({"indicator", "ranking", "supply"})  # claims whose span is the sentence of a figure
_ORDINAL = re.compile(r"第([0-9]+|[〇零一二两三四五六七八九十百]+)")


@dataclass(frozen=True, slots=True)
class Mark:
    """One claim's words in the text: its id, where they are, the hover text."""

    claim_id: int
    start: int
    end: int
    title: str


def body_start(text: str) -> int:
    """Where the body begins: the first character after the `key: value` header (closed by ---), if any, that
    is not blank."""
    start = parse_header(text)[1]
    return start + len(text[start:]) - len(text[start:].lstrip())


def title_of(header: Mapping[str, Any], headline: str | None, body: str, name: str) -> str:
    """The header's title, else the first article's headline, else the body's first line when it is short
    enough to be one, else the file name."""
    for candidate in (header.get("title"), headline, next((ln for ln in body.splitlines() if ln.strip()), None)):
        if isinstance(candidate, str) and 0 < len(candidate.strip()) <= TITLE_CHARS:
            return candidate.strip()
    return name


def _ordinal(sentence: str, rank: float) -> tuple[int, int] | None:
    for found in _ORDINAL.finditer(sentence):
        if float(parse_number(found.group(1))) == rank:
            return found.span()
    return None


def figure_span(text: str, claim: DocumentClaim) -> tuple[int, int]:
    """Where in `text` the claim's figure is written; its whole span when it states none (a name) or the figure
    cannot be found in it."""
    start, end = claim.span.start, claim.span.end
    if claim.value is None or claim.kind not in FIGURE_KINDS:
        return start, end
    sentence = text[start:end]
    if claim.kind == "ranking":
        found = _ordinal(sentence, claim.value)
    else:
        found = next(
            ((q.start, q.end) for q in find_quantities(sentence)
             if claim.unit in (None, q.unit) and math.isclose(q.value, claim.value, rel_tol=1e-9)),
            None,
        )  # fmt: skip
    return (start + found[0], start + found[1]) if found else (start, end)


def marked(text: str, offset: int, marks: Iterable[Mark]) -> tuple[Markup, dict[int, int]]:
    """`text[offset:]` escaped, each mark in a `<mark>` (one inside or across a mark already made is not made
    again: its claim points to that one); also claim id → the id of the mark that shows it."""
    pieces: list[str] = []
    anchors: dict[int, int] = {}
    at, outer, outer_end = offset, 0, -1
    for mark in sorted(marks, key=lambda m: (m.start, -m.end, m.claim_id)):
        if not offset <= mark.start < mark.end <= len(text):
            continue
        if mark.start < outer_end:
            anchors[mark.claim_id] = outer
            continue
        pieces += [
            escape(text[at : mark.start]),
            Markup('<mark class="fact" id="claim-{}" title="{}">{}</mark>').format(
                mark.claim_id, mark.title, text[mark.start : mark.end]
            ),
        ]
        anchors[mark.claim_id] = outer = mark.claim_id
        at = outer_end = mark.end
    pieces.append(escape(text[at:]))
    return Markup("").join(pieces), anchors
