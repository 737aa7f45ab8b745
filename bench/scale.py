"""Speed and scale of `kg build` (issue 7): one table of time, papers/s and memory per stage for N papers.

    python bench/scale.py [--sizes 1000,10000,100000] [--quick] [--workers 2] [--eval-dir DIR] [--keep DIR]

Inputs are generated at run time into a temporary folder (never into the repository) from
real text: the bundled Daily Papers examples and the paragraphs of ../shared/eval/*/*.jsonl.
Every paper gets a unique arXiv-like id and a varied title ("<title> (variant 17)"), so no
paper deduplicates away. Input N is the first N lines of input max(N): sizes share papers.

Per size, a fresh subprocess times the stages in-process with kg.build's functions
(read_papers, extract with 2 and 1 workers, assemble's resolve and graph, each exporter of
kg.build.EXPORTERS that imports) and the floor: tokenisation alone, spaCy's
`spacy.blank("en")` tokenizer and kg's own `nlp.make_doc`. Another fresh subprocess runs the
whole `kg build INPUT -o OUT --workers W` (started by a small runner interpreter); its peak
memory is wait4's ru_maxrss (the largest single process) and the polled sum of PSS over its
process tree (the workers included).
The MiB column is the peak resident memory of the process running each stage (VmHWM, reset
before the stage; for parallel extraction the larger of the parent and any worker).
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL_DIR = ROOT.parent / "shared" / "eval"
EXAMPLES = ROOT / "examples" / "daily_papers"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 5_000)
SEED = 7
ABSTRACT_CHARS = (800, 1_800)  # generated abstracts: paragraphs joined until a length drawn from this range
TARGET_RATE = 1_000  # abstracts/s of extraction with all workers
TARGET_N, TARGET_SECONDS, TARGET_BYTES = 100_000, 300.0, 4 * 2**30
MIB = 2**20
POLL_SECONDS = 1.0  # reading smaps_rollup of a 2 GiB process takes ~17 ms: poll gently
LABEL = 50  # width of the stage column


# ---------------------------------------------------------------- input generation

def eval_paragraphs(eval_dir: Path) -> list[str]:
    """The "text" of every line of eval_dir/*/*.jsonl, in file order."""
    texts = []
    for path in sorted(eval_dir.glob("*/*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            texts += [t for t in (json.loads(line).get("text", "") for line in lines if line.strip()) if t.strip()]
    return texts


def example_papers() -> list[tuple[str, str]]:
    """(title, abstract) of the bundled examples, read as kg reads them."""
    from kg.build import read_papers
    from kg.diagnostics import Diagnostics

    return [(p.title, p.abstract) for p in read_papers([EXAMPLES], Diagnostics(quiet=True))]


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)


def generate(n: int, examples: list[tuple[str, str]], paragraphs: list[str], seed: int = SEED) -> Iterator[dict]:
    """n JSONL paper objects; the first len(examples) are the examples themselves.

    Paper i takes the title of example i mod E with "(variant i div E)". Its abstract is,
    two times in five, that example's abstract with its sentences rotated, else eval
    paragraphs joined until a drawn length. Deterministic: paper i is the same for every n.
    """
    rng = random.Random(seed)
    for i in range(n):
        title, abstract = examples[i % len(examples)]
        variant = i // len(examples)
        if variant:
            title = f"{title} (variant {variant})"
            if rng.random() < 0.4:
                sentences = _sentences(abstract)
                turn = rng.randrange(len(sentences))
                abstract = " ".join(sentences[turn:] + sentences[:turn])
            else:
                target, parts = rng.randint(*ABSTRACT_CHARS), []
                while sum(map(len, parts)) < target:
                    parts.append(rng.choice(paragraphs))
                abstract = " ".join(parts)
        yield {"id": f"bench-{i:06d}", "arxiv_id": f"{2401 + i // 100_000}.{i % 100_000:05d}", "title": title,
               "abstract": abstract, "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"}


