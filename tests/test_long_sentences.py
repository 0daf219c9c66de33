"""One unbounded sentence (a page's text joined by commas, no 。) costs extraction time linear in its length."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chainatlas.domain import IndicatorFact
from chainatlas.ingest.context import MAX_SENTENCE, Sentence, pieces
from chainatlas.ingest.document import parse_document
from chainatlas.ingest.extract import extract_document

PAGE = "jiaxing-2026-07-p1.txt"


def long_sentence(data: Path, chars: int) -> str:
    """The page's text, its sentences and lines joined by commas, repeated to `chars` characters."""
    page = (data / "news" / PAGE).read_text(encoding="utf-8")
    clauses = [c.strip() for c in re.split("[。！？!?；;\n]+", page) if c.strip()][2:]  # after the title and credits
    text = "，".join(clauses) + "，"
    return (text * (chars // len(text) + 1))[:chars] + "。"


def test_a_long_sentence_is_cut_after_clause_breaks_into_pieces_that_cover_it(data: Path) -> None:
    text = long_sentence(data, 5 * MAX_SENTENCE)
    cuts = list(pieces(text))
    assert len(cuts) >= 5
    assert [start for start, _ in cuts[1:]] == [end for _, end in cuts[:-1]]  # no gap, no overlap
    assert (cuts[0][0], cuts[-1][1]) == (0, len(text))
    assert all(end - start <= MAX_SENTENCE for start, end in cuts)
    assert all(text[end - 1] in "，,：:" for _, end in cuts[:-1])


def test_a_sentence_within_the_limit_is_one_piece() -> None:
    text = "，".join(["集群企业主持制订国家标准4项"] * 100)
    assert list(pieces(text)) == [(0, len(text))]
    assert list(pieces("数据显示，集群总产值88.82亿元", limit=6)) == [(0, 5), (5, 11), (11, 17)]


def test_the_clauses_looked_back_over_stay_bounded_as_one_sentence_grows(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each figure looks back over the clauses before it (for 集群, 该项目, 全省…集群): once over every
    clause of the sentence, so the work grew with the square of its length; now over one piece's."""
    longest = [0]
    starts = Sentence.clause_starts

    def counted(sentence: Sentence, index: int) -> list[int]:
        found = starts(sentence, index)
        longest[0] = max(longest[0], len(found))
        return found

    monkeypatch.setattr(Sentence, "clause_starts", counted)
    lookback = []
    for chars in (8 * MAX_SENTENCE, 16 * MAX_SENTENCE):
        longest[0] = 0
        text = f"date: 2026-07-05\n---\n{long_sentence(data, chars)}\n"
        found = extract_document(parse_document(text.encode(), "long.txt"), judged=False)
        figures = [f for f in found if isinstance(f, IndicatorFact)]
        assert figures and all(f.evidence.end - f.evidence.start <= MAX_SENTENCE for f in figures)
        lookback.append(longest[0])
    clauses = len(re.findall("[，,：:]", long_sentence(data, MAX_SENTENCE)))
    assert 10 < lookback[0] == lookback[1] <= clauses + 1
