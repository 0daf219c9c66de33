"""The atlas's settings: the store, whether it is served over HTTPS, how long web sessions last, how many rows a
list shows, the language pages open in, how much it logs; and how failed logins back off.

One `Settings` object (`chainatlas.settings.model`, pydantic-settings) reads each setting from its `CHAINATLAS_*`
environment variable, else from the TOML file `$CHAINATLAS_CONFIG` names (keys as the field names: `db = "…"`,
`page_size = 100`), else its default; `load_settings` builds it, and a value that cannot be read raises
:class:`SettingsError` naming the variable or the file. `WebSettings` is what the web app is given
(`WebSettings.from_env`); tests build their own. The back-off limits are named constants here.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from chainatlas.settings.model import Settings

PREFIX = "CHAINATLAS_"
DB_VAR = PREFIX + "DB"  # the database URL, as `--db` gives it
HTTPS_VAR = PREFIX + "HTTPS"
CONFIG_VAR = PREFIX + "CONFIG"  # a TOML file of settings
DEFAULT_DB = "sqlite:///atlas.db"
LOG_LEVEL_VAR = PREFIX + "LOG_LEVEL"
LANGUAGE_VAR = PREFIX + "LANGUAGE"  # zh or en: the language pages open in and commands print in
VOCABULARY_VAR = PREFIX + "VOCABULARY"
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
DEFAULT_LOG_LEVEL: LogLevel = "WARNING"

# A session ends after this long without a request, and in any case this long after its login.
IDLE_TIMEOUT = dt.timedelta(minutes=30)
ABSOLUTE_TIMEOUT = dt.timedelta(hours=8)
# A session's last request is written back at most this often (not on every page), so idle time is
# measured to within this much.
SEEN_EVERY = dt.timedelta(minutes=1)


class SettingsError(ValueError):
    """A setting in the environment that cannot be read; the message names the variable."""


@dataclass(frozen=True, slots=True)
class SessionLimits:
    """How long a web session lives: `idle` without a request, `absolute` from login (never extended)."""

    idle: dt.timedelta = IDLE_TIMEOUT
    absolute: dt.timedelta = ABSOLUTE_TIMEOUT
    seen_every: dt.timedelta = SEEN_EVERY


@dataclass(frozen=True, slots=True)
class Backoff:
    """After `allowed` failed logins in a row, each further failure makes the next attempt wait `first`,
    doubling up to `longest`; failures older than `forget_after` no longer count."""

    allowed: int
    first: dt.timedelta
    longest: dt.timedelta
    forget_after: dt.timedelta

    def delay(self, failures: int) -> dt.timedelta:
        """How long to refuse every login after `failures` failures in a row (zero while they are allowed)."""
        beyond = failures - self.allowed
        if beyond <= 0:
            return dt.timedelta(0)
        return min(self.first * (1 << min(beyond - 1, 30)), self.longest)  # the shift capped: no overflow


# Per account: 5 tries, then 1 s, 2 s, 4 s … up to 15 minutes. Per client address (an office behind one
# proxy shares it): 20 tries across all names, then the same.
ACCOUNT_BACKOFF = Backoff(5, dt.timedelta(seconds=1), dt.timedelta(minutes=15), dt.timedelta(hours=1))
ADDRESS_BACKOFF = Backoff(20, dt.timedelta(seconds=1), dt.timedelta(minutes=15), dt.timedelta(hours=1))


def log_level() -> LogLevel:
    """The `log_level` setting; the settings object is built only when a variable or file sets it (a command
    starts without pydantic-settings otherwise)."""
    if os.environ.get(LOG_LEVEL_VAR) or os.environ.get(CONFIG_VAR):
        return load_settings().log_level
    return DEFAULT_LOG_LEVEL


def language() -> Literal["zh", "en"]:
    """The `language` setting, read like `log_level`: without pydantic-settings unless a variable or file sets it."""
    if os.environ.get(LANGUAGE_VAR) or os.environ.get(CONFIG_VAR):
        return load_settings().language
    return "zh"


def vocabulary_overlay() -> str | None:
    """The `vocabulary` setting (an overlay of the extractor's word lists), read as `log_level` is."""
    if os.environ.get(VOCABULARY_VAR) or os.environ.get(CONFIG_VAR):
        return load_settings().vocabulary
    return None


def load_settings(**given: Any) -> Settings:
    """The settings (`given` ones first); :class:`SettingsError` naming the variable or file key of a bad one.

    pydantic-settings is imported here, not with the module: the CLI starts without it.
    """
    from pydantic import ValidationError

    from chainatlas.settings.model import Settings

    try:
        return Settings(**given)
    except ValidationError as error:
        problem = error.errors()[0]
        key = ".".join(str(part) for part in problem["loc"])
        variable = PREFIX + key.upper()
        where = f"${variable}" if variable in os.environ else f"setting {key!r}"
        if variable not in os.environ and os.environ.get(CONFIG_VAR):
            where += f" in {os.environ[CONFIG_VAR]}"
        raise SettingsError(f"{where}: {problem['msg']} (got {problem.get('input')!r})") from None


@dataclass(frozen=True, slots=True)
class WebSettings:
    """What the web app is given: served over HTTPS or not, session limits, login back-off, rows a list page
    shows, the language pages open in."""

    https: bool = False
    sessions: SessionLimits = field(default_factory=SessionLimits)
    account_backoff: Backoff = ACCOUNT_BACKOFF
    address_backoff: Backoff = ADDRESS_BACKOFF
    page_size: int = 50
    language: Literal["zh", "en"] = "zh"
    log_level: LogLevel = DEFAULT_LOG_LEVEL

    @classmethod
    def from_env(cls) -> WebSettings:
        """The web's part of the settings (`load_settings`)."""
        found = load_settings()
        sessions = SessionLimits(dt.timedelta(minutes=found.idle_minutes), dt.timedelta(hours=found.session_hours))
        return cls(found.https, sessions, page_size=found.page_size, language=found.language, log_level=found.log_level)
