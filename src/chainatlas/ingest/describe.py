"""What a sentence says of the clusters and firms it names: level, year, region, role, products."""

from __future__ import annotations

import dataclasses
import re

from chainatlas.chains import bundled_chains
from chainatlas.domain import ClusterLevel, Role
from chainatlas.ingest import relations
from chainatlas.ingest.context import Focus, Sentence
from chainatlas.ingest.entities import Entity
from chainatlas.ingest.state import ListContext, Reader

_OF_PRODUCT = re.compile("的([\u4e00-\u9fffA-Za-z0-9]{2,16})")
_LIST_NEWS = re.compile("名单|入选|认定|公布|新增|入围|上榜|分别是|出炉|胜出|揭晓|公示")
_LEADER = re.compile("龙头|头部|链主|领军")
_LIST_LINE = 60  # a paragraph this short naming one cluster is a line of a list
_YEAR = re.compile("((?:19|20)[0-9]{2})年度?")
# A clause that recognises the clusters named before it (…集群获评国家中小企业特色产业集群, 确定…等7个集群为
# 湖南省…集群, 入选省级…名单): what follows the verb says the level, read by `level_words`.
_RECOGNISED = re.compile(
    "(?:获评|荣获|入选|获批|获得|被认定为|认定为|确定为|评为|列为|列入|纳入|入围|成功创建)"
    "[^，,。；;]{0,30}?(?:集群|名单)|为(?=国家|省|市|[^，,。；;]{2,5}(?:省|市))[^，,。；;]{0,30}?集群"
)
_LEVEL_WORDS = (
    ("国家级|国家(?:先进制造业|中小企业|创新型)|全国|工信部|工业和信息化部|科技部", ClusterLevel.NATIONAL),
    ("省级|省(?:工信厅|经信厅|工业和信息化厅|经济和信息化厅|政府|人民政府|委|中小企业)|省[^，,。]{0,12}名单",
     ClusterLevel.PROVINCIAL),
    ("市级|市(?:工信局|经信局|政府|人民政府)", ClusterLevel.MUNICIPAL),
)
_NAMED_LIST = re.compile("[^，,。；;、]{0,14}?(?:集群|企业)?名单")  # 聊城市特色产业集群名单: the division's list
_RECOGNISING = re.compile("[^，,。；;、]{0,14}?(?:集群|名单)")  # 为湖南省…集群: the division recognising it
_CANDIDATES = re.compile("培育对象|培育名单|培育库")  # candidates for a list, not recognised clusters
_PLACE_LEVELS = {"province": ClusterLevel.PROVINCIAL, "prefecture": ClusterLevel.MUNICIPAL}


