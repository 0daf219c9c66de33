"""Numbers in Chinese economic prose: amounts, counts, percentages, areas and durations.

`find_quantities` reads every figure a fact could be built from and converts it to base
units with `Decimal` arithmetic (88.82亿元 → 8882000000 yuan, 16.8% → 0.168).

Reading rules (what callers may rely on):

* A Chinese numeral needs a measure word (三家, 两大, 十个); 一 alone + measure word is
  an article (一家企业, 一个个项目) and is skipped; so are numerals in names (一县一集群,
  十四五, 一万舜, 四点接触, 零部件) and ordinals (第一, 第七大, 九届九十五次).
* An Arabic number needs a unit or measure word, except a bare 万/亿 amount (投资1.85亿),
  read as yuan, and a bare integer closing a clause (累计40，), read as a count. Years
  (2025年), dates, times, codes and size classes (10亿元级, 500强) give nothing.
* `counter` is the unit as written, multiplier included: 亿元, 万元, 万平方米, 万家, 家, %;
  `measure` is the same without the multiplier (元, 平方米, 家).
* 亩 is converted to m² (1亩 = 2000/3 m², rounded to whole m²); 平方公里 and 公顷 too.
* 年 after a number is a duration in months (三年 → 36) unless it is a year (≥1000) or a
  period word precedes it (近3年, 过去两年); 个月 is months.
* Foreign money (美元…) and physical measures (吨, GW, 米…) keep unit COUNT with their
  counter; `Quantity.in_base_unit` is False for them so callers can drop them.
* A range (24到36个月, 3-5年) gives two quantities, each spanning its own end ("24",
  "36个月"), sharing the counter: the low end with qualifier GE, the high end with LE.
* Qualifiers: 超/超过/逾/突破/余/多 → GT, 以上 → GE, 以下/以内 → LE, 不足/不到 → LT,
  约/近/左右 → APPROX, 达/一半/plain → EQ; a bare 万 (小组万个) is APPROX. A word after
  the number (以上, 余) outranks one before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from chainatlas.domain import Qualifier, Unit
from chainatlas.ingest.patterns import matches

_DIGITS = "零〇一二两兩三四五六七八九"
_DIGIT_VALUE = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2, "兩": 2}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_MU = Decimal(2000) / Decimal(3)


@dataclass(frozen=True, slots=True)
class _Measure:
    unit: Unit
    factor: Decimal
    base: bool = True


def _words(text: str) -> list[str]:
    return text.split()


def _measures() -> dict[str, _Measure]:
    one, pct = Decimal(1), Decimal("0.01")
    table: dict[str, _Measure] = {
        "元": _Measure(Unit.CNY, one), "人民币": _Measure(Unit.CNY, one), "人民幣": _Measure(Unit.CNY, one),
        "%": _Measure(Unit.RATIO, pct), "％": _Measure(Unit.RATIO, pct),
        "个百分点": _Measure(Unit.RATIO, pct), "個百分點": _Measure(Unit.RATIO, pct),
        "成": _Measure(Unit.RATIO, Decimal("0.1")),
        "个月": _Measure(Unit.MONTH, one), "個月": _Measure(Unit.MONTH, one),
        "年": _Measure(Unit.MONTH, Decimal(12)),
        "亩": _Measure(Unit.M2, _MU), "畝": _Measure(Unit.M2, _MU),
        "公顷": _Measure(Unit.M2, Decimal(10**4)), "公頃": _Measure(Unit.M2, Decimal(10**4)),
        "平方公里": _Measure(Unit.M2, Decimal(10**6)), "平方千米": _Measure(Unit.M2, Decimal(10**6)),
    }
    for word in ("平方米", "平米", "m²", "㎡", "m2"):
        table[word] = _Measure(Unit.M2, one)
    for word in _words("家 项 項 件 个 個 箇 名 条 條 所 支 座 台 臺 人次 人 种 種 款 类 類 户 戶 位 大 "
                       "栋 棟 幢 颗 顆 辆 輛 套 间 間 处 處 只 隻 块 塊 片 场 場 枚"):
        table[word] = _Measure(Unit.COUNT, one)
    for word in _words("美元 欧元 歐元 港元 日元 英镑 英鎊 韩元 吨 噸 GW GWh MW kW KW 千瓦时 千瓦 瓦 "
                       "公里 千米 米 立方米 公斤 千克 标箱 TEU"):
        table[word] = _Measure(Unit.COUNT, one, base=False)
    return table


_MEASURES = _measures()
# A measure word followed by one of these characters is the start of another word (支持, 台州, 项目).
_NOT_AFTER = {
    "大": "会學学型量幅力多众眾", "支": "持撑撐付出柱", "条": "件例款约約", "條": "件例款约約",
    "种": "植子类類", "種": "植子", "台": "州湾灣风風", "项": "目", "項": "目", "处": "理于",
    "只": "有是要能", "场": "景地所", "片": "区區", "成": "立为為功本员員果交长長熟型就",
    "年": "度底初末中份代级級", "人": "民", "米": "粉",
}
_PERIOD_BEFORE = ("近", "前", "后", "後", "这", "這", "过去", "過去", "未来", "未來", "最近")
_CLAUSE_END = frozenset("，,。；;、)）！!？?\n")
_PRE: dict[str, Qualifier] = {
    **dict.fromkeys(("超过", "超過", "超出", "突破", "超", "逾"), Qualifier.GT),
    **dict.fromkeys(("将近", "將近", "接近", "近", "大约", "大約", "约", "約"), Qualifier.APPROX),
    **dict.fromkeys(("不足", "不到", "未满", "未滿", "少于", "少於"), Qualifier.LT),
    **dict.fromkeys(("达到", "達到", "高达", "高達", "达", "達"), Qualifier.EQ),
    "至少": Qualifier.GE, "最多": Qualifier.LE,
}
# A one-character qualifier after these is the end of another word (签约, 最近, 到达).
_AGREE_WORDS = "签簽合预預节節契制履特违違邀公条條缔締相践踐守立解"
_REACH_WORDS = "到抵表传傳下送通发發"
_WORD_BEFORE = {"约": _AGREE_WORDS, "約": _AGREE_WORDS, "近": "最附临臨靠贴貼亲親就邻鄰",
                "达": _REACH_WORDS, "達": _REACH_WORDS}
_POST = {"以上": Qualifier.GE, "以下": Qualifier.LE, "以内": Qualifier.LE, "左右": Qualifier.APPROX,
         "之多": Qualifier.EQ}

_ARABIC = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"
_CN = rf"[{_DIGITS}十百千万萬亿億]+(?:[点點][{_DIGITS}]+)?"
_MULT = r"[十百千]?[万萬]?[亿億]?"
_RANGE = r"\s*(?:到|至|-|－|—|~|～)\s*"
_COUNTER = "|".join(re.escape(w) for w in sorted(_MEASURES, key=len, reverse=True))
_TAIL = (
    rf"(?P<more2>[余餘多])?(?P<counter>{_COUNTER}){{opt}}"
    r"(?P<rmb>人民币|人民幣)?(?P<post>以上|以下|以内|左右|之多)?"
)
_ARABIC_RE = re.compile(
    rf"(?:(?P<lo>{_ARABIC})(?P<lomult>{_MULT}){_RANGE})?(?P<num>{_ARABIC})(?P<more1>[余餘多])?(?P<mult>{_MULT})"
    + _TAIL.replace("{opt}", "?")
)
_CN_RE = re.compile(
    rf"(?:(?P<lo>{_CN}){_RANGE})?(?P<num>{_CN})(?P<more1>[余餘多])?(?P<mult>)" + _TAIL.replace("{opt}", "")
)
_HALF_RE = re.compile(
    r"(?P<pre>将近|將近|接近|超过|超過|近|超|逾|约|約)?(?P<num>一半|半[数數])(?P<post>以上)?"
    r"|(?P<pre2>将近|將近|接近|超过|超過|近|超|逾|过|過|约|約)(?P<num2>半)(?![年天月日小个個径徑岛島])"
)
_ROUND_RE = re.compile(rf"(?<![{_DIGITS}十百千万萬])(?P<num>[十百千][亿億])(?P<counter>元?)(?![级級元])")
_PERCENT_RE = re.compile(rf"百分之(?P<num>{_CN}|{_ARABIC})(?P<post>以上|以下|左右)?")
# Every character a match of each pattern can begin with (the patterns are run only there).
_ARABIC_START = re.compile("[0-9０-９]")
_CN_START = re.compile(f"[{_DIGITS}十百千万萬亿億]")
_HALF_START = re.compile("[将將接超近逾约約一半过過]")
_ROUND_START = re.compile("[十百千]")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure in base units (yuan, count, m², months, ratio 0..1) and where it was written."""

    value: float
    unit: Unit
    qualifier: Qualifier
    start: int
    end: int
    number_start: int
    number_end: int
    counter: str

    @property
    def measure(self) -> str:
        """The measure word without its multiplier: 家 for 3.1萬多家, 元 for 88.82亿元."""
        return self.counter.lstrip("十百千万萬亿億")

    @property
    def in_base_unit(self) -> bool:
        """False for foreign money and physical measures (美元, 吨, GW…), whose unit is nominal."""
        measure = _MEASURES.get(self.measure)
        return measure is None or measure.base


