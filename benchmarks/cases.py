"""The benchmark cases, as data, and the setup steps they need.

A case is one command timed as a whole process: its argv is built from a
:class:`Context`, its setup (generating inputs, installing a peer tool) runs
once before it is timed, and its goals come from the project's performance
issue. Peer tools appear as cases of their own, next to accord's, on the same
inputs; they have no goals and are only timed when ``--with-peers`` is given.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import events
import graphql_diff
import hub
import protobuf

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
CORPORA = PROJECT_DIR.parent / "shared" / "corpora" / "openapi"

#: Bump when the generated history changes, so stale caches are rebuilt.
GENERATOR_VERSION = 1
TRANSITIVE_VERSIONS = 21

#: Peer tools installed from npm by ``--with-peers``, exact versions.
PEER_PACKAGES: Mapping[str, str] = {
    "openapi-diff": "0.24.1",
    "@useoptic/optic": "1.0.9",
    "@stoplight/spectral-cli": "6.16.3",
    "@bufbuild/buf": "1.75.0",
    "@graphql-inspector/cli": "6.0.8",
    "graphql": "16.15.0",
}
#: optic 1.0.9's spectral dependencies resolve to ajv 8.20, whose generated code
#: ajv-errors 3.0.0 cannot compile: optic then crashes at start-up. Pin it.
PEER_OVERRIDES: Mapping[str, str] = {"ajv": "8.17.1"}


@dataclass(frozen=True)
class Context:
    """Where inputs, caches and peer installs live."""

    corpora: Path = CORPORA
    cache: Path = BENCH_DIR / ".cache"
    peers: Path = BENCH_DIR / ".peers"
    #: The accord command to time; empty: this interpreter's installed script.
    accord: tuple[str, ...] = ()

    def accord_argv(self) -> list[str]:
        return list(self.accord) if self.accord else accord_command()

    def spec(self, name: str) -> Path:
        return self.corpora / name

    def history(self) -> list[Path]:
        """The generated versions of the transitive case, oldest first."""
        return [
            self.cache / "transitive" / f"stripe-1.{i}.0.json"
            for i in range(1, TRANSITIVE_VERSIONS + 1)
        ]

    def peer_bin(self, name: str) -> Path:
        return self.peers / "node_modules" / ".bin" / name


class SetupError(Exception):
    """A case's inputs or tool could not be prepared; the case is skipped."""


Argv = Callable[[Context], list[str]]
Setup = Callable[[Context], None]
#: Returns why the case cannot run on this machine, or None when it can.
Availability = Callable[[Context], str | None]
#: Turns a successful run's stdout into a short note (e.g. what was found).
Summary = Callable[[bytes], str]
#: Says why a run's stdout shows that the tool did not do its job, or None when it did.
Validator = Callable[[bytes], str | None]


@dataclass(frozen=True)
class Reading:
    """What a command measured itself (the hub cases time a server, not their own
    process): the judged number in seconds, the server's peak memory, a note."""

    seconds: float
    peak_kib: int
    note: str


#: Turns a successful run's stdout into its reading.
Reader = Callable[[bytes], Reading]


@dataclass(frozen=True)
class Case:
    name: str
    tool: str
    argv: Argv
    goal_seconds: float | None = None
    goal_mb: float | None = None
    setup: Setup | None = None
    available: Availability | None = None
    summarize: Summary | None = None
    validate: Validator | None = None
    #: Exit codes that mean the tool did its job (a diff tool exits 1 on findings).
    ok_codes: frozenset[int] = frozenset({0, 1})
    #: A run that prints nothing to stdout failed, whatever its exit code.
    needs_output: bool = True
    env: Mapping[str, str] = field(default_factory=dict)
    peer: bool = False
    #: Measured runs: None takes ``--repeat``; peers that take minutes run once.
    runs: int | None = None
    warmup: bool = True
    timeout_seconds: float = 300.0
    #: A goal relative to a peer measured in the same run: (peer tool name
    #: prefix, largest share of its mean wall time). Judged only with --with-peers.
    vs_peer: tuple[str, float] | None = None
    #: The command reports what is judged (e.g. a p95 latency) instead of its wall time.
    reading: Reader | None = None
    #: What the judged number is, in the goal column ("p95"); empty: wall time.
    metric: str = ""
    #: How the table shows times: "s", or "ms" for the latencies of the hub.
    unit: str = "s"


