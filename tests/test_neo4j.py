"""The Neo4j export (kg.export.neo4j), `kg load-neo4j` (kg.neo4j_loader) and examples/cypher/.

No Neo4j server installs here, so the data path runs on a real openCypher engine, FalkorDB
(tests/falkordb_server.py): load.cypher (without its Neo4j-only IN TRANSACTIONS wrapper) and
the loader's batched statements must both give the graph's counts, twice in a row, and the same
nodes and relationships. Neo4j-only syntax (schema.cypher, IN TRANSACTIONS) is checked with
Neo4j's own Cypher parser, npm @neo4j-cypher/language-support, installed outside the repo
(KG_CYPHER_PARSER_DIR, default /tmp/kg-cypher-parser).
Expected values come from the graph model (kg.graph), never from the export.
"""
from __future__ import annotations

import csv
import itertools
import json
import os
import shutil
import struct
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from falkordb_server import falkordb_server, free_port

from kg import graph as model
from kg.cli import main as kg_main
from kg.export import ExportOptions
from kg.export import neo4j as layout
from kg.graph import build_graph
from kg.neo4j_loader import (database_counts, load, node_count_statement, node_statement, read_export,
                             relationship_count_statement, relationship_statement, statements)
from kg.records import Entity, Link, Listing, Mention, Paper

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_QUERIES = sorted((ROOT / "examples" / "cypher").glob("*.cypher"))
TYPE_OF_RELATION = {"proposes": "PROPOSES", "uses": "USES", "evaluatedOn": "EVALUATED_ON", "hasCode": "HAS_CODE",
                    "variantOf": "VARIANT_OF"}
PARSER_DIR = Path(os.environ.get("KG_CYPHER_PARSER_DIR", "/tmp/kg-cypher-parser"))
PARSER_PACKAGE = "@neo4j-cypher/language-support@2.0.0-next.38"


# --- graphs -----------------------------------------------------------------------------------

def export_into(graph, folder: Path) -> Path:
    layout.export(graph, folder, ExportOptions())
    return folder / layout.FOLDER


@pytest.fixture(scope="module")
def example_export(example_graph, tmp_path_factory) -> Path:
    return export_into(example_graph, tmp_path_factory.mktemp("example"))


NASTY_NAME = "'}) DETACH DELETE n //"
NASTY_TITLE = 'Quotes "double" and \'single\', back\\slash\\; semi;colon\nsecond line\r\nthird | pipe'
NASTY_ABSTRACT = "Abstract: <script>alert(1)</script> {braces} `ticks` é 中文 \x01\x7f tab\there NUL\x00end lone\rCR \\"
NASTY_SENTENCE = 'We use "X; Y" with \'quotes\' |pipes| and\na newline \\ backslash.'


def mention(entity: Entity, sentence: str = NASTY_SENTENCE, role: str = "used") -> Mention:
    return Mention(type=entity.type, text=entity.name, name=entity.name, field="abstract", start=0,
                   end=len(entity.name), sentence=sentence, component="test", confidence=0.75, role=role)


def synthetic_records():
    papers = [
        Paper(id="p-1", title=NASTY_TITLE, abstract=NASTY_ABSTRACT,
              listings=[Listing("in|put;dir/file.txt", 3, "2024-03-14"), Listing("other.txt", 9, None)],
              arxiv_id="2403.00001", date="2024-03-14", authors=("O'Brien; J.", 'A "B" C'),
              url="https://arxiv.org/abs/2403.00001?a=1&b='2'"),
        Paper(id="p'2\"", title=NASTY_NAME, abstract=""),
    ]
    model_entity = Entity(key="nasty", id="model/o'neil", type="MODEL", name=NASTY_NAME,
                          aliases=("a;b", "c|d", 'q"uote', "back\\slash", "new\nline"), wikidata="Q1", hf="org/model")
    variant = Entity(key="nasty7b", id="model/nasty-7b", type="MODEL", name=NASTY_NAME + " 7B", family="model/o'neil")
    dataset = Entity(key="ds", id="dataset/ds", type="DATASET", name='Data\nset "x" ; |', known=True)
    benchmark = Entity(key="bench", id="benchmark/b", type="BENCHMARK", name="Bench`mark` \\' ; MATCH (n) DELETE n")
    repository = Entity(key="repo", id="repository/r", type="REPOSITORY", name="https://github.com/a/b?x='1'",
                        url="https://github.com/a/b?x='1'", kind="code")
    entities = [model_entity, variant, dataset, benchmark, repository]
    links = [
        Link("p-1", model_entity.id, "proposes", "proposed", 0.9, (mention(model_entity, role="proposed"),)),
        Link("p-1", dataset.id, "uses", "used", 0.5, (mention(dataset), mention(dataset, "Second ; sentence."))),
        Link("p-1", benchmark.id, "evaluatedOn", "used", 0.8, (mention(benchmark),)),
        Link("p-1", repository.id, "hasCode", "used", 1.0, (mention(repository),)),
        Link("p'2\"", benchmark.id, "uses", "used", 0.6, (mention(benchmark, NASTY_NAME),)),
    ]
    return papers, entities, links


