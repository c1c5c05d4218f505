"""The hub's command-line client: ``accord login``/``logout``, ``publish``, ``check``
(the CI gate), ``interfaces list|show``, ``versions`` and ``compare``.

Every command takes ``--hub`` (``ACCORD_HUB_URL``), ``--token`` (``ACCORD_TOKEN``)
and ``--format``; cli/hubconfig.py says how the hub and token are chosen.
Exit codes as ``accord diff``: 0 fine, 1 refused or failing, 2 input, usage,
auth or connection errors, 3 internal (also a 5xx of the hub).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from accord.cli.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, report_error
from accord.cli.options import DiffFormat
from accord.core.change import Level
from accord.core.errors import AccordError, ErrorCode

# Command modules import only what their signatures need: httpx, Rich and the
# report formatters are imported when a command runs.

if TYPE_CHECKING:
    from accord.cli.hubclient import HubClient
    from accord.core.change import RuleInfo
    from accord.core.manifest import Locate, Manifest


class OutFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


HubOpt = Annotated[
    str | None,
    typer.Option("--hub", envvar="ACCORD_HUB_URL", show_default=False,
                 help="The hub's URL (default: the manifest's hub:, else the last `accord "
                 "login`)."),
]
TokenOpt = Annotated[
    str | None,
    typer.Option("--token", envvar="ACCORD_TOKEN", show_default=False,
                 help="A bearer token (default: the one `accord login` stored for the hub)."),
]
FormatOpt = Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")]
ManifestOpt = Annotated[
    Path | None,
    typer.Option("--manifest", "-m", show_default=False,
                 help="The service manifest (default: ./accord.yaml)."),
]
InterfaceArg = Annotated[str, typer.Argument(help="An interface id (IF-001) or name.",
                                             show_default=False)]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to a file instead of stdout."),
]

interfaces_app = typer.Typer(help="The interfaces registered in the hub.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("login")(login_command)
    app.command("logout")(logout_command)
    app.command("publish")(publish_command)
    app.command("check")(check_command)
    app.add_typer(interfaces_app, name="interfaces")
    app.command("versions")(versions_command)
    app.command("compare")(compare_command)


# --- shared -----------------------------------------------------------------------


def _fail(error: AccordError, *, as_json: bool) -> NoReturn:
    """Report ``error`` and exit: 3 for a 5xx of the hub, else 2."""
    status = getattr(error, "status", None)
    if not isinstance(status, int):
        report_error(error, as_json=as_json)
    from rich.console import Console
    from rich.markup import escape

    code = getattr(error, "problem_code", str(error.code))
    request_id = getattr(error, "request_id", None)
    if as_json:
        body = {**error.to_dict(), "code": code, "status": status}
        sys.stdout.write(json.dumps({"error": body}, indent=2) + "\n")
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    where = f"{error.location}: " if error.location else ""
    facts = f"HTTP {status}" + (f", request id {request_id}" if request_id else "")
    console.print(f"[bold red]error[/][dim][{escape(code)}][/] {escape(where + error.message)} "
                  f"[dim]({escape(facts)})[/]")
    if error.hint:
        console.print(f"  [bold]hint:[/] {escape(error.hint)}")
    fields = error.details.get("fields")
    for item in fields if isinstance(fields, list) else []:
        if isinstance(item, Mapping):
            console.print(f"  {escape(str(item.get('pointer')))}: "
                          f"{escape(str(item.get('message')))}")
    raise SystemExit(EXIT_INTERNAL if status >= 500 else EXIT_INPUT)


@contextmanager
def _client(hub: str | None, token: str | None,
            manifest_hub: str | None = None) -> Iterator[HubClient]:
    from accord.cli.hubclient import HubClient
    from accord.cli.hubconfig import resolve

    target = resolve(hub, token, manifest_hub)
    with HubClient(target.url, target.token) as client:
        yield client


def _segment(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def _write(text: str, output: Path | None = None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


@dataclass(frozen=True)
class _Loaded:
    manifest: Manifest
    path: Path
    data: Any
    #: JSON pointer -> its place in the manifest file.
    locate: Locate | None = None

    @property
    def default_ruleset(self) -> str | None:
        lint = self.data.get("lint") if isinstance(self.data, Mapping) else None
        extends = lint.get("extends") if isinstance(lint, Mapping) else None
        return extends if isinstance(extends, str) else None

    @property
    def default_kind_options(self) -> dict[str, dict[str, Any]]:
        """The ``kinds:`` section: the options of interfaces that give none."""
        section = self.data.get("kinds") if isinstance(self.data, Mapping) else None
        if section is None:
            return {}
        if not isinstance(section, Mapping) or not all(
                v is None or isinstance(v, Mapping) for v in section.values()):
            where = self.locate("/kinds") if self.locate else None
            raise AccordError(ErrorCode.INVALID_CONFIG,
                              "'kinds' must map kind names to their options", location=where,
                              hint="kinds:\n  jsonschema:\n    policy: lenient")
        return {str(name): dict(values or {}) for name, values in section.items()}

    def fail_on(self) -> Level | None:
        from accord.core.config import parse_settings

        settings = parse_settings(self.data, file=str(self.path))
        return Level(settings.diff.fail_on) if settings.diff.fail_on else None


def _load_manifest(explicit: Path | None, *, required: bool) -> _Loaded | None:
    """The manifest at ``explicit``, else ./accord.yaml; None when optional and absent."""
    from accord.cli.config import DEFAULT_NAMES
    from accord.core.manifest import check_kinds, has_manifest, parse_manifest
    from accord.kinds import load_kinds
    from accord.source import load_document

    path = explicit or next((Path(n) for n in DEFAULT_NAMES if Path(n).is_file()), None)
    if path is None or not path.is_file():
        if not required and explicit is None:
            return None
        raise AccordError(
            ErrorCode.FILE_NOT_FOUND,
            f"manifest {path} does not exist" if path else "no accord.yaml here",
            hint="pass --manifest path/to/accord.yaml (docs/manifest.md describes it)")
    doc = load_document(path, str(path))
    if not has_manifest(doc.data):
        if not required and explicit is None:
            return None
        raise AccordError(ErrorCode.INVALID_MANIFEST,
                          f"{path} declares no manifest (team, participant, provides)",
                          hint="docs/manifest.md describes the manifest")
    manifest = parse_manifest(doc.data, file=str(path), locate=doc.location,
                              base_dir=path.parent)
    check_kinds(manifest, load_kinds(), file=str(path), locate=doc.location)
    return _Loaded(manifest, path, doc.data, doc.location)


def _manifest_for(manifest: Path | None, interface: str | None,
                  version: str | None) -> _Loaded:
    """The manifest a publish or check reads, with ``--interface`` and ``--version``
    checked against it (a version names one interface)."""
    loaded = _load_manifest(manifest, required=True)
    assert loaded is not None
    _pick(loaded.manifest, interface, loaded.path)
    if version is not None and interface is None and len(loaded.manifest.provides) > 1:
        raise AccordError(ErrorCode.USAGE, "--version applies to one interface, and the "
                          f"manifest provides {len(loaded.manifest.provides)}",
                          hint="name it with --interface NAME")
    return loaded


def _pick(manifest: Manifest, name: str | None, path: Path) -> None:
    """Refuse ``--interface`` naming no provided interface, and a manifest providing none."""
    names = [i.name for i in manifest.provides]
    if not names:
        raise AccordError(ErrorCode.USAGE, f"{path} provides no interface",
                          hint="list the interfaces under provides: (docs/manifest.md)")
    if name is not None and name not in names:
        import difflib

        close = difflib.get_close_matches(name, names, n=1)
        raise AccordError(ErrorCode.USAGE, f"{path} provides no interface named {name!r}",
                          hint=f"did you mean {close[0]!r}?" if close
                          else f"it provides: {', '.join(names)}")


# --- login / logout ---------------------------------------------------------------


def login_command(hub: HubOpt = None, token: TokenOpt = None,
                  fmt: FormatOpt = OutFormat.TEXT) -> None:
    """Store a token for a hub (checked first) in the user configuration directory."""
    from accord.cli.hubclient import HubClient, HubError, normalise_url
    from accord.cli.hubconfig import load_config, store_token

    as_json = fmt is OutFormat.JSON
    try:
        chosen = hub or load_config().get("default")
        if not chosen:
            raise AccordError(ErrorCode.USAGE, "accord login needs the hub's URL",
                              hint="accord login --hub https://hub.example.com")
        url = normalise_url(chosen)
        if not token:
            token = typer.prompt(f"token for {url}", hide_input=True, err=True).strip()
        if not token:
            raise AccordError(ErrorCode.USAGE, "no token given",
                              hint="paste the token `accord token create` printed")
        with HubClient(url, token) as client:
            try:
                client.get("/v1/teams", {"limit": 1})
            except HubError as exc:
                if exc.status not in (401, 403):
                    raise
                raise AccordError(
                    ErrorCode.UNAUTHENTICATED,
                    f"the hub at {url} refused the token ({exc.problem_code}); "
                    "nothing was stored",
                    hint="check the token (`accord token create` on the hub prints one) and "
                    "that it has the read scope") from None
        path = store_token(url, token)
    except AccordError as exc:
        _fail(exc, as_json=as_json)
    if as_json:
        _json({"hub": url, "logged_in": True, "config": str(path)})
    else:
        sys.stdout.write(f"logged in to {url}; the token is in {path} (readable by you only)\n")


def logout_command(hub: HubOpt = None, fmt: FormatOpt = OutFormat.TEXT) -> None:
    """Forget the token stored for a hub (default: the last one logged in to)."""
    from accord.cli.hubclient import normalise_url
    from accord.cli.hubconfig import load_config, remove_token

    as_json = fmt is OutFormat.JSON
    try:
        chosen = hub or load_config().get("default")
        if not chosen:
            raise AccordError(ErrorCode.USAGE, "not logged in to any hub",
                              hint="name the hub: accord logout --hub URL")
        url = normalise_url(chosen)
        removed = remove_token(url)
    except AccordError as exc:
        _fail(exc, as_json=as_json)
    if as_json:
        _json({"hub": url, "logged_out": removed})
    else:
        sys.stdout.write(f"logged out of {url}\n" if removed else f"no token stored for {url}\n")


# --- publish ----------------------------------------------------------------------

#: Items per POST /v1/imports (the hub takes 1..100).
BATCH = 100


def publish_command(
    manifest: ManifestOpt = None,
    interface: Annotated[str | None, typer.Option(
        "--interface", "-i", help="Publish only this provided interface.")] = None,
    version: Annotated[str | None, typer.Option(
        "--version", help="The version to publish as (one interface only; default: the "
        "manifest's, else the contract's own).")] = None,
    fmt: FormatOpt = OutFormat.TEXT,
    hub: HubOpt = None,
    token: TokenOpt = None,
) -> None:
    """Register the manifest's interfaces in the hub and publish their contracts.

    Exit 0 when every interface was accepted, 1 when the hub refused any (lint
    errors, an incompatible change, a version that exists ...), 2 for input,
    usage or auth errors.
    """
    import uuid

    from accord.cli.hubviews import outcome_of, publish_text
    from accord.cli.imports import import_items

    as_json = fmt is OutFormat.JSON
    try:
        loaded = _manifest_for(manifest, interface, version)
        items = import_items(loaded.manifest, loaded.path.parent, file=str(loaded.path),
                             default_ruleset=loaded.default_ruleset,
                             default_kind_options=loaded.default_kind_options, only=interface,
                             version=version, locate=loaded.locate)
        results: list[dict[str, Any]] = []
        with _client(hub, token, loaded.manifest.hub) as client:
            for start in range(0, len(items), BATCH):
                # One key per batch, sent again on every retry: the hub replays, never repeats.
                answer = client.post("/v1/imports", {"items": items[start:start + BATCH]},
                                     idempotency_key=str(uuid.uuid4()), attempts=3)
                for item in answer.get("data") or []:
                    index = int(item.get("index", 0)) + start
                    # A refused item names no version; show the one asked for, if any.
                    asked = items[index].get("version") if index < len(items) else None
                    results.append({**item, "index": index,
                                    "version": item.get("version") or asked})
    except AccordError as exc:
        _fail(exc, as_json=as_json)
    failed = sum(1 for item in results if outcome_of(item) == "refused")
    combined = {"data": results, "summary": {"items": len(results),
                                             "succeeded": len(results) - failed,
                                             "failed": failed}}
    if as_json:
        _json(answer if len(items) <= BATCH else combined)
    else:
        from accord.cli.imports import local_names

        base = loaded.path.parent
        files: dict[int, tuple[str, str]] = {}
        by_index = {int(result["index"]): result for result in results}
        for index, item in enumerate(items):
            provided = loaded.manifest.provided(item["interface"]["name"])
            if provided is None:
                continue
            local = (base / provided.contract).as_posix()
            files[index] = (item["filename"], local)
            if item.get("files") and index in by_index:
                _relocate_problem(by_index[index], local_names(
                    item["filename"], item["files"], local))
        _write(publish_text(combined, color=sys.stdout.isatty(), files=files))
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _relocate_problem(result: dict[str, Any], names: Mapping[str, str]) -> None:
    """Name the files of a refused item's changes and findings as they are named here."""
    problem = result.get("problem")
    if not isinstance(problem, dict):
        return
    for holder in (problem, problem.get("details")):
        if not isinstance(holder, dict):
            continue
        for key in ("changes", "findings"):
            for entry in holder.get(key) or []:
                where = entry.get("location") if isinstance(entry, dict) else None
                if isinstance(where, dict) and where.get("file") in names:
                    where["file"] = names[where["file"]]


