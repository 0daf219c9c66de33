"""Finding names in sentences: clusters, enterprises, platforms and projects.

Names in Chinese news are closed by a telling word (…产业集群, …有限公司, …研究院,
…项目) and opened by nothing at all, so each recogniser anchors on the closing word
and walks left to where prose ends: punctuation, a number, or a verb or function word
that names never start with. Short firm names with no legal form are found from their
context (X、Y等龙头企业, 为X、Y等企业配套) and as aliases of full names seen earlier.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from chainatlas.domain import PlatformType
from chainatlas.ingest import vocabulary
from chainatlas.ingest.gazetteer import Gazetteer
from chainatlas.ingest.lexicon import (
    BRANCH,
    CJK,
    FIRM_NAME_TAILS,
    GENERIC_NAME_WORDS,
    GENERIC_PROJECT_HEADS,
    GROUP,
    INNER_LEAD_WORDS,
    LEAD_WORDS,
    LIMITED,
    PLATFORM_SUFFIXES,
)


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A name found in a sentence: [start, end) in that sentence's text."""

    kind: str
    start: int
    end: int
    text: str
    platform_type: PlatformType | None = None


_NAME_CHAR = f"[{CJK}A-Za-z·]"
_LEAD = sorted(LEAD_WORDS, key=len, reverse=True)
_TIME_LEADS = ("年度", "年", "月份", "月", "日", "季度")
_LEADING = re.compile(f"(?:{'|'.join(_LEAD)}|(?:{'|'.join(_TIME_LEADS)})(?=[{CJK}]))+")
# Leads that may be the first character of a place (本溪, 于都, 日照); after 近年来 or 其中 the 来 and 中 are
# the lead's own.
_ONE_CHARACTER_LEADS = frozenset(word for word in (*LEAD_WORDS, *_TIME_LEADS) if len(word) == 1)
# Words inside a run that end the prose before a name (…亿元的致丰能源集团).
_BREAKS = re.compile("[的是在将被把从向对于了占暨]|等|和|与|及|以|为|来到|走进|走访|调研|前往|引进|引入|招引")
_CLUSTER_BREAKS = re.compile("[的是在将被把从向对于了和与为]|等")
_INNER_LEAD = re.compile("|".join(sorted(INNER_LEAD_WORDS, key=len, reverse=True)))
_ENDS_WITH_LEAD = re.compile("(?:" + "|".join(sorted(INNER_LEAD_WORDS, key=len, reverse=True)) + ")$")
# Words that make a would-be cluster name a phrase about clusters in general.
_VAGUE = re.compile("简称|簡稱|优秀|優秀|批次|[个個]|左右|要|百亿|千亿|万亿|网状|若干|一批")
# Words that make a would-be platform name a class of platforms (两个产业园, 全部国家级创新中心, 第一批试点…)
# or a size (34万平米实验室).
_VAGUE_PLATFORM = re.compile(
    "(?:[两二三四五六七八九十几多数]+个|全部|各类|各级|一批|第[一二三四五六七八九十]+批|(?:国家|省|市)级$|万?平方?米)"
)
_GENERIC_FIRM = re.compile(
    "^(?:科技型|外资|民营|国有|龙头|规上|规模以上|高新技术|上市|本地|当地|这家|该|多家|知名|各大|我们|他们|我司|本|"
    "[0-9一二三四五六七八九十两几数多]+家)"
)
_NUMBER_BEFORE = re.compile("等?[0-9]+$")
_COUNT_TAIL = re.compile("(?:等)?(?:[两二三四五六七八九十]+|[0-9]+)(?:大|个)$")
_SPLITTER = re.compile(f"[^{CJK}A-Za-z·]")
# Pinyin some sites gloss rare characters with inside names (產(chǎn)業(yè)): letters of a bracketed name.
_GLOSS = "āáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ"
_CLUSTER_SPLITTER = re.compile(f"[^{CJK}A-Za-z{_GLOSS}·()（）]")
_OPENING_BRACKETS = re.compile("(?:年度|年|度)?[(（][^()（）]*[)）]")  # (shè)項目, 2025年度（第四批）…集群: no name