def write_inputs(folder: Path, sizes: Iterable[int], eval_dir: Path) -> dict[int, Path]:
    """papers_N.jsonl for each size, each the first N papers of the same sequence."""
    sizes = sorted(set(sizes))
    paragraphs = eval_paragraphs(eval_dir)
    if not paragraphs:
        raise SystemExit(f"no eval paragraphs under {eval_dir}/*/*.jsonl (use --eval-dir)")
    paths = {n: folder / f"papers_{n}.jsonl" for n in sizes}
    files = {n: path.open("w", encoding="utf-8") for n, path in paths.items()}
    try:
        for i, paper in enumerate(generate(sizes[-1], example_papers(), paragraphs)):
            line = json.dumps(paper, ensure_ascii=False) + "\n"
            for n, handle in files.items():
                if i < n:
                    handle.write(line)
    finally:
        for handle in files.values():
            handle.close()
    return paths


# ---------------------------------------------------------------- memory

def rss_bytes(pid: int | str = "self") -> int:
    """Current resident set of a process (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def reset_peak() -> None:
    """Reset this process's high-water mark of resident memory (VmHWM), where Linux allows it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_bytes() -> int:
    """This process's high-water mark of resident memory since start or the last reset_peak()."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def pss_bytes(pid: int) -> int:
    """Proportional set size (shared pages split between sharers), else RSS."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss_bytes(pid)


def descendants(root: int) -> set[int]:
    """root and every process below it, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        found.add(pid)
        todo += children.get(pid, [])
    return found


class TreePeak(threading.Thread):
    """Polls the summed PSS of the processes below `pid` until stopped; `peak` is the largest sum seen."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stopped = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(POLL_SECONDS):
            self.peak = max(self.peak, sum(pss_bytes(p) for p in descendants(self.pid) - {self.pid}))


# ---------------------------------------------------------------- measurements

@dataclass
class SizeResult:
    n: int
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    notes: dict[str, str] = field(default_factory=dict)  # stage -> "missing" / an error, instead of a time
    memory: dict[str, int] = field(default_factory=dict)  # measure -> bytes
    peaks: dict[str, int] = field(default_factory=dict)  # stage -> peak resident bytes of the process running it
    cpu: dict[str, float] = field(default_factory=dict)  # stage -> CPU seconds of every process that ran it
    load: float = 0.0  # 1-minute load average when the size started: other work on the machine
    chars: int = 0  # characters of every paper's title and abstract
    build_exit: int | None = None
    build_output: str = ""


def _timed(seconds: dict[str, float], stage: str, run: Callable[[], object], peaks: dict[str, int] | None = None) -> object:
    """run() timed into seconds[stage]; with peaks, its peak resident memory into peaks[stage]."""
    reset_peak()
    start = time.perf_counter()
    value = run()
    seconds[stage] = time.perf_counter() - start
    if peaks is not None:
        peaks[stage] = peak_bytes()
    return value


