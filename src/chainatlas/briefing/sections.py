"""The briefing's sections as titled tables of text, one layout for every output format."""

from __future__ import annotations

from dataclasses import dataclass

from chainatlas.briefing.model import Briefing
from chainatlas.i18n import N_, _, listing


@dataclass(frozen=True, slots=True)
class Section:
    """A titled table, and what to say when it has no rows."""

    title: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    empty: str


CHAIN_HEADINGS = (N_("产业链"), N_("已覆盖环节"), N_("空白环节（补链）"), N_("单一企业环节（强链）"), N_("主要企业"),
                  N_("招商线索"))  # fmt: skip
MOST_NAMES = 6  # a cell names at most this many, then says how many in all: a briefing stays a page or two


def _joined(names: tuple[str, ...], more: str = N_("{names}等{count}个")) -> str:
    """甲、乙、丙; or 甲、乙…等1024家 past `MOST_NAMES` (`more`, marked `N_`); 无 for none."""
    if len(names) > MOST_NAMES:
        return _(more).format(names=listing(names[:MOST_NAMES]), count=len(names))
    return listing(names) or _("无")


def facts_line(briefing: Briefing) -> str:
    """The facts under the title on one line: 县（市、区）：平湖市；等级：省级 …"""
    return _("；").join(_("{label}：{text}").format(label=label, text=text) for label, text in briefing.facts)


def sections(briefing: Briefing) -> list[Section]:
    """Key figures, chain coverage and gaps, projects behind schedule, sources: in this order."""
    figures = Section(
        _("一、主要指标"),
        (_("集群"), _("指标"), _("数值"), _("时期"), _("来源"))
        if briefing.kind == "county"
        else (_("指标"), _("数值"), _("时期"), _("来源")),
        [
            ((f.subject,) if briefing.kind == "county" else ()) + (f.label, f.value, f.period or "—", f"[{f.source}]")
            for f in briefing.figures
        ],
        _("暂无有来源的指标。"),
    )
    chains = Section(
        _("二、产业链覆盖与补链"),
        tuple(_(heading) for heading in CHAIN_HEADINGS),
        [
            (c.chain, f"{c.held}/{c.nodes}", _joined(c.empty), _joined(c.fragile),
             _joined(c.leaders, N_("{names}等{count}家")), _joined(c.leads, N_("{names}等{count}条")))
            for c in briefing.chains
        ],
        _("暂无企业入链。"),
    )
    projects = Section(
        _("三、滞后项目"),
        (_("项目"), _("园区/县"), _("已到阶段"), _("下一阶段（应完成）"), _("滞后"), _("原因")),
        [(p.name, p.place or "—", p.reached, p.due or "—", p.late, p.cause) for p in briefing.projects],
        _("截至{day}无逾期或停滞项目。").format(day=briefing.as_of.isoformat()),
    )
    sources = Section(
        _("资料来源"),
        (_("序号"), _("文献"), _("日期"), _("网址")),
        [(f"[{s.number}]", s.title, s.date or "—", s.url or "—") for s in briefing.sources],
        _("无。"),
    )
    return [figures, chains, projects, sources]
