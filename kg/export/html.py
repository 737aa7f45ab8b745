"""graph.html: the interactive, self-contained view of the graph, built with pyvis and vis-network.

This module owns what the page shows and how it is written: which nodes are drawn (the most
connected, up to ExportOptions.max_nodes), where they are (a networkx layout computed here with
a fixed seed, so the browser draws at once with physics off), how each node kind looks, the
details of the side panel, and the page itself: our template in kg/export/templates rendered
through pyvis' Network, with vis-network (read from the installed pyvis package), our script
and our styles inlined, so opening the page makes no network request at all.

Escaping: every piece of graph data reaches the page only as JSON inside
<script type="application/json"> blocks (with <, >, & and U+2028/9 escaped) and the page
script renders it with textContent; a Content-Security-Policy allows only the page's own
scripts (by hash) and no fetch of any kind.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx
import numpy as np
import pyvis
from pyvis.network import Network

from kg import graph as model
from kg.export import ExportOptions
from kg.export.atomic import atomic_open
from kg.records import Entity, Paper

FILE_NAME = "graph.html"
TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "graph.html.j2"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"

LAYOUT_SEED = 42
SPACING = 60.0  # pixels per layout unit k = 1/sqrt(n): about the distance between linked nodes
LAYOUT_ITERATIONS = 60
BIG_LAYOUT = 3000  # nodes; above this the layout runs fewer iterations
PAIR_BLOCK = 2_000_000  # node pairs per repulsion block (bounds the layout's memory)
GRAVITY = 0.1  # pull towards the centre: keeps small components near the main one
MASS = 2.0  # repulsion grows with degree**MASS: spreads the hubs apart so their labels do not overlap
LABELLED = 25  # the most connected nodes get labels large enough to read in the zoomed-out view
LABEL_CHARS = 34  # papers are labelled with their title cut to this many characters
MAX_LISTED = 100  # papers listed per relation in an entity's panel
MAX_EVIDENCE = 30  # evidence sentences shown in an entity's panel


@dataclass(frozen=True)
class NodeStyle:
    color: str
    shape: str  # a vis-network shape with the label below it


NODE_STYLES: dict[str, NodeStyle] = {
    "Paper": NodeStyle("#4e79a7", "dot"),
    "Model": NodeStyle("#e15759", "diamond"),
    "Dataset": NodeStyle("#59a14f", "square"),
    "Benchmark": NodeStyle("#f28e2b", "triangle"),
    "Method": NodeStyle("#b07aa1", "hexagon"),
    "Metric": NodeStyle("#9c755f", "triangleDown"),
    "Repository": NodeStyle("#17a3b8", "star"),
}
EDGE_COLORS = {"proposes": "#6b7280", "uses": "#c3c8d0", "evaluatedOn": "#e0a96d", "hasCode": "#8fd0da", model.VARIANT_OF: "#d9a3a4"}

VIS_OPTIONS: dict[str, Any] = {
    "autoResize": True,
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False, "randomSeed": LAYOUT_SEED},
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True, "navigationButtons": False},
    "nodes": {
        "borderWidth": 1,
        "borderWidthSelected": 3,
        "font": {"face": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "color": "#1f2430",
                 "strokeWidth": 3, "strokeColor": "#ffffff"},
        "scaling": {"label": {"drawThreshold": 9, "maxVisible": 24}},
    },
    "edges": {
        "smooth": False,
        "width": 0.7,
        "selectionWidth": 2,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.35}},
        "color": {"inherit": False},
    },
}


# ---- which nodes, where, how big ------------------------------------------------------------


def select_nodes(graph: nx.DiGraph, max_nodes: int) -> list[str]:
    """The most connected nodes (ties by id), at most max_nodes, returned sorted by id."""
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))
    return sorted(ranked[: max(0, max_nodes)])


def repulsion(pos: np.ndarray, mass: np.ndarray, k2: np.float32) -> np.ndarray:
    """Sum over all other nodes of k^2 * mass_j / d^2 along the separation, in row blocks of
    bounded memory (every pair: O(n^2) work, about 15 ms per call at 2,000 nodes)."""
    n = len(pos)
    disp = np.empty_like(pos)
    step = max(1, PAIR_BLOCK // n)
    for start in range(0, n, step):
        block = pos[start:start + step]
        dx = block[:, 0, None] - pos[None, :, 0]
        dy = block[:, 1, None] - pos[None, :, 1]
        d2 = dx * dx + dy * dy
        np.maximum(d2, np.float32(1e-6), out=d2)
        weight = k2 * mass[None, :] / d2
        disp[start:start + step, 0] = (dx * weight).sum(axis=1)
        disp[start:start + step, 1] = (dy * weight).sum(axis=1)
    return disp


def force_layout(n: int, edges: np.ndarray, iterations: int, seed: int = LAYOUT_SEED) -> np.ndarray:
    """Fruchterman-Reingold positions (n x 2, centred on the origin), vectorised with numpy.

    Nodes repel each other, more strongly the more connected they are (spreads the hubs apart),
    each edge attracts its ends, and a weak gravity keeps small components near the main one.
    The start is a seeded random draw and the cooling schedule fixed: deterministic.
    """
    if n < 2:
        return np.zeros((n, 2), dtype=np.float32)
    pos = (np.random.default_rng(seed).random((n, 2)) - 0.5).astype(np.float32)
    k = math.sqrt(1.0 / n)
    src, dst = edges[:, 0], edges[:, 1]
    mass = (np.bincount(edges.ravel(), minlength=n).astype(np.float32) + 1) ** MASS
    mass /= mass.mean()
    temperature, cool = 0.1, 0.1 / (iterations + 1)
    for _ in range(iterations):
        disp = repulsion(pos, mass, np.float32(k * k))
        delta = pos[src] - pos[dst]
        pull = delta * (np.sqrt((delta * delta).sum(axis=1)) / np.float32(k))[:, None]
        np.subtract.at(disp, src, pull)
        np.add.at(disp, dst, pull)
        disp -= np.float32(GRAVITY * math.sqrt(n)) * pos
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), np.float32(1e-9))
        pos += disp * (np.minimum(length, np.float32(temperature)) / length)[:, None]
        temperature -= cool
    return pos - pos.mean(axis=0)


def layout_iterations(n: int) -> int:
    """LAYOUT_ITERATIONS up to BIG_LAYOUT nodes, fewer above (each iteration costs O(n^2))."""
    return LAYOUT_ITERATIONS if n <= BIG_LAYOUT else max(12, round(LAYOUT_ITERATIONS * (BIG_LAYOUT / n) ** 2))


def layout(graph: nx.DiGraph, nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Deterministic positions in vis-network pixels, rounded to 0.1, for the drawn nodes."""
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(index[u], index[v]) for u, v in graph.edges if u in index and v in index})
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    positions = force_layout(len(nodes), edges, layout_iterations(len(nodes)))
    scale = SPACING * math.sqrt(len(nodes))
    return {node: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for node, (x, y) in zip(nodes, positions)}