_LEGAL = re.compile(
    f"(?:{LIMITED})(?:[{CJK}]{{2,6}}?(?:{BRANCH}))?|(?:{GROUP})(?:{LIMITED})?|(?<=[{CJK}])公司"
)
_CLUSTER = re.compile("(?:产业)?集群")
_PLATFORM = re.compile("|".join(sorted(map(re.escape, PLATFORM_SUFFIXES), key=len, reverse=True)))
_PROJECT = re.compile(
    f"第?[一二三四五六七八九十]期[{CJK}]{{0,6}}?(?:技改|工程)(?![{CJK}])|项目(?!公司|部|组|办|经理|负责人|单位|方)(?:[一二三四五]期)?|工程(?=[，,。；;、”)）]|$|开工|启动|签约|建成|正式|等|项目)"
)
_CHAIN_OPENING = re.compile(f"([{CJK}A-Za-z、()（）]{{2,24}}?)产业链(?=方面|[，,：:])")
_APPOSITIVE = re.compile(
    f"的[{CJK}]{{2,10}}(?:公司|企业|集团)([{CJK}]{{2,6}}?)(?=投资|兴建|建设|打造|牵头|出资|控股|研发)"
)
_PARTNERED = re.compile(f"(?:依托|携手|联合|引进|招引|与)([{CJK}]{{2,6}}?)(?=打造|建设|投资|合作|共建|签订|签署|落户)")
_PROJECT_LIST = re.compile(
    f"((?:[{CJK}A-Za-z·]{{2,10}}、)*[{CJK}A-Za-z·]{{2,10}})等([^，,。；;、]{{0,14}}?)项目(?!公司)"
)
# Words of trades and industries: a list item holding one names a trade, not a firm (新材料, 生物医药).
_INDUSTRY_WORD = re.compile(
    "新能源|新材料|装备|制造|服务|经济|产业|医药|汽车|电池|电路|芯片|能源|材料|信息|数字|智能|文旅|工业|商贸|"
    "农业|物流|种植|加工|研发|生产|提取|制品|模组|皮毛|农资|农具|种苗|培育|制剂|药材|综合|利用|软件|通信|光伏|"
    "储能|化工|纺织|服装|食品|旅游|康养|金融|地产|建筑|设施|机械|电子|电气|环保|节能|水产|畜禽|养殖|科技"
)
# What the words before a bare 公司 never hold when they name it: pronouns, particles, verbs of speaking of it.
_NOT_A_FIRM_CORE = re.compile("[了我你他她们这那该本此每各]|^(?:当时|整个|帮助|知名|国际|国内|外地|集团)|知名$")
# Verbs of building: a list after them names works (完成景墙、健身步道等…项目), not the firms behind projects.
_WORKS = re.compile("完成|建成|建设|新建|改造|实施|修建|铺设|新增")
# Items of a project list that name a product or a trade, not a firm (润滑油, 新材料, 深加工).
_PRODUCT_ITEM = re.compile("(?:油|材料|设备|装备|产品|基地|产业|加工|制造|利用|种植|培育|农具|物流|文旅|商贸)$")
_COUNTED = re.compile("[0-9]+[家个项批所座条]")
_QUOTED_PROJECT = re.compile("“([^“”]{3,60}?(?:项目|工程)(?:[一二三四五]期)?)”")
_PROJECT_BREAKS = re.compile("[的是在将被把从向对于了]|暨|和|与|以及|为")
_PROJECT_SPLITTER = re.compile(f"[^{CJK}A-Za-z{_GLOSS}0-9.·()（）]")
# Heads of project categories, and the one-character verbs of pursuing projects (抓项目, 拼项目, 谋项目):
# an activity named with 项目, never one project.
_GENERIC_PROJECT_TAIL = re.compile(
    "(?:重点|重大|在谈|储备|骨干|代表|关键|前沿|优质|产业链|产业|工业|文旅|农业|招商|签约|开工|复工|投产|竣工|亿元级|"
    "亿级|特别重大|标志性|新建|续建|在建|民生|实事|示范|试点|建设|引进|招引|外资|内资|人才|集中|地区|体系|以上|亿元|"
    "领域|方面|类|型|[抓拼谋促争跑]|各类|上亿元|千万元|以|一轮|解决|引资|反馈|制造业)$|亿元以上|亿元级"
)
_FIRM_LIST = re.compile(
    f"((?:[{CJK}A-Za-z·]{{2,12}}、)+[{CJK}A-Za-z·]{{2,12}})等"
    f"(?:(?:[近约超逾]?[0-9一二三四五六七八九十百]+[家个])?(?:龙头|知名|重点|头部|链主|骨干|领军|优质|上市|规上|外资|民营|"
    f"世界500强|全球500强|中国500强|行业|本地)[{CJK}]{{0,4}}?(?:企业|公司|车企|厂商|品牌|集团)"
    "|[0-9一二三四五六七八九十百多近约]*[家个]?(?:企业|公司|车企|厂商|品牌)(?=[，,。；;的、]|$|配套|合作|落户|入驻|签约|供货|负责人|代表)"
    # 甲、乙等食品加工企业38家 / 等40余户配套企业 / 等“链主”企业: a trade or a quoted title before the firms
    f"|(?:[近约超逾]?[0-9一二三四五六七八九十百]+[余多]?[家个户])?[“\"]?[{CJK}]{{2,6}}?[”\"]?(?:企业|车企|厂商)"
    "(?=[0-9一二三四五六七八九十百近约超逾]|[，,。；;、]|$))"
)
_FIRM_TAIL = re.compile(
    "(?:" + "|".join(sorted(FIRM_NAME_TAILS, key=len, reverse=True)) + ")$"
)
# Characters of transliterated foreign names (安波福, 佛吉亚, 西门子).
_TRANSLIT_NAME = re.compile(
    f"(?:^|(?<=[，,。；;：:、]))([{''.join(vocabulary.words('transliteration'))}]{{3,5}})"
    "(?=生产|是|为|在|的|已|作为|于)"
)


