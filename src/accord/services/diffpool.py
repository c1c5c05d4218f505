"""Diffing a candidate against large stored versions in worker processes.

A transitive check of a 4 MB contract against 20 stored versions parses each
of them and diffs 20 pairs: seconds of CPU and about a million objects. In the
hub's own process that work would share one interpreter lock with every
request, and its objects would keep the garbage collector busy long after it
ended. So when the stored documents a check compares with are large (together
at least :data:`PARALLEL_BYTES`), their pairs are diffed in worker processes,
one per core (at most :data:`MAX_WORKERS`).

- Each worker is an executor of its own, and stored version *i* of a history
  always goes to worker ``i % workers``: the next check of the interface finds
  its versions already parsed there (each worker keeps up to
  :data:`WORKER_CACHE_BYTES` of stored documents parsed, the least recently
  used forgotten first).
- A check first asks the workers to parse the stored versions
  (:meth:`DiffPool.prefetch`), so that happens while the hub parses and lints
  the candidate; then each worker parses the candidate and diffs its share.
- Workers keep their parsed versions out of the collector's sight
  (``gc.freeze``) and pause it while they diff.
- Workers are started with ``forkserver`` (``spawn`` where it is missing),
  never forked from the multi-threaded server, and exit when its process ends.
- A worker that fails or dies raises :class:`PoolFailed`; the caller then
  diffs in its own process, which reports any error in the documents itself.
- An interface's kind options travel with each task (``DiffOptions.kind_options``
  for a diff): a worker loads and diffs with the kind configured by them, and
  keeps what it parsed under one set of options apart from another's.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.compat.modes import Mode
from accord.core.change import Change
from accord.kinds import Contract, Kind, KindRegistry, load_kinds
from accord.kinds.protocol import DiffOptions, load_for_lint
from accord.services.documents import load_stored
from accord.services.kind_options import ConfiguredKinds, options_key

#: Checks whose stored documents total less than this diff in the calling
#: process: handing them to other processes would cost more than it saves.
PARALLEL_BYTES = 8 * 1024 * 1024
#: At most this many worker processes (fewer with fewer usable cores; none with one).
MAX_WORKERS = 4
#: Stored documents each worker keeps parsed, counted in bytes of their files
#: (parsed and diffed, a contract takes about six times its file's size).
WORKER_CACHE_BYTES = 64 * 1024 * 1024

#: ``(i, j)``: diff version ``i`` to version ``j`` (indices into the history, the
#: candidate last), as ``compat.report.check_history`` asks for them.
Pair = tuple[int, int]


class PoolFailed(Exception):
    """A worker failed or died; diff in the calling process instead."""


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored version as a worker loads it: its position in the history, its file,
    the file name and label it is reported under, and the file's size."""

    index: int
    digest: str
    path: str
    filename: str
    label: str
    size: int


def history_pairs(mode: Mode, count: int) -> list[Pair]:
    """The pairs a check of the last of ``count`` versions diffs: the latest stored
    version against the candidate (the changelog), and whatever ``mode`` asks."""
    last = count - 1
    pairs = [(last - 1, last)] if count >= 2 else []
    for index, direction in mode.pairs(count):
        pair = (index, last) if direction == "backward" else (last, index)
        if pair not in pairs:
            pairs.append(pair)
    return pairs


# --- in the workers --------------------------------------------------------------

_kinds: KindRegistry | None = None
_configured: ConfiguredKinds | None = None
_parsed: OrderedDict[tuple[str, str, str, str], tuple[Contract, int]] = OrderedDict()


def _registry() -> KindRegistry:
    global _kinds
    if _kinds is None:
        _kinds = load_kinds()
    return _kinds


def _kind(name: str, options: Mapping[str, Any] | None = None) -> Kind:
    global _configured
    if _configured is None:
        _configured = ConfiguredKinds(_registry())
    return _configured.get(name, options)


def _load(kind: Kind, stored: Sequence[Stored], variant: str = "") -> dict[int, Contract]:
    """The stored versions, parsed (from the cache where they are), then the cache
    trimmed to its budget and frozen: the collector no longer scans it. ``variant``:
    the kind's options (``options_key``), which may change what a load makes."""
    keys = {(kind.name, s.digest, s.label, variant) for s in stored}
    out: dict[int, Contract] = {}
    for s in stored:
        key = (kind.name, s.digest, s.label, variant)
        found = _parsed.get(key)
        if found is None:
            found = _parsed[key] = (load_stored(kind, Path(s.path), s.filename, s.label), s.size)
        _parsed.move_to_end(key)
        out[s.index] = found[0]
    total = sum(size for _, size in _parsed.values())
    evicted = False
    for key in list(_parsed):
        if total <= WORKER_CACHE_BYTES:
            break
        if key not in keys:
            total -= _parsed.pop(key)[1]
            evicted = True
    if evicted:  # frozen objects are never collected: thaw, collect the evicted, refreeze
        gc.unfreeze()
        gc.collect()
    gc.freeze()
    return out


