"""`kg query` and the example SPARQL queries (examples/queries/*.rq).

Each example query's answer on the example build is computed independently in Python from
the graph model (kg.graph records, networkx) and compared with what `kg query` prints. The
synthetic graph of test_rdf.py, where every answer is known by construction, checks the
same queries against hand-written answers, so a query that is empty on the example data
is still tested.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import pytest

from kg import graph as model
from kg.cli import main
from kg.export import DEFAULT_BASE_IRI
from kg.export.rdf import external_iri
from test_rdf import ROOT, export_rdf, synthetic_graph

QUERIES = ROOT / "examples" / "queries"
KG = "https://w3id.org/kg-ml/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
QUERY_NAMES = sorted(p.stem for p in QUERIES.glob("*.rq"))


# ---------------------------------------------------------------------------------------
# Running `kg query`
# ---------------------------------------------------------------------------------------


def kg_query(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["query", *args])
    out, err = capsys.readouterr()
    return code, out, err


def value(binding: dict | None):
    """A SPARQL JSON binding as the graph model names it: ids for data IRIs, kg:x for vocabulary, numbers as numbers."""
    if binding is None:
        return None
    text = binding["value"]
    if binding["type"] == "uri":
        if text.startswith(KG):
            return "kg:" + text[len(KG):]
        return unquote(text[len(DEFAULT_BASE_IRI):]) if text.startswith(DEFAULT_BASE_IRI) else text
    datatype = binding.get("datatype", "")
    if datatype == XSD + "integer":
        return int(text)
    if datatype in (XSD + "decimal", XSD + "double"):
        return round(float(text), 9)
    return text


def json_rows(document: dict) -> list[tuple]:
    names = document["head"]["vars"]
    return [tuple(value(binding.get(name)) for name in names) for binding in document["results"]["bindings"]]


def answer(capsys, name: str, data: Path) -> list[tuple]:
    code, out, err = kg_query(capsys, str(QUERIES / f"{name}.rq"), "--data", str(data), "--format", "json")
    assert code == 0, err
    return json_rows(json.loads(out))


# ---------------------------------------------------------------------------------------
# Expected answers from the graph model
# ---------------------------------------------------------------------------------------


class Records:
    """The graph model's records, indexed for the expected answers."""

    def __init__(self, graph):
        self.papers = {p.id: p for p in model.papers(graph)}
        self.entities = {e.id: e for e in model.entities(graph)}
        self.links = model.links(graph)
        self.variants = nx.DiGraph(model.variant_edges(graph))  # variant -> family

    def named(self, name: str) -> set[str]:
        return {e.id for e in self.entities.values() if e.name == name or name in e.aliases}

    def type(self, entity_id: str) -> str:
        return self.entities[entity_id].type

    def label(self, entity_id: str) -> str:
        return self.entities[entity_id].name

    def members(self, families: set[str]) -> set[str]:
        """The families and every entity that is a variant of one of them, at any depth."""
        found = set(families)
        for family in families:
            if family in self.variants:
                found |= nx.ancestors(self.variants, family)
        return found

    def of_paper(self, paper_id: str):
        return [link for link in self.links if link.paper == paper_id]

    def title(self, paper_id: str) -> str:
        return self.papers[paper_id].title


def _paper(paper_id: str) -> str:
    return model.paper_node(paper_id)


def _ranked(counts: dict[str, set], r: Records, limit: int | None = None) -> list[tuple]:
    rows = sorted(((e, r.label(e), len(papers)) for e, papers in counts.items()), key=lambda row: (-row[2], row[1], row[0]))
    return rows[:limit] if limit else rows


def _papers_per_entity(r: Records, keep) -> dict[str, set]:
    found = defaultdict(set)
    for link in r.links:
        if keep(link):
            found[link.entity].add(link.paper)
    return found


def expect_most_used_benchmarks(r: Records):
    return _ranked(_papers_per_entity(r, lambda l: r.type(l.entity) == "BENCHMARK" and l.relation in ("uses", "evaluatedOn")), r, 20)


def expect_top_models(r: Records):
    return _ranked(_papers_per_entity(r, lambda l: r.type(l.entity) == "MODEL"), r, 20)


