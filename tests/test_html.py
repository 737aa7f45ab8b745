"""graph.html: what the page contains (pure Python) and how it behaves in headless Chromium.

Browser tests drive Debian's /usr/bin/chromium with Playwright (never `playwright install`);
without it they fail unless KG_ALLOW_SKIP=1. One browser is shared per module.

`python tests/test_html.py docs/screenshot.png` saves a screenshot of the example build's page.
"""
from __future__ import annotations

import json
import os
import random
import re
import sys
import time
from pathlib import Path

import networkx as nx
import pytest

from kg import graph as model
from kg.export import ExportOptions
from kg.export import html
from kg.graph import build_graph
from kg.records import Entity, Link, Listing, Mention, Paper

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
XSS_TITLE = "<img src=x onerror=alert(1)>"
XSS_NAME = '<script>alert(2)</script>"\'&{{x}}'
XSS_ABSTRACT = "An abstract with </script><img src=y onerror=\"window.__xss=1\"> and \u2028 and &amp; inside."
PANEL_NODE = "document.getElementById('panel-body').getAttribute('data-node')"
HIDDEN_IDS = "network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id).sort()"


# ---- hand-made graphs -------------------------------------------------------------------------


def mention(type_: str, text: str, sentence: str, role: str = "used") -> Mention:
    return Mention(type=type_, text=text, name=text, field="abstract", start=0, end=len(text), sentence=sentence,
                   component="test", confidence=0.9, role=role)


def link(paper: str, entity: Entity, relation: str, sentence: str, text: str | None = None) -> Link:
    role = "proposed" if relation == "proposes" else "used"
    return Link(paper=paper, entity=entity.id, relation=relation, role=role, confidence=0.9,
                mentions=(mention(entity.type, text or entity.name, sentence, role),))


def small_records():
    """Four papers (ISO, month-day and no listing dates; one hostile title) and five entities."""
    papers = [
        Paper("p-alpha", "Alpha: Fine-Tuning Llama Models for Long Documents", "We fine-tune LLaMA on long documents.",
              [Listing("a.txt", 1, "2024-03-14")], arxiv_id="2403.01234"),
        Paper("p-beta", XSS_TITLE, XSS_ABSTRACT, [Listing("b.txt", 2, "--03-20")]),
        Paper("p-gamma", "Gamma Benchmarks", "We evaluate on MMLU with accuracy.",
              [Listing("c.txt", 3, "2023-05-01"), Listing("c2.txt", 4, "--05-02")]),
        Paper("p-delta", "Delta Without Dates", "No listing date here.", [Listing("d.txt", 5, None)]),
    ]
    llama = Entity("llama", "model/llama", "MODEL", "LLaMA", aliases=("Llama", "LLaMa-1"))
    llama2 = Entity("llama2", "model/llama-2", "MODEL", "Llama 2", family="model/llama")
    mmlu = Entity("mmlu", "benchmark/mmlu", "BENCHMARK", "MMLU")
    accuracy = Entity("accuracy", "metric/accuracy", "METRIC", "accuracy")
    hostile = Entity("hostile", "method/hostile", "METHOD", XSS_NAME, aliases=("<b>bold</b>",))
    entities = [llama, llama2, mmlu, accuracy, hostile]
    links = [
        link("p-alpha", llama, "uses", "We fine-tune LLaMA on long documents.", "Llama"),
        link("p-alpha", llama2, "uses", "Llama 2 is used as well."),
        link("p-beta", hostile, "proposes", f"We propose {XSS_NAME} </script>."),
        link("p-beta", llama, "uses", "Built on LLaMA."),
        link("p-gamma", mmlu, "evaluatedOn", "We evaluate on MMLU with accuracy."),
        link("p-gamma", accuracy, "uses", "We evaluate on MMLU with accuracy."),
    ]
    return papers, entities, links


@pytest.fixture(scope="module")
def small_graph() -> nx.DiGraph:
    return build_graph(*small_records())