# --- check ------------------------------------------------------------------------


def _kind_rules() -> Any:
    from functools import cache

    from accord.kinds import load_kinds

    kinds = load_kinds()

    @cache
    def rules(kind: str) -> Mapping[str, RuleInfo]:
        return {r.id: r for r in kinds[kind].rules()} if kind in kinds else {}

    return rules


def check_command(
    contract: Annotated[Path | None, typer.Argument(
        help="A contract file to check instead of the manifest's (needs --interface).",
        show_default=False)] = None,
    manifest: ManifestOpt = None,
    interface: Annotated[str | None, typer.Option(
        "--interface", "-i", help="The interface to check: a provided interface's name, or "
        "with CONTRACT any hub interface (IF-001 or name).")] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Report format.")] = (
        DiffFormat.TEXT),
    fail_on: Annotated[Level | None, typer.Option(
        "--fail-on", help="Exit 1 when a change at or above this level is found "
        "(default: the manifest's diff.fail_on, else breaking).")] = None,
    output: OutputOpt = None,
    version: Annotated[str | None, typer.Option(
        "--version", help="The version to check as (one interface only; default: the "
        "manifest's, else the contract's own).")] = None,
    hub: HubOpt = None,
    token: TokenOpt = None,
) -> None:
    """Dry-run a publish: would the hub accept these contracts? (the CI gate)

    Checks each provided interface (or the one named) against the hub's history:
    compatibility under the interface's mode, version bump, and lint errors. Nothing
    is stored. Exit 0 when nothing at or above --fail-on was found, 1 when something
    was (or the hub would refuse the version), 2 for input, usage or auth errors.
    """
    from accord.cli.hubclient import HubError
    from accord.cli.hubreport import REFUSALS, CheckResult, checked, render_check

    as_json = fmt is DiffFormat.JSON
    try:
        from accord.cli.imports import local_names

        targets: list[tuple[str, str, str, dict[str, Any]]] = []
        if contract is not None:
            if interface is None:
                raise AccordError(ErrorCode.USAGE, "checking a contract file needs the "
                                  "interface it is a version of",
                                  hint="add --interface IF-001 (or the interface's name)")
            loaded = _load_manifest(manifest, required=manifest is not None)
            body = _contract_body(contract)
            if version is not None:
                body["version"] = version
            targets.append((interface, str(contract), body["filename"], body))
        else:
            from accord.cli.imports import import_items

            loaded = _manifest_for(manifest, interface, version)
            base = loaded.path.parent
            for item in import_items(loaded.manifest, base, file=str(loaded.path),
                                     default_kind_options=loaded.default_kind_options,
                                     only=interface, version=version, locate=loaded.locate):
                name = item["interface"]["name"]
                provided = loaded.manifest.provided(name)
                assert provided is not None
                body = {k: item[k] for k in ("document", "filename", "files", "version")
                        if k in item}
                # A first version is linted by the hub even before the interface exists.
                body["kind"] = item["interface"]["kind"]
                if item["interface"].get("ruleset"):
                    body["ruleset"] = item["interface"]["ruleset"]
                if item["interface"].get("kind_options") is not None:
                    # Checked as the publish would set them.
                    body["kind_options"] = item["interface"]["kind_options"]
                targets.append((name, (base / provided.contract).as_posix(), item["filename"],
                                body))
        threshold = fail_on or (loaded.fail_on() if loaded else None) or Level.BREAKING
        results: list[CheckResult] = []
        with _client(hub, token, loaded.manifest.hub if loaded else None) as client:
            for name, label, filename, body in targets:
                try:
                    answer = client.post("/v1/checks", {"interface": name, **body},
                                         attempts=2)  # a dry run: safe to repeat
                except HubError as exc:
                    if exc.status == 404 and exc.problem_code == "NOT_FOUND":
                        results.append(CheckResult(name, label, "new", threshold,
                                                   version=body.get("version")))
                        continue
                    if exc.problem_code not in REFUSALS:
                        raise
                    results.append(CheckResult(name, label, "refused", threshold,
                                               version=body.get("version"),
                                               problems=[exc.problem]))
                    continue
                results.append(checked(name, label, filename, answer, threshold, local_names(
                    filename, body.get("files") or {}, label)))
    except AccordError as exc:
        _fail(exc, as_json=as_json)
    color = fmt is DiffFormat.TEXT and output is None and sys.stdout.isatty()
    _write(render_check(results, str(fmt), rules=_kind_rules(), color=color), output)
    raise typer.Exit(EXIT_FINDINGS if any(r.failed for r in results) else EXIT_OK)


