"""Text made safe for a spreadsheet cell: the OWASP CSV-injection rule for every CSV and Excel file we write.

A cell starting with = + - @, a tab or a carriage return is read by Excel, WPS and LibreOffice as a formula
(`=HYPERLINK(…)` leaks data, `+cmd|' /C calc'!A0` runs a program); their full-width forms ＝ ＋ － ＠, which a
Chinese input method types, are treated alike to be safe. Such a cell gets a leading `'`, which the programs show
as text. A plain number (-1.5, +3, -2.5%, 1,234) is no formula and is left as it is.
"""

from __future__ import annotations

import re

FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def neutralise(text: str) -> str:
    """`text` with a leading `'` when a spreadsheet could read it as a formula; numbers and other text unchanged."""
    if text[:1] in FORMULA_STARTS and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
