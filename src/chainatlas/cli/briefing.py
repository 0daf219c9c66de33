"""The `briefing` command: a cluster's or county's one-page briefing (产业集群简报) as .docx or PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from chainatlas.briefing.compose import BriefingError, briefing_for
from chainatlas.briefing.pdf import write_pdf
from chainatlas.briefing.word import write_docx
from chainatlas.cli.helpers import err, say, store_session, write_file
from chainatlas.i18n import _

WRITERS = {".docx": write_docx, ".pdf": write_pdf}


def briefing(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A cluster (name, alias or #ID), a county or a city (name or code).")],
    out: Annotated[Path, typer.Option("--out", help="The file to write: its suffix, .docx or .pdf, picks the format.")],
    today: Annotated[
        dt.datetime | None,
        typer.Option("--today", formats=["%Y-%m-%d"], help="The day the briefing is as of (default: today)."),
    ] = None,
) -> None:
    """Write a briefing: key figures with sources, chain coverage and gaps, projects behind schedule."""
    writer = WRITERS.get(out.suffix.lower())
    if writer is None:
        suffix = out.suffix or _("无后缀的文件")
        err.print(_("{path}：简报须写成 .docx 或 .pdf，而不是 {suffix}").format(path=out, suffix=suffix))
        raise typer.Exit(1)
    day = today.date() if today else dt.date.today()
    with store_session(ctx) as session:
        try:
            found = briefing_for(session, name, day)  # in the command's language (the settings' `language`)
        except BriefingError as error:
            err.print(str(error), style="red")
            raise typer.Exit(1) from error
    write_file(out, writer(found))
    say(_("{title}（{day}）：{figures}项数据，{chains}条产业链，{projects}个滞后项目 → {path}").format(
        title=found.title, day=day.isoformat(), figures=len(found.figures), chains=len(found.chains),
        projects=len(found.projects), path=out))  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add the briefing command to `app`."""
    app.command("briefing")(briefing)
