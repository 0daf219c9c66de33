"""Which of several claimed values the atlas shows: one pure rule, and what makes a source official.

Claims of the same subject, metric, unit and period that disagree are all kept; the
shown one is the first by, in order:

1. **review**: a claim a reviewer accepted beats one still proposed (rejected claims
   never compete);
2. **official source**: a government notice or statistics report beats news. A
   document is official when its header's `source_url` host is `gov.cn` or ends in
   `.gov.cn`, or its header `type:` is one of `OFFICIAL_TYPES`;
3. **newer document date** (an undated document is oldest);
4. **later ingested** (the higher document id, then the higher claim id).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from chainatlas.i18n import _

OFFICIAL_TYPES = frozenset(
    {"official", "government", "gov", "notice", "statistics", "statistics_report", "公告", "通知", "通告", "统计公报"}
)
# Below this confidence (0..1) a claim is marked low-confidence; so is a claim with no subject.
LOW_CONFIDENCE = 0.6


def is_official(source_url: str | None, header: Mapping[str, Any] | None = None) -> bool:
    """True for a government source: a gov.cn host, or a header `type:` naming an official kind."""
    kind = str((header or {}).get("type") or "").strip().lower()
    if kind in OFFICIAL_TYPES:
        return True
    if not source_url:
        return False
    host = (urlsplit(source_url if "//" in source_url else f"//{source_url}").hostname or "").lower()
    return host == "gov.cn" or host.endswith(".gov.cn")


def is_low_confidence(confidence: float | None, has_subject: bool, threshold: float = LOW_CONFIDENCE) -> bool:
    """True for a claim below `threshold` confidence or without a subject (no confidence given is not low)."""
    return not has_subject or (confidence is not None and confidence < threshold)


@dataclass(frozen=True, slots=True)
class Standing:
    """What the precedence rule reads of a claim."""

    accepted: bool
    official: bool
    date: str | None  # the document's ISO date
    document_id: int
    claim_id: int

    def key(self) -> tuple[bool, bool, str, int, int]:
        return (self.accepted, self.official, self.date or "", self.document_id, self.claim_id)


def why(winner: Standing, other: Standing) -> str:
    """The first rule that puts `winner` before `other`, in words."""
    if winner.accepted != other.accepted:
        return _("经审核接受")
    if winner.official != other.official:
        return _("官方来源优先于新闻")
    if (winner.date or "") != (other.date or ""):
        return _("文档较新（{date}晚于{other}）").format(date=winner.date, other=other.date or _("无日期"))
    return _("入库较晚")


def choose(standings: Sequence[Standing]) -> tuple[int, str]:
    """The index of the claim to show among `standings`, and why it beats the runner-up."""
    if not standings:
        raise ValueError("no claims to choose from")
    order = sorted(range(len(standings)), key=lambda i: standings[i].key(), reverse=True)
    best = order[0]
    reason = why(standings[best], standings[order[1]]) if len(order) > 1 else "only claim"
    return best, reason
