"""The build: inputs -> records -> papers -> mentions -> entities and links -> graph -> exports.

Each stage is timed; `build()` returns the graph with the timings, counts and problems so
the CLI and the benchmark report the same numbers.
"""
from __future__ import annotations

import importlib
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from tqdm import tqdm

from kg.diagnostics import Diagnostics
from kg.export import ExportOptions
from kg.export.atomic import staging_folder
from kg.extract.pipeline import extract_papers
from kg.graph import build_graph, summary
from kg.papers import deduplicate
from kg.records import Paper, PaperExtraction
from kg.resolve import resolve
from kg.sources import read_records

DEFAULT_INPUT = Path("examples/daily_papers")
DEFAULT_OUTPUT = Path("exports")
EXPORTERS = ("kg.export.entities_jsonl", "kg.export.rdf", "kg.export.html", "kg.export.neo4j")
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


def read_papers(inputs: Iterable[Path], diagnostics: Diagnostics) -> list[Paper]:
    return deduplicate(read_records([Path(display_path(p)) if p.exists() else p for p in inputs], diagnostics), diagnostics)


def extract(papers: list[Paper], workers: int, progress: bool | None = None) -> list[PaperExtraction]:
    show = len(papers) >= PROGRESS_THRESHOLD if progress is None else progress
    bar = tqdm(total=len(papers), unit="paper", desc="extract", disable=not show, smoothing=0.1)
    results = []
    for extraction in extract_papers(papers, workers=workers):
        results.append(extraction)
        bar.update(1)
    bar.close()
    return results


def assemble(extractions: list[PaperExtraction], timings: dict[str, float]) -> nx.DiGraph:
    with _timed(timings, "resolve"):
        entities, links = resolve(extractions)
    with _timed(timings, "graph"):
        return build_graph((e.paper for e in extractions), entities, links)


def export_all(graph: nx.DiGraph, out_dir: Path, options: ExportOptions, timings: dict[str, float], exporters: Iterable[str] = EXPORTERS) -> list[Path]:
    """Run every exporter into a staging folder, then publish the files into out_dir."""
    written: list[Path] = []
    with staging_folder(out_dir) as staging:
        for module_name in exporters:
            module = importlib.import_module(module_name)
            with _timed(timings, module_name.rsplit(".", 1)[-1]):
                written += [out_dir / p.relative_to(staging) for p in module.export(graph, staging, options)]
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
) -> BuildResult:
    """Read, extract, resolve, assemble and (when out_dir is given) export."""
    diagnostics = diagnostics or Diagnostics()
    timings: dict[str, float] = {}
    with _timed(timings, "read"):
        papers = read_papers(inputs, diagnostics)
    with _timed(timings, "extract"):
        extractions = extract(papers, workers, progress) if not (strict and len(diagnostics)) else []
    graph = assemble(extractions, timings)
    result = BuildResult(graph, extractions, diagnostics, timings)
    if out_dir is not None and papers and not (strict and len(diagnostics)):
        result.outputs = export_all(graph, out_dir, options, timings)
    return result
