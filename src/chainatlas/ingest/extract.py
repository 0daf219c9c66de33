"""Document → facts: the rule-based extractor, one sentence at a time.

Each article of a page is read in order; in each sentence the names are found and
registered, the article's focus decides what bare words (集群, 该项目) refer to, and
figures, supply links, rankings and project stages are read against them. Entity
facts (clusters, firms, platforms, projects) are emitted once per entity at the end,
with everything the document said of them.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Iterable

from chainatlas.domain import (
    ClusterFact,
    ClusterLevel,
    EnterpriseFact,
    Fact,
    IndicatorFact,
    PlatformFact,
    PlatformType,
    ProjectFact,
    RankingFact,
    Role,
    Stage,
    StageEvent,
    SupplyFact,
    Unit,
)
from chainatlas.ingest import names, relations
from chainatlas.ingest.context import Focus, Mention, Sentence, sentences
from chainatlas.ingest.dates import find_event_dates, find_periods
from chainatlas.ingest.document import Document
from chainatlas.ingest.entities import Entity, Registry
from chainatlas.ingest.facts import to_record
from chainatlas.ingest.gazetteer import Gazetteer
from chainatlas.ingest.indicators import STOCK_METRICS, is_decline, is_range_end, label_of, metric_of
from chainatlas.ingest.numbers import Quantity, find_quantities
from chainatlas.ingest.page import body_paragraphs, split_page
from chainatlas.ingest.projects import dated_event, stage_cues
from chainatlas.ingest.script import Restorer, to_simplified

METHOD = "chainatlas.rules"
VERSION = "1"
SELF = "\x00"  # marks 我市 / 全省 / 全区 until the document's own places are known
_RANK_SCOPE = re.compile("(?:排名|位居|位列|居|排|列)$")  # 排名全市第3: 全市 is a scope, not a subject
_SELF_WORDS = re.compile("我市|全市|本市|该市|我省|全省|本省|该省|我区|全区|本区|该区|我县|全县|本县|该县")
_LIST_NEWS = re.compile("名单|入选|认定|公布|新增|入围|上榜|分别是")
_LEADER = re.compile("龙头|头部|链主|领军")
_YEAR = re.compile("((?:19|20)[0-9]{2})年度?")
_VENUE = re.compile("[^，,。；;]{0,6}(?:举行|召开|举办)")  # 在重庆九龙坡区举行: a venue, not a subject
_THRESHOLD = re.compile("(?:以上|以下|级)?的?(?:产业|工业|制造业|重大|重点|大)?项目")
_THIS_BATCH = re.compile("本次|此次|这次|这批|本批|该批|参加")
_ALL_CJK = re.compile("[\u4e00-\u9fff]+")
_PROJECT_WORDS = re.compile(
    "工厂|基地|生产|建设|中心|园|工程|扩建|技改|期|产业|智能制造|新建|年产|大楼|设施|加工|利用|改造|重点|重大|制造业"
)
# What each metric is most often about when the sentence names no subject.
_TOPIC_OF_METRIC = {
    "expected_annual_output": "project", "floor_area": "project", "duration_months": "project",
    "export_value": "enterprise", "cross_border_export": "enterprise", "revenue": "enterprise",
    "employee_count": "enterprise", "site_count": "enterprise", "product_count": "enterprise",
    "yoy_growth": "enterprise",
}
_FINDERS = (
    names.find_clusters, names.find_legal_firms, names.find_platforms, names.find_projects,
    names.find_listed_firms, names.find_context_firms, names.find_chains, names.find_listed_projects,
)
# Kinds of entity that become facts of their own (a chain is only ever a subject here).
_FACT_KINDS = ("cluster", "enterprise", "platform", "project")


# Fact fields that hold words of the text (restored to the original script).
_TEXT_FIELDS = frozenset({
    "headline", "reporters", "correspondents", "photographers", "name", "aliases", "region", "products",
    "subject", "supplier", "customer", "product", "owner", "scope",
})


def distinct(facts: Iterable[Fact]) -> list[Fact]:
    """The facts without repeats: the same statement read twice (from a headline and a body) counts once."""
    seen: set[str] = set()
    kept = []
    for fact in facts:
        record = to_record(fact)
        del record["evidence"]
        key = json.dumps(record, ensure_ascii=False, sort_keys=True)
        if key not in seen:
            seen.add(key)
            kept.append(fact)
    return kept


def written(entity: Entity, text: str) -> str:
    """The entity's name as this text writes it: its full name, else the longest of its forms here."""
    if entity.name in text:
        return entity.name
    here = [s for s in entity.surfaces if s in text]
    return max(here, key=len) if here else entity.name


