"""A briefing gathered from the store: a cluster's (or a county's clusters') latest figures, chains, late projects.

Figures are each metric's latest value by the atlas's precedence rule (the one its pages show), named
metrics only; chains are those the area holds a node of; projects are those of the area's county (a
cluster's county, or the county itself) that are overdue or stalled on `today`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy.orm import Session

from chainatlas.briefing.model import Briefing, ChainLine, KeyFigure, LateProject, SourceNote
from chainatlas.chains.gaps import GapReport
from chainatlas.chains.placement import region_prefix
from chainatlas.formatting import METRIC_LABELS, format_period, format_value, level_label, metric_label
from chainatlas.i18n import _, listing, message_of
from chainatlas.paging import EVERYTHING
from chainatlas.projects.labels import stage_name
from chainatlas.projects.model import CAUSES
from chainatlas.reference import Region
from chainatlas.services.chain_views import AreaGaps, ChainViewError, chain_gaps, find_region
from chainatlas.services.curate import CurationError, EntityNotFound, find_entity
from chainatlas.services.documents import DocumentRow, list_documents, with_ids
from chainatlas.services.entity_records import EntityRecord, clusters_within, entity_by_id, entity_record
from chainatlas.services.names_known import area_hint
from chainatlas.services.places import region_of
from chainatlas.services.project_views import Followed, behind
from chainatlas.services.queries import Figure, group_figures, latest, profile_of
from chainatlas.suggest import quoted

KEY_METRICS = tuple(METRIC_LABELS)  # named metrics, in the order pages show them
COUNTY_METRICS = ("output_value", "yoy_growth", "enterprise_count")  # per cluster, in a county's briefing
AREA_LEVELS = ("county", "prefecture")  # the divisions a briefing is on
MAX_CHAINS = 5
MAX_PROJECTS = 10


class BriefingError(LookupError):
    """No cluster or county of that name or code: the message says which."""


def _key_figures(subject: str, figures: Iterable[Figure], metrics: Sequence[str]) -> list[tuple[str, Figure]]:
    """The latest figure of each named metric, in `metrics` order."""
    by_metric: dict[str, list[Figure]] = {}
    for (metric, _unit, _period), group in group_figures(figures).items():
        by_metric.setdefault(metric, []).extend(group)
    shown = [(metric, latest(by_metric[metric])) for metric in metrics if metric in by_metric]
    return [(subject, figure) for _metric, figure in shown if figure is not None]


def _sources(session: Session, figures: Sequence[tuple[str, Figure]]) -> dict[int, SourceNote]:
    """A note per cited document, numbered in the order the figures cite them."""
    order = list(dict.fromkeys(f.source.document_id for _s, f in figures))
    if not order:
        return {}
    documents = {d.id: d for d in list_documents(session, EVERYTHING, with_ids(order))}
    return {i: _note(number, documents[i]) for number, i in enumerate(order, start=1)}


def _note(number: int, document: DocumentRow) -> SourceNote:
    day = document.date.isoformat() if document.date else None
    return SourceNote(number, document.headline or document.name, day, document.source_url)


def _chain_line(gaps: AreaGaps) -> ChainLine:
    report: GapReport = gaps.report
    names = {c.node_id: c.name for c in report.coverage}
    leaders = dict.fromkeys(name for c in report.coverage for name in c.leaders)
    leads = [_("{firm}（{node}）").format(firm=lead.firm, node=names[node]) for node, found in report.leads.items()
             for lead in found]  # fmt: skip
    return ChainLine(
        chain=gaps.chain_name,
        held=sum(1 for c in report.coverage if c.holders),
        nodes=len(report.coverage),
        empty=tuple(names[n] for n in report.empty),
        fragile=tuple(names[n] for n in report.fragile),
        leaders=tuple(leaders),
        leads=tuple(dict.fromkeys(leads)),
    )


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else _("日期未知")


def _late_project(followed: Followed) -> LateProject:
    project, standing = followed.project, followed.timeliness
    reached = f"{stage_name(standing.last_stage)} {_day(standing.last_date)}" if standing.last_stage else _("未开始")
    due = f"{stage_name(standing.next_stage)} {_day(standing.due)}" if standing.next_stage else ""
    late = [_("逾期{days}天").format(days=standing.overdue_days)] if standing.overdue_days else []
    if standing.stalled and standing.days_since_change is not None:
        late.append(_("停滞{days}天").format(days=standing.days_since_change))
    return LateProject(
        name=project.name, place=project.zone or project.county or "", reached=reached, due=due,
        late=_("，").join(late), cause=_(CAUSES[project.cause]) if project.cause in CAUSES else _("未填原因"),
    )  # fmt: skip


def _late_projects(session: Session, region: Region | None, today: dt.date) -> list[Followed]:
    if region is None or region.level not in AREA_LEVELS:
        return []
    if region.level == "county":
        return behind(session, today, county=region.code)
    return behind(session, today, city=region.code)


def _assemble(
    session: Session,
    kind: str,
    title: str,
    facts: list[tuple[str, str]],
    figures: list[tuple[str, Figure]],
    area: str,
    region: Region | None,
    today: dt.date,
) -> Briefing:
    sources = _sources(session, figures)
    chains = [_chain_line(g) for g in chain_gaps(session, area)]
    late = _late_projects(session, region, today)
    facts.append((_("数据截至"), today.isoformat()))
    if len(chains) > MAX_CHAINS:
        listed = _("共{count}条，列出覆盖最多的{shown}条").format(count=len(chains), shown=MAX_CHAINS)
        facts.append((_("产业链"), listed))
    if len(late) > MAX_PROJECTS:
        listed = _("共{count}个，列出最滞后的{shown}个").format(count=len(late), shown=MAX_PROJECTS)
        facts.append((_("滞后项目"), listed))
    return Briefing(
        kind=kind, title=title, facts=tuple(facts), as_of=today,
        figures=[
            KeyFigure(subject, metric_label(f.metric), format_value(f), format_period(f.period),
                      sources[f.source.document_id].number)
            for subject, f in figures
        ],
        chains=chains[:MAX_CHAINS], projects=[_late_project(f) for f in late[:MAX_PROJECTS]],
        sources=list(sources.values()),
    )  # fmt: skip


def _cluster_briefing(session: Session, cluster: EntityRecord, today: dt.date) -> Briefing:
    """A cluster's briefing: its key figures, the chains it holds and its county's late projects."""
    profile = profile_of(session, cluster)
    region = region_of(session, cluster.region_code) if cluster.region_code else None
    level = level_label(profile.level) or _("未认定")
    facts = [(_("县（市、区）"), profile.region or _("未知")), (_("等级"), level)]
    figures = _key_figures(cluster.name, profile.figures, KEY_METRICS)
    title = _("{name}简报").format(name=cluster.name)
    return _assemble(session, "cluster", title, facts, figures, f"#{cluster.id}", region, today)


def _county_briefing(session: Session, region: Region, today: dt.date) -> Briefing:
    """A county's (or city's) briefing: its clusters' latest output, growth and firms, chains, late projects."""
    clusters = clusters_within(session, region_prefix(region.code))
    figures = [pair for c in clusters for pair in _key_figures(c.name, profile_of(session, c).figures, COUNTY_METRICS)]
    facts = [(_("产业集群"), listing(c.name for c in clusters) or _("暂无"))]
    title = _("{name}产业集群简报").format(name=region.name)
    return _assemble(session, "county", title, facts, figures, region.code, region, today)


