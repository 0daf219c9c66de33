"""Names as the resolver compares them: folded, normalised, and the place a name is written with.

`fold` is the written form made comparable (NFKC, no spaces, traditional script
converted to simplified with OpenCC `t2s`); `normalise` is the part of a folded name
that identifies it (浙江百润轴承有限公司 → 百润轴承); `written_place` is the region a
name's own leading place names denote (海盐恒锋工具有限公司 → 海盐县), which tells
two registrations of one trade name apart. Pure functions, cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import opencc

from chainatlas import reference
from chainatlas.ingest.gazetteer import Gazetteer
from chainatlas.ingest.lexicon import BRANCH, GROUP, LIMITED

_REGION_SUFFIX = "(?:特别行政区|自治区|自治州|自治县|地区|新区|省|市|县|区|盟|旗)"
LEGAL_FORMS = f"{LIMITED}|{GROUP}"
_GENERIC = re.compile("中小企业|特色|产业集群|集群|项目$")


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


_BRANCH = re.compile(BRANCH)
_LEGAL_ONLY = re.compile(LEGAL_FORMS)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(one region name, a leading run of them, legal forms) built from the bundled regions."""
    names: set[str] = set()
    for place in reference.load_regions():
        if not place.functional:
            short = re.sub(f"{_REGION_SUFFIX}$", "", place.name)
            names.add(short if len(short) >= 2 else place.name)
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    region = f"(?:{alternatives}){_REGION_SUFFIX}?"
    return (
        re.compile(region),
        re.compile(f"(?:{region})+"),
        re.compile(f"(?:{region})*{BRANCH}|{LEGAL_FORMS}"),
    )


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The written form made comparable: NFKC, no spaces, simplified script (浙江百潤 → 浙江百润)."""
    text = "".join(unicodedata.normalize("NFKC", name).split())
    return str(_converter().convert(text))


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The part of a name that identifies it: 浙江百润轴承有限公司 → 百润轴承.

    The folded name with legal forms (有限公司, 股份有限公司, 有限责任公司, 集团, …分公司)
    dropped wherever they are, then a leading run of region names, then the words
    中小企业, 特色, 产业集群, 集群 and a trailing 项目. A step that would leave nothing
    is skipped, so a bare region or generic name stays as it is.
    """
    _, leading, legal = _patterns()
    text = fold(name)
    # without a branch word only the legal forms can match: the plain pattern is 10 times faster
    text = (legal if _BRANCH.search(text) else _LEGAL_ONLY).sub("", text) or text
    if found := leading.match(text):
        text = text[found.end() :] or text
    return _GENERIC.sub("", text) or text


@lru_cache(maxsize=65536)
def written_place(name: str) -> str | None:
    """The code of the most specific region a name starts with (浙江嘉兴… → 330400), or None.

    Only a name that goes on after its places counts: a bare place name has none.
    """
    single, _, _ = _patterns()
    text, at, code = fold(name), 0, None
    gazetteer = Gazetteer.bundled()
    while (found := single.match(text, at)) and found.end() < len(text):
        place = gazetteer.lookup(found.group(), within=code)
        if place is None:
            break
        code, at = place.code, found.end()
    return code


def is_branch(name: str) -> bool:
    """True for a branch's name (…分公司)."""
    return BRANCH in fold(name)


def stem(key: str) -> str:
    """The first three characters of a normalised name: the index the short-name rule looks up."""
    return key[:3]
