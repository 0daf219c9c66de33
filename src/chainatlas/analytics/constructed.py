"""A constructed county × industry statistics panel for the demo and its tests: made-up yearbook figures.

No figure is a statistic of any office: the output value of the manufacturing divisions (GB/T 4754) in Jiaxing's 7
counties is drawn around each county's leanings (海宁 and 桐乡 in textiles and chemical fibres, 海盐 in metal
products, 平湖 in general equipment and cars, …), so location quotients differ county by county, and grows at a
rate of its own per county and division, so that the specialisation quadrants (strength, opportunity, threat,
weakness) all occur between two years. The same seed gives the same panel.
`python -m chainatlas.analytics.constructed OUT.csv` writes it as a long table: 地区代码, 行业, 年份, 产值(元), 备注.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from chainatlas.output_files import write_atomically
from chainatlas.reference import load_industries

NOTE = "构造数据，非真实统计"
NAME = "嘉兴县域规上工业产值（构造）"  # the dataset's name in the store
METRIC, UNIT = "output_value", "CNY"
HEADER = ("地区代码", "行业", "年份", "产值(元)", "备注")
YEARS = range(2022, 2026)
DIVISIONS = ("17", "18", "26", "28", "29", "33", "34", "36", "38", "39", "40")
LEANINGS: dict[str, dict[str, float]] = {  # county code → (division → weight; others 1), and its size below
    "330402": {"39": 3, "36": 2, "38": 1.5},  # 南湖区
    "330411": {"39": 2.5, "17": 1.5, "38": 1.2},  # 秀洲区
    "330421": {"39": 3.5, "38": 2, "40": 1.5},  # 嘉善县
    "330424": {"33": 4, "34": 2, "38": 1.5},  # 海盐县
    "330481": {"17": 4, "18": 2.5, "28": 1.5},  # 海宁市
    "330482": {"34": 3.5, "36": 2.5, "39": 1.2},  # 平湖市
    "330483": {"28": 5, "17": 2.5, "29": 1.5},  # 桐乡市
}
SIZES = {"330402": 0.8, "330411": 1.0, "330421": 1.1, "330424": 0.7, "330481": 1.3, "330482": 1.4, "330483": 1.5}
SCALE = 6e9  # yuan: a division of weight 1 in a county of size 1


def constructed_panel(seed: int = 31) -> Iterator[tuple[str, str, int, float, str]]:
    """The rows (in the order of :data:`HEADER`): every county, division and year of :data:`YEARS`."""
    draw = random.Random(seed)
    names = {i.code: i.name for i in load_industries() if i.code in DIVISIONS}
    for county, leanings in LEANINGS.items():
        for division in DIVISIONS:
            base = SCALE * SIZES[county] * leanings.get(division, 1) * draw.uniform(0.7, 1.3)
            growth = draw.uniform(-0.08, 0.2)
            for step, year in enumerate(YEARS):
                yield county, names[division], year, round(base * (1 + growth) ** step, -4), NOTE


def write_panel(path: Path, seed: int = 31) -> None:
    """Write the constructed panel as a UTF-8 CSV, atomically."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerows(constructed_panel(seed))
    write_atomically(path, text.getvalue().encode("utf-8"))


if __name__ == "__main__":
    write_panel(Path(sys.argv[1]))