def _strip_lead(candidate: str) -> str:
    """Drop verbs, function words and time words from the front until a name remains; a place name that
    begins with a one-character one (本溪…) stays whole."""
    found = _LEADING.match(candidate)
    if not found:
        return candidate
    cut = found.end()
    if candidate[cut - 1] not in _ONE_CHARACTER_LEADS:
        return candidate[cut:]
    for place in Gazetteer.bundled().find(candidate[:cut + 4]):
        if place.start < cut < place.end:
            cut = place.start
            break
    return candidate[cut:]


def _left_edge(
    text: str, end: int, *, breaks: re.Pattern[str] | None, limit: int = 30, inner: bool = True,
    splitter: re.Pattern[str] | None = None,
) -> int:
    """Where a name ending at `end` starts: after prose, punctuation, numbers and verbs."""
    start = end
    floor = max(0, end - limit)
    stop = splitter or _SPLITTER
    while start > floor and not stop.match(text[start - 1]):
        start -= 1
    for pattern in (breaks, _INNER_LEAD if inner else None):
        if pattern is None:
            continue
        cuts = [m.end() for m in pattern.finditer(text, start, end) if end - m.end() >= 2 or m.end() == end]
        if cuts:
            start = cuts[-1]
    stripped = _strip_lead(text[start:end])
    return end - len(stripped)


def _is_generic(core: str) -> bool:
    """True for a head that names nothing: empty, generic words, or ending in a verb (培育产业集群)."""
    return not core or core.endswith("的") or bool(GENERIC_NAME_WORDS.match(core) or _ENDS_WITH_LEAD.search(core))


