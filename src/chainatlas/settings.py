"""The atlas's settings: how long web sessions last, how failed logins back off, whether it is served over HTTPS.

The limits are named constants here, in one place; the environment sets one thing, `CHAINATLAS_HTTPS`
(`1`/`true`/`yes` when a reverse proxy serves the atlas over HTTPS: the session cookie is then marked
`Secure`). `WebSettings.from_env` builds the object the web app is given; tests build their own.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

DB_VAR = "CHAINATLAS_DB"  # the database URL, as `--db` gives it
HTTPS_VAR = "CHAINATLAS_HTTPS"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")

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


def _flag(environ: Mapping[str, str], name: str) -> bool:
    value = environ.get(name, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(f"${name} must be one of 1, true, yes, on or 0, false, no, off, not {value!r}")


@dataclass(frozen=True, slots=True)
class WebSettings:
    """What the web app is given: served over HTTPS or not, session limits, login back-off."""

    https: bool = False
    sessions: SessionLimits = field(default_factory=SessionLimits)
    account_backoff: Backoff = ACCOUNT_BACKOFF
    address_backoff: Backoff = ADDRESS_BACKOFF

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> WebSettings:
        """The defaults, with `$CHAINATLAS_HTTPS` read from `environ`."""
        return cls(https=_flag(environ, HTTPS_VAR))
