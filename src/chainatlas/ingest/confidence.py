"""How far to trust each extracted fact: a small logistic model over the shape of the fact.

The rules say what a sentence states; this model, trained on the evaluation corpus's dev pages
(`eval/train_confidence.py`), says how often facts of that shape were right there: an indicator whose
`x:` label holds a verb or a particle, a cluster with no level, a firm without a legal form, a figure in a
sentence dense with figures. Its probability becomes the fact's `confidence`, and facts below the
model's threshold are dropped. The weights ship as JSON in the package (`data/models/confidence.json`);
nothing is downloaded.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from chainatlas.domain import Fact
from chainatlas.ingest.facts import to_record

_FUNCTION_CHARS = re.compile("[的为是了和与及、“”\"在将把被已]")
_LEGAL_FORM = re.compile("有限公司|有限责任公司|股份|集团|公司")
_PLACE_END = re.compile("[省市县区州旗]$")
_GROUP_WORD = re.compile("集群|企业|项目|园|区|基地")


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    """The index of the first edge `value` lies below (len(edges) when above them all)."""
    return next((i for i, edge in enumerate(edges) if value < edge), len(edges))


def _name_features(prefix: str, name: str | None) -> list[str]:
    if not name:
        return [f"{prefix}:none"]
    found = [f"{prefix}:len{_bucket(len(name), (3, 5, 8, 12, 18))}"]
    if _FUNCTION_CHARS.search(name):
        found.append(f"{prefix}:function_char")
    if _PLACE_END.search(name):
        found.append(f"{prefix}:place")
    if _GROUP_WORD.search(name):
        found.append(f"{prefix}:group_word")
    return found


def features(record: dict[str, Any], text: str, same_kind_on_page: int, same_span: int) -> list[str]:
    """The named binary features of one fact (an exchange-format record) read from `text`."""
    kind = record["kind"]
    span = record["evidence"]
    found = [
        f"kind={kind}",
        f"{kind}:rule{record.get('confidence') or 0:.2f}",
        f"{kind}:page{_bucket(same_kind_on_page, (2, 4, 8, 16, 32))}",
        f"{kind}:span{_bucket(same_span, (2, 3, 5, 8))}",
        f"{kind}:evidence{_bucket(span['end'] - span['start'], (10, 30, 60, 120, 240))}",
    ]
    if kind == "indicator":
        metric = record["metric"]
        found += [f"metric={'x' if metric.startswith('x:') else metric}", f"unit={record['unit']}",
                  f"qualifier={record['qualifier']}", f"period={'none' if record['period'] is None else 'set'}"]
        found += _name_features("subject", record["subject"])
        if metric.startswith("x:"):
            found += _name_features("label", metric[2:])
        value = abs(record["value"] or 0)
        found.append(f"value{_bucket(math.log10(value) if value else -9, (-1, 0, 1, 2, 3, 5, 8, 10))}")
    elif kind == "cluster":
        found += [f"cluster:level={record['level']}", f"cluster:year={record['recognised_year'] is not None}",
                  f"cluster:region={record['region'] is not None}", *_name_features("cluster", record["name"])]
    elif kind == "enterprise":
        found += [f"enterprise:legal={bool(_LEGAL_FORM.search(record['name']))}", f"enterprise:role={record['role']}",
                  f"enterprise:products={bool(record['products'])}", *_name_features("enterprise", record["name"])]
    elif kind == "platform":
        found += [f"platform:type={record['type']}", *_name_features("platform", record["name"])]
    elif kind == "project":
        found += [f"project:events{min(len(record['events'] or []), 3)}",
                  f"project:investment={record['investment'] is not None}",
                  f"project:owner={record['owner'] is not None}", *_name_features("project", record["name"])]
    return found


def page_features(records: list[dict[str, Any]], text: str) -> list[list[str]]:
    """The features of each fact of one page (how many facts of its kind the page and its span hold)."""
    per_kind = Counter(r["kind"] for r in records)
    per_span = Counter((r["evidence"]["start"], r["evidence"]["end"]) for r in records)
    return [
        features(r, text, per_kind[r["kind"]], per_span[(r["evidence"]["start"], r["evidence"]["end"])])
        for r in records
    ]


@dataclass(frozen=True)
class ConfidenceModel:
    """Logistic weights per feature, the bias, and the probability below which a fact is dropped."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, names: Iterable[str]) -> float:
        score = self.bias + sum(self.weights.get(name, 0.0) for name in names)
        return 1.0 / (1.0 + math.exp(-score))

    def judge(self, facts: list[Fact], text: str) -> list[Fact]:
        """The facts this model keeps, each with its probability as confidence (articles always kept)."""
        kept = []
        for fact, names in zip(facts, page_features([to_record(f) for f in facts], text), strict=True):
            if fact.KIND == "article":
                kept.append(fact)
                continue
            chance = self.probability(names)
            if chance >= self.threshold:
                fact.confidence = round(chance, 2)
                kept.append(fact)
        return kept

    def to_json(self, **about: Any) -> str:
        data = {"about": about, "bias": self.bias, "threshold": self.threshold, "weights": self.weights}
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@cache
def bundled_model() -> ConfidenceModel | None:
    """The model shipped in the package, or None before one has been trained."""
    source = resources.files("chainatlas.data").joinpath("models/confidence.json")
    if not source.is_file():
        return None
    data = json.loads(source.read_text(encoding="utf-8"))
    return ConfidenceModel(data["weights"], data["bias"], data["threshold"])