def ends_like_firm(name: str) -> bool:
    """Whether a name closes the way short firm names do (…科技, …传动, …传感器)."""
    return bool(_FIRM_TAIL.search(name)) and len(_FIRM_TAIL.sub("", name)) >= 2


def plausible_firm(name: str) -> bool:
    """False for words that stand where a firm's name would (多家, 知名车企, 该公司)."""
    return len(name) >= 2 and not _GENERIC_FIRM.match(name) and not _is_generic(name)


def find_clusters(text: str) -> Iterator[NameSpan]:
    """Cluster names, including each item of 甲、乙两大产业集群 and names with their products in brackets
    (驿城区装备制造(专用汽车及零部件)产业集群)."""
    for match in _CLUSTER.finditer(text):
        start = _cluster_start(text, match.start())
        head = text[start:match.start()]
        counted = _COUNT_TAIL.search(head)
        if counted:
            head = head[:counted.start()]
            yield from _listed_clusters(text, start)
        elif head in ("个", "大") and (number := _NUMBER_BEFORE.search(text, max(0, start - 8), start)):
            counted, head = number, ""  # 甲、乙和丙等8个产业集群: the list before the count
            yield from _listed_clusters(text, number.start() + 1 if number.group().startswith("等") else start)
        core = _strip_cluster_words(head)
        if len(core) >= 3 and not _is_generic(head) and not _is_generic(core) and not _VAGUE.search(core):
            full_end = match.end() if not counted else start + len(head)
            yield NameSpan("cluster", start, full_end, text[start:full_end])
            if not counted and start > 0 and text[start - 1] == "、":
                yield from _listed_clusters(text, start)


def _cluster_start(text: str, end: int) -> int:
    """Where a cluster name ending at `end` starts."""
    return _bracketed(text, _left_edge(text, end, breaks=_CLUSTER_BREAKS, splitter=_CLUSTER_SPLITTER), end)


def _bracketed(text: str, start: int, end: int) -> int:
    """Where a name read with its brackets, [start, end) of `text`, starts: brackets inside it are part of it
    (铸(锻)造, 國軒(二期)), a bracket left unpaired or opening it (（第四批）) is not."""
    opened: list[int] = []
    cut = start
    for index in range(start, end):
        if index < cut:
            continue
        if index == cut and (group := _OPENING_BRACKETS.match(text, index, end)):
            cut = group.end()
        elif text[index] in "(（":
            opened.append(index)
        elif text[index] in ")）":
            if opened:
                opened.pop()
            else:
                cut = index + 1
    return max(cut, opened[-1] + 1) if opened else cut


def _strip_cluster_words(head: str) -> str:
    return re.sub("中小企业|中小企業|特色|产业|產業|国家级|國家級|省级|省級", "", head)


def _listed_clusters(text: str, start: int) -> Iterator[NameSpan]:
    """The earlier items of a list closed by 两大产业集群 (甲、乙两大…) or 等N个产业集群 (甲、乙和丙等8个…)."""
    while start > 0 and text[start - 1] in "、和及与等":
        end = start - 1
        start = _cluster_start(text, end)
        if end - start >= 2 and not _is_generic(text[start:end]):
            yield NameSpan("cluster", start, end, text[start:end])


def find_legal_firms(text: str) -> Iterator[NameSpan]:
    """Enterprises written with a legal form (…有限公司, …集团, …嘉兴分公司)."""
    for match in _LEGAL.finditer(text):
        start = _drop_leading_counter(text, _left_edge(text, match.start(), breaks=_BREAKS, inner=False), match.start())
        core = text[start:match.start()]
        if match.group() == "公司" and _NOT_A_FIRM_CORE.search(core):
            continue  # 我公司, 帮助公司, 当时公司, 国际知名公司: a company spoken of, not named
        # 领先的太阳能科技公司, 集团定位…战略投资公司: a bare 公司 after 的 or a long phrase describes a firm,
        # but not after an amount (总投资1亿元的X公司…项目 names the firm)
        after_de = start > 0 and text[start - 1] == "的" and not text.endswith("元的", 0, start)
        descriptive = match.group() == "公司" and (after_de or len(core) > 6)
        if len(core) >= 2 and not descriptive and not _GENERIC_FIRM.match(core) and not GENERIC_NAME_WORDS.match(core):
            yield NameSpan("enterprise", start, match.end(), text[start:match.end()])


