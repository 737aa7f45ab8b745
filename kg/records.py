"""Typed records passed between the stages: sources -> papers -> extraction -> resolution -> graph."""
from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = ("MODEL", "DATASET", "BENCHMARK", "METHOD", "METRIC", "REPOSITORY")
ROLES = ("proposed", "used")


@dataclass(frozen=True)
class Listing:
    """Where a paper record was read: file, line (1-based) and the listing date if the source has one."""

    file: str
    line: int
    date: str | None = None  # ISO "2024-03-14" or month-day "--03-14" when the listing has no year


@dataclass(frozen=True)
class SourceRecord:
    """One paper as one input listed it, whitespace-normalised, before deduplication."""

    title: str
    abstract: str
    listing: Listing
    arxiv_id: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    source_id: str | None = None


@dataclass
class Paper:
    """A deduplicated paper with every listing it came from."""

    id: str
    title: str
    abstract: str
    listings: list[Listing] = field(default_factory=list)
    arxiv_id: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None


@dataclass(frozen=True)
class Mention:
    """One entity mention found in a paper's title or abstract, with its evidence."""

    type: str  # one of ENTITY_TYPES
    text: str  # surface as written
    name: str  # the entity's name: canonical when the gazetteer knows it, the cleaned URL, else the surface
    field: str  # "title" or "abstract"
    start: int  # character offsets into that field, end exclusive
    end: int
    sentence: str
    component: str  # which pipeline component found it
    confidence: float
    role: str = "used"  # "proposed" or "used"
    known: bool = False  # the gazetteer knows the entity
    family: str | None = None  # for a size/variant mention ("Llama 2 7B"), the canonical family name
    evaluated: bool = False  # the sentence evaluates on it


@dataclass
class Entity:
    """A resolved entity: one node, whatever spelling each paper used."""

    key: str  # name_key of the canonical name; unique across types
    id: str  # readable, IRI-safe node id: "model/llama-2"
    type: str  # one of ENTITY_TYPES
    name: str
    aliases: tuple[str, ...] = ()
    family: str | None = None  # id of the family entity (Llama 2 7B -> Llama 2 -> LLaMA)
    wikidata: str | None = None
    hf: str | None = None
    url: str | None = None  # repositories: the cleaned URL
    kind: str | None = None  # repositories: code, model, dataset, demo or project page
    known: bool = False  # from the gazetteer


@dataclass
class Link:
    """A paper's relation to an entity, with every mention as evidence."""

    paper: str  # paper id
    entity: str  # entity id
    relation: str  # proposes, uses, evaluatedOn or hasCode
    role: str  # proposed or used
    confidence: float
    mentions: tuple[Mention, ...]


@dataclass
class PaperExtraction:
    """Everything extraction found in one paper."""

    paper: Paper
    mentions: list[Mention]
