"""Throughput and peak memory of extraction and ingestion, beside a bare regular-expression pass.

Builds a corpus of at least `--mb` MB from the dev pages (repeated and perturbed: paragraphs
shuffled, numbers and years changed, the Jiaxing counties swapped, firm names varied), then
measures each stage on the first `--small-mb` MB and on the whole corpus, each run in a fresh
process so that its peak memory is its own:

- regex: read, decode and run one amount/count pattern over each file (the floor);
- extract: `extract_paths` (documents to facts, worker processes, no database);
- ingest: `ingest_paths` into a fresh SQLite store (extraction and storing).

Run: .venv/bin/python bench/extract.py [--mb 50] [--small-mb 10] [--workers N] [--out DIR] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from chainatlas.services.ingest import extract_paths, ingest_paths
from chainatlas.services.reference import load_reference
from chainatlas.store.session import Store

NEWS = Path(__file__).resolve().parents[1] / "tests" / "data" / "news"
MB = 1_000_000
FLOOR = re.compile(r"\d+(?:\.\d+)?[万亿]?[元家项个件]")
STAGES = ("regex", "extract", "ingest")

COUNTIES = ("南湖", "秀洲", "嘉善", "平湖", "海盐", "海宁", "桐乡")
_COUNTY = re.compile("|".join(COUNTIES))
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?=年)")
_NUMBER = re.compile(r"\d+")
# The two characters a firm's name starts with, after an optional place: 浙江[百润]轴承有限公司.
_BRAND = re.compile(
    r"(?:浙江|嘉兴|上海|江苏|杭州|宁波)?([\u4e00-\u9fff]{2})(?=[\u4e00-\u9fff]{0,4}(?:有限公司|股份|集团))"
)
_BRAND_CHARS = "瑞恒鑫泰达宏隆盛丰晟博锦润德诚远航佳捷源凯信明昊睿越腾振弘毅卓安汇"


def perturb(text: str, rng: random.Random) -> str:
    """A page's variant: the header's date and the body's paragraphs, numbers, counties and firms changed."""
    head, sep, body = text.partition("\n---\n")
    if not sep:
        head, body = "", text
    head = re.sub(
        r"(?m)^date: .*$", f"date: {rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", head
    )
    blocks = []
    for block in body.split("\n\n"):
        lines = block.split("\n")
        rest = lines[1:]
        rng.shuffle(rest)
        blocks.append("\n".join(lines[:1] + rest))
    body = "\n\n".join(blocks)
    counties = dict(zip(COUNTIES, rng.sample(COUNTIES, len(COUNTIES)), strict=True))
    body = _COUNTY.sub(lambda m: counties[m.group()], body)
    shift = rng.randint(-3, 3)
    body = _YEAR.sub(lambda m: str(int(m.group()) + shift), body)
    body = _NUMBER.sub(lambda m: _other_number(m.group(), rng) if len(m.group()) != 4 else m.group(), body)
    brands = {brand: "".join(rng.sample(_BRAND_CHARS, 2)) for brand in sorted(set(_BRAND.findall(body)))}
    for brand, new in brands.items():
        body = body.replace(brand, new)
    return f"{head}{sep}{body}"


def _other_number(digits: str, rng: random.Random) -> str:
    """Another number of as many digits (a leading zero kept as it was)."""
    first = digits[0] if digits[0] == "0" else str(rng.randint(1, 9))
    return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])


@dataclass
class Page:
    """One corpus file: its name, bytes and characters."""

    name: str
    bytes: int
    chars: int


def variants(seed: int = 1) -> Iterator[str]:
    """Perturbed copies of the dev pages, each different from all before it, page after page, without end."""
    sources = [path.read_text(encoding="utf-8") for path in sorted(NEWS.glob("*.txt"))]
    rng = random.Random(seed)
    seen: set[bytes] = set()  # digests, not the texts: a corpus of gigabytes stays out of memory
    while True:
        for text in sources:
            variant = perturb(text, rng)
            digest = hashlib.blake2b(variant.encode("utf-8"), digest_size=16).digest()
            if digest not in seen:
                seen.add(digest)
                yield variant


def build_corpus(folder: Path, megabytes: float, seed: int = 1) -> list[Page]:
    """Write perturbed copies of the dev pages into `folder` until they hold `megabytes` MB."""
    pages: list[Page] = []
    total = 0
    for variant in variants(seed):
        if total >= megabytes * MB:
            break
        data = variant.encode("utf-8")
        name = f"{len(pages):06d}.txt"
        (folder / name).write_bytes(data)
        pages.append(Page(name, len(data), len(variant)))
        total += len(data)
    return pages


