"""Safety: outputs stay inside the output folder, input is never executed, an interrupted export
leaves the previous one as it was, and bad input is reported with its file and line.

Every check compares against what this module wrote (input text, files before the build) or the
graph model, never against numbers of the example build.
"""
from __future__ import annotations

import csv
import importlib
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import rdflib

from kg import graph as model
from kg.build import EXPORTERS, build
from kg.cli import main
from kg.diagnostics import Diagnostics
from kg.export import neo4j as layout
from kg.export.atomic import STAGING_PREFIX, publish, safe_path
from kg.export.runner import ExportError
from kg.names import normalise_whitespace

GOOD_PAPER = {"title": "Fine-tuning BERT on SQuAD", "abstract": "We fine-tune BERT on SQuAD. Code: https://github.com/a/b"}
OTHER_PAPER = {"title": "Evaluating GPT-4 on MMLU", "abstract": "We evaluate GPT-4 on MMLU with accuracy."}


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_quietly(source: Path, out: Path, workers: int = 1):
    """workers > 1 also runs the exporters in forked child processes (kg.export.runner)."""
    return build([source], out, workers=workers, progress=False, diagnostics=Diagnostics(quiet=True))


@pytest.fixture
def previous_export(tmp_path) -> tuple[Path, dict[str, bytes]]:
    """An output folder holding a finished build of GOOD_PAPER, and its bytes."""
    source = tmp_path / "previous.jsonl"
    source.write_text(jsonl(GOOD_PAPER), encoding="utf-8")
    out = tmp_path / "out"
    build_quietly(source, out)
    snapshot = files_under(out)
    assert "graph.ttl" in snapshot and "neo4j/papers.csv" in snapshot
    return out, snapshot


# --- output paths ------------------------------------------------------------------------------

@pytest.mark.parametrize("relative", ["../x", "a/../../x", "..", "/etc/passwd", "/tmp/x", "a/b/../../../x", "neo4j/../../x"])
def test_safe_path_refuses_paths_outside_the_folder(tmp_path, relative):
    with pytest.raises(ValueError, match="escapes the output folder"):
        safe_path(tmp_path / "out", relative)


@pytest.mark.parametrize("relative", ["graph.ttl", "neo4j/papers.csv", "./x", "a/../b", "a/b/c"])
def test_safe_path_accepts_paths_inside_the_folder(tmp_path, relative):
    root = tmp_path / "out"
    target = safe_path(root, relative)
    assert target == (root / relative).resolve() and root.resolve() in target.parents


def test_safe_path_follows_symlinks_before_deciding(tmp_path):
    root, outside = tmp_path / "out", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "neo4j").symlink_to(outside, target_is_directory=True)
    (root / "graph.ttl").symlink_to(outside / "victim.ttl")
    for relative in ("neo4j/papers.csv", "graph.ttl"):
        with pytest.raises(ValueError, match="escapes the output folder"):
            safe_path(root, relative)


@pytest.mark.parametrize("trap", ["directory", "file"])
def test_publish_never_writes_through_a_symlink_out_of_the_folder(tmp_path, trap):
    staging, out, outside = tmp_path / "staging", tmp_path / "out", tmp_path / "outside"
    for folder in (staging / "neo4j", out, outside):
        folder.mkdir(parents=True)
    (staging / "neo4j" / "papers.csv").write_text("new\n")
    victim = outside / "papers.csv"
    victim.write_text("keep me\n")
    if trap == "directory":
        (out / "neo4j").symlink_to(outside, target_is_directory=True)
    else:
        (out / "neo4j").mkdir()
        (out / "neo4j" / "papers.csv").symlink_to(victim)
    with pytest.raises(ValueError, match="escapes the output folder"):
        publish(staging, out)
    assert {p.name: p.read_text() for p in outside.iterdir()} == {"papers.csv": "keep me\n"}


