"""Property tests: random titles and abstracts through the whole build, every export still parses.

Hypothesis writes a JSONL input of a few fixed papers (with known entities and code links, so
links exist, their text made odd) and a few random ones (unicode up to emoji, quotes, brackets,
braces, backslashes, `<script>`, `]]>`, `-->`, control characters, U+2028/9, very long tokens,
empty strings), runs `kg.build.build` into a temporary folder and checks each export with a
real reader: Turtle and N-Triples with rdflib and `rapper -c`, JSON-LD with json and rdflib,
every Neo4j CSV with the csv module, load.cypher and the loader's statements on a FalkorDB
server (one per module), and the HTML page's JSON blocks and tags. Expected values come from
the built graph model (kg.graph) and from the input written here, never from the export.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import count
from pathlib import Path

import pytest
import rdflib
from falkordb_server import falkordb_server
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg import graph as model
from kg.build import build
from kg.diagnostics import Diagnostics
from kg.export import html as html_export
from kg.export.entities_jsonl import type_in_paper
from kg.export import neo4j as layout
from kg.graph import build_graph
from kg.latex_markup import plain_text
from kg.names import name_key, normalise_whitespace
from kg.neo4j_loader import database_counts, load, read_export
from kg.records import Paper
from kg.sources import read_records

DCTERMS_TITLE = rdflib.URIRef("http://purl.org/dc/terms/title")
PAPER_CLASS = rdflib.URIRef("https://w3id.org/kg-ml/ontology#Paper")
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's JSON-LD parser
PROPERTY_SETTINGS = settings(max_examples=15, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Bugs this module found, now fixed and pinned by the tests at its end. With a flag False, input
# lines are written in a form an unfixed build handles (for bisecting a regression).
READER_KEEPS_UNICODE_LINE_BREAKS = True  # raw U+2028/U+2029/U+0085 inside a JSON string
READER_REPLACES_LONE_SURROGATES = True  # "\ud800" escapes inside a JSON string
JSONLD_KEEPS_BLANK_AUTHORS = True  # an author of only whitespace: "" in RDF, which graph.jsonld loses

# --- input ------------------------------------------------------------------------------------

CONTROL = [chr(c) for c in range(0x20)] + ["\x7f"]
FRAGMENTS = [
    " ", " ", ".", '"', "'", "<", ">", "&", "&amp;", "{", "}", "[", "]", "(", ")", "\\", "\\n", "`", "|", ";", ",",
    "<script>alert(1)</script>", "<SCRIPT src=//x>", "<img src=x onerror=alert(1)>", "</script>", "<!--", "-->",
    "]]>", "<![CDATA[", "{{7*7}}", "${7*7}", "%s", "'}) DETACH DELETE n //", "\"; DROP TABLE papers; --",
    "\u2028", "\u2029", "\x85", "\ufeff", "\u202e", "\u00a6", "\ufffd", "😀", "👩‍🔬", "𝔘𝔫𝔦", "中文", "é", "ﬁ",
    "\ud800", "\udfff",  # lone surrogates: only writable ASCII-escaped
    "BERT", "GPT-4", "LLaMA-2 7B", "SQuAD", "ImageNet", "MMLU", "LoRA", "accuracy", "https://github.com/o/r",
    "\\textbf{", "\\emph{ }", "textbf{x}", "\\_", "\\%", "$", "$\\pi_0$", "\\\"u", "\\href{https://x.org}{x}",  # LaTeX markup
]
fragment = st.sampled_from(FRAGMENTS)
control = st.sampled_from(CONTROL)
long_token = st.builds(lambda unit, n: unit * n, st.sampled_from(["W", "😀", "-", "/", "\\"]), st.integers(200, 2500))
odd_text = st.lists(st.one_of(fragment, fragment, control, st.text(max_size=12), long_token), max_size=10).map("".join)

FIXED_PAPERS = (
    {"id": "2401.00001", "title": "X<y>: fine-tuning \"BERT\" on {SQuAD} & more",
     "abstract": "We fine-tune BERT on SQuAD. Code: https://github.com/a/b",
     "url": "https://arxiv.org/abs/2401.00001?a=1&b=<2>", "authors": ["O'Brien, J.", 'A "B" <C>']},
    {"title": "<script>alert(1)</script> ]]> --> {{7*7}} GPT-4 & LLaMA-2",
     "abstract": "We evaluate GPT-4 and LLaMA-2 7B on MMLU and GSM8K with accuracy. Code at "
                 "https://github.com/o-neil/x_y\"<z>{}. Weights: https://huggingface.co/org/m'odel. "
                 "Demo: https://x.org/a?b=<c>&d='e'`f`|g\\h"},
)


@st.composite
def input_papers(draw) -> list[dict]:
    """The fixed papers with odd text added to title and abstract, then 1-3 random papers."""
    papers = []
    for fixed in FIXED_PAPERS:
        papers.append({**fixed, "title": draw(odd_text) + fixed["title"], "abstract": fixed["abstract"] + " " + draw(odd_text)})
    for _ in range(draw(st.integers(1, 3))):
        paper = {"title": draw(odd_text), "abstract": draw(odd_text)}
        if draw(st.booleans()):
            paper["authors"] = draw(st.lists(odd_text, max_size=3))
        if draw(st.booleans()):
            paper["url"] = "https://example.org/" + draw(odd_text)
        papers.append(paper)
    return papers


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def as_read(text: str) -> str:
    """What the reader makes of a JSON string: an escaped surrogate pair is one character, a lone
    surrogate becomes U+FFFD."""
    return LONE_SURROGATE.sub("\ufffd", json.loads(json.dumps(text)))


def readable(text: str) -> str:
    """text as the reader can take it while the known reader bugs stand (see the flags above)."""
    return text if READER_REPLACES_LONE_SURROGATES else as_read(text)


def jsonl_line(record: dict, ascii_only: bool) -> str:
    """One JSON line: raw UTF-8 when encodable (lone surrogates are not), else ASCII-escaped."""
    record = {k: [readable(v) for v in value] if isinstance(value, list) else readable(value) for k, value in record.items()}
    if not JSONLD_KEEPS_BLANK_AUTHORS and "authors" in record:
        record["authors"] = [author for author in record["authors"] if normalise_whitespace(author)]
    line = json.dumps(record, ensure_ascii=ascii_only)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record, ensure_ascii=True)
    if not READER_KEEPS_UNICODE_LINE_BREAKS:
        line = line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")
    return line + "\n"


def write_input(folder: Path, papers: list[dict], ascii_only: bool) -> Path:
    path = folder / "in <odd> 'name'.jsonl"
    path.write_text("".join(jsonl_line(p, ascii_only) for p in papers), encoding="utf-8")
    return path


def expected_paper_titles(papers: list[dict]) -> set[str]:
    """Titles of the papers the reader keeps (title and abstract not blank once LaTeX markup is read), one per title key
    (the fixed paper with an arXiv id keeps its own)."""
    titles: dict[str, str] = {}
    for paper in papers:
        title, abstract = (normalise_whitespace(plain_text(as_read(paper[k])))[:1000] for k in ("title", "abstract"))
        if title and abstract:
            titles.setdefault(name_key(title), title)
    return set(titles.values())


# --- readers of the exports ---------------------------------------------------------------------

def require_rapper() -> None:
    """rapper (Debian raptor2-utils) must be installed; fails the test (skips with KG_ALLOW_SKIP=1) if not."""
    if shutil.which("rapper") is None:
        message = "rapper not found on PATH: apt-get install -y raptor2-utils"
        if os.environ.get("KG_ALLOW_SKIP") == "1":
            pytest.skip(message)
        pytest.fail(message + " (or set KG_ALLOW_SKIP=1 to skip)", pytrace=False)


def rapper_triples(path: Path, syntax: str) -> int:
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"rapper rejects {path.name}: {done.stderr[-2000:]}"
    return int(re.search(r"returned (\d+) triples", done.stderr).group(1))


def rdf_graph(path: Path, syntax: str) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format=syntax)


def neo4j_text(text: str) -> str:
    """A text property as the Neo4j export documents it: NUL written as U+FFFD."""
    return text.replace("\x00", "\ufffd")


def expected_rows(graph) -> dict[str, int]:
    """Rows of each Neo4j CSV by the graph model: nodes per kind, edges per relation."""
    kinds = Counter(data["kind"] for _, data in graph.nodes(data=True))
    relations = Counter(data["relation"] for _, _, data in graph.edges(data=True))
    rows = {layout.NODE_FILE_OF_LABEL[kind].file: kinds[kind] for kind in model.NODE_KINDS}
    rows.update({layout.RELATIONSHIP_FILE_OF_TYPE[layout.TYPE_OF_RELATION[r]].file: relations[r]
                 for r in (*model.RELATIONS, model.VARIANT_OF)})
    return rows


def expected_counts(graph) -> dict[str, int]:
    """What database_counts should report: per label and per relationship type."""
    rows = expected_rows(graph)
    counts = {spec.label: rows[spec.file] for spec in layout.NODE_FILES}
    counts.update({spec.type: rows[spec.file] for spec in layout.RELATIONSHIP_FILES})
    return counts


@dataclass
class Page:
    start_tags: list[tuple[str, str | None]]  # (tag, id attribute)
    scripts: dict[str, str]  # id -> content of <script type="application/json" id=...>
    outside_scripts: str  # the page with every script element's content removed


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.page = Page([], {}, "")
        self._script: tuple[str | None, list[str]] | None = None
        self._outside: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.page.start_tags.append((tag, attributes.get("id")))
        self._outside.append(self.get_starttag_text())
        if tag == "script":
            self._script = (attributes.get("id") if attributes.get("type") == "application/json" else None, [])

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            script_id, parts = self._script
            if script_id:
                self.page.scripts[script_id] = "".join(parts)
            self._script = None
        self._outside.append(f"</{tag}>")

    def handle_data(self, data):
        (self._script[1] if self._script is not None else self._outside).append(data)

    def close(self) -> Page:
        super().close()
        self.page.outside_scripts = "".join(self._outside)
        return self.page


def parse_page(path: Path) -> Page:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.close()


@pytest.fixture(scope="module")
def plain_page_tags(tmp_path_factory) -> list[tuple[str, str | None]]:
    """The start tags of the page of a one-paper graph with plain text: the page's fixed frame."""
    folder = tmp_path_factory.mktemp("plain")
    html_export.export(build_graph([Paper("p", "Plain title", "Plain abstract.")], [], []), folder, html_export.ExportOptions())
    return parse_page(folder / html_export.FILE_NAME).start_tags


