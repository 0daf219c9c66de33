"""The small panel whose `chainatlas complexity` output (measures.csv, written by the code before the columnar
rewrite) every later version must reproduce. Run from the repository root: python make_panel.py panel.csv"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, "bench")
from complexity import panel

x = panel(40, 15, 2, seed=11)
regions = [f"r{i:02d}" for i in range(40)]
regions[3] = "=SUM(A1)"  # neutralised on output
regions[7] = " 4401 "  # stripped
activities = [f"C{j:02d}" for j in range(15)]
activities[2] = "10.5"
rng = np.random.default_rng(3)
lines = ["year,county,industry,value"]
for t, year in enumerate(("2021", "2020")):
    for i, r in enumerate(regions):
        for j, a in enumerate(activities):
            v = float(x[t, i, j])
            if v == 0 and rng.random() < 0.7:
                continue  # absent cells count as 0
            if rng.random() < 0.1:  # a repeated key, summed
                part = round(v / 3, 3)
                lines.append(f"{year},{r},{a},{part!r}")
                lines.append(f"{year},{r},{a},{v - part!r}")
            elif rng.random() < 0.05:
                lines.append(f"{year},{r},{a}, {v:.6e} ")
            else:
                lines.append(f"{year},{r},{a},{v!r}")
lines += ["2021,zz-empty,C00,0", "2021,zz-empty,C01,0.0", "2021,r01,C03,3e-07", "2020,r02,C04,250000000000000"]
lines += ["2020,r05,C05,1e-05", "2021,r09,C09,12345678901234.5"]
Path(sys.argv[1]).write_text("\n".join(lines) + "\n", encoding="utf-8")
