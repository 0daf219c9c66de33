"""Traditional script: read through simplified conversion, report in the original.

OpenCC's `t2s` converts character for character, so a converted text keeps every
offset: the extractor reads the simplified text with its simplified vocabulary, and
each name it reports is taken back from the original at the place it was read.
"""

from __future__ import annotations

from functools import cache, cached_property

import opencc


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """The text in simplified script, the same length (offsets stay valid)."""
    converted: str = _converter("t2s").convert(text)
    if len(converted) != len(text):  # a phrase conversion changed the length: keep offsets over words
        return text
    return converted


class Restorer:
    """Maps strings read from a converted text back to the original's script."""

    def __init__(self, original: str, converted: str) -> None:
        self.original = original
        self.converted = converted
        self._seen: dict[str, str] = {}

    @property
    def needed(self) -> bool:
        return self.original != self.converted

    def __call__(self, value: str) -> str:
        """`value` as the original text writes it (by position; by conversion when not found)."""
        if not self.needed or not value:
            return value
        if value not in self._seen:
            at = self.converted.find(value)
            if at >= 0:
                self._seen[value] = self.original[at:at + len(value)]
            elif (at := self._squeezed[0].find(value)) >= 0:  # joined across lines (a headline block)
                self._seen[value] = "".join(self.original[i] for i in self._squeezed[1][at:at + len(value)])
            else:
                self._seen[value] = str(_converter("s2t").convert(value))
        return self._seen[value]

    @cached_property
    def _squeezed(self) -> tuple[str, list[int]]:
        """The converted text without whitespace, and where each of its characters stands in the original."""
        kept = [i for i, char in enumerate(self.converted) if not char.isspace()]
        return "".join(self.converted[i] for i in kept), kept