def children_peak() -> int:
    """The largest peak resident memory of any child process waited for so far."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def cpu_seconds() -> float:
    """User + system CPU of this process and of its children waited for so far."""
    return sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))


def _say(n: int, message: str) -> None:
    print(f"[{n:,}] {message}", file=sys.stderr, flush=True)


def _consume(docs: Iterable) -> None:
    for _ in docs:
        pass


def measure_stages(path: Path, workers: int) -> dict:
    """Every stage of kg.build in this process on the papers of path (run in a fresh subprocess)."""
    import spacy

    from kg.build import EXPORTERS, assemble, extract, read_papers
    from kg.diagnostics import Diagnostics
    from kg.export import ExportOptions
    from kg.export.runner import run_exporters
    from kg.extract.pipeline import default_pipeline, paper_text

    seconds, notes, memory, cpu, peaks = {}, {}, {"start": rss_bytes()}, {}, {}
    papers = _timed(seconds, "read", lambda: read_papers([path], Diagnostics(quiet=True)), peaks)
    n = len(papers)
    _say(n, f"read {seconds['read']:.1f} s")
    nlp = _timed(seconds, "load pipeline", default_pipeline, peaks)
    before = cpu_seconds()
    extractions = _timed(seconds, f"extract {workers}w", lambda: extract(papers, workers, progress=False), peaks)
    cpu[f"extract {workers}w"] = cpu_seconds() - before
    peaks[f"extract {workers}w"] = max(peaks[f"extract {workers}w"], children_peak())
    _say(n, f"extract {workers} workers {seconds[f'extract {workers}w']:.1f} s")
    reset_peak()
    graph = assemble(extractions, seconds)
    peaks["graph"] = peak_bytes()  # resolve and graph together: assemble runs both
    memory["held"] = rss_bytes() - memory["start"]
    with tempfile.TemporaryDirectory(prefix="kg-bench-export-") as out:
        for module_name in EXPORTERS:
            stage = "export " + module_name.rsplit(".", 1)[-1]
            try:
                importlib.import_module(module_name)
            except ImportError as exc:
                notes[stage] = f"missing ({exc.name})" if exc.name == module_name else f"import error: {exc}"
                continue
            folder = Path(out, stage.split()[1])
            folder.mkdir()
            try:
                _timed(seconds, stage, lambda: run_exporters([module_name], graph, folder, ExportOptions()), peaks)
            except Exception as exc:  # noqa: BLE001  (an exporter being written may fail: report, go on)
                notes[stage] = f"error: {type(exc).__name__}: {str(exc)[:60]}"
            _say(n, f"{stage} {seconds.get(stage, float('nan')):.1f} s {notes.get(stage, '')}")
    del graph, extractions
    if workers != 1:
        _timed(seconds, "extract 1w", lambda: extract(papers, 1, progress=False), peaks)
        _say(n, f"extract 1 worker {seconds['extract 1w']:.1f} s")
    texts = [paper_text(p) for p in papers]
    blank = spacy.blank("en")
    _timed(seconds, "spacy tokenizer", lambda: _consume(blank.tokenizer.pipe(texts, batch_size=1_000)))
    _timed(seconds, "kg make_doc", lambda: _consume(map(nlp.make_doc, texts)))
    _say(n, f"tokenisation: spaCy {seconds['spacy tokenizer']:.1f} s, kg {seconds['kg make_doc']:.1f} s")
    return {"n": n, "chars": sum(map(len, texts)), "seconds": seconds, "notes": notes, "memory": memory, "cpu": cpu,
            "peaks": peaks}


def run_stages(path: Path, workers: int) -> dict:
    """measure_stages in a fresh interpreter, so each size starts from the same memory."""
    command = [sys.executable, str(Path(__file__).resolve()), "--stages-of", str(path), "--workers", str(workers)]
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# A child forked from this (large) process would start with our resident pages counted in its
# ru_maxrss, so a fresh, small interpreter starts the build and reports wait4's numbers for it.
RUNNER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
report = {"seconds": time.perf_counter() - start, "exit": os.waitstatus_to_exitcode(status),
          "maxrss": usage.ru_maxrss * 1024, "cpu": usage.ru_utime + usage.ru_stime}
with open(sys.argv[1], "w") as handle:
    json.dump(report, handle)
"""