@pytest.fixture(scope="module")
def synthetic_graph():
    return build_graph(*synthetic_records())


@pytest.fixture(scope="module")
def synthetic_export(synthetic_graph, tmp_path_factory) -> Path:
    return export_into(synthetic_graph, tmp_path_factory.mktemp("synthetic"))


def expected_counts(graph) -> dict[str, int]:
    """Nodes per label and relationships per type, from the graph model."""
    counts = Counter(data["kind"] for _, data in graph.nodes(data=True))
    counts.update(TYPE_OF_RELATION[data["relation"]] for _, _, data in graph.edges(data=True))
    return {**{label: counts[label] for label in model.NODE_KINDS},
            **{rel_type: counts[rel_type] for rel_type in TYPE_OF_RELATION.values()}}


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], [dict(zip(rows[0], row)) for row in rows[1:]]


def array_field(values) -> str:
    """What an array property is written as, by the documented rule (| inside items becomes ¦)."""
    return "|".join(v.replace("|", "\u00a6") for v in values if v)


# --- the CSV files ------------------------------------------------------------------------------

def test_one_csv_per_label_and_type_with_admin_headers(example_graph, example_export):
    expected = expected_counts(example_graph)
    names = {"Paper": "papers", "Model": "models", "Dataset": "datasets", "Benchmark": "benchmarks",
             "Method": "methods", "Metric": "metrics", "Repository": "repositories"}
    for label, stem in names.items():
        header, rows = read_table(example_export / f"{stem}.csv")
        group = "Paper" if label == "Paper" else "Entity"
        assert header[:2] == [f"id:ID({group})", ":LABEL"], stem
        assert len(rows) == expected[label], stem
        wanted = label if label == "Paper" else f"{label}|Entity"
        assert {row[":LABEL"] for row in rows} <= {wanted}
    for rel_type in TYPE_OF_RELATION.values():
        header, rows = read_table(example_export / f"{rel_type.lower()}.csv")
        start = "Entity" if rel_type == "VARIANT_OF" else "Paper"
        assert header[:3] == [f":START_ID({start})", ":END_ID(Entity)", ":TYPE"], rel_type
        assert len(rows) == expected[rel_type], rel_type
        assert {row[":TYPE"] for row in rows} <= {rel_type}
    papers_header = read_table(example_export / "papers.csv")[0]
    assert {"title", "abstract", "arxivId", "authors:string[]", "listingFiles:string[]", "listingDates:string[]"} <= set(papers_header)
    uses_header = read_table(example_export / "uses.csv")[0]
    assert {"role", "confidence:float", "evidence:string[]"} <= set(uses_header)


def test_csv_values_are_the_graph_records(example_graph, example_export):
    _, papers = read_table(example_export / "papers.csv")
    by_id = {row["id:ID(Paper)"]: row for row in papers}
    for paper in model.papers(example_graph):
        row = by_id[paper.id]
        assert (row["title"], row["abstract"]) == (paper.title, paper.abstract)
        assert row["listingFiles:string[]"] == array_field(sorted({l.file for l in paper.listings}))
        assert row["listingDates:string[]"] == array_field(sorted({l.date for l in paper.listings if l.date}))
    entities = {}
    for stem in ("models", "datasets", "benchmarks", "methods", "metrics", "repositories"):
        entities.update({row["id:ID(Entity)"]: row for row in read_table(example_export / f"{stem}.csv")[1]})
    for entity in model.entities(example_graph):
        row = entities[entity.id]
        assert (row["name"], row["type"], row["wikidataId"], row["hfId"]) == (entity.name, entity.type, entity.wikidata or "", entity.hf or "")
        assert row["aliases:string[]"] == array_field(entity.aliases)
        assert row["known:boolean"] == ("true" if entity.known else "false")
    for relation, rel_type in TYPE_OF_RELATION.items():
        rows = {(r[":START_ID(Paper)"], r[":END_ID(Entity)"]): r for r in read_table(example_export / f"{rel_type.lower()}.csv")[1]
                if relation != "variantOf"}
        for link in (l for l in model.links(example_graph) if l.relation == relation):
            row = rows[(link.paper, link.entity)]
            assert row["role"] == link.role and float(row["confidence:float"]) == link.confidence
            assert set(row["evidence:string[]"].split("|")) == {m.sentence.replace("|", "\u00a6") for m in link.mentions}


