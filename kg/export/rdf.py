"""RDF export: the graph model in the kg vocabulary as N-Triples, Turtle and JSON-LD.

This module owns the IRI scheme of every exported resource (`Iris`), the mapping of the
records to triples (`triples`) and the three serialisations. N-Triples are written while
the triples are generated, one line per triple through `nt_term`, without ever holding an
rdflib Graph, so a graph of any size exports; Turtle and JSON-LD go through rdflib and are
skipped above `ExportOptions.large_graph_triples`. The vocabulary is kg/data/ontology.ttl,
the JSON-LD context kg/data/context.jsonld and the SHACL shapes kg/data/shapes.ttl; docs/rdf.md
describes all of it for users.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import networkx as nx
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import graph as model
from kg.export import ExportOptions
from kg.export.atomic import atomic_open
from kg.records import Entity, Link, Paper

NTRIPLES_FILE, TURTLE_FILE, JSONLD_FILE = "graph.nt", "graph.ttl", "graph.jsonld"
CONTEXT_FILE, ONTOLOGY_FILE, SHAPES_FILE = "context.jsonld", "ontology.ttl", "shapes.ttl"

KG = Namespace("https://w3id.org/kg-ml/ontology#")
SCHEMA = Namespace("https://schema.org/")
FABIO = Namespace("http://purl.org/spar/fabio/")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
PREFIXES: dict[str, Namespace] = {
    "kg": KG,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "fabio": FABIO,
    "skos": SKOS,
    "prov": PROV,
    "owl": OWL,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WIKIDATA,
}

CLASS_OF_KIND = {kind: KG[kind] for kind in model.NODE_KINDS}
RELATION_PROPERTY = {relation: KG[relation] for relation in model.RELATIONS}

Triple = tuple[URIRef, URIRef, URIRef | Literal]

# ---------------------------------------------------------------------------------------
# IRIs
# ---------------------------------------------------------------------------------------

_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")
_SUB_DELIMS = "!$&'()*+,;="
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')


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
    iri = external_iri(base_iri.strip().rstrip("#"))
    if iri is None:
        raise ValueError(f"base IRI {base_iri!r} is not an absolute IRI such as https://example.org/kg/")
    if fragment_base:
        return iri + "#"
    return iri if iri.endswith("/") else iri + "/"


@dataclass(frozen=True)
class Iris:
    """Every resource's IRI under one base: stable (from ids only) and valid whatever the id holds.

    <base>paper/<paper id>, <base><entity id> (entity ids are "model/llama-2"),
    <base>mention/<paper id>/<entity id>/<n> (n-th mention of the link, from 1),
    <base>extractor/<component>. Each id part is percent-encoded.
    """

    base: str

    @classmethod
    def under(cls, base_iri: str) -> Iris:
        return cls(normalise_base(base_iri))

    def paper(self, paper_id: str) -> URIRef:
        return URIRef(f"{self.base}paper/{quote(paper_id, safe='')}")

    def entity(self, entity_id: str) -> URIRef:
        return URIRef(self.base + quote(entity_id, safe="/"))

    def mention(self, link: Link, number: int) -> URIRef:
        return URIRef(f"{self.base}mention/{quote(link.paper, safe='')}/{quote(link.entity, safe='/')}/{number}")

    def extractor(self, component: str) -> URIRef:
        return URIRef(f"{self.base}extractor/{quote(component, safe='')}")


def wikidata_iri(value: str | None) -> URIRef | None:
    """owl:sameAs target of Entity.wikidata: "Q42" or a Wikidata URL ending in /Q42."""
    match = re.search(r"(?:^|/)(Q[1-9][0-9]*)$", (value or "").strip())
    return WIKIDATA[match.group(1)] if match else None


# ---------------------------------------------------------------------------------------
# Literals
# ---------------------------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")
_MONTH_DAY = re.compile(r"^--([0-9]{2})-([0-9]{2})$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def text(value: str) -> Literal:
    """A plain string literal; lone surrogates (undecodable input) become U+FFFD."""
    return Literal(_SURROGATE.sub("\ufffd", value))


def decimal(value: float) -> Literal | None:
    """An xsd:decimal with the shortest exact lexical form ("0.9", not 0.90000000000000002)."""
    if not math.isfinite(value):
        return None
    return Literal(format(Decimal(repr(float(value))), "f"), datatype=XSD.decimal)


def date_literal(value: str | None) -> Literal | None:
    """"2024-03-14" -> xsd:date, "--03-14" (a listing without a year) -> xsd:gMonthDay, else None."""
    if not value:
        return None
    match = _MONTH_DAY.match(value)
    try:
        if match:
            date(2000, int(match.group(1)), int(match.group(2)))  # a leap year: --02-29 is valid
            return Literal(value, datatype=XSD.gMonthDay)
        if _ISO_DATE.match(value):
            return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
    except ValueError:
        return None
    return None


def _date_order(value: Literal) -> tuple[bool, str]:
    """Dates with a year first (earliest first), then month-day dates."""
    return str(value).startswith("--"), str(value)


def listing_month(first_date: Literal) -> str:
    """"2024-03-14" -> "2024-03"; "--03-14" -> "--03"."""
    value = str(first_date)
    return value[:4] if value.startswith("--") else value[:7]


# ---------------------------------------------------------------------------------------
# Records -> triples
# ---------------------------------------------------------------------------------------


def paper_triples(paper: Paper, iris: Iris) -> Iterator[Triple]:
    node = iris.paper(paper.id)
    yield node, RDF.type, KG.Paper
    yield node, DCTERMS.identifier, text(paper.id)
    yield node, DCTERMS.title, text(paper.title)
    if paper.abstract:
        yield node, DCTERMS.abstract, text(paper.abstract)
    issued = date_literal(paper.date)
    if issued is not None:
        yield node, DCTERMS.issued, issued
    if paper.arxiv_id:
        yield node, FABIO.hasArXivId, text(paper.arxiv_id)
    url = external_iri(paper.url)
    if url:
        yield node, SCHEMA.url, URIRef(url)
    for author in dict.fromkeys(paper.authors):
        yield node, SCHEMA.author, text(author)
    dates = sorted({d for d in (date_literal(l.date) for l in paper.listings) if d is not None}, key=_date_order)
    for listed in dates:
        yield node, KG.listedOn, listed
    if dates:
        yield node, KG.listingMonth, text(listing_month(dates[0]))
    for source in dict.fromkeys(f"{l.file}:{l.line}" for l in paper.listings):
        yield node, KG.sourceListing, text(source)


def entity_triples(entity: Entity, iris: Iris) -> Iterator[Triple]:
    node = iris.entity(entity.id)
    yield node, RDF.type, CLASS_OF_KIND[model.KIND_OF_TYPE[entity.type]]
    if entity.type == "REPOSITORY" and entity.kind == "code":
        yield node, RDF.type, SCHEMA.SoftwareSourceCode
    yield node, DCTERMS.identifier, text(entity.id)
    yield node, RDFS.label, text(entity.name)
    yield node, SKOS.prefLabel, text(entity.name)
    for alias in sorted(set(entity.aliases) - {entity.name}):
        yield node, SKOS.altLabel, text(alias)
    yield node, KG.curated, Literal(bool(entity.known))
    same = wikidata_iri(entity.wikidata)
    if same is not None:
        yield node, OWL.sameAs, same
    if entity.hf:
        yield node, KG.huggingFaceId, text(entity.hf)
        page = external_iri("https://huggingface.co/" + quote(entity.hf.strip("/"), safe="/"))
        if page:
            yield node, RDFS.seeAlso, URIRef(page)
    url = external_iri(entity.url)
    if url:
        yield node, SCHEMA.url, URIRef(url)
    if entity.kind:
        yield node, KG.repositoryKind, text(entity.kind)


def aligned_property(entity_type: str, relation: str) -> URIRef | None:
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
    for number, mention in enumerate(link.mentions, 1):
        node = iris.mention(link, number)
        yield node, RDF.type, KG.Mention
        yield node, KG.mentionedIn, paper
        yield node, KG.mentionOf, entity
        yield node, KG.surface, text(mention.text)
        yield node, KG.evidence, text(mention.sentence)
        yield node, KG.field, text(mention.field)
        yield node, KG.start, Literal(int(mention.start))
        yield node, KG.end, Literal(int(mention.end))
        confidence = decimal(mention.confidence)
        if confidence is not None:
            yield node, KG.confidence, confidence
        yield node, KG.role, text(mention.role)
        yield node, PROV.wasGeneratedBy, iris.extractor(mention.component)


def extractor_triples(component: str, iris: Iris) -> Iterator[Triple]:
    node = iris.extractor(component)
    yield node, RDF.type, KG.Extractor
    yield node, RDFS.label, text(component)


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

_NT_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord("\b"): "\\b", ord("\f"): "\\f"}
_NT_ESCAPES.update({c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F) if c not in _NT_ESCAPES})


def nt_term(term: URIRef | Literal) -> str:
    """One term in N-Triples syntax: every control character escaped, UTF-8 kept as is."""
    if isinstance(term, URIRef):
        if _IRI_FORBIDDEN.search(term):
            raise ValueError(f"not a valid IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        quoted = '"' + str(term).translate(_NT_ESCAPES) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{quoted}^^<{term.datatype}>"
        return quoted
    raise TypeError(f"no N-Triples form for {term!r}")


def write_ntriples(rows: Iterable[Triple], path: Path) -> int:
    """Stream `rows` into an N-Triples file; returns the number of triples written."""
    count = 0
    with atomic_open(path) as handle:
        for subject, predicate, obj in rows:
            handle.write(f"{nt_term(subject)} {nt_term(predicate)} {nt_term(obj)} .\n")
            count += 1
    return count


def data_prefixes(iris: Iris) -> dict[str, str]:
    """Readable Turtle prefixes for the data: paper:, model:, dataset:, ..., extractor:."""
    kinds = ["paper", *(t.lower() for t in model.KIND_OF_TYPE), "extractor"]
    return {kind: f"{iris.base}{kind}/" for kind in kinds}


def rdflib_graph(rows: Iterable[Triple], base_iri: str) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in {**PREFIXES, **data_prefixes(Iris.under(base_iri))}.items():
        graph.bind(prefix, namespace)
    for row in rows:
        graph.add(row)
    return graph


def write_turtle(graph: Graph, path: Path) -> None:
    with atomic_open(path) as handle:
        handle.write(graph.serialize(format="turtle"))


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
    """graph.nt always (streamed); graph.ttl, graph.jsonld and context.jsonld up to
    options.large_graph_triples triples; ontology.ttl (the vocabulary) always."""
    nt_path = out_dir / NTRIPLES_FILE
    count = write_ntriples(triples(graph, options.base_iri), nt_path)
    written = [nt_path, copy_shipped(ONTOLOGY_FILE, out_dir / ONTOLOGY_FILE)]
    if count <= options.large_graph_triples:
        rdf_graph = rdflib_graph(triples(graph, options.base_iri), options.base_iri)
        write_turtle(rdf_graph, out_dir / TURTLE_FILE)
        write_jsonld(rdf_graph, out_dir / JSONLD_FILE)
        written += [out_dir / TURTLE_FILE, out_dir / JSONLD_FILE, copy_shipped(CONTEXT_FILE, out_dir / CONTEXT_FILE)]
    return written
