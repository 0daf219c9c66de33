"""One language at a time: every user-visible string is written in Chinese, the atlas's own language, and read
through gettext; the English catalog (`locale/en/LC_MESSAGES/messages.po`, compiled to `.mo`) gives its
translation.

The language is a context variable: the web app sets it for each request (`?lang=`, the session, the settings),
the CLI for each command (the settings' `language`), so the pure core and the shells call `_()` without passing
a language around. Strings defined once at import time (vocabularies, labels) are marked with `N_()` and
translated where they are shown. Catalogs: `scripts/catalogs` extracts the strings (Babel), updates the `.po`
and compiles it.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib.resources import files
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
SOURCE: Lang = "zh"  # the language strings are written in: it needs no catalog
DOMAIN = "messages"

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