def run_build(path: Path, out: Path, workers: int) -> tuple[float, float, int, int, int, str]:
    """`kg build path -o out --workers W` in a subprocess: seconds, CPU seconds, exit code, ru_maxrss, tree peak, output."""
    command = [sys.executable, "-m", "kg", "build", str(path), "-o", str(out), "--workers", str(workers), "--quiet"]
    with tempfile.TemporaryFile("w+") as log, tempfile.NamedTemporaryFile("r", suffix=".json") as report:
        runner = subprocess.Popen([sys.executable, "-c", RUNNER, report.name, *command], cwd=ROOT, stdout=log,
                                  stderr=subprocess.STDOUT, text=True)
        poller = TreePeak(runner.pid)
        poller.start()
        runner.wait()
        poller.stopped.set()
        poller.join()
        log.seek(0)
        output = log.read()
        measured = json.loads(report.read() or "{}")
    if runner.returncode != 0 or not measured:
        raise SystemExit(f"the build runner failed ({runner.returncode}):\n{output[-2000:]}")
    lines = [line for line in output.splitlines() if line.strip() and "\r" not in line]
    return (measured["seconds"], measured["cpu"], measured["exit"], measured["maxrss"], poller.peak,
            "\n".join(lines[-4:]))


BASE = """
from pathlib import Path
from kg.build import build
from kg.extract.pipeline import default_pipeline
default_pipeline()
print(next(int(l.split()[1]) * 1024 for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:")))
"""


def base_memory() -> int:
    """Peak resident memory of an interpreter that imported kg's build and loaded the pipeline: no papers."""
    return int(subprocess.run([sys.executable, "-c", BASE], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True).stdout)


def measure(n: int, path: Path, out: Path, workers: int) -> SizeResult:
    load = os.getloadavg()[0]
    _say(n, f"stages ... (load average {load:.2f})")
    stages = run_stages(path, workers)
    result = SizeResult(n, stages["seconds"], stages["notes"], stages["memory"], stages["peaks"], stages["cpu"], load,
                        stages["chars"])
    if stages["n"] != n:
        result.notes["read"] = f"{stages['n']:,} papers read, not {n:,}"
    _say(n, f"kg build --workers {workers} ...")
    seconds, cpu, code, maxrss, tree, output = run_build(path, out, workers)
    result.seconds["build"], result.cpu["build"], result.build_exit, result.build_output = seconds, cpu, code, output
    result.memory["build maxrss"], result.memory["build tree"] = maxrss, tree
    result.peaks["build"] = maxrss
    _say(n, f"kg build {seconds:.1f} s, exit {code}, max RSS {maxrss / MIB:,.0f} MiB, tree PSS {tree / MIB:,.0f} MiB")
    return result


# ---------------------------------------------------------------- report

def build_peak(r: SizeResult) -> int:
    """Peak memory of the whole build: the larger of the biggest process and the tree's summed PSS."""
    return max(r.memory.get("build maxrss", 0), r.memory.get("build tree", 0))


def _rate(r: SizeResult, stage: str) -> float | None:
    seconds = r.seconds.get(stage)
    return r.n / seconds if seconds else None


def _export_order(stage: str) -> int:
    from kg.build import EXPORTERS

    names = ["export " + m.rsplit(".", 1)[-1] for m in EXPORTERS]
    return names.index(stage) if stage in names else len(names)


def stage_rows(results: list[SizeResult], workers: int) -> list[tuple[str, str]]:
    """(label, stage key) of every timed row, in table order."""
    exporters = list(dict.fromkeys(s for r in results for s in sorted([*r.seconds, *r.notes], key=_export_order)
                                   if s.startswith("export ")))
    rows = [("read (read_papers)", "read"), ("load pipeline (once, not per paper)", "load pipeline"),
            (f"extract, {workers} workers", f"extract {workers}w")]
    if workers != 1:
        rows.append(("extract, 1 worker", "extract 1w"))
    rows += [("resolve", "resolve"), ("graph (build_graph); MiB: resolve+graph", "graph")]
    rows += [(e, e) for e in exporters]
    rows += [(f"kg build end to end, --workers {workers}", "build"),
             ('floor: spacy.blank("en") tokenizer, 1 core', "spacy tokenizer"),
             ("floor: kg tokenizer nlp.make_doc, 1 core", "kg make_doc")]
    return rows


