"""The cyclic garbage collector during a build, whose heap is millions of long-lived records.

A build keeps its papers, mentions, entities and links (none of them in reference cycles)
until it ends. Each full collection of CPython's cyclic GC scans every tracked object built
so far, so while a stage creates such records most of its time can go to the GC (9 of 15 s
of resolution at 100,000 papers). `paused()` turns the GC off for such a stage (reference
counting still frees whatever is not in a cycle, and the GC finds any cycle once it is on
again); `frozen()` puts every object alive now out of its reach while the exporters run,
which also keeps forked exporter processes from copying the memory pages they share.
"""
from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_frozen = 0  # nesting depth of frozen()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """Every object alive now in the GC's permanent generation, until the outermost frozen() ends."""
    global _frozen
    gc.freeze()
    _frozen += 1
    try:
        yield
    finally:
        _frozen -= 1
        if _frozen == 0:
            gc.unfreeze()
