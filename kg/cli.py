"""The `kg` command line: build, extract, evaluate, query, load-neo4j.

Exit codes: 0 success; 1 input errors (any problem under --strict, or nothing usable);
2 usage errors (bad arguments).
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

from kg import __version__
from kg.diagnostics import Diagnostics
from kg.export import DEFAULT_BASE_IRI, ExportOptions

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
SUBCOMMAND_MODULES = ("kg.evaluate", "kg.query", "kg.neo4j_loader")


def _default_workers() -> int:
    from kg.extract.pipeline import default_workers

    return default_workers()


def _base_iri(value: str) -> str:
    from kg.export.rdf import normalise_base

    try:
        return normalise_base(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, default=None,
                        help="extraction processes, and exporters run at once by `kg build` (default: number of cores)")
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) on any input warning, writing nothing")
    parser.add_argument("--quiet", action="store_true", help="do not echo input warnings")
    parser.add_argument("--ner", action="store_true",
                        help="add the optional statistical NER component (slower; see docs/ner.md)")


def _input_status(diagnostics: Diagnostics, strict: bool, papers: int) -> int:
    if diagnostics.problems:
        print(f"{len(diagnostics.problems)} input problem(s) reported above.", file=sys.stderr)
    if strict and diagnostics.problems:
        print("--strict: failing on input problems; nothing written.", file=sys.stderr)
        return EXIT_INPUT
    if papers == 0:
        print("no usable paper records in the input; nothing written.", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    from kg.build import DEFAULT_INPUT, build

    from_entities = [Path(p) for p in args.from_entities]
    inputs = [Path(p) for p in args.inputs] or ([] if from_entities or args.update else [DEFAULT_INPUT])
    options = ExportOptions(base_iri=args.base_iri, max_nodes=args.max_nodes)
    diagnostics = Diagnostics(quiet=args.quiet)
    start = time.perf_counter()
    result = build(inputs, Path(args.output), workers=args.workers or _default_workers(), options=options,
                   diagnostics=diagnostics, strict=args.strict, from_entities=from_entities, update=args.update,
                   ner=args.ner)
    status = _input_status(diagnostics, args.strict, len(result.extractions))
    if status != EXIT_OK:
        return status
    counts = result.counts
    elapsed = time.perf_counter() - start
    plurals = {"Model": "models", "Dataset": "datasets", "Benchmark": "benchmarks", "Method": "methods",
               "Metric": "metrics", "Repository": "repositories"}
    entity_counts = ", ".join(f"{counts[kind]} {plural}" for kind, plural in plurals.items())
    edges = sum(counts[r] for r in ("proposes", "uses", "evaluatedOn", "hasCode"))
    print(f"papers: {counts['Paper']}")
    print(f"entities: {entity_counts}")
    print(f"links: {edges} ({counts['proposes']} proposes, {counts['uses']} uses, {counts['evaluatedOn']} evaluatedOn, {counts['hasCode']} hasCode)")
    names = {p.name for p in result.outputs}
    if "graph.nt" in names and "graph.jsonld" not in names:
        print(f"graph.jsonld skipped: more than {options.large_graph_triples:,} triples "
              "(graph.nt and graph.ttl hold them all, written as streams)")
    print(f"wrote {len(result.outputs)} files to {args.output}/ in {elapsed:.1f} s")
    return EXIT_OK


def run_extract(args: argparse.Namespace) -> int:
    from kg.build import assemble, extract, read_papers
    from kg.export.entities_jsonl import write_jsonl

    diagnostics = Diagnostics(quiet=args.quiet)
    papers = read_papers([Path(p) for p in args.inputs], diagnostics)
    status = _input_status(diagnostics, args.strict, len(papers))
    if status != EXIT_OK:
        return status
    graph = assemble(extract(papers, args.workers or _default_workers(), ner=args.ner), {})
    write_jsonl(graph, Path(args.output))
    print(f"{len(papers)} papers -> {args.output}")
    return EXIT_OK


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Build a knowledge graph of ML papers and the entities they name.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="build the graph and every export from paper listings")
    build.add_argument("inputs", nargs="*", metavar="INPUT", help="files or folders (default: examples/daily_papers/)")
    build.add_argument("-o", "--output", default="exports", help="output folder (default: exports/)")
    build.add_argument("--base-iri", default=DEFAULT_BASE_IRI, type=_base_iri, help=f"base IRI of every resource (default: {DEFAULT_BASE_IRI})")
    build.add_argument("--update", action="store_true",
                       help="add INPUT to the existing build in the output folder; stored papers are not extracted again")
    build.add_argument("--from-entities", nargs="+", default=[], metavar="FILE.jsonl",
                       help="merge `kg extract` outputs (e.g. shards extracted separately) into the build")
    build.add_argument("--max-nodes", type=int, default=ExportOptions.max_nodes, help="most nodes drawn in graph.html")
    _add_input_options(build)
    build.set_defaults(func=run_build)

    extract = sub.add_parser("extract", help="write the entities of each paper as JSON lines")
    extract.add_argument("inputs", nargs="+", metavar="INPUT")
    extract.add_argument("-o", "--output", required=True, metavar="FILE.jsonl")
    _add_input_options(extract)
    extract.set_defaults(func=run_extract)

    for module_name in SUBCOMMAND_MODULES:
        importlib.import_module(module_name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted; previous exports left as they were.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
