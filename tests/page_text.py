"""What a reader sees of a page in its language: visible text, the labels of controls and the words of its charts,
without names and quoted source text (elements marked `translate="no"`); and the words of the other language in it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_LABELS = ("title", "placeholder", "aria-label", "alt")
HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
LATIN = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# Written the same in either language: measures and formats by their usual abbreviation.
SHARED_WORDS = frozenset({
    "LQ", "RCA", "HHI", "ECI", "PCI", "PDF", "Word", "Excel", "CSV", "API", "JSON", "Swagger", "UI", "GB", "km",
    "docx", "html", "htm", "txt", "xlsx", "pdf", "csv", "json", "OpenAPI", "English", "ID", "Krugman", "Top",
    "chainatlas", "HTML", "MiB", "Jaccard",
})  # fmt: skip


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # tag, hidden from the check
        self.texts: list[str] = []
        self.charts: list[str] = []
        self._chart = False

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        hidden = self._hidden() or found.get("translate") == "no" or tag in ("style", "script")
        self._chart = tag == "script" and found.get("type") == "application/json"
        if not hidden:
            self.texts += [value for key, value in attrs if key in _LABELS and value]
            if tag == "input" and found.get("type") in ("submit", "button") and found.get("value"):
                self.texts.append(found["value"] or "")
        if tag not in _VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
        self._chart = False

    def handle_data(self, data: str) -> None:
        if self._chart:
            self.charts.append(data)
        elif not self._hidden() and data.strip():
            self.texts.append(data.strip())


def _chart_words(option: Any) -> Iterator[str]:
    """The words a chart shows of its own (titles, axis names, legends, series names), not its data's names."""
    if isinstance(option, list):
        for item in option:
            yield from _chart_words(item)
        return
    if not isinstance(option, dict):
        return
    for key, value in option.items():
        if key in ("text", "name") and isinstance(value, str):
            yield value
        elif key == "legend" and isinstance(value, dict):
            yield from (d if isinstance(d, str) else d.get("name", "") for d in value.get("data", []))
        elif key in ("title", "xAxis", "yAxis", "series", "visualMap", "graphic"):
            yield from _chart_words(value)


def reader_text(html: str) -> list[str]:
    """The strings of `html` a reader reads as the page's own words."""
    reader = _Reader()
    reader.feed(html)
    words = list(reader.texts)
    for chart in reader.charts:
        words += list(_chart_words(json.loads(chart)))
    return words


def foreign(html: str, lang: str) -> list[str]:
    """The strings of `html`'s own words written in the other language: Chinese on an English page, English
    words (beyond the shared abbreviations) on a Chinese one."""
    found = []
    for text in reader_text(html):
        english = any(w not in SHARED_WORDS for w in LATIN.findall(text))
        if (lang == "en" and HAN.search(text)) or (lang == "zh" and english):
            found.append(text)
    return found
