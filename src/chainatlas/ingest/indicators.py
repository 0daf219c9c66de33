"""What a number in a sentence measures: the metric, read from the words around it.

A figure's metric is named by the nearest cue before it (总产值128.95亿元,
集聚中小企业71家, 国家标准4项) or by its counted noun after it (15个项目, 500余名员工);
in a list the cue carries over (国家标准4项、行业标准2项; 国家级…集群4个、省级10个).
"""

from __future__ import annotations

import re

from chainatlas.domain import Unit
from chainatlas.ingest.lexicon import (
    CJK,
    COUNT_NOUNS,
    INNER_LEAD_WORDS,
    METRIC_CUES,
    STANDARD_JOINED,
    STANDARD_KINDS,
    STANDARD_LED,
)
from chainatlas.ingest.numbers import Quantity

# Figures that are a stock at a date, not a flow over a period.
STOCK_METRICS = frozenset({
    "invention_patents", "site_count", "employee_count", "product_count",
    "cluster_count_national", "cluster_count_provincial", "market_share",
})
_MONEY_CUES = [(cue, metric) for cue, metric in METRIC_CUES if metric not in {
    "yoy_growth", "market_share", "duration_months", "floor_area"}]
_RATIO_CUES = (
    ("同比增长", "yoy_growth"), ("同比增", "yoy_growth"), ("增长", "yoy_growth"), ("增速", "yoy_growth"),
    ("同比下降", "yoy_growth"), ("下降", "yoy_growth"), ("减少", "yoy_growth"), ("下滑", "yoy_growth"),
    ("市场份额", "market_share"), ("市场占有率", "market_share"), ("占有率", "market_share"),
    ("贡献率", "x:contribution_rate"), ("拉动", "x:growth_pulled"),  # a share of growth, not a growth
)
_POINTS = re.compile("个?百分点")  # a difference of two rates (高于…2.1个百分点), never a growth
_DECLINE = re.compile("(?:下降|减少|下滑|回落)$")
_FIRM_COUNTERS = frozenset({"家", "户", "个"})
# Words that may stand between a firm count's noun and its number (企业数量达41家, 企业超100家).
_COUNT_BRIDGE = re.compile("^(?:数量|总数|数)?(?:达到|达|超过|超|逾|近|约|共|有|总计|合计)?$")
# What may qualify 企业 in a plain firm count (集聚企业36家); anything else (重点企业) is a subset.
_COUNT_LEAD = re.compile(
    "(?:^|集聚|汇聚|汇集|聚集|拥有|共有|现有|有|入驻|集群|集群内|其中|招引|引进|累计招引|累计引进|已累计招引|"
    "[省市县区州旗](?=规上|规模以上))"  # 博乐市规上企业40家: a place's firms above designated size
    f"(?:各类|(?:规上|规模以上)(?:工业)?|[{CJK}]{{0,6}}?(?:工业|加工|制造|生产|零部件|配套))?$"
)  # firms of a trade (工业企业, 羊乳加工企业) count the subject's firms; of a tier (重点企业) a subset
_NOUN_AFTER = re.compile(f"^[{CJK}]{{0,2}}?(" + "|".join(n for n, _ in COUNT_NOUNS) + ")")
_RANGE = re.compile("[到至~\\-—－]$")
# Words that make an output figure a project's expectation (达产后预计年产值…).
_EXPECTED = re.compile("预计|达产|建成后|投产后|建成投产|可实现|将实现|可形成|将形成|全部建成")
# Projects of a kind (储备项目, 上亿元项目, 在谈项目): a subset, named by an x: label instead.
_PROJECT_SUBSET = re.compile("储备|策划|谋划|在谈|跟踪")
# The clusters a number counts, written after it (45个国家先进制造业集群).
_CLUSTERS_AFTER = re.compile(f"[{CJK}“”]{{0,16}}?集群")
_PROJECTS_BEFORE = re.compile("项目(?:数量|总数|数)?(?:共计|共有|共|达到|达|有|合计|累计)*$")


def is_decline(sentence: str, q: Quantity, window_start: int) -> bool:
    """True when a growth figure is written as a fall (比上年下降15.2%)."""
    return bool(_DECLINE.search(_BRIDGE_TAIL.sub("", sentence[window_start:q.start])))


def is_range_end(text: str, q: Quantity) -> bool:
    """True for either end of a range such as 24到36个月."""
    before = text[max(0, q.start - 1):q.start]
    after = text[q.end:q.end + 1]
    return bool(_RANGE.search(before)) or after in ("到", "至", "~", "-", "—")


