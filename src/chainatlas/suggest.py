"""Close names for a name that names nothing: the 'did you mean …?' of every not-found message.

Closeness is rapidfuzz's normalised Indel similarity (0–100) on the names as written, so one character
off (平湖市 for 平湖, 秀洲汽车智能配饰中小企业产业集 for …集群) scores high and an unrelated name does not.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from chainatlas.i18n import _, quote

CUTOFF = 60.0  # below this a name is not offered
MOST = 3


def close_names(name: str, choices: Iterable[str]) -> list[str]:
    """The names among `choices` closest to `name`, best first, at most three."""
    found = process.extract(name.strip(), set(choices), scorer=fuzz.ratio, limit=MOST, score_cutoff=CUTOFF)
    return [choice for choice, _score, _key in sorted(found, key=lambda f: (-f[1], f[0]))]


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """'；是否指“甲”或“乙”？' ('; did you mean '甲' or '乙'?') for the close names, '' when there are none."""
    names = close_names(name, choices)
    return _("；是否指{names}？").format(names=_(" 或 ").join(quoted(n) for n in names)) if names else ""


def quoted(name: str) -> str:
    """A name as a message quotes it now: “平湖市” ('平湖市')."""
    return str(quote(name))
