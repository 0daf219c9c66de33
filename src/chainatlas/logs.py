"""Logs: one line per event on stderr, its fields as ``key=value`` after the event's name, so a line reads at a
glance and parses with one split (``2026-12-05T13:20:01 INFO chainatlas.ingest document-stored name=… claims=12``).

The level is the setting `log_level` (`$CHAINATLAS_LOG_LEVEL`, WARNING unless set): ingest, imports, the audit
log and web requests log at INFO (files skipped and bad cells too: the command reports those to its user itself).
Each module logs through `logging.getLogger(__name__)`; `event` writes the line.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from chainatlas.i18n import language

ROOT = "chainatlas"
FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"


def _value(value: Any) -> str:
    text = str(value)
    return f'"{text.replace(chr(34), chr(39))}"' if not text or any(c.isspace() or c in '="' for c in text) else text


def event(logger: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log event `name` with its fields (values quoted when they hold spaces or ``=``), if `level` is on. Messages
    among the values are read in English whatever the user's language: a log is read by operators and tools."""
    if logger.isEnabledFor(level):
        with language("en"):
            said = " ".join(f"{key}={_value(value)}" for key, value in fields.items())
        logger.log(level, "%s %s", name, said)


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a line is logged (a test runner swaps it per command)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure(level: str) -> None:
    """Send the package's logs at `level` and above to stderr, once per process (later calls set the level)."""
    logger = logging.getLogger(ROOT)
    logger.setLevel(level)
    if not any(isinstance(handler, _Stderr) for handler in logger.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter(FORMAT, DATE_FORMAT))
        logger.addHandler(handler)
        logger.propagate = False