# --- accord -------------------------------------------------------------------


def accord_command() -> list[str]:
    """The installed ``accord`` console script of this interpreter (no shim in between)."""
    script = Path(sys.executable).parent / "accord"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "accord"]


def _accord_report(stdout: bytes) -> dict[str, Any] | None:
    try:
        report = json.loads(stdout)
    except ValueError:
        return None
    return report if isinstance(report, dict) and "checks" in report else None


def validate_accord(stdout: bytes) -> str | None:
    return None if _accord_report(stdout) is not None else "stdout is not a JSON diff report"


def summarize_accord(stdout: bytes) -> str:
    """What ``accord diff --format json`` found, in a few words."""
    report = _accord_report(stdout)
    if report is None:
        return ""
    summary = report.get("summary") or {}
    parts = [f"{summary.get('breaking', 0)} breaking, {len(report.get('changes', []))} changes"]
    checks = report["checks"]
    if len(checks) > 1:
        against = len(report.get("incompatible_with", []))
        parts.append(f"{len(checks)} checks, incompatible with {against}")
    return "; ".join(parts)


def accord_pair(old: str, new: str) -> Argv:
    def argv(ctx: Context) -> list[str]:
        return [
            *ctx.accord_argv(),
            "diff",
            str(ctx.spec(old)),
            str(ctx.spec(new)),
            "--format",
            "json",
        ]

    return argv


def accord_transitive(ctx: Context) -> list[str]:
    return [
        *ctx.accord_argv(),
        "diff",
        *map(str, ctx.history()),
        "--mode",
        "BACKWARD_TRANSITIVE",
        "--format",
        "json",
    ]


# --- the generated history of the transitive case -------------------------------


def _load(path: Path) -> Any:
    try:
        import orjson
    except ImportError:
        return json.loads(path.read_bytes())
    return orjson.loads(path.read_bytes())


def _dump(document: Any) -> bytes:
    try:
        import orjson
    except ImportError:
        return json.dumps(document, indent=2, ensure_ascii=False).encode() + b"\n"
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


_ADDED_PREFIX = "/v1/bench_resources_"


def _operations(doc: dict[str, Any], method: str) -> list[dict[str, Any]]:
    """The corpus's own ``method`` operations (not the ones added here), by path."""
    paths = doc["paths"]
    return [
        paths[p][method]
        for p in sorted(paths)
        if method in paths[p] and not p.startswith(_ADDED_PREFIX)
    ]