def test_export_is_byte_identical(example_graph, example_export, tmp_path):
    again = export_into(example_graph, tmp_path)
    names = sorted(p.name for p in example_export.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (example_export / name).read_bytes() == (again / name).read_bytes(), name


def test_escaping_in_csv_is_literal(synthetic_export):
    _, papers = read_table(synthetic_export / "papers.csv")
    paper = next(row for row in papers if row["id:ID(Paper)"] == "p-1")
    assert paper["title"] == NASTY_TITLE
    assert paper["abstract"] == NASTY_ABSTRACT.replace("\x00", "\ufffd")
    assert paper["authors:string[]"] == "O'Brien; J.|A \"B\" C"
    assert paper["listingFiles:string[]"] == "in\u00a6put;dir/file.txt|other.txt"
    _, models = read_table(synthetic_export / "models.csv")
    nasty = next(row for row in models if row["id:ID(Entity)"] == "model/o'neil")
    assert nasty["name"] == NASTY_NAME
    assert nasty["aliases:string[]"].split("|") == ["a;b", "c\u00a6d", 'q"uote', "back\\slash", "new\nline"]


def test_loader_reads_csvs_back_as_neo4j_admin_would(synthetic_graph, synthetic_export):
    data = read_export(synthetic_export)
    assert {k: len(v) for k, v in {**data.nodes, **data.relationships}.items()} == expected_counts(synthetic_graph)
    nasty = next(row for row in data.nodes["Model"] if row["id"] == "model/o'neil")
    assert nasty["props"] == {"id": "model/o'neil", "name": NASTY_NAME, "type": "MODEL", "wikidataId": "Q1", "hfId": "org/model",
                              "aliases": ["a;b", "c\u00a6d", 'q"uote', "back\\slash", "new\nline"], "known": False}
    uses = {(r["start"], r["end"]): r["props"] for r in data.relationships["USES"]}
    assert uses[("p-1", "dataset/ds")] == {"role": "used", "confidence": 0.5, "mentionCount": 2, "surfaces": ['Data\nset "x" ; |'.replace("|", "\u00a6")],
                                           "evidence": [NASTY_SENTENCE.replace("|", "\u00a6"), "Second ; sentence."]}
    empty_abstract = next(row for row in data.nodes["Paper"] if row["id"] == "p'2\"")
    assert "abstract" not in empty_abstract["props"] and "authors" not in empty_abstract["props"]


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(st.text(), max_size=4), number=st.floats(allow_nan=False, allow_infinity=False))
def test_any_value_survives_csv_writing_and_reading(tmp_path_factory, texts, number):
    columns = [layout.parse_header(h) for h in ("name", "aliases:string[]", "confidence:float")]
    values = [layout.normalise(texts[0] if texts else ""), layout.normalise(texts), number]
    path = tmp_path_factory.mktemp("roundtrip") / "x.csv"
    layout.write_csv(path, [c.header for c in columns], [[layout.encode_value(c, v) for c, v in zip(columns, values)]])
    read_columns, [record] = layout.read_csv(path)
    assert read_columns == columns
    assert [layout.decode_value(c, field) for c, field in zip(columns, record)] == values
    for item in values[1] or []:
        assert "|" not in item and "\x00" not in item and item


def test_text_cleaning_keeps_text_writable():
    assert layout.clean_text("a\x00b") == "a\ufffdb"
    assert layout.clean_text("lone \ud800 surrogate").encode("utf-8")
    assert layout.normalise(["a|b", "", "c"]) == ["a\u00a6b", "c"] and layout.normalise([]) is None
    assert layout.normalise("") is None and layout.normalise(0.0) == 0.0 and layout.normalise(False) is False


