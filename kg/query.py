"""`kg query`: SPARQL over an RDF export, in memory with pyoxigraph, offline.

QUERY_OR_FILE is read from a file when that path exists (examples/queries/*.rq), else it
is the query text itself. The data's format comes from its extension (.ttl, .nt, .jsonld,
.nq, .trig, .rdf/.owl/.xml, .n3). Results print as an aligned table, as CSV (a header row of
variable names, then IRIs and literal values as plain text, like the SPARQL 1.1 CSV results
format) or as SPARQL 1.1 Query Results JSON (the format SPARQL endpoints such as Virtuoso
return). CONSTRUCT and DESCRIBE results print as rows of subject, predicate, object.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

DEFAULT_DATA = Path("exports") / "graph.ttl"
LARGE_GRAPH_DATA = Path("exports") / "graph.nt"  # the only RDF file of a graph too large for Turtle
FORMATS = ("table", "csv", "json")
EXIT_OK, EXIT_ERROR = 0, 1
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
EXTRA_EXTENSIONS = {"json": ox.RdfFormat.JSON_LD, "owl": ox.RdfFormat.RDF_XML, "xml": ox.RdfFormat.RDF_XML}


class QueryError(Exception):
    """A problem with the data or the query, reported to the user without a traceback."""


@dataclass(frozen=True)
class Results:
    """A query's answer: variables and rows of terms (None when unbound), or a boolean for ASK."""

    variables: tuple[str, ...]
    rows: tuple[tuple[object | None, ...], ...]
    boolean: bool | None = None


def rdf_format(path: Path) -> ox.RdfFormat:
    extension = path.suffix.lstrip(".").lower()
    found = EXTRA_EXTENSIONS.get(extension) or ox.RdfFormat.from_extension(extension)
    if found is None:
        raise QueryError(f"cannot tell the RDF format of {path} from its extension (use .ttl, .nt, .jsonld, .nq, .trig or .rdf)")
    return found


def load_store(path: Path) -> ox.Store:
    """An in-memory store holding the RDF file at `path`."""
    if not path.is_file():
        raise QueryError(f"no data file {path}: run `kg build` first, or pass --data FILE")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=rdf_format(path))
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"cannot read {path}: {exc}") from None
    return store


def read_query(query_or_file: str) -> str:
    """The query text: the file's contents when the argument names a file, else the argument."""
    path = Path(query_or_file)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # a long query text is not a valid path on every system
        is_file = False
    if is_file:
        return path.read_text(encoding="utf-8")
    if query_or_file.endswith(".rq") and "\n" not in query_or_file:
        raise QueryError(f"no query file {query_or_file}")
    if not query_or_file.strip():
        raise QueryError("empty query")
    return query_or_file


def run(store: ox.Store, query_text: str) -> Results:
    try:
        answer = store.query(query_text)
        if isinstance(answer, ox.QueryBoolean):
            return Results((), (), bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = tuple(v.value for v in answer.variables)
            rows = tuple(tuple(solution[i] for i in range(len(variables))) for solution in answer)
            return Results(variables, rows)
        rows = tuple((t.subject, t.predicate, t.object) for t in answer)
        return Results(("subject", "predicate", "object"), rows)
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise QueryError(f"bad SPARQL query: {exc}") from None


def query_file(data: Path, query_or_file: str) -> Results:
    """Run a query (text or .rq path) over an RDF file: the library form of `kg query`."""
    return run(load_store(data), read_query(query_or_file))


# ---------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------


def term_text(term: object | None) -> str:
    """A term as plain text: the IRI, the literal's value, _:id for a blank node, '' if unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def term_json(term: object) -> dict:
    """A term as a binding of the SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        binding = {"type": "literal", "value": term.value}
        if term.language:
            binding["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            binding["datatype"] = term.datatype.value
        return binding
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {k: term_json(getattr(term, k)) for k in ("subject", "predicate", "object")}}
    return {"type": "literal", "value": str(term)}


def format_json(results: Results) -> str:
    if results.boolean is not None:
        document: dict = {"head": {}, "boolean": results.boolean}
    else:
        bindings = [
            {name: term_json(term) for name, term in zip(results.variables, row) if term is not None}
            for row in results.rows
        ]
        document = {"head": {"vars": list(results.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def format_csv(results: Results) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if results.boolean is not None:
        writer.writerows([["boolean"], ["true" if results.boolean else "false"]])
    else:
        writer.writerow(results.variables)
        writer.writerows([term_text(term) for term in row] for row in results.rows)
    return buffer.getvalue()


def _cell(term: object | None) -> str:
    return term_text(term).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def format_table(results: Results) -> str:
    """Columns padded to their widest cell, a rule under the header, a row count last."""
    if results.boolean is not None:
        return ("true" if results.boolean else "false") + "\n"
    header = list(results.variables)
    cells = [[_cell(term) for term in row] for row in results.rows]
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(header)]
    lines = [
        "  ".join(value.ljust(width) for value, width in zip(line, widths)).rstrip()
        for line in [header, ["-" * w for w in widths], *cells]
    ]
    count = len(cells)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


FORMATTERS = {"table": format_table, "csv": format_csv, "json": format_json}


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------


def default_data() -> Path:
    """exports/graph.ttl, or exports/graph.nt when only that exists (a graph too large for Turtle)."""
    if not DEFAULT_DATA.exists() and LARGE_GRAPH_DATA.exists():
        return LARGE_GRAPH_DATA
    return DEFAULT_DATA


def run_query(args: argparse.Namespace) -> int:
    data = Path(args.data) if args.data else default_data()
    try:
        results = query_file(data, args.query)
    except QueryError as exc:
        print(f"kg query: {exc}", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(FORMATTERS[args.format](results))
    return EXIT_OK


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "query",
        help="run a SPARQL query over the RDF export",
        description="Run a SPARQL query over an RDF export (in memory, with pyoxigraph).",
    )
    parser.add_argument("query", metavar="QUERY_OR_FILE", help="a .rq file (examples/queries/) or the query text")
    parser.add_argument("--data", metavar="FILE", default=None,
                        help=f"RDF file to query; format from the extension (default: {DEFAULT_DATA})")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table (default), csv, or json (SPARQL 1.1 Query Results JSON)")
    parser.set_defaults(func=run_query)
    return parser
