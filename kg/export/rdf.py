"""RDF export: the graph model in the kg vocabulary as N-Triples, Turtle and JSON-LD.

This module owns the IRI scheme of every exported resource (`Iris`), the mapping of the
records to triples (`triples`) and the serialisations. Triples are generated as N-Triples
terms (text, escaped here per the W3C N-Triples grammar), never as rdflib objects, and
graph.nt is written as a stream, so a graph of any size exports; pyoxigraph streams graph.ttl
from it (in graph.nt's order, where each resource's triples are consecutive). Up to
`ExportOptions.large_graph_triples` rdflib reads graph.nt back for the compacted JSON-LD;
above it JSON-LD is skipped (compacting needs the whole graph in memory). The vocabulary is kg/data/ontology.ttl, the JSON-LD
context kg/data/context.jsonld and the SHACL shapes kg/data/shapes.ttl; docs/rdf.md
describes all of it for users.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import graph as model
from kg.export import ExportOptions
from kg.export.atomic import atomic_open
from kg.records import Entity, Link, Paper

NTRIPLES_FILE, TURTLE_FILE, JSONLD_FILE = "graph.nt", "graph.ttl", "graph.jsonld"
CONTEXT_FILE, ONTOLOGY_FILE, SHAPES_FILE = "context.jsonld", "ontology.ttl", "shapes.ttl"

PREFIXES: dict[str, str] = {
    "kg": "https://w3id.org/kg-ml/ontology#",
    "dcterms": str(DCTERMS),
    "schema": "https://schema.org/",
    "fabio": "http://purl.org/spar/fabio/",
    "skos": str(SKOS),
    "prov": str(PROV),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": "http://www.wikidata.org/entity/",
}

Triple = tuple[str, str, str]  # subject, predicate, object as N-Triples terms: "<iri>", "\"text\"", "\"1\"^^<iri>"

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')


def iri(value: str) -> str:
    """An IRI as an N-Triples term; refuses characters the IRIREF production forbids."""
    if _IRI_FORBIDDEN.search(value):
        raise ValueError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


class Vocabulary:
    """The N-Triples terms of one namespace: Vocabulary("https://schema.org/").url == "<https://schema.org/url>"."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        term = iri(self.namespace + name)
        setattr(self, name, term)  # the next lookup is a plain attribute
        return term

    def __getitem__(self, name: str) -> str:
        return getattr(self, name)


KG, DCT, SCHEMA, FABIO, WIKIDATA_NS = (Vocabulary(PREFIXES[p]) for p in ("kg", "dcterms", "schema", "fabio", "wd"))
V_RDF, V_RDFS, V_SKOS, V_OWL, V_PROV, V_XSD = (Vocabulary(str(ns)) for ns in (RDF, RDFS, SKOS, OWL, PROV, XSD))

CLASS_OF_KIND = {kind: KG[kind] for kind in model.NODE_KINDS}
RELATION_PROPERTY = {relation: KG[relation] for relation in model.RELATIONS}

# ---------------------------------------------------------------------------------------
# IRIs
# ---------------------------------------------------------------------------------------

_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")
_SUB_DELIMS = "!$&'()*+,;="


def _encode(text: str, safe: str) -> str:
    """Percent-encode all but unreserved characters and `safe`; keep valid %XX escapes."""
    return _STRAY_PERCENT.sub("%25", quote(text, safe=safe + "%"))