def test_a_refused_publish_leaves_the_previous_export_unchanged(tmp_path, previous_export):
    out, snapshot = previous_export
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in sorted(p.name for p in (out / "neo4j").iterdir()):
        (outside / name).write_bytes(snapshot[f"neo4j/{name}"])
    (out / "neo4j").rename(tmp_path / "old-neo4j")
    (out / "neo4j").symlink_to(outside, target_is_directory=True)  # planted after the last build
    before, outside_before = files_under(out), files_under(outside)
    assert "graph.ttl" in before and "papers.csv" in outside_before
    source = tmp_path / "new.jsonl"
    source.write_text(jsonl(GOOD_PAPER, OTHER_PAPER), encoding="utf-8")
    with pytest.raises(ValueError, match="escapes the output folder"):
        build_quietly(source, out)
    assert files_under(outside) == outside_before
    assert files_under(out) == before  # graph.ttl etc. were published before neo4j/ was refused
    assert not list(out.glob(STAGING_PREFIX + "*"))


def test_a_build_writes_only_inside_its_output_folder(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(GOOD_PAPER, OTHER_PAPER), encoding="utf-8")
    (tmp_path / "bystander.txt").write_text("unchanged")
    before = {p for p in tmp_path.rglob("*")}
    result = build_quietly(source, tmp_path / "out")
    after = {p for p in tmp_path.rglob("*")}
    out = (tmp_path / "out").resolve()
    assert all(p.resolve() == out or out in p.resolve().parents for p in after - before)
    assert result.outputs and all(out in p.resolve().parents and p.is_file() and not p.is_symlink() for p in result.outputs)
    assert sorted(result.outputs) == sorted(out / name for name in files_under(out))
    assert (tmp_path / "bystander.txt").read_text() == "unchanged"


# --- input is never executed -------------------------------------------------------------------

def hostile_payloads(markers: Path) -> list[str]:
    """Text that a shell, a template engine or eval would run; each runnable one would create a marker."""
    return [
        f"$(touch {markers}/dollar)", f"`touch {markers}/backtick`", f"; touch {markers}/semicolon;",
        f"' ; touch {markers}/quote ; '", f"\" && touch {markers}/dquote && \"", f"| touch {markers}/pipe",
        f"__import__('os').system('touch {markers}/python')", f"{{{{ cycler.__init__.__globals__.os.system('touch {markers}/jinja') }}}}",
        "{{7*7}}", "${7*7}", "#{7*7}", "<%= 7*7 %>", "{% raw %}", "%(title)s", "{0.__class__}",
        "'}) DETACH DELETE n //", "LOAD CSV FROM 'file:///etc/passwd' AS x RETURN x",
    ]


@pytest.fixture
def hostile_build(tmp_path, monkeypatch):
    """A CLI build of papers whose title, abstract, authors and file name are hostile text."""
    monkeypatch.chdir(tmp_path)
    markers = tmp_path / "markers"
    markers.mkdir()
    payloads = hostile_payloads(markers)
    abstract = "We fine-tune BERT on SQuAD. " + " ".join(payloads) + " Code: https://github.com/a/b"
    papers = [{"title": f"Payload {n}: {payload}", "abstract": abstract, "authors": [payload]} for n, payload in enumerate(payloads)]
    source = Path("in $(touch dollar-name) `touch tick-name`.jsonl")
    source.write_text(jsonl(*papers), encoding="utf-8")
    assert main(["build", str(source), "-o", "out", "--workers", "1", "--quiet"]) == 0
    return {"out": tmp_path / "out", "markers": markers, "papers": papers, "abstract": normalise_whitespace(abstract)}


