"""Record ids: the range the store's INTEGER columns hold, and an id as a user writes it (`#12`)."""

from __future__ import annotations

import re

# The largest id (and offset) the store's INTEGER columns hold (PostgreSQL's int4): a larger one is never handed to
# the database (SQLite overflows past 2⁶³ and the query fails).
MAX_ID = 2**31 - 1
_WRITTEN = re.compile(r"#(\d+)")  # any decimal digits, full-width ones too (int reads them)


def written_id(text: str) -> int | None:
    """The id of a record written `#ID` (decimal digits, at most MAX_ID), else None: the text names no id a record
    can have (`#²`, `#99999999999999999999`) and is looked up as a name."""
    found = _WRITTEN.fullmatch(text)
    if found is None or len(found.group(1)) > len(str(MAX_ID)):
        return None
    number = int(found.group(1))
    return number if number <= MAX_ID else None
