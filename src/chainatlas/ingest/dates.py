"""Periods (what span a figure covers) and event dates (when a project stage happens).

Relative words are resolved against the document's date: 今年 is its year, 去年 the one
before, 近3年 the three years ending with the last full year. A year-less month or day
(6月5日, 1至5月, 上半年) takes the year last named earlier on the same line (2021年…一季度),
else the document's year; with no document date and no such year it gives nothing.

Planned rule: an event date is planned when its first day is after the document date, or
when a plan word (计划 预计 将 力争 拟 有望 争取 目标 …) stands before it in its clause.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from chainatlas.ingest.numbers import parse_number
from chainatlas.ingest.patterns import matches

_CN_SMALL = "一二三四五六七八九十"
_YEAR = (
    r"(?P<y4>[12][0-9]{3}|[一二][〇零一二三四五六七八九]{3})年"
    r"|(?P<rel>今年|去年|前年|明年|同年|当年|當年|本年)"
)
_MON = rf"(?:1[0-2]|0?[1-9]|十[一二]?|[{_CN_SMALL[:-1]}])"
_DAY = rf"(?:[0-9]{{1,2}}|[一二三]?十[{_CN_SMALL[:-1]}]?|[{_CN_SMALL[:-1]}])"
_SEP = r"\s*(?:至|到|-|－|—|~|～)\s*"
_QUARTER = r"第?(?P<q>[一二三四1-4])季度"
_HALVES = r"(?P<half>上半年|下半年|前三季度|前三季)"
_RELATIVE_DAYS = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2}
_RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "明年": 1}
_PLANS = {"十二五": "2011/2015", "十三五": "2016/2020", "十四五": "2021/2025", "十五五": "2026/2030"}
_HALF_MONTHS = {"上半年": (1, 6), "下半年": (7, 12), "前三季度": (1, 9), "前三季": (1, 9)}
_QUARTER_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_PERIOD_RE = re.compile(
    rf"(?P<ya>[12][0-9]{{3}})年?{_SEP}(?P<yb>[12][0-9]{{3}})年?(?![0-9])"
    rf"|(?P<plan>十[二三四五]五)"
    rf"|近(?P<n>[0-9]{{1,2}}|[两兩{_CN_SMALL}])年(?![来來])"
    rf"|(?P<past>过去一年|過去一年)"
    rf"|(?P<every>每年|每月)"
    rf"|(?P<since0>年初以来|年初以來)"
    rf"|(?<![0-9.])(?P<yr>{_YEAR})?(?:"
    rf"(?P<m1>{_MON})月?{_SEP}(?P<m2>{_MON})月份?"
    rf"|{_HALVES}|{_QUARTER}"
    rf"|(?P<day>{_MON}月{_DAY}[日号])"
    rf"|(?P<mo>{_MON})月份?"
    rf"|(?(yr)(?P<suffix>全年|度|初以来|初以來|以来|以來|末|底|初|内|內)?|(?P<full>全年)))"
)
_EVENT_RE = re.compile(
    r"(?<![0-9A-Za-z/=])(?P<iy>[12][0-9]{3})\s*(?P<sep>[-/.])\s*(?P<im>[0-9]{1,2})\s*(?P=sep)\s*(?P<id>[0-9]{1,2})(?![0-9])"
    rf"|(?P<skip>每年|每月|近[0-9两兩{_CN_SMALL}]+年)"
    r"|(?P<day_word>今天|今日|昨天|昨日|前天)"
    rf"|(?<![0-9.])(?P<yr>{_YEAR})?(?:"
    rf"(?P<range>{_MON}月?{_SEP}{_MON}月份?|{_HALVES}|初?以[来來])"
    rf"|(?P<mo>{_MON})月(?P<d>{_DAY})[日号]"
    rf"|(?P<mo2>{_MON})月份?(?:初|中|底|末|上旬|中旬|下旬)?"
    rf"|{_QUARTER}"
    rf"|(?(yr)(?:底|末|内|內)?|年(?:底|末|内|內)))"
)
# Every character a period or an event date can begin with (the two patterns are run only there).
_DATE_START = re.compile("[0-9〇零一二三四五六七八九十两兩近过過每年今去前明同当當本上下第全昨初以]")
_YEAR_AHEAD = re.compile(r"[^。\n]*?([12][0-9]{3})年")
_PLAN_WORDS = re.compile(
    r"计划|計劃|预计|預計|将|將|力争|力爭|拟|擬|有望|预期|預期|争取|爭取|目标|目標|确保|確保"
)
_CLAUSE_BREAKS = "，,。；;！？!?\n"


@dataclass(frozen=True, slots=True)
class Period:
    """What a figure covers: "2025", "2023/2025", "2026-01/2026-05", "2026-06"."""

    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EventDate:
    """When something happens: "2026-06-05", "2026-06", "2027-Q3" or "2018"."""

    value: str
    planned: bool
    start: int
    end: int


class _Years:
    """Resolves the year of each match: explicit, relative to the document, or carried on the line."""

    def __init__(self, text: str, doc_date: datetime.date | None) -> None:
        self.text = text
        self.doc_date = doc_date
        self.anchor: tuple[int, int] | None = None  # (year, end offset)

    def resolve(self, m: re.Match[str]) -> int | None:
        year = self._explicit(m)
        if year is not None:
            self.anchor = (year, m.end())
            return year
        if self.anchor and self.text.find("\n", self.anchor[1], m.start()) == -1:
            return self.anchor[0]
        if self.doc_date:
            return self.doc_date.year
        ahead = _YEAR_AHEAD.match(self.text, m.end())  # 1月13日上午，在重庆市2024年一季度…
        return int(ahead[1]) if ahead else None

    def _explicit(self, m: re.Match[str]) -> int | None:
        if m["y4"]:
            return int(parse_number(m["y4"]))
        rel = m["rel"]
        if rel in _RELATIVE_YEARS:
            return self.doc_date.year + _RELATIVE_YEARS[rel] if self.doc_date else None
        return None  # no year, or 同年 / 当年: the year named before


def _month(text: str) -> int:
    return int(parse_number(text))


def _span(year: int, first: int, last: int) -> str:
    return f"{year}-{first:02d}/{year}-{last:02d}"


def _period_value(m: re.Match[str], years: _Years, doc_date: datetime.date | None) -> str | None:
    """The period a match names, or None when it names none (a day, 年底, 每年)."""
    if m["ya"]:
        return f"{m['ya']}/{m['yb']}"
    if m["plan"]:
        return _PLANS.get(m["plan"])
    if m["every"]:
        return None
    if m["n"] or m["past"]:
        if doc_date is None:
            return None
        count = int(parse_number(m["n"])) if m["n"] else 1
        last = doc_date.year - 1
        return str(last) if count == 1 else f"{last - count + 1}/{last}"
    year = years.resolve(m)
    if year is None or m["day"] or m["suffix"] in ("末", "底", "初", "内", "內"):
        return None
    if m["since0"] or (m["suffix"] or "").endswith(("以来", "以來")):
        return f"{year}-01/{doc_date.year}-{doc_date.month:02d}" if doc_date else None
    if m["m1"]:
        return _span(year, _month(m["m1"]), _month(m["m2"]))
    if m["half"]:
        return _span(year, *_HALF_MONTHS[m["half"]])
    if m["q"]:
        quarter = _QUARTER_NUMBER[m["q"]]
        return _span(year, quarter * 3 - 2, quarter * 3)
    if m["mo"]:
        return f"{year}-{_month(m['mo']):02d}"
    return str(year)


def find_periods(text: str, doc_date: datetime.date | None) -> list[Period]:
    """Every period expression in `text` (2025年, 近3年, 今年1至5月, 今年初以来, 上半年…)."""
    years = _Years(text, doc_date)
    found = []
    for m in matches(_PERIOD_RE, _DATE_START, text):
        value = _period_value(m, years, doc_date)
        if value is not None:
            found.append(Period(value, m.start(), m.end()))
    return found


def _event_value(m: re.Match[str], years: _Years) -> tuple[str, datetime.date] | None:
    """The ISO value of an event match and its first day, or None."""
    if m["day_word"]:
        if years.doc_date is None:
            return None
        day_date = years.doc_date + datetime.timedelta(days=_RELATIVE_DAYS[m["day_word"]])
        return day_date.isoformat(), day_date
    if m["iy"]:
        year, month, day = int(m["iy"]), int(m["im"]), int(m["id"])
    else:
        resolved = years.resolve(m)
        if resolved is None:
            return None
        year, month, day = resolved, 0, 0
        if m["mo"]:
            month, day = _month(m["mo"]), _month(m["d"])
        elif m["mo2"]:
            month = _month(m["mo2"])
        elif m["q"]:
            quarter = _QUARTER_NUMBER[m["q"]]
            return f"{year}-Q{quarter}", datetime.date(year, quarter * 3 - 2, 1)
    try:
        first = datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    if day:
        return first.isoformat(), first
    return (f"{year}-{month:02d}" if month else str(year)), first


def _plan_word_before(text: str, start: int) -> bool:
    window_start = max(0, start - 12)
    clause = text[window_start:start]
    cut = max(clause.rfind(ch) for ch in _CLAUSE_BREAKS)
    return _PLAN_WORDS.search(clause, cut + 1) is not None


def find_event_dates(text: str, doc_date: datetime.date | None) -> list[EventDate]:
    """Every date in `text` (6月5日, 2027年三季度, 今年6月初, 2018年, 明年…) with its planned flag."""
    years = _Years(text, doc_date)
    found = []
    for m in matches(_EVENT_RE, _DATE_START, text):
        if m["skip"] or m["range"]:
            continue
        resolved = _event_value(m, years)
        if resolved is None:
            continue
        value, first = resolved
        planned = (doc_date is not None and first > doc_date) or _plan_word_before(text, m.start())
        found.append(EventDate(value, planned, m.start(), m.end()))
    return found