def external_iri(url: str | None) -> str | None:
    """An absolute URL as a valid IRI (spaces, quotes, braces, `>`, unicode percent-encoded).

    None when `url` is not absolute (no scheme, or nothing after it).
    >>> external_iri('https://github.com/a b/{x}"')
    'https://github.com/a%20b/%7Bx%7D%22'
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    if not _SCHEME.match(parts.scheme) or not (parts.netloc or parts.path):
        return None
    return urlunsplit(
        (
            parts.scheme.lower(),
            _encode(parts.netloc, _SUB_DELIMS + ":@[]"),
            _encode(parts.path, _SUB_DELIMS + ":@/"),
            _encode(parts.query, _SUB_DELIMS + ":@/?"),
            _encode(parts.fragment, _SUB_DELIMS + ":@/?"),
        )
    )


def normalise_base(base_iri: str) -> str:
    """The base IRI, percent-encoded where needed and ending in '/' or '#'."""
    fragment_base = base_iri.strip().endswith("#")
    encoded = external_iri(base_iri.strip().rstrip("#"))
    if encoded is None:
        raise ValueError(f"base IRI {base_iri!r} is not an absolute IRI such as https://example.org/kg/")
    if fragment_base:
        return encoded + "#"
    return encoded if encoded.endswith("/") else encoded + "/"


@dataclass(frozen=True)
class Iris:
    """Every resource's IRI under one base, as N-Triples terms: stable (from ids only) and valid
    whatever the id holds.

    <base>paper/<paper id>, <base><entity id> (entity ids are "model/llama-2"),
    <base>mention/<paper id>/<entity id>/<n> (n-th mention of the link, from 1),
    <base>extractor/<component>. Each id part is percent-encoded, and `base` comes from
    normalise_base, so no IRI built here can hold a character IRIs forbid.
    """

    base: str
    _quoted: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, repr=False)  # a cache

    @classmethod
    def under(cls, base_iri: str) -> Iris:
        return cls(normalise_base(base_iri))

    def _quote(self, part: str, safe: str) -> str:
        quoted = self._quoted.get((part, safe))
        if quoted is None:
            quoted = self._quoted[part, safe] = quote(part, safe=safe)
        return quoted

    def paper(self, paper_id: str) -> str:
        return f"<{self.base}paper/{self._quote(paper_id, '')}>"

    def entity(self, entity_id: str) -> str:
        return f"<{self.base}{self._quote(entity_id, '/')}>"

    def mention_prefix(self, link: Link) -> str:
        """The IRI of the link's mentions without the closing number and '>' (the n-th mention is
        f"{prefix}{n}>", numbered from 1)."""
        return f"<{self.base}mention/{self._quote(link.paper, '')}/{self._quote(link.entity, '/')}/"

    def extractor(self, component: str) -> str:
        return f"<{self.base}extractor/{quote(component, safe='')}>"


def wikidata_iri(value: str | None) -> str | None:
    """owl:sameAs target of Entity.wikidata: "Q42" or a Wikidata URL ending in /Q42."""
    match = re.search(r"(?:^|/)(Q[1-9][0-9]*)$", (value or "").strip())
    return WIKIDATA_NS[match.group(1)] if match else None


# ---------------------------------------------------------------------------------------
# Literals (N-Triples terms; escaping as canonical N-Triples 1.1 does it)
# ---------------------------------------------------------------------------------------

_NT_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord("\b"): "\\b", ord("\f"): "\\f"}
_NT_ESCAPES.update({c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F) if c not in _NT_ESCAPES})
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\\x7f\ud800-\udfff]')
_SURROGATE = re.compile("[\ud800-\udfff]")
_MONTH_DAY = re.compile(r"^--([0-9]{2})-([0-9]{2})$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
TRUE, FALSE = f'"true"^^{V_XSD.boolean}', f'"false"^^{V_XSD.boolean}'


def text(value: str) -> str:
    """A plain string literal: quote, backslash and every control character escaped, other
    characters (UTF-8) as they are; lone surrogates (undecodable input) become U+FFFD."""
    if _NEEDS_ESCAPE.search(value) is None:
        return f'"{value}"'
    return '"' + _SURROGATE.sub("\ufffd", value).translate(_NT_ESCAPES) + '"'


def typed(lexical: str, datatype: str) -> str:
    """A literal with a datatype term; `lexical` is one of kg's own forms (digits, dates), never escaped."""
    return f'"{lexical}"^^{datatype}'


def integer(value: int) -> str:
    return typed(str(int(value)), V_XSD.integer)


def boolean(value: bool) -> str:
    return TRUE if value else FALSE


def decimal(value: float) -> str | None:
    """An xsd:decimal with the shortest exact lexical form ("0.9", not 0.90000000000000002)."""
    value = float(value)
    return _decimal_of_repr(repr(value)) if math.isfinite(value) else None


@lru_cache(maxsize=4096)  # confidences take few distinct values; keyed by repr, so -0.0 stays "-0.0"
def _decimal_of_repr(shortest: str) -> str:
    return typed(format(Decimal(shortest), "f"), V_XSD.decimal)


def date_value(value: str | None) -> tuple[str, str] | None:
    """(lexical, datatype): "2024-03-14" -> xsd:date, "--03-14" (a listing without a year) ->
    xsd:gMonthDay; None when `value` is no valid date."""
    if not value:
        return None
    match = _MONTH_DAY.match(value)
    try:
        if match:
            date(2000, int(match.group(1)), int(match.group(2)))  # a leap year: --02-29 is valid
            return value, V_XSD.gMonthDay
        if _ISO_DATE.match(value):
            return date.fromisoformat(value).isoformat(), V_XSD.date
    except ValueError:
        return None
    return None


def _date_order(value: tuple[str, str]) -> tuple[bool, str]:
    """Dates with a year first (earliest first), then month-day dates."""
    return value[0].startswith("--"), value[0]


def listing_month(first_date: str) -> str:
    """"2024-03-14" -> "2024-03"; "--03-14" -> "--03"."""
    return first_date[:4] if first_date.startswith("--") else first_date[:7]


# ---------------------------------------------------------------------------------------
# Records -> triples
# ---------------------------------------------------------------------------------------


