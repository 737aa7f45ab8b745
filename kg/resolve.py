"""Entity resolution: every spelling of one entity becomes one Entity; every paper gets its Links.

- Gazetteer names resolve to their canonical record (LLaMa, Llama, LLaMA -> LLaMA).
- A discovered name whose normalised form is a known surface joins that record.
- Names linked by a shared surface (an abbreviation and its long form, a title prefix and
  a later "(SAMI)") are merged with union-find; two different gazetteer records never are.
- An acronym a paper spells out its own way ("Offsite-Tuning (OFT)") keeps its own node even
  when the gazetteer knows the letters (OFT, Orthogonal Finetuning).
- Sizes and variants ("Llama 2 7B") are entities of their own whose `family` is the base.
- No two entities share a normalised name: the key is that name.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import cache

from kg.extract.gazetteer import GazetteerEntry, is_listed_number, load_gazetteer
from kg.extract.urls import url_kind
from kg.names import name_key, short_hash, stable_slug
from kg.records import ENTITY_TYPES, Entity, Link, Mention, PaperExtraction

TYPE_PRIORITY = {t: i for i, t in enumerate(("MODEL", "BENCHMARK", "DATASET", "METHOD", "METRIC", "REPOSITORY"))}
RELATION_ORDER = ("proposes", "hasCode", "evaluatedOn", "uses")


class _UnionFind:
    def __init__(self, locked: set[str]):
        self.parent: dict[str, str] = {}
        self.locked = locked  # gazetteer keys: two of them are never merged

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or (ra in self.locked and rb in self.locked):
            return
        if rb in self.locked or (ra not in self.locked and rb < ra):
            ra, rb = rb, ra
        self.parent[rb] = ra


def surface_index(entries: Iterable[GazetteerEntry]) -> dict[str, GazetteerEntry]:
    """name_key of every gazetteer surface -> its record (first record wins)."""
    index: dict[str, GazetteerEntry] = {}
    for entry in entries:
        for surface in entry.surfaces:
            index.setdefault(name_key(surface), entry)
    return index


class _Keys:
    """The keys of names and mentions, each computed once per distinct name (names repeat
    across papers, and name_key is the costly part of resolution)."""

    def __init__(self, index: dict[str, GazetteerEntry], record_keys: frozenset[str]) -> None:
        self.index = index
        self.record_keys = record_keys  # keys of the records' canonical names
        self.name: Callable[[str], str] = cache(name_key)
        self._canonical: dict[str, str] = {}

    def canonical(self, name: str) -> str:
        """The key of the gazetteer record a name is a surface of, else the name's own key. A
        record's own canonical name wins over another's alias that normalises the same ("FID",
        the metric, is not "FiD", Fusion-in-Decoder)."""
        key = self._canonical.get(name)
        if key is None:
            own = self.name(name)
            entry = None if own in self.record_keys else self.index.get(own)
            key = self._canonical[name] = self.name(entry.name) if entry is not None else own
        return key

    def mention(self, mention: Mention, own_acronyms: frozenset[str]) -> str:
        """`own_acronyms`: the names of the paper's own acronyms (is_own_acronym), this mention's
        among them; another mention of one in that paper ("we release code for OFT") is the paper's too."""
        if mention.type == "REPOSITORY":
            return "url:" + mention.name.lower()
        if mention.family is not None or mention.name in own_acronyms:
            return self.name(mention.name)
        return self.canonical(mention.name)

    def joins_by_text(self, mention: Mention) -> bool:
        """Does the surface key join the mention's group? A gazetteer surface does not: it
        resolves through the index, and joining it would pull a paper's own acronym that
        spells the surface ("STE") into the record it redefines."""
        return mention.type != "REPOSITORY" and names_itself(mention.text) and self.name(mention.text) not in self.index


def is_own_acronym(mention: Mention) -> bool:
    """An acronym the paper defines that extraction did not resolve to the gazetteer is the
    paper's own name, even when the gazetteer knows the letters: the paper spells it out its own
    way ("simulated trial and error (STE)" is not the straight-through estimator)."""
    return mention.component == "kg_abbreviations" and not mention.known


def _relation(entity_type: str, role: str, evaluated: bool) -> str:
    if entity_type == "REPOSITORY":
        return "hasCode" if role == "proposed" else "uses"
    if role == "proposed":
        return "proposes"
    if entity_type == "BENCHMARK" or (entity_type == "DATASET" and evaluated):
        return "evaluatedOn"
    return "uses"