def _apply_step(doc: dict[str, Any], k: int, base_schemas: list[str]) -> None:
    """Compatible edits of step ``k``; version ``i`` carries steps 1..i.

    Step k adds k optional query parameters across GET operations, an optional
    form field to a POST request body, two optional properties to a response
    object, and one new operation. Nothing is removed or tightened, so every
    version is backward compatible with every earlier one.
    """
    gets = _operations(doc, "get")
    for j in range(k):
        op = gets[(37 * k + 11 * j) % len(gets)]
        op.setdefault("parameters", []).append(
            {
                "description": f"Filter added in 1.{k}.0 (benchmark edit {k}.{j}).",
                "in": "query",
                "name": f"bench_v{k}_{j}",
                "required": False,
                "schema": {"maxLength": 5000, "type": "string"},
                "style": "form",
            }
        )
    posts = [op for op in _operations(doc, "post") if "requestBody" in op]
    body = posts[(53 * k) % len(posts)]["requestBody"]["content"]
    form = body.get("application/x-www-form-urlencoded", {}).get("schema", {})
    if form.get("type") == "object":
        form.setdefault("properties", {})[f"bench_option_v{k}"] = {
            "description": f"Option added in 1.{k}.0.",
            "maxLength": 5000,
            "type": "string",
        }
    schema = doc["components"]["schemas"][base_schemas[(71 * k) % len(base_schemas)]]
    schema["properties"][f"bench_note_v{k}"] = {
        "description": f"Added in 1.{k}.0.",
        "maxLength": 5000,
        "nullable": True,
        "type": "string",
    }
    schema["properties"][f"bench_count_v{k}"] = {
        "description": f"Added in 1.{k}.0.",
        "nullable": True,
        "type": "integer",
    }
    target = base_schemas[(29 * k) % len(base_schemas)]
    doc["paths"][f"{_ADDED_PREFIX}{k}"] = {
        "get": {
            "description": f"<p>Retrieves a benchmark resource (added in 1.{k}.0).</p>",
            "operationId": f"GetBenchResources{k}",
            "parameters": [
                {
                    "description": "Specifies which fields in the response should be expanded.",
                    "explode": True,
                    "in": "query",
                    "name": "expand",
                    "required": False,
                    "schema": {"items": {"maxLength": 5000, "type": "string"}, "type": "array"},
                    "style": "deepObject",
                }
            ],
            "responses": {
                "200": {
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{target}"}}
                    },
                    "description": "Successful response.",
                },
                "default": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/error"}}
                    },
                    "description": "Error response.",
                },
            },
        }
    }


def _break(doc: dict[str, Any]) -> str:
    """The one breaking change of the last version: an existing operation is removed."""
    path = next(p for p in sorted(doc["paths"]) if "delete" in doc["paths"][p])
    del doc["paths"][path]["delete"]
    return f"DELETE {path}"


def generate_history(ctx: Context) -> None:
    """Write the 21 versions of the transitive case, unless an up-to-date set exists."""
    source = ctx.spec("stripe-v100.json")
    if not source.is_file():
        raise SetupError(f"missing corpus file {source}")
    out = ctx.history()[0].parent
    stamp_path = out / "stamp.json"
    stamp = {
        "generator": GENERATOR_VERSION,
        "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
    }
    if (
        stamp_path.is_file()
        and json.loads(stamp_path.read_text()) == stamp
        and all(p.is_file() for p in ctx.history())
    ):
        return
    out.mkdir(parents=True, exist_ok=True)
    doc = _load(source)
    base_schemas = sorted(
        name
        for name, schema in doc["components"]["schemas"].items()
        if schema.get("type") == "object" and "properties" in schema and name != "error"
    )
    for i, path in enumerate(ctx.history(), start=1):
        _apply_step(doc, i, base_schemas)
        doc["info"]["version"] = f"1.{i}.0"
        if i == TRANSITIVE_VERSIONS:
            stamp["breaking_change"] = _break(doc)
        path.write_bytes(_dump(doc))
    stamp_path.write_text(json.dumps(stamp, indent=2) + "\n")


# --- peer tools -----------------------------------------------------------------


def _npm_manifest() -> dict[str, Any]:
    return {
        "private": True,
        "description": "Peer tools for accord's benchmarks (python benchmarks/run.py --with-peers)",
        "dependencies": dict(PEER_PACKAGES),
        "overrides": dict(PEER_OVERRIDES),
    }