def paper_triples(paper: Paper, iris: Iris) -> Iterator[Triple]:
    node = iris.paper(paper.id)
    yield node, V_RDF.type, KG.Paper
    yield node, DCT.identifier, text(paper.id)
    yield node, DCT.title, text(paper.title)
    if paper.abstract:
        yield node, DCT.abstract, text(paper.abstract)
    issued = date_value(paper.date)
    if issued is not None:
        yield node, DCT.issued, typed(*issued)
    if paper.arxiv_id:
        yield node, FABIO.hasArXivId, text(paper.arxiv_id)
    url = external_iri(paper.url)
    if url:
        yield node, SCHEMA.url, iri(url)
    for author in dict.fromkeys(paper.authors):
        yield node, SCHEMA.author, text(author)
    dates = sorted({d for d in (date_value(l.date) for l in paper.listings) if d is not None}, key=_date_order)
    for listed in dates:
        yield node, KG.listedOn, typed(*listed)
    if dates:
        yield node, KG.listingMonth, text(listing_month(dates[0][0]))
    for source in dict.fromkeys(f"{l.file}:{l.line}" for l in paper.listings):
        yield node, KG.sourceListing, text(source)


def entity_triples(entity: Entity, iris: Iris) -> Iterator[Triple]:
    node = iris.entity(entity.id)
    yield node, V_RDF.type, CLASS_OF_KIND[model.KIND_OF_TYPE[entity.type]]
    if entity.type == "REPOSITORY" and entity.kind == "code":
        yield node, V_RDF.type, SCHEMA.SoftwareSourceCode
    yield node, DCT.identifier, text(entity.id)
    yield node, V_RDFS.label, text(entity.name)
    yield node, V_SKOS.prefLabel, text(entity.name)
    for alias in sorted(set(entity.aliases) - {entity.name}):
        yield node, V_SKOS.altLabel, text(alias)
    yield node, KG.curated, boolean(entity.known)
    same = wikidata_iri(entity.wikidata)
    if same is not None:
        yield node, V_OWL.sameAs, same
    if entity.hf:
        yield node, KG.huggingFaceId, text(entity.hf)
        page = external_iri("https://huggingface.co/" + quote(entity.hf.strip("/"), safe="/"))
        if page:
            yield node, V_RDFS.seeAlso, iri(page)
    url = external_iri(entity.url)
    if url:
        yield node, SCHEMA.url, iri(url)
    if entity.kind:
        yield node, KG.repositoryKind, text(entity.kind)


def aligned_property(entity_type: str, relation: str) -> str | None:
    """The LinkedPapersWithCode-aligned property also stated for a link (kg:hasCode already is)."""
    if entity_type == "MODEL":
        return KG.hasModel
    if entity_type == "METHOD":
        return KG.hasMethod
    if entity_type in ("DATASET", "BENCHMARK") and relation in ("uses", "evaluatedOn"):
        return KG.usesDataset
    return None


def link_triples(link: Link, entity_type: str, iris: Iris) -> Iterator[Triple]:
    paper, entity = iris.paper(link.paper), iris.entity(link.entity)
    yield paper, RELATION_PROPERTY[link.relation], entity
    aligned = aligned_property(entity_type, link.relation)
    if aligned is not None:
        yield paper, aligned, entity
    prefix = iris.mention_prefix(link)
    for number, mention in enumerate(link.mentions, 1):
        node = f"{prefix}{number}>"
        yield node, V_RDF.type, KG.Mention
        yield node, KG.mentionedIn, paper
        yield node, KG.mentionOf, entity
        yield node, KG.surface, text(mention.text)
        yield node, KG.evidence, text(mention.sentence)
        yield node, KG.field, text(mention.field)
        yield node, KG.start, integer(mention.start)
        yield node, KG.end, integer(mention.end)
        confidence = decimal(mention.confidence)
        if confidence is not None:
            yield node, KG.confidence, confidence
        yield node, KG.role, text(mention.role)
        yield node, V_PROV.wasGeneratedBy, iris.extractor(mention.component)


def extractor_triples(component: str, iris: Iris) -> Iterator[Triple]:
    node = iris.extractor(component)
    yield node, V_RDF.type, KG.Extractor
    yield node, V_RDFS.label, text(component)


def triples(graph: nx.DiGraph, base_iri: str) -> Iterator[Triple]:
    """Every triple of the export, generated from the records in one deterministic order, each once."""
    iris = Iris.under(base_iri)
    for paper in model.papers(graph):
        yield from paper_triples(paper, iris)
    entity_types = {}
    for entity in model.entities(graph):
        entity_types[entity.id] = entity.type
        yield from entity_triples(entity, iris)
    for variant, family in model.variant_edges(graph):
        yield iris.entity(variant), KG.variantOf, iris.entity(family)
    components = set()
    for link in model.links(graph):
        components.update(m.component for m in link.mentions)
        yield from link_triples(link, entity_types[link.entity], iris)
    for component in sorted(components):
        yield from extractor_triples(component, iris)


