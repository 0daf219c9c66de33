"""List the extractor's errors on the dev split, for reading failures (never the test split).

    .venv/bin/python eval/errors.py KIND [--page NAME] [--summary]

For each dev page: the core gold facts of KIND no prediction matched (missed), each with the closest
prediction of the kind and the fields that kept them apart, then the predictions of KIND that matched
nothing (spurious), each with its evidence. `--summary` counts, over all dev pages, which field keeps
missed facts from their closest prediction.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

import score_facts
from evaluate import load_gold, predict
from split import Page, corpus


def blocking_fields(matcher: score_facts.Matcher, pred: dict[str, Any], gold: dict[str, Any]) -> list[str]:
    """The fields on which `pred` fails to agree with `gold` (empty when they match)."""
    failed = []
    note = gold.get("note", {})
    for rule in score_facts.RULES[gold["kind"]]:
        p, g = pred.get(rule.field), gold.get(rule.field)
        if score_facts.is_empty(g):
            if rule.mode == score_facts.SOFT or (g is None and rule.field in note) or score_facts.is_empty(p):
                continue
            failed.append(rule.field)
        elif score_facts.is_empty(p) and rule.mode == score_facts.SOFT:
            continue
        elif not matcher._comparators[rule.compare](p, g):  # the scorer's own comparators
            failed.append(rule.field)
    return failed


def short(fact: dict[str, Any], gold: score_facts.GoldDoc | None = None) -> str:
    """A fact as one line, without provenance fields; gold entity ids shown as their first name."""
    shown = {}
    for key, value in fact.items():
        if key in ("doc", "evidence", "note", "core", "kind"):
            continue
        if gold and isinstance(value, str) and value.startswith("@") and value[1:] in gold.entities:
            value = gold.entities[value[1:]].names[0]
        shown[key] = value
    return json.dumps(shown, ensure_ascii=False)


def page_errors(page: Page, kind: str, tally: Counter[str], quiet: bool) -> None:
    """Print one page's missed and spurious facts of `kind`, counting the blocking fields."""
    gold = next(iter(load_gold(page).values()))
    text = page.path.read_text(encoding="utf-8")
    preds = [p for p in predict([page]) if p["kind"] == kind]
    matcher = score_facts.Matcher(gold)
    pairs = matcher.match(preds)
    used = set(pairs.values())
    missed = [g for j, g in enumerate(gold.facts) if g["kind"] == kind and g["core"] and j not in used]
    spurious = [p for i, p in enumerate(preds) if i not in pairs]
    for g in missed:
        options = [(blocking_fields(matcher, p, g), p) for p in preds]
        fields, closest = min(options, key=lambda o: len(o[0]), default=(["(no prediction)"], None))
        tally[",".join(fields)] += 1
        if not quiet:
            print(f"  MISS {short(g, gold)}")
            if closest is not None:
                print(f"       closest {short(closest)}  differs: {','.join(fields)}")
    if not quiet:
        for p in spurious:
            span = text[p["evidence"]["start"]:p["evidence"]["end"]].replace("\n", " ")[:120]
            print(f"  EXTRA {short(p)}\n        «{span}»")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=score_facts.KINDS)
    parser.add_argument("--page", help="only this dev page (file name)")
    parser.add_argument("--summary", action="store_true", help="only count the fields that block matches")
    args = parser.parse_args(argv)
    pages = [p for p in corpus() if p.split == "dev" and args.page in (None, p.path.name)]
    tally: Counter[str] = Counter()
    for page in pages:
        if not args.summary:
            print(f"== {page.path.name}")
        page_errors(page, args.kind, tally, args.summary)
    print("\nmissed core facts by the fields that keep them from the closest prediction:")
    for fields, count in tally.most_common():
        print(f"  {count:>4}  {fields}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
