"""The hub's cases: ``accord serve`` under read load, and a publish against a long history.

    python benchmarks/hub.py read --template DB [--clients 50] [--seconds 10] [--rate N]
                                  [--open-rate N] [--only KIND] [--workers N] [--accord CMD]
    python benchmarks/hub.py publish --template DB --document FILE [--workers N]
                                     [--accord CMD]

``run.py`` runs these as the commands of the ``hub-read`` and ``hub-publish``
cases; their set-up steps (:func:`prepare_read`, :func:`prepare_publish`) seed
a template database through the API first. Each command copies its template
into a temporary directory, starts ``accord serve`` on a free port against it,
measures, stops the server and prints one JSON report on stdout: the judged
number (``seconds``), the server's peak resident memory and the details.
Rate limiting is switched off (``ACCORD_RATE_LIMIT=off``); a 429 fails the run.
``read`` also says what ran (workers, event loop, HTTP parser, read from the
server's processes), the CPU the server, the load generator and the rest of
the machine used, and after the judged closed loop an open loop at
``--open-rate`` requests a second (``open_loop``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import random
import resource
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from cases import Context

BENCH_DIR = Path(__file__).resolve().parent
EXAMPLES = BENCH_DIR.parent / "examples" / "openapi"

#: Fixed, so a cached template database keeps accepting it (it is stored hashed).
ADMIN_TOKEN = "accord-benchmark-admin-0123456789abcdef"
SERVER_ENV = {"ACCORD_ADMIN_TOKEN": ADMIN_TOKEN, "ACCORD_RATE_LIMIT": "off"}
START_TIMEOUT = 120.0

#: Bump when the seeded data or the generated documents change.
SEED_VERSION = 1
TEAMS = 8
PARTICIPANTS_PER_TEAM = 5
INTERFACES = 200
ORDERS = ("orders-v1.yaml", "orders-v1.1.yaml", "orders-v1.2.yaml")
PUBLISH_VERSIONS = 21  # 20 stored, the 21st measured
#: The open loop measured after the judged closed loop of hub-read (requests a second).
OPEN_RATE = 1000.0


# --- the server -------------------------------------------------------------------


def accord_command(text: str | None) -> list[str]:
    if text:
        return shlex.split(text)
    script = Path(sys.executable).parent / "accord"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "accord"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A running ``accord serve``."""

    proc: subprocess.Popen[bytes]
    url: str
    log: Path

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server's processes so far (Linux): with
        ``--workers`` the workers serve, and with large checks the diff workers work."""
        ticks = 0
        for pid in _family(self.proc.pid):
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def peak_kib(self, *, children: bool = False) -> int:
        """The peak resident set (``VmHWM``, KiB) of the server process, or the
        largest among its descendants (``--workers``, diff workers)."""
        family = _family(self.proc.pid) - {self.proc.pid} if children else {self.proc.pid}
        return max((_peak_kib(pid) for pid in family), default=0)


def _peak_kib(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _family(pid: int) -> set[int]:
    """``pid`` and its descendants."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    family, todo = set(), [pid]
    while todo:
        current = todo.pop()
        family.add(current)
        todo += children.get(current, [])
    return family


@contextlib.contextmanager
def serve(accord: Sequence[str], database: Path, *, workers: int | None = None
          ) -> Iterator[Server]:
    """``accord serve`` on a free port against the SQLite file ``database``."""
    port = free_port()
    argv = [*accord, "serve", "--host", "127.0.0.1", "--port", str(port),
            "--database-url", f"sqlite:///{database}"]
    if workers is not None:
        argv += ["--workers", str(workers)]
    log = database.with_suffix(".log")
    with log.open("wb") as err:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=err, stderr=err,
                                env={**os.environ, **SERVER_ENV}, start_new_session=True)
    server = Server(proc, f"http://127.0.0.1:{port}", log)
    try:
        _wait_ready(server)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            tail = server.log.read_text(errors="replace").strip().splitlines()[-5:]
            raise RuntimeError(f"accord serve exited with {server.proc.returncode}: "
                               + " | ".join(tail))
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{server.url}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"accord serve did not answer /health within {START_TIMEOUT:.0f} s")


def _check(response: httpx.Response, *expected: int) -> httpx.Response:
    if response.status_code not in expected:
        raise RuntimeError(f"{response.request.method} {response.request.url.path}: "
                           f"{response.status_code} {response.text[:300]}")
    return response