def _nearest(window: str, cues: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """The cue whose last occurrence ends nearest the end of `window`."""
    best: tuple[int, int, str, str] | None = None
    for cue, metric in cues:
        at = window.rfind(cue)
        if at >= 0:
            rank = (at + len(cue), len(cue))
            if best is None or rank > best[:2]:
                best = (*rank, cue, metric)
    return None if best is None else (best[2], best[3])


def money_metric(window: str, head: str) -> str | None:
    """The metric of an amount from the cue nearest before it; `head` is the sentence up to it."""
    found = _nearest(window, _MONEY_CUES)
    if found is None:
        return None
    metric = found[1]
    if metric in ("output_value", "expected_annual_output"):
        return "expected_annual_output" if _EXPECTED.search(head) else "output_value"
    return metric


def standard_metric(sentence: str, window: str, q: Quantity) -> str | None:
    """standards_led_* / standards_participated_* for 主持制订国家标准4项 and its list."""
    kind = next((k for word, k in STANDARD_KINDS if window.endswith(word) or window.endswith(word + "达")), None)
    if kind is None:
        return None
    head = sentence[:q.start]
    led = [m.end() for m in STANDARD_LED.finditer(head)]
    joined = [m.end() for m in STANDARD_JOINED.finditer(head)]
    if not led and not joined:
        return None
    if (joined[-1] if joined else -1) > (led[-1] if led else -1):
        return None if kind == "industry" else f"standards_participated_{kind}"
    return f"standards_led_{kind}"


def count_metric(sentence: str, window: str, q: Quantity, previous: str | None) -> str | None:
    """The metric of a counted figure (家, 项, 件, 个, 名 …)."""
    if standard := standard_metric(sentence, window, q):
        return standard
    if window.endswith("专利") or re.search("发明专利(?:数|量|拥有量)?(?:达|超|共)?$", window):
        return "invention_patents"
    if cluster := _cluster_count(window, previous) or _counted_clusters(sentence, q):
        return cluster
    after = _NOUN_AFTER.match(sentence[q.end:])
    if after and re.search("等[近约超逾共]?$", window) and after.group(1) in ("企业", "中小企业"):
        return None  # 甲、乙等3家企业: the count of a list of firms, not the subject's firms
    if after:
        metric = dict(COUNT_NOUNS)[after.group(1)]
        return None if metric == "project_count" and _PROJECT_SUBSET.search(window) else metric
    if q.counter in ("个", "项") and _PROJECTS_BEFORE.search(window):
        return None if _PROJECT_SUBSET.search(window) else "project_count"
    return _firm_count(window, q)


def _cluster_count(window: str, previous: str | None) -> str | None:
    window = re.sub("[(（][^)）]*[)）]", "", window)  # 集群(不含宁波)增至33个
    level = "national" if "国家级" in window else "provincial" if re.search("省级|省中小企业", window) else None
    if re.search("集群(?:数量|数|总数)?(?:增至|增加到|达到|达|共|有|为)?$", window) and level:
        return f"cluster_count_{level}"
    if previous and previous.startswith("cluster_count_") and level and len(window) <= 6:
        return f"cluster_count_{level}"
    return None


def _counted_clusters(sentence: str, q: Quantity) -> str | None:
    """45个国家先进制造业集群, 9个省级特色产业集群: clusters counted by their level after the number."""
    if q.counter != "个":
        return None
    counted = _CLUSTERS_AFTER.match(sentence, q.end)
    if counted is None:
        return None
    if re.search("国家级|国家", counted.group()):
        return "cluster_count_national"
    return "cluster_count_provincial" if re.search("省级|省", counted.group()) else None


def _firm_count(window: str, q: Quantity) -> str | None:
    if q.counter not in _FIRM_COUNTERS or re.search("等[近约超逾]?$", window):
        return None  # 甲、乙等近30家企业 counts a list, not the subject's firms
    for noun, metric in (("中小企业", "sme_count"), ("企业", "enterprise_count")):
        at = window.rfind(noun)
        if at >= 0 and _COUNT_BRIDGE.match(window[at + len(noun):]) and _COUNT_LEAD.search(window[:at]):
            return metric
    return None


def metric_of(sentence: str, q: Quantity, window_start: int, previous: str | None) -> str | None:
    """The vocabulary metric of quantity `q` in `sentence`, or None when the text gives none."""
    window = sentence[window_start:q.start]
    if q.unit is Unit.CNY:
        return money_metric(window or sentence[max(0, q.start - 24):q.start], sentence[:q.start])
    if q.unit is Unit.RATIO:
        if _POINTS.match(sentence, q.end) or q.counter.endswith(("百分点", "百分點")):
            return None
        found = _nearest(window, _RATIO_CUES)
        if found and found[1] == "yoy_growth" and (
            re.search("平均增长|年均增长|平均增速", window) or re.search("力争|争取|目标", sentence[:q.start])
        ):
            return None  # an average over years, or a target, is no year-on-year growth
        return found[1] if found else None
    if q.unit is Unit.M2:  # land in 亩 is a plot, not a floor area; 年产…平方米 is an output
        return None if q.counter.endswith("亩") or re.search("年产|年加工|产能|年生产", window) else "floor_area"
    if q.unit is Unit.MONTH:
        return "duration_months" if re.search("用了|用时|历时|仅用|只用", window) else None
    return count_metric(sentence, window, q, previous)


# Words between a figure's noun and its number (产值达, 企业共有, 占比为) — not part of the label.
_BRIDGE_TAIL = re.compile(
    "(?:共计|总计|合计|累计|达到|超过|突破|实现|完成|约为|分别为|分别|为|是|达|超|逾|近|约|共|有|"
    "增至|增加到|提高到|提升至|占比|比重|占)+$"
)
_LABEL_LEAD = re.compile("^(?:实现|完成|累计|拥有|建成|培育|组建|成立|评选的?|新增|其中|全年|一季度|上半年|前三季度)+")
_LABEL = re.compile(f"[{CJK}“”\"]{{2,14}}$")
_NOUN_AFTER_COUNTER = re.compile(f"^[“\"]?([{CJK}]{{2,10}})[”\"]?(?=[，,。；;、）)]|$)")


def label_of(sentence: str, q: Quantity, window_start: int, names: list[tuple[int, int]]) -> str | None:
    """An `x:` metric named by the words around a figure the vocabulary has no name for
    (产业工匠学院8所 → x:产业工匠学院, 100个“美好生活能量站” → x:美好生活能量站); None when the
    words are a verb, a list, a name or a place rather than what is measured. `names` are the
    spans of names in the sentence."""
    if not q.in_base_unit or q.counter.endswith(("亩", "百分点", "百分點")) or q.unit is Unit.MONTH:
        return None
    for start, label in (_noun_before(sentence, q, window_start), _noun_after(sentence, q)):
        listed = start > 0 and sentence[start - 1] == "、" and q.counter in ("类", "种", "大", "项")
        inside = any(s < start + len(label) and start < e for s, e in names)
        if 2 <= len(label) <= 14 and not listed and not inside and not _NOT_A_LABEL.search(label):
            return f"x:{label}"
    return None


def _noun_before(sentence: str, q: Quantity, window_start: int) -> tuple[int, str]:
    """The noun phrase just before a figure (省级产改重点企业6家), past any verb that precedes it."""
    window = sentence[window_start:q.start]
    head = _BRIDGE_TAIL.sub("", window)
    if not head and window.startswith(("占比", "比重")):
        return window_start, window[:2]  # 占比近半
    found = _LABEL.search(head)
    if not found:
        return q.start, ""
    text = _TRAILING_VERB.sub("", found.group())
    cuts = [m.end() for m in _INNER_VERB.finditer(text) if len(text) - m.end() >= 2]
    offset = cuts[-1] if cuts else 0
    label = _LABEL_LEAD.sub("", text[offset:])
    start = window_start + found.start() + offset + len(text[offset:]) - len(label)
    return start, label.strip("“”\"")


def _noun_after(sentence: str, q: Quantity) -> tuple[int, str]:
    """The counted noun just after a figure (100个“美好生活能量站”)."""
    after = _NOUN_AFTER_COUNTER.match(sentence, q.end) if q.unit is Unit.COUNT else None
    return (after.start(1), after.group(1)) if after else (q.end, "")


_INNER_VERB = re.compile("|".join(sorted(INNER_LEAD_WORDS, key=len, reverse=True)) + "|的")
_TRAILING_VERB = re.compile("(?:" + "|".join(sorted(INNER_LEAD_WORDS, key=len, reverse=True)) + ")$")
# What a measured noun never is: a verb or particle at its end, a change of a rate, a place word.
_NOT_A_LABEL = re.compile(
    "(?:[的等了着过到在是以已]|" + "|".join(INNER_LEAD_WORDS) + ")$|降幅|增幅|百分点"
    "|^(?:全国|全省|全市|全区|全县|年|特别)|[省市县区]$"
)
