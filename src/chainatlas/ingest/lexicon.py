"""Word lists the extractor reads text with: legal forms, name suffixes, metric and stage cues.

These are the genre's vocabulary (how Chinese economic news writes figures, firms and
project stages), never names taken from any one page.
"""

from __future__ import annotations

import re

from chainatlas.domain import PlatformType, Stage

CJK = "\u4e00-\u9fff\u3400-\u4dbf"

# Legal forms, longest first, as they close an enterprise's full name.
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "厂")

# Words that end a firm's short name (贝托传动, 宇树科技, 华芯智能, 欣兴工具).
FIRM_NAME_TAILS = (
    "科技", "传动", "新材料", "智能", "工具", "电子", "电气", "机械", "精密", "材料", "新材", "光电", "电器",
    "机器人", "股份", "控股", "实业", "动力", "能源", "汽车", "汽配", "仓储", "医药", "生物",
    "半导体", "微电子", "芯片", "通信", "软件", "信息", "纺织", "化纤", "皮革", "轴承", "重工",
    "装备", "制造", "环保", "新能源", "光伏", "电池", "控制", "自动化", "技术", "传感器", "高科", "钴业",
)

# Platform names by their closing word, and the type each closing word gives.
PLATFORM_SUFFIXES: dict[str, PlatformType] = {
    "经济技术开发区": PlatformType.ZONE,
    "高新技术产业开发区": PlatformType.ZONE,
    "经济开发区": PlatformType.ZONE,
    "开发区": PlatformType.ZONE,
    "经开区": PlatformType.ZONE,
    "高新区": PlatformType.ZONE,
    "保税区": PlatformType.ZONE,
    "自贸区": PlatformType.ZONE,
    "产业园": PlatformType.PARK,
    "科技园": PlatformType.PARK,
    "工业园": PlatformType.PARK,
    "创业园": PlatformType.PARK,
    "产业园区": PlatformType.PARK,
    "工业园区": PlatformType.PARK,
    "研究院": PlatformType.INSTITUTE,
    "研究所": PlatformType.INSTITUTE,
    "研究中心": PlatformType.INSTITUTE,
    "创新中心": PlatformType.INSTITUTE,
    "技术中心": PlatformType.INSTITUTE,
    "实验室": PlatformType.INSTITUTE,
    "分院": PlatformType.INSTITUTE,
    "工作站": PlatformType.WORKSTATION,
    "孵化器": PlatformType.OTHER,
    "众创空间": PlatformType.OTHER,
    "学堂": PlatformType.OTHER,
}

# A name never starts with these: verbs and function words that precede names in news prose.
LEAD_WORDS = (
    "位于", "依托", "租赁", "入驻", "落户", "签约", "走进", "来到", "走访", "推动", "支持", "引进",
    "联合", "加快", "建设", "建成", "打造", "成立", "设立", "组建", "培育", "拥有", "汇聚", "集聚",
    "包括", "如", "其中", "以及", "和", "与", "及", "同", "跟", "在", "于", "从", "向", "对", "为",
    "由", "被", "把", "将", "让", "使", "是", "有", "的", "了", "等", "即", "还", "也", "又", "并",
    "已", "正", "都", "均", "则", "就", "所", "该", "本", "这", "此", "其", "各", "每", "记者",
    "获悉", "据悉", "作为", "随着", "通过", "根据", "按照", "围绕", "聚焦", "专注于", "专注",
    "旗下", "下属", "牵头", "携手", "全市", "全省", "全区", "全县", "我市", "我省", "我区", "我县",
    "今年", "去年", "目前", "近日", "日前", "近年来", "同时", "此外", "另外", "首个", "一批", "一家",
    "一个", "一座", "多家", "多个", "首家", "获取", "获得",
    "正式", "集团旗下", "总投资", "投资", "计划", "预计", "宣布", "举行", "召开", "启动", "发布",
    "全国", "落地", "推动", "助推", "实现", "明晰", "指导", "全力", "促进", "深化", "发展", "壮大",
    "提升", "服务", "覆盖", "真正", "不仅", "形成", "构建", "系统化", "带动", "引领", "做强", "做大",
    "延伸", "高效", "加码", "再度", "针对", "参与", "开展", "举办", "完善", "优化", "扶持", "强化",
    "推进", "建立", "健全", "组织", "力求", "增强", "加强", "做好", "引导", "考核", "实施", "认定",
    "提炼", "总结", "促进", "促進", "推進", "建立健全", "組織", "增強", "加強", "實施", "認定",
    "构筑", "意味着", "确定", "公布", "评选", "入选", "上榜",
)
# Multi-character lead words also end prose when they occur inside a run (嘉兴拥有国家级…集群).
INNER_LEAD_WORDS = tuple(w for w in LEAD_WORDS if len(w) >= 2 and w not in {
    "全市", "全省", "全区", "全县", "我市", "我省", "我区", "我县", "今年", "去年", "目前", "首个", "一批",
    "一家", "一个", "一座", "多家", "多个", "首家", "旗下", "下属", "集团旗下", "记者", "集聚", "汇聚",
})