@pytest.fixture(scope="module")
def falkordb(tmp_path_factory):
    """(client, import folder) of one FalkorDB server for the module; each example copies its CSVs in."""
    require_rapper()  # every test using the server checks RDF with rapper too
    folder = tmp_path_factory.mktemp("falkordb-import")
    with falkordb_server(folder) as client:
        yield client, folder


GRAPH_NAMES = count()


def loaded_both_ways(client, import_folder: Path, neo4j_folder: Path) -> dict[str, object]:
    """Runs load.cypher (unbatched) and the loader's statements into two fresh graphs; returns runners."""
    for csv_file in neo4j_folder.glob("*.csv"):
        shutil.copyfile(csv_file, import_folder / csv_file.name)
    number = next(GRAPH_NAMES)
    graphs = {"script": client.select_graph(f"script{number}"), "driver": client.select_graph(f"driver{number}")}
    runners = {name: (lambda g: lambda query, params: g.query(query, params).result_set)(g) for name, g in graphs.items()}
    for statement in layout.split_statements((neo4j_folder / layout.LOAD_FILE).read_text(encoding="utf-8")):
        runners["script"](layout.unbatched(statement), {})
    load(runners["driver"], read_export(neo4j_folder), batch_size=2)
    return {"runners": runners, "graphs": graphs}


