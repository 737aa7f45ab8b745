"""`kg load-neo4j`: loads an export's neo4j/ CSVs into a running Neo4j 5 through the Bolt driver.

The CSVs are read back with their neo4j-admin headers (kg.export.neo4j), so the loaded graph
is the one `import.sh` and `load.cypher` give. Statements are pure functions of a label or
relationship type (from a fixed whitelist) and a batch of rows: every value travels as a query
parameter, never inside the Cypher text. Constraints first, then `UNWIND $rows AS row MERGE
... SET` per batch: running it again changes nothing. Any engine that runs Cypher with
parameters can execute the same statements (the tests use FalkorDB).
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from kg.export import neo4j as layout

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_BATCH = 1000

Runner = Callable[[str, dict], list]  # (query, parameters) -> result rows


@dataclass
class ExportData:
    """Rows read back from an export: nodes per label, relationships per type, as parameter maps."""

    nodes: dict[str, list[dict]] = field(default_factory=dict)  # {"id": ..., "props": {...}}
    relationships: dict[str, list[dict]] = field(default_factory=dict)  # {"start", "end", "props"}

    def counts(self) -> dict[str, int]:
        return {**{k: len(v) for k, v in self.nodes.items()}, **{k: len(v) for k, v in self.relationships.items()}}


def find_folder(path: Path) -> Path:
    """The neo4j/ folder of an export given the export folder or the neo4j/ folder itself."""
    for candidate in (path / layout.FOLDER, path):
        if all((candidate / spec.file).is_file() for spec in (*layout.NODE_FILES, *layout.RELATIONSHIP_FILES)):
            return candidate
    raise FileNotFoundError(f"no Neo4j export in {path} (expected {path / layout.FOLDER}/papers.csv ...; run `kg build` first)")


def _properties(columns: Sequence[layout.Column], record: Sequence[str]) -> dict:
    props = {}
    for column, text in zip(columns, record):
        if column.type in layout.PROPERTY_TYPES or column.type == "ID":
            value = layout.decode_value(column, text)
            if value is not None:
                props[column.name] = value
    return props


def _value_of(columns: Sequence[layout.Column], record: Sequence[str], kind: str) -> str:
    return next(text for column, text in zip(columns, record) if column.type == kind)


def read_export(folder: Path) -> ExportData:
    data = ExportData()
    for spec in layout.NODE_FILES:
        columns, records = layout.read_csv(folder / spec.file)
        data.nodes[spec.label] = [{"id": _value_of(columns, r, "ID"), "props": _properties(columns, r)} for r in records]
    for spec in layout.RELATIONSHIP_FILES:
        columns, records = layout.read_csv(folder / spec.file)
        data.relationships[spec.type] = [
            {"start": _value_of(columns, r, "START_ID"), "end": _value_of(columns, r, "END_ID"), "props": _properties(columns, r)}
            for r in records
        ]
    return data


# --- statements: pure functions of (label or type, rows) ------------------------------------

def node_statement(label: str, rows: list[dict]) -> tuple[str, dict]:
    spec = layout.NODE_FILE_OF_LABEL.get(label)
    if spec is None:
        raise ValueError(f"unknown node label {label!r}")
    query = f"UNWIND $rows AS row MERGE (n:{spec.group} {{id: row.id}})"
    if spec.label != spec.group:
        query += f" SET n:{spec.label}"
    return query + " SET n = row.props", {"rows": rows}


def relationship_statement(rel_type: str, rows: list[dict]) -> tuple[str, dict]:
    spec = layout.RELATIONSHIP_FILE_OF_TYPE.get(rel_type)
    if spec is None:
        raise ValueError(f"unknown relationship type {rel_type!r}")
    query = (f"UNWIND $rows AS row MATCH (a:{spec.start} {{id: row.start}}) MATCH (b:{spec.end} {{id: row.end}}) "
             f"MERGE (a)-[r:{spec.type}]->(b) SET r = row.props")
    return query, {"rows": rows}


def node_count_statement(label: str) -> str:
    if label not in layout.NODE_FILE_OF_LABEL:
        raise ValueError(f"unknown node label {label!r}")
    return f"MATCH (n:{label}) RETURN count(n)"


def relationship_count_statement(rel_type: str) -> str:
    if rel_type not in layout.RELATIONSHIP_FILE_OF_TYPE:
        raise ValueError(f"unknown relationship type {rel_type!r}")
    return f"MATCH ()-[r:{rel_type}]->() RETURN count(r)"


def _chunks(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def statements(data: ExportData, batch_size: int = DEFAULT_BATCH) -> Iterator[tuple[str, dict, int]]:
    """(query, parameters, row count) of every batch: all nodes first, then relationships."""
    if batch_size < 1:
        raise ValueError("batch size must be at least 1")
    for spec in layout.NODE_FILES:
        for batch in _chunks(data.nodes.get(spec.label, []), batch_size):
            yield (*node_statement(spec.label, batch), len(batch))
    for spec in layout.RELATIONSHIP_FILES:
        for batch in _chunks(data.relationships.get(spec.type, []), batch_size):
            yield (*relationship_statement(spec.type, batch), len(batch))


def load(run: Runner, data: ExportData, batch_size: int = DEFAULT_BATCH, progress: bool = False) -> int:
    """Runs every batch; returns the number of rows sent."""
    total = sum(data.counts().values())
    sent = 0
    with tqdm(total=total, unit="row", desc="neo4j", disable=not progress) as bar:
        for query, params, size in statements(data, batch_size):
            run(query, params)
            sent += size
            bar.update(size)
    return sent


def create_schema(run: Runner) -> int:
    for statement in layout.schema_statements():
        run(statement, {})
    return len(layout.schema_statements())


def database_counts(run: Runner) -> dict[str, int]:
    counts = {spec.label: run(node_count_statement(spec.label), {})[0][0] for spec in layout.NODE_FILES}
    counts.update({spec.type: run(relationship_count_statement(spec.type), {})[0][0] for spec in layout.RELATIONSHIP_FILES})
    return counts


def format_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[key]} {key}" for key in counts)


# --- command line ----------------------------------------------------------------------------

def run_load_neo4j(args: argparse.Namespace) -> int:
    password = args.password if args.password is not None else os.environ.get("NEO4J_PASSWORD")
    if password is None:
        print("kg load-neo4j: give --password or set NEO4J_PASSWORD", file=sys.stderr)
        return EXIT_USAGE
    try:
        data = read_export(find_folder(Path(args.source)))
    except (OSError, ValueError, StopIteration) as exc:
        print(f"kg load-neo4j: {exc}", file=sys.stderr)
        return EXIT_FAILED
    import neo4j

    failures = (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError, ValueError)
    try:
        return _load_into_neo4j(neo4j, args, password, data)
    except failures as exc:  # connection refused, authentication, bad URI, database errors
        print(f"kg load-neo4j: could not load into Neo4j at {args.uri}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED


def _load_into_neo4j(neo4j, args: argparse.Namespace, password: str, data: ExportData) -> int:
    with neo4j.GraphDatabase.driver(args.uri, auth=(args.user, password)) as driver:
        driver.verify_connectivity()

        def run(query: str, params: dict) -> list:
            return driver.execute_query(query, params, database_=args.database).records

        create_schema(run)
        sent = load(run, data, args.batch_size, progress=not args.no_progress)
        counts = database_counts(run)
    print(f"sent {sent} rows: {format_counts(data.counts())}")
    print(f"database {args.database or '(default)'} at {args.uri} now holds: {format_counts(counts)}")
    return EXIT_OK


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "load-neo4j", help="load an export's neo4j/ CSVs into a running Neo4j 5 (idempotent)",
        description="Load the neo4j/ CSVs of an export into Neo4j through Bolt: constraints, then MERGE in batches. "
                    "Running it again changes nothing.")
    parser.add_argument("--from", dest="source", default="exports", metavar="FOLDER",
                        help="export folder holding neo4j/ (default: exports/)")
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI", DEFAULT_URI),
                        help=f"Bolt URI (default: $NEO4J_URI or {DEFAULT_URI})")
    parser.add_argument("--user", default=os.environ.get("NEO4J_USER", "neo4j"), help="user (default: $NEO4J_USER or neo4j)")
    parser.add_argument("--password", default=None, help="password (default: $NEO4J_PASSWORD)")
    parser.add_argument("--database", default=os.environ.get("NEO4J_DATABASE"),
                        help="database name (default: $NEO4J_DATABASE or the server's default)")
    parser.add_argument("--batch-size", type=_positive, default=DEFAULT_BATCH, help=f"rows per transaction (default: {DEFAULT_BATCH})")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.set_defaults(func=run_load_neo4j)
    return parser
