"""Projects: owners, regions and dated stages (签约 → 落地 → 开工 → … → 达产), ceremonies included."""

from __future__ import annotations

import re

from chainatlas.domain import PlatformType, Stage, StageEvent
from chainatlas.ingest import names
from chainatlas.ingest.context import Focus, Mention, Sentence
from chainatlas.ingest.dates import find_event_dates
from chainatlas.ingest.entities import Entity
from chainatlas.ingest.projects import dated_event, stage_cues
from chainatlas.ingest.state import Reader

_SITES = (PlatformType.ZONE, PlatformType.PARK)  # where a project is built: its region when named
_THIS_BATCH = re.compile("本次|此次|这次|这批|本批|该批|参加")
_SAME_DAY = re.compile("当天|当日|同日|同一天")
_LIST_JOINT = re.compile("[、，,]|和|及|与|以及")  # between two items of a list of projects
_ALL_CJK = re.compile("[\u4e00-\u9fff]+")
_PROJECT_WORDS = re.compile(
    "工厂|基地|生产|建设|中心|园|工程|扩建|技改|期|产业|智能制造|新建|年产|大楼|设施|加工|利用|改造|重点|重大|制造业"
)


class ProjectReader(Reader):
    """Reads projects, their owners, places and stages."""

    def read_projects(self, sentence: Sentence, focus: Focus) -> None:
        text = sentence.text
        # a ceremony held on a day dates the projects its article names after it (not a year: 2013年…签约仪式)
        ceremony = next((e for e in reversed(focus.batches.values()) if len(e.date) == 10), None)
        for mention in sentence.of_kind("project"):
            project = mention.entity
            if project.owner is None:
                project.owner = self.owner_of(sentence, mention, focus)
            self.place_project(project, sentence, focus)
            if project.ceremony is None:
                project.ceremony = ceremony
        dates = find_event_dates(text, self.document.date)
        for cue in stage_cues(text):
            event = dated_event(text, cue, dates, sentence.clause_start(cue.start), self.document.date)
            if cue.batch:  # 集中开工: one date for every project of the ceremony
                self.batch_event(sentence, focus, cue.stage, event)
                continue
            if event is None and _SAME_DAY.search(text, 0, cue.start):  # 当天，甲项目…签约: the day just named
                event = focus.batches.get(cue.stage)
            for staged in self.projects_at(sentence, cue.start, cue.stage.value, focus):
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
        zones = [m.entity for m in sentence.of_kind("platform") if m.entity.platform_type in _SITES]
        if zones:
            project.place(zones[0].name, None, 3)
        elif counties := sentence.counties():
            project.place(counties[0].place.name, counties[0].place.code, 2)
        elif (zone := focus.of("zone")) is not None:
            project.place(zone.name, None, 1)

    def owner_of(self, sentence: Sentence, mention: Mention, focus: Focus) -> Entity | None:
        firm = sentence.before(mention.start, "enterprise")
        item = max(sentence.clause_start(mention.start), sentence.text.rfind("、", 0, mention.start) + 1)
        if firm is not None and firm.start >= item:  # a firm of the project's own clause or list item
            return firm.entity
        if re.search("(?:企业|公司)的?$", sentence.text[:mention.start]):
            return focus.of("enterprise")
        name = re.sub("项目$", "", sentence.text[mention.start:mention.end])
        head, capacity, _ = name.partition("年产")  # 艾普科年产7000平方米…生产线: the owner before 年产
        if self.brand_like(head, named_by_firm=bool(capacity)):  # 万舜传感器项目: named by its owner
            return self.registry.add("enterprise", head, sentence.span(mention.start, mention.start + len(head)))
        return None

    def brand_like(self, head: str, *, named_by_firm: bool = False) -> bool:
        """Whether a project's head is its owner's name (万舜传感器, 中南高科), not a description;
        `named_by_firm` when the name's shape says so (…年产…), so that no firm-like ending is needed."""
        if not 3 <= len(head) <= 6 or not _ALL_CJK.fullmatch(head) or _PROJECT_WORDS.search(head):
            return False
        if not (named_by_firm or names.ends_like_firm(head)):
            return False
        leading = self.gazetteer.find(head, self.city)
        return not (leading and leading[0].start == 0) and names.plausible_firm(head)

    def projects_at(self, sentence: Sentence, index: int, stage: str, focus: Focus) -> list[Entity]:
        """The projects a stage cue at `index` is about: the one before it, with the items of its list
        (甲项目、乙项目和丙项目…签约)."""
        project = self.project_at(sentence, index, stage, focus)
        if project is None:
            return []
        found = [project]
        named = [m for m in sentence.of_kind("project") if m.end <= index]
        while named and named[-1].entity is not found[0]:
            named.pop()
        for earlier, later in zip(reversed(named[:-1]), reversed(named[1:]), strict=True):
            if not _LIST_JOINT.fullmatch(sentence.text, earlier.end, later.start):
                break
            found.insert(0, earlier.entity)
        return found

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