def node_size(degree: int, max_degree: int) -> float:
    return round(7 + 23 * math.sqrt(degree / max(1, max_degree)), 1)


def font_sizes(graph: nx.DiGraph, nodes: list[str]) -> dict[str, int]:
    """Label sizes: the LABELLED most connected nodes get 26-44 px (by degree), readable when zoomed
    out; the others 12 px, which vis-network only draws once zoomed in (scaling.label.drawThreshold)."""
    ranked = sorted(nodes, key=lambda n: (-graph.degree(n), n))
    hubs = ranked[:LABELLED]
    top = math.log1p(max((graph.degree(n) for n in hubs), default=1))
    sizes = {node: 12 for node in nodes}
    for node in hubs:
        sizes[node] = round(26 + 18 * math.log1p(graph.degree(node)) / max(top, 1e-9))
    return sizes


def short_title(title: str, limit: int = LABEL_CHARS) -> str:
    """The title cut at a word boundary to about `limit` characters, with an ellipsis when cut."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0] if " " in title[:limit] else title[:limit]
    return cut.rstrip(" ,.:;-") + "\u2026"


def label_of(record: Paper | Entity) -> str:
    if isinstance(record, Paper):
        return short_title(record.title or record.id)
    return short_title(record.name, 40)


# ---- side panel details -----------------------------------------------------------------------


def http_url(url: str | None) -> str | None:
    """url when it is an absolute http(s) URL, else None (never javascript: or data: links)."""
    if url and re.match(r"(?i)^https?://[^\s]+$", url):
        return url
    return None


def paper_urls(paper: Paper) -> list[list[str]]:
    urls = []
    if paper.arxiv_id:
        arxiv = quote(paper.arxiv_id, safe="/.")
        urls += [["arXiv", f"https://arxiv.org/abs/{arxiv}"], ["Hugging Face", f"https://huggingface.co/papers/{arxiv}"]]
    if http_url(paper.url) and paper.url not in {u for _, u in urls}:
        urls.append(["Source", paper.url])
    return urls


def entity_urls(entity: Entity) -> list[list[str]]:
    urls = []
    if entity.hf:
        prefix = "datasets/" if entity.type == "DATASET" else ""
        urls.append(["Hugging Face", f"https://huggingface.co/{prefix}{quote(entity.hf, safe='/')}"])
    if entity.wikidata:
        urls.append(["Wikidata", f"https://www.wikidata.org/wiki/{quote(entity.wikidata, safe='')}"])
    if http_url(entity.url):
        urls.append([entity.kind.capitalize() if entity.kind else "Link", entity.url])
    return urls


def listing_dates(paper: Paper) -> list[str]:
    return sorted({listing.date for listing in paper.listings if listing.date})


def paper_details(graph: nx.DiGraph, paper: Paper) -> dict[str, Any]:
    links: dict[str, list[list[str]]] = {}
    for link in model.links_of_paper(graph, paper.id):
        entity = graph.nodes[link.entity]["record"]
        links.setdefault(link.relation, []).append([link.entity, entity.name, graph.nodes[link.entity]["kind"]])
    return {
        "kind": "Paper",
        "name": paper.title,
        "abstract": paper.abstract,
        "dates": listing_dates(paper),
        "date": paper.date,
        "authors": list(paper.authors),
        "urls": paper_urls(paper),
        "links": links,
    }


def entity_details(graph: nx.DiGraph, entity: Entity) -> dict[str, Any]:
    papers: dict[str, list[list[str]]] = {}
    counts: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    for link in model.links_of_entity(graph, entity.id):
        paper_id = model.paper_node(link.paper)
        counts[link.relation] = counts.get(link.relation, 0) + 1
        if len(papers.setdefault(link.relation, [])) < MAX_LISTED:
            papers[link.relation].append([paper_id, graph.nodes[paper_id]["record"].title])
        for mention in link.mentions:
            if mention.sentence not in evidence:
                evidence[mention.sentence] = [paper_id, mention.sentence]
    family = [[v, graph.nodes[v]["record"].name] for v in sorted(graph.successors(entity.id))
              if graph.edges[entity.id, v]["relation"] == model.VARIANT_OF]
    variants = [[u, graph.nodes[u]["record"].name] for u in sorted(graph.predecessors(entity.id))
                if graph.edges[u, entity.id]["relation"] == model.VARIANT_OF]
    sentences = list(evidence.values())
    return {
        "kind": graph.nodes[entity.id]["kind"],
        "name": entity.name,
        "aliases": sorted(set(entity.aliases) - {entity.name}),
        "urls": entity_urls(entity),
        "papers": papers,
        "paperCounts": counts,
        "family": family,
        "variants": variants,
        "evidence": sentences[:MAX_EVIDENCE],
        "evidenceCount": len(sentences),
    }


def node_details(graph: nx.DiGraph, node: str) -> dict[str, Any]:
    record = graph.nodes[node]["record"]
    if isinstance(record, Paper):
        return paper_details(graph, record)
    return entity_details(graph, record)


# ---- the page ------------------------------------------------------------------------------


def script_safe(json_text: str) -> str:
    """JSON text made safe inside a <script> element: no </script>, <!--, & entity or line separator."""
    return (json_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def json_script(value: Any) -> str:
    """value as deterministic JSON (sorted keys, ASCII only) safe to put inside a <script> element."""
    return script_safe(json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":")))


def read_asset(path: Path, closing_tag: str) -> str:
    text = path.read_text(encoding="utf-8")
    if closing_tag in text.lower():
        raise ValueError(f"{path} contains {closing_tag}; it cannot be inlined")
    return text


def csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def notice_text(shown: int, total: int, edges_shown: int, edges_total: int) -> str:
    if shown == total:
        return f"All {total:,} nodes and {edges_total:,} links are drawn."
    return (f"Showing {shown:,} of {total:,} nodes (the most connected) and {edges_shown:,} of {edges_total:,} links: "
            f"{total - shown:,} nodes and {edges_total - edges_shown:,} links are left out. "
            "Rebuild with a larger --max-nodes to draw more.")


def build_network(graph: nx.DiGraph, drawn: list[str]) -> Network:
    """A pyvis Network of the drawn nodes (positioned, styled) and the edges between them."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.options = VIS_OPTIONS
    positions = layout(graph, drawn)
    max_degree = max((graph.degree(n) for n in drawn), default=1)
    fonts = font_sizes(graph, drawn)
    for node in drawn:
        kind = graph.nodes[node]["kind"]
        style, degree = NODE_STYLES[kind], graph.degree(node)
        x, y = positions[node]
        net.add_node(node, label=label_of(graph.nodes[node]["record"]), shape=style.shape, color=style.color,
                     size=node_size(degree, max_degree), font={"size": fonts[node]},
                     x=x, y=y, kind=kind)
    keep = set(drawn)
    for u, v in sorted((u, v) for u, v in graph.edges if u in keep and v in keep):
        relation = graph.edges[u, v]["relation"]
        options: dict[str, Any] = {"color": EDGE_COLORS[relation]}
        if relation == model.VARIANT_OF:
            options["dashes"] = True
        net.add_edge(u, v, **options)
    return net