def find_platforms(text: str) -> Iterator[NameSpan]:
    """Innovation platforms and zones by their closing word (…研究院, …产业园, …经开区)."""
    for match in _PLATFORM.finditer(text):
        if match.end() < len(text) and text[match.end()] in "区园院所站":
            continue  # a longer closing word follows (产业园区)
        start = _drop_leading_counter(text, _left_edge(text, match.start(), breaks=_BREAKS), match.start())
        core = text[start:match.start()]
        if len(core) >= 2 and not _is_generic(core) and not _VAGUE_PLATFORM.match(core):
            kind = PLATFORM_SUFFIXES[match.group()]
            yield NameSpan("platform", start, match.end(), text[start:match.end()], kind)


def find_projects(text: str) -> Iterator[NameSpan]:
    """Named projects (…年产2000万平方米无纺布生产线项目, 第一期项目, “…工程”), not counts of projects."""
    quoted = [(m.start(1), m.end(1)) for m in _QUOTED_PROJECT.finditer(text)]
    for start, end in quoted:
        yield NameSpan("project", start, end, text[start:end])
    for match in _PROJECT.finditer(text):
        if any(s <= match.start() < e for s, e in quoted):
            continue
        start = _left_edge(text, match.start(), breaks=_PROJECT_BREAKS, splitter=_PROJECT_SPLITTER, limit=60)
        start = _drop_leading_counter(text, _bracketed(text, start, match.start()), match.start())
        head = text[start:match.start()]
        phase = match.group().startswith(("第", "一", "二", "三", "四", "五")) and "期" in match.group()
        if phase:
            head = head or match.group()
        phase = phase or bool(re.search("[一二三四五六七八九十]期$", head))  # 第一期项目 names a phase
        if len(head) < 2 or _generic_project(head) or (len(head) < 4 and not ends_like_firm(head) and not phase):
            continue  # 希望项目, 全部项目, 科技项目: too short to name one project unless a firm's name
        yield NameSpan("project", start, match.end(), text[start:match.end()])


def _drop_leading_counter(text: str, start: int, end: int) -> int:
    """5家优质储备项目 → not 家优质储备: a count before a name is no part of it (20万吨… is)."""
    if start > 0 and text[start - 1].isdigit() and text[start] in "家个项批所座条":
        return start + 1
    counted = _COUNTED.match(text, start, end)
    return counted.end() if counted else start


def _generic_project(head: str) -> bool:
    """True for a category of projects (重点项目, 工业项目, 在谈项目, 水果加工等项目)."""
    return bool(
        "等" in head or "项目" in head or re.search("[0-9一二三四五六七八九十百]+[个家项]", head)
        or GENERIC_PROJECT_HEADS.match(head) or _GENERIC_PROJECT_TAIL.search(head)
        or _is_generic(head)
    )


