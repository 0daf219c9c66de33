"""Patterns run only where a match can begin find exactly what running them everywhere finds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from chainatlas.ingest import dates, numbers
from chainatlas.ingest.patterns import matches

PAIRS = {
    "period": (dates._PERIOD_RE, dates._DATE_START),
    "event date": (dates._EVENT_RE, dates._DATE_START),
    "arabic number": (numbers._ARABIC_RE, numbers._ARABIC_START),
    "chinese number": (numbers._CN_RE, numbers._CN_START),
    "half": (numbers._HALF_RE, numbers._HALF_START),
    "round amount": (numbers._ROUND_RE, numbers._ROUND_START),
}


@pytest.mark.parametrize("name", PAIRS)
def test_on_strings_of_the_patterns_own_characters(name: str) -> None:
    """20,000 short strings of the pattern's characters: a begin character missing from its set fails this."""
    pattern, starts = PAIRS[name]
    alphabet = sorted({ch for ch in pattern.pattern if ord(ch) > 127}) + list("0123456789０１.．,-~ A，。的项目")
    rng = random.Random(12)
    for _ in range(20_000):
        text = "".join(rng.choices(alphabet, k=rng.randint(1, 14)))
        assert [m.span() for m in matches(pattern, starts, text)] == [m.span() for m in pattern.finditer(text)], text


@pytest.mark.parametrize("name", PAIRS)
def test_on_the_news_pages(data: Path, name: str) -> None:
    pattern, starts = PAIRS[name]
    for path in sorted((data / "news").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        expected = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in matches(pattern, starts, text)] == expected, path.name