def test_hostile_input_runs_nothing_and_stays_literal_text(hostile_build, tmp_path):
    out, papers = hostile_build["out"], hostile_build["papers"]
    titles = {normalise_whitespace(p["title"]) for p in papers}
    entities = [json.loads(line) for line in (out / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {line["title"] for line in entities} == titles
    assert {line["paper"]["abstract"] for line in entities} == {hostile_build["abstract"]}
    rdf = rdflib.Graph().parse(out / "graph.nt", format="nt")
    assert {str(o) for o in rdf.objects(None, rdflib.DCTERMS.title)} == titles
    assert {str(o) for o in rdf.objects(None, rdflib.DCTERMS.abstract)} == {hostile_build["abstract"]}
    with (out / "neo4j" / "papers.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["title"] for row in rows} == titles
    assert {row["listingFiles:string[]"] for row in rows} == {"in $(touch dollar-name) `touch tick-name`.jsonl"}
    page = (out / "graph.html").read_text(encoding="utf-8")
    data = json.loads(page.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0])
    assert {d["name"] for d in data["details"].values() if d["kind"] == "Paper"} == titles
    assert {d["abstract"] for d in data["details"].values() if d["kind"] == "Paper"} == {hostile_build["abstract"]}
    assert list(hostile_build["markers"].iterdir()) == []
    assert not any((folder / name).exists() for folder in (tmp_path, Path.cwd()) for name in ("dollar-name", "tick-name"))


def test_scripts_shipped_with_an_export_do_not_depend_on_the_input(hostile_build, previous_export, tmp_path):
    hostile, plain = hostile_build["out"] / "neo4j", previous_export[0] / "neo4j"
    for name in (layout.LOAD_FILE, layout.SCHEMA_FILE, layout.IMPORT_SCRIPT):
        assert (hostile / name).read_bytes() == (plain / name).read_bytes(), name
    fake_admin = tmp_path / "neo4j-admin"
    fake_admin.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/admin-args"\n')
    fake_admin.chmod(0o755)
    done = subprocess.run(["sh", str(hostile / layout.IMPORT_SCRIPT)], env={**os.environ, "NEO4J_ADMIN": str(fake_admin)},
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "admin-args").read_text().startswith("database\nimport\nfull\nneo4j\n")
    assert list(hostile_build["markers"].iterdir()) == []


# --- interrupted exports ---------------------------------------------------------------------------

def failing_after(module, exception: BaseException):
    """module.export that writes its files into the staging folder, then raises."""
    original = module.export

    def export(graph, out_dir, options):
        original(graph, out_dir, options)
        assert any(out_dir.rglob("*")), "the exporter wrote into the staging folder before failing"
        raise exception
    return export


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "forked"])
@pytest.mark.parametrize("exporter", EXPORTERS)
def test_an_exporter_failing_midway_leaves_the_previous_export_byte_identical(previous_export, tmp_path, monkeypatch, exporter, workers):
    out, snapshot = previous_export
    module = importlib.import_module(exporter)
    monkeypatch.setattr(module, "export", failing_after(module, RuntimeError("disk on fire")))
    source = tmp_path / "new.jsonl"
    source.write_text(jsonl(GOOD_PAPER, OTHER_PAPER), encoding="utf-8")
    with pytest.raises(RuntimeError, match="disk on fire"):
        build_quietly(source, out, workers)
    assert files_under(out) == snapshot
    assert not list(out.glob(STAGING_PREFIX + "*"))
    monkeypatch.undo()
    build_quietly(source, out, workers)  # and the same build, not interrupted, does change the export
    assert files_under(out) != snapshot


def in_children_only(module, failure, parent: int = os.getpid()):
    """module.export that runs `failure(original, args)` in a forked child, and in the build's own
    process runs as usual after a second's wait (so that the child takes exporters too)."""
    original = module.export

    def export(graph, out_dir, options):
        if os.getpid() == parent:
            time.sleep(1.0)
            return original(graph, out_dir, options)
        return failure(original, graph, out_dir, options)
    return export


def raise_after(original, *args):
    original(*args)
    raise RuntimeError("disk on fire in a child")


def killed_after(original, *args):
    """Writes the files, then dies at once (as the OOM killer would end the process)."""
    original(*args)
    os.kill(os.getpid(), signal.SIGKILL)


def new_source(tmp_path: Path) -> Path:
    source = tmp_path / "new.jsonl"
    source.write_text(jsonl(GOOD_PAPER, OTHER_PAPER), encoding="utf-8")
    return source


