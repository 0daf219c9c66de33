"""Names as the resolver compares them, and the pure rules: region clashes, precedence, confidence."""

from __future__ import annotations

import pytest

from chainatlas.services.precedence import LOW_CONFIDENCE, Standing, choose, is_low_confidence, is_official
from chainatlas.services.resolve import places_clash, regions_clash
from chainatlas.store.names import fold, is_branch, normalise, written_place


def test_traditional_script_folds_to_simplified() -> None:
    assert fold("浙江百潤軸承有限公司") == "浙江百润轴承有限公司"
    assert normalise("浙江百潤軸承有限公司") == normalise("百润轴承") == "百润轴承"
    assert fold(" 百润 轴承 ") == "百润轴承"


def test_a_branch_normalises_to_its_parent_and_is_known_as_one() -> None:
    branch = "安波福电气系统有限公司嘉兴分公司"
    assert normalise(branch) == "安波福电气系统" and normalise(branch).startswith(normalise("安波福"))
    assert is_branch(branch) and not is_branch("安波福")


def test_the_written_place_is_the_most_specific_leading_region() -> None:
    assert written_place("嘉兴恒锋工具有限公司") == "330400"
    assert written_place("海盐恒锋工具有限公司") == "330424"
    assert written_place("浙江嘉兴恒锋工具有限公司") == "330400"
    assert written_place("恒锋工具") is None
    assert written_place("嘉兴市") is None  # a bare place is no firm's place


def test_two_registrations_clash_unless_a_province_holds_the_other() -> None:
    assert places_clash("330400", "330424")  # 嘉兴 vs 海盐: county differs from the city's registration
    assert not places_clash("330000", "330482")  # 浙江 holds 平湖
    assert places_clash("320000", "330482")  # 江苏 does not
    assert not places_clash(None, "330424") and not places_clash("330424", "330424")
    assert not regions_clash("330400", "330424") and regions_clash("330411", "330424")


def _standing(**given: object) -> Standing:
    base: dict[str, object] = {"accepted": False, "official": False, "date": None, "document_id": 1, "claim_id": 1}
    return Standing(**(base | given))  # type: ignore[arg-type]


def test_precedence_review_then_official_then_date_then_ingest_order() -> None:
    news_new = _standing(date="2026-07-05", document_id=2, claim_id=2)
    gov_old = _standing(official=True, date="2024-01-01", document_id=1, claim_id=1)
    assert choose([news_new, gov_old]) == (1, "官方来源优先于新闻")
    accepted = _standing(accepted=True, date="2020-01-01", document_id=3, claim_id=3)
    assert choose([news_new, gov_old, accepted]) == (2, "经审核接受")
    older = _standing(date="2025-01-01", document_id=5, claim_id=5)
    assert choose([older, news_new]) == (1, "文档较新（2026-07-05晚于2025-01-01）")
    undated = _standing(document_id=9, claim_id=9)
    assert choose([undated, older])[0] == 1  # an undated document is the oldest
    assert choose([_standing(document_id=1), _standing(document_id=2, claim_id=2)]) == (1, "入库较晚")
    assert choose([older]) == (0, "only claim")
    with pytest.raises(ValueError):
        choose([])


def test_official_sources_by_host_or_header_type() -> None:
    assert is_official("http://www.jj.gov.cn/art/2022/7/18/art_1229438846_3806807.html")
    assert is_official("https://baiyin.gov.cn/zwgk/x.html")
    assert not is_official("http://news.xd56b.com/shtml/xdwlb/20240819/415347.shtml")
    assert not is_official("https://notgov.cn.example.com/")
    assert is_official(None, {"type": "statistics"}) and is_official("http://a.com", {"type": "通知"})
    assert not is_official(None, {"type": "news"}) and not is_official(None)


def test_low_confidence_below_the_threshold_or_without_subject() -> None:
    assert LOW_CONFIDENCE == 0.6
    assert is_low_confidence(0.59, True) and not is_low_confidence(0.6, True)
    assert is_low_confidence(None, False) and not is_low_confidence(None, True)
    assert is_low_confidence(0.7, True, threshold=0.8)
