"""neo4j/: the graph as Neo4j 5 import files, a Cypher schema and an idempotent Cypher load script.

Owns the Neo4j data layout shared by every way of loading (see docs/neo4j.md):

- one CSV per label (papers.csv, models.csv, ...) and per relationship type (proposes.csv, ...)
  in the `neo4j-admin database import full` header format (`id:ID(Paper)`, `:LABEL`,
  `:START_ID(Paper)`, `confidence:float`, `aliases:string[]`), which `import.sh` imports;
- `schema.cypher`: uniqueness constraints on `id` and indexes on names;
- `load.cypher`: `LOAD CSV` + `MERGE` over the same CSVs (typed header names in backticks),
  batched with `CALL { ... } IN TRANSACTIONS`, safe to run again.

Entity nodes carry their own label and the shared `Entity` label (one ID space for all entity
ids); papers have the `Paper` ID space. Array properties use `|` as delimiter (`;` is common in
sentences): a `|` inside an array item is written as `¦` (U+00A6), NUL as U+FFFD. A missing
value, an empty string and an empty list are all an absent property (neo4j-admin's rule).
`kg.neo4j_loader` reads these CSVs back with `read_csv` to load through the Bolt driver.
Rows are streamed: the CSVs of the node (relationship) files are open at once and each row
is written as it is generated, so no list of rows is held.
"""
from __future__ import annotations

import contextlib
import csv
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg import graph as model
from kg.export import ExportOptions
from kg.export.atomic import atomic_open
from kg.records import Entity, Link, Paper

FOLDER = "neo4j"
ARRAY_DELIMITER = "|"
ARRAY_DELIMITER_STAND_IN = "\u00a6"  # ¦ replaces | inside array items
BATCH_ROWS = 1000
ENTITY_LABEL = "Entity"
SCHEMA_FILE, LOAD_FILE, IMPORT_SCRIPT = "schema.cypher", "load.cypher", "import.sh"


@dataclass(frozen=True)
class Column:
    """One CSV column: a property (`name:type[]`) or a neo4j-admin field (`:LABEL`, `id:ID(Paper)`)."""

    name: str  # property key; "" for :LABEL, :START_ID, :END_ID, :TYPE
    type: str = "string"  # string, int, float or boolean; for fields: ID, LABEL, START_ID, END_ID, TYPE
    array: bool = False
    group: str | None = None  # ID space of ID / START_ID / END_ID

    @property
    def header(self) -> str:
        if self.type == "string" and not self.array:
            return self.name
        group = f"({self.group})" if self.group else ""
        return f"{self.name}:{self.type}{group}{'[]' if self.array else ''}"


PROPERTY_TYPES = ("string", "int", "float", "boolean")
HEADER = re.compile(r"^(?P<name>[^:]*)(?::(?P<type>[A-Za-z_]+)(?:\((?P<group>\w+)\))?(?P<array>\[\])?)?$")


def parse_header(text: str) -> Column:
    """The Column of a header field, e.g. `aliases:string[]`, `:START_ID(Paper)`, `title`."""
    match = HEADER.match(text)
    if not match:
        raise ValueError(f"not a neo4j-admin header field: {text!r}")
    kind = match["type"] or "string"
    if kind not in PROPERTY_TYPES and kind not in ("ID", "LABEL", "START_ID", "END_ID", "TYPE"):
        raise ValueError(f"unsupported type in header field {text!r}")
    return Column(match["name"], kind, bool(match["array"]), match["group"])


@dataclass(frozen=True)
class NodeFile:
    label: str
    file: str
    group: str  # ID space
    columns: tuple[Column, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label,) if self.label == self.group else (self.label, self.group)


@dataclass(frozen=True)
class RelationshipFile:
    type: str
    file: str
    start: str  # label (and ID space) of the start node
    end: str
    columns: tuple[Column, ...]


def _properties(*specs: str) -> tuple[Column, ...]:
    return tuple(parse_header(spec) for spec in specs)


