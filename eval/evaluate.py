"""Score the extractor on the evaluation corpus, dev and test split apart, and print the gap.

    .venv/bin/python eval/evaluate.py [--json] [--pages dev] [--save DIR] [--readers]

Prints, for each split, the scorer's tables (all facts, core facts, provenance), then the gap
(dev F1 − test F1) and a reliability table: predicted facts by confidence bucket with the share of them
that match a gold fact. `--pages dev` adds each dev page's core F1, worst first, for reading failures;
the test split is only ever reported whole. `--save DIR` writes each split's predictions as JSON Lines.
`--readers` adds each reader's contribution on the dev split: the facts and core F1 lost when the pipeline
runs without it (and without the readers that need it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import score_facts
from chainatlas.ingest.document import read_document
from chainatlas.ingest.extract import extract_document
from chainatlas.ingest.facts import to_record
from chainatlas.ingest.pipeline import declared, without
from split import GOLD, PAGES, Page, corpus

SPLITS = ("dev", "test")
BUCKETS = ((0.0, 0.6), (0.6, 0.8), (0.8, 1.01))


def load_gold(page: Page) -> dict[str, Any]:
    """A page's gold, checked by the scorer."""
    return dict(score_facts.load_gold(GOLD / f"{page.path.stem}.json"))


def usable(pages: list[Page]) -> list[Page]:
    """The pages whose gold the scorer accepts; each other one is named on stderr with its problem."""
    kept = []
    for page in pages:
        try:
            load_gold(page)
        except score_facts.InputError as error:
            print(f"skipped: {error}", file=sys.stderr)
        else:
            kept.append(page)
    return kept


def predict(pages: Iterable[Page], readers: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The extractor's facts for these pages (by the declared pipeline unless `readers` names one), as
    exchange-format records.

    A page without a `date:` line is read on its gold file's date (as `chainatlas extract --date` would).
    """
    records = []
    for page in pages:
        date = json.loads((GOLD / f"{page.path.stem}.json").read_text(encoding="utf-8")).get("date")
        document = read_document(page.path, dt.date.fromisoformat(date) if date else None)
        records += [to_record(fact) for fact in extract_document(document, readers=readers)]
    return records


def contributions(pages: list[Page]) -> list[dict[str, Any]]:
    """Each reader's share of the dev split's result: facts and core F1 with the whole pipeline less what
    remains without it (and without the readers that need it)."""
    gold = {name: doc for p in pages for name, doc in load_gold(p).items()}
    whole = score_facts.evaluate(gold, predict(pages), PAGES)
    rows = []
    for name in declared():
        readers = without(name)
        scores = score_facts.evaluate(gold, predict(pages, readers), PAGES)
        rows.append({
            "reader": name,
            "also_drops": [r for r in declared() if r not in readers and r != name],
            "facts": whole["all"]["overall"]["pred"] - scores["all"]["overall"]["pred"],
            "matched": whole["all"]["overall"]["tp"] - scores["all"]["overall"]["tp"],
            "core_f1": _f1(whole, "core") - _f1(scores, "core"),
        })
    return rows


def reliability(gold: dict[str, Any], preds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Predicted facts per confidence bucket and the share of them matching a gold fact (any kind)."""
    rows = [{"bucket": f"[{low:.1f}, {min(high, 1.0):.1f}{']' if high > 1 else ')'}", "facts": 0, "matched": 0}
            for low, high in BUCKETS]
    for name, doc in gold.items():
        doc_preds = [p for p in preds if p["doc"] == name]
        matched = score_facts.Matcher(doc).match(doc_preds)
        for i, pred in enumerate(doc_preds):
            confidence = pred.get("confidence", 1.0)
            row = next(r for r, (low, high) in zip(rows, BUCKETS, strict=True) if low <= confidence < high)
            row["facts"] += 1
            row["matched"] += i in matched
    for row in rows:
        row["precision"] = row["matched"] / row["facts"] if row["facts"] else None
    return rows


def evaluate(pages: list[Page], save: Path | None = None) -> dict[str, Any]:
    """Every figure of both splits as one JSON-ready dict."""
    report: dict[str, Any] = {}
    for split in SPLITS:
        chosen = [p for p in pages if p.split == split]
        gold = {name: doc for p in chosen for name, doc in load_gold(p).items()}
        preds = predict(chosen)
        if save:
            save.mkdir(parents=True, exist_ok=True)
            lines = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds)
            (save / f"{split}.jsonl").write_text(lines, encoding="utf-8")
        scores = score_facts.evaluate(gold, preds, PAGES)
        scores["sites"] = len({p.site for p in chosen})
        scores["reliability"] = reliability(gold, preds)
        report[split] = scores
    report["gap"] = {
        section: _f1(report["dev"], section) - _f1(report["test"], section) for section in ("core", "all")
    }
    return report


def page_scores(pages: list[Page]) -> list[tuple[str, float | None, int, int, int]]:
    """Each page's core (name, F1, gold, predicted, matched), worst first."""
    rows = []
    for page in pages:
        gold = load_gold(page)
        core = score_facts.evaluate(gold, predict([page]))["core"]["overall"]
        rows.append((page.path.name, core["f1"], core["gold"], core["pred"], core["tp"]))
    return sorted(rows, key=lambda r: (r[1] if r[1] is not None else 2.0, r[0]))


def _f1(scores: dict[str, Any], section: str) -> float:
    return float(scores[section]["overall"]["f1"] or 0.0)


def format_report(report: dict[str, Any]) -> str:
    """The tables as text."""
    lines = []
    for split in SPLITS:
        scores = report[split]
        lines += [f"== {split} split: {scores['documents']} pages from {scores['sites']} sites", ""]
        lines += [score_facts.format_report(scores), "", "confidence    facts  matched  precision"]
        for row in scores["reliability"]:
            precision = "-" if row["precision"] is None else f"{row['precision']:.3f}"
            lines.append(f"  {row['bucket']:<11}{row['facts']:>6}{row['matched']:>9}{precision:>11}")
        lines.append("")
    gap = report["gap"]
    lines.append(f"gap (dev − test F1): core {gap['core']:+.3f}   all facts {gap['all']:+.3f}")
    if "readers" in report:
        lines += ["", "each reader on the dev split: what the pipeline loses without it", "",
                  "reader       facts  matched  core F1  also drops"]
        for row in report["readers"]:
            drops = ", ".join(row["also_drops"]) or "-"
            lines.append(f"  {row['reader']:<10}{row['facts']:>6}{row['matched']:>9}{row['core_f1']:>+9.3f}  {drops}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object instead of tables")
    parser.add_argument("--pages", choices=["dev"], help="also list each dev page's core F1, worst first")
    parser.add_argument("--save", type=Path, help="write each split's predictions to DIR/{dev,test}.jsonl")
    parser.add_argument("--readers", action="store_true", help="also each reader's contribution on the dev split")
    args = parser.parse_args(argv)
    pages = usable(corpus())
    report = evaluate(pages, args.save)
    if args.readers:
        report["readers"] = contributions([p for p in pages if p.split == "dev"])
    print(json.dumps(report, ensure_ascii=False) if args.json else format_report(report))
    if args.pages:
        print("\ncore F1 per dev page (gold, predicted, matched):")
        for name, f1, gold, pred, tp in page_scores([p for p in pages if p.split == "dev"]):
            print(f"  {'-' if f1 is None else f'{f1:.3f}':>6}  {gold:>3} {pred:>3} {tp:>3}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
