"""A small chain with known answers, shared by the chain tests."""

from __future__ import annotations

MINI = """
id = "mini"
name = "迷你链"
description = "零部件到整机。"

[[node]]
id = "parts"
name = "零部件"
stage = "upstream"
keywords = ["零部件"]
industries = ["345"]
feeds = ["assembly"]

[[node]]
id = "bearing"
name = "轴承"
parent = "parts"
products = ["薄壁轴承"]
keywords = ["轴承"]
industries = ["3451"]

[[node]]
id = "gear"
name = "减速器"
parent = "parts"
products = ["谐波减速器"]
keywords = ["减速器"]
industries = ["3453"]

[[node]]
id = "motor"
name = "电机"
parent = "parts"
products = ["伺服电机"]
industries = ["3813"]

[[node]]
id = "assembly"
name = "整机"
stage = "downstream"
products = ["机器人整机"]
industries = ["3491"]

[[node]]
id = "arm"
name = "机械臂"
parent = "assembly"
products = ["机械臂"]
industries = ["3491"]
"""
