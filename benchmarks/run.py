"""Time accord (and, with ``--with-peers``, its peers) on real OpenAPI contracts.

    python benchmarks/run.py [--only NAME] [--repeat N] [--format text|json]
                             [--check] [--with-peers] [--accord CMD]

Each case runs as its own process: one warm-up run, then ``--repeat`` measured
runs. Wall time is taken around the whole process; peak memory is the child's
``ru_maxrss`` as returned by ``os.wait4`` for that one process. The hub cases
(``benchmarks/hub.py``) start a server and report what they measured of it (a
p95 latency, one publish's duration, the server's peak memory) instead. Benchmarks
report, they do not test: the exit status is 0 unless ``--check`` is given and
an accord case missed its goal or failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Literal

from rich.console import Console
from rich.table import Table

from cases import CASES, Case, Context, Setup

STDERR_TAIL_LINES = 20
PIPED_WIDTH = 160
MESSAGE_CHARS = 90


@dataclass(frozen=True)
class Run:
    """One finished process."""

    seconds: float
    peak_kib: int
    exit_code: int
    timed_out: bool
    stdout: bytes
    stderr: bytes


#: pass/FAIL: judged against the goals; measured: ran fine, has no goal (peers);
#: error: the tool failed or its setup did; n/a: cannot run on this machine.
Status = Literal["pass", "FAIL", "error", "n/a", "measured"]


@dataclass
class Result:
    case: Case
    status: Status = "n/a"
    seconds: list[float] = field(default_factory=list)
    peak_kib: int = 0
    exit_code: int | None = None
    note: str = ""
    stderr: str = ""
    #: The relative goal's bound in seconds, once the peer has been measured.
    peer_goal: float | None = None

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.seconds) if self.seconds else None

    @property
    def best(self) -> float | None:
        return min(self.seconds) if self.seconds else None

    @property
    def peak_mb(self) -> float | None:
        return self.peak_kib / 1024 if self.seconds else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case.name,
            "tool": self.case.tool,
            "status": self.status,
            "runs": len(self.seconds),
            "seconds": [round(s, 4) for s in self.seconds],
            "mean_seconds": _round(self.mean),
            "min_seconds": _round(self.best),
            "peak_mb": _round(self.peak_mb, 1),
            "goal_seconds": self.case.goal_seconds,
            "goal_mb": self.case.goal_mb,
            "metric": self.case.metric or "wall time",
            "peer_goal_seconds": _round(self.peer_goal),
            "exit_code": self.exit_code,
            "note": self.note,
            "stderr": self.stderr,
        }


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _environment(extra: Mapping[str, str]) -> dict[str, str]:
    """This process's environment with ``extra``, bytecode caching on: an installed
    accord has its modules compiled (pip does it for a wheel; an editable install
    writes them on first import), so a shell's PYTHONDONTWRITEBYTECODE would time
    compiling every module from source on every run instead."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


def measure(argv: Sequence[str], env: Mapping[str, str], timeout: float) -> Run:
    """Run ``argv`` to completion; its wall time and its own peak RSS (``ru_maxrss``, KiB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        expired = threading.Event()
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=_environment(env),
            start_new_session=True,
        )

        def kill() -> None:
            expired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        return Run(
            seconds, usage.ru_maxrss, proc.returncode, expired.is_set(), _read(out), _read(err)
        )


def _read(stream: IO[bytes]) -> bytes:
    stream.seek(0)
    return stream.read()


def _failure(case: Case, run: Run) -> str | None:
    if run.timed_out:
        return f"timed out after {case.timeout_seconds:.0f} s"
    if run.exit_code < 0:
        return f"killed by {_signal_name(-run.exit_code)}: {_message(run.stderr)}"
    if run.exit_code not in case.ok_codes:
        return f"exit {run.exit_code}: {_message(run.stderr)}"
    if case.needs_output and not run.stdout.strip():
        return f"exit {run.exit_code}, no output: {_message(run.stderr)}"
    return case.validate(run.stdout) if case.validate else None


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


_ERROR_WORDS = ("error", "fatal", "exceeded", "exception")


def _message(stderr: bytes) -> str:
    """The line of stderr that most likely says what went wrong."""
    lines = [line.strip() for line in stderr.decode(errors="replace").splitlines()]
    lines = [line for line in lines if line]
    telling = [line for line in lines if any(w in line.lower() for w in _ERROR_WORDS)]
    message = (telling or lines or ["no message on stderr"])[0]
    return message if len(message) <= MESSAGE_CHARS else message[: MESSAGE_CHARS - 1] + "…"


def _in_child(setup: Setup, ctx: Context) -> str | None:
    """Run ``setup`` in a forked child; why it failed, or None. Setups load large
    documents, and a process forked later (each measured command) starts with its
    parent's memory high-water mark, which Linux keeps across exec: a setup run here
    would inflate every later case's peak memory."""
    if not hasattr(os, "fork"):
        try:
            setup(ctx)
        except Exception as exc:
            return str(exc) or type(exc).__name__
        return None
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        code = 0
        try:
            setup(ctx)
        except BaseException as exc:
            os.write(write, (str(exc) or type(exc).__name__).encode()[:4000])
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        said = pipe.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    return None if os.waitstatus_to_exitcode(status) == 0 else (said or "setup failed")


