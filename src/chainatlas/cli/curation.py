"""The curation commands: `entities list|aliases|merge|split`, `claims list|review`, `conflicts`.

A thin shell over `services.curate`, `services.review` and `services.conflicts`; `register`
adds them to the main `chainatlas` command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from chainatlas.cli.helpers import (
    ByOption,
    JsonOption,
    ReasonOption,
    err,
    fold_table,
    kind_name,
    out,
    print_json,
    print_records,
    store_session,
    user,
)
from chainatlas.domain import CLAIM_KIND_NAMES, REVIEW_STATUS_NAMES, ReviewStatus
from chainatlas.formatting import metric_label
from chainatlas.i18n import _
from chainatlas.ids import MAX_ID
from chainatlas.services.conflicts import find_conflicts
from chainatlas.services.curate import EntityRow, entity_aliases, list_entities, merge_entities, split_entity
from chainatlas.services.entity_records import EntityRecord
from chainatlas.services.review import list_claims, review_claims

entities_app = typer.Typer(no_args_is_help=True, help="List entities and correct how names were resolved.")
claims_app = typer.Typer(no_args_is_help=True, help="List claims and set their review status.")


@entities_app.command("list")
def entities_list(
    ctx: typer.Context,
    type_: Annotated[
        str | None, typer.Option("--type", help="cluster, enterprise, platform, project or other.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Every entity with its id, type, region and counts of aliases and claims."""
    with store_session(ctx) as session:
        rows = list_entities(session, type_)

    def cells(r: EntityRow) -> list[str]:
        return [f"#{r.id}", kind_name(r.type), r.name, r.region or "", str(r.aliases), str(r.claims)]

    headers = [_("编号"), _("类型"), _("名称"), _("地区"), _("别名数"), _("事实数")]
    print_records(rows, as_json, headers, cells)


@entities_app.command("aliases")
def entities_aliases(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="An entity's name (any alias) or #ID.")],
    as_json: JsonOption = False,
) -> None:
    """An entity's names, each with the rule, document and decision that attached it."""
    with store_session(ctx) as session:
        entity, rows = entity_aliases(session, name)
        head = {"id": entity.id, "type": entity.kind, "name": entity.name}
    if as_json:
        print_json(head | {"aliases": [asdict(r) for r in rows]})
        return
    out.print(f"#{entity.id} {entity.name} ({kind_name(entity.kind)})")
    table = fold_table(_("别名"), _("规范化"), _("规则"), _("匹配"), _("文档"), _("决定者"))
    for r in rows:
        table.add_row(r.alias, r.normalised, r.rule or "", r.matched or "", r.document or "", r.decided_by or "")
    out.print(table)


def _correct(ctx: typer.Context, done: str, by: str | None, change: Callable[[Session, str], EntityRecord]) -> None:
    """Make a correction of how names were resolved (by `by`, else the user running the command) and say which
    entity it leaves (`done`, with its id and name)."""
    with store_session(ctx, write=True) as session:
        entity = change(session, by or user())
        err.print(done.format(id=entity.id, name=entity.name))


@entities_app.command("merge")
def entities_merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The entity kept (name or #ID).")],
    drop: Annotated[str, typer.Argument(help="The entity merged into it (name or #ID).")],
    reason: ReasonOption = None,
    by: ByOption = None,
) -> None:
    """Merge B into A: its aliases, claims and links move; later ingests keep them together."""
    _correct(ctx, _("已并入 #{id} {name}"), by, lambda s, who: merge_entities(s, keep, drop, reason, who))


@entities_app.command("split")
def entities_split(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The entity to split (name or #ID).")],
    alias: Annotated[list[str], typer.Option("--alias", help="An alias that moves to the new entity.")],
    reason: ReasonOption = None,
    by: ByOption = None,
) -> None:
    """Move the named aliases, and the claims written with them, to a new entity kept apart from now on."""
    _correct(ctx, _("已拆出 #{id} {name}"), by, lambda s, who: split_entity(s, name, alias, reason, who))


@claims_app.command("list")
def claims_list(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option("--status", help="proposed, accepted or rejected.")] = None,
    subject: Annotated[str | None, typer.Option("--subject", help="An entity's name or #ID.")] = None,
    low: Annotated[bool, typer.Option("--low", help="Only low-confidence claims.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Claims with subject, figure, document, confidence and status; low-confidence ones marked."""
    with store_session(ctx) as session:
        rows = list_claims(session, status, subject, low_only=low)
    if as_json:
        print_json([asdict(r) for r in rows])
        return
    table = fold_table(_("编号"), _("类型"), _("主体"), _("指标"), _("数值"), _("期间"), _("文档"), _("状态"),
                       _("低置信度"))  # fmt: skip
    for r in rows:
        value = "" if r.value is None else f"{r.value:g} {r.unit or ''}".strip()
        table.add_row(
            str(r.id),
            _(CLAIM_KIND_NAMES.get(r.kind, r.kind)),
            r.subject or "",
            metric_label(r.metric) if r.metric else "",
            value,
            r.period or "",
            r.document,
            _(REVIEW_STATUS_NAMES.get(r.status, r.status)),
            "!" if r.low_confidence else "",
        )
    out.print(table)


@claims_app.command("review")
def claims_review(
    ctx: typer.Context,
    ids: Annotated[list[int], typer.Argument(min=1, max=MAX_ID, help="Claim ids.")],
    status: Annotated[ReviewStatus, typer.Option("--status", help="The new status.")],
    note: Annotated[str | None, typer.Option("--note", help="Why (kept with the review).")] = None,
    by: ByOption = None,
) -> None:
    """Set the review status of claims, recording who, when and why; rejected ones are never shown."""
    with store_session(ctx, write=True) as session:
        changed = review_claims(session, ids, status.value, by or user(), note)
    err.print(_("{status}的事实：{count}").format(status=_(REVIEW_STATUS_NAMES[status.value]), count=changed))


def conflicts(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Every conflict: subject, metric, period, each value with its source, and which is shown and why."""
    with store_session(ctx) as session:
        found = find_conflicts(session)
    if as_json:
        print_json([asdict(c) for c in found])
        return
    for c in found:
        line = _("{subject} · {metric} · {period}：采用 {value}（{reason}）")
        out.print(line.format(subject=c.subject, metric=metric_label(c.metric), period=c.period or _("无期间"),
                              value=f"{c.winner.value:g}", reason=c.reason))  # fmt: skip
        for f in c.values:
            mark = "*" if f.claim_id == c.winner.claim_id else " "
            source = f.source
            out.print(
                f"  {mark} {f.value:g} {f.unit} #{f.claim_id} {source.document} ({source.date or _('无日期')}"
                f"{_('，官方') if source.official else ''}): {source.sentence}"
            )
    err.print(_("冲突：{count}").format(count=len(found)))


def register(app: typer.Typer) -> None:
    """Add the curation commands to `app`."""
    app.add_typer(entities_app, name="entities")
    app.add_typer(claims_app, name="claims")
    app.command("conflicts")(conflicts)
