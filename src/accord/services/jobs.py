"""Jobs: work that outlives its request (``202 Accepted`` + ``Location: /v1/jobs/{id}``).

A :class:`JobRunner` runs job functions on a small thread pool in the hub
process and keeps each job's state in the ``jobs`` table: status (``queued``
-> ``running`` -> ``succeeded`` | ``failed``), progress, the result or the
problem, and the process that runs it (``runner``, ``host:pid``). Any replica
can answer for a job from that row; the job's inputs stay in the memory of the
process that runs it and are never stored.

A process that stops mid-job leaves its rows queued or running. On start,
:meth:`JobRunner.mark_interrupted` fails with ``JOB_INTERRUPTED`` every such
row that has no runner, or whose runner is a process of this host that no
longer exists, or this very process when no runner in it has the job (a
restarted container often gets its predecessor's host name and pid). Rows of
other hosts are left to those hosts' next start (a replica that never comes
back leaves its rows as they are; so does a dead process whose pid another
process took). On shutdown, queued jobs are failed the same way at once, and
running ones get a grace period to finish.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
import traceback
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from accord.core.errors import AccordError, ErrorCode
from accord.store import Database, Job

logger = logging.getLogger("accord.services.jobs")

QUEUED, RUNNING, SUCCEEDED, FAILED = "queued", "running", "succeeded", "failed"
UNFINISHED = (QUEUED, RUNNING)
#: Seconds a shutdown waits for running jobs.
SHUTDOWN_TIMEOUT = 30.0

#: ``progress(done, total)``: a job function reports how far it got.
Progress = Callable[[int, int], None]
#: A job's work: gets a progress callback, returns the result (JSON-ready).
Work = Callable[[Progress], dict[str, Any]]
#: An error -> the problem document stored with a failed job.
RenderProblem = Callable[[AccordError], dict[str, Any]]

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_job_id(now: float | None = None) -> str:
    """``job_`` + a ULID: 48 bits of milliseconds then 80 random bits, in Crockford
    base 32, so ids sort by creation time (to the millisecond)."""
    millis = int((time.time() if now is None else now) * 1000)
    value = (millis << 80) | int.from_bytes(secrets.token_bytes(10), "big")
    digits = []
    for _ in range(26):
        digits.append(_CROCKFORD[value & 31])
        value >>= 5
    return "job_" + "".join(reversed(digits))


def this_runner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would terminate it there: assume it lives
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def orphaned(runner: str | None, me: str | None = None) -> bool:
    """Whether a job of ``runner`` may have been left by a process that no longer
    runs: no runner at all, a dead process of this host, or this process itself
    (the caller then asks its live runners)."""
    if not runner:
        return True
    me = me or this_runner()
    host, _, pid = runner.rpartition(":")
    my_host, _, my_pid = me.rpartition(":")
    if host != my_host:
        return False
    if not pid.isdigit() or pid == my_pid:
        return True
    return not _alive(int(pid))


#: The runners of this process (an application per test shares one process).
_RUNNERS: weakref.WeakSet[JobRunner] = weakref.WeakSet()


def _running_here(job_id: str) -> bool:
    return any(runner.has(job_id) for runner in list(_RUNNERS))


def _default_problem(error: AccordError) -> dict[str, Any]:
    return {"code": str(error.code), "detail": error.message, "hint": error.hint}


class JobRunner:
    """Runs job functions on a thread pool and records their state in the database."""

    def __init__(self, db: Database, *, render_problem: RenderProblem = _default_problem,
                 workers: int = 2) -> None:
        self.db = db
        self.runner = this_runner()
        self._render = render_problem
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="accord-job")
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()
        self._closed = False
        _RUNNERS.add(self)

    # --- submitting and reading ---------------------------------------------

    def submit(self, job_type: str, owner: str, work: Work, *, total: int | None = None) -> Job:
        """Record a queued job and start ``work`` on the pool; returns the job row."""
        self._refuse_when_closed()
        row = Job(id=new_job_id(), type=job_type, status=QUEUED, owner=owner,
                  runner=self.runner, created_at=datetime.now(UTC),
                  progress={"done": 0, "total": total} if total is not None else None)
        with self.db.write() as session:
            session.add(row)
        with self._lock:
            if self._closed:  # shut down meanwhile
                self._finish(row.id, FAILED, problem=self._interrupted())
                self._refuse_when_closed()
            future = self._pool.submit(self._run, row.id, work)
            self._futures[row.id] = future
        job_id = row.id
        future.add_done_callback(lambda _future: self._forget(job_id))
        return row

    def _refuse_when_closed(self) -> None:
        if self._closed:
            raise AccordError(ErrorCode.JOB_INTERRUPTED, "the hub is shutting down",
                              hint="retry in a moment (another replica may take it)")

    def get(self, job_id: str) -> Job | None:
        with self.db.read() as session:
            return session.get(Job, job_id)

    def has(self, job_id: str) -> bool:
        """Whether this runner still has the job queued or running."""
        with self._lock:
            return job_id in self._futures

    def wait(self, job_id: str, timeout: float | None = None) -> bool:
        """Wait for a job this runner runs; False when it is still unfinished."""
        with self._lock:
            future = self._futures.get(job_id)
        if future is None:
            return True
        done, _ = wait([future], timeout)
        return bool(done)

    def _forget(self, job_id: str) -> None:
        with self._lock:
            self._futures.pop(job_id, None)

    # --- running ----------------------------------------------------------------

    def _update(self, job_id: str, **values: Any) -> None:
        with self.db.write() as session:
            row = session.get(Job, job_id)
            if row is None:
                return
            for key, value in values.items():
                setattr(row, key, value)

    def _run(self, job_id: str, work: Work) -> None:
        try:
            self._update(job_id, status=RUNNING)

            def progress(done: int, total: int) -> None:
                self._update(job_id, progress={"done": done, "total": total})

            try:
                result = work(progress)
            except AccordError as exc:
                self._finish(job_id, FAILED, problem=self._render(exc))
            except Exception as exc:  # a job's bug fails that job, nothing else
                self._finish(job_id, FAILED, problem=self._render(_internal(exc, job_id)))
            else:
                self._finish(job_id, SUCCEEDED, result=result)
        except Exception as exc:  # the database failed us: the row stays unfinished
            _internal(exc, job_id)

    def _finish(self, job_id: str, status: str, *, result: dict[str, Any] | None = None,
                problem: dict[str, Any] | None = None) -> None:
        self._update(job_id, status=status, result=result, problem=problem,
                     finished_at=datetime.now(UTC))

    # --- leftovers and shutdown ---------------------------------------------------

    def _interrupted(self) -> dict[str, Any]:
        return self._render(AccordError(
            ErrorCode.JOB_INTERRUPTED, "the hub stopped before the job finished",
            hint="submit it again: items that completed before the stop are kept and "
            "repeat as no-ops"))

    def mark_interrupted(self) -> list[str]:
        """Fail the unfinished jobs that stopped processes left (see the module doc);
        returns their ids."""
        with self.db.write() as session:
            rows = [row for row in session.scalars(select(Job).where(Job.status.in_(UNFINISHED)))
                    if orphaned(row.runner, self.runner) and not _running_here(row.id)]
            problem = self._interrupted() if rows else None
            for row in rows:
                row.status, row.problem, row.finished_at = FAILED, problem, datetime.now(UTC)
        if rows:
            logger.warning("%d job(s) left unfinished by a stopped hub marked failed", len(rows))
        return [row.id for row in rows]

    def shutdown(self, timeout: float = SHUTDOWN_TIMEOUT) -> None:
        """Stop taking jobs, fail the queued ones, wait up to ``timeout`` seconds for
        the running ones. Jobs still running then are failed by the next start."""
        with self._lock:
            self._closed = True
            pending = dict(self._futures)
        cancelled = [job_id for job_id, future in pending.items() if future.cancel()]
        if cancelled:
            problem = self._interrupted()
            for job_id in cancelled:
                self._finish(job_id, FAILED, problem=problem)
        running = [f for f in pending.values() if not f.cancelled()]
        _, late = wait(running, timeout) if running else (set(), set())
        if late:
            logger.warning("%d job(s) still running at shutdown", len(late))
        self._pool.shutdown(wait=False, cancel_futures=True)


def raised_at(exc: BaseException) -> str:
    """`` at file.py:123`` where ``exc`` was raised: what a log line may say of an
    unexpected error (its message may quote SQL parameters or document content,
    and a traceback belongs to no log line)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""


def _internal(exc: Exception, job_id: str) -> AccordError:
    logger.error("job %s failed: unexpected %s%s", job_id, type(exc).__name__, raised_at(exc))
    return AccordError(ErrorCode.INTERNAL, "an unexpected error stopped the job",
                       hint="submit it again, and quote the job id if you report it")
