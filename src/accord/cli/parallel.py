"""Diffing many earlier versions against one revision on every core.

History checks compare one revision with many earlier versions, each pair on
its own. The revision is loaded once in this process; worker processes are
forked from it (sharing it copy-on-write), each loads the earlier versions it
is given, and sends back plain ``Change`` lists. Where ``fork`` is not
available, or there is little to do, the work runs here instead.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from accord.core.change import Change

#: ``(earlier index) -> (its declared version, {(i, j): changes})``
Task = Callable[[int], "Outcome"]

#: Fewer earlier versions than this are not worth starting processes for.
MIN_PARALLEL = 3


@dataclass(frozen=True, slots=True)
class Outcome:
    index: int
    version: str | None
    changes: dict[tuple[int, int], list[Change]]


_TASK: Task | None = None  # set in the parent just before the workers fork


def _run(index: int) -> Outcome:
    assert _TASK is not None
    return _TASK(index)


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_all(task: Task, indices: Sequence[int]) -> Iterator[Outcome]:
    """``task(i)`` for every index, as the outcomes arrive (in any order)."""
    count = min(workers(), len(indices))
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if count < 2 or len(indices) < MIN_PARALLEL or not forkable:
        for index in indices:
            yield task(index)
        return
    # The first task runs here: it warms the caches of what every task shares
    # (the revision), which the workers then inherit.
    yield task(indices[0])
    global _TASK
    _TASK = task
    gc.freeze()  # keep the collector from touching (and so copying) shared pages
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            futures = [pool.submit(_run, index) for index in indices[1:]]
            for future in as_completed(futures):
                yield future.result()
    finally:
        _TASK = None
        gc.unfreeze()