def synthetic_graph(n_papers: int, n_entities: int, links_per_paper: int, seed: int = 7) -> nx.DiGraph:
    """A random graph with hub entities (Zipf-like popularity), listing dates and links."""
    rng = random.Random(seed)
    kinds = sorted(model.KIND_OF_TYPE)
    entities = [Entity(f"e{i}", f"{kinds[i % len(kinds)].lower()}/e{i}", kinds[i % len(kinds)], f"Entity {i}",
                       aliases=(f"alias-{i}",)) for i in range(n_entities)]
    weights = [1 / (i + 1) for i in range(n_entities)]
    papers, links = [], []
    for p in range(n_papers):
        date = f"2024-{1 + p % 12:02d}-{1 + p % 28:02d}" if p % 3 else f"--{1 + p % 12:02d}-{1 + p % 28:02d}"
        papers.append(Paper(f"paper-{p}", f"Paper number {p} about things", f"Abstract {p}.", [Listing("s.txt", p + 1, date)],
                            arxiv_id=f"2401.{p:05d}"))
        for i in sorted(set(rng.choices(range(n_entities), weights, k=links_per_paper))):
            entity = entities[i]
            links.append(link(f"paper-{p}", entity, rng.choice(model.RELATIONS), f"Paper {p} mentions {entity.name}."))
    return build_graph(papers, entities, links)


def embedded(page_html: str, block: str):
    match = re.search(rf'<script type="application/json" id="{block}">(.*?)</script>', page_html, re.S)
    assert match, block
    return json.loads(match.group(1))


# ---- the page as text ------------------------------------------------------------------------


def test_json_script_escapes_everything_that_could_end_the_script():
    value = {"t": "</script><!-- a & b \u2028 \u2029 \ud800 \x00", "k": [1, "é"]}
    text = html.json_script(value)
    for bad in ("<", ">", "&", "\u2028", "\u2029", "\x00"):
        assert bad not in text
    assert json.loads(text) == value


def test_page_is_self_contained_and_data_only_in_json_blocks(small_graph):
    page = html.render(small_graph)
    markup = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", page, flags=re.S)
    assert not re.search(r"\s(src|href)\s*=|<link|@import|url\(", markup, re.I)
    assert "default-src 'none'" in page
    assert XSS_TITLE not in page and "<script>alert" not in page
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2 and "vis.Network" in scripts[1]
    data = embedded(page, "kg-data")
    assert data["details"]["paper/p-beta"]["name"] == XSS_TITLE
    assert data["details"]["paper/p-beta"]["abstract"] == XSS_ABSTRACT
    for script in scripts:  # the Content-Security-Policy allows exactly these scripts
        assert html.csp_hash(script) in page


def test_same_graph_gives_identical_bytes_whatever_the_insertion_order(small_graph):
    papers, entities, links = small_records()
    reordered = build_graph(papers[::-1], entities[::-1], links[::-1])
    assert html.render(small_graph) == html.render(reordered)


def test_nodes_are_styled_by_kind_sized_by_degree_and_papers_labelled_short(small_graph):
    page = html.render(small_graph)
    nodes = {n["id"]: n for n in embedded(page, "kg-nodes")}
    assert set(nodes) == set(small_graph.nodes)
    for node_id, item in nodes.items():
        style = html.NODE_STYLES[small_graph.nodes[node_id]["kind"]]
        assert (item["color"], item["shape"]) == (style.color, style.shape)
    degree = dict(small_graph.degree)
    by_size = sorted(nodes, key=lambda n: nodes[n]["size"])
    assert [degree[n] for n in by_size] == sorted(degree[n] for n in by_size)
    alpha = nodes["paper/p-alpha"]["label"]
    assert alpha.endswith("\u2026") and len(alpha) <= html.LABEL_CHARS + 1
    assert alpha.startswith("Alpha: Fine-Tuning")
    assert len(embedded(page, "kg-edges")) == small_graph.number_of_edges()
    assert {i["kind"] for i in embedded(page, "kg-data")["kinds"]} == set(model.NODE_KINDS)


def test_panel_details_follow_the_graph_model(example_graph):
    details = html.page_data(example_graph, sorted(example_graph), 0)["details"]
    for paper in model.papers(example_graph):
        d = details[model.paper_node(paper.id)]
        assert d["abstract"] == paper.abstract
        assert d["dates"] == sorted({l.date for l in paper.listings if l.date})
        expected = sorted((l.relation, l.entity) for l in model.links_of_paper(example_graph, paper.id))
        assert sorted((rel, item[0]) for rel, items in d["links"].items() for item in items) == expected
        if paper.arxiv_id:
            assert ["arXiv", f"https://arxiv.org/abs/{paper.arxiv_id}"] in d["urls"]
            assert ["Hugging Face", f"https://huggingface.co/papers/{paper.arxiv_id}"] in d["urls"]
    for entity in model.entities(example_graph):
        d = details[entity.id]
        entity_links = list(model.links_of_entity(example_graph, entity.id))
        assert sum(d["paperCounts"].values()) == len(entity_links)
        sentences = {m.sentence for l in entity_links for m in l.mentions}
        assert d["evidenceCount"] == len(sentences) and {s for _, s in d["evidence"]} <= sentences