def extract_document(document: Document) -> list[Fact]:
    """Every fact the document states, each with its evidence span (traditional script read as simplified)."""
    restore = Restorer(document.text, to_simplified(document.text))
    if not restore.needed:
        return Extraction(document).run()
    facts = Extraction(dataclasses.replace(document, text=restore.converted)).run()
    for fact in facts:
        for field in _TEXT_FIELDS.intersection(f.name for f in dataclasses.fields(fact)):
            value = getattr(fact, field)
            if isinstance(value, str):
                setattr(fact, field, restore(value))
            elif isinstance(value, list):
                setattr(fact, field, [restore(v) for v in value])
    return facts


class Extraction:
    """The state of reading one document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.gazetteer = Gazetteer.bundled()
        self.registry = Registry(self.gazetteer)
        self.facts: list[Fact] = []
        self.city, self.county = self.main_places()

    def main_places(self) -> tuple[str | None, str | None]:
        """The prefecture and the county the document is most about, by the places it names."""
        body = self.document.text[self.document.body_start:]
        cities: Counter[str] = Counter()
        for mention in self.gazetteer.find(body):
            place = mention.place
            city = place.code if place.level == "prefecture" else place.parent_code
            if city and place.level != "province":
                cities[city] += 1
        city = cities.most_common(1)[0][0] if cities else None
        counties = Counter(m.place.code for m in self.gazetteer.find(body, city) if m.place.level == "county")
        return city, counties.most_common(1)[0][0] if counties else None

    def run(self) -> list[Fact]:
        articles = split_page(self.document)
        self.facts += [article.fact(self.document.name) for article in articles]
        texts = [a.paragraphs for a in articles] or [body_paragraphs(self.document)]
        for paragraphs in texts:
            focus = Focus()
            for paragraph in paragraphs:
                focus.topics.pop("chain", None)  # a chain heads its own paragraph only
                for sentence in sentences(paragraph):
                    self.read(sentence, focus)
                    focus.update(sentence)
        entity_facts = [self.entity_fact(e) for e in self.registry.entities if e.kind in _FACT_KINDS]
        return distinct(self.resolve_self(fact) for fact in self.facts + entity_facts)

    # ------------------------------------------------------------ one sentence

    def read(self, sentence: Sentence, focus: Focus) -> None:
        self.find_mentions(sentence)
        self.describe_clusters(sentence, focus)
        self.describe_firms(sentence, focus)
        used = self.read_supply(sentence, focus)
        indicators = self.read_figures(sentence, focus, used)
        self.read_rankings(sentence, indicators)
        self.read_projects(sentence, focus)

    def find_mentions(self, sentence: Sentence) -> None:
        """Register every name in the sentence; keep the outermost as its mentions."""
        text = sentence.text
        found: list[tuple[int, int, str, str, PlatformType | None]] = []
        for finder in _FINDERS:
            found += [(n.start, n.end, n.kind, n.text, n.platform_type) for n in finder(text)]
        for alias, entity in list(self.registry.aliases.items()):
            at = text.find(alias)
            while at >= 0:
                found.append((at, at + len(alias), entity.kind, alias, entity.platform_type))
                at = text.find(alias, at + len(alias))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        kept: list[Mention] = []
        for start, end, kind, surface, platform_type in found:
            if kind == "cluster" and self.gazetteer.lookup(self.registry.key(kind, surface), self.city):
                continue  # a list's own name (浙江省中小企业特色产业集群) is no cluster
            if kind == "firm_project":  # 引进了北星、璞泰来等项目: the firm, and its project named after it
                firm = self.registry.add("enterprise", surface, sentence.span(start, end))
                self.remember_aliases(firm, "enterprise", surface)
                kind = "project"
                self.registry.add(kind, surface, sentence.span(start, end)).owner = firm
            entity = self.registry.add(kind, surface, sentence.span(start, end), platform_type)
            self.remember_aliases(entity, kind, surface)
            outer = next((m for m in kept if m.start <= start and end <= m.end), None)
            if outer is not None:
                if kind == "enterprise" and outer.entity.kind == "project" and outer.entity.owner is None:
                    outer.entity.owner = entity
                sentence.inner.append(Mention(entity, start, end))
                continue
            if any(m.start < end and start < m.end for m in kept):
                continue
            kept.append(Mention(entity, start, end))
        sentence.mentions = kept
        sentence.places = [
            p for p in self.gazetteer.find(text, self.city)
            if not any(m.start <= p.start and p.end <= m.end for m in kept)
        ]

    def remember_aliases(self, entity: Entity, kind: str, surface: str) -> None:
        if kind != "enterprise":
            return
        self.registry.aliases.setdefault(surface, entity)
        for alias in names.firm_aliases(surface, self.registry.strip_region):
            self.registry.aliases.setdefault(alias, entity)

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
        elif self.county is not None:  # the county the document is about
            cluster.place(self.gazetteer.name_of(self.county), self.county, 1)

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
            in_name = [p for p in self.gazetteer.find(firm.name, self.city) if p.place.level == "county"]
            if in_name:
                firm.place(in_name[0].place.name, in_name[0].place.code, 3)
            elif counties:
                firm.place(counties[0].place.name, counties[0].place.code, 2)
            elif cluster is not None and cluster.region_code and cluster.region_code[4:] != "00":
                firm.place(cluster.region or "", cluster.region_code, 1)

    # ------------------------------------------------------------ relations

    def read_supply(self, sentence: Sentence, focus: Focus) -> set[int]:
        """Supply links; returns the starts of quantities they used (their shares)."""
        self.supply_lists(sentence, focus)
        self.supply_deliveries(sentence, focus)
        return self.supply_shares(sentence)

    def supply_shares(self, sentence: Sentence) -> set[int]:
        """X的<产品>在Y、Z等企业的配套份额超30%."""
        text = sentence.text
        share = relations.share_clause(text)
        firms = sentence.of_kind("enterprise")
        if share is None or len(firms) < 2:
            return set()
        supplier, customers = firms[0], [m for m in firms[1:] if m.end <= share.start()]
        quantity = next((q for q in find_quantities(text[share.end():]) if q.unit is Unit.RATIO), None)
        product = self.between(text, supplier.end, customers[0].start) if customers else None
        for customer in customers:
            self.supply(sentence, supplier.entity, customer.entity, product, quantity)
        return {share.end() + quantity.start} if quantity is not None else set()

    def supply_lists(self, sentence: Sentence, focus: Focus) -> None:
        """为Y、Z等知名企业配套: the sentence's subject supplies each."""
        for targets in relations.supply_targets(sentence.text):
            first = targets[0][0] if targets else 0
            named = sentence.before(first, "cluster", "enterprise")
            supplier = named.entity if named else focus.referred(sentence, first)
            supplier = supplier or focus.of("cluster") or focus.of("enterprise")
            for start, end in targets:
                customer = self.customer_at(sentence, start, end)
                if supplier is not None and customer is not None and customer is not supplier:
                    self.supply(sentence, supplier, customer, None, None)

    def supply_deliveries(self, sentence: Sentence, focus: Focus) -> None:
        """<产品>将被装配到Y / 供货给Y: the firm in focus supplies Y."""
        firms = sentence.of_kind("enterprise")
        for start, end in relations.delivered_to(sentence.text):
            supplier = firms[0].entity if firms and firms[0].start < start else focus.of("enterprise")
            customer = self.customer_at(sentence, start, end)
            products = relations.products_before(sentence.text, start)
            if supplier is not None and customer is not None and customer is not supplier:
                self.supply(sentence, supplier, customer, products[0] if products else None, None)
                supplier.add_products(products)

    @staticmethod
    def between(text: str, start: int, end: int) -> str | None:
        """The product between a supplier and its customers (X的谐波减速器在Y…)."""
        middle = text[start:end].strip("的在为向")
        middle = re.sub("^的|在$", "", middle)
        return middle if 2 <= len(middle) <= 12 else None

    def customer_at(self, sentence: Sentence, start: int, end: int) -> Entity | None:
        inside = [m for m in sentence.of_kind("enterprise") if m.start >= start and m.end <= end]
        if inside:
            return inside[0].entity
        name = sentence.text[start:end]
        if not names.plausible_firm(name):
            return None
        entity = self.registry.add("enterprise", name, sentence.span(start, end))
        self.registry.aliases.setdefault(name, entity)
        return entity

    def supply(
        self, sentence: Sentence, supplier: Entity, customer: Entity, product: str | None,
        share: Quantity | None,
    ) -> None:
        if customer.role is None or customer.role is Role.LEADER:
            customer.role = Role.CUSTOMER
        customer.region, customer.region_code, customer.region_rank = None, None, 9
        self.facts.append(SupplyFact(
            self.document.name, sentence.span(), supplier=written(supplier, sentence.text),
            customer=written(customer, sentence.text),
            product=product, share=share.value if share else None,
            qualifier=share.qualifier if share else None,
        ))

    # ------------------------------------------------------------ figures

    def read_figures(self, sentence: Sentence, focus: Focus, used: set[int]) -> list[tuple[int, IndicatorFact]]:
        """The sentence's figures as indicators, each with where its number ends."""
        text = sentence.text
        periods = find_periods(text, self.document.date)
        found: list[tuple[int, IndicatorFact]] = []
        previous: tuple[Quantity, str | None] | None = None
        for q in find_quantities(text):
            if q.start in used or is_range_end(text, q) or "美元" in q.counter or self.inside_name(sentence, q):
                continue
            clause = sentence.clause_start(q.start)
            same_clause = previous is not None and previous[0].end >= clause
            window_start = max(clause, previous[0].end) if previous and same_clause else clause
            metric = metric_of(text, q, window_start, previous[1] if previous and same_clause else None)
            previous = (q, metric)
            names_here = [(m.start, m.end) for m in sentence.mentions]
            metric = metric or label_of(text, q, window_start, names_here)
            if metric is None or self.project_investment(sentence, q, metric):
                continue
            value = -q.value if metric == "yoy_growth" and is_decline(text, q, window_start) else q.value
            found_subject = self.subject(sentence, focus, q, metric)
            if found_subject is None:
                continue
            subject, entity = found_subject
            project = self.project_of(entity, focus, metric)
            if metric == "investment" and project is not None:
                project.investment = q.value  # a project's 总投资 is given on the project
                continue
            if project is not None:
                subject = project.name
            period = None if metric in STOCK_METRICS else next(
                (p.value for p in reversed(periods) if p.end <= q.start), None)
            fact = IndicatorFact(
                self.document.name, sentence.span(), subject=subject, metric=metric, value=value,
                unit=q.unit, qualifier=q.qualifier, period=period,
            )
            found.append((q.end, fact))
        self.facts += [fact for _, fact in found]
        return found

    @staticmethod
    def inside_name(sentence: Sentence, q: Quantity) -> bool:
        """A number inside a name (20万吨电池级纯碱项目) or a class of projects (10亿元以上项目) is no figure."""
        if q.unit is Unit.CNY and _THRESHOLD.match(sentence.text, q.end):
            return True
        return any(m.start <= q.start and q.end <= m.end for m in sentence.mentions)

    @staticmethod
    def project_of(entity: Entity | None, focus: Focus, metric: str) -> Entity | None:
        """The project a figure is about: the subject itself, or the project a section heading names
        when the text gives its owner's figure (重庆先越…公司投资9亿元 under 半导体器件模组产业化项目)."""
        if entity is not None and entity.kind == "project":
            return entity
        heading = focus.heading
        if (entity is not None and entity.kind == "enterprise" and heading is not None
                and metric in ("investment", "expected_annual_output") and heading.owner in (None, entity)):
            heading.owner = entity
            return heading
        return None

    def project_investment(self, sentence: Sentence, q: Quantity, metric: str) -> bool:
        """总投资1.1亿元的…项目: the amount belongs on the project, not on an indicator."""
        if metric != "investment":
            return False
        project = sentence.after(q.end, "project")
        if project is None or project.start - q.end > 3:
            return False
        project.entity.investment = q.value
        return True

    def subject(self, sentence: Sentence, focus: Focus, q: Quantity, metric: str) -> tuple[str, Entity | None] | None:
        """Who a figure is about: the entity its clause refers back to, a named subject, or the focus."""
        counts_firms = metric in ("enterprise_count", "sme_count")
        clause = sentence.clause_start(q.start)
        own = focus.anaphor(sentence, clause, skip_firms=counts_firms)
        if own is not None:
            return own.name, own
        opening = focus.anaphor(sentence, 0, skip_firms=counts_firms)  # 项目建成后将形成…, 达产后预计…
        named = [m for m in sentence.mentions if m.end <= q.start and m.entity.role is not Role.CUSTOMER
                 and m.entity.kind in ("cluster", "enterprise", "project", "platform", "chain")
                 and m.entity.platform_type in (None, PlatformType.ZONE)]
        in_clause = [m for m in named if m.start >= clause]
        if opening is not None and not in_clause:
            return opening.name, opening
        if in_clause or named:
            entity = (in_clause or named)[0].entity
            return entity.name, entity
        head = sentence.text[:q.start]
        selves = [m for m in _SELF_WORDS.finditer(head) if not _RANK_SCOPE.search(head, 0, m.start())]
        if selves:
            focus.place = self.scope(selves[-1].group())
            return focus.place, None
        if places := [p for p in sentence.places if p.end <= q.start and not _VENUE.match(sentence.text, p.end)]:
            focus.place = places[-1].place.name
            return focus.place, None
        for start in reversed(sentence.clause_starts(q.start)):
            if (referred := focus.anaphor(sentence, start, skip_firms=counts_firms)) is not None:
                return referred.name, referred
        later = sentence.after(q.end, "platform", "cluster")
        if later is not None and metric in ("project_count", "investment"):
            return later.entity.name, later.entity
        if metric.startswith("x:") and focus.place is not None:
            return focus.place, None  # a run of statistics about the place named last
        topic = focus.of("chain") or focus.of(_TOPIC_OF_METRIC.get(metric, "cluster"))
        return (topic.name, topic) if topic is not None else None

    def read_rankings(self, sentence: Sentence, indicators: list[tuple[int, IndicatorFact]]) -> None:
        for cue in relations.rankings(sentence.text):
            if cue.label:
                firm = sentence.after(cue.end, "enterprise") or sentence.before(cue.start, "enterprise")
                if firm is not None:
                    self.facts.append(RankingFact(
                        self.document.name, sentence.span(), subject=firm.entity.name,
                        metric=f"x:{cue.label}", rank=cue.rank, scope=cue.scope))
                continue
            before = [(end, fact) for end, fact in indicators if end <= cue.start]
            if not before:
                continue
            every = re.search("均|都|分别|双双", sentence.text[before[-1][0]:cue.start])
            for _, indicator in before if every else before[-1:]:
                self.facts.append(RankingFact(
                    self.document.name, sentence.span(), subject=indicator.subject,
                    metric=indicator.metric, rank=cue.rank, scope=self.scope(cue.scope)))

    @staticmethod
    def scope(word: str) -> str:
        """我市 / 全省 / 全区 (and 省内) as placeholders for the place the document is about."""
        if word == "省内":
            return SELF + "全省"
        return SELF + word if _SELF_WORDS.fullmatch(word) else word

    # ------------------------------------------------------------ projects

    def read_projects(self, sentence: Sentence, focus: Focus) -> None:
        text = sentence.text
        for mention in sentence.of_kind("project"):
            project = mention.entity
            if project.owner is None:
                project.owner = self.owner_of(sentence, mention, focus)
            self.place_project(project, sentence, focus)
        dates = find_event_dates(text, self.document.date)
        for cue in stage_cues(text):
            event = dated_event(text, cue, dates, sentence.clause_start(cue.start), self.document.date)
            if cue.batch:  # 集中开工: one date for every project of the ceremony
                self.batch_event(sentence, focus, cue.stage, event)
                continue
            staged = self.project_at(sentence, cue.start, cue.stage.value, focus)
            if staged is None:
                continue
            self.place_project(staged, sentence, focus)
            if event is not None:
                staged.add_event(event)

    def batch_event(self, sentence: Sentence, focus: Focus, stage: Stage, event: StageEvent | None) -> None:
        """集中开工 (and 本次集中开工的…项目): the stage, on the ceremony's date, for each project named."""
        if event is not None:
            focus.batches[stage] = event
        event = event or (focus.batches.get(stage) if _THIS_BATCH.search(sentence.text) else None)
        if event is None:
            return
        for mention in sentence.of_kind("project"):
            self.place_project(mention.entity, sentence, focus)
            mention.entity.add_event(event)

    @staticmethod
    def place_project(project: Entity, sentence: Sentence, focus: Focus) -> None:
        """A project's region: the zone named with it, else the county, else the article's zone."""
        zones = [m.entity for m in sentence.of_kind("platform") if m.entity.platform_type is PlatformType.ZONE]
        if zones:
            project.place(zones[0].name, None, 3)
        elif counties := sentence.counties():
            project.place(counties[0].place.name, counties[0].place.code, 2)
        elif (zone := focus.of("zone")) is not None:
            project.place(zone.name, None, 1)

    def owner_of(self, sentence: Sentence, mention: Mention, focus: Focus) -> Entity | None:
        firm = sentence.before(mention.start, "enterprise")
        if firm is not None:
            return firm.entity
        if re.search("(?:企业|公司)的?$", sentence.text[:mention.start]):
            return focus.of("enterprise")
        head = re.sub("项目$", "", sentence.text[mention.start:mention.end])
        if self.brand_like(head):  # 万舜传感器项目: a project named by its owner
            return self.registry.add("enterprise", head, sentence.span(mention.start, mention.start + len(head)))
        return None

    def brand_like(self, head: str) -> bool:
        """Whether a project's head is its owner's name (万舜传感器, 中南高科), not a description."""
        if not 3 <= len(head) <= 6 or not _ALL_CJK.fullmatch(head) or _PROJECT_WORDS.search(head):
            return False
        if not names.ends_like_firm(head):
            return False
        leading = self.gazetteer.find(head, self.city)
        return not (leading and leading[0].start == 0) and names.plausible_firm(head)

    def project_at(self, sentence: Sentence, index: int, stage: str, focus: Focus) -> Entity | None:
        """The project a stage cue at `index` is about."""
        before = sentence.before(index, "project", "enterprise")
        if before is not None and before.entity.kind == "project":
            return before.entity
        if before is not None and stage in ("signed", "landed") and before.end >= sentence.clause_start(index):
            firm = before.entity
            surface = sentence.text[before.start:before.end]
            project = self.registry.add("project", surface, sentence.span(before.start, before.end))
            project.owner = firm
            return project
        topic = focus.of("project")
        if topic is not None and ("项目" in sentence.text or (topic.owner and before and before.entity is topic.owner)):
            return topic
        return None

    # ------------------------------------------------------------ output

    def entity_fact(self, entity: Entity) -> Fact:
        """The one fact of a cluster, firm, platform or project, with all the document said of it."""
        doc, span, name, aliases = self.document.name, entity.evidence, entity.name, entity.aliases
        if entity.kind == "cluster":
            return ClusterFact(
                doc, span, name=name, aliases=aliases, region=entity.region, region_code=entity.region_code,
                level=entity.level, recognised_year=entity.recognised_year, products=entity.products,
            )
        if entity.kind == "enterprise":
            return EnterpriseFact(
                doc, span, name=name, aliases=aliases, region=entity.region, products=entity.products, role=entity.role
            )
        if entity.kind == "platform":
            return PlatformFact(doc, span, name=name, aliases=aliases, type=entity.platform_type)
        return ProjectFact(
            doc, span, name=name, aliases=aliases, owner=entity.owner.name if entity.owner else None,
            region=entity.region, investment=entity.investment, events=entity.events,
        )

    def resolve_self(self, fact: Fact) -> Fact:
        """Replace 我市 / 全省 / 全区 placeholders by the places the document is about (as written if unknown)."""
        for field in ("subject", "scope"):
            value = getattr(fact, field, None)
            if isinstance(value, str) and value.startswith(SELF):
                setattr(fact, field, self.own_place(value[1:]))
        return fact

    def own_place(self, word: str) -> str:
        code = {"省": (self.city or self.county or "")[:2] + "0000", "市": self.city, "区": self.county,
                "县": self.county}[word[-1]]
        return self.gazetteer.name_of(code) if code and code != "0000" else word
