"""entities.jsonl: one line per paper with the entities it proposes or uses (the `kg extract` format).

Public keys: `id`, `title`, `entities` [{type, name, aliases, role}]. The keys `paper` and
`mentions` carry kg's own store (see kg.store) so a build can be updated or merged later.
"""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from kg import graph as model
from kg.export import ExportOptions
from kg.export.atomic import atomic_open
from kg.records import Link
from kg.store import mention_payload, paper_payload

FILE_NAME = "entities.jsonl"


def type_in_paper(entity_type: str, link: Link) -> str:
    """An entity is typed in a paper's line as that paper describes it (docs/daily_eval.md): a
    dataset the paper evaluates on is listed as a BENCHMARK, and an entity every mention of which
    the paper types otherwise than the catalogue (its own system it calls "a framework": METHOD)
    with that type. The graph keeps the catalogue type on the node and says evaluatedOn on the link."""
    if entity_type == "DATASET" and link.relation == "evaluatedOn":
        return "BENCHMARK"
    described = {m.type for m in link.mentions}
    return described.pop() if link.relation == "proposes" and len(described) == 1 else entity_type


def paper_lines(graph: nx.DiGraph):
    """The JSON object of each paper, sorted by paper id; entities sorted by (type, name)."""
    by_id = {e.id: e for e in model.entities(graph)}
    for paper in model.papers(graph):
        items = []
        mentions = []
        for link in model.links_of_paper(graph, paper.id):
            mentions.extend(link.mentions)
            entity = by_id[link.entity]
            surfaces = sorted({m.text for m in link.mentions} - {entity.name})
            items.append({"type": type_in_paper(entity.type, link), "name": entity.name, "aliases": surfaces,
                          "role": link.role})
        items.sort(key=lambda item: (item["type"], item["name"]))
        mentions.sort(key=lambda m: (m.field != "title", m.start, m.end, m.type, m.name, m.component))
        yield {
            "id": paper.id,
            "title": paper.title,
            "entities": items,
            "paper": paper_payload(paper),
            "mentions": [mention_payload(m) for m in mentions],
        }


def write_jsonl(graph: nx.DiGraph, path: Path) -> Path:
    with atomic_open(path) as handle:
        for line in paper_lines(graph):
            handle.write(json.dumps(line, ensure_ascii=False, sort_keys=False) + "\n")
    return path


def export(graph: nx.DiGraph, out_dir: Path, options: ExportOptions) -> list[Path]:
    return [write_jsonl(graph, out_dir / FILE_NAME)]
