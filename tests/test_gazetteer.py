"""Place names: lookups, short names, and mentions found in real pages without word traps."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainatlas.ingest.gazetteer import Gazetteer, short_name


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.bundled()


@pytest.fixture(scope="module")
def jiaxing(data: Path) -> str:
    return (data / "news" / "jiaxing-2026-07-p1.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "short"),
    [("秀洲区", "秀洲"), ("平湖市", "平湖"), ("浙江省", "浙江"), ("延边朝鲜族自治州", "延边"),
     ("黔东南苗族侗族自治州", "黔东南"), ("广西壮族自治区", "广西"), ("浦东新区", "浦东"),
     ("景宁畲族自治县", "景宁"), ("大兴安岭地区", "大兴安岭"), ("兴县", "兴县")],
)
def test_short_name(name: str, short: str) -> None:
    assert short_name(name) == short


@pytest.mark.parametrize(
    ("name", "code"),
    [("平湖", "330482"), ("平湖市", "330482"), ("秀洲", "330411"), ("嘉兴", "330400"), ("嘉兴市", "330400"),
     ("浙江", "330000"), ("吉林", "220000"), ("吉林市", "220200"), ("海南", "460000"), ("延边", "222400")],
)
def test_lookup(gazetteer: Gazetteer, name: str, code: str) -> None:
    place = gazetteer.lookup(name)
    assert place is not None and place.code == code


def test_city_without_counties_is_one_place(gazetteer: Gazetteer) -> None:
    dongguan = gazetteer.lookup("东莞")
    assert dongguan is not None and (dongguan.code, dongguan.level) == ("441900", "prefecture")


def test_ambiguous_names_need_within(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("朝阳区") is None
    beijing = gazetteer.lookup("朝阳区", within="110000")
    assert beijing is not None and beijing.code == "110105"
    assert gazetteer.lookup("象山") is None
    ningbo = gazetteer.lookup("象山", within="330200")
    assert ningbo is not None and ningbo.name == "象山县"
    assert gazetteer.lookup("不存在的地方") is None


def test_place_fields(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("平湖")
    assert place is not None
    assert (place.name, place.short, place.level, place.parent_code, place.province_code) == (
        "平湖市", "平湖", "county", "330400", "330000")


def test_hierarchy(gazetteer: Gazetteer) -> None:
    county, city = gazetteer.county_of("330482"), gazetteer.city_of("330482")
    province = gazetteer.province_of("330482")
    assert county is not None and county.name == "平湖市"
    assert city is not None and city.name == "嘉兴市"
    assert province is not None and province.name == "浙江省"
    assert gazetteer.county_of("330400") is None
    assert gazetteer.city_of("3304") is not None
    assert gazetteer.city_of("110105") is None  # a Beijing district has no prefecture above it
    assert gazetteer.name_of("330411") == "秀洲区"
    assert gazetteer.name_of("330482001") == "平湖市"  # a township code cut to its county
    with pytest.raises(KeyError):
        gazetteer.name_of("999999")


def test_jiaxing_mentions(gazetteer: Gazetteer, jiaxing: str) -> None:
    found = {(m.surface, m.place.code) for m in gazetteer.find(jiaxing)}
    expected = {("嘉兴", "330400"), ("嘉兴市", "330400"), ("秀洲", "330411"), ("平湖", "330482"),
                ("嘉善", "330421"), ("嘉善县", "330421"), ("海盐县", "330424"), ("海宁", "330481"),
                ("桐乡", "330483"), ("南湖", "330402"), ("浙江", "330000"), ("浙江省", "330000")}
    assert expected <= found
    assert {code[:2] for _, code in found} <= {"33", "31"}  # nothing outside Zhejiang and Shanghai (浦东)


def test_mention_spans(gazetteer: Gazetteer, jiaxing: str) -> None:
    for mention in gazetteer.find(jiaxing):
        assert jiaxing[mention.start:mention.end] == mention.surface


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [("嘉兴县域产业的突围之路", ["嘉兴"]), ("形成“一县一集群”的错位发展格局", []), ("加强合作,共同富裕", []),
     ("培育壮大新兴产业", []), ("加大资源投入和政策供给", []), ("打造成县域经济", []), ("新平台", []),
     ("宁波象山", ["宁波", "象山"])],
)
def test_word_traps(gazetteer: Gazetteer, text: str, surfaces: list[str]) -> None:
    assert [m.surface for m in gazetteer.find(text)] == surfaces


def test_county_short_name_needs_its_city_or_within(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("秀洲汽车") == []
    [mention] = gazetteer.find("秀洲汽车", within="330400")
    assert mention.place.code == "330411"

