"""Running the exporters: one after another in this process, or in forked child processes.

With `workers` > 1 each exporter runs in a child forked from the build (fork context: the
child reads the graph the parent already holds, nothing is pickled), at most `workers` at
once. A child sends back the paths it wrote and its wall time, or its exception. The first
failure stops the children still running and is raised in the parent, with the exporter's
name and the child's traceback as a note; a child that dies without a word (killed, out of
memory) raises ExportError. Either way the build fails before anything is published.
"""
from __future__ import annotations

import contextlib
import gc
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
    """Every exporter's run, in the order of module_names, whatever order they finished in."""
    if workers <= 1 or len(module_names) <= 1 or not can_fork():
        return [run_exporter(name, graph, out_dir, options) for name in module_names]
    with frozen_gc():
        runs = run_forked(module_names, graph, out_dir, options, workers)
    return [runs[name] for name in module_names]


@contextlib.contextmanager
def frozen_gc() -> Iterator[None]:
    """Move every object to the GC's permanent generation while children run: a collection in
    a child then does not write to (and so copy) every page of the graph it shares with us."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _picklable(exc: BaseException) -> BaseException:
    """exc itself when it survives pickling, else a RuntimeError with its type and message."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _child(module_name: str, graph: nx.DiGraph, out_dir: Path, options: ExportOptions, channel: Connection) -> None:
    try:
        message = ("ok", run_exporter(module_name, graph, out_dir, options))
    except BaseException as exc:  # KeyboardInterrupt too: the parent re-raises it
        message = ("error", _picklable(exc), traceback.format_exc())
    channel.send(message)
    channel.close()


def _receive(channel: Connection):
    try:
        return channel.recv()
    except EOFError:
        return None


def _outcome(module_name: str, message, process) -> ExportRun:
    """The run a child reported, or its failure raised here."""
    if message is None:
        raise ExportError(f"exporter {module_name} stopped without a result ({_exit_status(process.exitcode)}); "
                          "nothing was published")
    if message[0] == "error":
        _, exc, child_traceback = message
        exc.add_note(f"raised by exporter {module_name} in its child process:\n{child_traceback.rstrip()}")
        raise exc
    return message[1]


def _exit_status(code: int | None) -> str:
    if code is not None and code < 0:
        return f"killed by signal {signal.Signals(-code).name}"
    return f"exit code {code}"


def run_forked(
    module_names: Sequence[str], graph: nx.DiGraph, out_dir: Path, options: ExportOptions, workers: int
) -> dict[str, ExportRun]:
    """Each exporter in its own forked child, at most `workers` at once, started in the given order."""
    context = multiprocessing.get_context("fork")
    waiting = list(module_names)
    running: dict[Connection, tuple[str, multiprocessing.process.BaseProcess]] = {}
    runs: dict[str, ExportRun] = {}
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                name = waiting.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(name, graph, out_dir, options, sender),
                                          name=f"kg-export-{name.rsplit('.', 1)[-1]}")
                process.start()
                sender.close()
                running[receiver] = (name, process)
            for receiver in wait(list(running)):
                name, process = running.pop(receiver)
                message = _receive(receiver)
                receiver.close()
                process.join()
                runs[name] = _outcome(name, message, process)
    finally:
        for receiver, (_, process) in running.items():  # only after a failure or an interrupt
            process.terminate()
        for receiver, (_, process) in running.items():
            process.join()
            receiver.close()
    return runs
