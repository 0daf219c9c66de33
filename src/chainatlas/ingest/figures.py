"""Figures: each number of a sentence as an indicator about its subject, and rankings of them."""

from __future__ import annotations

import dataclasses
import re
from typing import NamedTuple

from chainatlas.domain import IndicatorFact, PlatformType, RankingFact, Role, Unit
from chainatlas.ingest import relations
from chainatlas.ingest.context import Focus, Sentence
from chainatlas.ingest.dates import Period, find_periods
from chainatlas.ingest.entities import Entity
from chainatlas.ingest.gazetteer import PlaceMention
from chainatlas.ingest.indicators import STOCK_METRICS, is_decline, is_range_end, label_of, metric_of
from chainatlas.ingest.numbers import Quantity, find_quantities
from chainatlas.ingest.state import SELF_WORDS, DocumentState, Reader, own_word

_RANK_SCOPE = re.compile("(?:排名|位居|位列|居|排|列)$")  # 排名全市第3: 全市 is a scope, not a subject
_VENUE = re.compile("[^，,。；;]{0,6}(?:举行|召开|举办)")  # 在重庆九龙坡区举行: a venue, not a subject
_LISTED = re.compile("[、和及与]|以及")  # what stands between two items of a list
_CLAUSE_END = re.compile("[。；;]")
# A group of units a clause opens with (全省县域特色产业集群, 我市46个县域特色产业集群, 60家省级重点调度企业),
# the subject of its figures and of the figures of the clauses after it.
_GROUP = re.compile(
    "(?:特别是|其中|尤其是)?[，,]?(?:[^，,。；;]{0,16}?的)?"  # 纳入统计范围的44个县域特色产业集群
    "((?:(?:全省|全市|全区|全县|全国|我省|我市|我区|我县)(?:[0-9]+[个家])?|[0-9]+[个家])"
    "[\u4e00-\u9fff“”]{0,12}?(?:集群|企业|园区|开发区))"
    "(?=实现|完成|达|已达|共|有|累计|合计|总|主导|营业|主营|(?:19|20)[0-9]{2}年|今年|前三季度|上半年)"
)
_PARALLEL = re.compile("[\u4e00-\u9fff]{2,8}?(?:为|是|达|达到)?")  # 白银市为19.1%
_PLACE_COUNT = re.compile("(?:有|各有|均有|共有|共)?")  # what stands between a place and its count (浙江有3个)
_CLUSTERS_NAMED = re.compile("[\u4e00-\u9fff“”]{0,12}?集群")  # 3个集群, 2个国家级产业集群
_TOWN = re.compile("[\u4e00-\u9fff]{1,6}?(?:镇|乡|街道)")  # 王店镇 after 秀洲区
_OWN_YEAR = re.compile("(?:19|20)[0-9]{2}")
_RELATIVE = re.compile("今年|去年|明年|前年|近|本年|当年|上年")
_THIS_EVENT = re.compile("本次|此次|这次")
_SUBSET = re.compile("其中|项目中|之中")  # 本次签约项目中，10亿元以上项目有55个: a subset, not the total
_THRESHOLD = re.compile("(?:以上|以下|级)?的?(?:产业|工业|制造业|重大|重点|大)?项目")
# What each metric is most often about when the sentence names no subject.
_TOPIC_OF_METRIC = {
    "expected_annual_output": "project", "floor_area": "project", "duration_months": "project",
    "export_value": "enterprise", "cross_border_export": "enterprise", "revenue": "enterprise",
    "employee_count": "enterprise", "site_count": "enterprise", "product_count": "enterprise",
    "yoy_growth": "enterprise",
}


class Reading(NamedTuple):
    """A figure of a sentence read so far: its quantity, metric, where its cue words begin, its period."""

    quantity: Quantity
    metric: str | None
    window_start: int
    period: str | None


class Subject(NamedTuple):
    """Who a figure is about (a name, and the entity when it is one) and how sure the reading is."""

    name: str
    entity: Entity | None
    confidence: float


