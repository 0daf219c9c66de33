"""Relations stated in a sentence: who supplies whom, places in rankings, products.

Supply is written three ways in this genre: X的<产品>在Y、Z等企业的配套份额超30%;
为Y、Z等知名企业配套 (the subject supplies); <产品>将被装配到Y / 供货给Y. Rankings
read 居全省第二 (of the figures just given) or 全球第七大<行业>.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

from chainatlas.ingest.lexicon import CJK
from chainatlas.ingest.numbers import parse_number

_SHARE = re.compile("(?:配套|供货|供应|市场)?份额")
_SUPPLY_TO = re.compile(
    "为((?:[^，,。；;、等]{2,12}、)*[^，,。；;、等]{2,12})(?:等[^，,。；;]{0,8}?(?:企业|车企|厂商|品牌|客户))?(?:提供)?配套"
)
_CUSTOMERS = "((?:[^，,。；;、等和]{2,12}[、和])*[^，,。；;、等和]{2,12})"  # Y、Z和W: a list of customers
_LIST_ITEM = re.compile("[、和]")
# X是Y、Z等…的关键供应商 / X成为Y等…产品的优质供应商: X supplies each.
_SUPPLIER_OF = re.compile(f"(?:是|成为|成了|作为){_CUSTOMERS}(?:等[^，,。；;]{{0,12}}?)?的[^，,。；;的]{{0,6}}供应商")
# X与Y、Z等知名车企建立配套关系 / 保持供货合作: X supplies each.
_SUPPLIES_WITH = re.compile(
    f"与{_CUSTOMERS}(?:等[^，,。；;]{{0,12}}?)?(?:建立|形成|保持|开展)了?[^，,。；;]{{0,6}}?(?:配套|供货|供应)"
)
# Y是X(公司)的重要客户(之一): X supplies Y.
_CUSTOMER_OF = re.compile(
    f"([{CJK}A-Za-z]{{2,20}}?)(?:就|也|都)?是([{CJK}A-Za-z]{{2,12}}?)的(?:重要|主要|核心|大|长期)?客户"
)
_DELIVER = re.compile(
    f"(?:装配到|供货给|供应给|配套给|供给|供应(?!链|商|体系|保障))([{CJK}A-Za-z]{{2,12}}?)(?=本身|及|和|与|的|等|、|，|,|。|$)"
)
_PRODUCTS_BEFORE = re.compile(f"([{CJK}A-Za-z0-9、]{{2,60}}?)等?产品")
_RANK = re.compile(
    f"(?:居|位居|位列|排名|排|列|位于)在?(全省|全国|全市|全球|全区|全县|省内|国内|[{CJK}]{{2,3}}省)"
    "(?:第|前)([一二三四五六七八九十0-9]+)(?:位|名)?"
)
_RANK_SHARE = re.compile(
    "(国内|全国|全球|全省|省内|行业|国际)(?:市场)?(?:占有率|份额|市占率)(?:排名|位居|居|位列)?第([一二三四五六七八九十0-9]+)"
)
_RANK_NOUN = re.compile(f"(全球|全国|全省|世界)第([一二三四五六七八九十0-9]+)大([{CJK}]{{2,10}}?)(?=[，,。；;]|$)")
_PRODUCT_LIST = re.compile(
    f"(?:生产(?!许可|线|基地|车间|的|经营|节奏|制造|与|和|、|工艺)|聚焦|专注于|主营|主要产品(?:为|有|包括)|产品(?:涵盖|包括|有)|核心(?:拳头)?产品(?:为|是|包括))"
    f"([{CJK}A-Za-z0-9、和及与]{{2,80}}?)(?:等|的研发|的研究|，|,|。|；|;|$)"
)
_CORE_LIST = re.compile(f"以([{CJK}A-Za-z0-9、和及与]{{2,80}}?)为(?:核心|主导|主|特色|重点)")
_ITEM_SPLIT = re.compile("、|和|及|与")
_PRODUCT_NOISE = re.compile("^(?:配套|相关|各类|多种|高端|核心)")


@dataclass(frozen=True, slots=True)
class RankingCue:
    rank: int
    scope: str
    start: int
    end: int
    label: str | None = None  # 全球第七大<label>: the ranked trait, an x: metric
    metric: str | None = None  # 国内市场占有率第一: a vocabulary metric ranked


def share_clause(sentence: str) -> re.Match[str] | None:
    """The 配套份额 cue of a supply-share sentence."""
    return _SHARE.search(sentence)


def supply_targets(sentence: str) -> Iterator[list[tuple[int, int]]]:
    """For each 为Y、Z等企业配套 (是Y、Z等的供应商; 与Y、Z等车企建立配套关系), the spans of its customers."""
    for pattern in (_SUPPLY_TO, _SUPPLIER_OF, _SUPPLIES_WITH):
        for match in pattern.finditer(sentence):
            spans, start = [], match.start(1)
            for item in _LIST_ITEM.split(match.group(1)):
                if len(item) >= 2:
                    spans.append((start, start + len(item)))
                start += len(item) + 1
            yield spans


def customer_of(sentence: str) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """Y是X的重要客户(之一): the spans of (customer Y, supplier X)."""
    if "客户" not in sentence:
        return  # the pattern, which opens with any run of characters, is not tried
    for match in _CUSTOMER_OF.finditer(sentence):
        yield (match.start(1), match.end(1)), (match.start(2), match.end(2))


def delivered_to(sentence: str) -> Iterator[tuple[int, int]]:
    """Spans of customers after 装配到 / 供货给 …"""
    for match in _DELIVER.finditer(sentence):
        yield match.start(1), match.end(1)


def products_before(sentence: str, end: int) -> list[str]:
    """The products listed before `end` (精密薄壁轴承、四点接触球轴承等产品 → both)."""
    found = list(_PRODUCTS_BEFORE.finditer(sentence, 0, end))
    if not found:
        return []
    text = re.split("[，,：:]", found[-1].group(1))[-1]
    return [item for item in _ITEM_SPLIT.split(text) if len(item) >= 2]


def product_lists(sentence: str) -> Iterator[tuple[int, list[str]]]:
    """(position, products) for each 生产X、Y等 / 以X、Y为核心 / 产品涵盖X、Y in a sentence."""
    for match in (*_PRODUCT_LIST.finditer(sentence), *_CORE_LIST.finditer(sentence)):
        items = [_PRODUCT_NOISE.sub("", i) for i in _ITEM_SPLIT.split(match.group(1))]
        items = [i for i in items if 2 <= len(i) <= 14]
        if items:
            yield match.start(), items


def rankings(sentence: str) -> Iterator[RankingCue]:
    """Places in rankings: 居全省第二, 全球第七大汽车技术供应商."""
    for match in _RANK.finditer(sentence):
        yield RankingCue(int(parse_number(match.group(2))), match.group(1), match.start(), match.end())
    for match in _RANK_SHARE.finditer(sentence):
        cue = RankingCue(int(parse_number(match.group(2))), match.group(1), match.start(), match.end())
        yield dataclasses.replace(cue, metric="market_share")
    for match in _RANK_NOUN.finditer(sentence):
        yield RankingCue(int(parse_number(match.group(2))), match.group(1), match.start(), match.end(), match.group(3))