# --- the properties -----------------------------------------------------------------------------

def build_into(folder: Path, papers: list[dict], ascii_only: bool):
    source = write_input(folder, papers, ascii_only)
    out = folder / "out"
    result = build([source], out, workers=1, progress=False, diagnostics=Diagnostics(quiet=True))
    return result, out


def check_rdf(graph, out: Path) -> None:
    nt_count = rapper_triples(out / "graph.nt", "ntriples")
    assert rapper_triples(out / "graph.ttl", "turtle") == nt_count
    turtle, ntriples = rdf_graph(out / "graph.ttl", "turtle"), rdf_graph(out / "graph.nt", "nt")
    assert len(turtle) == len(ntriples) == nt_count
    document = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@graph"], list)
    assert len(rdf_graph(out / "graph.jsonld", "json-ld")) == nt_count
    titles = {str(o) for s in turtle.subjects(rdflib.RDF.type, PAPER_CLASS) for o in turtle.objects(s, DCTERMS_TITLE)}
    assert titles == {p.title for p in model.papers(graph)}


def check_entities_jsonl(graph, out: Path) -> None:
    lines = [json.loads(line) for line in (out / "entities.jsonl").read_text(encoding="utf-8").split("\n") if line]
    assert [(line["id"], line["title"]) for line in lines] == [(p.id, p.title) for p in model.papers(graph)]
    names = {(item["type"], item["name"]) for line in lines for item in line["entities"]}
    by_id = {e.id: e for e in model.entities(graph)}
    expected = {(type_in_paper(by_id[link.entity].type, link), by_id[link.entity].name)
                for paper in model.papers(graph) for link in model.links_of_paper(graph, paper.id)}
    assert names == expected