PAPER_COLUMNS = (
    Column("id", "ID", group="Paper"), Column("", "LABEL"),
    *_properties("title", "abstract", "arxivId", "date", "url", "authors:string[]",
                 "listingFiles:string[]", "listingDates:string[]", "listings:string[]"),
)
ENTITY_COLUMNS = (
    Column("id", "ID", group=ENTITY_LABEL), Column("", "LABEL"),
    *_properties("name", "type", "aliases:string[]", "wikidataId", "hfId", "url", "kind", "known:boolean"),
)
LINK_COLUMNS = (
    Column("", "START_ID", group="Paper"), Column("", "END_ID", group=ENTITY_LABEL), Column("", "TYPE"),
    *_properties("role", "confidence:float", "mentionCount:int", "surfaces:string[]", "evidence:string[]"),
)
VARIANT_COLUMNS = (Column("", "START_ID", group=ENTITY_LABEL), Column("", "END_ID", group=ENTITY_LABEL), Column("", "TYPE"))

FILE_OF_LABEL = {"Paper": "papers.csv", "Model": "models.csv", "Dataset": "datasets.csv", "Benchmark": "benchmarks.csv",
                 "Method": "methods.csv", "Metric": "metrics.csv", "Repository": "repositories.csv"}
NODE_FILES = tuple(
    NodeFile(label, FILE_OF_LABEL[label], "Paper" if label == "Paper" else ENTITY_LABEL,
             PAPER_COLUMNS if label == "Paper" else ENTITY_COLUMNS)
    for label in model.NODE_KINDS
)
TYPE_OF_RELATION = {"proposes": "PROPOSES", "uses": "USES", "evaluatedOn": "EVALUATED_ON", "hasCode": "HAS_CODE",
                    model.VARIANT_OF: "VARIANT_OF"}
RELATIONSHIP_FILES = (
    *(RelationshipFile(TYPE_OF_RELATION[r], f"{TYPE_OF_RELATION[r].lower()}.csv", "Paper", ENTITY_LABEL, LINK_COLUMNS)
      for r in model.RELATIONS),
    RelationshipFile("VARIANT_OF", "variant_of.csv", ENTITY_LABEL, ENTITY_LABEL, VARIANT_COLUMNS),
)
NODE_FILE_OF_LABEL = {f.label: f for f in NODE_FILES}
RELATIONSHIP_FILE_OF_TYPE = {f.type: f for f in RELATIONSHIP_FILES}


# --- values --------------------------------------------------------------------------------

def clean_text(text: str) -> str:
    """Text as written: NUL (which neo4j-admin and C readers truncate on) and lone surrogates replaced."""
    text = text.replace("\x00", "\ufffd")
    return text.encode("utf-8", "replace").decode("utf-8")


def clean_item(text: str) -> str:
    """An array item: clean text without the array delimiter."""
    return clean_text(text).replace(ARRAY_DELIMITER, ARRAY_DELIMITER_STAND_IN)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def normalise(value):
    """A property value as stored: cleaned text, arrays without empty items, None for empty."""
    if isinstance(value, (list, tuple)):
        items = [clean_item(v) if isinstance(v, str) else v for v in value]
        items = [v for v in items if v != ""]
        return items or None
    if isinstance(value, str):
        return clean_text(value) or None
    return value


def paper_properties(paper: Paper) -> dict:
    return {
        "id": paper.id, "title": paper.title, "abstract": paper.abstract, "arxivId": paper.arxiv_id,
        "date": paper.date, "url": paper.url, "authors": list(paper.authors),
        "listingFiles": sorted({l.file for l in paper.listings}),
        "listingDates": sorted({l.date for l in paper.listings if l.date}),
        "listings": [f"{l.file}:{l.line}" for l in paper.listings],
    }


def entity_properties(entity: Entity) -> dict:
    return {
        "id": entity.id, "name": entity.name, "type": entity.type, "aliases": list(entity.aliases),
        "wikidataId": entity.wikidata, "hfId": entity.hf, "url": entity.url, "kind": entity.kind,
        "known": entity.known,
    }


def link_properties(link: Link) -> dict:
    return {
        "role": link.role, "confidence": float(link.confidence), "mentionCount": len(link.mentions),
        "surfaces": sorted({m.text for m in link.mentions}),
        "evidence": _unique(m.sentence for m in link.mentions),
    }