def snapshot(database: Path, target: Path) -> None:
    """A consistent single-file copy of a SQLite database (WAL folded in)."""
    target.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(database)) as src, \
            contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _stamp_ok(folder: Path, stamp: dict[str, Any], *files: Path) -> bool:
    path = folder / "stamp.json"
    return (path.is_file() and json.loads(path.read_text()) == stamp
            and all(f.is_file() for f in files))


def _write_stamp(folder: Path, stamp: dict[str, Any]) -> None:
    (folder / "stamp.json").write_text(json.dumps(stamp, indent=2) + "\n")


# --- hub-read: seeding --------------------------------------------------------------


def _seed_registry(client: httpx.Client) -> None:
    """Teams, their applications, 200 interfaces with 1-3 versions each."""
    teams = [f"team-{t:02d}" for t in range(1, TEAMS + 1)]
    for team in teams:
        _check(client.post("/v1/teams", json={
            "id": team, "name": f"Team {team[-2:]}", "description": "Seeded by the benchmark.",
            "contact": {"email": f"{team}@example.com"}}), 201)
        for p in range(1, PARTICIPANTS_PER_TEAM + 1):
            _check(client.post("/v1/participants", json={
                "id": f"{team}-app-{p}", "team": team,
                "repository": f"https://git.example.com/{team}/app-{p}"}), 201)
    documents = [(name, (EXAMPLES / name).read_text()) for name in ORDERS]
    for i in range(1, INTERFACES + 1):
        team = teams[i % TEAMS]
        consumers = [f"{teams[(i + k) % TEAMS]}-app-{1 + (i + k) % PARTICIPANTS_PER_TEAM}"
                     for k in (1, 2, 3)]
        created = _check(client.post("/v1/interfaces", json={
            "name": f"orders-{i:03d}", "kind": "openapi", "team": team,
            "title": f"Orders API {i}", "description": "The orders of one market.",
            "provider": f"{team}-app-1", "consumers": consumers,
            "sla": {"latency_ms": {"p95": 200}, "uptime": 99.9},
            "auth": {"method": "bearer", "scopes": ["orders:read"]},
            "support": {"email": f"{team}@example.com"}}), 201).json()
        for n, (name, text) in enumerate(documents[: 1 + i % len(documents)]):
            # orders-v1.2 breaks 1.1: an admin forces it through as 2.0.0.
            extra = {"version": "2.0.0", "force_reason": "seeded"} if n == 2 else {}
            _check(client.post(f"/v1/interfaces/{created['id']}/versions",
                               json={"document": text, "filename": name, **extra}, timeout=60),
                   201)


def prepare_read(ctx: Context) -> None:
    """Seed the template database of ``hub-read`` through the API (about 10-20 s)."""
    folder = ctx.cache / "hub-read"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as temp:
        database = Path(temp) / "hub.db"
        with serve(ctx.accord_argv(), database) as server, httpx.Client(
                base_url=server.url, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                timeout=30) as client:
            _seed_registry(client)
        token = json.loads(subprocess.run(
            [*ctx.accord_argv(), "token", "create", "--team", "team-01", "--scopes", "read",
             "--name", "benchmark reader", "--database-url", f"sqlite:///{database}",
             "--format", "json"], capture_output=True, check=True).stdout)["token"]
        snapshot(database, folder / "template.db")
    (folder / "reader.token").write_text(token + "\n")


def read_template(ctx: Context) -> Path:
    return ctx.cache / "hub-read" / "template.db"


# --- hub-read: the load -------------------------------------------------------------


@dataclass
class Sample:
    started: float
    seconds: float
    status: int
    #: Which request of the mix: "list", "get" or "versions".
    kind: str


def _kind_of(path: str) -> str:
    if path.endswith("/versions"):
        return "versions"
    return "list" if "?" in path else "get"


