"""Finding and registering the names of a sentence: the outermost become its mentions."""

from __future__ import annotations

import re

from chainatlas.domain import PlatformType
from chainatlas.ingest import names
from chainatlas.ingest.context import Mention, Sentence
from chainatlas.ingest.entities import Entity
from chainatlas.ingest.state import Reader

_LATIN_AFTER = re.compile(r"\s*[(（]([A-Za-z][A-Za-z0-9 .&'\-]{1,40})[)）]")
_FINDERS = (
    names.find_clusters, names.find_legal_firms, names.find_platforms, names.find_projects,
    names.find_listed_firms, names.find_context_firms, names.find_chains, names.find_listed_projects,
)


# Words that name kinds, levels and ranks of clusters rather than one cluster.
_LIST_WORDS = re.compile(
    "先进制造业|中小工业企业|中小企业|特色|重点|成长型|世界级|百强|创新型|民营经济|战略性新兴|"
    "国家级|省级|市级|县域|中国|全国|产业|集群"
)


class MentionReader(Reader):
    """Registers every name in a sentence and the places it names."""

    def find_mentions(self, sentence: Sentence) -> None:
        """Register every name in the sentence; keep the outermost as its mentions."""
        text = sentence.text
        found: list[tuple[int, int, str, str, PlatformType | None]] = []
        for finder in _FINDERS:
            found += [(n.start, n.end, n.kind, n.text, n.platform_type) for n in finder(text)]
        for alias, entity in list(self.registry.aliases.items()):
            at = text.find(alias)
            while at >= 0:
                found.append((at, at + len(alias), entity.kind, alias, entity.platform_type))
                at = text.find(alias, at + len(alias))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        kept: list[Mention] = []
        for start, end, kind, surface, platform_type in found:
            if kind == "cluster" and self.list_name(surface):
                continue  # a list's own name (浙江省中小企业特色产业集群, 世界级产业集群) is no cluster
            if kind == "firm_project":  # 引进了北星、璞泰来等项目: the firm, and its project named after it
                firm = self.registry.add("enterprise", surface, sentence.span(start, end))
                self.remember_aliases(firm, "enterprise", surface)
                entity = self.registry.add("project", surface, sentence.span(start, end))
                entity.owner = firm
            else:
                entity = self.registry.add(kind, surface, sentence.span(start, end), platform_type)
                self.remember_aliases(entity, kind, surface)
            outer = next((m for m in kept if m.start <= start and end <= m.end), None)
            if outer is not None:
                if kind == "enterprise" and outer.entity.kind == "project" and outer.entity.owner is None:
                    outer.entity.owner = entity
                sentence.inner.append(Mention(entity, start, end))
                continue
            if any(m.start < end and start < m.end for m in kept):
                continue
            kept.append(Mention(entity, start, end))
        sentence.mentions = kept
        self.foreign_names(sentence)
        places = self.gazetteer.find(text, self.city)
        self.state.counties.update(p.place.code for p in places if p.place.level == "county")
        sentence.places = [p for p in places if not any(m.start <= p.start and p.end <= m.end for m in kept)]

    def list_name(self, surface: str) -> bool:
        """Whether a would-be cluster name is a kind of cluster, a list's or a title's (湖南省先进制造业集群,
        省级安全应急产业特色集群, 中国百强产业集群): nothing but a place and words of kind, level and rank."""
        core = _LIST_WORDS.sub("", "".join(surface.split()))
        return not core or bool(self.gazetteer.lookup(self.registry.key("cluster", core), self.city))

    def foreign_names(self, sentence: Sentence) -> None:
        """安波福(Aptiv): the name in Latin letters after a firm's Chinese name is another of its names."""
        for mention in sentence.of_kind("enterprise"):
            latin = _LATIN_AFTER.match(sentence.text, mention.end)
            if latin:
                entity, name = mention.entity, latin.group(1).strip()
                entity.surfaces[name] += 1
                entity.spans.setdefault(name, sentence.span(latin.start(1), latin.end(1)))
                self.registry.aliases.setdefault(name, entity)

    def remember_aliases(self, entity: Entity, kind: str, surface: str) -> None:
        if kind != "enterprise":
            return
        self.registry.aliases.setdefault(surface, entity)
        for alias in names.firm_aliases(surface, self.registry.strip_region):
            self.registry.aliases.setdefault(alias, entity)
