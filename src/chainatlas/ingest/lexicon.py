"""Word lists the extractor reads text with: legal forms, name suffixes, metric and stage cues.

These are the genre's vocabulary (how Chinese economic news writes figures, firms and
project stages), never names taken from any one page. The plain lists live as data in
`data/vocabulary/` (see `vocabulary.py`); this module gives them the shapes the readers use.
"""

from __future__ import annotations

import re

from chainatlas.domain import PlatformType, Stage
from chainatlas.ingest import vocabulary

CJK = "\u4e00-\u9fff\u3400-\u4dbf"

# Legal forms, longest first, as they close an enterprise's full name, and their alternations by kind.
LEGAL_FORMS = tuple(sorted(vocabulary.words("legal_forms"), key=len, reverse=True))
_FORM_KINDS = vocabulary.mapping("legal_forms")
LIMITED, GROUP, BRANCH, BARE = (
    "|".join(sorted((w for w, k in _FORM_KINDS.items() if k == kind), key=len, reverse=True))
    for kind in ("limited", "group", "branch", "bare")
)
# Words that end a firm's short name (贝托传动, 宇树科技, 华芯智能, 欣兴工具).
FIRM_NAME_TAILS = vocabulary.words("firm_name_tails")
# Platform names by their closing word, and the type each closing word gives.
PLATFORM_SUFFIXES = {word: PlatformType(kind) for word, kind in vocabulary.mapping("platform_suffixes").items()}
# A name never starts with these: verbs and function words that precede names in news prose.
LEAD_WORDS = vocabulary.words("lead_words")
# Multi-character lead words also end prose when they occur inside a run (嘉兴拥有国家级…集群).
INNER_LEAD_WORDS = tuple(e.word for e in vocabulary.entries("lead_words") if len(e.word) >= 2 and e.value != "outer")

# Generic heads that are not names on their own (…产业集群 with nothing specific before it).
GENERIC_NAME_WORDS = re.compile(
    "^(?:国家级|省级|市级|国家|省|市|县|中小企业|特色|产业|先进制造业|产业链|重点|主导|优势|新兴|"
    "块状经济|全产业链|多个|一批|两大|三大|四大|五大|十大|[0-9一二三四五六七八九十百]+个|各|该|本|这|其|"
    "全国|全省|全市|全县|我市|我省|民生实事|现代|現代|地区|地區|制造业|製造業|县域|縣域|成长型|成長型|重大|重点产业|产业工人|优质|相关|配套|新增|首批|一县一|一链一)*$"
)

# Metric cues: the words before a number that say what it measures, tried in order.
METRIC_CUES = tuple(vocabulary.mapping("metric_cues").items())
# Count nouns after or before a counted number ("36家企业", "企业36家", "4个厂区").
COUNT_NOUNS = tuple(vocabulary.mapping("count_nouns").items())

# Standards: which body set them and whether the subject led or joined the drafting.
STANDARD_KINDS = (("国家标准", "national"), ("行业标准", "industry"), ("团体标准", "group"))
STANDARD_LED = re.compile("主持|牵头|主导|主编")
STANDARD_JOINED = re.compile("参与|参编|参加")

# Stage cues in project sentences; the longer cue wins where two overlap.
STAGE_CUES = tuple((word, Stage(stage)) for word, stage in vocabulary.mapping("stage_cues").items())

# Project names that are only a count or a category, not one project.
GENERIC_PROJECT_HEADS = re.compile(
    "^(?:[0-9一二三四五六七八九十百千]+个|个|重大|重点|产业|招商|签约|开工|投产|在建|新建|续建|民生实事|"
    "政府民生实事|亿元以上|大|好|优质|外资|内资|标志性|产业链|强链补链|该|本|此|这些|各类|相关|等|的)*$"
)
