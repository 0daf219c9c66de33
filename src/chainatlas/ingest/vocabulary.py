"""The extractor's vocabulary, kept as data: one word list per file under `chainatlas/data/vocabulary/`.

A file holds one entry a line, `word`, or `word = value` where the list maps words to something (a
metric, a stage, a platform type); `#` starts a comment, which for a word seen on few pages says which
general construction of the language it stands for. Each list is read once per process.

A deployment adds its region's own words with an overlay (the `vocabulary` setting): a folder of lists of
the same names and format, bundled under `data/overlays/NAME/` or anywhere on disk. Its entries follow the
bundled ones; a line `-word` takes a bundled word out. The overlay must be set before the extractor is
first used (the CLI and the web app read the settings at start; Dask workers inherit the environment).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


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
def overlay() -> Traversable | None:
    """The folder of the `vocabulary` setting (a bundled overlay's name or a path), None without one."""
    from chainatlas.settings import vocabulary_overlay

    named = vocabulary_overlay()
    if named is None:
        return None
    bundled = resources.files("chainatlas").joinpath("data", "overlays", named)
    folder: Traversable = bundled if bundled.is_dir() else Path(named)
    if not folder.is_dir():
        raise VocabularyError(f"vocabulary overlay {named}: no such bundled overlay or folder")
    known = set(names())
    for item in folder.iterdir():
        if item.name.endswith(".txt") and item.name.removesuffix(".txt") not in known:
            raise VocabularyError(f"{named}/{item.name}: no vocabulary list of that name ({', '.join(sorted(known))})")
    return folder


def texts(name: str) -> list[tuple[str, str]]:
    """List `name`'s sources as (where, text): the bundled file, then the overlay's, if it has one."""
    file = f"{name}.txt"
    found = [(f"vocabulary/{file}", resources.files("chainatlas").joinpath("data", "vocabulary", file).read_text(
        encoding="utf-8"))]
    folder = overlay()
    if folder is not None and folder.joinpath(file).is_file():
        found.append((f"{folder}/{file}", folder.joinpath(file).read_text(encoding="utf-8")))
    return found


@cache
def entries(name: str) -> tuple[Entry, ...]:
    """Every entry of list `name` (the file `name`.txt, then its overlay), in file order."""
    found: dict[str, Entry] = {}
    for source, (where, text) in enumerate(texts(name)):
        for number, raw in enumerate(text.splitlines(), 1):
            body, _, note = raw.partition("#")
            if not body.strip():
                continue
            word, equals, value = (part.strip() for part in body.partition("="))
            if source and word.startswith("-") and not equals:  # an overlay takes a bundled word out
                if found.pop(word[1:], None) is None:
                    raise VocabularyError(f"{where}, line {number}: {word[1:]} is not in the bundled list")
                continue
            if not word or (equals and not value) or " " in word:
                raise VocabularyError(f"{where}, line {number}: expected 'word' or 'word = value'")
            if word in found:
                raise VocabularyError(f"{where}, line {number}: {word} is listed twice")
            found[word] = Entry(word, value or None, note.strip() or None, number)
    return tuple(found.values())


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


def check() -> None:
    """Read every list with its overlay; :class:`VocabularyError` names the first file and line that fails."""
    for name in names():
        entries(name)
