"""`kg build` end to end: committed exports reproduced byte for byte, updates, shards, errors, interruption."""
from __future__ import annotations

import filecmp
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "daily_papers"
EXPORTS = ROOT / "exports"


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "exports"
    result = run_kg("build", "-o", str(out), "--workers", "2")
    assert result.returncode == 0, result.stderr
    return out, result


def test_build_writes_every_output_and_a_summary(fresh_build):
    out, result = fresh_build
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.html", "entities.jsonl", "neo4j/import.sh"):
        assert (out / name).is_file(), name
    assert "papers: 281" in result.stdout
    assert "entities:" in result.stdout and "links:" in result.stdout


def test_committed_exports_equal_a_fresh_build(fresh_build):
    out, _ = fresh_build
    built, committed = files_under(out), files_under(EXPORTS)
    assert sorted(built) == sorted(committed), "file lists differ: rebuild exports/ with `kg build`"
    different = [name for name in built if built[name] != committed[name]]
    assert different == [], f"rebuild exports/ with `kg build`: {different}"


def test_default_build_is_deterministic_across_worker_counts(tmp_path, fresh_build):
    out, _ = fresh_build
    assert run_kg("build", str(EXAMPLES.relative_to(ROOT)), "-o", str(tmp_path), "--workers", "1").returncode == 0
    assert files_under(tmp_path) == files_under(out)


def test_update_adds_papers_and_equals_a_full_build(tmp_path, fresh_build):
    out, _ = fresh_build
    files = sorted(p.relative_to(ROOT).as_posix() for p in EXAMPLES.glob("*.txt"))
    target = tmp_path / "exports"
    assert run_kg("build", *files[:2], "-o", str(target)).returncode == 0
    first = json.loads((target / "entities.jsonl").read_text().splitlines()[0])
    updated = run_kg("build", "--update", *files[2:], "-o", str(target))
    assert updated.returncode == 0, updated.stderr
    assert files_under(target) == files_under(out)
    again = run_kg("build", "--update", *files[2:], "-o", str(target))
    assert again.returncode == 0 and files_under(target) == files_under(out)
    assert first["id"] in (target / "entities.jsonl").read_text()


def test_two_shards_merge_into_the_same_graph(tmp_path, fresh_build):
    out, _ = fresh_build
    files = sorted(p.relative_to(ROOT).as_posix() for p in EXAMPLES.glob("*.txt"))
    shard_a, shard_b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run_kg("extract", *files[:2], "-o", str(shard_a)).returncode == 0
    assert run_kg("extract", *files[2:], "-o", str(shard_b)).returncode == 0
    line = json.loads(shard_a.read_text().splitlines()[0])
    assert {"id", "title", "entities"} <= set(line)
    assert all({"type", "name", "aliases", "role"} == set(e) for e in line["entities"])
    merged = run_kg("build", "--from-entities", str(shard_a), str(shard_b), "-o", str(tmp_path / "merged"))
    assert merged.returncode == 0, merged.stderr
    assert files_under(tmp_path / "merged") == files_under(out)


def test_store_payloads_hold_every_field_as_asdict_would():
    from dataclasses import asdict

    from kg.records import Listing, Mention, Paper
    from kg.store import mention_payload, paper_payload

    mention = Mention("MODEL", "GPT-4", "GPT-4", "abstract", 3, 8, "We use GPT-4.", "kg_gazetteer", 0.9, "used",
                      known=True, family="GPT", evaluated=True)
    assert mention_payload(mention) == asdict(mention)
    paper = Paper("p", "T", "A", [Listing("a.txt", 3, "--03-14"), Listing("b.jsonl", 1)], authors=("X",))
    assert paper_payload(paper)["listings"] == [asdict(listing) for listing in paper.listings]


