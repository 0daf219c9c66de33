"""Chain templates as data: TOML files, one per chain, validated when they are read.

The schema is documented in `data/chains/README.md`. Every problem is refused with a
`ChainTemplateError` naming the file, the node (its id, or `#n` when it has none) and
the reason. The bundled chains live in `chainatlas/data/chains` and are read once.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from chainatlas.chains.model import (
    Chain,
    ChainLookupError,
    ChainNode,
    ChainStage,
    ChainTemplateError,
    normal_term,
)
from chainatlas.i18n import _, listing
from chainatlas.reference import load_industries
from chainatlas.suggest import did_you_mean, quoted

CHAIN_KEYS = ("id", "name", "description", "aliases", "node")
NODE_KEYS = ("id", "name", "stage", "parent", "products", "keywords", "industries", "feeds")
MAX_DEPTH = 3
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STAGE_VALUES = tuple(s.value for s in ChainStage)
_STAGES = " | ".join(_STAGE_VALUES)


@cache
def _industry_codes() -> frozenset[str]:
    """Division, group and class codes (2–4 digits) of the bundled GB/T 4754-2017 table."""
    return frozenset(i.code for i in load_industries() if i.level != "section")


@dataclass(frozen=True, slots=True)
class _RawNode:
    """A node's fields as read, before parents and feeds are resolved."""

    index: int  # 1-based position in the file
    id: str
    name: str
    stage: str | None
    parent: str | None
    products: tuple[str, ...]
    keywords: tuple[str, ...]
    industries: tuple[str, ...]
    feeds: tuple[str, ...]


class _Reader:
    """Reads one file's TOML tables, raising ChainTemplateError with the file's name."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, node: str | None, reason: str) -> ChainTemplateError:
        return ChainTemplateError(self.source, node, reason)

    def keys(self, node: str | None, table: dict[str, Any], allowed: tuple[str, ...]) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(node, f"unknown key {key!r} (allowed: {', '.join(allowed)})")

    def optional(self, node: str | None, table: dict[str, Any], key: str) -> str | None:
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise self.fail(node, f"{key!r} must be a non-empty string, got {value!r}")
        return None if value is None else value.strip()

    def text(self, node: str | None, table: dict[str, Any], key: str) -> str:
        value = self.optional(node, table, key)
        if value is None:
            raise self.fail(node, f"missing field {key!r}")
        return value

    def ident(self, node: str | None, table: dict[str, Any]) -> str:
        ident = self.text(node, table, "id")
        if not _ID.fullmatch(ident):
            raise self.fail(node, f"id {ident!r} must be lowercase letters and digits joined by hyphens")
        return ident

    def words(self, node: str | None, table: dict[str, Any], key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list):
            raise self.fail(node, f"{key!r} must be a list of strings, got {value!r}")
        words: list[str] = []
        for word in value:
            if not isinstance(word, str) or not word.strip():
                raise self.fail(node, f"{key!r} holds {word!r}, not a non-empty string")
            if word.strip() in words:
                raise self.fail(node, f"{key!r} lists {word!r} twice")
            words.append(word.strip())
        return tuple(words)

    def industries(self, node: str, table: dict[str, Any]) -> tuple[str, ...]:
        if "industries" not in table:
            raise self.fail(node, "missing field 'industries'")
        for code in table["industries"] if isinstance(table["industries"], list) else ():
            if isinstance(code, int):
                raise self.fail(node, f'industry codes are strings such as "3491", got {code!r}')
        codes = self.words(node, table, "industries")
        if not codes:
            raise self.fail(node, "'industries' needs at least one GB/T 4754-2017 code")
        for code in codes:
            if code not in _industry_codes():
                raise self.fail(node, f"unknown industry code {code!r} (not in GB/T 4754-2017)")
        return codes

    def node(self, index: int, table: dict[str, Any]) -> _RawNode:
        label = table["id"] if isinstance(table.get("id"), str) and table["id"].strip() else f"#{index}"
        self.keys(label, table, NODE_KEYS)
        node_id = self.ident(label, table)
        stage = self.optional(node_id, table, "stage")
        if stage is not None and stage not in _STAGE_VALUES:
            raise self.fail(node_id, f"bad stage {stage!r} (allowed: {_STAGES})")
        return _RawNode(
            index, node_id, self.text(node_id, table, "name"), stage, self.optional(node_id, table, "parent"),
            self.words(node_id, table, "products"), self.words(node_id, table, "keywords"),
            self.industries(node_id, table), self.words(node_id, table, "feeds"),
        )


def parse_chain(text: str, source: str) -> Chain:
    """A chain from the text of a TOML chain file; `source` names the file in errors."""
    reader = _Reader(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise reader.fail(None, f"not valid TOML: {e}") from e
    reader.keys(None, data, CHAIN_KEYS)
    chain_id = reader.ident(None, data)
    name, description = reader.text(None, data, "name"), reader.text(None, data, "description")
    aliases = reader.words(None, data, "aliases")
    tables = data.get("node")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise reader.fail(None, "a chain needs its nodes as an array of tables: [[node]] …")
    raws: dict[str, _RawNode] = {}
    for index, table in enumerate(tables, start=1):
        raw = reader.node(index, table)
        if raw.id in raws:
            raise reader.fail(raw.id, f"duplicate id (node #{raws[raw.id].index} has it too)")
        raws[raw.id] = raw
    nodes = _resolve(reader, chain_id, raws)
    chain = Chain(chain_id, name, description, aliases, nodes)
    for node in nodes:
        cycle = chain.feeds_cycle(node.id)
        if cycle is not None:
            raise reader.fail(node.id, f"feeds lead back to it: {' → '.join(cycle)}")
    return chain


def _lineage(reader: _Reader, node_id: str, raws: dict[str, _RawNode]) -> list[str]:
    """The node's id, its parent's, and so on up to the top; refuses unknown parents and cycles."""
    path = [node_id]
    while (parent := raws[path[-1]].parent) is not None:
        if parent not in raws:
            raise reader.fail(path[-1], f"unknown parent {parent!r}")
        if parent in path:
            raise reader.fail(node_id, f"parent cycle: {' → '.join([*path, parent])}")
        path.append(parent)
    return path


def _resolve(reader: _Reader, chain_id: str, raws: dict[str, _RawNode]) -> tuple[ChainNode, ...]:
    """Nodes with their depth and stage, once parents, feeds, leaves and terms are checked."""
    lineages = {node_id: _lineage(reader, node_id, raws) for node_id in raws}
    parents = {raw.parent for raw in raws.values()}
    owners: dict[str, str] = {}  # normalised term → node id
    nodes = []
    for node_id, raw in raws.items():
        lineage = lineages[node_id]
        if len(lineage) > MAX_DEPTH:
            path = " → ".join(reversed(lineage))
            raise reader.fail(node_id, f"depth {len(lineage)} exceeds {MAX_DEPTH} levels ({path})")
        for target in raw.feeds:
            if target not in raws:
                raise reader.fail(node_id, f"feeds unknown node {target!r}")
            if target in lineage or node_id in lineages[target]:
                raise reader.fail(node_id, f"feeds {target!r}, its own ancestor, descendant or itself")
        if node_id not in parents and not raw.products and not raw.keywords:
            raise reader.fail(node_id, "a leaf node needs products or keywords")
        for term in raw.products + raw.keywords:
            owner = owners.setdefault(normal_term(term), node_id)
            if owner != node_id:
                raise reader.fail(node_id, f"term {term!r} is already on node {owner!r}")
        stage = _stage(reader, node_id, lineage, raws)
        nodes.append(
            ChainNode(
                chain_id, node_id, raw.name, stage, raw.parent, raw.products,
                raw.keywords, raw.industries, raw.feeds, len(lineage),
            )
        )
    return tuple(nodes)


def _stage(reader: _Reader, node_id: str, lineage: list[str], raws: dict[str, _RawNode]) -> ChainStage:
    """The stage of the top-level ancestor; a child may repeat it but not differ from it."""
    top = raws[lineage[-1]]
    if top.stage is None:
        raise reader.fail(top.id, f"missing field 'stage' (a top-level node needs one: {_STAGES})")
    own = raws[node_id].stage
    if own is not None and own != top.stage:
        raise reader.fail(node_id, f"stage {own!r} differs from {top.stage!r} of its top-level node {top.id!r}")
    return ChainStage(top.stage)


def load_chain(path: str | os.PathLike[str]) -> Chain:
    """The chain in a TOML file, validated; ChainTemplateError if the file is malformed."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ChainTemplateError(str(file), None, f"not UTF-8 text: {e}") from e
    return parse_chain(text, str(file))