@dataclass(frozen=True)
class NodeRow:
    id: str
    properties: dict  # normalised, None for absent, includes "id"


@dataclass(frozen=True)
class RelationshipRow:
    start: str
    end: str
    properties: dict


def _clean(properties: dict) -> dict:
    return {key: normalise(value) for key, value in properties.items()}


def node_rows(graph: nx.DiGraph) -> Iterator[tuple[NodeFile, NodeRow]]:
    """Each node's file and row, generated one at a time: papers, then entities, each sorted by id."""
    papers = NODE_FILE_OF_LABEL["Paper"]
    for paper in model.papers(graph):
        yield papers, NodeRow(paper.id, _clean(paper_properties(paper)))
    for entity in model.entities(graph):
        yield NODE_FILE_OF_LABEL[model.KIND_OF_TYPE[entity.type]], NodeRow(entity.id, _clean(entity_properties(entity)))


def relationship_rows(graph: nx.DiGraph) -> Iterator[tuple[RelationshipFile, RelationshipRow]]:
    """Each relationship's file and row, generated one at a time: links sorted by (paper, entity), then variants."""
    for link in model.links(graph):
        spec = RELATIONSHIP_FILE_OF_TYPE[TYPE_OF_RELATION[link.relation]]
        yield spec, RelationshipRow(link.paper, link.entity, _clean(link_properties(link)))
    variants = RELATIONSHIP_FILE_OF_TYPE["VARIANT_OF"]
    for variant, family in model.variant_edges(graph):
        yield variants, RelationshipRow(variant, family, {})


# --- CSV encoding ----------------------------------------------------------------------------

def encode_value(column: Column, value) -> str:
    """A normalised value as a neo4j-admin CSV field ("" for absent)."""
    if value is None:
        return ""
    if column.array:
        return ARRAY_DELIMITER.join(encode_scalar(column.type, v) for v in value)
    return encode_scalar(column.type, value)


def encode_scalar(kind: str, value) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "float":
        return repr(float(value))
    return str(value)


def decode_value(column: Column, field: str):
    """The property value of a CSV field, as neo4j-admin reads it (None: absent)."""
    if field == "":
        return None
    if column.array:
        return [decode_scalar(column.type, item) for item in field.split(ARRAY_DELIMITER)]
    return decode_scalar(column.type, field)


def decode_scalar(kind: str, text: str):
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "boolean":
        return text == "true"
    return text


def node_record(spec: NodeFile, row: NodeRow) -> list[str]:
    record = []
    for column in spec.columns:
        if column.type == "LABEL":
            record.append(ARRAY_DELIMITER.join(spec.labels))
        else:
            record.append(encode_value(column, row.properties.get(column.name)))
    return record


def relationship_record(spec: RelationshipFile, row: RelationshipRow) -> list[str]:
    special = {"START_ID": row.start, "END_ID": row.end, "TYPE": spec.type}
    return [special[c.type] if c.type in special else encode_value(c, row.properties.get(c.name)) for c in spec.columns]