class Runner:
    def __init__(self, ctx: Context, repeat: int, log: Console) -> None:
        self.ctx = ctx
        self.repeat = repeat
        self.log = log
        self._setups: dict[Setup, str | None] = {}

    def _setup(self, setup: Setup) -> str | None:
        if setup not in self._setups:
            name = getattr(setup, "__name__", "setup")
            self.log.print(f"[dim]setup: {name}…[/]")
            started = time.perf_counter()
            failure = _in_child(setup, self.ctx)
            if failure is not None:  # a broken setup skips its cases; the others still run
                self._setups[setup] = f"setup failed: {failure}"
            else:
                self._setups[setup] = None
                self.log.print(
                    f"[dim]setup: {name} done in {time.perf_counter() - started:.1f} s[/]"
                )
        return self._setups[setup]

    def run(self, case: Case) -> Result:
        result = Result(case)
        reason = case.available(self.ctx) if case.available else None
        if reason is None and case.setup is not None:
            reason = self._setup(case.setup)
            if reason is not None:
                result.status = "error"
        if reason is not None:
            result.note = reason
            return result
        argv = case.argv(self.ctx)
        runs = case.runs if case.runs is not None else self.repeat
        label = f"{case.name} · {case.tool}"
        if case.warmup:
            self.log.print(f"[dim]{label}: warm-up…[/]")
            warm = measure(argv, case.env, case.timeout_seconds)
            failure = _failure(case, warm)
            if failure is not None:
                return _failed(result, warm, failure)
        for n in range(1, runs + 1):
            self.log.print(f"[dim]{label}: run {n}/{runs}…[/]")
            run = measure(argv, case.env, case.timeout_seconds)
            result.exit_code = run.exit_code
            failure = _failure(case, run)
            if failure is not None:
                return _failed(result, run, failure)
            if case.reading is not None:
                # The command measured a server: its own wall time and memory are not the point.
                reading = case.reading(run.stdout)
                result.seconds.append(reading.seconds)
                result.peak_kib = max(result.peak_kib, reading.peak_kib)
                result.note = reading.note
                continue
            result.seconds.append(run.seconds)
            result.peak_kib = max(result.peak_kib, run.peak_kib)
            if n == runs and case.summarize is not None:
                result.note = case.summarize(run.stdout)
        result.status = _judge(result)
        return result


def _failed(result: Result, run: Run, failure: str) -> Result:
    result.status, result.note = "error", failure
    result.exit_code = run.exit_code
    lines = run.stderr.decode(errors="replace").rstrip().splitlines()
    result.stderr = "\n".join(lines[-STDERR_TAIL_LINES:])
    return result


def _judge(result: Result) -> Status:
    goal_s, goal_mb = result.case.goal_seconds, result.case.goal_mb
    if goal_s is None and goal_mb is None:
        return "measured"
    if result.peer_goal is not None:
        goal_s = result.peer_goal
    slow = goal_s is not None and (result.mean or 0.0) > goal_s
    big = goal_mb is not None and (result.peak_mb or 0.0) > goal_mb
    return "FAIL" if slow or big else "pass"