def _contract_body(contract: Path) -> dict[str, Any]:
    """The request fields of a contract named on the command line: a file (with the
    files it references), or a directory or ZIP as a directory contract."""
    from accord.cli.imports import is_directory_contract

    if is_directory_contract(contract):
        fields: dict[str, Any] = _bundle_of(contract).fields()
        return fields
    try:
        document = contract.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AccordError(ErrorCode.FILE_NOT_FOUND, f"cannot read {contract}: {exc}",
                          hint="check the path of the contract file") from None
    return {"document": document, "filename": contract.name, **_bundle_of(contract).fields()}


def _bundle_of(contract: Path) -> Any:
    """The files of a contract named on the command line (its kind found by sniffing;
    a file no local kind reads goes alone, for the hub to judge, a directory or ZIP
    with all of its files)."""
    from accord.cli.imports import (
        ContractBundle,
        contract_bundle,
        directory_bundle,
        is_directory_contract,
    )
    from accord.kinds import load_kinds

    try:
        kind = load_kinds().detect(contract)
    except AccordError as exc:
        if exc.code is not ErrorCode.NOT_A_CONTRACT:
            raise
        if is_directory_contract(contract):
            return directory_bundle(None, contract, None)
        return ContractBundle(contract.name)
    return contract_bundle(kind, contract, None)