def names_itself(surface: str) -> bool:
    """A listed size or version ("175B" of "OPT-IML 30B and 175B") is no name on its own:
    neither an alias nor a key that could join two families."""
    return not is_listed_number(surface)


def _most_common(values: Iterable[str]) -> str:
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def resolve(extractions: list[PaperExtraction]) -> tuple[list[Entity], list[Link]]:
    """Entities sorted by id, links sorted by (paper, entity)."""
    entries = load_gazetteer()
    index = surface_index(entries)
    by_key = {name_key(e.name): e for e in entries}
    union = _UnionFind(set(by_key))
    keys = _Keys(index, frozenset(by_key))
    keyed: list[tuple[str, Mention, str]] = []
    for extraction in extractions:
        own_acronyms = frozenset(m.name for m in extraction.mentions if is_own_acronym(m))
        for mention in extraction.mentions:
            key = keys.mention(mention, own_acronyms)
            union.find(key)
            if keys.joins_by_text(mention):
                union.union(key, keys.name(mention.text))
            keyed.append((extraction.paper.id, mention, key))
    root_of = {key: union.find(key) for key in union.parent}  # every union is done: roots are final

    groups: dict[str, list[Mention]] = defaultdict(list)
    families: dict[str, str] = {}
    for _, mention, key in keyed:
        root = root_of[key]
        groups[root].append(mention)
        if mention.family:
            families[root] = union.find(keys.canonical(mention.family))
    for family_root in set(families.values()):
        groups.setdefault(family_root, [])

    entities: dict[str, Entity] = {}
    used_ids: set[str] = set()
    for root in sorted(groups):
        mentions = groups[root]
        entry = by_key.get(root)
        entity = _make_entity(root, entry, mentions, used_ids)
        entities[root] = entity
    for root, family_root in families.items():
        if family_root != root:
            entities[root].family = entities[family_root].id
    for root, entity in entities.items():
        entry = by_key.get(root)
        if entry is not None and entry.family and entity.family is None:
            parent = entities.get(name_key(entry.family))
            if parent is not None and parent.key != root:
                entity.family = parent.id

    per_link: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for paper_id, mention, key in keyed:
        per_link[(paper_id, entities[root_of[key]].id)].append(mention)
    by_id = {e.id: e for e in entities.values()}
    links = []
    for (paper_id, entity_id), mentions in sorted(per_link.items()):
        entity = by_id[entity_id]
        role = "proposed" if any(m.role == "proposed" for m in mentions) else "used"
        evaluated = any(m.evaluated for m in mentions)
        ordered = tuple(sorted(mentions, key=lambda m: (m.field != "title", m.start, m.end, m.component)))
        links.append(
            Link(
                paper=paper_id,
                entity=entity_id,
                relation=_relation(entity.type, role, evaluated),
                role=role,
                confidence=max(m.confidence for m in mentions),
                mentions=ordered,
            )
        )
    return sorted(entities.values(), key=lambda e: e.id), links


def _make_entity(root: str, entry: GazetteerEntry | None, mentions: list[Mention], used_ids: set[str]) -> Entity:
    surfaces = sorted({m.text for m in mentions if names_itself(m.text)})
    if entry is not None:
        entity_type, name = entry.type, entry.name
        aliases = set(entry.aliases) | set(surfaces)
    elif mentions and mentions[0].type == "REPOSITORY":
        entity_type, name = "REPOSITORY", _most_common(m.name for m in mentions)
        aliases = set()
    else:
        votes = Counter(m.type for m in mentions)
        entity_type = min(votes, key=lambda t: (-votes[t], TYPE_PRIORITY[t])) if votes else "MODEL"
        name = _most_common(m.name for m in mentions) if mentions else root
        aliases = set(surfaces)
    aliases.discard(name)
    prefix = entity_type.lower()
    if entity_type == "REPOSITORY":
        slug = stable_slug(name.split("://", 1)[-1], 120)
    else:
        slug = stable_slug(name)
    entity_id = f"{prefix}/{slug}"
    if entity_id in used_ids:
        entity_id = f"{entity_id}-{short_hash(root, 6)}"
    used_ids.add(entity_id)
    assert entity_type in ENTITY_TYPES
    return Entity(
        key=root,
        id=entity_id,
        type=entity_type,
        name=name,
        aliases=tuple(sorted(aliases)),
        wikidata=entry.wikidata if entry else None,
        hf=entry.hf if entry else None,
        url=name if entity_type == "REPOSITORY" else None,
        kind=url_kind(name) if entity_type == "REPOSITORY" else None,
        known=entry is not None,
    )