def judge_against_peers(results: Sequence[Result]) -> None:
    """Apply each relative goal whose peer ran in this run, and judge again."""
    for result in results:
        if result.case.vs_peer is None or result.status not in {"pass", "FAIL"}:
            continue
        prefix, share = result.case.vs_peer
        peers = [r for r in results if r.case.name == result.case.name and r.case.peer
                 and r.case.tool.startswith(prefix) and r.status == "measured" and r.mean]
        if peers:
            result.peer_goal = share * (peers[0].mean or 0.0)
            result.status = _judge(result)


def _goal(result: Result) -> str:
    case = result.case
    parts = []
    if result.peer_goal is not None and case.vs_peer is not None:
        parts.append(f"≤ {result.peer_goal:.2f} s ({case.vs_peer[1]:.0%} of {case.vs_peer[0]})")
    elif case.goal_seconds is not None:
        metric = f"{case.metric} " if case.metric else ""
        parts.append(f"{metric}≤ {_duration(case.goal_seconds, case.unit, 'g')}")
    if case.goal_mb is not None:
        parts.append(f"≤ {case.goal_mb:g} MB")
    return ", ".join(parts) or "—"


_STYLES = {"pass": "green", "FAIL": "bold red", "error": "red", "measured": "cyan", "n/a": "dim"}


def _cell(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def _duration(seconds: float, unit: str, spec: str = ".2f") -> str:
    if unit == "ms":
        return f"{format(seconds * 1000, '.1f' if spec == '.2f' else spec)} ms"
    return f"{format(seconds, spec)} s"


def _time_cell(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return format(value, ".2f") if unit == "s" else _duration(value, unit)


def render_table(results: Sequence[Result], console: Console) -> None:
    table = Table(title="accord benchmarks", caption=_machine())
    for column in ("case", "tool"):
        table.add_column(column, no_wrap=True)
    for column in ("runs", "mean s", "min s", "peak MB"):
        table.add_column(column, justify="right", no_wrap=True)
    for column in ("goal", "result"):
        table.add_column(column, no_wrap=True)
    table.add_column("note")
    for r in results:
        style = _STYLES.get(r.status, "")
        table.add_row(
            r.case.name,
            r.case.tool,
            str(len(r.seconds)),
            _time_cell(r.mean, r.case.unit),
            _time_cell(r.best, r.case.unit),
            _cell(r.peak_mb, ".0f"),
            _goal(r),
            f"[{style}]{r.status}[/]",
            r.note,
        )
    console.print(table)
    # Peers' failures are summed up in their note; accord's deserve the whole story.
    for r in results:
        if r.stderr and not r.case.peer:
            console.print(f"\n[bold]{r.case.name} · {r.case.tool}[/] stderr (last lines):")
            console.print(r.stderr, markup=False, highlight=False)


def _machine() -> str:
    return (
        f"{os.cpu_count()} cores · Python {platform.python_version()} · "
        f"{platform.system()} {platform.machine()} · accord: after a warm-up (hub: a fresh "
        "server per run); peers: one run"
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    names = sorted({case.name for case in CASES})
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--only",
        action="append",
        choices=names,
        metavar="NAME",
        help=f"run only this case (repeatable): {', '.join(names)}",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="N",
        help="measured runs per accord case, after one warm-up (default 3)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when an accord case misses its goal or fails"
    )
    parser.add_argument(
        "--with-peers",
        action="store_true",
        help="also time peer tools (installs them with npm into benchmarks/.peers)",
    )
    parser.add_argument(
        "--accord",
        metavar="CMD",
        help="the accord command to time, shell-quoted (default: this interpreter's accord script)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    ctx = Context(accord=tuple(shlex.split(args.accord)) if args.accord else ())
    selected = [
        case
        for case in CASES
        if (args.only is None or case.name in args.only) and (args.with_peers or not case.peer)
    ]
    runner = Runner(ctx, args.repeat, Console(stderr=True))
    results = [runner.run(case) for case in selected]
    judge_against_peers(results)
    if args.format == "json":
        json.dump([r.to_dict() for r in results], sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        # Piped or redirected: wide enough that the table does not wrap.
        render_table(results, Console(width=None if sys.stdout.isatty() else PIPED_WIDTH))
    missed = any(r.status in {"FAIL", "error"} for r in results if not r.case.peer)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