# --- reading the registry ---------------------------------------------------------


@interfaces_app.command("list")
def interfaces_list_command(
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind.")] = None,
    team: Annotated[str | None, typer.Option("--team", help="Only this owner team.")] = None,
    status: Annotated[str | None, typer.Option(
        "--status", help="draft, active, deprecated or retired.")] = None,
    consumer: Annotated[str | None, typer.Option(
        "--consumer", help="Only interfaces this participant consumes.")] = None,
    provider: Annotated[str | None, typer.Option(
        "--provider", help="Only interfaces this participant provides.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many.")]
    = None,
    fmt: FormatOpt = OutFormat.TEXT,
    hub: HubOpt = None,
    token: TokenOpt = None,
) -> None:
    """The hub's interfaces, in id order (every page)."""
    from accord.cli.hubviews import INTERFACE_HEADERS, interface_rows, table

    as_json = fmt is OutFormat.JSON
    params = {"kind": kind, "team": team, "status": status, "consumer": consumer,
              "provider": provider}
    try:
        with _client(hub, token) as client:
            items = list(client.pages("/v1/interfaces", params, limit=limit))
    except AccordError as exc:
        _fail(exc, as_json=as_json)
    if as_json:
        _json({"data": items})
        return
    if not items:
        sys.stderr.write("no interfaces match\n")
        return
    _write(table(INTERFACE_HEADERS, interface_rows(items), rich=sys.stdout.isatty()))


