"""Periods and event dates read from real pages, relative words resolved by the page's date."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from chainatlas.ingest.dates import find_event_dates, find_periods

DOC_DATE = datetime.date(2026, 7, 5)


@pytest.fixture(scope="module")
def jiaxing(data: Path) -> str:
    return (data / "news" / "jiaxing-2026-07-p1.txt").read_text(encoding="utf-8")


def news(data: Path, name: str) -> str:
    return (data / "news" / name).read_text(encoding="utf-8")


def periods(text: str, date: datetime.date | None) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for period in find_periods(text, date):
        found.setdefault(text[period.start:period.end], set()).add(period.value)
    return found


def events(text: str, date: datetime.date | None) -> dict[str, set[tuple[str, bool]]]:
    found: dict[str, set[tuple[str, bool]]] = {}
    for event in find_event_dates(text, date):
        found.setdefault(text[event.start:event.end], set()).add((event.value, event.planned))
    return found


@pytest.mark.parametrize(
    ("surface", "value"),
    [("2025年", "2025"), ("近3年", "2023/2025"), ("今年1至5月", "2026-01/2026-05"), ("去年全年", "2025"),
     ("今年初以来", "2026-01/2026-07"), ("2026年度", "2026"), ("去年", "2025")],
)
def test_jiaxing_periods(jiaxing: str, surface: str, value: str) -> None:
    assert periods(jiaxing, DOC_DATE)[surface] == {value}


@pytest.mark.parametrize(
    ("surface", "value", "planned"),
    [("2027年三季度", "2027-Q3", True), ("6月5日", "2026-06-05", False), ("今年6月初", "2026-06", False),
     ("今年四季度", "2026-Q4", True), ("2018年", "2018", False), ("7月3日", "2026-07-03", False),
     ("今年3月", "2026-03", False), ("6月18日", "2026-06-18", False), ("昨天", "2026-07-04", False)],
)
def test_jiaxing_event_dates(jiaxing: str, surface: str, value: str, planned: bool) -> None:
    assert events(jiaxing, DOC_DATE)[surface] == {(value, planned)}


def test_without_a_document_date_relative_words_give_nothing(jiaxing: str) -> None:
    found = periods(jiaxing, None)
    assert "今年1至5月" not in found and "近3年" not in found and "去年全年" not in found
    assert found["2025年"] == {"2025"}
    assert "6月5日" not in events(jiaxing, None)


def test_year_carried_along_the_line(data: Path) -> None:
    text = news(data, "news_b269a1cbaa.txt")
    found = periods(text, datetime.date(2022, 7, 18))
    assert found["一季度"] == {"2021-01/2021-03"}
    assert found["上半年"] == {"2021-01/2021-06"}
    assert found["前三季度"] == {"2021-01/2021-09"}
    assert found["十四五"] == {"2021/2025"}


def test_same_year_and_last_year_dates(data: Path) -> None:
    found = events(news(data, "news_130d84119e.txt"), datetime.date(2017, 7, 9))
    assert found["去年5月26日"] == {("2016-05-26", False)}
    assert found["同年9月28日"] == {("2016-09-28", False)}
    assert found["6月19日"] == {("2017-06-19", False)}


def test_plan_word_marks_planned_without_a_date(data: Path) -> None:
    found = events(news(data, "news_dd4c02640b.txt"), None)
    assert found["2024年5月"] == {("2024-05", True)}
    assert found["2023年1月"] == {("2023-01", False)}
    assert found["8月"] == {("2023-08", False)}


def test_month_range_and_traditional_text(data: Path) -> None:
    assert periods(news(data, "news_d70147c67c.txt"), None)["2018年1-8月份"] == {"2018-01/2018-08"}
    found = periods(news(data, "news_1ef6e328d4.txt"), datetime.date(2023, 1, 17))
    assert found["2023年至2025年"] == {"2023/2025"}
    assert found["2022年度"] == {"2022"}


def test_year_named_later_in_the_sentence(data: Path) -> None:
    assert events(news(data, "news_c0343278fb.txt"), None)["1月13日"] == {("2024-01-13", False)}


def test_gold_event_dates_and_periods(data: Path) -> None:
    missing = []
    for path in sorted((data / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if not gold.get("date"):
            continue
        date = datetime.date.fromisoformat(gold["date"])
        text = news(data, gold["doc"])
        dates = {(e.value, e.planned) for e in find_event_dates(text, date)}
        values = {p.value for p in find_periods(text, date)}
        for fact in gold["facts"]:
            for event in fact.get("events") or [] if fact["kind"] == "project" else []:
                if (event["date"], event["planned"]) not in dates:
                    missing.append((gold["doc"], event["date"]))
            if fact["kind"] == "indicator" and fact["period"] and fact["period"] not in values:
                missing.append((gold["doc"], fact["period"]))
    # 由上年的3.3∶37.3∶59.4: 上年 as a period is left to the caller.
    assert set(missing) == {("news_b269a1cbaa.txt", "2020")}