# --- import.sh, schema.cypher, load.cypher -------------------------------------------------------

def test_import_sh_passes_every_csv_to_neo4j_admin(example_export, tmp_path):
    fake = tmp_path / "neo4j-admin"
    record = tmp_path / "args.txt"
    fake.write_text(f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "{record}"\n')
    fake.chmod(0o755)
    env = {**os.environ, "NEO4J_ADMIN": str(fake)}
    result = subprocess.run(["sh", str(example_export / "import.sh"), "mydb"], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    args = record.read_text().splitlines()
    assert args[:4] == ["database", "import", "full", "mydb"]
    assert {"--overwrite-destination=true", "--multiline-fields=true", "--array-delimiter=|"} <= set(args)
    nodes = [Path(a.split("=", 1)[1]) for a in args if a.startswith("--nodes=")]
    rels = [Path(a.split("=", 1)[1]) for a in args if a.startswith("--relationships=")]
    assert all(p.is_file() for p in nodes + rels)
    csvs = {p.resolve() for p in example_export.glob("*.csv")}
    assert {p.resolve() for p in nodes + rels} == csvs and len(nodes) == 7 and len(rels) == 5
    assert os.access(example_export / "import.sh", os.X_OK)


def test_schema_has_a_unique_id_constraint_per_label_and_name_indexes(example_export):
    schema = layout.split_statements((example_export / "schema.cypher").read_text())
    for label in ("Paper", "Entity", *model.ENTITY_KINDS):
        assert f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE" in schema
        if label != "Paper":
            assert f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)" in schema
    names = [statement.split()[2] for statement in schema]
    assert len(names) == len(set(names))
    assert schema == layout.schema_statements()


def test_load_cypher_is_batched_and_reads_every_csv(example_export):
    script = layout.split_statements((example_export / "load.cypher").read_text())
    assert len(script) == 12
    sources = set()
    for statement in script:
        assert statement.rstrip().endswith("IN TRANSACTIONS OF 1000 ROWS")
        assert "MERGE" in statement and "CREATE" not in statement
        plain = layout.unbatched(statement)
        assert "IN TRANSACTIONS" not in plain and "CALL" not in plain and "MERGE" in plain
        sources.add(statement.split("'file:///", 1)[1].split("'", 1)[0])
    assert sources == {p.name for p in example_export.glob("*.csv")}


def test_statements_take_values_as_parameters_only():
    rows = [{"id": NASTY_NAME, "props": {"id": NASTY_NAME, "name": NASTY_NAME}}]
    query, params = node_statement("Model", rows)
    assert NASTY_NAME not in query and params == {"rows": rows}
    query, params = relationship_statement("USES", [{"start": NASTY_NAME, "end": "x", "props": {}}])
    assert NASTY_NAME not in query and params["rows"][0]["start"] == NASTY_NAME
    for bad in ("Model) DETACH DELETE n //", "Person", ""):
        with pytest.raises(ValueError):
            node_statement(bad, rows)
        with pytest.raises(ValueError):
            relationship_statement(bad, rows)
        with pytest.raises(ValueError):
            node_count_statement(bad)


def test_statements_batch_every_row_once(example_export):
    data = read_export(example_export)
    batches = list(statements(data, batch_size=100))
    assert all(size <= 100 and len(params["rows"]) == size for _, params, size in batches)
    sent = [row for _, params, _ in batches for row in params["rows"]]
    assert len(sent) == sum(data.counts().values())
    first_relationship = next(i for i, (query, _, _) in enumerate(batches) if "MATCH (a:" in query)
    assert all("MATCH (a:" in query for query, _, _ in batches[first_relationship:])  # nodes before relationships


# --- kg load-neo4j command line ----------------------------------------------------------------

def test_cli_connection_failure_is_a_clear_message(example_export, capsys):
    code = kg_main(["load-neo4j", "--from", str(example_export.parent), "--uri", f"bolt://127.0.0.1:{free_port()}",
                    "--password", "secret", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1
    assert "could not load into Neo4j" in err and "Traceback" not in err


def test_cli_usage_errors(example_export, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    assert kg_main(["load-neo4j", "--from", str(example_export.parent)]) == 2
    assert "NEO4J_PASSWORD" in capsys.readouterr().err
    assert kg_main(["load-neo4j", "--from", str(tmp_path), "--password", "x"]) == 1
    assert "run `kg build` first" in capsys.readouterr().err
    assert kg_main(["load-neo4j", "--batch-size", "0", "--password", "x"]) == 2


# --- Neo4j's Cypher parser ---------------------------------------------------------------------

PARSE_SCRIPT = r"""
const ls = require(process.argv[1]);
const queries = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const errors = queries.map(q => ls.lintCypherQuery(q, {}).diagnostics
  .filter(d => d.severity === 1 && ls.isNotParamError(d)).map(d => d.message));
process.stdout.write(JSON.stringify(errors));
"""


@pytest.fixture(scope="module")
def cypher_errors():
    """A function: statements -> their syntax errors, from Neo4j's parser (node + npm package)."""
    package = PARSER_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
    node = shutil.which("node")
    if node is None or not package.is_dir():
        message = (f"Neo4j Cypher parser unavailable (node: {node}, package: {package}). Install it: "
                   f"npm install --prefix {PARSER_DIR} --no-audit --no-fund {PARSER_PACKAGE}")
        if os.environ.get("KG_ALLOW_SKIP") == "1":
            pytest.skip(message)
        pytest.fail(message + " (set KG_ALLOW_SKIP=1 to skip instead)", pytrace=False)

    def parse(queries: list[str]) -> dict[str, list[str]]:
        result = subprocess.run([node, "-e", PARSE_SCRIPT, str(package)], input=json.dumps(queries),
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return {q: e for q, e in zip(queries, json.loads(result.stdout)) if e}
    return parse


def test_every_cypher_statement_parses_as_neo4j_5(example_export, cypher_errors):
    broken = "CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQE"
    queries = [broken]
    queries += layout.split_statements((example_export / "schema.cypher").read_text())
    queries += layout.split_statements((example_export / "load.cypher").read_text())
    queries += [node_statement(spec.label, [])[0] for spec in layout.NODE_FILES]
    queries += [relationship_statement(spec.type, [])[0] for spec in layout.RELATIONSHIP_FILES]
    queries += [node_count_statement(spec.label) for spec in layout.NODE_FILES]
    queries += [relationship_count_statement(spec.type) for spec in layout.RELATIONSHIP_FILES]
    queries += [statement for path in EXAMPLE_QUERIES for statement in layout.split_statements(path.read_text())]
    errors = cypher_errors(queries)
    assert broken in errors  # the parser does reject bad syntax
    del errors[broken]
    assert errors == {}


# --- FalkorDB: the data path on a real engine ----------------------------------------------------

def run_on(graph):
    return lambda query, params: graph.query(query, params).result_set


def falkordb_indexes(run) -> None:
    """FalkorDB's own indexes (schema.cypher is Neo4j-only syntax)."""
    for label in ("Paper", "Entity"):
        run(f"CREATE INDEX FOR (n:{label}) ON (n.id)", {})


def run_load_script(run, folder: Path) -> None:
    for statement in layout.split_statements((folder / layout.LOAD_FILE).read_text()):
        run(layout.unbatched(statement), {})


def single_precision(props: dict) -> dict:
    """FalkorDB's toFloat() parses to single precision (Neo4j's to double): compare floats at that precision."""
    return {k: struct.unpack("f", struct.pack("f", v))[0] if isinstance(v, float) else v for k, v in props.items()}


def dump(run) -> tuple[list, list]:
    """Every node (labels, properties) and relationship (type, start id, end id, properties), sorted."""
    nodes = sorted((sorted(labels), json.dumps(single_precision(props), sort_keys=True))
                   for labels, props in run("MATCH (n) RETURN labels(n), properties(n)", {}))
    rels = sorted((t, a, b, json.dumps(single_precision(props), sort_keys=True))
                  for t, a, b, props in run("MATCH (a)-[r]->(b) RETURN type(r), a.id, b.id, properties(r)", {}))
    return nodes, rels


def load_both_ways(client, folder: Path) -> dict:
    """Loads the export at `folder` into two graphs, by load.cypher and by the loader's statements,
    each twice; returns the counts after each run and both runners."""
    script, driver = run_on(client.select_graph("script")), run_on(client.select_graph("driver"))
    data = read_export(folder)
    result = {"script": script, "driver": driver, "script_counts": [], "driver_counts": []}
    for run in (script, driver):
        falkordb_indexes(run)
    for _ in range(2):
        run_load_script(script, folder)
        result["script_counts"].append(database_counts(script))
        load(driver, data, batch_size=100)
        result["driver_counts"].append(database_counts(driver))
    return result


@pytest.fixture(scope="module")
def example_loaded(example_export):
    with falkordb_server(example_export) as client:
        yield load_both_ways(client, example_export)


@pytest.fixture(scope="module")
def synthetic_loaded(synthetic_export):
    with falkordb_server(synthetic_export) as client:
        yield load_both_ways(client, synthetic_export)


@pytest.mark.falkordb
def test_load_cypher_and_driver_statements_give_the_graph_counts_twice(example_graph, example_loaded):
    expected = expected_counts(example_graph)
    assert example_loaded["script_counts"] == [expected, expected]
    assert example_loaded["driver_counts"] == [expected, expected]
    total_nodes = example_loaded["script"]("MATCH (n) RETURN count(n)", {})[0][0]
    total_rels = example_loaded["script"]("MATCH ()-[r]->() RETURN count(r)", {})[0][0]
    assert (total_nodes, total_rels) == (example_graph.number_of_nodes(), example_graph.number_of_edges())


@pytest.mark.falkordb
def test_both_loads_give_the_same_nodes_relationships_and_properties(example_loaded):
    script_nodes, script_rels = dump(example_loaded["script"])
    assert (script_nodes, script_rels) == dump(example_loaded["driver"])
    assert len(script_nodes) > 0 and len(script_rels) > 0


@pytest.mark.falkordb
def test_loaded_properties_are_the_graph_records(example_graph, example_loaded):
    run = example_loaded["driver"]
    titles = dict(run("MATCH (p:Paper) RETURN p.id, p.title", {}))
    assert titles == {p.id: p.title for p in model.papers(example_graph)}
    names = {row[0]: (row[1], sorted(row[2] or []), row[3]) for row in
             run("MATCH (e:Entity) RETURN e.id, e.name, e.aliases, labels(e)", {})}
    for entity in model.entities(example_graph):
        name, aliases, labels = names[entity.id]
        assert (name, aliases) == (entity.name, sorted(a.replace("|", "\u00a6") for a in entity.aliases))
        assert sorted(labels) == sorted([model.KIND_OF_TYPE[entity.type], "Entity"])
    links = {(a, b): (t, role, conf) for a, b, t, role, conf in
             run("MATCH (a:Paper)-[r]->(b) RETURN a.id, b.id, type(r), r.role, r.confidence", {})}
    assert links == {(l.paper, l.entity): (TYPE_OF_RELATION[l.relation], l.role, l.confidence) for l in model.links(example_graph)}


@pytest.mark.falkordb
def test_hostile_strings_load_as_literal_data(synthetic_graph, synthetic_loaded):
    expected = expected_counts(synthetic_graph)
    assert synthetic_loaded["script_counts"] == [expected, expected]
    assert synthetic_loaded["driver_counts"] == [expected, expected]
    assert dump(synthetic_loaded["script"]) == dump(synthetic_loaded["driver"])
    for run in (synthetic_loaded["script"], synthetic_loaded["driver"]):
        [[name, aliases]] = run("MATCH (m:Model {id: $id}) RETURN m.name, m.aliases", {"id": "model/o'neil"})
        assert name == NASTY_NAME
        assert aliases == ["a;b", "c\u00a6d", 'q"uote', "back\\slash", "new\nline"]
        [[title, abstract, authors]] = run("MATCH (p:Paper {id: 'p-1'}) RETURN p.title, p.abstract, p.authors", {})
        assert (title, abstract, authors) == (NASTY_TITLE, NASTY_ABSTRACT.replace("\x00", "\ufffd"), ["O'Brien; J.", 'A "B" C'])
        [[benchmark]] = run("MATCH (b:Benchmark) RETURN b.name", {})
        assert benchmark == "Bench`mark` \\' ; MATCH (n) DELETE n"
        [[evidence]] = run("MATCH (:Paper {id: 'p-1'})-[r:USES]->(:Dataset) RETURN r.evidence", {})
        assert evidence == [NASTY_SENTENCE.replace("|", "\u00a6"), "Second ; sentence."]
        assert run("MATCH (:Entity {id: 'model/nasty-7b'})-[:VARIANT_OF]->(f) RETURN f.name", {}) == [[NASTY_NAME]]


class FakeDriver:
    """Stands in for neo4j.Driver, sending queries to FalkorDB; records the Neo4j-only schema statements."""

    def __init__(self, graph):
        self.graph, self.schema, self.databases = graph, [], set()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def verify_connectivity(self):
        self.graph.query("RETURN 1")

    def execute_query(self, query, parameters=None, database_=None):
        self.databases.add(database_)
        if query.startswith("CREATE CONSTRAINT") or query.startswith("CREATE INDEX"):
            self.schema.append(query)
            return type("EagerResult", (), {"records": []})()
        return type("EagerResult", (), {"records": self.graph.query(query, parameters or {}).result_set})()


@pytest.mark.falkordb
def test_cli_loads_idempotently_and_reports_counts(example_graph, example_export, monkeypatch, capsys):
    import neo4j

    with falkordb_server(example_export) as client:
        fake = FakeDriver(client.select_graph("cli"))
        falkordb_indexes(run_on(fake.graph))
        monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda uri, auth: fake)
        monkeypatch.setenv("NEO4J_PASSWORD", "from-env")
        expected = expected_counts(example_graph)
        for _ in range(2):
            code = kg_main(["load-neo4j", "--from", str(example_export.parent), "--uri", "bolt://db.invalid:7687",
                            "--database", "kg", "--no-progress"])
            out = capsys.readouterr().out
            assert code == 0
            assert database_counts(run_on(fake.graph)) == expected
            assert "now holds: " + ", ".join(f"{n} {key}" for key, n in expected.items()) in out
        assert fake.schema == layout.schema_statements() * 2
        assert fake.databases == {"kg"}


# --- examples/cypher -----------------------------------------------------------------------------

def example(name: str) -> str:
    [statement] = layout.split_statements((ROOT / "examples" / "cypher" / f"{name}.cypher").read_text())
    return statement


def expected_benchmarks(graph) -> list:
    papers = defaultdict(set)
    names = {e.id: e.name for e in model.entities(graph)}
    for link in model.links(graph):
        if link.relation in ("uses", "evaluatedOn") and graph.nodes[link.entity]["kind"] == "Benchmark":
            papers[link.entity].add(link.paper)
    rows = sorted(((names[e], len(p)) for e, p in papers.items()), key=lambda r: (-r[1], r[0]))
    return [list(r) for r in rows[:10]]


def expected_proposed_models(graph) -> list:
    names = {e.id: e.name for e in model.entities(graph)}
    rows = []
    for paper in model.papers(graph):
        links = list(model.links_of_paper(graph, paper.id))
        evaluated = sorted({names[l.entity] for l in links if l.relation == "evaluatedOn"})
        for link in links:
            if link.relation == "proposes" and graph.nodes[link.entity]["kind"] == "Model":
                rows.append([paper.title, names[link.entity], evaluated])
    rows.sort(key=lambda r: (-len(r[2]), r[0], r[1]))
    return rows[:25]


def expected_co_occurrences(graph) -> list:
    entities = {e.id: e for e in model.entities(graph)}
    papers = defaultdict(set)
    for paper in model.papers(graph):
        ids = sorted(l.entity for l in model.links_of_paper(graph, paper.id) if entities[l.entity].type != "REPOSITORY")
        for a, b in itertools.combinations(ids, 2):
            papers[(entities[a].name, entities[b].name)].add(paper.id)
    rows = sorted(([a, b, len(p)] for (a, b), p in papers.items()), key=lambda r: (-r[2], r[0], r[1]))
    return rows[:20]


@pytest.mark.falkordb
def test_example_queries_run_and_match_the_graph(example_graph, example_loaded):
    assert {p.stem for p in EXAMPLE_QUERIES} == {"most_used_benchmarks", "proposed_models_with_benchmarks", "co_occurring_entities"}
    run = example_loaded["script"]
    assert run(example("most_used_benchmarks"), {}) == expected_benchmarks(example_graph)
    proposed = [[paper, m, sorted(evaluated)] for paper, m, evaluated in run(example("proposed_models_with_benchmarks"), {})]
    assert proposed == expected_proposed_models(example_graph)
    assert run(example("co_occurring_entities"), {}) == expected_co_occurrences(example_graph)
    assert expected_benchmarks(example_graph) and expected_proposed_models(example_graph)
