"""The briefing's sections as titled tables of text, one layout for every output format."""

from __future__ import annotations

from dataclasses import dataclass

from chainatlas.briefing.model import Briefing


@dataclass(frozen=True, slots=True)
class Section:
    """A titled table, and what to say when it has no rows."""

    title: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    empty: str


MOST_NAMES = 6  # a cell names at most this many, then says how many in all: a briefing stays a page or two


def _joined(names: tuple[str, ...], unit: str = "个") -> str:
    """甲、乙、丙; or 甲、乙…等1024家 past `MOST_NAMES`; 无 for none."""
    if len(names) > MOST_NAMES:
        return "、".join(names[:MOST_NAMES]) + f"等{len(names)}{unit}"
    return "、".join(names) or "无"


def sections(briefing: Briefing) -> list[Section]:
    """Key figures, chain coverage and gaps, projects behind schedule, sources: in this order."""
    figures = Section(
        "一、主要指标",
        ("集群", "指标", "数值", "时期", "来源") if briefing.kind == "county" else ("指标", "数值", "时期", "来源"),
        [
            ((f.subject,) if briefing.kind == "county" else ()) + (f.label, f.value, f.period or "—", f"[{f.source}]")
            for f in briefing.figures
        ],
        "暂无有来源的指标。",
    )
    chains = Section(
        "二、产业链覆盖与补链",
        ("产业链", "已覆盖环节", "空白环节（补链）", "单一企业环节（强链）", "主要企业", "招商线索"),
        [
            (c.chain, f"{c.held}/{c.nodes}", _joined(c.empty), _joined(c.fragile), _joined(c.leaders, "家"),
             _joined(c.leads, "条"))
            for c in briefing.chains
        ],
        "暂无企业入链。",
    )
    projects = Section(
        "三、滞后项目",
        ("项目", "园区/县", "已到阶段", "下一阶段（应完成）", "滞后", "原因"),
        [(p.name, p.place or "—", p.reached, p.due or "—", p.late, p.cause) for p in briefing.projects],
        f"截至{briefing.as_of.isoformat()}无逾期或停滞项目。",
    )
    sources = Section(
        "资料来源",
        ("序号", "文献", "日期", "网址"),
        [(f"[{s.number}]", s.title, s.date or "—", s.url or "—") for s in briefing.sources],
        "无。",
    )
    return [figures, chains, projects, sources]
