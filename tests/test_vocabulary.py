"""The vocabulary as data: every list loads, and no entry stands for one page only.

Each entry of every list under `data/vocabulary/` is counted over the pages of the evaluation corpus
(`eval/pages`, read in simplified script as the extractor reads them). An entry seen on fewer than two
pages must carry a comment naming the general construction it stands for; the table of counts is
printed (`pytest -s tests/test_vocabulary.py`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import opencc
import pytest

from chainatlas.ingest import vocabulary
from chainatlas.ingest.document import parse_header

CORPUS = Path(__file__).parents[1] / "eval" / "pages"


@cache
def corpus_texts() -> tuple[str, ...]:
    """Every corpus page's text after its header, in simplified script."""
    convert = opencc.OpenCC("t2s").convert
    texts = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts.append(convert(text[parse_header(text)[1]:]))
    return tuple(texts)


def pages_with(word: str) -> int:
    simplified = opencc.OpenCC("t2s").convert(word)
    return sum(simplified in text for text in corpus_texts())


def test_the_corpus_is_there() -> None:
    assert len(corpus_texts()) >= 25


@pytest.mark.parametrize("name", vocabulary.names())
def test_every_entry_is_seen_on_two_pages_or_says_what_it_stands_for(name: str) -> None:
    rows = [(entry, pages_with(entry.word)) for entry in vocabulary.entries(name)]
    print(f"\n{name}: entry, corpus pages")
    for entry, count in rows:
        print(f"  {entry.word:<12} {count:>4}  {entry.note or ''}")
    unexplained = [f"{e.word} (line {e.line}, {n} page)" for e, n in rows if n < 2 and not e.note]
    assert not unexplained, f"{name}: seen on fewer than 2 pages with no comment: {', '.join(unexplained)}"


def test_a_malformed_line_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    vocabulary.entries.cache_clear()
    monkeypatch.setattr(vocabulary, "resources", _Files("科技\n传动 = \n"))
    with pytest.raises(vocabulary.VocabularyError, match=r"vocabulary/firm_name_tails.txt, line 2"):
        vocabulary.entries("firm_name_tails")
    vocabulary.entries.cache_clear()


class _Files:
    """Stands in for importlib.resources with one file's text (the loader reads nothing else)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def files(self, _package: str) -> _Files:
        return self

    def joinpath(self, *_parts: str) -> _Files:
        return self

    def read_text(self, encoding: str) -> str:
        return self.text