def test_arxiv_links_and_unsafe_urls(small_graph):
    urls = html.paper_details(small_graph, small_graph.nodes["paper/p-alpha"]["record"])["urls"]
    assert urls == [["arXiv", "https://arxiv.org/abs/2403.01234"], ["Hugging Face", "https://huggingface.co/papers/2403.01234"]]
    assert html.http_url("javascript:alert(1)") is None and html.http_url("https://x.org/a") == "https://x.org/a"
    bad = Paper("x", "t", "a", url="javascript:alert(1)")
    assert html.paper_urls(bad) == []


def test_big_graphs_keep_the_most_connected_nodes():
    graph = synthetic_graph(60, 40, 3)
    kept = html.select_nodes(graph, 25)
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))
    assert kept == sorted(ranked[:25])
    assert min(graph.degree(n) for n in kept) >= max(graph.degree(n) for n in set(graph) - set(kept))
    data = html.page_data(graph, kept, 10)
    assert data["truncated"] and data["shown"] == 25 and data["total"] == graph.number_of_nodes()
    assert data["notice"].startswith(f"Showing 25 of {graph.number_of_nodes():,} nodes")


def test_layout_is_deterministic_and_spreads_nodes():
    graph = synthetic_graph(80, 50, 3)
    nodes = sorted(graph)
    first, second = html.layout(graph, nodes), html.layout(graph, nodes)
    assert first == second
    assert len(set(first.values())) == len(nodes)
    assert all(v == round(v, 1) for xy in first.values() for v in xy)


def test_export_writes_graph_html(tmp_path, small_graph):
    from kg.build import EXPORTERS

    assert "kg.export.html" in EXPORTERS
    written = html.export(small_graph, tmp_path, ExportOptions())
    assert written == [tmp_path / "graph.html"]
    assert written[0].read_text(encoding="utf-8") == html.render(small_graph)


