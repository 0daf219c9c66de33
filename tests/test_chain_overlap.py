"""County overlap: coverage vectors, cosine and Jaccard similarity computed by hand, and the nodes behind them."""

from __future__ import annotations

import datetime
import math
from pathlib import Path

import pytest

from chainatlas.chains import (
    Basis,
    Decision,
    FirmRecord,
    OverlapPair,
    Placement,
    counties_of,
    county_coverage,
    county_overlap,
    place_firms,
)
from chainatlas.chains.overlap import cosine, jaccard
from chainatlas.ingest.chain_facts import firm_records
from chainatlas.ingest.document import read_document
from chainatlas.ingest.extract import extract_document

COUNTIES = {"330482": "平湖市", "330481": "海宁市", "330483": "桐乡市", "330402": "南湖区"}
FIRMS = [
    FirmRecord("甲", "330482"), FirmRecord("乙", "330482"), FirmRecord("丙", "330482"),
    FirmRecord("丁", "330481"), FirmRecord("戊", "330481"),
    FirmRecord("己", "330483"),
    FirmRecord("庚", "320506"),  # 吴中区: not a county of the city
]


def placed(firm: str, node: str, decision: Decision = Decision.UNCERTAIN) -> Placement:
    return Placement(firm, "mini", node, decision, Basis.PRODUCT, "", ())


PLACEMENTS = [
    placed("甲", "bearing"), placed("乙", "bearing"), placed("丙", "gear"),
    placed("甲", "bearing"),  # the same firm twice counts once
    placed("丙", "motor", Decision.REJECTED),
    placed("丁", "bearing"), placed("戊", "motor"),
    placed("己", "assembly"),
    placed("庚", "bearing"),
]
BEARING, GEAR, MOTOR, ASSEMBLY = ("mini", "bearing"), ("mini", "gear"), ("mini", "motor"), ("mini", "assembly")


def test_coverage_vectors() -> None:
    coverage = county_coverage(PLACEMENTS, FIRMS, COUNTIES)
    assert [(c.code, c.name, dict(c.counts)) for c in coverage] == [
        ("330482", "平湖市", {BEARING: 2, GEAR: 1}),
        ("330481", "海宁市", {BEARING: 1, MOTOR: 1}),
        ("330483", "桐乡市", {ASSEMBLY: 1}),
        ("330402", "南湖区", {}),
    ]


def test_similarities_by_hand() -> None:
    a, b = {BEARING: 2, GEAR: 1}, {BEARING: 1, MOTOR: 1}
    assert cosine(a, b) == pytest.approx(2 / math.sqrt(10))  # (2·1) / (√5 · √2)
    assert jaccard(a, b) == pytest.approx(1 / 3)  # {bearing} of {bearing, gear, motor}
    assert cosine(a, a) == pytest.approx(1.0)
    assert (cosine(a, {}), jaccard({}, {})) == (0.0, 0.0)


def test_pairs_most_alike_first_with_their_nodes() -> None:
    pairs = county_overlap(county_coverage(PLACEMENTS, FIRMS, COUNTIES))
    assert len(pairs) == 6
    first = pairs[0]
    assert first.cosine == pytest.approx(2 / math.sqrt(10))
    assert first.jaccard == pytest.approx(1 / 3)
    assert first == OverlapPair(
        "330482", "330481", first.cosine, first.jaccard, shared=(BEARING,), only_a=(GEAR,), only_b=(MOTOR,)
    )
    assert all(p.cosine == 0.0 and p.jaccard == 0.0 and not p.shared for p in pairs[1:])
    assert [(p.a, p.b) for p in pairs[1:]] == [
        ("330481", "330402"), ("330481", "330483"), ("330482", "330402"), ("330482", "330483"), ("330483", "330402"),
    ]


def test_counties_of_jiaxing() -> None:
    assert counties_of("330400") == {
        "330402": "南湖区", "330411": "秀洲区", "330421": "嘉善县", "330424": "海盐县",
        "330481": "海宁市", "330482": "平湖市", "330483": "桐乡市",
    }


def test_jiaxing_counties_on_real_text(data: Path) -> None:
    document = read_document(data / "news" / "jiaxing-2026-07-p1.txt", datetime.date(2026, 7, 5))
    counties = counties_of("330400")
    firms = firm_records(extract_document(document), document.text, {name: code for code, name in counties.items()})
    coverage = county_coverage(place_firms(firms), firms, counties)
    counts = {c.name: c.counts for c in coverage}
    assert counts["平湖市"] == {
        ("humanoid-robot", "bearings"): 1, ("humanoid-robot", "harmonic-reducer"): 1,
        ("humanoid-robot", "wafer-handling-robots"): 1,
    }
    assert counts["秀洲区"][("auto-cockpit", "cockpit-electronics")] == 2  # 安波福 and 佛吉亚
    [pinghu_xiuzhou] = [p for p in county_overlap(coverage) if {p.a, p.b} == {"330411", "330482"}]
    assert (pinghu_xiuzhou.cosine, pinghu_xiuzhou.shared) == (0.0, ())  # 错位 holds: robot joints against cockpits
