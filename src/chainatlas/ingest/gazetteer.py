"""Place names: China's provinces, prefectures and counties, found in running text.

Every division answers to its full name (平湖市) and, when at least two characters are
left, its short name (平湖; 秀洲区 → 秀洲, 延边朝鲜族自治州 → 延边). A name several places
share resolves by preference: places inside `within`, then the highest level (province
over prefecture over county), then a unique name; still ambiguous → no place. Functional
zones (石家庄高新技术产业开发区) answer to their full name only. In running text, short
names that are everyday words (合作, 新兴, 光明, 延长…) are not read, and a county's short
name or two-character full name (秀洲, 成县) only when the text also names the county in
full or its prefecture, or `within` contains it.

Townships (镇/乡/街道, 9-digit codes, the bundled `streets.csv`) are looked up on demand with `township`, never
found in running text: a town name counts when the county or city written before it (秀洲区王店镇) or given as
context makes it one town; a town of the same name elsewhere is not taken (王店镇 lies in five counties)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import ahocorasick

from chainatlas.reference import Region, Township, Townships, load_regions

_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}
# Texts this short (names: a firm's, a cluster's) have their place mentions remembered, up to so many.
_REMEMBERED_LENGTH = 40
_REMEMBERED_TEXTS = 100_000
_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|"
    "纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|"
    "鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各"
)
_AUTONOMOUS = re.compile(rf"^(?P<base>.{{2,}}?)(?:(?:{_ETHNIC})族)*自治(?:区|州|县|旗)$")
_SUFFIXES = ("特别行政区", "新区", "林区", "特区", "地区", "省", "市", "县", "区", "盟", "旗")
# Short names that are everyday words in economic prose.
_COMMON_WORDS = frozenset(
    str.split(
        """资源 合作 和平 比如 南部 解放 东方 前进 港口 公安 友好 通道 共和 城中 友谊 中方
        平安 凤凰 安定 延长 光明 新兴 运河 万年 东风 红旗 南岸 城北 城东 城西 城南 会同
        工农 大名 富裕 清水 高明 前锋 复兴 长子 清新 宏伟 平定 温泉 向阳 振兴 三元 大方
        互助 新华 莲花 名山 平和 黄龙 六合 永和 二七 台前 丰满 永福 永新 双桥 无为 民权
        九龙 月湖 文峰 高台 石门 白云 太和 大观 建华 建安 金台 建平 三门 方城 同心 元宝
        宝塔 太白 白玉 灯塔 木兰 天涯 七星 海棠 博爱 同仁 回民 钟楼 盘龙 方正 安居 龙凤
        大通 白杨 麒麟 富民 清流 老城 紫金 玉龙 爱民 新星 和顺 上高 阳明 天心 金沙 白沙
        天元 泰和 玉泉 方山 民乐 铜鼓 延寿 兴业 仁寿 大安 三台 路南 白塔 石鼓 嘉禾 大田
        双塔 政和 康乐 安福 安平 市北 市南 永年 新田 仁和 永胜 华安 城厢 金安 华龙 来宾
        江南 长寿 吉利 中原 朝阳 胜利 先锋 永久 开放 团结 惠民 民和 新平 小店 平房 江岸
        普安 长安 新城 新市 河口 江北 河东 河西 城关 开发 高新"""
    )
)


@dataclass(frozen=True, slots=True)
class Place(Region):
    """A division (`reference.Region`) as names in a text find it: also its short name and its province's code."""

    short: str
    province_code: str


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in a text, and the span and form it was written in."""

    place: Place
    start: int
    end: int
    surface: str


def short_name(name: str) -> str:
    """The name without its administrative suffix when two or more characters remain."""
    m = _AUTONOMOUS.match(name)
    if m:
        return m["base"]
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


class Gazetteer:
    """Looks places up by name or code and finds their mentions in text."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._places: dict[str, Place] = {}
        self._full: dict[str, list[Place]] = {}
        self._short: dict[str, list[Place]] = {}
        for region in regions:
            if region.parent_code == region.code:  # 东莞市 listed again as its own county
                continue
            place = self._place(region)
            self._places[place.code] = place
            self._full.setdefault(place.name, []).append(place)
            if not region.functional and place.short != place.name:
                self._short.setdefault(place.short, []).append(place)
        surfaces = [s for s in (*self._full, *self._short) if self._readable(s)]
        self._automaton = ahocorasick.Automaton()
        for surface in surfaces:
            self._automaton.add_word(surface, surface)
        self._automaton.make_automaton()
        self._readings: dict[tuple[str, str | None], tuple[bool, Place | None, list[Place]]] = {}
        self._found: dict[tuple[str, str | None], list[PlaceMention]] = {}

    @classmethod
    def bundled(cls) -> Gazetteer:
        """The gazetteer of the bundled `regions.csv`, built once."""
        return _bundled()

    @staticmethod
    def _place(region: Region) -> Place:
        province = region.code[:2] + "0000"
        short = region.name if region.functional else short_name(region.name)
        return Place(region.code, region.name, region.level, region.parent_code, region.functional, short, province)

    @staticmethod
    def _readable(surface: str) -> bool:
        return len(surface) >= 2 and surface not in _COMMON_WORDS

    def _inside(self, place: Place, within: str) -> bool:
        code: str | None = place.code
        while code is not None:
            if code == within:
                return True
            code = self._places[code].parent_code if code in self._places else None
        return False

    def _candidates(self, name: str, within: str | None) -> list[Place]:
        candidates = self._full.get(name) or self._short.get(name) or []
        if within is not None:
            inside = [p for p in candidates if self._inside(p, _normal(within))]
            candidates = inside or candidates
        return candidates

    @staticmethod
    def _best(candidates: list[Place]) -> Place | None:
        if not candidates:
            return None
        top = min(_LEVEL_RANK[p.level] for p in candidates)
        best = [p for p in candidates if _LEVEL_RANK[p.level] == top]
        return best[0] if len(best) == 1 else None

    def lookup(self, name: str, within: str | None = None) -> Place | None:
        """The place a name (full or short) stands for, or None when unknown or ambiguous."""
        return self._best(self._candidates(name, within))

    def _weak(self, surface: str) -> bool:
        """A county's short name, or a two-character full name: read only when corroborated."""
        places = self._full.get(surface) or self._short.get(surface) or []
        return all(p.level == "county" for p in places) and (surface not in self._full or len(surface) == 2)


    def _corroborated(self, place: Place, context: set[str], within: str | None) -> bool:
        if place.code in context or place.parent_code in context:
            return True
        return within is not None and self._inside(place, _normal(within))

    def find(self, text: str, within: str | None = None) -> list[PlaceMention]:
        """Leftmost-longest place mentions in `text` that resolve to one place.

        A county written by its short name (秀洲, 桐乡) counts only when the text also
        names it in full or names its prefecture (a municipality for 浦东, 万州), or
        `within` contains it; that keeps 投入和政策
        from reading as 和政县 and picks the right one of two counties named alike.
        """
        if len(text) > _REMEMBERED_LENGTH:
            return self._find(text, within)
        key = (text, within)
        if key not in self._found:
            if len(self._found) >= _REMEMBERED_TEXTS:
                self._found.clear()
            self._found[key] = self._find(text, within)
        return list(self._found[key])

    def _find(self, text: str, within: str | None) -> list[PlaceMention]:
        matches = [(end + 1 - len(surface), end + 1, surface) for end, surface in self._automaton.iter_long(text)]
        readings = [self._reading(surface, within) for _, _, surface in matches]
        context: set[str] = set()
        for _, strong, _ in readings:
            if strong is not None:
                context |= {strong.code, strong.parent_code or strong.code}
        found = []
        for (start, end, surface), (weak, strong, candidates) in zip(matches, readings, strict=True):
            place = self._best([p for p in candidates if self._corroborated(p, context, within)]) if weak else strong
            if place is not None:
                found.append(PlaceMention(place, start, end, surface))
        return found

    def opening(self, name: str, within: str | None = None) -> Place | None:
        """The place a name opens with when that is one place: 嘉善经济技术开发区 → 嘉善县. A short county name
        counts here without other mention (the name itself ties it to the place), unlike in running text."""
        for end, surface in self._automaton.iter_long(name):
            if end + 1 == len(surface):
                return self.lookup(surface, within)
        return None

    def _reading(self, surface: str, within: str | None) -> tuple[bool, Place | None, list[Place]]:
        """(weak?, the place it stands for when not weak, its candidates), remembered per surface."""
        key = (surface, within)
        if key not in self._readings:
            weak = self._weak(surface)
            self._readings[key] = (weak, None if weak else self.lookup(surface, within),
                                   self._candidates(surface, within))
        return self._readings[key]

    def township(self, name: str, context: Iterable[str] = ()) -> Township | None:
        """The township `name` denotes, written alone or after its county or city (嘉兴市秀洲区王店镇), or None.

        The place written first decides among same-named towns; else the `context` codes (counties, cities or
        provinces the document names) when exactly one candidate lies inside them; else a name only one town
        in the country carries."""
        if not name.endswith(_TOWNSHIP_ENDINGS):
            return None
        written, rest = self._prefix(name)
        candidates = Townships.bundled().by_name.get(rest, [])
        if written is not None:
            inside = [t for t in candidates if self._holds(written.code, t)]
            return inside[0] if len(inside) == 1 else None
        inside = [t for t in candidates if any(self._holds(code, t) for code in context)]
        if len(inside) == 1:
            return inside[0]
        return candidates[0] if len(candidates) == 1 and not inside else None

    def _holds(self, code: str, township: Township) -> bool:
        county = self._places.get(township.county_code)
        return county is not None and self._inside(county, _normal(code))

    def _prefix(self, name: str) -> tuple[Place | None, str]:
        """The innermost place a name opens with (嘉兴市秀洲区王店镇 → 秀洲区) and the rest of the name."""
        written: Place | None = None
        at = 0
        for end, surface in self._automaton.iter_long(name):
            start = end + 1 - len(surface)
            if start != at or end + 1 == len(name):
                break
            place = self.lookup(surface, written.code if written else None)
            if place is None:
                break
            written, at = place, end + 1
        return written, name[at:]

    def place(self, code: str) -> Place | None:
        """The place with this code (2, 4 or 6 digits, or longer codes cut to 6)."""
        return self._places.get(_normal(code))

    def county_of(self, code: str) -> Place | None:
        """The county-level place of a county or township code."""
        place = self.place(code)
        return place if place is not None and place.level == "county" else None

    def city_of(self, code: str) -> Place | None:
        """The prefecture containing `code` (itself if a prefecture); None above or outside one."""
        place = self.place(code)
        while place is not None and place.level == "county":
            place = self.place(place.parent_code) if place.parent_code else None
        return place if place is not None and place.level == "prefecture" else None

    def province_of(self, code: str) -> Place | None:
        """The province containing `code`."""
        place = self.place(code)
        return self._places.get(place.province_code) if place is not None else None

    def name_of(self, code: str) -> str:
        """The full name of a code; KeyError when unknown."""
        place = self.place(code)
        if place is None:
            raise KeyError(code)
        return place.name


_TOWNSHIP_ENDINGS = ("镇", "乡", "街道")


def _normal(code: str) -> str:
    return code[:6].ljust(6, "0")


@cache
def _bundled() -> Gazetteer:
    return Gazetteer(load_regions())
