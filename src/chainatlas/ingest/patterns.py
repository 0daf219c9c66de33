"""Patterns whose matches open with optional parts or many alternatives, run only where one can begin.

The regular-expression engine skips ahead quickly only for a pattern that opens with fixed text or
one set of characters; a pattern that opens with an optional group (超过, 将近 …) or with a dozen
alternatives is tried at every character. Given the set of characters any of its matches can begin
with, `matches` tries it only at those and finds what `finditer` finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def matches(pattern: re.Pattern[str], starts: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, the pattern tried only where `starts` (a one-character class holding
    every character a match of `pattern` can begin with) matches; `pattern` never matches empty text."""
    at = 0
    while (start := starts.search(text, at)) is not None:
        found = pattern.match(text, start.start())
        if found is None:
            at = start.start() + 1
        else:
            yield found
            at = max(found.end(), start.start() + 1)