def first_listing_month(paper) -> str | None:
    dates = [listing.date for listing in paper.listings if listing.date]
    with_year = sorted(d for d in dates if not d.startswith("--"))
    if with_year:
        return with_year[0][:7]
    without_year = sorted(d for d in dates if d.startswith("--"))
    return without_year[0][:4] if without_year else None


def expect_models_proposed_per_month(r: Records):
    models, papers = defaultdict(set), defaultdict(set)
    for link in r.links:
        month = first_listing_month(r.papers[link.paper])
        if link.relation == "proposes" and r.type(link.entity) == "MODEL" and month:
            models[month].add(link.entity)
            papers[month].add(link.paper)
    return [(month, len(models[month]), len(papers[month])) for month in sorted(models)]


def expect_propose_model_evaluate_gsm8k(r: Records):
    gsm8k = r.named("GSM8K")
    rows = set()
    for paper_id in r.papers:
        links = r.of_paper(paper_id)
        if any(l.relation == "evaluatedOn" and l.entity in gsm8k for l in links):
            rows |= {(_paper(paper_id), r.title(paper_id), l.entity, r.label(l.entity))
                     for l in links if l.relation == "proposes" and r.type(l.entity) == "MODEL"}
    return sorted(rows, key=lambda row: (row[1], row[0], row[3], row[2]))


def expect_repositories_of_lora_papers(r: Records):
    lora = r.members(r.named("LoRA"))
    rows = set()
    for paper_id in r.papers:
        links = r.of_paper(paper_id)
        urls = [external_iri(r.entities[l.entity].url) for l in links if l.relation == "hasCode"]
        for l in links:
            if l.relation == "uses" and l.entity in lora:
                rows |= {(_paper(paper_id), r.title(paper_id), r.label(l.entity), url) for url in urls if url}
    return sorted(rows, key=lambda row: (row[1], row[0], row[2], row[3]))


def expect_datasets_used_with_model(r: Records):
    llama2 = r.members(r.named("Llama 2"))
    papers = {l.paper for l in r.links if l.entity in llama2 and r.type(l.entity) == "MODEL"}
    used = _papers_per_entity(r, lambda l: l.paper in papers and r.type(l.entity) in ("DATASET", "BENCHMARK")
                              and l.relation in ("uses", "evaluatedOn"))
    return _ranked(used, r)


def expect_co_occurring_with_dpo(r: Records):
    pairs = set()
    for dpo in r.named("DPO"):
        for paper_id in {l.paper for l in r.links if l.entity == dpo}:
            pairs |= {(l.entity, paper_id) for l in r.of_paper(paper_id) if l.entity != dpo}
    counts = Counter(entity for entity, _ in pairs)
    rows = [(e, r.label(e), "kg:" + model.KIND_OF_TYPE[r.type(e)], n) for e, n in counts.items()]
    return sorted(rows, key=lambda row: (-row[3], row[1], row[0]))


def expect_papers_without_code(r: Records):
    with_code = {l.paper for l in r.links if l.relation == "hasCode"}
    return sorted(((_paper(p), r.title(p)) for p in r.papers if p not in with_code), key=lambda row: (row[1], row[0]))


def expect_evidence_for_link(r: Records):
    lora = {e for e in r.entities if r.label(e) == "LoRA"}
    return Counter(
        (_paper(l.paper), "kg:" + l.relation, m.sentence, m.field, m.start, m.end, m.component, round(m.confidence, 9))
        for l in r.links if l.entity in lora for m in l.mentions
    )


def expect_aliases_of_entity(r: Records):
    return [(e, r.label(e), alias) for e in sorted(r.named("Transformer"))
            for alias in sorted(set(r.entities[e].aliases) - {r.label(e)})]


def expect_model_families(r: Records):
    rows = [(family, r.label(family), variant, r.label(variant))
            for variant in r.variants for family in nx.descendants(r.variants, variant) if r.type(family) == "MODEL"]
    return sorted(rows, key=lambda row: (row[1], row[0], row[3], row[2]))


def expect_wikidata_links(r: Records):
    rows = [(e.id, e.name, f"http://www.wikidata.org/entity/{e.wikidata}") for e in r.entities.values() if e.wikidata]
    return sorted(rows, key=lambda row: (row[1], row[0]))


def expect_links_to_review(r: Records):
    rows = []
    for l in r.links:
        best = max(m.confidence for m in l.mentions)
        if best < 0.7:
            rows.append((_paper(l.paper), "kg:" + l.relation, l.entity, round(best, 9), len(l.mentions)))
    return sorted(rows, key=lambda row: (row[3], row[0], row[2]))


