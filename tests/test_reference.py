"""The bundled reference tables: complete, correctly linked, and true to their sources."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from chainatlas.reference import load_industries, load_regions

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def test_region_levels_and_codes() -> None:
    regions = load_regions()
    assert Counter(r.level for r in regions) == {"province": 31, "prefecture": 333, "county": 2978}
    assert all(len(r.code) == 6 and r.code.isdigit() for r in regions)
    twice = {code for code, n in Counter(r.code for r in regions).items() if n > 1}
    assert twice == {"441900", "442000", "460400"}  # 东莞 中山 儋州: cities listed again as their own county
    assert not PLACEHOLDERS & {r.name for r in regions}


def test_every_parent_exists_one_level_up() -> None:
    by_code = {r.code: r for r in load_regions()}
    for region in by_code.values():
        if region.level == "province":
            assert region.parent_code is None
        elif region.parent_code != region.code:
            parent = by_code[region.parent_code or ""]
            allowed = ("province",) if region.level == "prefecture" else ("province", "prefecture")
            assert parent.level in allowed


def test_pinghu_and_jiaxing() -> None:
    by_code = {r.code: r for r in load_regions()}
    pinghu = by_code["330482"]
    assert (pinghu.name, pinghu.level, pinghu.parent_code) == ("平湖市", "county", "330400")
    assert not pinghu.functional
    counties = sorted(r.name for r in by_code.values() if r.parent_code == "330400")
    assert counties == sorted(["南湖区", "秀洲区", "嘉善县", "海盐县", "海宁市", "平湖市", "桐乡市"])


def test_placeholder_children_hang_on_the_province() -> None:
    by_code = {r.code: r for r in load_regions()}
    assert by_code["110105"].parent_code == "110000"  # 朝阳区 under 北京市 (was 市辖区)
    assert by_code["500101"].parent_code == "500000"  # 万州区 under 重庆市
    assert by_code["429004"].parent_code == "420000"  # 仙桃市, 省直辖县级行政区划


def test_functional_zones_flagged() -> None:
    regions = load_regions()
    functional = [r for r in regions if r.functional]
    assert len(functional) == 124 and all(r.code[4] == "7" for r in functional)
    assert next(r for r in regions if r.code == "130171").name == "石家庄高新技术产业开发区"


def test_industry_levels_and_the_0712_fix() -> None:
    industries = load_industries()
    levels = Counter(i.level for i in industries)
    assert levels == {"section": 20, "division": 97, "group": 473, "class": 1381}
    codes = Counter(i.code for i in industries)
    assert max(codes.values()) == 1
    by_code = {i.code: i for i in industries}
    assert by_code["0712"].name == "海洋石油开采" and by_code["0711"].name == "陆地石油开采"


def test_industry_parents() -> None:
    by_code = {i.code: i for i in load_industries()}
    for industry in by_code.values():
        if industry.level == "section":
            assert industry.parent_code is None
        else:
            assert industry.parent_code in by_code
    assert by_code["3484"].parent_code == "348"


def test_regions_match_the_source(data: Path) -> None:
    source = data / "admin_divisions"
    with open(source / "areas.csv", encoding="utf-8") as f:
        areas = {row["code"]: row["name"] for row in csv.DictReader(f)}
    counties = {r.code: r.name for r in load_regions() if r.level == "county"}
    assert counties == areas


def test_industries_match_the_source(data: Path) -> None:
    with open(data / "industry_classification" / "gbt4754_2017.csv", encoding="utf-8") as f:
        source = {(row["industry_id"], row["name"]) for row in csv.DictReader(f)}
    bundled = {(i.code, i.name) for i in load_industries()}
    assert bundled - source == {("0712", "海洋石油开采")}
    assert source - bundled == {("0711", "海洋石油开采")}