def install_peers(ctx: Context) -> None:
    """``npm install`` the pinned peer tools into ``benchmarks/.peers`` (once)."""
    manifest = json.dumps(_npm_manifest(), indent=2) + "\n"
    package_json = ctx.peers / "package.json"
    installed = all(ctx.peer_bin(b).exists()
                    for b in ("openapi-diff", "optic", "spectral", "buf",
                              graphql_diff.INSPECTOR))
    if installed and package_json.is_file() and package_json.read_text() == manifest:
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SetupError("npm is not installed")
    ctx.peers.mkdir(parents=True, exist_ok=True)
    package_json.write_text(manifest)
    done = subprocess.run(
        [npm, "install", "--prefix", str(ctx.peers), "--no-audit", "--no-fund"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise SetupError(f"npm install failed: {done.stderr.strip()[-500:]}")


def needs_node(ctx: Context) -> str | None:
    return None if shutil.which("node") else "not runnable here: node is not installed"


def summarize_openapi_diff(stdout: bytes) -> str:
    text = stdout.decode(errors="replace")
    start = text.find("{")
    try:
        result: dict[str, Any] = json.loads(text[start:]) if start >= 0 else {}
    except ValueError:
        return text.strip().splitlines()[0][:80] if text.strip() else ""
    return f"{len(result.get('breakingDifferences', []))} breaking"


def summarize_optic(stdout: bytes) -> str:
    """optic's own tally, e.g. ``Checks: 1175/1497 passed``."""
    text = stdout.decode(errors="replace")
    return next((line.strip(" x") for line in text.splitlines() if "Checks:" in line), "")


def openapi_diff_pair(old: str, new: str) -> Argv:
    def argv(ctx: Context) -> list[str]:
        return [str(ctx.peer_bin("openapi-diff")), str(ctx.spec(old)), str(ctx.spec(new))]

    return argv


def optic_pair(old: str, new: str) -> Argv:
    def argv(ctx: Context) -> list[str]:
        return [
            str(ctx.peer_bin("optic")),
            "diff",
            str(ctx.spec(old)),
            str(ctx.spec(new)),
            "--check",
        ]

    return argv


def oasdiff_pair(old: str, new: str) -> Argv:
    def argv(ctx: Context) -> list[str]:
        return ["oasdiff", "breaking", str(ctx.spec(old)), str(ctx.spec(new)), "--format", "json"]

    return argv


def oasdiff_available(ctx: Context) -> str | None:
    if shutil.which("oasdiff"):
        return None
    return "not runnable here: a Go binary; no Go toolchain or oasdiff on this machine"


def _peer(name: str, tool: str, argv: Argv, **options: Any) -> Case:
    """A peer tool's case: no goal; run once, without a warm-up, as it takes minutes."""
    return Case(name, tool, argv, peer=True, runs=1, warmup=False, timeout_seconds=600.0, **options)


def _peer_cases(name: str, old: str, new: str) -> list[Case]:
    npm_tool = {"setup": install_peers, "available": needs_node}
    return [
        _peer(
            name,
            f"openapi-diff {PEER_PACKAGES['openapi-diff']}",
            openapi_diff_pair(old, new),
            summarize=summarize_openapi_diff,
            **npm_tool,
        ),
        _peer(
            name,
            f"optic {PEER_PACKAGES['@useoptic/optic']}",
            optic_pair(old, new),
            summarize=summarize_optic,
            env={"OPTIC_TELEMETRY_LEVEL": "off"},
            **npm_tool,
        ),
        _peer(name, "oasdiff", oasdiff_pair(old, new), available=oasdiff_available),
    ]


# --- lint -----------------------------------------------------------------------

#: Spectral's own OpenAPI ruleset, as the issue compares against it.
SPECTRAL_RULESET = "extends: spectral:oas\n"


def _lint_report(stdout: bytes) -> dict[str, Any] | None:
    try:
        report = json.loads(stdout)
    except ValueError:
        return None
    return report if isinstance(report, dict) and "findings" in report else None


def validate_lint(stdout: bytes) -> str | None:
    return None if _lint_report(stdout) is not None else "stdout is not a JSON lint report"


def summarize_lint(stdout: bytes) -> str:
    """What ``accord lint --format json`` found, in a few words."""
    report = _lint_report(stdout)
    if report is None:
        return ""
    summary = report.get("summary") or {}
    return (f"{len(report['findings'])} findings ({summary.get('error', 0)} errors, "
            f"{summary.get('warn', 0)} warnings)")


def accord_lint(spec: str) -> Argv:
    def argv(ctx: Context) -> list[str]:
        return [*ctx.accord_argv(), "lint", str(ctx.spec(spec)), "--format", "json"]

    return argv


def install_spectral(ctx: Context) -> None:
    """The peers, plus the ruleset file Spectral is run with."""
    install_peers(ctx)
    ruleset = ctx.peers / ".spectral.yaml"
    if not ruleset.is_file() or ruleset.read_text() != SPECTRAL_RULESET:
        ruleset.write_text(SPECTRAL_RULESET)


def spectral_lint(spec: str) -> Argv:
    def argv(ctx: Context) -> list[str]:
        return [
            str(ctx.peer_bin("spectral")),
            "lint",
            str(ctx.spec(spec)),
            "--ruleset",
            str(ctx.peers / ".spectral.yaml"),
            "--format",
            "json",
            "--quiet",
        ]

    return argv


def summarize_spectral(stdout: bytes) -> str:
    """Spectral's findings by severity (0 error, 1 warn, 2 info, 3 hint)."""
    text = stdout.decode(errors="replace")
    start = text.find("[")
    try:
        results = json.loads(text[start:]) if start >= 0 else None
    except ValueError:
        results = None
    if not isinstance(results, list):
        return text.strip().splitlines()[0][:80] if text.strip() else ""
    errors = sum(1 for r in results if isinstance(r, dict) and r.get("severity") == 0)
    warnings = sum(1 for r in results if isinstance(r, dict) and r.get("severity") == 1)
    return f"{len(results)} findings ({errors} errors, {warnings} warnings)"


def _spectral_case(name: str, spec: str) -> Case:
    return _peer(
        name,
        f"spectral {PEER_PACKAGES['@stoplight/spectral-cli']}",
        spectral_lint(spec),
        summarize=summarize_spectral,
        setup=install_spectral,
        available=needs_node,
    )


def _accord(name: str, argv: Argv, **options: Any) -> Case:
    return Case(
        name, "accord", argv, summarize=summarize_accord, validate=validate_accord, **options
    )


def _accord_lint(name: str, spec: str, goal_seconds: float) -> Case:
    return Case(name, "accord", accord_lint(spec), goal_seconds=goal_seconds, goal_mb=300,
                summarize=summarize_lint, validate=validate_lint, vs_peer=("spectral", 0.1))


# --- the hub ----------------------------------------------------------------------


def _hub_report(stdout: bytes) -> dict[str, Any] | None:
    try:
        report = json.loads(stdout)
    except ValueError:
        return None
    return report if isinstance(report, dict) and "seconds" in report else None


def validate_hub(stdout: bytes) -> str | None:
    report = _hub_report(stdout)
    if report is None:
        return "stdout is not a JSON report of benchmarks/hub.py"
    if report.get("errors"):
        codes = ", ".join(f"{n} x {code}" for code, n in report["statuses"].items()
                          if code != "200")
        return f"{report['errors']} of {report['requests']} requests failed ({codes})"
    return None


def read_hub(stdout: bytes) -> Reading:
    report = _hub_report(stdout)
    assert report is not None  # validated first
    if report["case"] == "hub-read":
        note = (f"p50 {report['p50'] * 1000:.1f} / p99 {report['p99'] * 1000:.1f} ms, "
                f"{report['throughput']:.0f} req/s; {report['clients']} clients, "
                f"{report['workers']} worker(s), server CPU {report['server_cpu']:.0%}")
    else:
        note = (f"{report['document_bytes'] / 1e6:.1f} MB document, "
                f"{report['checks']} checks against {report['stored_versions']} versions "
                f"({report['mode']}); diff workers' peak "
                f"{report['diff_workers_peak_kib'] / 1024:.0f} MB each")
    return Reading(report["seconds"], report["peak_kib"], note)


def _hub_command(ctx: Context, *args: str) -> list[str]:
    return [sys.executable, str(BENCH_DIR / "hub.py"), *args,
            "--accord", shlex.join(ctx.accord_argv())]


def hub_read(ctx: Context) -> list[str]:
    return _hub_command(ctx, "read", "--template", str(hub.read_template(ctx)))


def hub_publish(ctx: Context) -> list[str]:
    return _hub_command(ctx, "publish", "--template", str(hub.publish_template(ctx)),
                        "--document", str(hub.publish_documents(ctx)[-1]))


def _hub(name: str, argv: Argv, **options: Any) -> Case:
    """A hub case: each run starts a server of its own (so no warm-up run)."""
    return Case(name, "accord", argv, validate=validate_hub, reading=read_hub,
                ok_codes=frozenset({0}), warmup=False, timeout_seconds=600.0, **options)


STRIPE = ("stripe-v100.json", "stripe-v127.json")
GITHUB = ("github-ghes-3.5.json", "github-ghes-3.6.json")

#: In table order; the goals are those of the project's performance issue.
CASES: list[Case] = [
    _accord("diff-stripe", accord_pair(*STRIPE), goal_seconds=1.5, goal_mb=500),
    *_peer_cases("diff-stripe", *STRIPE),
    _accord("diff-github", accord_pair(*GITHUB), goal_seconds=1.5, goal_mb=500),
    *_peer_cases("diff-github", *GITHUB),
    _accord("transitive-20", accord_transitive, goal_seconds=5.0, setup=generate_history),
    # Lint goals: a tenth of Spectral's wall time with spectral:oas on the same file
    # measured in the same run (with --with-peers); without peers, a tenth of the
    # times quoted in the issue (9.7 s on Stripe, 29.6 s on GitHub); at most 300 MB.
    _accord_lint("lint-stripe", "stripe-v127.json", goal_seconds=0.97),
    _spectral_case("lint-stripe", "stripe-v127.json"),
    _accord_lint("lint-github", "github-ghes-3.6.json", goal_seconds=2.96),
    _spectral_case("lint-github", "github-ghes-3.6.json"),
    # The hub with SQLite: 50 clients reading (p95 latency), and a ~4 MB publish
    # checked against 20 stored versions under BACKWARD_TRANSITIVE.
    _hub("hub-read", hub_read, goal_seconds=0.020, metric="p95", unit="ms",
         setup=hub.prepare_read),
    _hub("hub-publish", hub_publish, goal_seconds=5.0, metric="publish",
         setup=hub.prepare_publish),
    # AsyncAPI: lint every shared example and diff each against itself and each 2.6
    # example against its 3.0 translation, in one process (asyncapi_corpus.py).
    Case("asyncapi-corpus", "accord",
         lambda ctx: [sys.executable, str(BENCH_DIR / "asyncapi_corpus.py"),
                      str(ctx.corpora.parent / "asyncapi")],
         goal_seconds=2.0, goal_mb=300, ok_codes=frozenset({0}),
         validate=lambda out: None if b'"documents"' in out else "stdout is not the corpus "
         "counts", summarize=lambda out: out.decode(errors="replace").strip()),
    # A 500-property JSON Schema against 100 earlier versions, FULL_TRANSITIVE (events.py).
    _accord("event-schema-full-transitive", events.argv, goal_seconds=1.0,
            setup=events.generate),
    # Protobuf: two googleapis trees, no slower than buf breaking (FILE) in the same run;
    # without peers, no slower than the 0.5 s the issue quotes for buf.
    _accord("diff-protobuf-googleapis", protobuf.accord_argv, goal_seconds=0.5, goal_mb=300,
            vs_peer=("buf", 1.0)),
    Case("diff-protobuf-googleapis", f"buf {PEER_PACKAGES['@bufbuild/buf']}",
         protobuf.buf_argv, peer=True, setup=install_peers, available=needs_node,
         summarize=protobuf.summarize_buf, validate=protobuf.validate_buf,
         ok_codes=frozenset({0, protobuf.BUF_FOUND})),
    # GraphQL: two GitHub schemas in at most half of graphql-inspector's wall time in the
    # same run; without peers, half of the 2.8 s the issue quotes for it.
    _accord("diff-graphql-github", graphql_diff.accord_argv, goal_seconds=1.4, goal_mb=300,
            vs_peer=("graphql-inspector", 0.5)),
    Case("diff-graphql-github",
         f"graphql-inspector {PEER_PACKAGES['@graphql-inspector/cli']}",
         graphql_diff.inspector_argv, peer=True, setup=install_peers, available=needs_node,
         summarize=graphql_diff.summarize_inspector,
         validate=graphql_diff.validate_inspector),
]
