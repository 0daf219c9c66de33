"""A constructed project workbook and service-request plan for the demo and its tests: made-up projects.

No row describes a real project: owners are firms of the constructed register (`register.constructed`), names are
built from them, figures are drawn from plausible ranges, and every row says so in its 备注 column. The projects lie
in Jiaxing's zones and counties. Every stage of every kind holds projects, and every stage but the last holds one on
time, and one overdue or stalled (no stage change for over 180 days); projects at the last stage are done. Every
third investment project sits on a chain node no firm of the register holds (a 补链 project), one in each chain.
Dates are counted back and forth from a day passed in, so that the judgments hold on that day; the same day gives
the same workbook.
`python -m chainatlas.demo_projects OUT.csv YYYY-MM-DD` writes it.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from chainatlas.chains import ChainNode, bundled_chains
from chainatlas.output_files import write_atomically
from chainatlas.projects.model import KIND_NAMES, STAGES, Kind
from chainatlas.projects.template import ACTUAL, PLANNED, headers, stage_header
from chainatlas.reference import Townships
from chainatlas.register.constructed import COUNTIES, constructed_register, leaf_nodes, node_plan

NOTE = "构造数据，非真实项目"
ZONES = {  # county code → its zone (the public names of Jiaxing's development zones)
    "330402": "嘉兴经济技术开发区",
    "330411": "秀洲高新技术产业开发区",
    "330421": "嘉善经济技术开发区",
    "330424": "海盐经济开发区",
    "330481": "海宁经济开发区",
    "330482": "平湖经济技术开发区",
    "330483": "桐乡经济开发区",
}
HEADER = [*headers(), "备注"]
STEP_DAYS = 75  # between two reached stages
STALLED_DAYS = 250  # since the last stage of a stalled project (more than the 180 days of `STALL_DAYS`)
_PUBLIC_WORKS = (
    "社区养老服务中心", "污水管网提质改造工程", "农贸市场改造提升", "中学扩建工程", "口袋公园", "卫生院迁建工程",
)
_UPGRADES = ("数字化车间技改项目", "智能产线改造项目", "节能降碳技改项目", "未来工厂提升项目")
_INVESTMENTS = ("扩产项目", "生产基地项目", "智能制造项目", "研发中心及产业化项目")


@dataclass(frozen=True, slots=True)
class Plan:
    """How a project stands on the day: the index of its last reached stage (-1: none) and its profile
    (on_time, overdue or stalled; done at the kind's last stage)."""

    kind: Kind
    last: int
    profile: str


def plans() -> list[Plan]:
    """Per kind, each stage (and none) with an on-time project and, by turns, an overdue or a stalled one;
    the last stage with done ones (two investment projects, one of each other kind)."""
    found = []
    for kind, stages in STAGES.items():
        for last in range(-1, len(stages) - 1):
            found += [Plan(kind, last, "on_time"), Plan(kind, last, "overdue" if last % 2 else "stalled")]
        found += [Plan(kind, len(stages) - 1, "done")] * (2 if kind is Kind.INVESTMENT else 1)
    return found


def _dates(plan: Plan, today: dt.date, number: int) -> tuple[dict[str, str], dict[str, str]]:
    """(planned, actual) dates by stage, ISO days, so that the project stands as `plan` says on `today`."""
    stages = STAGES[plan.kind]
    last_day = {
        "on_time": today - dt.timedelta(days=15 + number % 20),
        "overdue": today - dt.timedelta(days=100 + number % 30),
        "stalled": today - dt.timedelta(days=STALLED_DAYS + number % 40),
        "done": today - dt.timedelta(days=30 + 40 * (number % 5)),
    }[plan.profile]
    actual = {stages[i]: last_day - dt.timedelta(days=STEP_DAYS * (plan.last - i)) for i in range(plan.last + 1)}
    planned = {stage: day + dt.timedelta(days=10) for stage, day in actual.items()}
    if plan.profile in ("on_time", "overdue"):  # a stalled project's next stage is due by the benchmarks
        next_due = 60 if plan.profile == "on_time" else -40 - number % 25
        planned[stages[plan.last + 1]] = today + dt.timedelta(days=next_due)
    return (
        {s: d.isoformat() for s, d in planned.items()},
        {s: d.isoformat() for s, d in actual.items()},
    )


class _Maker:
    """Draws owners, places, names and figures from one random generator."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        chains = bundled_chains()
        free, single = node_plan(chains)
        self.nodes = {c.id: [n for n in leaf_nodes(c) if n in free] for c in chains}
        self.empty = [[n for n in leaf_nodes(c) if n not in free and n not in single] for c in chains]
        self.firms: dict[str, list[str]] = {}
        for row in constructed_register():  # a credit code's digits 3 to 8 are the county's code
            self.firms.setdefault(str(row[0])[2:8], []).append(str(row[1]))
        self.counties = list(ZONES)
        self.townships = {c: Townships.bundled().in_county(c) for c in ZONES}
        self.names: set[str] = set()

    def node(self, county: str, number: int) -> ChainNode:
        """Every third investment project on an empty node (a 补链 project), chain by chain; the others on the
        county's favourite chains."""
        if number % 3 == 0:
            lead, chains = number // 3, len(self.empty)
            nodes = self.empty[lead % chains]
            return nodes[lead // chains % len(nodes)]
        weights = COUNTIES[county]
        chain_id = self.random.choices(list(weights), list(weights.values()))[0]
        return self.random.choice(self.nodes[chain_id])

    def unique(self, name: str) -> str:
        while name in self.names:
            name = name.replace("项目", "二期项目", 1) if "项目" in name else name + "（二期）"
        self.names.add(name)
        return name

    def row(self, plan: Plan, number: int, today: dt.date) -> dict[str, object]:
        county = self.counties[number % len(self.counties)]
        owner = self.random.choice(self.firms[county])
        values: dict[str, object] = {
            "项目编号": code(number),
            "项目类型": KIND_NAMES[plan.kind],
            "所在县(市、区)": county,
            "备注": NOTE,
        }
        if plan.kind is Kind.PUBLIC:
            town = self.random.choice(self.townships[county][:6]).name
            values["项目名称"] = self.unique(town + self.random.choice(_PUBLIC_WORKS))
            values["总投资(亿元)"] = round(self.random.uniform(0.2, 3), 2)
        else:
            trade = owner.removesuffix("有限公司")
            values |= {"业主单位": owner, "所在园区": ZONES[county]}
            if plan.kind is Kind.UPGRADE:
                values["项目名称"] = self.unique(trade + self.random.choice(_UPGRADES))
                values["总投资(亿元)"] = round(self.random.uniform(0.3, 5), 2)
            else:
                node = self.node(county, number)
                values["项目名称"] = self.unique(f"{trade}{node.name}{self.random.choice(_INVESTMENTS)}")
                investment = round(self.random.lognormvariate(1.5, 0.8), 2)
                values |= {
                    "总投资(亿元)": investment,
                    "预计年产值(亿元)": round(investment * self.random.uniform(1.2, 2.5), 2),
                    "用地面积(亩)": round(self.random.uniform(20, 300)),
                    "产业链": node.chain_id,
                    "链环节": node.id,
                }
        if plan.profile == "stalled":
            values["滞后原因"] = self.random.choice(("用地", "资金", "审批", "水电气等配套"))
        planned, actual = _dates(plan, today, number)
        values |= {stage_header(s, PLANNED): d for s, d in planned.items()}
        values |= {stage_header(s, ACTUAL): d for s, d in actual.items()}
        return values


def code(number: int) -> str:
    """The 项目编号 of the constructed project `number` (from 0)."""
    return f"DEMO-{number + 1:03d}"


def constructed_projects(today: dt.date, seed: int = 26) -> Iterator[dict[str, object]]:
    """The rows (by header of :data:`HEADER`) of the constructed projects, standing as :func:`plans` says on `today`."""
    maker = _Maker(seed)
    for number, plan in enumerate(plans()):
        yield maker.row(plan, number, today)


@dataclass(frozen=True, slots=True)
class RequestPlan:
    """A service request on a constructed project (by 项目编号) and the steps it went through, each on its day."""

    project: str
    need: str
    department: str
    owner: str
    cause: str | None
    opened: dt.date
    due: dt.date
    steps: tuple[tuple[str, dt.date, str], ...] = ()  # (respond, resolve, confirm or reopen; day; text)


def constructed_requests(today: dt.date) -> list[RequestPlan]:
    """Requests on the overdue and stalled projects, in each state on `today`: open (one on time, one overdue),
    responded, resolved, confirmed, and one reopened by an unsatisfied enterprise (open again, overdue)."""
    behind = [code(n) for n, plan in enumerate(plans()) if plan.profile in ("overdue", "stalled")]
    day = functools.partial(_shifted, today)
    respond, resolve = ("respond", "已对接，正在协调办理"), ("resolve", "已办结，书面答复企业")
    return [
        RequestPlan(behind[0], "申请调剂新增建设用地指标", "自然资源和规划局", "李科长", "land", day(-3), day(20)),
        RequestPlan(behind[1], "双回路供电接入提前实施", "供电公司", "周主任", "utilities", day(-45), day(-10)),
        RequestPlan(behind[2], "环评审批并联办理", "生态环境分局", "王科长", "approvals", day(-30), day(15),
                    ((respond[0], day(-20), respond[1]),)),
        RequestPlan(behind[3], "协调产业扶持资金拨付", "经济和信息化局", "陈主任", "financing", day(-60), day(-30),
                    ((respond[0], day(-50), respond[1]), (resolve[0], day(-35), resolve[1]))),
        RequestPlan(behind[4], "施工图审查加快办理", "住房和城乡建设局", "赵科长", "design", day(-90), day(-60),
                    ((respond[0], day(-80), respond[1]), (resolve[0], day(-60), resolve[1]),
                     ("confirm", day(-55), "企业满意"))),
        RequestPlan(behind[5], "天然气管道接驳", "燃气公司", "孙经理", "utilities", day(-70), day(-5),
                    ((respond[0], day(-60), respond[1]), (resolve[0], day(-40), resolve[1]),
                     ("reopen", day(-30), "管道仍未接通，企业不满意"))),
    ]  # fmt: skip


def _shifted(today: dt.date, days: int) -> dt.date:
    return today + dt.timedelta(days=days)


def write_projects(path: Path, today: dt.date, seed: int = 26) -> None:
    """Write the constructed projects as a UTF-8 CSV in the import template's shape (and a 备注 column), atomically."""
    text = io.StringIO()
    writer = csv.DictWriter(text, HEADER)
    writer.writeheader()
    writer.writerows(constructed_projects(today, seed))
    write_atomically(path, text.getvalue().encode("utf-8"))


if __name__ == "__main__":
    write_projects(Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2]))