# Generic heads that are not names on their own (…产业集群 with nothing specific before it).
GENERIC_NAME_WORDS = re.compile(
    "^(?:国家级|省级|市级|国家|省|市|县|中小企业|特色|产业|先进制造业|产业链|重点|主导|优势|新兴|"
    "块状经济|全产业链|多个|一批|两大|三大|四大|五大|十大|[0-9一二三四五六七八九十百]+个|各|该|本|这|其|"
    "全国|全省|全市|全县|我市|我省|民生实事|重大|重点产业|产业工人|优质|相关|配套|新增|首批|一县一|一链一)*$"
)

# Metric cues: the words before a number that say what it measures, tried in order.
METRIC_CUES: tuple[tuple[str, str], ...] = (
    ("跨境电商出口", "cross_border_export"),
    ("预计年产值", "expected_annual_output"),
    ("年产值", "expected_annual_output"),
    ("工业总产值", "output_value"),
    ("总产值", "output_value"),
    ("产值", "output_value"),
    ("营业收入", "revenue"),
    ("营收", "revenue"),
    ("销售收入", "revenue"),
    ("出口额", "export_value"),
    ("出口", "export_value"),
    ("固定资产投资", "x:fixed_asset_investment"),
    ("工业投资", "x:industrial_investment"),
    ("有效投资", "x:effective_investment"),
    ("协议引资", "investment"),
    ("引资", "investment"),
    ("总投资", "investment"),
    ("投资总额", "investment"),
    ("计划投资", "investment"),
    ("投资", "investment"),
    ("有效发明专利", "invention_patents"),
    ("发明专利", "invention_patents"),
    ("同比增长", "yoy_growth"),
    ("同比增", "yoy_growth"),
    ("增长", "yoy_growth"),
    ("份额", "market_share"),
    ("用了", "duration_months"),
    ("用时", "duration_months"),
    ("历时", "duration_months"),
    ("面积", "floor_area"),
    ("厂房", "floor_area"),
)

# Count nouns after or before a counted number ("36家企业", "企业36家", "4个厂区").
COUNT_NOUNS: tuple[tuple[str, str], ...] = (
    ("中小企业", "sme_count"),
    ("企业数量", "enterprise_count"),
    ("企业", "enterprise_count"),
    ("员工", "employee_count"),
    ("职工", "employee_count"),
    ("从业人员", "employee_count"),
    ("品种", "product_count"),
    ("厂区", "site_count"),
    ("项目", "project_count"),
)

# Standards: which body set them and whether the subject led or joined the drafting.
STANDARD_KINDS = (("国家标准", "national"), ("行业标准", "industry"), ("团体标准", "group"))
STANDARD_LED = re.compile("主持|牵头|主导|主编")
STANDARD_JOINED = re.compile("参与|参编|参加")

# Stage cues in project sentences; the longer cue wins where two overlap.
STAGE_CUES: tuple[tuple[str, Stage], ...] = (
    ("签约落户", Stage.SIGNED),
    ("签约落地", Stage.SIGNED),
    ("签约入驻", Stage.SIGNED),
    ("签约", Stage.SIGNED),
    ("落户", Stage.LANDED),
    ("落地", Stage.LANDED),
    ("开工", Stage.STARTED),
    ("竣工", Stage.COMPLETED),
    ("通电", Stage.POWERED),
    ("生产许可", Stage.PERMITTED),
    ("规模化量产", Stage.MASS_PRODUCTION),
    ("量产", Stage.MASS_PRODUCTION),
    ("达产", Stage.FULL_CAPACITY),
    ("满产", Stage.FULL_CAPACITY),
    ("投产", Stage.PRODUCTION),
)

# Project names that are only a count or a category, not one project.
GENERIC_PROJECT_HEADS = re.compile(
    "^(?:[0-9一二三四五六七八九十百千]+个|个|重大|重点|产业|招商|签约|开工|投产|在建|新建|续建|民生实事|"
    "政府民生实事|亿元以上|大|好|优质|外资|内资|标志性|产业链|强链补链|该|本|此|这些|各类|相关|等|的)*$"
)
