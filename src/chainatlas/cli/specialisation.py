"""The specialisation commands: `datasets import|list` and `specialisation REGION`.

A thin shell over `services.panels` (statistical datasets in the store, chain coverage as a panel) and
`analytics.profile` (LQ, strength, quadrants, Krugman, HHI, peers, small counts, county-scale density
and PCI). Unknown regions, datasets or years and bad input files end the command with exit code 1;
a bad file stores nothing.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from chainatlas.analytics.profile import Options, Profile
from chainatlas.analytics.specialisation import QUADRANT_NAMES
from chainatlas.analytics.table import Columns
from chainatlas.chains.templates import activity_name
from chainatlas.cli.helpers import (
    JsonOption,
    SheetOption,
    err,
    fold_table,
    import_progress,
    out,
    print_json,
    print_records,
    store_session,
)
from chainatlas.formatting import metric_label
from chainatlas.i18n import N_, _, listing
from chainatlas.services.panels import DatasetSummary, RegionProfiles, datasets, import_dataset, region_profiles

datasets_app = typer.Typer(no_args_is_help=True, help="Statistical datasets: region × activity × year tables.")
SHOWN = 8  # activities per region in the table


@datasets_app.command("import")
def datasets_import(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(metavar="FILE", help="Long table, CSV or .xlsx: region, activity, year, value.")
    ],
    name: Annotated[str, typer.Option("--name", help="The dataset's name (importing it again replaces it).")],
    metric: Annotated[str, typer.Option("--metric", help="What the values are, e.g. output_value, enterprise_count.")],
    region: Annotated[str, typer.Option("--region", help="Column with the region code.")],
    activity: Annotated[str, typer.Option("--activity", help="Column with the activity (industry) code.")],
    value: Annotated[str, typer.Option("--value", help="Column with the value (≥ 0; repeated keys are summed).")],
    year: Annotated[str | None, typer.Option("--year", help="Column with the year.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="CNY, count, … (count: LQ intervals apply).")] = None,
    sheet: SheetOption = None,
) -> None:
    """Import a yearbook-shaped table as a dataset; every row is checked first and a bad file stores nothing.

    Values finite, ≥ 0 and ≤ 1e15; years whole from 1900 to 2100; only a regular file, within the size limits.
    """
    columns = Columns(region=region, activity=activity, value=value, year=year)
    with store_session(ctx, write=True) as session, import_progress(N_("导入数据集")) as progress:
        cells, changed = import_dataset(session, source, columns, name, metric, unit, sheet, progress)
    err.print(_("{name}：{cells}个单元格").format(name=name, cells=cells) + ("" if changed else _("（未变）")))


@datasets_app.command("list")
def datasets_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Every dataset with its metric, size and years."""
    with store_session(ctx) as session:
        found = datasets(session)

    def cells(d: DatasetSummary) -> list[str]:
        years = f"{d.years[0]}–{d.years[-1]}" if d.years else ""
        return [d.name, metric_label(d.metric), d.unit or "", str(d.regions), str(d.activities), years, d.source]

    headers = [_("名称"), _("指标"), _("单位"), _("地区数"), _("行业数"), _("年份"), _("来源")]
    print_records(found, as_json, headers, cells)


def _flag(profile: Profile, index: int) -> str:
    s = profile.standings[index]
    marks = [_("优势")] if s.strong else []
    marks += [_(QUADRANT_NAMES[s.quadrant])] if s.quadrant else []
    marks += [_("计数过小")] if s.small_count else []
    return listing(marks)


