"""One language at a time: every user-visible string is written in Chinese, the atlas's own language, and read
through gettext; the English catalog (`locale/en/LC_MESSAGES/messages.po`, compiled to `.mo`) gives its
translation.

The language is a context variable: the web app sets it for each request (`?lang=`, the session, the settings),
the CLI for each command (the settings' `language`), so the pure core and the shells call `_()` without passing
a language around. Strings defined once at import time (vocabularies, labels) are marked with `N_()` and
translated where they are shown. A message that is read later or elsewhere — an error raised deep in the services
or the core, a reason stored with an upload job — is a :class:`Message` (`lazy()`): its Chinese text and its
parameters, read in the language of whoever shows it (`str()`), and stored as JSON (`as_json`, `stored_text`) so
each reader reads it in their own language. Catalogs: `scripts/catalogs` extracts the strings (Babel), updates the `.po`
and compiles it.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal, TypeAlias

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
SOURCE: Lang = "zh"  # the language strings are written in: it needs no catalog
DOMAIN = "messages"
HELP_DOMAIN = "help"  # the commands' help, written in English: its own catalog

_current: ContextVar[Lang] = ContextVar("chainatlas_language", default=SOURCE)


@cache
def catalog(lang: Lang) -> gettext.NullTranslations:
    """The compiled catalog of `lang`; the source language reads its strings as written."""
    if lang == SOURCE:
        return gettext.NullTranslations()
    with (files("chainatlas") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as compiled:
        return gettext.GNUTranslations(compiled)


def current() -> Lang:
    """The language strings are read in now."""
    return _current.get()


def use(lang: Lang) -> None:
    """Read strings in `lang` from now on in this context (a command's whole run)."""
    _current.set(lang)


@contextmanager
def language(lang: Lang) -> Iterator[None]:
    """Read strings in `lang` inside the block (a request, a test)."""
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


@cache
def help_catalog(lang: Lang) -> gettext.NullTranslations:
    """The catalog of the commands' help (domain `help`): written in English in the code (the docstrings' first
    lines, `help=`), translated into Chinese by `locale/zh/LC_MESSAGES/help.po`."""
    if lang == "en":
        return gettext.NullTranslations()
    with (files("chainatlas") / "locale" / lang / "LC_MESSAGES" / f"{HELP_DOMAIN}.mo").open("rb") as compiled:
        return gettext.GNUTranslations(compiled)


def help_text(text: str) -> str:
    """A command's or an option's help (English, as the code writes it) in the current language."""
    return help_catalog(_current.get()).gettext(text)


def _(message: str) -> str:
    """`message` (Chinese) in the current language."""
    return catalog(_current.get()).gettext(message)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language where the same Chinese reads differently in English (`context`)."""
    return catalog(_current.get()).pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Chinese has no plural: for Jinja's i18n extension, which asks for it."""
    return catalog(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it yet (a label defined at import time)."""
    return message


def listing(items: Iterable[str]) -> str:
    """Items as a list reads: 2023、2024 / 2023, 2024."""
    return _("、").join(items)


def is_english() -> bool:
    """Whether strings are read in English now (for text built from parts, such as units)."""
    return _current.get() == "en"


Param: TypeAlias = "str | int | float | Message | tuple[Param, ...]"


@dataclass(frozen=True, slots=True, eq=False)
class Message:
    """A message read when it is shown, in the language of that moment: its Chinese `text` (the catalog's id)
    with `{name}` placeholders, and their values (a message of its own, or a tuple read as a list)."""

    text: str
    params: Mapping[str, Param]

    def __str__(self) -> str:
        return _(self.text).format(**{name: _shown(value) for name, value in self.params.items()})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and self.as_json() == other.as_json()

    def __hash__(self) -> int:
        return hash(self.text)

    def as_json(self) -> dict[str, Any]:
        """The message as stored (in a JSON column): its text and parameters, to be read in any language."""
        return {"message": self.text, "params": {name: _stored(value) for name, value in self.params.items()}}


def lazy(text: str, /, **params: Param) -> Message:
    """`text` (Chinese, marked for the catalog) with `params`, read in the language of whoever shows it."""
    return Message(text, params)


def quote(name: Param) -> Message:
    """A name as a message quotes it: “平湖市” ('平湖市')."""
    return lazy("“{name}”", name=name)


def _shown(value: Param) -> str | int | float:
    if isinstance(value, Message):
        return str(value)
    if isinstance(value, tuple):
        return listing(str(_shown(item)) for item in value)
    return value


def _stored(value: Param) -> Any:
    if isinstance(value, Message):
        return value.as_json()
    if isinstance(value, tuple):
        return [_stored(item) for item in value]
    return value


def _read(value: Any) -> Param:
    if isinstance(value, dict):
        return Message(str(value["message"]), {name: _read(item) for name, item in value["params"].items()})
    if isinstance(value, list):
        return tuple(_read(item) for item in value)
    assert isinstance(value, str | int | float), value
    return value


def message_of(error: BaseException) -> Message | str:
    """What an error says, kept as a :class:`Message` when it was raised with one (to be stored or read later),
    else its text."""
    said = error.args[0] if len(error.args) == 1 else None
    return said if isinstance(said, Message) else str(error)


def to_store(said: Message | str) -> dict[str, Any] | str:
    """A message or a text, as a JSON column keeps it."""
    return said.as_json() if isinstance(said, Message) else said


def stored_text(stored: object) -> str:
    """A stored message (`to_store`) read in the current language. A text stored as such (before messages were
    stored so) is read through the catalog: one that was a catalog's string is translated, any other read as
    written."""
    if isinstance(stored, dict):
        return str(_read(stored))
    return "" if stored is None else _(str(stored))