def check_csvs(graph, out: Path) -> None:
    folder = out / layout.FOLDER
    expected = expected_rows(graph)
    assert sorted(p.name for p in folder.glob("*.csv")) == sorted(expected)
    for name, rows in expected.items():
        with (folder / name).open(newline="", encoding="utf-8") as handle:
            records = list(csv.reader(handle, strict=True))
        assert len(records) == 1 + rows, name
        assert all(len(record) == len(records[0]) for record in records), name
    with (folder / "papers.csv").open(newline="", encoding="utf-8") as handle:
        titles = {row["id:ID(Paper)"]: row["title"] for row in csv.DictReader(handle)}
    assert titles == {p.id: neo4j_text(p.title) for p in model.papers(graph)}


def check_cypher(graph, out: Path, falkordb) -> None:
    client, import_folder = falkordb
    loaded = loaded_both_ways(client, import_folder, out / layout.FOLDER)
    try:
        expected = expected_counts(graph)
        titles = {p.id: neo4j_text(p.title) for p in model.papers(graph)}
        names = {e.id: neo4j_text(e.name) for e in model.entities(graph)}
        for way, run in loaded["runners"].items():
            assert database_counts(run) == expected, way
            if way == "script":  # FalkorDB's LOAD CSV drops trailing spaces of unquoted fields (Neo4j keeps them)
                titles = {key: title.rstrip(" ") for key, title in titles.items()}
            assert dict(run("MATCH (p:Paper) RETURN p.id, p.title", {})) == titles, way
            assert dict(run("MATCH (e:Entity) RETURN e.id, e.name", {})) == names, way
    finally:
        for g in loaded["graphs"].values():
            g.delete()


def check_html(graph, out: Path, plain_tags) -> None:
    page = parse_page(out / html_export.FILE_NAME)
    assert page.start_tags == plain_tags  # the input added or removed no element
    data = {name: json.loads(text) for name, text in page.scripts.items()}
    assert set(data) >= {"kg-nodes", "kg-edges", "kg-data"}
    details = data["kg-data"]["details"]
    assert {n: details[n]["name"] for n in details if details[n]["kind"] == "Paper"} == \
        {model.paper_node(p.id): p.title for p in model.papers(graph)}
    text = (out / html_export.FILE_NAME).read_text(encoding="utf-8")
    for raw in ("<script>alert", "<script src", "<img", "]]>", "-->", "<!--"):  # all in the fixed titles
        assert raw not in text.lower(), raw
    assert "<img" not in page.outside_scripts.lower()
    assert page.outside_scripts.lower().count("<script") == sum(tag == "script" for tag, _ in plain_tags)


@pytest.mark.rapper
@pytest.mark.falkordb
@PROPERTY_SETTINGS
@given(papers=input_papers(), ascii_only=st.booleans())
@example(papers=[*FIXED_PAPERS, {"title": "".join(FRAGMENTS + CONTROL) + "W" * 1200, "abstract": "".join(CONTROL + FRAGMENTS),
                                 "authors": FRAGMENTS[:20], "url": "https://example.org/" + "".join(FRAGMENTS)}],
         ascii_only=False)  # every odd piece at once, the title cut to the limit
def test_every_export_of_odd_input_parses_and_matches_the_graph(papers, ascii_only, falkordb, plain_page_tags):
    with tempfile.TemporaryDirectory() as tmp:
        result, out = build_into(Path(tmp), papers, ascii_only)
        graph = result.graph
        # rstrip: a title cut to the length limit may end in a space (see the last test of this module)
        assert {p.title.rstrip() for p in model.papers(graph)} == {t.rstrip() for t in expected_paper_titles(papers)}
        assert model.links(graph), "the fixed papers name known entities and code links"
        check_rdf(graph, out)
        check_entities_jsonl(graph, out)
        check_csvs(graph, out)
        check_cypher(graph, out, falkordb)
        check_html(graph, out, plain_page_tags)


@pytest.fixture(scope="module")
def plain_build(tmp_path_factory):
    """(graph, export folder) of the fixed papers alone."""
    result, out = build_into(tmp_path_factory.mktemp("fixed"), list(FIXED_PAPERS), ascii_only=False)
    return result.graph, out


