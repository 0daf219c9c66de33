"""Facts to and from the JSON Lines exchange format (`docs/facts.md`, v1)."""

from __future__ import annotations

import json
from dataclasses import fields
from enum import Enum
from typing import Any

from chainatlas.domain import FACT_TYPES, Fact, Span, Stage, StageEvent

_SCALARS = frozenset({str, int, float, bool, type(None)})  # kept as they are (an enum's type is its own)


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Span):
        return {"start": value.start, "end": value.end}
    if isinstance(value, StageEvent):
        return {"stage": value.stage.value, "date": value.date, "planned": value.planned}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


_FIELD_NAMES: dict[type[Fact], tuple[str, ...]] = {}  # each kind's field names, read once


def _field_names(kind: type[Fact]) -> tuple[str, ...]:
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    return _FIELD_NAMES[kind]


def to_record(fact: Fact) -> dict[str, Any]:
    """The spec's JSON object for one fact, `kind` first."""
    record: dict[str, Any] = {"kind": fact.KIND}
    for name in _field_names(type(fact)):
        record[name] = _plain(getattr(fact, name))
    return record


def to_json(fact: Fact) -> str:
    """One JSON Lines line (no newline), Chinese kept as written."""
    return json.dumps(to_record(fact), ensure_ascii=False)


def from_record(record: dict[str, Any]) -> Fact:
    """Rebuild a fact from its spec object (the inverse of `to_record`)."""
    cls = FACT_TYPES[record["kind"]]
    values = {f.name: record.get(f.name) for f in fields(cls) if f.name in record}
    evidence = record["evidence"]
    values["evidence"] = Span(evidence["start"], evidence["end"])
    if "events" in values and values["events"] is not None:
        values["events"] = [
            StageEvent(Stage(e["stage"]), e["date"], bool(e.get("planned"))) for e in values["events"]
        ]
    return cls(**values)  # type: ignore[arg-type]  # fields checked by the dataclass