def page_data(graph: nx.DiGraph, drawn: list[str], edges_shown: int) -> dict[str, Any]:
    counts = model.summary(graph)
    drawn_kinds = [graph.nodes[n]["kind"] for n in drawn]
    kinds = [{"kind": kind, "color": style.color, "shape": style.shape, "drawn": drawn_kinds.count(kind), "total": counts[kind]}
             for kind, style in NODE_STYLES.items()]
    dates = sorted({d for n in drawn if graph.nodes[n]["kind"] == "Paper" for d in listing_dates(graph.nodes[n]["record"])})
    total, edges_total = graph.number_of_nodes(), graph.number_of_edges()
    return {
        "kinds": kinds,
        "shown": len(drawn),
        "total": total,
        "edgesShown": edges_shown,
        "edgesTotal": edges_total,
        "truncated": len(drawn) < total,
        "notice": notice_text(len(drawn), total, edges_shown, edges_total),
        "dates": [dates[0], dates[-1]] if dates else [],
        "details": {node: node_details(graph, node) for node in drawn},
    }


def render(graph: nx.DiGraph, options: ExportOptions = ExportOptions()) -> str:
    """The whole page as one string; the same graph always gives the same bytes."""
    drawn = select_nodes(graph, options.max_nodes)
    net = build_network(graph, drawn)
    net.set_template_dir(str(TEMPLATES) + "/", TEMPLATE)
    page_js = read_asset(TEMPLATES / "graph.js", "</script")
    vis_js = read_asset(VIS_DIR / "vis-network.min.js", "</script")
    net.templateEnv.filters.update(json_script=json_script, script_safe=script_safe)
    net.templateEnv.globals.update(
        vis_css=read_asset(VIS_DIR / "vis-network.css", "</style"),
        vis_js=vis_js,
        page_css=read_asset(TEMPLATES / "graph.css", "</style"),
        page_js=page_js,
        page_data=page_data(graph, drawn, len(net.edges)),
        script_hashes=" ".join(csp_hash(s) for s in (vis_js, page_js)),
    )
    return net.generate_html(FILE_NAME)


def export(graph: nx.DiGraph, out_dir: Path, options: ExportOptions) -> list[Path]:
    path = out_dir / FILE_NAME
    with atomic_open(path) as handle:
        handle.write(render(graph, options))
    return [path]
