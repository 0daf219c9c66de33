"""Project stages in a sentence: which stage, on which date, planned or done.

A stage cue (签约, 落地, 开工, 获生产许可, 投产, 量产 …) takes the nearest date
before it in the sentence (6月5日, 今年6月初, 2027年三季度); an undated stage is no
event (达产后). A date is planned when it lies after the document's date or is
introduced by 计划/预计/将.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from chainatlas.domain import Stage, StageEvent
from chainatlas.ingest.dates import EventDate
from chainatlas.ingest.lexicon import STAGE_CUES

_CUES = re.compile("|".join(re.escape(cue) for cue, _ in sorted(STAGE_CUES, key=lambda c: -len(c[0]))))
_STAGE_OF = dict(STAGE_CUES)
# A date used as a modifier (第四季度重点项目, 2024年一季度重点制造业开工项目) dates no event.
_ATTRIBUTIVE = re.compile("(?:重点|重大|的|开工|签约|新开工|竣工)?[^，,。；;]{0,6}项目")
_PLANNED = re.compile("计划|预计|将|力争|拟|有望|预期|明年")
# Cue words that are no stage here (签约仪式 is an event name; 投产后 and 达产后 are conditions).
_NOT_A_STAGE = re.compile("^(?:后|率|阶段性|能力|期间|以来)")
# Projects counted right before a stage word (20个项目签约落户, 15个重点项目集中): many projects at once.
_COUNTED_PROJECTS = re.compile("[0-9一二三四五六七八九十百]+个[^，,。；;]{0,6}?项目(?:集中|同时|同步|正式|顺利)?$")


@dataclass(frozen=True, slots=True)
class StageCue:
    stage: Stage
    start: int
    end: int
    batch: bool = False  # 集中开工: a ceremony for many projects at once


def stage_cues(sentence: str) -> Iterator[StageCue]:
    """Stage words of a sentence; 开工项目 (projects that start) and 投产后 (a condition) are none."""
    for match in _CUES.finditer(sentence):
        after = sentence[match.end():match.end() + 4]
        head = sentence[:match.start()]
        batch = head.endswith("集中") or bool(_COUNTED_PROJECTS.search(head)) or (
            after.startswith(("仪式", "活动", "大会")) and "项目" in head
        )  # 集中开工, 20个项目签约, 重点项目开工仪式: a ceremony for many projects
        if _NOT_A_STAGE.match(after) or (after.startswith("项目") and not batch):
            continue
        yield StageCue(_STAGE_OF[match.group()], match.start(), match.end(), batch)


def dated_event(
    sentence: str, cue: StageCue, dates: list[EventDate], clause_start: int, doc_date: datetime.date | None
) -> StageEvent | None:
    """The cue's event, dated by the nearest date before it in the sentence, or None when undated."""
    before = [d for d in dates if d.end <= cue.start and not _ATTRIBUTIVE.match(sentence, d.end)]
    if not before:
        return None
    date = before[-1]
    planned = date.planned or bool(_PLANNED.search(sentence, max(clause_start, date.start - 6), cue.start))
    if doc_date is not None and not planned and _after(date.value, doc_date):
        planned = True
    return StageEvent(cue.stage, date.value, planned)


def _after(value: str, doc_date: datetime.date) -> bool:
    """True when a date value (2026-06-05, 2026-06, 2027-Q3, 2027) starts after the document date."""
    year = int(value[:4])
    if year != doc_date.year:
        return year > doc_date.year
    rest = value[5:]
    if rest.startswith("Q"):
        return (int(rest[1]) - 1) * 3 + 1 > doc_date.month
    if len(rest) >= 2:
        month = int(rest[:2])
        if month != doc_date.month:
            return month > doc_date.month
        return len(rest) > 2 and int(rest[3:5]) > doc_date.day
    return False
