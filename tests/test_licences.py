"""Every dependency is pinned with hashes in requirements.lock, and under a licence an Apache-2.0 project may use."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.lock"
_LOCKED = re.compile(r"^([A-Za-z0-9._-]+)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)
# Strong copyleft: GPL and AGPL in any spelling; LGPL (psycopg, linked as a library) is allowed.
COPYLEFT = re.compile(r"(?<!L)(?:A?GPL|(?<!Lesser )General Public License)|Affero", re.IGNORECASE)


def declared(expression: str | None, field: str | None, classifiers: list[str]) -> str:
    """The licence a distribution declares: its SPDX expression, licence field and licence classifiers.

    A licence field of several lines is the package's whole licence file, with the notices of what its
    wheels bundle (scipy's carries libgfortran's GPL-3.0-or-later WITH GCC-exception-3.1, the runtime
    exception that lets any program link it): only its first line, the package's own, is a declaration.
    """
    first = (field or "").strip().splitlines()[:1]
    own = field if field and "\n" not in field.strip() else " ".join(first)
    return " ".join(filter(None, [expression, own, *(c for c in classifiers if c.startswith("License"))]))


def licence_of(name: str) -> str:
    meta = importlib.metadata.metadata(name)
    return declared(meta.get("License-Expression"), meta.get("License"), meta.get_all("Classifier") or [])


def test_runtime_dependencies_are_pinned_and_not_copyleft() -> None:
    requirements = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    assert requirements and all("==" in r for r in requirements)
    for requirement in requirements:
        name = re.split(r"[\[=<>]", requirement)[0]
        licence = licence_of(name)
        assert licence, f"{name} declares no licence"
        assert not COPYLEFT.search(licence), f"{name}: {licence}"


def _declared_pins() -> dict[str, str]:
    """Every `name==version` of pyproject.toml: runtime dependencies and every extra, names normalised."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    pins = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    return {_normal(re.split(r"[\[=]", r)[0]): r.split("==")[1] for r in pins}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, str]:
    return {_normal(name): version for name, version, _hashes in _LOCKED.findall(LOCK.read_text(encoding="utf-8"))}


def test_the_lock_pins_every_package_with_its_hashes_and_agrees_with_pyproject() -> None:
    text = LOCK.read_text(encoding="utf-8")
    requirements = [line for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    locked = _locked()
    assert len(requirements) == len(locked) > 50  # every requirement line is `name==version` with its hashes
    assert all(locked.get(name) == version for name, version in _declared_pins().items()), "run scripts/lock"


def test_every_locked_package_is_installed_at_its_version_and_not_copyleft() -> None:
    for name, version in _locked().items():
        assert importlib.metadata.version(name) == version, f"{name}: run scripts/setup"
        licence = licence_of(name)
        assert not COPYLEFT.search(licence), f"{name}: {licence}"


def test_the_copyleft_check_reads_licences_as_meant() -> None:
    assert COPYLEFT.search("GPL-3.0-or-later") and COPYLEFT.search("AGPL-3.0")
    assert COPYLEFT.search("License :: OSI Approved :: GNU General Public License v3 (GPLv3)")
    assert not COPYLEFT.search("LGPL-3.0-only")
    assert not COPYLEFT.search("GNU Lesser General Public License v3 (LGPLv3)")
    assert not COPYLEFT.search("MIT BSD-3-Clause Apache License 2.0")


def test_a_bundled_runtime_notice_in_a_licence_file_is_not_the_declaration() -> None:
    whole_file = "Copyright (c) SciPy Developers.\n All rights reserved.\n License: GPL-3.0-or-later WITH GCC-exception"
    assert not COPYLEFT.search(declared(None, whole_file, ["License :: OSI Approved :: BSD License"]))
    assert COPYLEFT.search(declared(None, "GPL-3.0-only", []))
    assert COPYLEFT.search(declared(None, "GNU General Public License v3\nfull text follows", []))