@contextlib.contextmanager
def csv_file(path: Path, header: list[str]) -> Iterator:
    """A csv writer into `path` (written atomically), the header row already written."""
    with atomic_open(path, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")  # RFC 4180; "\n" alone would leave a lone "\r" unquoted
        writer.writerow(header)
        yield writer
    os.chmod(path, 0o644)


def write_csv(path: Path, header: list[str], records: Iterable[list[str]]) -> Path:
    with csv_file(path, header) as writer:
        writer.writerows(records)
    return path


def write_csvs(folder: Path, specs: Iterable[NodeFile | RelationshipFile], rows: Iterable[tuple], record) -> list[Path]:
    """One CSV per spec, all open at once: each (spec, row) is written to its spec's file as it comes."""
    specs = list(specs)
    with contextlib.ExitStack() as stack:
        writers = {spec.file: stack.enter_context(csv_file(folder / spec.file, [c.header for c in spec.columns]))
                   for spec in specs}
        for spec, row in rows:
            writers[spec.file].writerow(record(spec, row))
    return [folder / spec.file for spec in specs]


def read_csv(path: Path) -> tuple[list[Column], list[list[str]]]:
    """The columns and records of an exported CSV (for loaders reading the export back)."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        columns = [parse_header(field) for field in next(reader)]
        return columns, list(reader)


# --- Cypher ----------------------------------------------------------------------------------

def schema_statements() -> list[str]:
    """Neo4j 5 constraints (unique id per label) and name indexes, each safe to run again."""
    statements = []
    for label in ("Paper", ENTITY_LABEL, *model.ENTITY_KINDS):
        statements.append(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")
    statements.append("CREATE INDEX paper_title IF NOT EXISTS FOR (n:Paper) ON (n.title)")
    statements.append("CREATE INDEX paper_arxiv_id IF NOT EXISTS FOR (n:Paper) ON (n.arxivId)")
    for label in (ENTITY_LABEL, *model.ENTITY_KINDS):
        statements.append(f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)")
    return statements


def _field(column: Column) -> str:
    return f"row.`{column.header}`"


def csv_expression(column: Column) -> str:
    """Cypher turning the LOAD CSV field of a property column into its value (null when empty)."""
    field = _field(column)
    convert = {"string": "{}", "int": "toInteger({})", "float": "toFloat({})", "boolean": "({} = 'true')"}[column.type]
    if column.array:
        items = f"split({field}, '{ARRAY_DELIMITER}')"
        if column.type != "string":
            items = f"[item IN {items} | {convert.format('item')}]"
        return f"CASE WHEN {field} IS NULL OR {field} = '' THEN null ELSE {items} END"
    if column.type == "string":
        return f"CASE WHEN {field} = '' THEN null ELSE {field} END"
    return f"CASE WHEN {field} IS NULL OR {field} = '' THEN null ELSE {convert.format(field)} END"


def _set_clause(variable: str, columns: Iterable[Column]) -> str:
    assignments = [f"{variable}.{c.name} = {csv_expression(c)}" for c in columns if c.type in PROPERTY_TYPES]
    return "  SET " + ",\n      ".join(assignments) if assignments else ""


def _batched(source: str, body: list[str]) -> str:
    lines = [f"LOAD CSV WITH HEADERS FROM 'file:///{source}' AS row", "CALL { WITH row", *body,
             f"}} IN TRANSACTIONS OF {BATCH_ROWS} ROWS;"]
    return "\n".join(line for line in lines if line)


def node_load_statement(spec: NodeFile) -> str:
    id_column = next(c for c in spec.columns if c.type == "ID")
    body = [f"  MERGE (n:{spec.group} {{id: {_field(id_column)}}})"]
    if spec.label != spec.group:
        body.append(f"  SET n:{spec.label}")
    body.append(_set_clause("n", spec.columns))
    return _batched(spec.file, body)


def relationship_load_statement(spec: RelationshipFile) -> str:
    start, end = (next(c for c in spec.columns if c.type == kind) for kind in ("START_ID", "END_ID"))
    body = [f"  MATCH (a:{spec.start} {{id: {_field(start)}}})",
            f"  MATCH (b:{spec.end} {{id: {_field(end)}}})",
            f"  MERGE (a)-[r:{spec.type}]->(b)",
            _set_clause("r", spec.columns)]
    return _batched(spec.file, body)


LOAD_HEADER = r"""// Loads the CSVs beside this file into Neo4j 5 (5.x and 2025.x), safe to run again: every
// node and relationship is MERGEd on its id / endpoints and its properties are set again.
// 1. Copy the *.csv files into the database's import folder (server.directories.import).
// 2. Run schema.cypher first (constraints make MERGE fast), then this file:
//      cypher-shell -u neo4j -p PASSWORD -f schema.cypher
//      cypher-shell -u neo4j -p PASSWORD -f load.cypher
//    (Neo4j Browser: prefix each statement with :auto, CALL ... IN TRANSACTIONS needs it.)
// Needs db.import.csv.legacy_quote_escaping=false in neo4j.conf (restart after changing it):
// with the default (true) LOAD CSV reads \" as an escaped quote, misreads text such as LaTeX's
// T\"ulu and fails on a field ending in \. The CSVs follow RFC 4180 (a quote is written "")
// as neo4j-admin reads them; import.sh and `kg load-neo4j` need no setting.
// Columns keep their neo4j-admin header names, hence the backticks: row.`id:ID(Paper)`.
// Array fields are split on '|'; empty fields give absent properties.
// Engines without CALL { ... } IN TRANSACTIONS (e.g. FalkorDB) run the MERGE body directly
// after the LOAD CSV line: kg.export.neo4j.unbatched(statement) does that rewrite.
"""


def load_script() -> str:
    statements = [node_load_statement(spec) for spec in NODE_FILES]
    statements += [relationship_load_statement(spec) for spec in RELATIONSHIP_FILES]
    return LOAD_HEADER + "\n" + "\n\n".join(statements) + "\n"


def schema_script() -> str:
    header = ("// Neo4j 5 constraints and indexes for the kg graph; safe to run again.\n"
              "// cypher-shell -u neo4j -p PASSWORD -f schema.cypher\n")
    return header + "".join(f"{s};\n" for s in schema_statements())


def split_statements(script: str) -> list[str]:
    """The statements of a script written here: `//` comment lines dropped, one statement per `;` line end."""
    statements, current = [], []
    for line in script.splitlines():
        if line.lstrip().startswith("//") or not line.strip():
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(current).rstrip()[:-1])
            current = []
    if current:
        statements.append("\n".join(current))
    return statements


BATCH_WRAPPER = re.compile(r"\nCALL \{ WITH row\n(?P<body>.*)\n\} IN TRANSACTIONS OF \d+ ROWS$", re.S)


def unbatched(statement: str) -> str:
    """A load.cypher statement without its `CALL { WITH row ... } IN TRANSACTIONS` wrapper."""
    return BATCH_WRAPPER.sub(lambda m: "\n" + m["body"], statement)


def import_script() -> str:
    """import.sh: the neo4j-admin full import of every CSV beside it."""
    options = ["--overwrite-destination=true", "--multiline-fields=true", f"--array-delimiter='{ARRAY_DELIMITER}'",
               "--id-type=string"]
    options += [f'--nodes="$HERE/{spec.file}"' for spec in NODE_FILES]
    options += [f'--relationships="$HERE/{spec.file}"' for spec in RELATIONSHIP_FILES]
    lines = [
        "#!/bin/sh",
        "# Bulk-imports the CSVs beside this script into a Neo4j 5 database with neo4j-admin.",
        "# Usage: sh import.sh [DATABASE]   (default: neo4j). Stop the database first: it is overwritten.",
        "# NEO4J_ADMIN: the neo4j-admin command (default: neo4j-admin on PATH, e.g. $NEO4J_HOME/bin/neo4j-admin).",
        "# Afterwards start Neo4j (a database other than neo4j: CREATE DATABASE name) and run",
        "# schema.cypher for the constraints and indexes: cypher-shell -u neo4j -p PASSWORD -f schema.cypher",
        "# The database name comes right after `full`: --nodes/--relationships take several values.",
        "set -eu",
        'HERE=$(cd "$(dirname "$0")" && pwd)',
        'DATABASE="${1:-neo4j}"',
        'exec "${NEO4J_ADMIN:-neo4j-admin}" database import full "$DATABASE" \\',
        *(f"  {option} \\" for option in options[:-1]),
        f"  {options[-1]}",
    ]
    return "\n".join(lines) + "\n"


def _write_text(path: Path, text: str, mode: int = 0o644) -> Path:
    with atomic_open(path) as handle:
        handle.write(text)
    os.chmod(path, mode)
    return path


def export(graph: nx.DiGraph, out_dir: Path, options: ExportOptions) -> list[Path]:
    folder = out_dir / FOLDER
    written = write_csvs(folder, NODE_FILES, node_rows(graph), node_record)
    written += write_csvs(folder, RELATIONSHIP_FILES, relationship_rows(graph), relationship_record)
    written.append(_write_text(folder / SCHEMA_FILE, schema_script()))
    written.append(_write_text(folder / LOAD_FILE, load_script()))
    written.append(_write_text(folder / IMPORT_SCRIPT, import_script(), 0o755))
    return written
