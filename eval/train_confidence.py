"""Train the extractor's confidence model on the dev split and write it into the package.

    .venv/bin/python eval/train_confidence.py [--folds 5] [--dry-run]

Each dev page is read by the rules alone (`extract_document(judged=False)`); a fact is a positive example
when the scorer matches it to a gold fact of its page. A logistic regression over the facts' features
(`chainatlas.ingest.confidence.features`) is fitted with L2 regularisation by Newton's method. The
regularisation and the threshold below which facts are dropped are chosen on out-of-fold probabilities
(folds by site, so a site's pages are never scored by a model that saw them): the best mean of core and
all-facts F1, and among choices within 0.002 of it the one whose facts of confidence >= 0.8 are most often
right. Those out-of-fold figures are the honest dev figures and are printed. The test split is never read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import score_facts
from chainatlas.ingest.confidence import ConfidenceModel, page_features
from chainatlas.ingest.document import read_document
from chainatlas.ingest.extract import extract_document
from chainatlas.ingest.facts import to_record
from split import GOLD, Page, corpus

MODEL = Path(__file__).parent.parent / "src/chainatlas/data/models/confidence.json"
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(13))
L2 = (1.0, 3.0, 10.0, 30.0, 100.0)
TIE = 0.002  # choices whose mean F1 is this close count as equal


@dataclass
class Example:
    """One predicted fact of a dev page: its features, whether it matched gold, and whether that gold is core."""

    site: str
    kind: str
    names: list[str]
    matched: bool
    core: bool


def examples(pages: list[Page]) -> tuple[list[Example], dict[str, tuple[int, int]]]:
    """Every non-article fact the rules read on these pages, and per site the (all, core) gold counts."""
    found: list[Example] = []
    gold_counts: dict[str, tuple[int, int]] = {}
    for page in pages:
        gold = next(iter(score_facts.load_gold(GOLD / f"{page.path.stem}.json").values()))
        date = json.loads((GOLD / f"{page.path.stem}.json").read_text(encoding="utf-8")).get("date")
        document = read_document(page.path, dt.date.fromisoformat(date) if date else None)
        records = [to_record(f) for f in extract_document(document, judged=False)]
        pairs = score_facts.Matcher(gold).match(records)
        for i, (record, names) in enumerate(zip(records, page_features(records, document.text), strict=True)):
            if record["kind"] != "article":
                core = i not in pairs or bool(gold.facts[pairs[i]]["core"])
                found.append(Example(page.site, record["kind"], names, i in pairs, core))
        facts = [f for f in gold.facts if f["kind"] != "article"]
        total, core_total = gold_counts.get(page.site, (0, 0))
        gold_counts[page.site] = (total + len(facts), core_total + sum(bool(f["core"]) for f in facts))
    return found, gold_counts


def fit(rows: list[list[str]], labels: np.ndarray, l2: float) -> tuple[dict[str, float], float]:
    """Logistic regression weights (one per feature name) and bias, by Newton's method with L2."""
    vocabulary = sorted({name for names in rows for name in names})
    index = {name: i for i, name in enumerate(vocabulary)}
    x = np.zeros((len(rows), len(vocabulary) + 1))
    x[:, -1] = 1.0
    for r, names in enumerate(rows):
        for name in names:
            x[r, index[name]] = 1.0
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (p - labels) + penalty * w
        hessian = (x.T * (p * (1 - p))) @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {name: float(w[i]) for name, i in index.items()}, float(w[-1])


def f1(tp: int, pred: int, gold: int) -> float:
    return 2 * tp / (pred + gold) if pred + gold else 0.0


def figures(chosen: list[Example], probabilities: np.ndarray, threshold: float,
            gold_counts: dict[str, tuple[int, int]]) -> dict[str, float]:
    """Core and all-facts F1 (articles left out) when facts below `threshold` are dropped."""
    kept = [e for e, p in zip(chosen, probabilities, strict=True) if p >= threshold]
    gold_all = sum(a for a, _ in gold_counts.values())
    gold_core = sum(c for _, c in gold_counts.values())
    all_f1 = f1(sum(e.matched for e in kept), len(kept), gold_all)
    core_kept = [e for e in kept if e.core]
    core_f1 = f1(sum(e.matched for e in core_kept), len(core_kept), gold_core)
    return {"threshold": threshold, "core": core_f1, "all": all_f1,
            "precision_0.8": precision_above(chosen, probabilities, 0.8)}


def precision_above(chosen: list[Example], probabilities: np.ndarray, floor: float) -> float:
    sure = [e.matched for e, p in zip(chosen, probabilities, strict=True) if p >= floor]
    return sum(sure) / len(sure) if sure else float("nan")


def fold_of(site: str, folds: int) -> int:
    return int(hashlib.sha1(site.encode()).hexdigest()[8:16], 16) % folds


def out_of_fold(found: list[Example], folds: int, l2: float) -> np.ndarray:
    """Each example's probability from a model fitted on the other folds' sites."""
    labels = np.array([e.matched for e in found], dtype=float)
    probabilities = np.zeros(len(found))
    for fold in range(folds):
        test = [i for i, e in enumerate(found) if fold_of(e.site, folds) == fold]
        train = [i for i, e in enumerate(found) if fold_of(e.site, folds) != fold]
        weights, bias = fit([found[i].names for i in train], labels[train], l2)
        model = ConfidenceModel(weights, bias, 0.0)
        for i in test:
            probabilities[i] = model.probability(found[i].names)
    return probabilities


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    args = parser.parse_args(argv)
    pages = [p for p in corpus() if p.split == "dev"]
    found, gold_counts = examples(pages)
    rule_probabilities = np.array([_rule_confidence(e.names) for e in found])
    baseline = figures(found, rule_probabilities, 0.0, gold_counts)
    print(f"dev facts (articles aside): {len(found)} from {len(pages)} pages, {sum(e.matched for e in found)} right")
    print(f"rules alone:      core F1 {baseline['core']:.3f}  all F1 {baseline['all']:.3f}")
    print("out of fold (by site):   l2  threshold  core F1  all F1  precision at confidence >= 0.8")
    table = []
    for l2 in L2:
        oof = out_of_fold(found, args.folds, l2)
        table += [{**figures(found, oof, t, gold_counts), "l2": l2} for t in THRESHOLDS]
    top = max((row["core"] + row["all"]) / 2 for row in table)
    best = max((row for row in table if (row["core"] + row["all"]) / 2 >= top - TIE),
               key=lambda row: row["precision_0.8"])
    for row in table:
        mark = " <" if row is best else ""
        print(f"  {row['l2']:>25.0f}  {row['threshold']:>9.2f}  {row['core']:.3f}    {row['all']:.3f}"
              f"   {row['precision_0.8']:.3f}{mark}")
    if args.dry_run:
        return 0
    weights, bias = fit([e.names for e in found], np.array([e.matched for e in found], dtype=float), best["l2"])
    model = ConfidenceModel({k: round(v, 4) for k, v in sorted(weights.items())}, round(bias, 4), best["threshold"])
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    MODEL.write_text(model.to_json(
        trained_on=f"{len(pages)} dev pages of eval/ ({len(found)} facts)",
        out_of_fold={k: round(v, 4) for k, v in best.items()},
    ), encoding="utf-8")
    print(f"wrote {MODEL}")
    return 0


def _rule_confidence(names: list[str]) -> float:
    """The rules' own confidence of a fact, read back from its `rule` feature."""
    rule: Any = next(n for n in names if ":rule" in n)
    return float(rule.split(":rule")[1])


if __name__ == "__main__":
    sys.exit(main())