def _drop_last_jsonld_node(text: str) -> str:
    document = json.loads(text)
    document["@graph"].pop()
    return json.dumps(document)


BREAKAGES = {  # a damaged export each check must reject: (file, damage, check)
    "ntriples": ("graph.nt", lambda t: t + '<http://x/a> <http://x/b> "a "quote" b" .\n', check_rdf),
    "jsonld": ("graph.jsonld", _drop_last_jsonld_node, check_rdf),
    "entities": ("entities.jsonl", lambda t: t.split("\n", 1)[1], check_entities_jsonl),
    "csv": ("neo4j/papers.csv", lambda t: t + "extra\r\n", check_csvs),
    "cypher": ("neo4j/load.cypher", lambda t: t.replace("[r:USES]", "[r:USED]"), "cypher"),
    "html": ("graph.html", lambda t: t.replace("<body>", "<body><img src=x onerror=alert(1)>", 1), "html"),
}


@pytest.mark.rapper
@pytest.mark.falkordb
@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_the_checks_reject_a_damaged_export(plain_build, breakage, tmp_path, falkordb, plain_page_tags):
    graph, out = plain_build
    name, damage, check = BREAKAGES[breakage]
    run = {"cypher": lambda g, o: check_cypher(g, o, falkordb), "html": lambda g, o: check_html(g, o, plain_page_tags)}.get(check, check)
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    run(graph, copy)  # the undamaged export passes
    path = copy / name
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(AssertionError):
        run(graph, copy)


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers=input_papers())
def test_the_same_input_built_twice_gives_byte_identical_exports(papers):
    with tempfile.TemporaryDirectory() as tmp:
        source = write_input(Path(tmp), papers, ascii_only=False)
        first, second = Path(tmp) / "first", Path(tmp) / "second"
        for out in (first, second, first):  # the third build rebuilds over the first
            build([source], out, workers=1, progress=False, diagnostics=Diagnostics(quiet=True))
        assert files_under(first)
        assert files_under(first) == files_under(second)


# --- known reader bugs (see the flags at the top) -------------------------------------------------

def read_one_line(tmp_path: Path, line: str) -> tuple[list, Diagnostics]:
    path = tmp_path / "one.jsonl"
    path.write_text(line, encoding="utf-8")
    diagnostics = Diagnostics(quiet=True)
    return list(read_records([path], diagnostics)), diagnostics


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_unicode_line_separator_inside_a_json_string_keeps_the_record(tmp_path, separator):
    line = json.dumps({"title": f"A{separator}B", "abstract": "An abstract."}, ensure_ascii=False) + "\n"
    records, diagnostics = read_one_line(tmp_path, line)
    assert [r.title for r in records] == ["A B"] and diagnostics.problems == []


def test_a_lone_surrogate_escape_is_replaced_and_reported(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"title": "Lone \ud800 title", "abstract": "We fine-tune BERT \udfff."}) + "\n")
    diagnostics = Diagnostics(quiet=True)
    result = build([source], tmp_path / "out", workers=1, progress=False, diagnostics=diagnostics)
    assert [p.title for p in model.papers(result.graph)] == ["Lone \ufffd title"]
    assert any(p.line == 1 and str(source.name) in p.file for p in diagnostics.problems)
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_a_title_cut_to_the_limit_is_still_whitespace_normalised(tmp_path):
    records, _ = read_one_line(tmp_path, json.dumps({"title": "W" * 999 + " tail", "abstract": "An abstract."}) + "\n")
    assert [r.title for r in records] == ["W" * 999]


def test_a_blank_author_gives_the_same_triples_in_jsonld_and_ntriples(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"title": "A title", "abstract": "We fine-tune BERT.", "authors": [" ", "B"]}) + "\n")
    build([source], tmp_path / "out", workers=1, progress=False, diagnostics=Diagnostics(quiet=True))
    assert len(rdf_graph(tmp_path / "out" / "graph.jsonld", "json-ld")) == len(rdf_graph(tmp_path / "out" / "graph.nt", "nt"))


def test_a_code_link_ends_at_a_control_character(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"title": "A title", "abstract": "Code: https://github.com/o/r\x00\x1b[31m here."}) + "\n")
    result = build([source], None, workers=1, progress=False, diagnostics=Diagnostics(quiet=True))
    assert [(e.name, e.url) for e in model.entities(result.graph) if e.type == "REPOSITORY"] == \
        [("https://github.com/o/r", "https://github.com/o/r")]