async def _client_loop(host: str, port: int, requests: Sequence[tuple[bytes, str]], seed: int,
                       stop: float, out: list[Sample], rate: float | None) -> None:
    """One client: one keep-alive connection, one request at a time. With a ``rate``
    its requests are due at random moments, and latency counts from that moment
    (a request due while the last one is still out waits, and that wait counts)."""
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection(host, port)
    due = time.perf_counter()
    try:
        while True:
            if rate:
                due += rng.expovariate(rate)
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                started = due
            else:
                started = time.perf_counter()
            if started >= stop:
                break
            request, kind = rng.choice(requests)
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = None
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length is None and status != 304:
                raise RuntimeError(f"a response without Content-Length: {head[:200]!r}")
            if length:
                await reader.readexactly(length)
            out.append(Sample(started, time.perf_counter() - started, status, kind))
    finally:
        writer.close()


async def _drive(url: str, token: str, paths: Sequence[str], clients: int,
                 stop: float, rate: float | None = None) -> list[Sample]:
    """``clients`` connections until ``stop``, each sending its next request as soon
    as its last one is answered (``rate`` None), or together ``rate`` requests a
    second at random (Poisson) moments. A minimal HTTP/1.1 client: a
    general-purpose one costs more CPU per request than the server."""
    address = httpx.URL(url)
    host, port = address.host, address.port or 80
    requests = [((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                  f"Authorization: Bearer {token}\r\nAccept: application/json\r\n\r\n"
                  ).encode(), _kind_of(path)) for path in paths]
    samples: list[Sample] = []
    await asyncio.gather(*(_client_loop(host, port, requests, n, stop, samples,
                                        rate / clients if rate else None)
                           for n in range(clients)))
    return samples


