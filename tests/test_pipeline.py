"""The extractor's readers: registered by name, run in the order data/pipeline.toml declares, each removable;
every stored claim names the rules that read it."""

from __future__ import annotations

import datetime
import re
import tomllib
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import select

from chainatlas import __version__
from chainatlas.domain import Fact
from chainatlas.ingest.document import read_document
from chainatlas.ingest.extract import extract_document
from chainatlas.ingest.pipeline import PipelineError, checked, declared, registered, rules_version, without
from chainatlas.store import tables
from chainatlas.store.ingest import ingest_paths
from chainatlas.store.session import Store

PAGE = "jiaxing-2026-07-p1.txt"  # names firms, clusters, figures, supply shares and project stages
DATE = datetime.date(2026, 7, 5)


def _kinds(facts: list[Fact]) -> Counter[str]:
    return Counter(f.KIND for f in facts)


def test_the_declared_order_is_the_data_file_and_every_registered_reader_runs() -> None:
    text = resources.files("chainatlas").joinpath("data", "pipeline.toml").read_text(encoding="utf-8")
    assert declared() == tuple(tomllib.loads(text)["readers"])
    assert set(declared()) == set(registered())
    assert all(component.reads for component in registered().values())


@pytest.mark.parametrize(
    ("names", "why"),
    [
        (["mentions", "spelling"], "no reader is called spelling"),
        (["mentions", "figures", "figures"], "reader figures is listed twice"),
        (["mentions", "rankings", "figures"], "reader rankings needs figures before it"),
        (["supply"], "reader supply needs mentions before it"),
    ],
)
def test_a_broken_pipeline_is_refused_with_its_reason(names: list[str], why: str) -> None:
    with pytest.raises(PipelineError, match=why):
        checked(names)
    with pytest.raises(PipelineError, match=why):
        extract_document(read_document(Path(__file__).parent / "data" / "news" / PAGE, DATE), readers=names)


def test_without_a_reader_its_dependants_go_too() -> None:
    assert without("figures") == tuple(r for r in declared() if r not in ("figures", "rankings"))
    assert without("mentions") == ()
    assert without("projects") == tuple(r for r in declared() if r != "projects")


def test_each_reader_adds_its_own_kind_of_fact(data: Path) -> None:
    document = read_document(data / "news" / PAGE, DATE)
    whole = _kinds(extract_document(document, judged=False))
    assert whole["supply"] and whole["indicator"] and whole["project"]
    for reader, kind in (("supply", "supply"), ("figures", "indicator")):
        less = _kinds(extract_document(document, judged=False, readers=without(reader)))
        assert less[kind] == 0, reader
        assert less["cluster"] == whole["cluster"] and less["article"] == whole["article"], reader
    no_names = _kinds(extract_document(document, judged=False, readers=()))
    assert set(no_names) == {"article"}  # the page's articles are read before any sentence


def test_stored_claims_name_the_rules_that_read_them(store: Store, data: Path) -> None:
    version = rules_version()
    assert re.fullmatch(re.escape(__version__) + r"\+[0-9a-f]{10}", version)
    ingest_paths(store, [data / "news" / PAGE], workers=1)
    with store.session() as session:
        versions = set(session.scalars(select(tables.Claim.method_version).distinct()))
    assert versions == {version}