def briefing_for(session: Session, name: str, today: dt.date) -> Briefing:
    """The briefing of the cluster (name, alias or #ID) or county (name or code) `name`."""
    try:
        region = find_region(session, name)
    except ChainViewError as error:
        raise BriefingError(message_of(error)) from error
    if region is not None:
        if region.level not in AREA_LEVELS:
            raise BriefingError(f"{name!r} is a {region.level}: a briefing is on a cluster, a county or a city")
        return _county_briefing(session, region, today)
    try:
        entity = entity_record(find_entity(session, name))
    except EntityNotFound as error:
        unknown = _("没有名为{name}的集群或县（市、区）").format(name=quoted(name))
        raise BriefingError(unknown + area_hint(session, name)) from error
    except CurationError as error:
        raise BriefingError(message_of(error)) from error
    if entity.kind != "cluster":
        raise BriefingError(f"{name!r} is a {entity.kind}, not a cluster or a county")
    return _cluster_briefing(session, entity, today)


def cluster_briefing(session: Session, cluster_id: int, today: dt.date) -> Briefing | None:
    """The briefing of the cluster with id `cluster_id`; None when there is none."""
    cluster = entity_by_id(session, "cluster", cluster_id)
    return None if cluster is None else _cluster_briefing(session, cluster, today)


def area_briefing(session: Session, code: str, today: dt.date) -> Briefing | None:
    """The briefing of the county or city with code `code`; None when there is none."""
    region = region_of(session, code)
    return None if region is None or region.level not in AREA_LEVELS else _county_briefing(session, region, today)