def _cn_integer(text: str) -> int:
    if all(ch in _DIGIT_VALUE for ch in text):  # 二〇二三: digit by digit
        return int("".join(str(_DIGIT_VALUE[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in _DIGIT_VALUE:
            digit = _DIGIT_VALUE[ch]
        elif ch in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[ch]
            digit = 0
        elif _BIG_UNITS.get(ch) == 10**4:
            total += (section + digit or 1) * 10**4
            section = digit = 0
        else:
            total = (total + section + digit or 1) * 10**8
            section = digit = 0
    return total + section + digit


def _multiplier(text: str) -> Decimal:
    factor = Decimal(1)
    for ch in text:
        factor *= _SMALL_UNITS.get(ch) or _BIG_UNITS[ch]
    return factor


def parse_number(text: str) -> Decimal:
    """The value of a numeral as written: "128.95", "1.2万", "三十一", "两", "一半", "十六点八"."""
    text = text.strip().translate(_FULLWIDTH).replace(",", "")
    if text in ("一半", "半", "半数", "半數"):
        return Decimal("0.5")
    head = text.rstrip("十百千万萬亿億") if text[:1].isdigit() else text.rstrip("万萬亿億")
    factor = _multiplier(text[len(head):])
    if not head:
        return factor
    if head[0].isdigit():
        return Decimal(head) * factor
    integer, _, fraction = head.replace("點", "点").partition("点")
    value = Decimal(_cn_integer(integer)) if integer else Decimal(0)
    if fraction:
        value += Decimal("0." + "".join(str(_DIGIT_VALUE[ch]) for ch in fraction))
    return value * factor


def _pre_qualifier(text: str, start: int) -> tuple[Qualifier | None, int]:
    """The qualifier word just before `start` (签约15个 has none) and where it begins."""
    for width in (2, 1):
        qualifier = _PRE.get(text[start - width:start]) if start >= width else None
        if qualifier is not None:
            if width == 1 and start > 1 and text[start - 2] in _WORD_BEFORE.get(text[start - 1], ""):
                return None, start
            return qualifier, start - width
    return None, start


def _qualifier(pre: Qualifier | None, more: bool, post: str | None) -> Qualifier:
    if post:
        return _POST[post]
    if more:
        return Qualifier.GT
    return pre or Qualifier.EQ


def _convert(number: Decimal, measure: _Measure) -> float:
    value = number * measure.factor
    if measure.factor == _MU:
        value = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(value)


def _bare_measure(m: re.Match[str], text: str) -> _Measure | None:
    """The measure of an Arabic number written with no unit word, or None to skip it."""
    if m["mult"] and m["mult"][-1] in "万萬亿億":
        return _MEASURES["元"]
    number = m["num"]
    following = text[m.end()] if m.end() < len(text) else "\n"
    year_like = len(number) == 4 and number[:2] in ("19", "20")
    if m["mult"] or m["lo"] or "." in number or year_like or following not in _CLAUSE_END:
        return None
    return _Measure(Unit.COUNT, Decimal(1))


def _signed(text: str, start: int) -> bool:
    """Whether the number at `start` carries a minus sign written after words (增长-8.7%), not a range's dash."""
    return start >= 2 and text[start - 1] in "-－" and "\u4e00" <= text[start - 2] <= "\u9fff"


def _skip_context(m: re.Match[str], text: str, start: int) -> bool:
    """True when the characters around a match make it no quantity (第3, 415X, 10亿元级)."""
    before = text[start - 1] if start else ""
    after = text[m.end()] if m.end() < len(text) else ""
    if before == "第" or after in ("级", "級", "强", "強"):
        return True
    if _signed(text, start):
        return False
    if before and before.isascii() and (before.isalnum() or before in "+-.:/=&?_#"):
        return True
    counter = m["counter"]
    return bool(counter and not m["post"] and not m["rmb"] and after and after in _NOT_AFTER.get(counter, ""))


def _cn_acceptable(m: re.Match[str]) -> bool:
    number = m["num"].rstrip("万萬亿億")
    if not number:  # 小组万个: a bare 万 before a count word
        return m["num"] in ("万", "萬") and _MEASURES[m["counter"]].unit is Unit.COUNT
    if number == "一" and m["num"] == "一":
        return False
    return any(ch in _DIGIT_VALUE and ch not in "零〇" for ch in number) or number == "十"


def _years_ok(m: re.Match[str], text: str, start: int, value: Decimal) -> bool:
    if m["counter"] != "年":
        return True
    if value >= 1000:
        return False
    return not any(text.endswith(word, 0, start) for word in _PERIOD_BEFORE)


def _range_ends(
    m: re.Match[str], measure: _Measure, start: int, multiplier: str, written: str
) -> list[Quantity]:
    """24到36个月: the low end (GE) spanning "24", the high end (LE) spanning "36个月"."""
    lomult = m.groupdict().get("lomult") or ""
    low_text = m["lo"] + (lomult or ("" if m["lo"][-1] in "万萬亿億" else multiplier))
    low = Quantity(_convert(parse_number(low_text), measure), measure.unit, Qualifier.GE,
                   start, m.end("lo") + len(lomult), m.start("lo"), m.end("lo"), written)
    high_value = _convert(parse_number(m["num"] + (m["mult"] or "")), measure)
    high = Quantity(high_value, measure.unit, Qualifier.LE, m.start("num"), m.end(),
                    m.start("num"), m.end("num"), written)
    return [low, high]


def _from_match(m: re.Match[str], text: str, chinese: bool) -> list[Quantity]:
    first = m.start("lo") if m["lo"] else m.start("num")
    pre, start = _pre_qualifier(text, first)
    if _skip_context(m, text, first) or (chinese and not _cn_acceptable(m)):
        return []
    counter = m["counter"] or ""
    measure = _MEASURES[counter] if counter else _bare_measure(m, text)
    value = parse_number(m["num"] + (m["mult"] or ""))
    if measure is None or not _years_ok(m, text, first, value):
        return []
    multiplier = m["num"][len(m["num"].rstrip("万萬亿億")):] if chinese else m["mult"] or ""
    if m["lo"]:
        return _range_ends(m, measure, start, multiplier, multiplier + counter)
    qualifier = _qualifier(pre, bool(m["more1"] or m["more2"]), m["post"])
    if m["num"] in ("万", "萬") and qualifier is Qualifier.EQ:  # 小组万个: a round ten thousand
        qualifier = Qualifier.APPROX
    amount = _convert(value, measure)
    if measure.unit is Unit.RATIO and _signed(text, first):  # 增长-8.7%: a fall written as a negative growth
        amount, start = -amount, first - 1
    return [Quantity(amount, measure.unit, qualifier, start, m.end(), m.start("num"), m.end("num"),
                     multiplier + counter)]


def _halves(text: str) -> list[Quantity]:
    found = []
    for m in matches(_HALF_RE, _HALF_START, text):
        num = "num" if m["num"] else "num2"
        pre = _PRE.get(m["pre"] or m["pre2"] or "") or (Qualifier.GT if m["pre2"] in ("过", "過") else None)
        qualifier = _qualifier(pre, False, m["post"])
        found.append(
            Quantity(0.5, Unit.RATIO, qualifier, m.start(), m.end(), m.start(num), m.end(num), m[num])
        )
    return found


def _percents(text: str) -> list[Quantity]:
    found = []
    for m in _PERCENT_RE.finditer(text):
        pre, start = _pre_qualifier(text, m.start())
        value = float(parse_number(m["num"]) / 100)
        found.append(Quantity(value, Unit.RATIO, _qualifier(pre, False, m["post"]), start, m.end(),
                              m.start("num"), m.end("num"), "百分之"))
    return found


def _round_amounts(text: str) -> list[Quantity]:
    """百亿投资, 千亿元: a round amount in yuan, qualifier APPROX."""
    return [
        Quantity(float(parse_number(m["num"])), Unit.CNY, Qualifier.APPROX, m.start(), m.end(),
                 m.start("num"), m.end("num"), m["num"] + m["counter"])
        for m in matches(_ROUND_RE, _ROUND_START, text)
    ]


def find_quantities(text: str) -> list[Quantity]:
    """Every amount, count, percentage, area and duration in `text`, in reading order."""
    found = [q for m in matches(_ARABIC_RE, _ARABIC_START, text) for q in _from_match(m, text, chinese=False)]
    found += [q for m in matches(_CN_RE, _CN_START, text) for q in _from_match(m, text, chinese=True)]
    found += _halves(text) + _percents(text) + _round_amounts(text)
    found.sort(key=lambda q: (q.number_start, -q.end))
    kept: list[Quantity] = []
    for quantity in found:
        if kept and quantity.number_start < kept[-1].number_end:
            continue
        kept.append(quantity)
    return kept