def test_an_exception_in_a_child_reaches_the_build_with_the_exporter_and_traceback(previous_export, tmp_path, monkeypatch):
    out, snapshot = previous_export
    for name in EXPORTERS:
        module = importlib.import_module(name)
        monkeypatch.setattr(module, "export", in_children_only(module, raise_after))
    with pytest.raises(RuntimeError, match="disk on fire in a child") as raised:
        build_quietly(new_source(tmp_path), out, workers=2)
    notes = "\n".join(getattr(raised.value, "__notes__", []))
    assert re.search(r"raised by exporter kg\.export\.\w+ in its child process", notes), notes
    assert "Traceback" in notes and "in raise_after" in notes  # the child's own traceback
    assert files_under(out) == snapshot
    assert not list(out.glob(STAGING_PREFIX + "*"))


def test_an_exporter_process_killed_fails_the_build_and_publishes_nothing(previous_export, tmp_path, monkeypatch):
    out, snapshot = previous_export
    for name in EXPORTERS:
        module = importlib.import_module(name)
        monkeypatch.setattr(module, "export", in_children_only(module, killed_after))
    with pytest.raises(ExportError, match=r"exporter kg\.export\.\w+ stopped without a result \(killed by signal SIGKILL\)"):
        build_quietly(new_source(tmp_path), out, workers=2)
    assert files_under(out) == snapshot
    assert not list(out.glob(STAGING_PREFIX + "*"))


def recording(module, log: Path):
    """module.export that also appends "pid start end" to log, and takes at least half a second."""
    original = module.export

    def export(graph, out_dir, options):
        start = time.monotonic()
        written = original(graph, out_dir, options)
        time.sleep(max(0.0, 0.5 - (time.monotonic() - start)))
        with log.open("a") as handle:
            handle.write(f"{os.getpid()} {start} {time.monotonic()}\n")
        return written
    return export


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_exporters_run_on_workers_processes_at_most_workers_at_once(previous_export, tmp_path, monkeypatch, workers):
    """The build's own process and workers - 1 forked children share the exporters."""
    out, _ = previous_export
    log = tmp_path / "runs.log"
    for name in EXPORTERS:
        module = importlib.import_module(name)
        monkeypatch.setattr(module, "export", recording(module, log))
    result = build_quietly(tmp_path / "previous.jsonl", out, workers)
    runs = [line.split() for line in log.read_text().splitlines()]
    assert len(runs) == len(EXPORTERS)
    pids = {int(pid) for pid, _, _ in runs}
    assert os.getpid() in pids and len(pids) == workers
    spans = [(float(start), float(end)) for _, start, end in runs]
    most_at_once = max(sum(1 for start, end in spans if start <= moment < end) for moment, _ in spans)
    assert most_at_once == workers
    assert {p.relative_to(out).as_posix() for p in result.outputs} == set(files_under(out))
    assert {name.rsplit(".", 1)[-1] for name in EXPORTERS} <= set(result.timings)


@pytest.mark.parametrize("workers", ["1", "2"], ids=["in-process", "forked"])
def test_ctrl_c_during_the_export_is_reported_and_changes_nothing(previous_export, tmp_path, monkeypatch, capsys, workers):
    out, snapshot = previous_export
    module = importlib.import_module(EXPORTERS[-1])
    monkeypatch.setattr(module, "export", failing_after(module, KeyboardInterrupt()))
    source = tmp_path / "new.jsonl"
    source.write_text(jsonl(GOOD_PAPER, OTHER_PAPER), encoding="utf-8")
    assert main(["build", str(source), "-o", str(out), "--workers", workers, "--quiet"]) == 130
    assert "previous exports left as they were" in capsys.readouterr().err
    assert files_under(out) == snapshot
    assert not list(out.glob(STAGING_PREFIX + "*"))