@interfaces_app.command("show")
def interfaces_show_command(interface: InterfaceArg, fmt: FormatOpt = OutFormat.TEXT,
                            hub: HubOpt = None, token: TokenOpt = None) -> None:
    """One interface: owner, provider, consumers, status, promises, latest version."""
    from accord.cli.hubviews import interface_text

    as_json = fmt is OutFormat.JSON
    try:
        with _client(hub, token) as client:
            response = client.send("GET", f"/v1/interfaces/{_segment(interface)}", attempts=2)
            body = client.json_of(response)
    except AccordError as exc:
        _fail(exc, as_json=as_json)
    if as_json:
        _json(body)
        return
    _write(interface_text(body, response.headers))


def versions_command(interface: InterfaceArg,
                     limit: Annotated[int | None, typer.Option(
                         "--limit", min=1, help="At most this many.")] = None,
                     fmt: FormatOpt = OutFormat.TEXT,
                     hub: HubOpt = None, token: TokenOpt = None) -> None:
    """An interface's published versions, oldest first."""
    from accord.cli.hubviews import VERSION_HEADERS, table, version_rows

    as_json = fmt is OutFormat.JSON
    try:
        with _client(hub, token) as client:
            items = list(client.pages(f"/v1/interfaces/{_segment(interface)}/versions",
                                      limit=limit))
    except AccordError as exc:
        _fail(exc, as_json=as_json)
    if as_json:
        _json({"data": items})
        return
    if not items:
        sys.stderr.write(f"{interface} has no published version\n")
        return
    _write(table(VERSION_HEADERS, version_rows(items), rich=sys.stdout.isatty()))


