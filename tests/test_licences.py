"""Every runtime dependency is under a licence an Apache-2.0 project may use: no GPL or AGPL."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
# Strong copyleft: GPL and AGPL in any spelling; LGPL (psycopg, linked as a library) is allowed.
COPYLEFT = re.compile(r"(?<!L)(?:A?GPL|(?<!Lesser )General Public License)|Affero", re.IGNORECASE)


def licence_of(name: str) -> str:
    """What a distribution declares: its SPDX expression, licence field and licence classifiers."""
    meta = importlib.metadata.metadata(name)
    classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License")]
    return " ".join(filter(None, [meta.get("License-Expression"), meta.get("License"), *classifiers]))


def test_runtime_dependencies_are_pinned_and_not_copyleft() -> None:
    requirements = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    assert requirements and all("==" in r for r in requirements)
    for requirement in requirements:
        name = re.split(r"[\[=<>]", requirement)[0]
        licence = licence_of(name)
        assert licence, f"{name} declares no licence"
        assert not COPYLEFT.search(licence), f"{name}: {licence}"


def test_the_copyleft_check_reads_licences_as_meant() -> None:
    assert COPYLEFT.search("GPL-3.0-or-later") and COPYLEFT.search("AGPL-3.0")
    assert COPYLEFT.search("License :: OSI Approved :: GNU General Public License v3 (GPLv3)")
    assert not COPYLEFT.search("LGPL-3.0-only")
    assert not COPYLEFT.search("GNU Lesser General Public License v3 (LGPLv3)")
    assert not COPYLEFT.search("MIT BSD-3-Clause Apache License 2.0")
