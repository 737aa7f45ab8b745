"""The graph model every exporter shares: a networkx DiGraph of papers and entities.

Nodes carry their typed record under the attribute `record` (a Paper or an Entity) and a
`kind` ("Paper", "Model", "Dataset", ...). Paper -> entity edges carry a Link under `link`
and its `relation`; entity -> entity edges have relation "variantOf" (Llama 2 7B -> Llama 2).

Exporters read the graph through the functions below, which return records in one
deterministic order, so every export of the same input is byte-identical.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx

from kg.records import Entity, Link, Paper

KIND_OF_TYPE = {
    "MODEL": "Model",
    "DATASET": "Dataset",
    "BENCHMARK": "Benchmark",
    "METHOD": "Method",
    "METRIC": "Metric",
    "REPOSITORY": "Repository",
}
ENTITY_KINDS = tuple(KIND_OF_TYPE.values())
NODE_KINDS = ("Paper", *ENTITY_KINDS)
RELATIONS = ("proposes", "uses", "evaluatedOn", "hasCode")
VARIANT_OF = "variantOf"


def paper_node(paper_id: str) -> str:
    return f"paper/{paper_id}"


def build_graph(papers: Iterable[Paper], entities: Iterable[Entity], links: Iterable[Link]) -> nx.DiGraph:
    graph = nx.DiGraph()
    for paper in papers:
        graph.add_node(paper_node(paper.id), kind="Paper", record=paper)
    entity_list = list(entities)
    for entity in entity_list:
        graph.add_node(entity.id, kind=KIND_OF_TYPE[entity.type], record=entity)
    for link in links:
        graph.add_edge(paper_node(link.paper), link.entity, relation=link.relation, link=link)
    for entity in entity_list:
        if entity.family and entity.family in graph:
            graph.add_edge(entity.id, entity.family, relation=VARIANT_OF)
    return graph


def papers(graph: nx.DiGraph) -> list[Paper]:
    """Papers sorted by id."""
    return sorted((d["record"] for _, d in graph.nodes(data=True) if d["kind"] == "Paper"), key=lambda p: p.id)


def entities(graph: nx.DiGraph) -> list[Entity]:
    """Entities sorted by id."""
    return sorted((d["record"] for _, d in graph.nodes(data=True) if d["kind"] != "Paper"), key=lambda e: e.id)


def links(graph: nx.DiGraph) -> list[Link]:
    """Paper -> entity links sorted by (paper id, entity id)."""
    return sorted((d["link"] for _, _, d in graph.edges(data=True) if "link" in d), key=lambda l: (l.paper, l.entity))


def variant_edges(graph: nx.DiGraph) -> list[tuple[str, str]]:
    """(variant entity id, family entity id) pairs, sorted."""
    return sorted((u, v) for u, v, d in graph.edges(data=True) if d["relation"] == VARIANT_OF)


def links_of_paper(graph: nx.DiGraph, paper_id: str) -> Iterator[Link]:
    node = paper_node(paper_id)
    for entity_id in sorted(graph.successors(node)):
        yield graph.edges[node, entity_id]["link"]


def links_of_entity(graph: nx.DiGraph, entity_id: str) -> Iterator[Link]:
    for node in sorted(graph.predecessors(entity_id)):
        data = graph.edges[node, entity_id]
        if "link" in data:
            yield data["link"]


def summary(graph: nx.DiGraph) -> dict[str, int]:
    """Node counts per kind and link counts per relation."""
    counts = {kind: 0 for kind in NODE_KINDS}
    for _, data in graph.nodes(data=True):
        counts[data["kind"]] += 1
    for relation in (*RELATIONS, VARIANT_OF):
        counts[relation] = 0
    for _, _, data in graph.edges(data=True):
        counts[data["relation"]] += 1
    return counts