class Describer(Reader):
    """Describes the clusters and firms named."""

    def describe_clusters(self, sentence: Sentence, focus: Focus) -> None:
        """Level, year of recognition, region and core products of the clusters named.

        A sentence announcing a list (工信部公布2024年度…名单, 入选省级…) gives its level and year to the
        clusters it names, and to those of the list that follows it (a sentence naming several clusters).
        """
        listing = bool(_LIST_NEWS.search(sentence.text))
        list_text = sentence.text
        if listing and focus.previous is not None and "名单" in focus.previous.text:
            list_text = focus.previous.text + sentence.text  # 名单公布。名单中，甲、乙…
        clusters = sentence.of_kind("cluster")
        level = self.level_words(list_text) if listing else None
        here = self.state.paragraphs
        if level is not None:
            self.state.cluster_list = ListContext(level, self.list_year(list_text), here)
        context = self.state.cluster_list
        listed = len(clusters) >= 2 or (len(clusters) == 1 and len(sentence.paragraph.text) <= _LIST_LINE)
        if context is not None and not (level is not None or (listed and context.holds_at(here))):
            context = None
        if context is not None and listed:  # the list goes on while its lines follow each other
            self.state.cluster_list = context = dataclasses.replace(context, paragraph=here)
        for mention in clusters:
            cluster = mention.entity
            if "国家" in cluster.name and cluster.level is None:
                cluster.level = ClusterLevel.NATIONAL
            recognised = self.recognition(sentence, focus, mention.end) if cluster.level is None else None
            if recognised is not None:
                cluster.level, cluster.recognised_year = recognised
            elif context is not None and cluster.level is None:
                cluster.level, cluster.recognised_year = context.level, context.year
            self.place_cluster(cluster, sentence, mention.start, len(clusters))
        for position, products in relations.product_lists(sentence.text):
            target = sentence.before(position + 1, "cluster", "enterprise")
            owner = target.entity if target else focus.referred(sentence, position + 2)
            if owner is not None:
                owner.add_products(products)

    def level_words(self, text: str, named: re.Pattern[str] = _NAMED_LIST) -> ClusterLevel | None:
        """The level a list or recognition is of: its words (国家级, 省工信厅, 市级), else the division whose
        list it is (2022年度聊城市特色产业集群名单: a prefecture's list is municipal)."""
        for pattern, level in _LEVEL_WORDS:
            if re.search(pattern, text):
                return level
        places = self.gazetteer.find(text, self.city)
        return next((_PLACE_LEVELS[p.place.level] for p in places
                     if p.place.level in _PLACE_LEVELS and named.match(text, p.end)), None)

    def list_year(self, text: str) -> int | None:
        """The year of a list: written in it (2022年度), else the year the document was published."""
        year = _YEAR.search(text)
        return int(year.group(1)) if year is not None else self.published_year()

    def published_year(self) -> int | None:
        """The year the document was published, when known."""
        return self.document.date.year if self.document.date else None

    def recognition(
        self, sentence: Sentence, focus: Focus, end: int
    ) -> tuple[ClusterLevel | None, int | None] | None:
        """The level and year a clause after a cluster's name recognises it with (获评国家…集群, 等7个集群
        为湖南省…集群); no level for the candidates of a list (入选…培育对象名单). The year is the one the
        sentence writes, else the one the article last named, else the list's, else the publication's."""
        stop = sentence.clause_end(end)
        found = _RECOGNISED.search(sentence.text, end, stop)
        if found is None:
            return None
        if _CANDIDATES.search(sentence.text, found.start(), stop):
            return None, None
        level = self.level_words(found.group(), _RECOGNISING)
        if level is None:
            return None
        year = _YEAR.search(sentence.text)
        if year is not None:
            return level, int(year.group(1))
        if focus.year is not None:
            return level, int(focus.year)
        context = self.state.cluster_list
        return level, context.year if context is not None else self.published_year()

    def place_cluster(self, cluster: Entity, sentence: Sentence, start: int, named: int) -> None:
        """The cluster's region: the places its name opens with, else the sentence's place when the
        sentence names this cluster alone or writes the place right before it (平湖市的…集群)."""
        leading, end = [], 0
        for mention in self.gazetteer.find(cluster.name, self.city):
            if mention.start != end:
                break
            leading.append(mention)
            end = mention.end
        if leading:  # the most specific of a leading run (温州乐清… → 乐清市)
            cluster.place(leading[-1].place.name, leading[-1].place.code, 3)
            return
        before = [p for p in sentence.places if start - 2 <= p.end <= start]
        if before:
            cluster.place(before[-1].place.name, before[-1].place.code, 2)
        elif sentence.places and named == 1:
            place = (sentence.counties() or sentence.places)[0].place
            cluster.place(place.name, place.code, 2)

    def describe_platforms(self, sentence: Sentence) -> None:
        """A zone or park named after its place lies there: 嘉善经济技术开发区 in 嘉善县, 嘉兴港区 in 嘉兴市."""
        for mention in sentence.of_kind("platform"):
            platform = mention.entity
            place = self.gazetteer.opening(platform.name, self.city) if platform.region is None else None
            if place is not None and place.level in ("county", "prefecture"):
                platform.place(place.name, place.code, 3)

    def describe_firms(self, sentence: Sentence, focus: Focus) -> None:
        """Region and role of the firms named."""
        leader = _LEADER.search(sentence.text) or (
            focus.previous is not None and _LEADER.search(focus.previous.text) and sentence.mentions
            and sentence.mentions[0].entity.kind == "enterprise"
        )
        counties = sentence.counties()
        cluster = focus.of("cluster")
        for mention in sentence.of_kind("cluster", "enterprise"):
            if mention.entity.kind == "cluster":
                cluster = mention.entity
                continue
            firm = mention.entity
            if leader and firm.role is None:
                firm.role = Role.LEADER
            if product := owned_product(sentence.text, mention.end):
                firm.add_products([product])
            in_name = [p for p in self.gazetteer.find(firm.name, self.city) if p.place.level == "county"]
            if in_name:
                firm.place(in_name[0].place.name, in_name[0].place.code, 3)
            elif counties:
                firm.place(counties[0].place.name, counties[0].place.code, 2)
            elif cluster is not None and cluster.region_code and cluster.region_code[4:] != "00":
                firm.place(cluster.region or "", cluster.region_code, 1)


def owned_product(text: str, end: int) -> str | None:
    """华芯智能的晶圆搬运机器人 / 贝托传动的谐波减速器: a chain product written right after a firm's name."""
    found = _OF_PRODUCT.match(text, end)
    if found is None:
        return None
    run = found.group(1)
    ends = [
        run.index(term) + len(term)
        for chain in bundled_chains() for _, term in chain.match(run)
        if 0 <= run.find(term) <= 4
    ]
    return run[:max(ends)] if ends else None