def _start_worker() -> None:
    """Exit with the hub's process. A server stopped by a signal may end without
    the shutdown that would tell its workers (uvicorn re-raises SIGTERM once it
    has stopped), and a worker waiting for its next task would wait forever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="accord-parent-watch", daemon=True).start()


def _prefetch(kind_name: str, stored: tuple[Stored, ...],
              kind_options: Mapping[str, Any] | None = None) -> None:
    gc.collect()  # what the last check left (its candidate); the cache is frozen
    gc.disable()
    try:
        _load(_kind(kind_name, kind_options), stored, options_key(kind_options))
    finally:
        gc.enable()


def _diff(kind_name: str, candidate: str, display: str, last: int,
          pairs: tuple[tuple[Pair, Stored], ...], options: DiffOptions
          ) -> dict[Pair, list[Change]]:
    """This worker's share of a check: every pair of ``pairs`` diffed."""
    kind = _kind(kind_name, options.kind_options)
    gc.collect()
    gc.disable()
    try:
        old = _load(kind, [stored for _, stored in pairs], options_key(options.kind_options))
        new = load_for_lint(kind, Path(candidate), display)
        return {(i, j): kind.diff(old[i], new, options) if j == last
                else kind.diff(new, old[j], options) for (i, j), _ in pairs}
    finally:
        gc.enable()


# --- in the hub's process ---------------------------------------------------------


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # The fork server imports the diff engines once; every worker starts with them.
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


class DiffPool:
    """The worker processes of this process's large history checks."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executors: list[ProcessPoolExecutor | None] = [None] * workers
        self._lock = threading.Lock()

    def _executor(self, index: int) -> ProcessPoolExecutor:
        with self._lock:
            found = self._executors[index]
            if found is None:
                found = self._executors[index] = ProcessPoolExecutor(
                    max_workers=1, mp_context=_context(), initializer=_start_worker)
            return found

    def _shares(self, stored: Sequence[Stored]) -> dict[int, list[Stored]]:
        shares: dict[int, list[Stored]] = {}
        for s in stored:
            shares.setdefault(s.index % self.workers, []).append(s)
        return shares

    def prefetch(self, kind: str, stored: Sequence[Stored],
                 kind_options: Mapping[str, Any] | None = None) -> None:
        """Have the workers parse ``stored`` (with the kind under ``kind_options``).
        Returns at once: the submitting (which starts the workers the first time,
        about half a second) has a thread of its own."""
        threading.Thread(target=self._prefetch,
                         args=(kind, tuple(stored), dict(kind_options or {})),
                         name="accord-diff-prefetch", daemon=True).start()

    def _prefetch(self, kind: str, stored: tuple[Stored, ...],
                  kind_options: dict[str, Any]) -> None:
        try:
            for worker, share in self._shares(stored).items():
                self._executor(worker).submit(_prefetch, kind, tuple(share), kind_options)
        except Exception:  # a broken pool: the diff that follows finds out, and falls back
            self.reset()

    def diff(self, kind: str, candidate: Path, display: str, last: int,
             pairs: Sequence[tuple[Pair, Stored]], options: DiffOptions
             ) -> dict[Pair, list[Change]]:
        """Every pair diffed in the workers; :class:`PoolFailed` if any of them fails."""
        shares: dict[int, list[tuple[Pair, Stored]]] = {}
        for pair, stored in pairs:
            shares.setdefault(stored.index % self.workers, []).append((pair, stored))
        futures: list[Future[dict[Pair, list[Change]]]] = []
        out: dict[Pair, list[Change]] = {}
        try:
            for worker, share in shares.items():
                futures.append(self._executor(worker).submit(
                    _diff, kind, str(candidate), display, last, tuple(share), options))
            for future in futures:
                out.update(future.result())
        except Exception as exc:
            for future in futures:
                future.cancel()
            self.reset()
            raise PoolFailed(str(exc) or type(exc).__name__) from exc
        return out

    def reset(self) -> None:
        """Stop the workers; the next check starts new ones."""
        with self._lock:
            executors, self._executors = self._executors, [None] * self.workers
        for executor in executors:
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        self.reset()


_POOL: DiffPool | None = None
_POOL_LOCK = threading.Lock()


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def shared_pool() -> DiffPool | None:
    """This process's pool (created on first use, workers started on demand), or
    None where there is only one core to use."""
    global _POOL
    if _POOL is None:
        workers = min(usable_cores(), MAX_WORKERS)
        if workers < 2:
            return None
        with _POOL_LOCK:
            if _POOL is None:
                _POOL = DiffPool(workers)
                atexit.register(_POOL.shutdown)
    return _POOL


def runs_in_workers(kind: Kind) -> bool:
    """Whether workers load the same ``kind`` (a built-in or installed plug-in, not
    one handed to this process's hub only)."""
    registry = _registry()
    return kind.name in set(registry) and type(registry[kind.name]) is type(kind)
