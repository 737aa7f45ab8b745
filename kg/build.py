"""The build: inputs -> records -> papers -> mentions -> entities and links -> graph -> exports.

Each stage is timed; `build()` returns the graph with the timings, counts and problems so
the CLI and the benchmark report the same numbers.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from tqdm import tqdm

from kg import heap
from kg.diagnostics import Diagnostics
from kg.export import ExportOptions
from kg.export.atomic import staging_folder
from kg.export.runner import run_exporters
from kg.extract.pipeline import extract_papers
from kg.graph import build_graph, summary
from kg.papers import deduplicate
from kg.records import Paper, PaperExtraction
from kg.resolve import resolve
from kg.sources import read_records
from kg.store import read_store, records_of, text_key

DEFAULT_INPUT = Path("examples/daily_papers")
DEFAULT_OUTPUT = Path("exports")
EXPORTERS = ("kg.export.entities_jsonl", "kg.export.rdf", "kg.export.html", "kg.export.neo4j")
ENTITIES_FILE = "entities.jsonl"
PROGRESS_THRESHOLD = 500  # papers: below this a build is quick and shows no progress bar


@dataclass
class BuildResult:
    graph: nx.DiGraph
    extractions: list[PaperExtraction]
    diagnostics: Diagnostics
    timings: dict[str, float] = field(default_factory=dict)
    outputs: list[Path] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return summary(self.graph)


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def display_path(path: Path) -> str:
    """Provenance paths: relative to the working directory when inside it, POSIX separators."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def read_papers(inputs: Iterable[Path], diagnostics: Diagnostics, stored: Iterable[PaperExtraction] = ()) -> list[Paper]:
    """Deduplicated papers of stored extractions (first, in their listing order) and then the inputs."""
    with heap.paused():
        records = [record for extraction in stored for record in records_of(extraction.paper)]
        records += read_records([Path(display_path(p)) if p.exists() else p for p in inputs], diagnostics)
        return deduplicate(records, diagnostics)


def read_stored(paths: Iterable[Path], diagnostics: Diagnostics) -> list[PaperExtraction]:
    with heap.paused():
        return [extraction for path in paths for extraction in read_store(path, diagnostics)]


def extract(
    papers: list[Paper], workers: int, progress: bool | None = None, stored: Iterable[PaperExtraction] = (),
    ner: bool = False,
) -> list[PaperExtraction]:
    """Mentions of every paper, in paper order; papers whose text was extracted before are not run again."""
    cache = {text_key(e.paper): e.mentions for e in stored}
    todo = [p for p in papers if text_key(p) not in cache]
    show = len(todo) >= PROGRESS_THRESHOLD if progress is None else progress
    bar = tqdm(total=len(todo), unit="paper", desc="extract", disable=not show, smoothing=0.1)
    for extraction in extract_papers(todo, workers=workers, ner=ner):
        cache[text_key(extraction.paper)] = extraction.mentions
        bar.update(1)
    bar.close()
    return [PaperExtraction(p, cache[text_key(p)]) for p in papers]


def assemble(extractions: list[PaperExtraction], timings: dict[str, float]) -> nx.DiGraph:
    with _timed(timings, "resolve"), heap.paused():
        entities, links = resolve(extractions)
    with _timed(timings, "graph"), heap.paused():
        return build_graph((e.paper for e in extractions), entities, links)


def export_all(
    graph: nx.DiGraph, out_dir: Path, options: ExportOptions, timings: dict[str, float],
    exporters: Iterable[str] | None = None, workers: int = 1,
) -> list[Path]:
    """Run every exporter into a staging folder (in parallel child processes when workers > 1),
    then publish the files into out_dir; a failing exporter publishes nothing."""
    names = list(EXPORTERS if exporters is None else exporters)
    with staging_folder(out_dir) as staging:
        runs = run_exporters(names, graph, staging, options, workers)
    written: list[Path] = []
    for run in runs:
        stage = run.module.rsplit(".", 1)[-1]
        timings[stage] = timings.get(stage, 0.0) + run.seconds
        written += [out_dir / p.relative_to(staging) for p in run.paths]
    return written


def build(
    inputs: Iterable[Path],
    out_dir: Path | None,
    *,
    workers: int = 1,
    options: ExportOptions = ExportOptions(),
    diagnostics: Diagnostics | None = None,
    strict: bool = False,
    progress: bool | None = None,
    from_entities: Iterable[Path] = (),
    update: bool = False,
    ner: bool = False,
) -> BuildResult:
    """Read, extract, resolve, assemble and (when out_dir is given) export.

    `workers`: extraction processes, and exporters run at once in forked children (1: all in
    this process). `from_entities`: entities.jsonl / `kg extract` outputs whose papers join the
    build without being extracted again. `update`: the same for out_dir's own entities.jsonl.
    """
    if diagnostics is None:
        diagnostics = Diagnostics()
    timings: dict[str, float] = {}
    store_paths = list(from_entities)
    if update and out_dir is not None and (out_dir / ENTITIES_FILE).exists():
        store_paths.insert(0, out_dir / ENTITIES_FILE)
    with _timed(timings, "read"):
        stored = read_stored(store_paths, diagnostics)
        papers = read_papers(inputs, diagnostics, stored)
    with _timed(timings, "extract"):
        extractions = extract(papers, workers, progress, stored, ner) if not (strict and len(diagnostics)) else []
    graph = assemble(extractions, timings)
    result = BuildResult(graph, extractions, diagnostics, timings)
    if out_dir is not None and papers and not (strict and len(diagnostics)):
        result.outputs = export_all(graph, out_dir, options, timings, workers=workers)
    return result