def format_table(results: list[SizeResult], workers: int) -> str:
    width = 25  # one column per size: seconds, papers/s, peak MiB
    head = f"{'stage':<{LABEL}}" + "".join(f"| {f'N = {r.n:,}':^{width}} " for r in results)
    sub = f"{'':<{LABEL}}" + "".join(f"| {'s':>7} {'papers/s':>9} {'MiB':>7} " for _ in results)
    lines = [head, sub, "-" * len(head)]

    def row(label: str, cells: Iterable[str]) -> None:
        lines.append(f"{label:<{LABEL}}" + "".join(f"| {c:>{width}} " for c in cells))

    for label, stage in stage_rows(results, workers):
        cells = []
        for r in results:
            if stage in r.notes and stage not in r.seconds:
                cells.append(r.notes[stage][:width])
            elif stage in r.seconds:
                rate = _rate(r, stage)
                per = "" if stage == "load pipeline" else f"{rate:,.0f}"
                peak = f"{r.peaks[stage] / MIB:,.0f}" if stage in r.peaks else ""
                flag = "" if stage != "build" or r.build_exit == 0 else f" exit {r.build_exit}"
                cells.append(f"{r.seconds[stage]:7.2f} {per:>9} {peak:>7}{flag}"[-width:])
            else:
                cells.append("-")
        row(label, cells)
    lines.append("-" * len(head))
    one = "extract 1w" if workers != 1 else f"extract {workers}w"
    for floor, name in (("spacy tokenizer", "spaCy tokenizer"), ("kg make_doc", "kg make_doc")):
        row(f"extract 1 worker / {name} (x slower)", (f"{r.seconds[one] / r.seconds[floor]:.2f} x" for r in results))
    for stage, label in ((f"extract {workers}w", f"extract, {workers} workers"), ("build", "kg build")):
        row(f"{label}: cores busy (CPU s / wall s)", (f"{r.cpu[stage] / r.seconds[stage]:.2f} of {workers}" for r in results))
    row(f"extract, {workers} workers, if CPU-bound: papers/s", (f"{r.n / (r.cpu[f'extract {workers}w'] / workers):,.0f}" for r in results))
    row("machine load average (1 min) at start", (f"{r.load:.2f}" for r in results))
    row("mean characters per paper (title+abstract)", (f"{r.chars / r.n:,.0f}" for r in results))
    row("peak memory kg build: largest process MiB", (f"{r.memory['build maxrss'] / MIB:,.0f}" for r in results))
    row("peak memory kg build: tree PSS, 1 s polls MiB", (f"{r.memory['build tree'] / MIB:,.0f}" for r in results))
    row("peak memory kg build per 1,000 papers MiB", (f"{build_peak(r) / MIB / r.n * 1_000:,.1f}" for r in results))
    row(f"peak above the {base_memory_label(results)} base, per 1,000 papers", (f"{_above_base(r) / MIB / r.n * 1_000:,.1f}" for r in results))
    row("growth from previous N per 1,000 papers MiB", (_growth(results, i) for i in range(len(results))))
    row("in-process: papers+extractions+graph MiB", (f"{r.memory['held'] / MIB:,.0f}" for r in results))
    return "\n".join(lines)


def base_memory_label(results: list[SizeResult]) -> str:
    return f"{results[0].memory.get('base', 0) / MIB:,.0f} MiB"


def _above_base(r: SizeResult) -> int:
    """Build peak memory minus the fixed cost of an interpreter with the pipeline loaded."""
    return build_peak(r) - r.memory.get("base", 0)


def _slope(a: SizeResult, b: SizeResult) -> float:
    """MiB of build peak memory per 1,000 more papers between two sizes."""
    return (build_peak(b) - build_peak(a)) / MIB / (b.n - a.n) * 1_000


def _growth(results: list[SizeResult], i: int) -> str:
    return "-" if i == 0 else f"{_slope(results[i - 1], results[i]):,.2f}"


