"""The extractor's readers, registered by name and run in a declared order (spaCy's component registry is the
model).

A reader is made once per document from the document's shared state and then reads each sentence in turn;
the readers of one sentence share a `Work` (what supply links took, which figures were read). The order
lives as data (`data/pipeline.toml`), each reader declares the readers it needs before it, and a pipeline
that breaks this is refused when it is built. `rules_version()` names the rules that made a claim: the
package version and a digest of the pipeline and every vocabulary list (with the deployment's overlay), so a
claim records which rules read it.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from chainatlas import __version__
from chainatlas.domain import IndicatorFact
from chainatlas.ingest import vocabulary
from chainatlas.ingest.context import Focus, Sentence
from chainatlas.ingest.describe import Describer
from chainatlas.ingest.figures import FigureReader
from chainatlas.ingest.mentions import MentionReader
from chainatlas.ingest.project_reader import ProjectReader
from chainatlas.ingest.state import DocumentState
from chainatlas.ingest.supply import SupplyReader


@dataclass(slots=True)
class Work:
    """One sentence as its readers pass it on: the characters supply links took and the figures read in it."""

    sentence: Sentence
    focus: Focus
    used: set[int] = field(default_factory=set)
    indicators: list[tuple[int, IndicatorFact]] = field(default_factory=list)


Step = Callable[[Work], None]
Factory = Callable[[DocumentState], Step]


@dataclass(frozen=True, slots=True)
class Component:
    """A registered reader: its name, what it reads, the readers it needs before it and how it is made."""

    name: str
    reads: str
    needs: tuple[str, ...]
    factory: Factory


class PipelineError(ValueError):
    """A pipeline that names an unknown reader, repeats one, or puts a reader before one it needs."""


_REGISTRY: dict[str, Component] = {}


def reader(name: str, reads: str, needs: tuple[str, ...] = ()) -> Callable[[Factory], Factory]:
    """Register the decorated factory as the reader `name`."""

    def register(factory: Factory) -> Factory:
        if name in _REGISTRY:
            raise PipelineError(f"reader {name} is registered twice")
        _REGISTRY[name] = Component(name, reads, needs, factory)
        return factory

    return register


def registered() -> dict[str, Component]:
    """Every registered reader by name."""
    return dict(_REGISTRY)


@cache
def declared() -> tuple[str, ...]:
    """The readers every sentence passes through, in order, as `data/pipeline.toml` declares them."""
    text = resources.files("chainatlas").joinpath("data", "pipeline.toml").read_text(encoding="utf-8")
    names = tomllib.loads(text)["readers"]
    return checked(names)


def checked(names: Sequence[str]) -> tuple[str, ...]:
    """`names` as a pipeline, once each is known, listed once and after every reader it needs."""
    seen: set[str] = set()
    for name in names:
        component = _REGISTRY.get(name)
        if component is None:
            raise PipelineError(f"no reader is called {name} (known: {', '.join(sorted(_REGISTRY))})")
        if name in seen:
            raise PipelineError(f"reader {name} is listed twice")
        missing = [need for need in component.needs if need not in seen]
        if missing:
            raise PipelineError(f"reader {name} needs {', '.join(missing)} before it")
        seen.add(name)
    return tuple(names)


def without(name: str, names: Sequence[str] | None = None) -> tuple[str, ...]:
    """The pipeline less reader `name` and every reader that needs it (directly or through another)."""
    dropped = {name}
    kept = []
    for other in names or declared():
        if dropped.intersection(_REGISTRY[other].needs):
            dropped.add(other)
        elif other not in dropped:
            kept.append(other)
    return tuple(kept)


def build(state: DocumentState, names: Sequence[str] | None = None) -> list[tuple[str, Step]]:
    """Each reader of the pipeline made for one document, in order."""
    return [(name, _REGISTRY[name].factory(state)) for name in (declared() if names is None else checked(names))]


@cache
def rules_version() -> str:
    """The package version and a digest of the pipeline and every vocabulary list with its overlay
    (`1.2.0+3f9a0c1d2e`)."""
    digest = hashlib.sha256(resources.files("chainatlas").joinpath("data", "pipeline.toml").read_bytes())
    for name in vocabulary.names():
        for _, text in vocabulary.texts(name):
            digest.update(f"{name}\n{text}".encode())
    return f"{__version__}+{digest.hexdigest()[:10]}"


@reader("mentions", "names of firms, clusters, platforms, projects and places")
def _mentions(state: DocumentState) -> Step:
    mentions = MentionReader(state)
    return lambda work: mentions.find_mentions(work.sentence)


@reader("clusters", "a cluster's level, recognition year, region and products", needs=("mentions",))
def _clusters(state: DocumentState) -> Step:
    describer = Describer(state)
    return lambda work: describer.describe_clusters(work.sentence, work.focus)


@reader("firms", "a firm's role, region and products", needs=("mentions",))
def _firms(state: DocumentState) -> Step:
    describer = Describer(state)
    return lambda work: describer.describe_firms(work.sentence, work.focus)


@reader("platforms", "a platform's type and region", needs=("mentions",))
def _platforms(state: DocumentState) -> Step:
    describer = Describer(state)
    return lambda work: describer.describe_platforms(work.sentence)


@reader("supply", "who supplies whom with what, and shares of supply", needs=("mentions",))
def _supply(state: DocumentState) -> Step:
    supply = SupplyReader(state)

    def read(work: Work) -> None:
        work.used |= supply.read_supply(work.sentence, work.focus)

    return read


@reader("figures", "indicators: output, firms, investment, patents, standards …", needs=("mentions",))
def _figures(state: DocumentState) -> Step:
    figures = FigureReader(state)

    def read(work: Work) -> None:
        work.indicators += figures.read_figures(work.sentence, work.focus, work.used)

    return read


@reader("rankings", "ranks and lists a subject is placed in", needs=("figures",))
def _rankings(state: DocumentState) -> Step:
    figures = FigureReader(state)
    return lambda work: figures.read_rankings(work.sentence, work.focus, work.indicators)


@reader("projects", "projects, their owners, stages and dates", needs=("mentions",))
def _projects(state: DocumentState) -> Step:
    projects = ProjectReader(state)
    return lambda work: projects.read_projects(work.sentence, work.focus)