def test_extract_lines_follow_the_measurement_interface(tmp_path):
    target = tmp_path / "out.jsonl"
    assert main(["extract", str(EXAMPLES), "-o", str(target), "--workers", "1", "--quiet"]) == 0
    lines = [json.loads(l) for l in target.read_text().splitlines()]
    assert len(lines) == 281
    types = {e["type"] for l in lines for e in l["entities"]}
    assert types <= {"MODEL", "DATASET", "BENCHMARK", "METHOD", "METRIC", "REPOSITORY"}
    assert {e["role"] for l in lines for e in l["entities"]} == {"proposed", "used"}


def test_a_large_build_streams_turtle_skips_jsonld_and_says_so(tmp_path, monkeypatch, capsys):
    import dataclasses

    import kg.cli
    from kg.export import ExportOptions

    @dataclasses.dataclass(frozen=True)
    class SmallLimit(ExportOptions):
        large_graph_triples: int = 10

    monkeypatch.setattr(kg.cli, "ExportOptions", SmallLimit)
    source = tmp_path / "papers.jsonl"
    source.write_text(json.dumps({"title": "A Paper", "abstract": "We evaluate BERT on SQuAD and GLUE."}) + "\n")
    assert main(["build", str(source), "-o", str(tmp_path / "out"), "--workers", "2", "--quiet"]) == 0
    assert "graph.jsonld skipped: more than 10 triples (graph.nt and graph.ttl hold them all" in capsys.readouterr().out
    names = set(files_under(tmp_path / "out"))
    assert {"graph.nt", "graph.ttl", "ontology.ttl"} <= names and not {"graph.jsonld", "context.jsonld"} & names
    assert (tmp_path / "out" / "graph.ttl").read_text().startswith("@prefix ")


def test_bad_input_is_reported_and_strict_fails(tmp_path, capsys):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"title": "A Paper", "abstract": "We evaluate BERT on SQuAD."}) + "\n{broken\n")
    code = main(["build", str(good), "-o", str(tmp_path / "out"), "--workers", "1"])
    assert code == 0
    assert "good.jsonl:2" in capsys.readouterr().err
    assert (tmp_path / "out" / "graph.nt").exists()
    strict = main(["build", str(good), "-o", str(tmp_path / "strict"), "--workers", "1", "--strict"])
    assert strict == 1
    assert not (tmp_path / "strict" / "graph.nt").exists()


def test_exit_codes_for_missing_input_and_usage(tmp_path):
    assert main(["build", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o")]) == 1
    assert main(["build", "--no-such-option"]) == 2
    assert main(["frobnicate"]) == 2


def test_killed_build_leaves_previous_exports_intact(tmp_path, fresh_build):
    out, _ = fresh_build
    target = tmp_path / "exports"
    shutil.copytree(out, target)
    before = files_under(target)
    big = tmp_path / "big.jsonl"
    abstracts = [json.loads(l) for l in (out / "entities.jsonl").read_text().splitlines()]
    with big.open("w") as handle:
        for i in range(4000):
            line = abstracts[i % len(abstracts)]
            handle.write(json.dumps({"id": f"9999.{i:05d}", "title": f"{line['title']} ({i})", "abstract": line["paper"]["abstract"]}) + "\n")
    process = subprocess.Popen([sys.executable, "-m", "kg", "build", str(big), "-o", str(target), "--workers", "1"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list(target.glob(".kg-staging-*")):
        time.sleep(0.05)
    time.sleep(0.3)
    assert process.poll() is None, "the build finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert files_under(target) == before or all(
        name.startswith(".kg-staging-") for name in set(files_under(target)) - set(before)
    )
    assert {k: v for k, v in files_under(target).items() if not k.startswith(".kg-staging-")} == before


def test_progress_bar_on_long_inputs(tmp_path):
    big = tmp_path / "many.jsonl"
    with big.open("w") as handle:
        for i in range(600):
            handle.write(json.dumps({"id": f"2401.{i:05d}", "title": f"Paper number {i}", "abstract": f"We test model Zorb{i} on data."}) + "\n")
    result = run_kg("build", str(big), "-o", str(tmp_path / "out"), "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert "paper/s" in result.stderr and "600/600" in result.stderr
