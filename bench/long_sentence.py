"""Extraction time of one unbounded sentence: real sentences of the evaluation pages joined by ，and 、
with no 。, at 100, 200, 400 and 800 KB (UTF-8), to show that the time grows linearly with its length.

Run: PYTHONPATH=src .venv/bin/python bench/long_sentence.py [--kb 100 200 400 800] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from chainatlas.ingest.document import parse_document
from chainatlas.ingest.extract import extract_document

PAGES = Path(__file__).resolve().parents[1] / "eval" / "pages"
KB = 1000
_BREAKS = re.compile("[。！？!?；;\n]+")


def long_sentence(size: int) -> str:
    """One sentence of about `size` UTF-8 bytes: the pages' sentences in turn, joined by ，(twice) and 、."""
    clauses = []
    for path in sorted(PAGES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        body = text.partition("\n---\n")[2] or text
        clauses += [clause.strip() for clause in _BREAKS.split(body) if len(clause.strip()) > 8]
    parts: list[str] = []
    total = 0
    while total < size:
        clause = clauses[len(parts) % len(clauses)] + ("、" if len(parts) % 3 == 0 else "，")
        parts.append(clause)
        total += len(clause.encode("utf-8"))
    return "".join(parts) + "。"


@dataclass
class Run:
    """One sentence's extraction."""

    kilobytes: int
    chars: int
    seconds: float
    facts: int


def measure(kilobytes: int) -> Run:
    """Extract a sentence of `kilobytes` KB (the CPU time of this process: the reading alone)."""
    text = f"date: 2024-08-19\n---\n{long_sentence(kilobytes * KB)}\n"
    document = parse_document(text.encode("utf-8"), "long.txt")
    start = time.process_time()
    facts = extract_document(document)
    return Run(kilobytes, len(text), time.process_time() - start, len(facts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, nargs="+", default=[100, 200, 400, 800], help="sentence sizes in KB")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    measure(1)  # load the gazetteer and the confidence model outside the figures
    runs = [measure(kilobytes) for kilobytes in args.kb]
    if args.json:
        print(json.dumps([asdict(run) for run in runs], indent=2))
        return
    print("| sentence KB | chars | CPU s | s per 100 KB | chars/CPU-s | facts |")
    print("|--:|--:|--:|--:|--:|--:|")
    for run in runs:
        print(f"| {run.kilobytes} | {run.chars:,} | {run.seconds:.2f} | {run.seconds * 100 / run.kilobytes:.2f} "
              f"| {run.chars / run.seconds:,.0f} | {run.facts:,} |")


if __name__ == "__main__":
    main()
