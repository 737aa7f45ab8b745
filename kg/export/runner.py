"""Running the exporters: one after another in this process, or `workers` at once with forked children.

With `workers` > 1 the build forks workers - 1 children (fork context: they read the graph
the parent already holds, nothing is pickled) and then works as one of the workers itself:
every worker takes the next exporter not yet taken from a shared counter until none is left.
The parent takes part because each process running an exporter touches, and so copies, most
of the graph's memory pages: one copy per extra process (about 1.3 GiB at 100,000 papers).

A child sends back the paths each exporter wrote and its wall time, or its exception, and
then stops. The first failure stops every worker from starting another exporter; the
children still running are terminated and the failure is raised in the parent (a child's
exception with the exporter's name and the child's traceback as a note; a child that dies
without a word, killed or out of memory, as ExportError). Either way the build fails before
anything is published.
"""
from __future__ import annotations

import importlib
import multiprocessing
import pickle
import signal
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

import networkx as nx

from kg import heap
from kg.export import ExportOptions


class ExportError(RuntimeError):
    """An exporter's child process ended without reporting a result."""


@dataclass(frozen=True)
class ExportRun:
    module: str
    paths: list[Path]
    seconds: float  # wall time of the exporter


def run_exporter(module_name: str, graph: nx.DiGraph, out_dir: Path, options: ExportOptions) -> ExportRun:
    start = time.perf_counter()
    paths = importlib.import_module(module_name).export(graph, out_dir, options)
    return ExportRun(module_name, list(paths), time.perf_counter() - start)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run_exporters(
    module_names: Sequence[str], graph: nx.DiGraph, out_dir: Path, options: ExportOptions, workers: int = 1
) -> list[ExportRun]:
    """Every exporter's run, in the order of module_names, whatever process ran it and when it ended."""
    with heap.frozen():  # the graph stays out of the GC's scans, in this process and in forked children
        if workers <= 1 or len(module_names) <= 1 or not can_fork():
            return [run_exporter(name, graph, out_dir, options) for name in module_names]
        runs = run_shared(module_names, graph, out_dir, options, min(workers, len(module_names)))
    return [runs[name] for name in module_names]


class _Jobs:
    """The exporters, handed out one at a time to whichever process asks (shared across fork)."""

    def __init__(self, context, module_names: Sequence[str]) -> None:
        self.names = list(module_names)
        self.next = context.Value("i", 0)
        self.stopped = context.Value("b", False)

    def __iter__(self) -> Iterator[str]:
        while not self.stopped.value:
            with self.next.get_lock():
                index = self.next.value
                self.next.value += 1
            if index >= len(self.names):
                return
            yield self.names[index]

    def stop(self) -> None:
        self.stopped.value = True


def _picklable(exc: BaseException) -> BaseException:
    """exc itself when it survives pickling, else a RuntimeError with its type and message."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _child(jobs: _Jobs, graph: nx.DiGraph, out_dir: Path, options: ExportOptions, channel: Connection) -> None:
    """A worker: runs exporters until none is left, saying which it starts and sending each run,
    then "done"; or stops at the first error and sends it."""
    name = None
    try:
        for name in jobs:
            channel.send(("started", name))
            channel.send(("ok", run_exporter(name, graph, out_dir, options)))
        channel.send(("done",))
    except BaseException as exc:  # KeyboardInterrupt too: the parent re-raises it
        jobs.stop()
        channel.send(("error", name, _picklable(exc), traceback.format_exc()))
    channel.close()


def _raise_child_error(module_name: str, exc: BaseException, child_traceback: str) -> None:
    exc.add_note(f"raised by exporter {module_name} in its child process:\n{child_traceback.rstrip()}")
    raise exc


def _exit_status(code: int | None) -> str:
    if code is not None and code < 0:
        return f"killed by signal {signal.Signals(-code).name}"
    return f"exit code {code}"


def _collect(children: dict[Connection, multiprocessing.process.BaseProcess], runs: dict[str, ExportRun]) -> None:
    """Every run the children report, until each has said "done"; raises the first failure."""
    running: dict[Connection, str] = {}
    while children:
        for channel in wait(list(children)):
            try:
                message = channel.recv()
            except EOFError:
                process = children.pop(channel)
                process.join()
                raise ExportError(f"exporter {running.get(channel, '(none yet)')} stopped without a result "
                                  f"({_exit_status(process.exitcode)}); nothing was published") from None
            if message[0] == "started":
                running[channel] = message[1]
            elif message[0] == "ok":
                runs[message[1].module] = message[1]
            elif message[0] == "error":
                _raise_child_error(*message[1:])
            else:  # done
                children.pop(channel).join()
                channel.close()


def run_shared(
    module_names: Sequence[str], graph: nx.DiGraph, out_dir: Path, options: ExportOptions, workers: int
) -> dict[str, ExportRun]:
    """The exporters on `workers` processes: this one and workers - 1 forked children."""
    context = multiprocessing.get_context("fork")
    jobs = _Jobs(context, module_names)
    children: dict[Connection, multiprocessing.process.BaseProcess] = {}
    runs: dict[str, ExportRun] = {}
    try:
        for number in range(1, workers):  # all forked before this process starts exporting
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(jobs, graph, out_dir, options, sender), name=f"kg-export-{number}")
            process.start()
            sender.close()
            children[receiver] = process
        for name in jobs:
            runs[name] = run_exporter(name, graph, out_dir, options)
        _collect(children, runs)
    except BaseException:
        jobs.stop()
        raise
    finally:
        for process in children.values():  # only after a failure or an interrupt
            process.terminate()
        for channel, process in children.items():
            process.join()
            channel.close()
    return runs