def find_listed_projects(text: str) -> Iterator[NameSpan]:
    """Projects named by their firms in a list (签约甲、乙、丙等项目29个; 引进了甲、乙等一批产业链项目;
    甲等龙头项目): each item a firm and its project, unless the item is a product (润滑油)."""
    if "等" not in text or "项目" not in text:
        return  # no such list (the pattern, which opens with any run of characters, is not tried)
    for match in _PROJECT_LIST.finditer(text):
        first_end = match.end(1) if "、" not in match.group(1) else text.index("、", match.start(1))
        offset = _left_edge(text, first_end, breaks=_BREAKS)
        items = text[offset:match.end(1)].split("、")
        if len(items) == 1 and not (ends_like_firm(items[0]) or re.search("龙头|重大|重点", match.group(2))):
            continue
        if _WORKS.match(items[0]) or _WORKS.search(text, max(0, offset - 2), offset):
            continue  # 完成景墙、健身步道…等民生服务项目: the works a project builds, not firms
        trades = sum(bool(_INDUSTRY_WORD.search(item)) for item in items)
        if trades * 2 > len(items):
            continue  # 新能源、新材料等项目: a list of trades, not of firms
        for item in items:
            firm_like = not (_is_generic(item) or _GENERIC_FIRM.match(item) or _INDUSTRY_WORD.search(item))
            if 2 <= len(item) <= 10 and firm_like:
                kind = "project" if _PRODUCT_ITEM.search(item) else "firm_project"
                yield NameSpan(kind, offset, offset + len(item), item)
            offset += len(item) + 1


def find_chains(text: str) -> Iterator[NameSpan]:
    """An industry chain a sentence opens with (脐橙(小水果)产业链方面，…)."""
    if match := _CHAIN_OPENING.match(text):
        head = match.group(1)
        if not _is_generic(head) and not _VAGUE.search(head):
            yield NameSpan("chain", 0, match.end(1) + 3, text[:match.end(1) + 3])


def find_listed_firms(text: str) -> Iterator[NameSpan]:
    """Firms named in a list closed by 等…企业 (汇聚甲、乙等龙头企业; 为甲、乙等知名企业配套)."""
    if "等" not in text or "、" not in text:
        return  # no such list (the pattern, which opens with any run of characters, is not tried)
    for match in _FIRM_LIST.finditer(text):
        first_end = text.index("、", match.start(1))
        offset = _left_edge(text, first_end, breaks=_BREAKS)
        items = text[offset:match.end(1)].split("、")
        if sum(len(_INDUSTRY_WORD.sub("", item)) < 2 for item in items) * 2 > len(items):
            continue  # 新能源、新材料等企业: a list of trades (nothing but trade words), not of firms
        for item in items:
            if len(item) >= 2 and not _is_generic(item) and not _GENERIC_FIRM.match(item):
                yield NameSpan("enterprise", offset, offset + len(item), item)
            offset += len(item) + 1


def find_context_firms(text: str) -> Iterator[NameSpan]:
    """Short firm names by their context: opening a clause (贝托传动的…, 佛吉亚生产…), after a
    descriptor (…太阳能科技公司隆基绿能投资兴建) or a verb of partnering (依托立讯精密打造…)."""
    for match in _APPOSITIVE.finditer(text):
        yield NameSpan("enterprise", match.start(1), match.end(1), match.group(1))
    for match in _PARTNERED.finditer(text):
        if ends_like_firm(match.group(1)):
            yield NameSpan("enterprise", match.start(1), match.end(1), match.group(1))
    for match in re.finditer(f"(?:^|(?<=[，,。；;：:]))([{CJK}]{{3,6}})(?=的|在|已|是|生产|作为)", text):
        name = match.group(1)
        if _FIRM_TAIL.search(name) and len(_FIRM_TAIL.sub("", name)) >= 2 and not _is_generic(name):
            yield NameSpan("enterprise", match.start(1), match.end(1), name)
    for match in _TRANSLIT_NAME.finditer(text):
        yield NameSpan("enterprise", match.start(1), match.end(1), match.group(1))


def firm_aliases(full_name: str, strip_region: Callable[[str], str]) -> tuple[str, ...]:
    """Short forms a full firm name is written as later: 浙江百润轴承有限公司 → 百润轴承, 百润公司."""
    core = strip_region(_LEGAL.sub("", full_name))
    brand = core
    while (tail := _FIRM_TAIL.search(brand)) and tail.start() >= 2:
        brand = brand[:tail.start()]
    aliases = {core, brand + "公司"}
    if len(brand) >= 3:
        aliases.add(brand)
    return tuple(sorted(a for a in aliases if len(a) >= 3 and a != full_name))
