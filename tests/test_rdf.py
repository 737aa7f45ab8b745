"""RDF export (kg.export.rdf): vocabulary, IRIs, provenance, escaping, determinism, SHACL, rapper.

Expected values come from the graph model (kg.graph) or from small synthetic graphs built
here from hand-made records, never from numbers of the example build. The helpers at the
top (require_binary, synthetic_graph, export_rdf, load_store) are shared with
test_queries.py and test_virtuoso.py.
"""
from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import graph as model
from kg.export import DEFAULT_BASE_IRI, ExportOptions
from kg.export import rdf
from kg.graph import build_graph
from kg.records import Entity, Link, Listing, Mention, Paper

ROOT = Path(__file__).resolve().parent.parent
KG = "https://w3id.org/kg-ml/ontology#"
RDF_FILES = {"graph.nt", "graph.ttl", "graph.jsonld", "context.jsonld", "ontology.ttl"}
PREFIXES = """
PREFIX kg: <https://w3id.org/kg-ml/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX lpwc: <https://linkedpaperswithcode.com/property/>
"""


# ---------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------


def require_binary(name: str, package: str) -> str:
    """Path of a real client; a missing one fails the test (skips only with KG_ALLOW_SKIP=1)."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} not found on PATH: install the Debian package {package} (apt-get install -y {package})"
    if os.environ.get("KG_ALLOW_SKIP") == "1":
        pytest.skip(message + " [skipped: KG_ALLOW_SKIP=1]")
    pytest.fail(message + " (or set KG_ALLOW_SKIP=1 to skip)")


def export_rdf(graph, out_dir: Path, **options) -> list[Path]:
    return rdf.export(graph, out_dir, ExportOptions(**options))


def load_store(path: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix.lstrip(".")))
    return store


def select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    """Rows of plain values (IRI or literal value; '' if unbound)."""
    answer = store.query(PREFIXES + query)
    names = [v.value for v in answer.variables]
    return [tuple(row[i].value if row[i] is not None else "" for i in range(len(names))) for row in answer]


def triple_set(store: ox.Store) -> set[str]:
    return {str(quad.triple) for quad in store}


def mention(text: str, field: str, source: str, component: str = "kg_gazetteer", confidence: float = 0.9,
            role: str = "used", entity_type: str = "METHOD") -> Mention:
    """A Mention of `text` at its first place in `source` (the paper field), sentence = the field."""
    start = source.index(text)
    return Mention(type=entity_type, text=text, name=text, field=field, start=start, end=start + len(text),
                   sentence=source, component=component, confidence=confidence, role=role)


def synthetic_graph():
    """Four papers whose query answers are known exactly (see test_queries.py).

    p1 proposes NewModel, evaluates on GSM8K, uses LoRA (weak evidence only) and DPO, has code a/b.
    p2 uses Llama 2 7B and QLoRA (a LoRA variant), evaluates on GSM8K and MMLU, uses Alpaca data, has code c/d.
    p3 proposes OtherModel, uses GSM8K (not evaluatedOn), Llama 2, DPO and accuracy; no code.
    p4 proposes FourthModel and the Alpaca data, uses the Transformer; listed without a year.
    """
    abstracts = {
        "p1": "We propose NewModel 🚀 and test it on GSM8K with LoRA, low-rank adaptation, and DPO. Code: https://github.com/a/b",
        "p2": "We fine-tune Llama 2 7B with QLoRA on Alpaca data and report GSM8K and MMLU. Code: https://github.com/c/d",
        "p3": "OtherModel beats Llama 2 on GSM8K after DPO, measured by accuracy.",
        "p4": "FourthModel is a Transformer trained on Alpaca data, which we release.",
    }
    papers = [
        Paper("p1", "Paper One", abstracts["p1"], [Listing("a.txt", 3, "2024-03-14"), Listing("b.txt", 1, "--01-02")]),
        Paper("p2", "Paper Two", abstracts["p2"], [Listing("a.txt", 7, "--03-15")], arxiv_id="2401.00002",
              date="2024-01-05", authors=("Ada Lovelace", "Alan Turing"), url="https://arxiv.org/abs/2401.00002"),
        Paper("p3", "Paper Three", abstracts["p3"], [Listing("c.txt", 5, "2024-04-01")]),
        Paper("p4", "Paper Four", abstracts["p4"], [Listing("d.txt", 9, "--03-20")]),
    ]
    entities = [
        Entity("newmodel", "model/newmodel", "MODEL", "NewModel"),
        Entity("othermodel", "model/othermodel", "MODEL", "OtherModel"),
        Entity("fourthmodel", "model/fourthmodel", "MODEL", "FourthModel"),
        Entity("llama2", "model/llama-2", "MODEL", "Llama 2", aliases=("LLaMA 2", "Llama-2"), wikidata="Q117274488",
               hf="meta-llama", known=True),
        Entity("llama27b", "model/llama-2-7b", "MODEL", "Llama 2 7B", family="model/llama-2"),
        Entity("gsm8k", "dataset/gsm8k", "DATASET", "GSM8K", known=True),
        Entity("alpacadata", "dataset/alpaca-data", "DATASET", "Alpaca data"),
        Entity("mmlu", "benchmark/mmlu", "BENCHMARK", "MMLU", known=True),
        Entity("lora", "method/lora", "METHOD", "LoRA", aliases=("low-rank adaptation",), known=True),
        Entity("qlora", "method/qlora", "METHOD", "QLoRA", family="method/lora", known=True),
        Entity("dpo", "method/dpo", "METHOD", "DPO", aliases=("direct preference optimization",), known=True),
        Entity("transformer", "method/transformer", "METHOD", "Transformer", aliases=("Transformers", "transformer"),
               wikidata="Q85810444", known=True),
        Entity("accuracy", "metric/accuracy", "METRIC", "accuracy", known=True),
        Entity("url:a", "repository/github-com-a-b", "REPOSITORY", "https://github.com/a/b", url="https://github.com/a/b", kind="code"),
        Entity("url:c", "repository/github-com-c-d", "REPOSITORY", "https://github.com/c/d", url="https://github.com/c/d", kind="code"),
    ]

    def link(paper: str, entity: str, relation: str, *surfaces: str, confidence: float = 0.9, component: str = "kg_gazetteer"):
        role = "proposed" if relation in ("proposes", "hasCode") else "used"
        source = abstracts[paper]
        mentions = tuple(mention(s, "abstract", source, component, confidence, role) for s in surfaces)
        return Link(paper, entity, relation, role, max(m.confidence for m in mentions), mentions)

    links = [
        link("p1", "model/newmodel", "proposes", "NewModel", component="kg_proposals"),
        link("p1", "dataset/gsm8k", "evaluatedOn", "GSM8K"),
        Link("p1", "method/lora", "uses", "used", 0.6, (
            mention("LoRA", "abstract", abstracts["p1"], "kg_abbreviations", 0.6),
            mention("low-rank adaptation", "abstract", abstracts["p1"], "kg_shapes", 0.5),
        )),
        link("p1", "method/dpo", "uses", "DPO"),
        link("p1", "repository/github-com-a-b", "hasCode", "https://github.com/a/b", confidence=0.99, component="kg_urls"),
        link("p2", "model/llama-2-7b", "uses", "Llama 2 7B"),
        link("p2", "method/qlora", "uses", "QLoRA"),
        link("p2", "dataset/alpaca-data", "uses", "Alpaca data"),
        link("p2", "dataset/gsm8k", "evaluatedOn", "GSM8K"),
        link("p2", "benchmark/mmlu", "evaluatedOn", "MMLU"),
        link("p2", "repository/github-com-c-d", "hasCode", "https://github.com/c/d", confidence=0.99, component="kg_urls"),
        link("p3", "model/othermodel", "proposes", "OtherModel", component="kg_proposals"),
        link("p3", "dataset/gsm8k", "uses", "GSM8K"),
        link("p3", "model/llama-2", "uses", "Llama 2"),
        link("p3", "method/dpo", "uses", "DPO"),
        link("p3", "metric/accuracy", "uses", "accuracy"),
        link("p4", "model/fourthmodel", "proposes", "FourthModel", component="kg_proposals"),
        link("p4", "dataset/alpaca-data", "proposes", "Alpaca data", confidence=0.8, component="kg_proposals"),
        link("p4", "method/transformer", "uses", "Transformer"),
    ]
    return build_graph(papers, entities, links)


ODD = 'Odd "quoted" <script>alert(1)</script> {braces} a>b \\ back\\slash \x01\x07\x7f tab\tnew\nline üñí 漢字 😀 end'


def odd_graph():
    """Ids, names, titles and URLs with everything that breaks naive RDF writers."""
    paper = Paper("odd/id {x} \"q\" é>", ODD, "Abstract: " + ODD, [Listing('f "x".txt', 3, "--02-29"), Listing("g.txt", 1, "2024-13-01")],
                  arxiv_id="2401.00001", date="2024-03-14", authors=('A "B"', "C <D>"), url="https://arxiv.org/abs/2401.00001 v1")
    model_entity = Entity("odd", "model/odd {x} é>", "MODEL", ODD, aliases=('alias "1"', "x > y"), wikidata="Q42", hf="org/name {x}", known=True)
    repo = Entity("url:odd", "repository/odd", "REPOSITORY", 'https://github.com/x y/{z}>"ü', url='https://github.com/x y/{z}>"ü%zz#a#b', kind="code")
    surface = mention("quoted", "title", ODD, component='comp "x" {y}', confidence=0.1 + 0.2, role="proposed", entity_type="MODEL")
    links = [
        Link(paper.id, model_entity.id, "proposes", "proposed", surface.confidence, (surface, surface)),
        Link(paper.id, repo.id, "hasCode", "proposed", 0.99, (mention("Odd", "title", ODD, "kg_urls", 0.99, "proposed", "REPOSITORY"),)),
    ]
    return build_graph([paper], [model_entity, repo], links)


# ---------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_export(example_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("rdf-example")
    return out, export_rdf(example_graph, out)


@pytest.fixture(scope="module")
def example_store(example_export):
    return load_store(example_export[0] / "graph.nt")


@pytest.fixture(scope="module")
def odd_export(tmp_path_factory):
    out = tmp_path_factory.mktemp("rdf-odd")
    export_rdf(odd_graph(), out, base_iri="http://example.org/my kg/{x}")
    return out


@pytest.fixture(scope="module")
def odd_streamed_export(tmp_path_factory):
    """The odd graph as a large graph: graph.ttl streamed from graph.nt by pyoxigraph."""
    out = tmp_path_factory.mktemp("rdf-odd-streamed")
    export_rdf(odd_graph(), out, base_iri="http://example.org/my kg/{x}", large_graph_triples=1)
    return out


# ---------------------------------------------------------------------------------------
# Files and serialisations
# ---------------------------------------------------------------------------------------


def test_export_writes_every_rdf_file(example_export):
    out, written = example_export
    assert {p.name for p in written} == RDF_FILES
    assert all(p.parent == out and p.stat().st_size > 0 for p in written)
    assert (out / "context.jsonld").read_text(encoding="utf-8") == rdf.shipped("context.jsonld")
    assert (out / "ontology.ttl").read_text(encoding="utf-8") == rdf.shipped("ontology.ttl")


def test_the_three_serialisations_hold_the_same_triples(example_export):
    out, _ = example_export
    lines = (out / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert len(set(lines)) == len(lines), "a triple was written twice"
    stores = {name: load_store(out / name) for name in ("graph.nt", "graph.ttl", "graph.jsonld")}
    triples = {name: triple_set(store) for name, store in stores.items()}
    assert len(triples["graph.nt"]) == len(lines)
    assert triples["graph.ttl"] == triples["graph.nt"]
    assert triples["graph.jsonld"] == triples["graph.nt"]


def test_jsonld_is_compacted_with_the_shipped_context(example_export):
    out, _ = example_export
    document = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    context = json.loads(rdf.shipped("context.jsonld"))["@context"]
    assert document["@context"] == context
    keys = {key for node in document["@graph"] for key in node}
    assert keys <= set(context), f"properties not compacted to context terms: {sorted(keys - set(context))}"
    ids = [node["id"] for node in document["@graph"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))


def test_two_exports_of_one_graph_are_byte_identical(example_graph, example_export, tmp_path):
    out, written = example_export
    again = export_rdf(example_graph, tmp_path)
    assert [p.name for p in again] == [p.name for p in written]
    for path in written:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def ntriples(rows) -> str:
    return "".join(rdf.ntriples_lines(rows))


@pytest.mark.parametrize("make_graph", [synthetic_graph, odd_graph])
def test_turtle_and_jsonld_bytes_do_not_depend_on_triple_order(make_graph):
    rows = list(rdf.triples(make_graph(), DEFAULT_BASE_IRI))
    forward = rdf.rdflib_graph(ntriples(rows), DEFAULT_BASE_IRI)
    backward = rdf.rdflib_graph(ntriples(reversed(rows)), DEFAULT_BASE_IRI)
    assert backward.serialize(format="turtle") == forward.serialize(format="turtle")
    assert json.dumps(rdf.jsonld_document(backward)) == json.dumps(rdf.jsonld_document(forward))


LARGE_FILES = {"graph.nt", "graph.ttl", "ontology.ttl"}  # what a graph above large_graph_triples gets


@pytest.mark.parametrize("large_graph_triples", [ExportOptions.large_graph_triples, 100], ids=["rdflib", "streamed"])
def test_export_bytes_do_not_depend_on_the_hash_seed(example_graph, tmp_path, large_graph_triples):
    """rdflib's stores iterate in hash order: a process with another PYTHONHASHSEED must write the same bytes
    (for the streamed Turtle of a large graph too)."""
    written = export_rdf(example_graph, tmp_path / "here", large_graph_triples=large_graph_triples)
    pickled = tmp_path / "graph.pickle"
    pickled.write_bytes(pickle.dumps(example_graph))
    script = (
        "import pickle, sys; from pathlib import Path; from kg.export import ExportOptions; from kg.export import rdf; "
        "rdf.export(pickle.loads(Path(sys.argv[1]).read_bytes()), Path(sys.argv[2]), ExportOptions(large_graph_triples=int(sys.argv[3])))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242" if os.environ.get("PYTHONHASHSEED") != "4242" else "7"}
    subprocess.run([sys.executable, "-c", script, str(pickled), str(tmp_path / "other"), str(large_graph_triples)],
                   check=True, env=env, cwd=ROOT)
    assert written
    for path in written:
        assert (tmp_path / "other" / path.name).read_bytes() == path.read_bytes(), path.name


def test_large_graph_streams_ntriples_and_turtle_without_rdflib(example_graph, tmp_path, monkeypatch, capsys):
    def no_graph(*args, **kwargs):
        raise AssertionError("an rdflib Graph was built for a large graph")

    monkeypatch.setattr(rdflib.Graph, "__init__", no_graph)
    written = export_rdf(example_graph, tmp_path, large_graph_triples=100)
    assert {p.name for p in written} == LARGE_FILES
    assert {p.name for p in tmp_path.iterdir()} == LARGE_FILES
    assert capsys.readouterr() == ("", "")
    lines = (tmp_path / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 100
    monkeypatch.undo()
    assert len(triple_set(load_store(tmp_path / "graph.nt"))) == len(lines)
    assert triple_set(load_store(tmp_path / "graph.ttl")) == triple_set(load_store(tmp_path / "graph.nt"))


def test_streamed_turtle_uses_the_vocabulary_prefixes(example_graph, tmp_path):
    export_rdf(example_graph, tmp_path, large_graph_triples=100)
    turtle = (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    declared = dict(re.findall(r"^@prefix (\w+): <([^>]*)> \.$", turtle, re.M))
    assert declared == rdf.turtle_prefixes(DEFAULT_BASE_IRI)
    paper = model.papers(example_graph)[0]
    assert re.search(rf"^paper:{re.escape(paper.id)} a kg:Paper ;$", turtle, re.M), "subjects and classes are not abbreviated"
    body = [line for line in turtle.splitlines() if not line.startswith("@prefix")]
    assert body and not any("<https://w3id.org/kg-ml/ontology#" in line for line in body)


def test_turtle_and_jsonld_are_written_up_to_the_threshold(tmp_path):
    graph = synthetic_graph()
    count = sum(1 for _ in rdf.triples(graph, DEFAULT_BASE_IRI))
    assert {p.name for p in export_rdf(graph, tmp_path / "at", large_graph_triples=count)} == RDF_FILES
    assert {p.name for p in export_rdf(graph, tmp_path / "below", large_graph_triples=count - 1)} == LARGE_FILES
    at, below = (triple_set(load_store(tmp_path / folder / "graph.ttl")) for folder in ("at", "below"))
    assert at == below == triple_set(load_store(tmp_path / "at" / "graph.nt"))


# ---------------------------------------------------------------------------------------
# Content: every record, link and mention of the graph model
# ---------------------------------------------------------------------------------------


def _count(store: ox.Store, pattern: str) -> int:
    return int(select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0][0])


def test_every_node_and_link_of_the_graph_model_is_exported(example_graph, example_store):
    counts = model.summary(example_graph)
    for kind in model.NODE_KINDS:
        assert _count(example_store, f"?x a kg:{kind}") == counts[kind], kind
    for relation in (*model.RELATIONS, model.VARIANT_OF):
        assert _count(example_store, f"?x kg:{relation} ?y") == counts[relation], relation
    assert _count(example_store, "?m a kg:Mention") == sum(len(link.mentions) for link in model.links(example_graph))
    with_wikidata = [e for e in model.entities(example_graph) if e.wikidata]
    assert _count(example_store, "?e owl:sameAs ?wd") == len(with_wikidata)
    for entity in with_wikidata:
        assert select(example_store, f"SELECT ?wd WHERE {{ ?e dcterms:identifier {json.dumps(entity.id)} ; owl:sameAs ?wd }}") == [
            (f"http://www.wikidata.org/entity/{entity.wikidata}",)
        ]


def test_links_are_exported_with_their_relation(example_graph, example_store):
    rows = select(example_store, """
        SELECT ?p ?r ?e WHERE { VALUES ?r { kg:proposes kg:uses kg:evaluatedOn kg:hasCode } ?x ?r ?y .
                                ?x dcterms:identifier ?p . ?y dcterms:identifier ?e }""")
    assert Counter(rows) == Counter((l.paper, KG + l.relation, l.entity) for l in model.links(example_graph))


def test_every_mention_carries_its_evidence(example_graph, example_store):
    rows = select(example_store, """
        SELECT ?m ?paper ?entity ?surface ?sentence ?field ?start ?end ?component ?confidence ?role WHERE {
          ?m a kg:Mention ; kg:mentionedIn/dcterms:identifier ?paper ; kg:mentionOf/dcterms:identifier ?entity ;
             kg:surface ?surface ; kg:evidence ?sentence ; kg:field ?field ; kg:start ?start ; kg:end ?end ;
             prov:wasGeneratedBy/rdfs:label ?component ; kg:confidence ?confidence ; kg:role ?role }""")
    exported = {row[0]: (row[1:6], int(row[6]), int(row[7]), row[8], float(row[9]), row[10]) for row in rows}
    expected = {}
    for link in model.links(example_graph):
        for number, m in enumerate(link.mentions, 1):
            iri = f"{DEFAULT_BASE_IRI}mention/{quote(link.paper, safe='')}/{quote(link.entity, safe='/')}/{number}"
            expected[iri] = ((link.paper, link.entity, m.text, m.sentence, m.field), m.start, m.end, m.component, m.confidence, m.role)
    assert len(rows) == len(exported)
    assert exported == expected


def test_mention_offsets_are_code_points_into_the_exported_field(tmp_path):
    """With an emoji (two UTF-16 units) before the mention, title/abstract[start:end] is still the surface."""
    export_rdf(synthetic_graph(), tmp_path)
    store = load_store(tmp_path / "graph.ttl")
    rows = select(store, """
        SELECT ?surface ?sentence ?field ?start ?end ?title ?abstract WHERE {
          ?m kg:surface ?surface ; kg:evidence ?sentence ; kg:field ?field ; kg:start ?start ; kg:end ?end ;
             kg:mentionedIn ?p . ?p dcterms:title ?title ; dcterms:abstract ?abstract }""")
    assert any("🚀" in row[1][: int(row[3])] for row in rows), "the synthetic graph should test non-BMP text"
    for surface, sentence, field, start, end, title, abstract in rows:
        text = title if field == "title" else abstract
        assert text[int(start):int(end)] == surface
        assert sentence in text


def test_listing_dates_keep_their_type_and_give_a_month(tmp_path):
    export_rdf(synthetic_graph(), tmp_path)
    store = load_store(tmp_path / "graph.nt")
    listed = store.query(PREFIXES + "SELECT ?id ?d WHERE { ?p dcterms:identifier ?id ; kg:listedOn ?d }")
    types = {(row[0].value, row[1].value): row[1].datatype.value for row in listed}
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert types == {("p1", "2024-03-14"): xsd + "date", ("p1", "--01-02"): xsd + "gMonthDay", ("p2", "--03-15"): xsd + "gMonthDay",
                     ("p3", "2024-04-01"): xsd + "date", ("p4", "--03-20"): xsd + "gMonthDay"}
    months = dict(select(store, "SELECT ?id ?m WHERE { ?p dcterms:identifier ?id ; kg:listingMonth ?m }"))
    assert months == {"p1": "2024-03", "p2": "--03", "p3": "2024-04", "p4": "--03"}
    assert select(store, "SELECT ?d WHERE { ?p kg:sourceListing ?s ; dcterms:issued ?d }") == [("2024-01-05",)]


def test_invalid_dates_are_left_out():
    assert rdf.date_value("2024-13-01") is None and rdf.date_value("--02-30") is None
    assert rdf.date_value("20240314") is None and rdf.date_value(None) is None
    assert rdf.date_value("--02-29") == ("--02-29", "<http://www.w3.org/2001/XMLSchema#gMonthDay>")


# ---------------------------------------------------------------------------------------
# IRIs and escaping
# ---------------------------------------------------------------------------------------


def test_iris_follow_the_documented_scheme_under_the_configured_base(tmp_path):
    base = "http://example.org/data/"
    export_rdf(synthetic_graph(), tmp_path, base_iri=base)
    store = load_store(tmp_path / "graph.nt")
    subjects = {quad.subject.value for quad in store}
    assert subjects and all(s.startswith(base) for s in subjects)
    ids = dict(select(store, "SELECT ?x ?id WHERE { ?x dcterms:identifier ?id }"))
    for iri, identifier in ids.items():
        assert iri == base + (f"paper/{identifier}" if identifier.startswith("p") else identifier)
    mentions = [row[0] for row in select(store, "SELECT ?m WHERE { ?m a kg:Mention }")]
    assert f"{base}mention/p1/method/lora/1" in mentions and f"{base}mention/p1/method/lora/2" in mentions
    assert select(store, "SELECT ?x WHERE { ?m prov:wasGeneratedBy ?x } GROUP BY ?x ORDER BY ?x")[0] == (f"{base}extractor/kg_abbreviations",)


@pytest.mark.parametrize(("given_base", "normalised"), [
    ("https://example.org/kg", "https://example.org/kg/"),
    ("https://example.org/kg#", "https://example.org/kg#"),
    ("http://example.org/my kg/{x}", "http://example.org/my%20kg/%7Bx%7D/"),
])
def test_base_iri_is_normalised(given_base, normalised):
    assert rdf.normalise_base(given_base) == normalised


def test_a_relative_base_iri_is_refused():
    with pytest.raises(ValueError, match="not an absolute IRI"):
        rdf.normalise_base("kg/")


TRICKY = [
    'say "hi"', "back\\slash \\u0041 \\n (not escapes)", "ends with a backslash\\", '"', "", "line\nbreak\r\ncrlf\rcr",
    "tab\tform\fbell\x07nul\x00del\x7f esc\x1b", "".join(map(chr, range(0x20))), "üñí 漢字 😀 \u2028\u2029\ufeff\u00a0",
    "lone \ud800 surrogate",
]


def test_literals_are_escaped_as_canonical_ntriples():
    assert rdf.text('a"b\\c\nd\re\tf\bg\fh\x00i\x1fj\x7fk') == r'"a\"b\\c\nd\re\tf\bg\fh\u0000i\u001Fj\u007Fk"'
    assert rdf.text("üñí 漢字 😀 \u2028") == '"üñí 漢字 😀 \u2028"'
    assert rdf.text("lone \ud800 surrogate") == '"lone \ufffd surrogate"'
    assert rdf.decimal(0.1 + 0.2) == '"0.30000000000000004"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    assert rdf.decimal(-0.0) == '"-0.0"^^<http://www.w3.org/2001/XMLSchema#decimal>' and rdf.decimal(float("nan")) is None
    assert rdf.integer(7) == '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'


def _write_literals(values: list[str], path: Path) -> list[str]:
    """values as objects of one subject in an N-Triples file; returns the values a parser should read."""
    subject, predicate = rdf.iri("http://example.org/s"), rdf.iri("http://example.org/p")
    assert rdf.write_ntriples(((subject, predicate, rdf.text(value)) for value in values), path) == len(values)
    return sorted(value.replace("\ud800", "\ufffd") for value in values)


def test_tricky_literals_round_trip_through_pyoxigraph(tmp_path):
    expected = _write_literals(TRICKY, tmp_path / "tricky.nt")
    assert sorted(quad.object.value for quad in load_store(tmp_path / "tricky.nt")) == expected


@pytest.mark.rapper
def test_tricky_literals_round_trip_through_rapper(tmp_path):
    """rapper reads every literal as written (except NUL: raptor's C strings end there, so it is left out here)."""
    expected = _write_literals([value.replace("\x00", "") for value in TRICKY], tmp_path / "tricky.nt")
    rapper = require_binary("rapper", "raptor2-utils")
    done = subprocess.run([rapper, "-q", "-i", "ntriples", "-o", "ntriples", str(tmp_path / "tricky.nt")], capture_output=True)
    assert done.returncode == 0, done.stderr
    store = ox.Store()
    store.load(done.stdout, format=ox.RdfFormat.N_TRIPLES)  # what rapper read, written back by rapper
    assert sorted(quad.object.value for quad in store) == expected


@pytest.mark.parametrize("bad", ["http://x.org/a b", "http://x.org/<a>", 'http://x.org/"', "http://x.org/\n", "http://x.org/{a}",
                                 "http://x.org/a\\b", "http://x.org/a|b", "http://x.org/^", "http://x.org/`"])
def test_an_iri_with_a_forbidden_character_is_refused(bad):
    with pytest.raises(ValueError, match="not a valid IRI"):
        rdf.iri(bad)
    assert rdf.iri("http://x.org/ü%20?a=b#c") == "<http://x.org/ü%20?a=b#c>"


def test_odd_strings_give_valid_rdf_in_every_format(odd_export):
    graph = odd_graph()
    stores = {name: load_store(odd_export / name) for name in ("graph.nt", "graph.ttl", "graph.jsonld")}
    triples = {name: triple_set(store) for name, store in stores.items()}
    assert triples["graph.ttl"] == triples["graph.nt"] == triples["graph.jsonld"]
    rdflib.Graph().parse(odd_export / "graph.ttl", format="turtle")
    store = stores["graph.ttl"]
    paper = model.papers(graph)[0]
    assert select(store, "SELECT ?t WHERE { ?p a kg:Paper ; dcterms:title ?t }") == [(ODD,)]
    assert select(store, "SELECT ?id WHERE { ?p a kg:Paper ; dcterms:identifier ?id }") == [(paper.id,)]
    assert sorted(select(store, "SELECT ?a WHERE { ?p schema:author ?a }")) == [('A "B"',), ("C <D>",)]
    iris = {term.value for quad in store for term in (quad.subject, quad.object) if isinstance(term, ox.NamedNode)}
    assert all(not re.search(r'[\s<>"{}|\\^`]', iri) for iri in iris)
    (url,) = select(store, "SELECT ?u WHERE { ?r a kg:Repository ; schema:url ?u }")
    assert unquote(url[0]) == 'https://github.com/x y/{z}>"ü%zz#a#b'
    assert select(store, "SELECT ?x WHERE { ?e owl:sameAs ?x }") == [("http://www.wikidata.org/entity/Q42",)]


def test_odd_strings_survive_the_streamed_turtle(odd_export, odd_streamed_export):
    assert (odd_streamed_export / "graph.nt").read_bytes() == (odd_export / "graph.nt").read_bytes()
    assert triple_set(load_store(odd_streamed_export / "graph.ttl")) == triple_set(load_store(odd_export / "graph.nt"))
    rdflib.Graph().parse(odd_streamed_export / "graph.ttl", format="turtle")


@pytest.mark.rapper
@pytest.mark.parametrize("export", ["odd_export", "odd_streamed_export"])
@pytest.mark.parametrize(("name", "syntax"), [("graph.ttl", "turtle"), ("graph.nt", "ntriples")])
def test_rapper_accepts_the_odd_export(request, export, name, syntax):
    rapper = require_binary("rapper", "raptor2-utils")
    out = request.getfixturevalue(export)
    expected = len(triple_set(load_store(out / "graph.nt")))
    done = subprocess.run([rapper, "-i", syntax, "-c", str(out / name)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"returned {expected} triples" in done.stderr


@pytest.mark.rapper
@pytest.mark.parametrize(("name", "syntax"), [("graph.ttl", "turtle"), ("graph.nt", "ntriples")])
def test_rapper_accepts_the_example_export(example_export, name, syntax):
    rapper = require_binary("rapper", "raptor2-utils")
    out, _ = example_export
    expected = len((out / "graph.nt").read_text(encoding="utf-8").splitlines())
    done = subprocess.run([rapper, "-i", syntax, "-c", str(out / name)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"returned {expected} triples" in done.stderr


@pytest.mark.rapper
def test_rapper_rejects_broken_turtle(tmp_path):
    """The rapper checks above can fail: a Turtle file with an unescaped quote does not parse."""
    rapper = require_binary("rapper", "raptor2-utils")
    broken = tmp_path / "broken.ttl"
    broken.write_text('<http://x/a> <http://x/p> "a "quote" b" .\n', encoding="utf-8")
    assert subprocess.run([rapper, "-i", "turtle", "-c", str(broken)], capture_output=True).returncode != 0


text_strategy = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=text_strategy, name=text_strategy, entity_slug=text_strategy, url=text_strategy)
def test_any_text_round_trips_through_ntriples_and_turtle(title, name, entity_slug, url):
    paper = Paper("p " + title[:5], title, "abstract", [])
    entity = Entity("k", "repository/" + entity_slug, "REPOSITORY", name, aliases=(url,), url="https://x.org/" + url, kind="code")
    link = Link(paper.id, entity.id, "hasCode", "proposed", 0.5,
                (Mention("REPOSITORY", name, name, "title", 0, 1, title, url, 0.5, "proposed"),))
    graph = build_graph([paper], [entity], [link])
    rows = list(rdf.triples(graph, DEFAULT_BASE_IRI))
    nt = ntriples(rows)
    turtle = rdf.rdflib_graph(nt, DEFAULT_BASE_IRI).serialize(format="turtle")
    streamed = ox.serialize(ox.parse(nt.encode("utf-8"), ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                            prefixes=rdf.turtle_prefixes(DEFAULT_BASE_IRI)).decode("utf-8")
    for data, syntax in ((nt, ox.RdfFormat.N_TRIPLES), (turtle, ox.RdfFormat.TURTLE), (streamed, ox.RdfFormat.TURTLE)):
        store = ox.Store()
        store.load(data.encode("utf-8"), format=syntax)
        assert len(store) == len(rows)
        assert select(store, "SELECT ?t WHERE { ?p dcterms:title ?t }") == [(title,)]
        assert select(store, "SELECT ?n WHERE { ?e a kg:Repository ; rdfs:label ?n }") == [(name,)]
        assert select(store, "SELECT ?c WHERE { ?x a kg:Extractor ; rdfs:label ?c }") == [(url,)]


# ---------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ontology() -> ox.Store:
    store = ox.Store()
    store.load(rdf.shipped("ontology.ttl").encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return store


def test_ontology_declares_the_required_classes_and_properties(ontology):
    classes = {row[0] for row in select(ontology, "SELECT ?c WHERE { ?c a owl:Class }")}
    for name in ("Paper", "Model", "Dataset", "Benchmark", "Method", "Metric", "Repository", "Mention"):
        assert KG + name in classes
    properties = {row[0] for row in select(ontology, "SELECT ?p WHERE { { ?p a owl:ObjectProperty } UNION { ?p a owl:DatatypeProperty } }")}
    for name in ("proposes", "uses", "evaluatedOn", "hasCode", "variantOf", "mentionedIn", "mentionOf", "evidence",
                 "field", "start", "end", "confidence"):
        assert KG + name in properties
    assert select(ontology, "SELECT ?o WHERE { ?o a owl:Ontology }")


@pytest.mark.parametrize(("term", "relation", "target"), [
    ("Paper", "subClassOf", "https://schema.org/ScholarlyArticle"),
    ("Dataset", "subClassOf", "https://schema.org/Dataset"),
    ("Dataset", "subClassOf", "http://www.w3.org/ns/dcat#Dataset"),
    ("Model", "subClassOf", "http://www.w3.org/ns/mls#Model"),
    ("Method", "subClassOf", "http://www.w3.org/ns/mls#Algorithm"),
    ("Metric", "subClassOf", "http://www.w3.org/ns/mls#EvaluationMeasure"),
    ("Mention", "subClassOf", "http://www.w3.org/ns/prov#Entity"),
    ("hasModel", "subPropertyOf", "https://linkedpaperswithcode.com/property/hasModel"),
    ("usesDataset", "subPropertyOf", "https://linkedpaperswithcode.com/property/usesDataset"),
    ("hasMethod", "subPropertyOf", "https://linkedpaperswithcode.com/property/hasMethod"),
    ("hasCode", "subPropertyOf", "https://linkedpaperswithcode.com/property/hasRepository"),
    ("mentionedIn", "subPropertyOf", "http://www.w3.org/ns/prov#wasDerivedFrom"),
])
def test_ontology_maps_to_standard_vocabularies(ontology, term, relation, target):
    assert ontology.query(PREFIXES + f"ASK {{ kg:{term} rdfs:{relation}+ <{target}> }}")


def test_every_kg_term_in_the_export_is_declared_and_documented(example_store, ontology):
    used = {row[0] for row in select(example_store, "SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }")}
    used = {term for term in used if term.startswith(KG)}
    documented = {row[0] for row in select(ontology, "SELECT ?t WHERE { ?t rdfs:label ?l ; rdfs:comment ?c }")}
    assert used and used <= documented, sorted(used - documented)


def test_data_joins_with_linkedpaperswithcode_through_the_ontology(example_graph, example_export):
    """With the ontology loaded, lpwc:hasModel / usesDataset / hasMethod / hasRepository answer from kg data."""
    out, _ = example_export
    store = load_store(out / "graph.nt")
    store.load(rdf.shipped("ontology.ttl").encode("utf-8"), format=ox.RdfFormat.TURTLE)
    types = {e.id: e.type for e in model.entities(example_graph)}
    wanted = {
        "hasModel": lambda l: types[l.entity] == "MODEL",
        "hasMethod": lambda l: types[l.entity] == "METHOD",
        "usesDataset": lambda l: types[l.entity] in ("DATASET", "BENCHMARK") and l.relation in ("uses", "evaluatedOn"),
        "hasRepository": lambda l: l.relation == "hasCode",
    }
    for lpwc, keep in wanted.items():
        rows = select(store, f"""SELECT ?p ?e WHERE {{ ?prop rdfs:subPropertyOf* lpwc:{lpwc} . ?x ?prop ?y .
                                  ?x dcterms:identifier ?p . ?y dcterms:identifier ?e }}""")
        assert Counter(rows) == Counter((l.paper, l.entity) for l in model.links(example_graph) if keep(l)), lpwc


# ---------------------------------------------------------------------------------------
# SHACL
# ---------------------------------------------------------------------------------------


def shacl_validate(data: rdflib.Graph) -> tuple[bool, rdflib.Graph]:
    import pyshacl

    shapes = rdflib.Graph().parse(data=rdf.shipped("shapes.ttl"), format="turtle")
    data.parse(data=rdf.shipped("ontology.ttl"), format="turtle")  # what ont_graph= does, without copying the data
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes)
    return conforms, report


def test_example_export_conforms_to_the_shapes(example_export):
    out, _ = example_export
    conforms, report = shacl_validate(rdflib.Graph().parse(out / "graph.nt", format="nt"))
    assert conforms, report.serialize(format="turtle")[:3000]


def _synthetic_rdflib_graph() -> rdflib.Graph:
    return rdf.rdflib_graph(ntriples(rdf.triples(synthetic_graph(), DEFAULT_BASE_IRI)), DEFAULT_BASE_IRI)


K = rdflib.Namespace(KG)
BASE = rdflib.Namespace(DEFAULT_BASE_IRI)
P1, LORA = BASE["paper/p1"], BASE["method/lora"]
M1 = BASE["mention/p1/method/lora/1"]
DCT = rdflib.namespace.DCTERMS


def _drop_evidence(g):
    g.remove((M1, K.evidence, None))


def _backwards_offsets(g):
    g.set((M1, K.start, rdflib.Literal(50)))
    g.set((M1, K.end, rdflib.Literal(40)))


def _bad_field(g):
    g.set((M1, K.field, rdflib.Literal("body")))


def _confidence_above_one(g):
    g.set((M1, K.confidence, rdflib.Literal("1.5", datatype=rdflib.XSD.decimal)))


def _two_titles(g):
    g.add((P1, DCT.title, rdflib.Literal("Another title")))


def _link_without_mention(g):
    g.add((P1, K.uses, BASE["metric/accuracy"]))


def _mention_without_link(g):
    g.remove((P1, K.uses, LORA))


def _two_relations(g):
    g.add((P1, K.proposes, LORA))


def _untyped_entity(g):
    g.remove((LORA, rdflib.RDF.type, K.Method))


def _literal_link(g):
    g.add((P1, K.evaluatedOn, rdflib.Literal("GSM8K")))


def _bad_wikidata(g):
    g.add((LORA, rdflib.OWL.sameAs, rdflib.URIRef("https://example.org/not-wikidata")))


BREAKAGES = [
    (_drop_evidence, "MinCount"),
    (_backwards_offsets, "LessThan"),
    (_bad_field, "In"),
    (_confidence_above_one, "MaxInclusive"),
    (_two_titles, "MaxCount"),
    (_link_without_mention, "SPARQL"),
    (_mention_without_link, "SPARQL"),
    (_two_relations, "SPARQL"),
    (_untyped_entity, "Class"),
    (_literal_link, "Class"),
    (_bad_wikidata, "Pattern"),
]
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def test_synthetic_export_conforms():
    conforms, report = shacl_validate(_synthetic_rdflib_graph())
    assert conforms, report.serialize(format="turtle")


@pytest.mark.parametrize(("breakage", "component"), BREAKAGES, ids=[f.__name__.strip("_") for f, _ in BREAKAGES])
def test_broken_graph_does_not_conform(breakage, component):
    graph = _synthetic_rdflib_graph()
    breakage(graph)
    conforms, report = shacl_validate(graph)
    assert not conforms
    results = list(report.subjects(rdflib.RDF.type, SH.ValidationResult))
    assert {report.value(r, SH.focusNode) for r in results} & {P1, LORA, M1, K.Paper}
    assert SH[f"{component}ConstraintComponent"] in {report.value(r, SH.sourceConstraintComponent) for r in results}
