"""Throughput of the extractor's building blocks on the shared dev pages, in characters per second.

The place scan (gazetteer), number reading and chain-product matching each run over the 25 pages of
`tests/data/news` five times (chain matching over a 680,000-character product list); each figure is the
best of three runs. These were timed unit tests before; a timing belongs in a benchmark that prints it.

Run: .venv/bin/python bench/components.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from chainatlas.chains import bundled_chains
from chainatlas.ingest.gazetteer import Gazetteer
from chainatlas.ingest.numbers import find_quantities

PAGES = Path(__file__).parents[1] / "tests" / "data" / "news"
PRODUCTS = "精密薄壁轴承、谐波减速器、光模组、智能座椅骨架和高效精密切削工具，" * 20_000


def rate(texts: list[str], work: Callable[[str], object], rounds: int = 5) -> float:
    """Characters per second of `work` over `texts`, repeated `rounds` times; the best of three runs."""
    size = sum(map(len, texts)) * rounds
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        for _ in range(rounds):
            for text in texts:
                work(text)
        best = min(best, time.perf_counter() - began)
    return size / best


def main() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.txt"))]
    gazetteer = Gazetteer.bundled()
    chains = bundled_chains()
    print(f"pages: {len(texts)}, {sum(map(len, texts)):,} characters")
    print(f"gazetteer.find      {rate(texts, gazetteer.find):>14,.0f} chars/s")
    print(f"find_quantities     {rate(texts, find_quantities):>14,.0f} chars/s")
    print(f"chain product match {rate([PRODUCTS], lambda t: [c.match(t) for c in chains], rounds=1):>14,.0f} chars/s")


if __name__ == "__main__":
    main()