class FigureReader(Reader):
    """Reads figures and rankings."""

    def __init__(self, state: DocumentState) -> None:
        super().__init__(state)
        self.said: set[tuple[str, str, float]] = set()

    def read_figures(self, sentence: Sentence, focus: Focus, used: set[int]) -> list[tuple[int, IndicatorFact]]:
        """The sentence's figures as indicators, each with where its number ends."""
        found: list[tuple[int, IndicatorFact]] = []
        for reading in self.readings(sentence, focus, used):
            if (fact := self.indicator(sentence, focus, reading)) is not None:
                found.append((reading.quantity.end, fact))
        self.facts.extend(fact for _, fact in found)
        return found

    def readings(self, sentence: Sentence, focus: Focus, used: set[int]) -> list[Reading]:
        """Each figure's metric and period; in 一季度、上半年…增速分别为18.8%、9.6%… the list
        shares the first figure's metric and takes the periods one by one."""
        text = sentence.text
        periods = self.periods(sentence, focus)
        names_here = [(m.start, m.end) for m in sentence.mentions]
        readings: list[Reading] = []
        series: list[int] = []  # indexes of the readings of the current list
        for q in find_quantities(text):
            if q.start in used or is_range_end(text, q) or "美元" in q.counter or self.inside_name(sentence, q):
                continue
            previous = readings[-1] if readings else None
            clause = sentence.clause_start(q.start)
            same_clause = previous is not None and previous.quantity.end >= clause
            window_start = max(clause, previous.quantity.end) if previous and same_clause else clause
            metric = metric_of(text, q, window_start, previous.metric if previous and same_clause else None)
            listed = previous is not None and _LISTED.fullmatch(text, previous.quantity.end, q.start) is not None
            if listed and previous and previous.metric and metric is None:
                metric = previous.metric  # 分别为18.8%、9.6%: the list shares its metric
            if metric is None and previous and previous.metric and self.parallel(sentence, clause, q, previous):
                metric = previous.metric  # 金昌市…增长31.1%，白银市为19.1%: the next place, the same figure
            metric = metric or self.clusters_of_place(sentence, q) or label_of(text, q, window_start, names_here)
            period = None if metric in STOCK_METRICS else next(
                (p.value for p in reversed(periods) if p.end <= q.start), None)
            series = [*series, len(readings)] if listed else [len(readings)]
            readings.append(Reading(q, metric, window_start, period))
            if len(series) > 1:
                self.respective(text, periods, readings, series)
        return [r for r in readings if r.metric is not None]

    @staticmethod
    def parallel(sentence: Sentence, clause: int, q: Quantity, previous: Reading) -> bool:
        """Whether a clause is a place and its figure (白银市为19.1%) continuing the figure before it."""
        if q.unit is not previous.quantity.unit or not _PARALLEL.fullmatch(sentence.text, clause, q.start):
            return False
        return any(p.start == clause for p in sentence.places)

    def clusters_of_place(self, sentence: Sentence, q: Quantity) -> str | None:
        """江苏10个 / 浙江有3个集群 under a list of recognised clusters: the place's count of clusters of that
        list's level (the list goes on while such lines follow)."""
        if q.counter != "个":
            return None
        if not any(_PLACE_COUNT.fullmatch(sentence.text, p.end, q.start) for p in sentence.places):
            return None
        context, here = self.state.cluster_list, self.state.paragraphs
        counted = _CLUSTERS_NAMED.match(sentence.text, q.end)
        if counted is None and (context is None or not context.holds_at(here)):
            return None
        level = context.level.value if context is not None else None
        if counted is not None and "国家" in counted.group():
            level = "national"
        elif counted is not None and "省" in counted.group():
            level = "provincial"
        if level not in ("national", "provincial"):
            return None
        if context is not None and counted is None:
            self.state.cluster_list = dataclasses.replace(context, paragraph=here)
        return f"cluster_count_{level}"

    @staticmethod
    def respective(text: str, periods: list[Period], readings: list[Reading], series: list[int]) -> None:
        """The figures of a 分别 list take the periods of the list of periods before it, one by one."""
        first = readings[series[0]].quantity.start
        at = text.rfind("分别", 0, first)
        if at < 0 or _CLAUSE_END.search(text, at, first):
            return
        group = [p for p in periods if p.end <= at]
        run = group[-1:]
        for period in reversed(group[:-1]):
            if _LISTED.fullmatch(text, period.end, run[0].start) is None:
                break
            run.insert(0, period)
        if len(run) >= len(series):
            for index, period in zip(series, run, strict=False):
                if readings[index].metric not in STOCK_METRICS:
                    readings[index] = readings[index]._replace(period=period.value)

    def indicator(self, sentence: Sentence, focus: Focus, reading: Reading) -> IndicatorFact | None:
        """One figure as an indicator about its subject (or, for a project's 总投资, on the project)."""
        q, metric, window_start, period = reading
        assert metric is not None
        if self.project_investment(sentence, q, metric):
            return None
        value = -q.value if metric == "yoy_growth" and is_decline(sentence.text, q, window_start) else q.value
        found_subject = self.subject(sentence, focus, q, metric)
        if found_subject is None:
            return None
        subject, entity, sure = found_subject
        project = self.project_of(entity, focus, metric)
        if metric == "investment" and project is not None:
            project.investment = q.value  # a project's 总投资 is given on the project
            return None
        if project is not None:
            subject = project.name
        if (subject, metric, value) in self.said:
            return None  # the same figure said again (in a summary or a later paragraph)
        self.said.add((subject, metric, value))
        return IndicatorFact(
            self.document.name, sentence.span(), confidence=round(sure * (0.85 if metric[:2] == "x:" else 1), 2),
            subject=subject, metric=metric, value=value, unit=q.unit, qualifier=q.qualifier, period=period,
        )

    def periods(self, sentence: Sentence, focus: Focus) -> list[Period]:
        """The sentence's periods; 一季度 / 上半年 with no year of their own take the year the article
        is about (an annual report of 2021 published in 2022) rather than the publication's year."""
        text, date = sentence.text, self.document.date
        found = find_periods(text, date)
        years = [p for p in found if _OWN_YEAR.search(text, p.start, p.end)]
        if years:
            focus.year = years[-1].value[:4]
        if focus.year is None or date is None or focus.year >= str(date.year):
            return found
        return [
            p if _OWN_YEAR.search(text, p.start, p.end) or _RELATIVE.search(text, p.start, p.end)
            else dataclasses.replace(p, value=p.value.replace(str(date.year), focus.year))
            for p in found
        ]

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
        if project is None or sentence.text[q.end:project.start] not in ("", "的"):
            return False
        project.entity.investment = q.value
        return True

    def subject(self, sentence: Sentence, focus: Focus, q: Quantity, metric: str) -> Subject | None:
        """Who a figure is about, and how sure that reading is: said in its sentence, else from context."""
        return self.said_subject(sentence, focus, q, metric) or self.context_subject(sentence, focus, q, metric)

    def said_subject(self, sentence: Sentence, focus: Focus, q: Quantity, metric: str) -> Subject | None:
        """The subject its sentence gives: a clause opening with 该项目, a name before it, 我市, a place."""
        counts_firms = metric in ("enterprise_count", "sme_count")
        clause = sentence.clause_start(q.start)
        if (own := focus.anaphor(sentence, clause, skip_firms=counts_firms)) is not None:
            return Subject(own.name, own, 0.85)
        opening = focus.anaphor(sentence, 0, skip_firms=counts_firms)  # 项目建成后将形成…, 达产后预计…
        kinds = ("cluster", "platform", "chain") if metric == "project_count" else (
            "cluster", "enterprise", "project", "platform", "chain")
        named = [m for m in sentence.mentions if m.end <= q.start and m.entity.role is not Role.CUSTOMER
                 and m.entity.kind in kinds and m.entity.platform_type in (None, PlatformType.ZONE)]
        in_clause = [m for m in named if m.start >= clause]
        if opening is not None and not in_clause:
            return Subject(opening.name, opening, 0.8)
        leading = [p for p in sentence.places if p.start == clause and p.end <= q.start]
        if leading and not in_clause:  # …增长18.1%，临夏州为15.7%: the place the clause opens with
            focus.place = self.town_after(sentence, leading[0]) or leading[0].place.name
            return Subject(focus.place, None, 0.8)
        if in_clause or named:
            entity = (in_clause or named)[0].entity
            return Subject(entity.name, entity, 0.9 if in_clause else 0.8)
        head = sentence.text[:q.start]
        group = next(filter(None, (_GROUP.match(head, start) for start in reversed(sentence.clause_starts(q.start)))),
                     None)
        selves = [m for m in SELF_WORDS.finditer(head) if not _RANK_SCOPE.search(head, 0, m.start())]
        places = [p for p in sentence.places if p.end <= q.start and not _VENUE.match(sentence.text, p.end)]
        last_place = max([m.start() for m in selves] + [p.start for p in places], default=-1)
        if group is not None and (group.start(1) >= last_place or group.end(1) > last_place):
            return Subject(group.group(1), None, 0.8)  # 全省县域特色产业集群实现营业收入…: the group, not the province
        town = self.town_after(sentence, places[-1]) if places else None
        if selves and town is None:  # a town named outranks 全区 (王店镇牢牢把握全区…部署)
            focus.place = own_word(selves[-1].group())
            return Subject(focus.place, None, 0.85)
        if places:
            focus.place = town or places[-1].place.name
            return Subject(focus.place, None, 0.8)
        return None

    def town_after(self, sentence: Sentence, place: PlaceMention) -> str | None:
        """The town written right after a place and the places adjoining it, with those places as written
        (嘉兴市秀洲区王店镇, 温岭市泽国镇), when the gazetteer finds that town there; else None."""
        start, last = place.start, place
        for other in sentence.places:
            if other.start == last.end:
                last = other
        for before in reversed([p for p in sentence.places if p.end <= place.start]):
            if before.end != start:
                break
            start = before.start
        town = _TOWN.match(sentence.text, last.end)
        if town is None or self.gazetteer.township(last.place.name + town.group()) is None:
            return None
        return sentence.text[start:town.end()]

    def context_subject(self, sentence: Sentence, focus: Focus, q: Quantity, metric: str) -> Subject | None:
        """The subject from context: an earlier clause's 集群, a zone after it, the article's topic or place."""
        for start in reversed(sentence.clause_starts(q.start)):
            referred = focus.anaphor(sentence, start, skip_firms=metric in ("enterprise_count", "sme_count"))
            if referred is not None:
                return Subject(referred.name, referred, 0.7)
        later = sentence.after(q.end, "platform", "cluster")
        if later is not None and metric in ("project_count", "investment"):
            return Subject(later.entity.name, later.entity, 0.65)
        if metric.startswith("x:") and focus.place is not None:
            return Subject(focus.place, None, 0.6)  # a run of statistics about the place named last
        topic = focus.of("chain") or focus.of(_TOPIC_OF_METRIC.get(metric, "cluster"))
        if topic is not None:
            return Subject(topic.name, topic, 0.6)
        if metric == "yoy_growth" and focus.place is not None:
            return Subject(focus.place, None, 0.55)  # 第二产业…增长6.4%: the place of the statistics before
        this_event = _THIS_EVENT.search(sentence.text) and not _SUBSET.search(sentence.text, 0, q.start)
        if metric in ("project_count", "investment") and this_event:  # 本次…10个重大项目: the event's place
            if (zone := focus.of("zone")) is not None:
                return Subject(zone.name, zone, 0.5)
            if (home := self.county or self.city) is not None:
                return Subject(self.gazetteer.name_of(home), None, 0.5)
        return None

    def read_rankings(
        self, sentence: Sentence, focus: Focus, indicators: list[tuple[int, IndicatorFact]]
    ) -> None:
        """Rankings of the figures just given (均居全省第二), of a firm (全球第七大…) or of a market share."""
        for cue in relations.rankings(sentence.text):
            if cue.metric:
                named = sentence.before(cue.start, "cluster", "enterprise")
                holder = named.entity if named else focus.of("cluster") or focus.of("enterprise")
                if holder is not None:
                    self.facts.append(RankingFact(
                        self.document.name, sentence.span(), confidence=0.75, subject=holder.name, metric=cue.metric,
                        rank=cue.rank, scope=own_word(cue.scope)))
                continue
            if cue.label:
                firm = sentence.after(cue.end, "enterprise") or sentence.before(cue.start, "enterprise")
                if firm is not None:
                    self.facts.append(RankingFact(
                        self.document.name, sentence.span(), confidence=0.75, subject=firm.entity.name,
                        metric=f"x:{cue.label}", rank=cue.rank, scope=cue.scope))
                continue
            before = [(end, fact) for end, fact in indicators if end <= cue.start]
            if not before:
                continue
            every = re.search("均|都|分别|双双", sentence.text[before[-1][0]:cue.start])
            for _, indicator in before if every else before[-1:]:
                self.facts.append(RankingFact(
                    self.document.name, sentence.span(), confidence=0.75, subject=indicator.subject,
                    metric=indicator.metric, rank=cue.rank, scope=own_word(cue.scope)))