def compare_command(
    interface: InterfaceArg,
    base: Annotated[str, typer.Option("--from", help="The earlier version.",
                                      show_default=False)],
    revision: Annotated[str, typer.Option("--to", help="The later version.",
                                          show_default=False)],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Report format.")] = (
        DiffFormat.TEXT),
    fail_on: Annotated[Level | None, typer.Option(
        "--fail-on", help="Exit 1 when a change at or above this level is found.")] = None,
    output: OutputOpt = None,
    hub: HubOpt = None,
    token: TokenOpt = None,
) -> None:
    """The changes between two published versions of an interface, as `accord diff` shows
    them (--format json: the hub's answer)."""
    as_json = fmt is DiffFormat.JSON
    try:
        with _client(hub, token) as client:
            path = f"/v1/interfaces/{_segment(interface)}"
            body = client.get(f"{path}/compare", {"from": base, "to": revision})
            kind = "" if as_json else str(client.get(path)["kind"])
    except AccordError as exc:
        _fail(exc, as_json=as_json)
    failing = fail_on is not None and any(
        Level(c["level"]).at_least(fail_on) for c in body.get("changes") or [])
    if as_json:
        _write(json.dumps(body, indent=2, ensure_ascii=False) + "\n", output)
    else:
        from accord.cli.hubviews import compare_report
        from accord.report import render_diff

        rules = _kind_rules()(kind)
        report = compare_report(body, kind, rules)
        color = fmt is DiffFormat.TEXT and output is None and sys.stdout.isatty()
        _write(render_diff(report, str(fmt), rules=rules, color=color), output)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)
