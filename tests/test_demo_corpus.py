"""The bundled demo corpus: present, well-formed, in our own words, and carrying the page's facts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import chainatlas
from chainatlas.domain import ClusterFact, IndicatorFact
from chainatlas.ingest.document import read_document
from chainatlas.ingest.extract import extract_document

DEMO = Path(chainatlas.__file__).parent / "data" / "demo"
REAL_PAGE = "jiaxing-2026-07-p1.txt"  # in the test data's news folder
SOURCE_LINE = "source: chainatlas demo corpus, written for the project"
XIUZHOU = "秀洲汽车智能配饰中小企业产业集群"
PINGHU = "平湖机器人关节零部件中小企业特色产业集群"

DOCS = sorted(DEMO.glob("*.txt"))


def test_corpus_is_bundled_with_its_readme() -> None:
    assert 3 <= len(DOCS) <= 5
    assert "own words" in (DEMO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_document_has_header_headline_and_byline(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "date: 2026-07-05"
    assert re.fullmatch(r"title: \S.*", lines[1])
    assert lines[2] == SOURCE_LINE
    assert lines[3] == "---"
    body = [line for line in lines[4:] if line.strip()]
    assert body[1].startswith("■")  # the byline follows the headline
    document = read_document(path)
    assert document.header["source"] == SOURCE_LINE.removeprefix("source: ")
    assert str(document.date) == "2026-07-05"


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_document_is_not_copied_from_the_real_page(path: Path, data: Path) -> None:
    real = (data / "news" / REAL_PAGE).read_text(encoding="utf-8").replace(",", "，")
    body = path.read_text(encoding="utf-8").split("---\n", 1)[1]
    clauses = [c for c in re.split(r"[，。；：！？\n]", body) if len(c) >= 12]
    assert clauses
    assert [c for c in clauses if c in real] == []


def _facts(path: Path) -> tuple[list[ClusterFact], list[IndicatorFact]]:
    facts = extract_document(read_document(path))
    return (
        [f for f in facts if isinstance(f, ClusterFact)],
        [f for f in facts if isinstance(f, IndicatorFact)],
    )


def _indicator(indicators: list[IndicatorFact], subject: str, metric: str) -> IndicatorFact:
    found = [f for f in indicators if subject in f.subject and f.metric == metric]
    assert len(found) == 1, (subject, metric, indicators)
    return found[0]


def test_extractor_finds_both_new_provincial_clusters_with_their_figures() -> None:
    path = DEMO / "01-provincial-clusters.txt"
    clusters, indicators = _facts(path)
    text = path.read_text(encoding="utf-8")
    names = {c.name for c in clusters}
    assert {XIUZHOU, PINGHU} <= names
    for cluster in clusters:
        assert text[cluster.evidence.start : cluster.evidence.end]

    for subject, metric, value in (
        ("秀洲汽车智能配饰", "output_value", 8_882_000_000),
        ("秀洲汽车智能配饰", "enterprise_count", 36),
        ("秀洲汽车智能配饰", "invention_patents", 243),
        ("平湖机器人关节零部件", "output_value", 12_895_000_000),
        ("平湖机器人关节零部件", "sme_count", 71),
        ("平湖机器人关节零部件", "standards_participated_group", 41),
    ):
        fact = _indicator(indicators, subject, metric)
        assert fact.value == pytest.approx(value), (subject, metric)
        if metric == "output_value":
            assert fact.period == "2025"
            assert f"{value / 1e8:g}亿元" in text[fact.evidence.start : fact.evidence.end]


def test_extractor_reads_county_cluster_outputs() -> None:
    _, indicators = _facts(DEMO / "02-county-clusters.txt")
    assert _indicator(indicators, "嘉善县光电子器件", "output_value").value == pytest.approx(16_460_000_000)
    assert _indicator(indicators, "海盐县金属切削工具", "output_value").value == pytest.approx(8_944_000_000)


def test_each_cluster_has_several_years_of_output() -> None:
    """With the trends document, each cluster's output and count of firms span 2023 to 2025 (the charts' years)."""
    years: dict[tuple[str, str], set[str]] = {}
    for path in DOCS:
        for fact in _facts(path)[1]:
            if fact.metric in ("output_value", "enterprise_count", "sme_count") and fact.period:
                years.setdefault((fact.subject, fact.metric), set()).add(fact.period)
    spanning = {key for key, found in years.items() if found >= {"2023", "2024", "2025"}}
    assert len({subject for subject, _ in spanning if subject.endswith("集群")}) == 4
    assert len(spanning) == 8, years  # each cluster's output value and its count of firms
