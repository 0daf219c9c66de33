"""What a sentence says of the clusters and firms it names: level, year, region, role, products."""

from __future__ import annotations

import re

from chainatlas.chains import bundled_chains
from chainatlas.domain import ClusterLevel, Role
from chainatlas.ingest import relations
from chainatlas.ingest.context import Focus, Sentence
from chainatlas.ingest.entities import Entity
from chainatlas.ingest.state import Reader

_OF_PRODUCT = re.compile("的([\u4e00-\u9fffA-Za-z0-9]{2,16})")
_LIST_NEWS = re.compile("名单|入选|认定|公布|新增|入围|上榜|分别是")
_LEADER = re.compile("龙头|头部|链主|领军")
_YEAR = re.compile("((?:19|20)[0-9]{2})年度?")


class Describer(Reader):
    """Describes the clusters and firms named."""

    def describe_clusters(self, sentence: Sentence, focus: Focus) -> None:
        """Level, year of recognition, region and core products of the clusters named."""
        listing = bool(_LIST_NEWS.search(sentence.text))
        list_text = sentence.text
        if listing and focus.previous is not None and "名单" in focus.previous.text:
            list_text = focus.previous.text + sentence.text  # 名单公布。名单中，甲、乙…
        year = _YEAR.search(list_text)
        for mention in sentence.of_kind("cluster"):
            cluster = mention.entity
            if "国家" in cluster.name and cluster.level is None:
                cluster.level = ClusterLevel.NATIONAL
            if listing and cluster.level is None:
                cluster.level = self.list_level(list_text)
                if cluster.level and year:
                    cluster.recognised_year = int(year.group(1))
            self.place_cluster(cluster, sentence)
        for position, products in relations.product_lists(sentence.text):
            target = sentence.before(position + 1, "cluster", "enterprise")
            owner = target.entity if target else focus.referred(sentence, position + 2)
            if owner is not None:
                owner.add_products(products)

    @staticmethod
    def list_level(text: str) -> ClusterLevel | None:
        if re.search("国家级|工信部|工业和信息化部|全国", text):
            return ClusterLevel.NATIONAL
        if re.search("省级|省[^，,。]{0,12}名单", text):
            return ClusterLevel.PROVINCIAL
        return None

    def place_cluster(self, cluster: Entity, sentence: Sentence) -> None:
        leading, end = [], 0
        for mention in self.gazetteer.find(cluster.name, self.city):
            if mention.start != end:
                break
            leading.append(mention)
            end = mention.end
        if leading:  # the most specific of a leading run (温州乐清… → 乐清市)
            cluster.place(leading[-1].place.name, leading[-1].place.code, 3)
        elif sentence.places:
            place = (sentence.counties() or sentence.places)[0].place
            cluster.place(place.name, place.code, 2)


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