def expect_mentions_per_extractor(r: Records):
    confidences = defaultdict(list)
    for l in r.links:
        for m in l.mentions:
            confidences[m.component].append(m.confidence)
    rows = [(c, len(v), round(sum(v) / len(v), 9)) for c, v in confidences.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def expect_new_datasets(r: Records):
    rows = [(_paper(l.paper), r.title(l.paper), l.entity, r.label(l.entity))
            for l in r.links if l.relation == "proposes" and r.type(l.entity) in ("DATASET", "BENCHMARK")]
    return sorted(rows, key=lambda row: (row[1], row[0], row[3], row[2]))


EXPECTED = {name[len("expect_"):].replace("_", "-"): f for name, f in globals().items() if name.startswith("expect_")}

# Hand-written answers on synthetic_graph() (see its docstring).
P1, P2, P3, P4 = "paper/p1", "paper/p2", "paper/p3", "paper/p4"
SYNTHETIC_ANSWERS = {
    "most-used-benchmarks": [("benchmark/mmlu", "MMLU", 1)],
    "top-models": [("model/fourthmodel", "FourthModel", 1), ("model/llama-2", "Llama 2", 1), ("model/llama-2-7b", "Llama 2 7B", 1),
                   ("model/newmodel", "NewModel", 1), ("model/othermodel", "OtherModel", 1)],
    "models-proposed-per-month": [("--03", 1, 1), ("2024-03", 1, 1), ("2024-04", 1, 1)],
    "propose-model-evaluate-gsm8k": [(P1, "Paper One", "model/newmodel", "NewModel")],
    "repositories-of-lora-papers": [(P1, "Paper One", "LoRA", "https://github.com/a/b"), (P2, "Paper Two", "QLoRA", "https://github.com/c/d")],
    "datasets-used-with-model": [("dataset/gsm8k", "GSM8K", 2), ("dataset/alpaca-data", "Alpaca data", 1), ("benchmark/mmlu", "MMLU", 1)],
    "co-occurring-with-dpo": [("dataset/gsm8k", "GSM8K", "kg:Dataset", 2), ("model/llama-2", "Llama 2", "kg:Model", 1),
                              ("method/lora", "LoRA", "kg:Method", 1), ("model/newmodel", "NewModel", "kg:Model", 1),
                              ("model/othermodel", "OtherModel", "kg:Model", 1), ("metric/accuracy", "accuracy", "kg:Metric", 1),
                              ("repository/github-com-a-b", "https://github.com/a/b", "kg:Repository", 1)],
    "papers-without-code": [(P4, "Paper Four"), (P3, "Paper Three")],
    "evidence-for-link": Counter({
        (P1, "kg:uses", synthetic_graph().nodes[P1]["record"].abstract, "abstract", start, end, component, confidence): 1
        for start, end, component, confidence in ((48, 52, "kg_abbreviations", 0.6), (54, 73, "kg_shapes", 0.5))
    }),
    "aliases-of-entity": [("method/transformer", "Transformer", "Transformers"), ("method/transformer", "Transformer", "transformer")],
    "model-families": [("model/llama-2", "Llama 2", "model/llama-2-7b", "Llama 2 7B")],
    "wikidata-links": [("model/llama-2", "Llama 2", "http://www.wikidata.org/entity/Q117274488"),
                       ("method/transformer", "Transformer", "http://www.wikidata.org/entity/Q85810444")],
    "links-to-review": [(P1, "kg:uses", "method/lora", 0.6, 2)],
    "mentions-per-extractor": [("kg_gazetteer", 12, 0.9), ("kg_proposals", 4, 0.875), ("kg_urls", 2, 0.99),
                               ("kg_abbreviations", 1, 0.6), ("kg_shapes", 1, 0.5)],
    "new-datasets": [(P4, "Paper Four", "dataset/alpaca-data", "Alpaca data")],
}


# ---------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_ttl(example_graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("query-example")
    export_rdf(example_graph, out)
    return out / "graph.ttl"


@pytest.fixture(scope="module")
def synthetic_ttl(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("query-synthetic")
    export_rdf(synthetic_graph(), out)
    return out / "graph.ttl"


def _compare(actual: list[tuple], expected) -> None:
    if isinstance(expected, Counter):  # the query's ORDER BY leaves ties: compare as multisets
        assert Counter(actual) == expected
    else:
        assert actual == expected


# ---------------------------------------------------------------------------------------
# The example queries
# ---------------------------------------------------------------------------------------


def test_there_are_at_least_ten_example_queries_each_with_a_question():
    assert len(QUERY_NAMES) >= 10
    for name in QUERY_NAMES:
        first = (QUERIES / f"{name}.rq").read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# Question: ") and first.rstrip().endswith("?"), name


def test_every_example_query_has_an_expected_answer():
    assert set(EXPECTED) == set(QUERY_NAMES) == set(SYNTHETIC_ANSWERS)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_example_query_answers_match_the_graph_model(capsys, example_graph, example_ttl, name):
    _compare(answer(capsys, name, example_ttl), EXPECTED[name](Records(example_graph)))


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_example_query_answers_on_a_graph_with_known_answers(capsys, synthetic_ttl, name):
    actual = answer(capsys, name, synthetic_ttl)
    _compare(actual, SYNTHETIC_ANSWERS[name])
    _compare(actual, EXPECTED[name](Records(synthetic_graph())))  # the Python answers agree with the hand-written ones


def test_listing_month_works_for_dates_with_and_without_a_year(capsys, synthetic_ttl):
    months = [row[0] for row in answer(capsys, "models-proposed-per-month", synthetic_ttl)]
    assert "--03" in months and "2024-03" in months


# ---------------------------------------------------------------------------------------
# Output formats
# ---------------------------------------------------------------------------------------


ALIASES = str(QUERIES / "aliases-of-entity.rq")


def test_json_output_is_sparql_results_json(capsys, synthetic_ttl):
    code, out, _ = kg_query(capsys, str(QUERIES / "most-used-benchmarks.rq"), "--data", str(synthetic_ttl), "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["head"]["vars"] == ["benchmark", "name", "papers"]
    assert document["results"]["bindings"] == [{
        "benchmark": {"type": "uri", "value": DEFAULT_BASE_IRI + "benchmark/mmlu"},
        "name": {"type": "literal", "value": "MMLU"},
        "papers": {"type": "literal", "value": "1", "datatype": XSD + "integer"},
    }]


def test_csv_output_has_a_header_and_plain_values(capsys, synthetic_ttl):
    code, out, _ = kg_query(capsys, ALIASES, "--data", str(synthetic_ttl), "--format", "csv")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        ["entity", "name", "alias"],
        [DEFAULT_BASE_IRI + "method/transformer", "Transformer", "Transformers"],
        [DEFAULT_BASE_IRI + "method/transformer", "Transformer", "transformer"],
    ]


def test_table_output_has_aligned_columns(capsys, synthetic_ttl):
    code, out, _ = kg_query(capsys, str(QUERIES / "co-occurring-with-dpo.rq"), "--data", str(synthetic_ttl))
    assert code == 0
    _, json_out, _ = kg_query(capsys, str(QUERIES / "co-occurring-with-dpo.rq"), "--data", str(synthetic_ttl), "--format", "json")
    document = json.loads(json_out)
    names = document["head"]["vars"]
    rows = [[b[n]["value"] for n in names] for b in document["results"]["bindings"]]
    lines = out.splitlines()
    assert lines[-1] == f"({len(rows)} rows)"
    widths = [max(len(x) for x in column) for column in zip(names, *rows)]
    starts = [sum(widths[:i]) + 2 * i for i in range(len(names))]
    for line, cells in zip([lines[0], *lines[2:-1]], [names, *rows]):
        for start, cell in zip(starts, cells):
            assert line[start:start + len(cell)] == cell, line
    assert set(lines[1].replace(" ", "")) == {"-"}


def test_table_escapes_line_breaks_in_values(capsys, tmp_path):
    data = tmp_path / "one.nt"
    data.write_text('<http://x/a> <http://x/p> "two\\nlines" .\n', encoding="utf-8")
    code, out, _ = kg_query(capsys, "SELECT ?o WHERE { ?s ?p ?o }", "--data", str(data))
    assert code == 0 and out.splitlines()[2] == "two\\nlines"


def test_query_text_and_query_file_give_the_same_output(capsys, synthetic_ttl):
    text = (QUERIES / "aliases-of-entity.rq").read_text(encoding="utf-8")
    assert kg_query(capsys, text, "--data", str(synthetic_ttl)) == kg_query(capsys, ALIASES, "--data", str(synthetic_ttl))


def test_ask_and_construct_queries(capsys, synthetic_ttl):
    ask = "ASK { ?p <https://w3id.org/kg-ml/ontology#hasCode> ?r }"
    assert kg_query(capsys, ask, "--data", str(synthetic_ttl), "--format", "json")[1:] == ('{\n "head": {},\n "boolean": true\n}\n', "")
    assert kg_query(capsys, ask, "--data", str(synthetic_ttl))[1] == "true\n"
    construct = "CONSTRUCT { ?e <http://x/named> ?n } WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> 'MMLU' , ?n }"
    code, out, _ = kg_query(capsys, construct, "--data", str(synthetic_ttl), "--format", "csv")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [["subject", "predicate", "object"], [DEFAULT_BASE_IRI + "benchmark/mmlu", "http://x/named", "MMLU"]]


@pytest.mark.parametrize("data_name", ["graph.nt", "graph.jsonld"])
def test_every_rdf_file_of_the_export_can_be_queried(capsys, synthetic_ttl, data_name):
    expected = kg_query(capsys, str(QUERIES / "co-occurring-with-dpo.rq"), "--data", str(synthetic_ttl), "--format", "csv")
    assert kg_query(capsys, str(QUERIES / "co-occurring-with-dpo.rq"), "--data", str(synthetic_ttl.parent / data_name), "--format", "csv") == expected


# ---------------------------------------------------------------------------------------
# Defaults and errors
# ---------------------------------------------------------------------------------------


def test_default_data_is_exports_graph_ttl(capsys, synthetic_ttl, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = kg_query(capsys, ALIASES)
    assert code == 1 and "exports/graph.ttl" in err
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "graph.nt").write_bytes((synthetic_ttl.parent / "graph.nt").read_bytes())
    code, out_nt, _ = kg_query(capsys, ALIASES)  # a graph too large for Turtle: only graph.nt was written
    assert code == 0 and "Transformers" in out_nt
    (tmp_path / "exports" / "graph.ttl").write_text("", encoding="utf-8")  # graph.ttl wins when it exists
    code, out, _ = kg_query(capsys, ALIASES)
    assert code == 0 and out == "entity  name  alias\n------  ----  -----\n(0 rows)\n"


@pytest.mark.parametrize(("query", "data", "message"), [
    ("SELECT WHERE {", "graph.ttl", "bad SPARQL query"),
    ("SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?p", "graph.ttl", "bad SPARQL query"),
    ("missing-query.rq", "graph.ttl", "no query file missing-query.rq"),
    ("   ", "graph.ttl", "empty query"),
    ("SELECT * WHERE { ?s ?p ?o }", "missing.ttl", "no data file"),
    ("SELECT * WHERE { ?s ?p ?o }", "broken.ttl", "cannot read"),
    ("SELECT * WHERE { ?s ?p ?o }", "graph.xyz", "cannot tell the RDF format"),
])
def test_bad_queries_and_bad_data_exit_1_with_a_clear_message(capsys, synthetic_ttl, tmp_path, query, data, message):
    (tmp_path / "broken.ttl").write_text("<http://x/a> <http://x/p> \"unterminated .\n", encoding="utf-8")
    (tmp_path / "graph.xyz").write_text("", encoding="utf-8")
    (tmp_path / "graph.ttl").write_bytes(synthetic_ttl.read_bytes())
    code, out, err = kg_query(capsys, query, "--data", str(tmp_path / data))
    assert code == 1
    assert out == ""
    assert err.startswith("kg query: ") and message in err
    assert "Traceback" not in err


def test_kg_query_command_line_exit_codes(synthetic_ttl):
    ok = subprocess.run([sys.executable, "-m", "kg", "query", ALIASES, "--data", str(synthetic_ttl), "--format", "csv"],
                        capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0 and ok.stdout.startswith("entity,name,alias\n")
    bad = subprocess.run([sys.executable, "-m", "kg", "query", "SELECT nonsense", "--data", str(synthetic_ttl)],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1 and "kg query: bad SPARQL query" in bad.stderr and "Traceback" not in bad.stderr
