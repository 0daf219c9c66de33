"""Entity resolution across documents: which stored entity a written name denotes, and why.

The rules, in the order they are tried (the first that gives one entity wins):

1. **User decisions.** A `must_link` between the name (folded) and an alias of an
   entity gives that entity (`user_link`); a `cannot_link` removes every entity
   holding an alias so linked from the candidates of all later rules.
2. **Same name.** An entity of a wanted type with an alias of the same normalised
   name (`normalise`: script folded t2s, legal forms and leading places dropped): the
   same alias (`alias`), the same alias in the other script (`script`), the short
   form of a full name or another full form (`normalised`), or a branch of it (`branch`).
3. **In-document prefix.** An enterprise, cluster or other entity already named in
   this document whose normalised name starts with this one or the other way round
   (`document_prefix`); not platforms (a park inside its zone) nor projects (a phase).
4. **Short name across documents** (enterprises only): a normalised name that is a
   prefix of a stored one, or the other way round, the shorter at least 3 characters,
   when exactly one entity matches (`prefix`; `branch` when either is a …分公司).
   A branch is recorded as the same entity as its parent: in the atlas a branch's
   figures are its firm's presence in the city, and a user can split it off.

Region guard (rules 2 to 4): two names written with different places (嘉兴恒锋工具
vs 海盐恒锋工具) are two registrations and never merge, unless one place is a
province that holds the other; an entity whose region is known and unrelated to the
name's (neither holds the other) is no candidate either. When rule 2 leaves several
entities, the one with the same written alias, then one already named in this
document, then one in the same region is taken; still several is ambiguous and
gives a new entity. Every lookup goes through an index (normalised name, stem,
decision sides, alias entity); nothing scans a table per fact. The lookups are made
through `lookups.Lookups`, once per document: `Resolver.prefetch` fetches what a
document's names need in a few queries before its facts are stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache

from sqlalchemy.orm import Session

from chainatlas import reference
from chainatlas.store import tables
from chainatlas.store.batches import batches
from chainatlas.store.lookups import Lookups, StoredAlias
from chainatlas.store.names import fold, is_branch, normalise, stem, written_place

MIN_SHORT_NAME = 3  # characters a short name needs to match a longer one across documents
PREFIX_TYPES = frozenset({"enterprise"})
# In-document prefixes: not for platforms (a park inside its zone) nor projects (a phase of one).
DOCUMENT_PREFIX_TYPES = frozenset({"enterprise", "cluster", "other"})
MUST_LINK = "must_link"
CANNOT_LINK = "cannot_link"
RESOLVER = "resolver"


@dataclass(frozen=True, slots=True)
class Match:
    """The entity a name resolved to (None: a new one), the rule, and the alias it matched."""

    entity: tables.Entity | None
    rule: str
    matched: str | None = None
    note: str | None = None


@cache
def _parents() -> dict[str, str | None]:
    return {r.code: r.parent_code for r in reference.load_regions() if r.parent_code != r.code}


def holds(outer: str, inner: str) -> bool:
    """True when region `outer` is `inner` or one of its ancestors."""
    code: str | None = inner
    while code is not None:
        if code == outer:
            return True
        code = _parents().get(code)
    return False


def places_clash(a: str | None, b: str | None) -> bool:
    """True when two written places mark two registrations: both given, different, no province holding the other."""
    if a is None or b is None or a == b:
        return False
    province = (a.endswith("0000") and holds(a, b)) or (b.endswith("0000") and holds(b, a))
    return not province


def regions_clash(a: str | None, b: str | None) -> bool:
    """True when two known regions are unrelated (neither holds the other)."""
    return a is not None and b is not None and not (holds(a, b) or holds(b, a))


def pair(a: str, b: str) -> tuple[str, str]:
    """A decision's sides in stored order."""
    return (a, b) if a <= b else (b, a)


def _rule(name: str, alias: str) -> str:
    if is_branch(name) != is_branch(alias):
        return "branch"
    if fold(name) == fold(alias):
        return "alias" if "".join(name.split()) == "".join(alias.split()) else "script"
    return "normalised"