def checks(results: list[SizeResult], workers: int) -> list[str]:
    """PASS/FAIL lines of the issue's targets."""
    lines = []
    rates = [(r.n, _rate(r, f"extract {workers}w")) for r in results]
    ok = all(rate >= TARGET_RATE for _, rate in rates)
    lines.append(f"{'PASS' if ok else 'FAIL'}: extraction >= {TARGET_RATE:,} abstracts/s with {workers} workers: "
                 + ", ".join(f"{rate:,.0f}/s at N={n:,}" for n, rate in rates))
    target = next((r for r in results if r.n == TARGET_N), None)
    if target:
        peak = build_peak(target)
        ok = target.build_exit == 0 and target.seconds["build"] < TARGET_SECONDS and peak < TARGET_BYTES
        lines.append(f"{'PASS' if ok else 'FAIL'}: {TARGET_N:,}-paper kg build under {TARGET_SECONDS / 60:.0f} min "
                     f"and {TARGET_BYTES / 2**30:.0f} GiB: {target.seconds['build']:.1f} s, {peak / MIB:,.0f} MiB peak, "
                     f"exit {target.build_exit}")
    else:
        last = results[-1]
        seconds = last.seconds["build"] / last.n * TARGET_N
        lines.append(f"NOT RUN: {TARGET_N:,}-paper build (add {TARGET_N} to --sizes); linear estimate from "
                     f"N={last.n:,}: {seconds:.0f} s")
    if len(results) > 1:
        a, b = results[-2], results[-1]
        slope = _slope(a, b)
        held = (b.memory["held"] - a.memory["held"]) / MIB / (b.n - a.n) * 1_000
        projected = build_peak(b) + max(slope, held) * MIB * max(0, TARGET_N - b.n) / 1_000
        ok = projected < TARGET_BYTES
        lines.append(f"{'PASS' if ok else 'FAIL'}: memory growth vs N: "
                     + ", ".join(f"{build_peak(r) / MIB / r.n * 1_000:,.1f} MiB per 1,000 papers at N={r.n:,}" for r in results)
                     + f"; between the two largest sizes the build peak grew {slope:,.2f} and the data held "
                     f"{held:,.2f} MiB per 1,000 papers; "
                     + (f"{projected / MIB:,.0f} MiB measured" if b.n >= TARGET_N else
                        f"{projected / MIB:,.0f} MiB projected with the larger rate")
                     + f" at N={max(TARGET_N, b.n):,} (limit {TARGET_BYTES / MIB:,.0f})")
    for r in results:
        if r.build_exit != 0:
            lines.append(f"FAIL: kg build exited {r.build_exit} at N={r.n:,}:\n{r.build_output}")
    missing = sorted({f"{s}: {note}" for r in results for s, note in r.notes.items()})
    lines += [f"NOTE: {m}" for m in missing]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="papers per run, comma separated")
    parser.add_argument("--quick", action="store_true", help=f"sizes {','.join(map(str, QUICK_SIZES))}")
    parser.add_argument("--workers", type=int, default=2, help="extraction workers (default 2: both cores); 1 is measured too")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR, help="folder of */*.jsonl with a text field")
    parser.add_argument("--keep", type=Path, help="write inputs and exports here instead of a temporary folder")
    parser.add_argument("--stages-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stages_of:
        print(json.dumps(measure_stages(args.stages_of, args.workers)))
        return 0
    sizes = QUICK_SIZES if args.quick else tuple(sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()}))
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        inputs = write_inputs(folder, sizes, args.eval_dir)
        print(f"inputs: {', '.join(f'{n:,}' for n in sizes)} papers generated in {time.perf_counter() - start:.1f} s "
              f"into {folder}", file=sys.stderr)
        results = [measure(n, inputs[n], folder / f"exports_{n}", args.workers) for n in sizes]
    base = base_memory()
    for r in results:
        r.memory["base"] = base
    print(f"kg scale benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
          f"time in seconds, papers/s = N / time")
    print(format_table(results, args.workers))
    print()
    print("\n".join(checks(results, args.workers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