def _show(found: RegionProfiles) -> None:
    for p in found.profiles:
        since = _("（对比{before}）").format(before=p.before) if p.before else ""
        when = f"{p.year}{since}" if p.year else _("无年份")
        eci = f", ECI {p.eci:.2f}" if p.eci is not None else ""
        line = _("{region}（{code}）— {source}，{when}；基准：{benchmark}")
        out.print(line.format(region=found.names[p.region], code=p.region, source=found.source, when=when,
                              benchmark=p.benchmark))  # fmt: skip
        out.print(f"  Krugman {p.krugman:.2f}, HHI {p.hhi:.2f}{eci}")
        table = fold_table(_("行业"), _("数值"), _("占比"), "LQ", _("95%区间"), _("密度"), _("类别"))
        held = [i for i, s in enumerate(p.standings) if s.value > 0]
        for i in held[:SHOWN]:
            s = p.standings[i]
            interval = f"{s.interval[0]:.2f}–{s.interval[1]:.2f}" if s.interval else ""
            density = f"{s.density:.2f}" if s.density is not None else ""
            name = activity_name(s.activity)
            table.add_row(name, f"{s.value:,.0f}", f"{s.share:.1%}", f"{s.lq:.2f}", interval, density, _flag(p, i))
        out.print(table)
        if p.standings and p.standings[0].interval is None:
            out.print(_("  无单位计数：LQ 区间和计数过小标记需要 --counts（或一个计数数据集）"))
        peers = listing(f"{found.names[code]} {cos:.2f}" for code, cos in p.peers[:3])
        out.print(_("  最相似：{peers}").format(peers=peers) if peers else _("  面板中没有可比地区"))


def _json(found: RegionProfiles) -> dict[str, Any]:
    return {
        "names": found.names,
        "name": found.name,
        "code": found.code,
        "source": found.source,
        "profiles": [asdict(p) for p in found.profiles],
    }


def specialisation(
    ctx: typer.Context,
    region: Annotated[str, typer.Argument(help="A county or a city (name or code), e.g. 平湖市 or 嘉兴市.")],
    dataset: Annotated[
        str | None, typer.Option("--dataset", help="Dataset of values (default: the chain coverage of the city).")
    ] = None,
    year: Annotated[str | None, typer.Option("--year", help="Year of the dataset (default: the latest).")] = None,
    benchmark: Annotated[
        str,
        typer.Option(
            "--benchmark",
            help="panel: every region of the dataset (e.g. the province or nation); city: the city's counties; "
            "peers: the regions of --peers.",
        ),
    ] = "panel",
    peers: Annotated[
        str | None, typer.Option("--peers", help="Comma-separated region codes of a peer set (with --benchmark peers).")
    ] = None,
    reference: Annotated[
        str | None, typer.Option("--reference", help="Dataset to estimate proximity and PCI on (county scale).")
    ] = None,
    counts: Annotated[
        str | None, typer.Option("--counts", help="Dataset of units (enterprises, employees) for the LQ intervals.")
    ] = None,
    minimum: Annotated[float, typer.Option("--minimum", min=0.0, help="Fewer units than this: a small count.")] = 10.0,
    level: Annotated[
        str,
        typer.Option(
            "--level",
            help="county: the county or the city's counties; township: the townships of the county (or of the "
            "city's counties) by their register firms per industry division, against each other.",
        ),
    ] = "county",
    as_json: JsonOption = False,
) -> None:
    """LQ, strength class, quadrant, Krugman, HHI, peers and small-count flags of a county or a city's counties.

    With --level township, of their townships, from the register's firm counts.
    """
    if benchmark not in ("panel", "city", "peers"):
        err.print(_("--benchmark 须为 panel、city 或 peers，而不是“{value}”").format(value=benchmark))
        raise typer.Exit(1)
    if level not in ("county", "township") or (level == "township" and (dataset or reference or counts)):
        rule = _("--level 须为 county 或 township（township 不用 --dataset、--reference、--counts），不是“{value}”")
        err.print(rule.format(value=level))
        raise typer.Exit(1)
    peer_codes = tuple(p.strip() for p in (peers or "").split(",") if p.strip())
    kind = {"panel": "panel", "city": "regions", "peers": "peers"}[benchmark]
    options = Options(benchmark=kind, peers=peer_codes, minimum=minimum)
    with store_session(ctx) as session:
        found = region_profiles(session, region, dataset, year, options, reference, counts, level)
    if as_json:
        print_json(_json(found))
    else:
        _show(found)


def register(app: typer.Typer) -> None:
    """Add the specialisation commands to `app`."""
    app.add_typer(datasets_app, name="datasets")
    app.command("specialisation")(specialisation)