class Resolver:
    """Resolves written names to stored entities within one session (one document at a time)."""

    def __init__(self, session: Session) -> None:
        self.lookups = Lookups(session, PREFIX_TYPES)

    def prefetch(self, names: Iterable[str]) -> None:
        """Fetch at once what resolving `names` will look up: decisions, aliases and their entities, a batch of
        names per query (PostgreSQL binds at most 65,535 parameters to one)."""
        for batch in batches(sorted(set(names))):
            self._prefetch(set(batch))

    def _prefetch(self, names: set[str]) -> None:
        self.lookups.decisions({fold(n) for n in names})
        keys = {normalise(n) for n in names}
        short = {k for k in keys if len(k) >= MIN_SHORT_NAME}
        self.lookups.load(keys, {stem(k) for k in short})
        found = self.lookups.same_key(keys) + [a for k in short for a in self._prefixed(k, PREFIX_TYPES)]
        ids = {a.entity_id for a in found}
        self.lookups.held(ids)
        self.lookups.entities(ids)

    def decisions(self, name: str, aliases: Sequence[str] = ()) -> tuple[set[str], set[str]]:
        """(forms that must link, forms that cannot link) with a name written with `aliases`.

        A cannot-link with the name itself also counts against its own aliases: the
        user's split wins over the extractor's grouping.
        """
        primary = fold(name)
        forms = {primary, *map(fold, aliases)}
        must: set[str] = set()
        cannot: set[str] = set()
        for kind, left, right in self.lookups.decisions(forms):
            sides = {left, right}
            if kind == MUST_LINK:
                must |= sides - forms
            else:
                cannot |= sides - {primary} if primary in sides else sides - forms
        return must, cannot

    def forbidden(self, entity_id: int, name: str) -> bool:
        """True when a user decided `name` is not the entity (a cannot-link with one of its aliases)."""
        _, cannot = self.decisions(name)
        return bool(cannot) and any(fold(a.alias) in cannot for a in self.lookups.held([entity_id])[entity_id])

    def _candidates(
        self,
        aliases: Sequence[StoredAlias],
        types: Sequence[str],
        cannot: set[str],
        place: str | None,
        region: str | None,
        forms: AbstractSet[str] = frozenset(),
    ) -> dict[int, StoredAlias]:
        """The entities the guards leave, by id, each with its alias matched (the same written form first)."""
        matched: dict[int, StoredAlias] = {}
        for a in aliases:
            first = matched.get(a.entity_id)
            if a.entity_type in types and (
                first is None or (fold(a.alias) in forms and fold(first.alias) not in forms)
            ):
                matched[a.entity_id] = a
        everything = self.lookups.held(matched)
        return {
            entity_id: alias
            for entity_id, alias in matched.items()
            if self._allowed(entity_id, everything[entity_id], cannot, place, region)
        }

    def _allowed(
        self,
        entity_id: int,
        held: Sequence[StoredAlias],
        cannot: AbstractSet[str],
        place: str | None,
        region: str | None,
    ) -> bool:
        """False when a user decision, the written places or the regions keep a name off the entity."""
        if any(fold(a.alias) in cannot for a in held):
            return False
        written = {a.place_code for a in held if a.place_code}
        if place and written and all(places_clash(place, w) for w in written):
            return False
        return not regions_clash(region, self.lookups.entity(entity_id).region_code)

    def resolve(
        self,
        name: str,
        types: Sequence[str],
        aliases: Sequence[str] = (),
        region: str | None = None,
        local: Sequence[tables.Entity] = (),
    ) -> Match:
        """The entity of one of `types` that `name` (written with `aliases`, in `region`) denotes."""
        must, cannot = self.decisions(name, aliases)
        names = [name, *(a for a in aliases if fold(a) not in cannot)]
        forms = {fold(n) for n in names}
        keys = {normalise(n) for n in names}
        place = next((p for n in names if (p := written_place(n))), None)
        if must:
            for alias in self.lookups.same_key({normalise(f) for f in must}):
                if fold(alias.alias) in must:
                    return Match(self.lookups.entity(alias.entity_id), "user_link", alias.alias)

        same = [a for a in self.lookups.same_key(keys) if a.entity_type in types]
        found = self._candidates(same, types, cannot, place, region, forms)
        for kind in types:  # a bare subject tries clusters first, then enterprises, …
            of_kind = {i: a for i, a in found.items() if a.entity_type == kind}
            if of_kind:
                return self._pick(name, of_kind, forms, local, region)

        key = normalise(name)
        near = {
            e.id: e
            for e in local
            if e.type in types and e.type in DOCUMENT_PREFIX_TYPES and _prefix_related(normalise(e.name), key)
        }
        held = self.lookups.held(near)
        near = {i: e for i, e in near.items() if self._allowed(i, held[i], cannot, place, region)}
        if len(near) == 1:
            entity = next(iter(near.values()))
            return Match(entity, "document_prefix", entity.name)
        return self._short_name(name, key, [t for t in types if t in PREFIX_TYPES], cannot, place, region)

    def _pick(
        self,
        name: str,
        found: dict[int, StoredAlias],
        forms: set[str],
        local: Sequence[tables.Entity],
        region: str | None,
    ) -> Match:
        """One of several entities with the same normalised name, or None when it stays ambiguous."""
        here = {e.id for e in local}

        def narrowings(i: int, a: StoredAlias) -> tuple[bool, bool, bool]:
            same_region = region is not None and self.lookups.entity(i).region_code == region
            return fold(a.alias) in forms, i in here, same_region

        choice = found
        for step in range(3):
            if len(choice) == 1:
                break
            choice = {i: a for i, a in choice.items() if narrowings(i, a)[step]} or choice
        if len(choice) > 1:
            return Match(None, "new", note=f"ambiguous: entities {sorted(choice)}")
        entity_id, alias = next(iter(choice.items()))
        return Match(self.lookups.entity(entity_id), _rule(name, alias.alias), alias.alias)

    def _short_name(
        self, name: str, key: str, types: Sequence[str], cannot: set[str], place: str | None, region: str | None
    ) -> Match:
        if not types or len(key) < MIN_SHORT_NAME:
            return Match(None, "new")
        found = self._candidates(self._prefixed(key, types), types, cannot, place, region)
        if len(found) != 1:
            note = f"ambiguous: entities {sorted(found)}" if found else None
            return Match(None, "new", note=note)
        entity_id, alias = next(iter(found.items()))
        rule = "branch" if is_branch(name) or is_branch(alias.alias) else "prefix"
        return Match(self.lookups.entity(entity_id), rule, alias.alias)

    def _prefixed(self, key: str, types: Iterable[str]) -> list[StoredAlias]:
        """The aliases of `types` whose normalised name is a longer or shorter form of `key`."""
        return [
            a
            for a in self.lookups.same_stem(stem(key))
            if a.entity_type in types
            and a.normalised != key
            and (a.normalised.startswith(key) or key.startswith(a.normalised))
            and len(a.normalised) >= MIN_SHORT_NAME
        ]


def _prefix_related(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= 2 and (a.startswith(b) or b.startswith(a))

