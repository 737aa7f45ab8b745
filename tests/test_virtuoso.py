"""The example build in a real triple store: Virtuoso (Debian virtuoso-opensource).

The fixture starts virtuoso-t on 127.0.0.1 with its own temporary database and free ports,
bulk-loads graph.nt with ld_dir/rdf_loader_run (the recipe in docs/rdf.md), and shuts the
server down afterwards. Every example query must return the same rows over Virtuoso's
HTTP SPARQL endpoint as `kg query` gives over graph.ttl.
"""
from __future__ import annotations

import configparser
import json
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from test_queries import QUERIES, QUERY_NAMES, answer, json_rows
from test_rdf import export_rdf, require_binary

pytestmark = pytest.mark.virtuoso

SYSTEM_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
GRAPH_IRI = "https://w3id.org/kg-ml/graph"
START_TIMEOUT = 90  # seconds; about 2 s on an idle machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_ini(root: Path, sql_port: int, http_port: int, data_dir: Path) -> Path:
    """The packaged virtuoso.ini with the database in `root`, loopback ports and `data_dir` allowed."""
    config = configparser.ConfigParser(strict=False, inline_comment_prefixes=(";",), interpolation=None)
    config.optionxform = str  # Virtuoso's keys are case-sensitive
    if not config.read(SYSTEM_INI):
        pytest.fail(f"{SYSTEM_INI} not found: install the Debian package virtuoso-opensource")
    database = root / "db"
    database.mkdir()
    for key, name in (("DatabaseFile", "virtuoso.db"), ("ErrorLogFile", "virtuoso.log"), ("LockFile", "virtuoso.lck"),
                      ("TransactionFile", "virtuoso.trx"), ("xa_persistent_file", "virtuoso.pxa")):
        config["Database"][key] = str(database / name)
    config["TempDatabase"]["DatabaseFile"] = str(database / "virtuoso-temp.db")
    config["TempDatabase"]["TransactionFile"] = str(database / "virtuoso-temp.trx")
    config["Parameters"]["ServerPort"] = f"127.0.0.1:{sql_port}"
    config["Parameters"]["DirsAllowed"] = f"., {data_dir}"
    config["HTTPServer"]["ServerPort"] = f"127.0.0.1:{http_port}"
    config.remove_section("Plugins")  # wiki/mail plugins: not needed, slower start
    ini = root / "virtuoso.ini"
    with ini.open("w", encoding="utf-8") as handle:
        config.write(handle)
    return ini


def isql(binary: str, sql_port: int, statements: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([binary, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statements}"],
                          capture_output=True, text=True, timeout=timeout)


def sparql(endpoint: str, query: str) -> dict:
    url = endpoint + "?" + urllib.parse.urlencode({"query": query, "default-graph-uri": GRAPH_IRI})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read().decode("utf-8"))


def wait_until_up(endpoint: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"virtuoso-t exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            sparql(endpoint, "ASK {}")
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.25)
    pytest.fail(f"Virtuoso did not answer on {endpoint} within {START_TIMEOUT} s:\n{log.read_text(errors='replace')[-3000:]}")


def stop(binary: str, sql_port: int, process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            isql(binary, sql_port, "shutdown;", timeout=30)
        except subprocess.TimeoutExpired:
            pass
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def virtuoso(example_graph, tmp_path_factory):
    """(SPARQL endpoint URL, export folder) of a Virtuoso holding the example build."""
    server = require_binary("virtuoso-t", "virtuoso-opensource")
    client = require_binary("isql-vt", "virtuoso-opensource")
    root = tmp_path_factory.mktemp("virtuoso")
    data = root / "data"
    export_rdf(example_graph, data)
    sql_port, http_port = free_port(), free_port()
    ini = write_ini(root, sql_port, http_port, data)
    log = root / "server.log"
    with log.open("w") as log_handle:
        process = subprocess.Popen([server, "+configfile", str(ini), "+foreground"], cwd=root,
                                   stdout=log_handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        endpoint = f"http://127.0.0.1:{http_port}/sparql"
        wait_until_up(endpoint, process, log)
        loaded = isql(client, sql_port, f"ld_dir('{data}', 'graph.nt', '{GRAPH_IRI}'); rdf_loader_run(); checkpoint;")
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        yield endpoint, data
    finally:
        stop(client, sql_port, process)


def test_virtuoso_holds_every_triple(virtuoso):
    endpoint, data = virtuoso
    lines = (data / "graph.nt").read_text(encoding="utf-8").splitlines()
    count = sparql(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH_IRI}> {{ ?s ?p ?o }} }}")
    assert int(count["results"]["bindings"][0]["n"]["value"]) == len(lines)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_example_query_gives_the_same_rows_in_virtuoso_as_kg_query(capsys, virtuoso, name):
    endpoint, data = virtuoso
    expected = answer(capsys, name, data / "graph.ttl")
    actual = json_rows(sparql(endpoint, (QUERIES / f"{name}.rq").read_text(encoding="utf-8")))
    assert Counter(actual) == Counter(expected)