# ---- in the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "playwright is not installed (pip install playwright; never `playwright install`)"
    if problem:
        if os.environ.get("KG_ALLOW_SKIP") == "1":
            pytest.skip(problem)
        pytest.fail(problem + " (set KG_ALLOW_SKIP=1 to skip the browser tests)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Opened:
    """A page opened from a file, recording requests, console errors and dialogs."""

    def __init__(self, browser, path: Path):
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", self._dialog)
        started = time.perf_counter()
        self.page.goto(self.url)
        self.page.wait_for_function("window.kgDrawnMs !== undefined", polling=100, timeout=30_000)
        self.wall_seconds = time.perf_counter() - started
        self.drawn_ms = self.page.evaluate("window.kgDrawnMs")

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def counts(self) -> tuple[int, int]:
        return tuple(self.js("[network.body.data.nodes.length, network.body.data.edges.length]"))

    def click_node(self, node_id: str) -> None:
        """Centre the node, zoomed in so that no neighbour covers it, and click it with the mouse."""
        self.js(f"kg.clearSelection(); network.moveTo({{position: network.getPositions([{json.dumps(node_id)}])[{json.dumps(node_id)}], scale: 2}})")
        self.page.mouse.click(*self.node_point(node_id))

    def node_point(self, node_id: str) -> tuple[float, float]:
        """Where the node is on the page."""
        return self.js(f"""(() => {{ const p = network.canvasToDOM(network.getPositions([{json.dumps(node_id)}])[{json.dumps(node_id)}]);
            const r = document.querySelector('#graph canvas').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }})()""")

    def click_background(self) -> None:
        x, y = self.js("""(() => { const r = document.querySelector('#graph canvas').getBoundingClientRect();
            for (let dx = 4; dx < r.width; dx += 17) for (let dy = 4; dy < r.height; dy += 23)
              if (network.getNodeAt({x: dx, y: dy}) === undefined && network.getEdgeAt({x: dx, y: dy}) === undefined)
                return [r.left + dx, r.top + dy];
            return null; })()""")
        self.page.mouse.click(x, y)

    def clean(self) -> None:
        """Nothing but the page itself was requested, and nothing went wrong in it."""
        assert self.requests == [self.url]
        assert self.errors == []
        assert self.dialogs == []

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def opened(browser, tmp_path_factory):
    """Open the page of a graph written with the given options; every page is closed at the end."""
    pages: list[Opened] = []

    def open_graph(graph: nx.DiGraph, options: ExportOptions = ExportOptions()) -> Opened:
        out = tmp_path_factory.mktemp("html")
        html.export(graph, out, options)
        pages.append(Opened(browser, out / html.FILE_NAME))
        return pages[-1]

    yield open_graph
    for page in pages:
        page.close()


@pytest.fixture(scope="module")
def example_page(opened, example_graph):
    return opened(example_graph)


@pytest.fixture(scope="module")
def small_page(opened, small_graph):
    return opened(small_graph)


@pytest.mark.browser
def test_example_page_draws_the_whole_graph_offline(example_page, example_graph):
    shown = min(example_graph.number_of_nodes(), ExportOptions().max_nodes)
    assert example_page.counts()[0] == shown
    if shown == example_graph.number_of_nodes():
        assert example_page.counts()[1] == example_graph.number_of_edges()
    legend = example_page.js("[...document.querySelectorAll('#legend li')].map(li => [li.querySelector('input').value, li.querySelector('.count').textContent])")
    counts = model.summary(example_graph)
    assert [kind for kind, _ in legend] == list(model.NODE_KINDS)
    if shown == example_graph.number_of_nodes():
        assert legend == [[kind, f"{counts[kind]:,}"] for kind in model.NODE_KINDS]
    example_page.clean()


@pytest.mark.browser
def test_search_finds_a_node_by_alias_and_opens_it(example_page, example_graph):
    with_alias = [e for e in model.entities(example_graph) if e.aliases]
    entity = with_alias[0] if with_alias else model.entities(example_graph)[0]
    query = entity.aliases[0] if entity.aliases else entity.name
    page = example_page.page
    page.fill("#search", query)
    listed = page.eval_on_selector_all("#results li", "lis => lis.map(li => li.getAttribute('data-node'))")
    assert entity.id in listed
    page.click(f"#results li[data-node='{entity.id}']")
    assert example_page.js(PANEL_NODE) == entity.id
    assert example_page.js("network.getSelectedNodes()") == [entity.id]
    assert page.text_content("#panel h2") == entity.name
    page.fill("#search", "")
    example_page.clean()


@pytest.mark.browser
def test_type_filter_hides_exactly_that_type(example_page, example_graph):
    page = example_page.page
    models = sorted(n for n, d in example_graph.nodes(data=True) if d["kind"] == "Model")
    assert models, "the example build has no models"
    page.uncheck("#legend input[value='Model']")
    assert example_page.js(HIDDEN_IDS) == models
    hidden_edges = example_page.js("network.body.data.edges.get({filter: e => e.hidden}).length")
    assert hidden_edges == sum(1 for u, v in example_graph.edges if u in models or v in models)
    assert example_page.js(f"network.body.nodes[{json.dumps(models[0])}].options.hidden") is True
    page.check("#legend input[value='Model']")
    assert example_page.js(HIDDEN_IDS) == []
    example_page.clean()


@pytest.mark.browser
def test_clicking_a_paper_shows_its_abstract_and_neighbourhood(example_page, example_graph):
    paper = max(model.papers(example_graph), key=lambda p: (example_graph.degree(model.paper_node(p.id)), p.id))
    node = model.paper_node(paper.id)
    example_page.click_node(node)
    page = example_page.page
    assert example_page.js(PANEL_NODE) == node
    assert page.text_content("#panel .abstract") == (paper.abstract or "(no abstract)")
    faded = set(example_page.js(f"network.body.data.nodes.get({{filter: n => n.color === {json.dumps(_faded())}}}).map(n => n.id)"))
    drawn = set(example_page.js("network.body.data.nodes.getIds()"))
    neighbourhood = {node, *example_graph.successors(node), *example_graph.predecessors(node)}
    assert faded == drawn - neighbourhood
    example_page.js("network.fit()")
    example_page.click_background()
    assert example_page.js("document.getElementById('panel').hidden") is True
    assert example_page.js(f"network.body.data.nodes.get({{filter: n => n.color === {json.dumps(_faded())}}}).length") == 0
    example_page.clean()


def _faded() -> str:
    match = re.search(r'var FADED = "([^"]+)"', (html.TEMPLATES / "graph.js").read_text())
    assert match
    return match.group(1)


@pytest.mark.browser
def test_hostile_text_stays_text(small_page):
    page = small_page.page
    small_page.click_node("paper/p-beta")
    assert page.text_content("#panel h2") == XSS_TITLE
    assert page.text_content("#panel .abstract") == XSS_ABSTRACT
    assert XSS_NAME in page.text_content("#panel-body")
    page.fill("#search", "<b>bold")
    assert page.text_content("#results li .name") == XSS_NAME
    small_page.js("kg.clearSelection(); network.moveTo({position: network.getPositions(['method/hostile'])['method/hostile'], scale: 1})")
    x, y = small_page.node_point("method/hostile")
    page.mouse.move(x, y)
    page.wait_for_selector("div.vis-tooltip", state="visible")
    assert XSS_NAME in page.text_content("div.vis-tooltip")
    assert small_page.js("document.querySelectorAll('img, #panel script, #results b').length") == 0
    assert small_page.js("window.__xss") is None
    small_page.clean()  # no alert dialog, no request for "x" or "y"


@pytest.mark.browser
def test_date_filter_handles_iso_and_month_day_listings(small_page):
    page = small_page.page
    papers = {"paper/p-alpha", "paper/p-beta", "paper/p-gamma", "paper/p-delta"}

    def shown_papers(start: str, end: str) -> set[str]:
        page.fill("#date-from", start)
        page.fill("#date-to", end)
        return papers - set(small_page.js(HIDDEN_IDS))

    # ISO range: 2024-03-14 is in; --03-20 has no year, so its month-day decides; 2023 and undated are out
    assert shown_papers("2024-03-01", "2024-03-31") == {"paper/p-alpha", "paper/p-beta"}
    assert shown_papers("03-15", "") == {"paper/p-beta", "paper/p-gamma"}
    assert shown_papers("--05-02", "--05-02") == {"paper/p-gamma"}
    assert shown_papers("2023", "2023") == {"paper/p-gamma"}
    # entities stay only when one of their papers is shown: MMLU and accuracy belong to gamma only
    hidden = set(small_page.js(HIDDEN_IDS))
    assert "benchmark/mmlu" not in hidden and "model/llama-2" in hidden
    page.fill("#date-from", "not a date")
    assert small_page.js("document.getElementById('date-from').classList.contains('invalid')") is True
    page.click("#reset")
    assert small_page.js(HIDDEN_IDS) == []
    small_page.clean()


@pytest.mark.browser
def test_two_thousand_nodes_draw_within_three_seconds(opened):
    graph = synthetic_graph(800, 1200, 8)
    assert graph.number_of_nodes() == 2000
    started = time.perf_counter()
    page = opened(graph)
    assert page.counts() == (2000, graph.number_of_edges())
    assert page.drawn_ms < 3000, f"first draw after {page.drawn_ms:.0f} ms (export + open took {time.perf_counter() - started:.1f} s)"
    assert "All 2,000 nodes" in page.js("document.getElementById('notice').textContent")
    page.clean()


@pytest.mark.browser
def test_big_graph_is_capped_and_says_what_was_left_out(opened):
    graph = synthetic_graph(200, 120, 4)
    page = opened(graph, ExportOptions(max_nodes=150))
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))
    assert sorted(page.js("network.body.data.nodes.getIds()")) == sorted(ranked[:150])
    kept = set(ranked[:150])
    assert page.counts()[1] == sum(1 for u, v in graph.edges if u in kept and v in kept)
    notice = page.js("document.getElementById('notice').textContent")
    assert f"Showing 150 of {graph.number_of_nodes():,} nodes" in notice and "left out" in notice
    page.clean()


# ---- the README screenshot --------------------------------------------------------------------


def save_screenshot(target: Path) -> None:
    """Build the examples, open their graph.html and save the first 1400x900 view to target."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from kg.build import build

    graph = build([Path(__file__).resolve().parent.parent / "examples" / "daily_papers"], None, workers=1, progress=False).graph
    with tempfile.TemporaryDirectory() as out, sync_playwright() as playwright:
        html.export(graph, Path(out), ExportOptions())
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = Opened(chromium, Path(out) / html.FILE_NAME)
        page.page.screenshot(path=str(target))
        page.clean()
        page.close()
        chromium.close()


if __name__ == "__main__":
    save_screenshot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png"))
