"""Exporters: each turns the shared graph model (kg.graph) into one output format.

Every exporter is a function `export(graph, out_dir, options) -> list[Path]` writing only
inside `out_dir`, which the build points at a staging folder (see kg.export.atomic).
"""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_BASE_IRI = "https://w3id.org/kg-ml/"


@dataclass(frozen=True)
class ExportOptions:
    base_iri: str = DEFAULT_BASE_IRI
    max_nodes: int = 2000  # the HTML graph shows the most connected nodes up to this many
    large_graph_triples: int = 400_000  # above this, Turtle is streamed from graph.nt by pyoxigraph and JSON-LD
    # is skipped; up to it rdflib writes both (about 10k triples/s: a bigger graph would cost minutes)