# ---------------------------------------------------------------------------------------
# Serialisations
# ---------------------------------------------------------------------------------------

WRITE_BATCH = 2048  # triples joined into one write


def ntriples_lines(rows: Iterable[Triple]) -> Iterator[str]:
    for subject, predicate, obj in rows:
        yield f"{subject} {predicate} {obj} .\n"


def write_ntriples(rows: Iterable[Triple], path: Path) -> int:
    """Stream `rows` into an N-Triples file; returns the number of triples written."""
    count = 0
    lines = ntriples_lines(rows)
    with atomic_open(path) as handle:
        while batch := list(islice(lines, WRITE_BATCH)):
            handle.write("".join(batch))
            count += len(batch)
    return count


def data_prefixes(iris: Iris) -> dict[str, str]:
    """Readable Turtle prefixes for the data: paper:, model:, dataset:, ..., extractor:."""
    kinds = ["paper", *(t.lower() for t in model.KIND_OF_TYPE), "extractor"]
    return {kind: f"{iris.base}{kind}/" for kind in kinds}


def turtle_prefixes(base_iri: str) -> dict[str, str]:
    return {**PREFIXES, **data_prefixes(Iris.under(base_iri))}


def rdflib_graph(ntriples: str, base_iri: str) -> Graph:
    """An rdflib Graph of N-Triples text, with kg's prefixes bound (for graph.jsonld)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in turtle_prefixes(base_iri).items():
        graph.bind(prefix, namespace)
    return graph.parse(data=ntriples, format="nt")


def write_turtle(nt_path: Path, path: Path, base_iri: str) -> None:
    """Turtle of an N-Triples file of any size, in the file's order, through pyoxigraph's
    streaming parser and serialiser (consecutive triples of one subject share it with `;`)."""
    with atomic_open(path, "wb") as handle:
        ox.serialize(ox.parse(path=nt_path, format=ox.RdfFormat.N_TRIPLES), handle, ox.RdfFormat.TURTLE,
                     prefixes=turtle_prefixes(base_iri))


def shipped(name: str) -> str:
    """Text of a file shipped in kg/data (the ontology, shapes, JSON-LD context)."""
    return (resources.files("kg") / "data" / name).read_text(encoding="utf-8")


_FIRST_KEYS = ("@context", "id", "@id", "type", "@type")


def _json_sort_key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def _canonical(value: Any) -> Any:
    """JSON whose bytes do not depend on rdflib's triple order: keys sorted (id and type
    first), lists sorted, nodes sorted by id."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (_FIRST_KEYS.index(k) if k in _FIRST_KEYS else len(_FIRST_KEYS), k))
        return {key: _canonical(value[key]) for key in keys}
    if isinstance(value, list):
        return sorted((_canonical(item) for item in value), key=_json_sort_key)
    return value


def jsonld_document(graph: Graph) -> dict:
    """The graph compacted with the shipped context (embedded, so the file stands alone)."""
    context = json.loads(shipped(CONTEXT_FILE))["@context"]
    compacted = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True, use_native_types=True))
    nodes = compacted.get("@graph", [compacted] if "id" in compacted else [])
    nodes = [_canonical({k: v for k, v in node.items() if k != "@context"}) for node in nodes]
    return {"@context": context, "@graph": sorted(nodes, key=lambda node: node["id"])}


def write_jsonld(graph: Graph, path: Path) -> None:
    with atomic_open(path) as handle:
        json.dump(jsonld_document(graph), handle, ensure_ascii=False, indent=1)
        handle.write("\n")


def copy_shipped(name: str, path: Path) -> Path:
    with atomic_open(path) as handle:
        handle.write(shipped(name))
    return path


def export(graph: nx.DiGraph, out_dir: Path, options: ExportOptions) -> list[Path]:
    """graph.nt and graph.ttl (both streamed) and ontology.ttl (the vocabulary) always;
    graph.jsonld and context.jsonld up to options.large_graph_triples triples."""
    nt_path, turtle_path = out_dir / NTRIPLES_FILE, out_dir / TURTLE_FILE
    count = write_ntriples(triples(graph, options.base_iri), nt_path)
    write_turtle(nt_path, turtle_path, options.base_iri)
    written = [nt_path, copy_shipped(ONTOLOGY_FILE, out_dir / ONTOLOGY_FILE), turtle_path]
    if count > options.large_graph_triples:
        return written
    rdf_graph = rdflib_graph(nt_path.read_text(encoding="utf-8"), options.base_iri)
    write_jsonld(rdf_graph, out_dir / JSONLD_FILE)
    return written + [out_dir / JSONLD_FILE, copy_shipped(CONTEXT_FILE, out_dir / CONTEXT_FILE)]