@cache
def _bundled() -> tuple[Chain, ...]:
    folder = resources.files("chainatlas").joinpath("data", "chains")
    chains: list[Chain] = []
    names: dict[str, tuple[str, str]] = {}  # id, name or alias → (chain id, file)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        chain = parse_chain(entry.read_text(encoding="utf-8"), str(entry))
        for label in (chain.id, chain.name, *chain.aliases):
            other, other_file = names.setdefault(label, (chain.id, str(entry)))
            if other != chain.id:
                raise ChainTemplateError(str(entry), None, f"{label!r} already names chain {other!r} ({other_file})")
        chains.append(chain)
    return tuple(chains)


def bundled_chains() -> list[Chain]:
    """The chains shipped in `chainatlas/data/chains`, in file-name order, read once."""
    return list(_bundled())


def chain(id_or_name: str) -> Chain:
    """The bundled chain with this id, name or alias; ChainLookupError if none has it."""
    key = id_or_name.strip()
    for candidate in _bundled():
        if key.lower() == candidate.id or key in (candidate.name, *candidate.aliases):
            return candidate
    known = _("（已有：{ids}）").format(ids=listing(c.id for c in _bundled()))
    names = [n for c in _bundled() for n in (c.id, c.name, *c.aliases)]
    unknown = _("没有产业链{name}").format(name=quoted(id_or_name))
    raise ChainLookupError(unknown + did_you_mean(id_or_name, names) + known)


def activity_name(activity: str) -> str:
    """A coverage panel's `chain/node` as the node's name; a dataset's activity code as written."""
    chain_id, _slash, node_id = activity.partition("/")
    try:
        return chain(chain_id).node(node_id).name if node_id else activity
    except ChainLookupError:
        return activity