def test_a_stale_staging_folder_of_a_killed_build_is_removed(previous_export, tmp_path):
    out, snapshot = previous_export
    stale = out / f"{STAGING_PREFIX}killed"
    (stale / "neo4j").mkdir(parents=True)
    (stale / "graph.ttl").write_text("half written")
    build_quietly(tmp_path / "previous.jsonl", out)
    assert not stale.exists()
    assert files_under(out) == snapshot


# --- bad input through the command line ----------------------------------------------------------

def bad_utf8(folder: Path) -> str:
    lines = jsonl(OTHER_PAPER).encode("utf-8") + '{"title": "Caf\u00e9 BERT", "abstract": "We use BERT."}\n'.encode("latin-1")
    (folder / "latin1.jsonl").write_bytes(lines)
    return "latin1.jsonl:2: warning"


def binary(folder: Path) -> str:
    (folder / "blob.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return "blob.jsonl: error"


def no_inputs(folder: Path) -> str:
    (folder / "empty" / "sub").mkdir(parents=True)
    (folder / "empty" / "paper.pdf").write_bytes(b"%PDF-1.4")
    return "empty: error"


def json_array(folder: Path) -> str:
    (folder / "array.jsonl").write_text(jsonl(OTHER_PAPER) + '["title", "abstract"]\n', encoding="utf-8")
    return "array.jsonl:2: warning"


BAD_INPUTS = {"non-utf-8": bad_utf8, "binary": binary, "no inputs": no_inputs, "json array": json_array}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
@pytest.mark.parametrize("strict", [False, True])
def test_bad_input_is_reported_with_file_and_line(tmp_path, monkeypatch, capsys, case, strict):
    monkeypatch.chdir(tmp_path)
    where = BAD_INPUTS[case](tmp_path)
    bad = where.split(":")[0]
    Path("good.jsonl").write_text(jsonl(GOOD_PAPER), encoding="utf-8")
    code = main(["build", bad, "good.jsonl", "-o", "out", "--workers", "1", *(["--strict"] if strict else [])])
    err = capsys.readouterr().err
    assert where in err
    assert "Traceback" not in err
    if strict:
        assert code == 1
        assert not Path("out").exists() or files_under(Path("out")) == {}
    else:
        assert code == 0
        papers = [json.loads(line)["title"] for line in Path("out/entities.jsonl").read_text(encoding="utf-8").splitlines()]
        assert GOOD_PAPER["title"] in papers


@pytest.mark.parametrize("case", sorted(set(BAD_INPUTS) - {"non-utf-8", "json array"}))
def test_only_unusable_input_fails_and_writes_nothing(tmp_path, monkeypatch, capsys, case):
    monkeypatch.chdir(tmp_path)
    where = BAD_INPUTS[case](tmp_path)
    assert main(["build", where.split(":")[0], "-o", "out", "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert where in err and "no usable paper records" in err
    assert not Path("out").exists() or files_under(Path("out")) == {}


def test_a_repaired_non_utf8_file_keeps_its_text(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    bad_utf8(tmp_path)
    result = build([Path("latin1.jsonl")], None, workers=1, progress=False, diagnostics=Diagnostics(quiet=True))
    assert sorted(p.title for p in model.papers(result.graph)) == sorted(["Caf\u00e9 BERT", OTHER_PAPER["title"]])
    assert [(p.file, p.line) for p in result.diagnostics.problems] == [("latin1.jsonl", 2)]


def test_the_callers_diagnostics_collect_the_problems(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    where = json_array(tmp_path)
    diagnostics = Diagnostics(quiet=True)
    result = build([Path("array.jsonl")], None, workers=1, progress=False, diagnostics=diagnostics)
    assert result.diagnostics is diagnostics and [str(p) for p in diagnostics.problems] == [f"{where}: a JSON list, not an object, skipped"]
    assert capsys.readouterr().err == ""
    assert main(["build", "array.jsonl", "-o", "out", "--workers", "1", "--quiet"]) == 0
    assert where not in capsys.readouterr().err  # --quiet
    assert main(["build", "array.jsonl", "-o", "strict-out", "--workers", "1", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "1 input problem(s) reported above" in err and "--strict: failing on input problems" in err