def _percentile(sorted_values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile."""
    rank = max(1, round(share * len(sorted_values) + 0.5))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _read_paths(url: str, token: str, only: Sequence[str] | None = None) -> list[str]:
    """The request mix: a third each of the list, one interface, its versions (or
    those of ``only``)."""
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        ids: list[str] = []
        after = None
        while True:
            page = _check(client.get("/v1/interfaces", params={
                "limit": 200, **({"after": after} if after else {})}), 200).json()
            ids += [row["id"] for row in page["data"]]
            after = page["page"]["next_cursor"]
            if not after:
                break
    paths = ["/v1/interfaces?limit=50"] * len(ids)
    paths += [f"/v1/interfaces/{i}" for i in ids]
    paths += [f"/v1/interfaces/{i}/versions" for i in ids]
    return [path for path in paths if not only or _kind_of(path) in only]


def _machine_busy() -> float:
    """CPU seconds all processes of the machine have used so far (``/proc/stat``)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _loaded(server: Server, name: str) -> bool:
    """Whether a process of the server has the extension module ``name`` loaded."""
    for pid in _family(server.proc.pid):
        with contextlib.suppress(OSError):
            if f"/{name}/" in Path(f"/proc/{pid}/maps").read_text():
                return True
    return False


def _setup(server: Server, workers: int | None) -> dict[str, Any]:
    """What ran: read from the server's processes, not assumed."""
    return {"workers": workers or 1,
            "event_loop": "uvloop" if _loaded(server, "uvloop") else "asyncio",
            "http": "httptools" if _loaded(server, "httptools") else "h11",
            "rate_limit": SERVER_ENV["ACCORD_RATE_LIMIT"],
            "access_log": "one JSON line per request, to a file"}


def _phase(server: Server, token: str, paths: Sequence[str], clients: int, seconds: float,
           warmup: float, rate: float | None) -> dict[str, Any]:
    """One load: ``warmup`` seconds, then ``seconds`` measured, closed loop (``rate``
    None) or open loop at ``rate`` requests a second."""
    measure_from = time.perf_counter() + warmup
    stop = measure_from + seconds
    before: tuple[float, float, float] | None = None

    async def drive() -> list[Sample]:
        nonlocal before
        task = asyncio.ensure_future(_drive(server.url, token, paths, clients, stop, rate))
        await asyncio.sleep(max(0.0, measure_from - time.perf_counter()))
        before = server.cpu_seconds(), _self_cpu(), _machine_busy()
        return await task

    samples = asyncio.run(drive())
    window = time.perf_counter() - measure_from
    assert before is not None
    server_cpu = server.cpu_seconds() - before[0]
    client_cpu = _self_cpu() - before[1]
    other_cpu = max(0.0, _machine_busy() - before[2] - server_cpu - client_cpu)
    measured = [s for s in samples if s.started >= measure_from]
    latencies = sorted(s.seconds for s in measured)
    statuses: dict[str, int] = {}
    for s in measured:
        statuses[str(s.status)] = statuses.get(str(s.status), 0) + 1
    p50, p95, p99 = (_percentile(latencies, q) for q in (0.50, 0.95, 0.99))
    by_kind = {kind: _percentile(sorted(s.seconds for s in measured if s.kind == kind), 0.95)
               for kind in sorted({s.kind for s in measured})}
    return {
        "load": "closed loop" if rate is None else "open loop", "rate": rate,
        "p50": p50, "p95": p95, "p99": p99, "max": latencies[-1], "p95_by_request": by_kind,
        "requests": len(measured), "throughput": len(measured) / seconds,
        "statuses": statuses, "errors": sum(n for code, n in statuses.items() if code != "200"),
        # In cores (1.0: one core busy the whole window); "other": the rest of the machine.
        "server_cpu": round(server_cpu / window, 3), "client_cpu": round(client_cpu / window, 3),
        "other_cpu": round(other_cpu / window, 3),
        "server_cpu_ms_per_request": round(server_cpu * 1000 / max(1, len(measured)), 3),
    }


def run_read(args: argparse.Namespace) -> dict[str, Any]:
    token = (Path(args.template).parent / "reader.token").read_text().strip()
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as temp:
        database = Path(temp) / "hub.db"
        shutil.copyfile(args.template, database)
        with serve(accord_command(args.accord), database, workers=args.workers) as server:
            paths = _read_paths(server.url, token, args.only)
            setup = _setup(server, args.workers)
            judged = _phase(server, token, paths, args.clients, args.seconds, args.warmup,
                            args.rate)
            open_loop = None
            if args.rate is None and args.open_rate:
                open_loop = _phase(server, token, paths, args.clients, args.seconds,
                                   min(args.warmup, 1.0), args.open_rate)
                if open_loop["errors"]:  # the judged loop's show in its own statuses
                    raise RuntimeError(f"the open loop got answers {open_loop['statuses']}")
            peak = max(server.peak_kib(), server.peak_kib(children=True))
    return {
        "case": "hub-read", "seconds": judged["p95"], **judged, "open_loop": open_loop,
        "clients": args.clients, "measured_seconds": args.seconds, "warmup_seconds": args.warmup,
        "mix": args.only or ["list", "get", "versions"], "peak_kib": peak, **setup,
    }


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- hub-publish ------------------------------------------------------------------


def _lint_clean(doc: dict[str, Any]) -> None:
    """Drop what accord's recommended ruleset refuses in Stripe's own spec: request
    bodies on DELETE and credentials in query parameters."""
    for item in doc["paths"].values():
        item.get("delete", {}).pop("requestBody", None)
        for op in item.values():
            if isinstance(op, dict) and "parameters" in op:
                op["parameters"] = [p for p in op["parameters"]
                                    if not (p.get("in") == "query"
                                            and p.get("name") == "client_secret")]


def publish_documents(ctx: Context) -> list[Path]:
    return [ctx.cache / "hub-publish" / f"stripe-1.{i}.0.json"
            for i in range(1, PUBLISH_VERSIONS + 1)]


def publish_template(ctx: Context) -> Path:
    return ctx.cache / "hub-publish" / "template.db"


def prepare_publish(ctx: Context) -> None:
    """Generate the 21 versions (once), and a template database holding the first 20,
    published one by one through the API (once; a few minutes)."""
    from cases import GENERATOR_VERSION, _apply_step, _dump, _load

    source = ctx.spec("stripe-v100.json")
    if not source.is_file():
        raise RuntimeError(f"missing corpus file {source}")
    folder = ctx.cache / "hub-publish"
    folder.mkdir(parents=True, exist_ok=True)
    paths = publish_documents(ctx)
    stamp: dict[str, Any] = {
        "seed": SEED_VERSION, "generator": GENERATOR_VERSION,
        "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest()}
    if not _stamp_ok(folder, {**stamp, "template": True}, *paths, publish_template(ctx)):
        if not _stamp_ok(folder, stamp, *paths):
            doc = _load(source)
            _lint_clean(doc)
            base_schemas = sorted(
                name for name, schema in doc["components"]["schemas"].items()
                if schema.get("type") == "object" and "properties" in schema
                and name != "error")
            for i, path in enumerate(paths, start=1):
                _apply_step(doc, i, base_schemas)
                doc["info"]["version"] = f"1.{i}.0"
                path.write_bytes(_dump(doc))
            _write_stamp(folder, stamp)
        _seed_history(ctx, paths[:-1])
        _write_stamp(folder, {**stamp, "template": True})


def _seed_history(ctx: Context, paths: Sequence[Path]) -> None:
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as temp:
        database = Path(temp) / "hub.db"
        with serve(ctx.accord_argv(), database) as server, httpx.Client(
                base_url=server.url, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                timeout=600) as client:
            _check(client.post("/v1/teams", json={"id": "payments"}), 201)
            _check(client.post("/v1/interfaces", json={
                "name": "stripe", "kind": "openapi", "team": "payments",
                "compatibility": "BACKWARD_TRANSITIVE"}), 201)
            for n, path in enumerate(paths, start=1):
                if sys.stderr.isatty():
                    print(f"  seeding version {n}/{len(paths)}", file=sys.stderr, flush=True)
                _check(client.post("/v1/interfaces/stripe/versions", json={
                    "document": path.read_text(), "filename": "stripe.json"}), 201)
        snapshot(database, publish_template(ctx))


def _finished(client: httpx.Client, response: httpx.Response) -> httpx.Response:
    """The publish's own response, or, when it was accepted as a job (202), the
    job's, once it has finished."""
    if response.status_code != 202:
        return response
    location = response.headers["Location"]
    while True:
        job = _check(client.get(location), 200)
        if job.json()["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.02)


def run_publish(args: argparse.Namespace) -> dict[str, Any]:
    body = json.dumps({"document": Path(args.document).read_text(),
                       "filename": "stripe.json"}).encode()
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as temp:
        database = Path(temp) / "hub.db"
        shutil.copyfile(args.template, database)
        with serve(accord_command(args.accord), database, workers=args.workers) as server, \
                httpx.Client(base_url=server.url, timeout=600,
                             headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
            history = _check(client.get("/v1/interfaces/stripe/versions",
                                        params={"limit": 200}), 200).json()["data"]
            started = time.perf_counter()
            response = client.post("/v1/interfaces/stripe/versions", content=body,
                                   headers={"Content-Type": "application/json"})
            accepted = response.status_code == 202
            response = _finished(client, response)
            seconds = time.perf_counter() - started
            _check(response, 200, 201)
            stored = response.json()
            if accepted:
                stored = stored.get("result") or {}
            peak = server.peak_kib()
            workers_peak = server.peak_kib(children=True)
    compat = stored.get("compatibility") or {}
    return {
        "case": "hub-publish", "seconds": seconds, "stored_versions": len(history),
        "document_bytes": Path(args.document).stat().st_size, "request_bytes": len(body),
        "version": stored.get("version"), "checks": len(compat.get("checks", [])),
        "mode": compat.get("mode"), "as_job": accepted,
        "workers": args.workers or 1, "peak_kib": peak, "diff_workers_peak_kib": workers_peak,
    }


# --- command line -----------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    read = sub.add_parser("read", help="50 clients reading for 10 s; p95 latency")
    read.add_argument("--template", required=True, help="the seeded database to copy")
    read.add_argument("--clients", type=int, default=50)
    read.add_argument("--seconds", type=float, default=10.0)
    read.add_argument("--warmup", type=float, default=2.0)
    read.add_argument("--rate", type=float, metavar="N",
                      help="offer N requests a second in all (Poisson) instead of sending "
                      "each client's next request at once; not the judged case")
    read.add_argument("--open-rate", type=float, metavar="N", default=OPEN_RATE,
                      help="after the judged closed loop, measure an open loop at N "
                      f"requests a second too (default {OPEN_RATE:.0f}; 0: skip it)")
    read.add_argument("--only", action="append", choices=("list", "get", "versions"),
                      help="send only this request of the mix (repeatable)")
    publish = sub.add_parser("publish", help="time one publish against the stored history")
    publish.add_argument("--template", required=True, help="the seeded database to copy")
    publish.add_argument("--document", required=True, help="the document to publish")
    for command in (read, publish):
        command.add_argument("--accord", help="the accord command, shell-quoted")
        command.add_argument("--workers", type=int, help="accord serve --workers")
    args = parser.parse_args(argv)
    report = run_read(args) if args.command == "read" else run_publish(args)
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