@dataclass
class Measure:
    """One stage's run on one input size."""

    stage: str
    megabytes: float
    files: int
    chars: int
    wall: float
    cpu_main: float
    cpu_workers: float
    rss_main_mb: float
    rss_workers_mb: float
    output: int

    @property
    def cpu(self) -> float:
        return self.cpu_main + self.cpu_workers

    @property
    def chars_per_wall_second(self) -> float:
        return self.chars / self.wall

    @property
    def chars_per_cpu_second(self) -> float:
        return self.chars / self.cpu


def _regex(files: list[Path]) -> int:
    return sum(len(FLOOR.findall(path.read_bytes().decode("utf-8"))) for path in files)


def _extract(files: list[Path], workers: int) -> int:
    return sum(len(item.facts) for item in extract_paths(files, workers=workers))


def _ingest(files: list[Path], workers: int, folder: Path) -> Callable[[], int]:
    """Prepare a fresh store (not timed); the returned call ingests the files."""
    store = Store(f"sqlite:///{folder / 'atlas.db'}")
    store.upgrade()
    with store.transaction() as session:
        load_reference(session)
    return lambda: ingest_paths(store, files, workers=workers).claims


def measure(stage: str, corpus: Path, pages: list[Page], megabytes: float, workers: int) -> Measure:
    """Run one stage on the first `megabytes` MB of the corpus, in this process and its workers."""
    chosen: list[Page] = []
    size = 0
    for page in pages:
        if size >= megabytes * MB:
            break
        chosen.append(page)
        size += page.bytes
    files = [corpus / page.name for page in chosen]
    with tempfile.TemporaryDirectory() as scratch:
        run: Callable[[], int]
        if stage == "regex":
            run = lambda: _regex(files)  # noqa: E731
        elif stage == "extract":
            run = lambda: _extract(files, workers)  # noqa: E731
        else:
            run = _ingest(files, workers, Path(scratch))
        main_before, workers_before = _cpu()
        start = time.perf_counter()
        output = run()
        wall = time.perf_counter() - start
        main_after, workers_after = _cpu()
    return Measure(
        stage=stage,
        megabytes=size / MB,
        files=len(chosen),
        chars=sum(p.chars for p in chosen),
        wall=wall,
        cpu_main=main_after - main_before,
        cpu_workers=workers_after - workers_before,
        rss_main_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        rss_workers_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        output=output,
    )


def _cpu() -> tuple[float, float]:
    """CPU seconds (user and system) of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def table(rows: list[Measure], workers: int) -> str:
    """The figures as a Markdown table."""
    lines = [
        "| stage | input MB | files | chars | wall s | CPU s main + workers | cores busy | chars/s wall "
        "| chars/CPU-s (per core) | peak RSS main MB | peak RSS worker MB | facts/claims |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        name = row.stage if row.stage == "regex" else f"{row.stage} ({workers} workers)"
        lines.append(
            f"| {name} | {row.megabytes:.1f} | {row.files:,} | {row.chars:,} | {row.wall:.1f} "
            f"| {row.cpu_main:.1f} + {row.cpu_workers:.1f} "
            f"| {row.cpu / row.wall:.2f} | {row.chars_per_wall_second:,.0f} | {row.chars_per_cpu_second:,.0f} "
            f"| {row.rss_main_mb:.0f} | {row.rss_workers_mb:.0f} | {row.output:,} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50, help="corpus size in MB (default 50)")
    parser.add_argument("--small-mb", type=float, default=10, help="the smaller input measured (default 10)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="extracting processes")
    parser.add_argument("--out", type=Path, help="folder for the corpus (default: a temporary one, removed)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--measure", nargs=2, metavar=("STAGE", "MB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # a child run: one stage on the first MB of the corpus in --out
        stage, megabytes = args.measure
        pages = [Page(**page) for page in json.loads((args.out / "pages.json").read_text())]
        row = measure(stage, args.out / "pages", pages, float(megabytes), args.workers)
        print(json.dumps(asdict(row)))
        return
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        (out / "pages").mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        pages = build_corpus(out / "pages", args.mb)
        (out / "pages.json").write_text(json.dumps([asdict(page) for page in pages]))
        print(
            f"corpus: {len(pages):,} files, {sum(p.bytes for p in pages) / MB:.1f} MB, "
            f"{sum(p.chars for p in pages):,} chars in {out / 'pages'} "
            f"({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )
        rows = []
        for megabytes in (args.small_mb, args.mb):
            for stage in STAGES:
                command = [
                    sys.executable,
                    __file__,
                    "--measure",
                    stage,
                    str(megabytes),
                    "--out",
                    str(out),
                    "--workers",
                    str(args.workers),
                ]
                result = subprocess.run(command, check=True, capture_output=True, text=True)
                rows.append(Measure(**json.loads(result.stdout)))
                print(f"{stage} {megabytes} MB: {rows[-1].wall:.1f} s", file=sys.stderr)
    if args.json:
        print(json.dumps([asdict(row) for row in rows], indent=2))
    else:
        print(table(rows, args.workers))


if __name__ == "__main__":
    main()
