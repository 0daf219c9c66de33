"""The extractor's vocabulary, kept as data: one word list per file under `chainatlas/data/vocabulary/`.

A file holds one entry a line, `word`, or `word = value` where the list maps words to something (a
metric, a stage, a platform type); `#` starts a comment, which for a word seen on few pages says which
general construction of the language it stands for. Each list is read once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Entry:
    """One word of a list, its value (or None), the comment beside it (or None) and its line."""

    word: str
    value: str | None
    note: str | None
    line: int


class VocabularyError(ValueError):
    """A vocabulary file that cannot be read: names the file, the line and why."""


@cache
def entries(name: str) -> tuple[Entry, ...]:
    """Every entry of list `name` (the file `name`.txt), in file order."""
    text = resources.files("chainatlas").joinpath("data", "vocabulary", f"{name}.txt").read_text(encoding="utf-8")
    found: list[Entry] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), 1):
        body, _, note = raw.partition("#")
        if not body.strip():
            continue
        word, equals, value = (part.strip() for part in body.partition("="))
        if not word or (equals and not value) or " " in word:
            raise VocabularyError(f"vocabulary/{name}.txt, line {number}: expected 'word' or 'word = value'")
        if word in seen:
            raise VocabularyError(f"vocabulary/{name}.txt, line {number}: {word} is listed twice")
        seen.add(word)
        found.append(Entry(word, value or None, note.strip() or None, number))
    return tuple(found)


def words(name: str) -> tuple[str, ...]:
    """The words of list `name`, in file order."""
    return tuple(entry.word for entry in entries(name))


def mapping(name: str) -> dict[str, str]:
    """List `name` as word → value; every entry must carry a value."""
    pairs = {}
    for entry in entries(name):
        if entry.value is None:
            raise VocabularyError(f"vocabulary/{name}.txt, line {entry.line}: {entry.word} has no value")
        pairs[entry.word] = entry.value
    return pairs


def names() -> tuple[str, ...]:
    """The names of every list."""
    folder = resources.files("chainatlas").joinpath("data", "vocabulary")
    return tuple(sorted(item.name.removesuffix(".txt") for item in folder.iterdir() if item.name.endswith(".txt")))
