"""``accord publish`` (register the manifest's interfaces and publish their contracts)
and ``accord check`` (the CI gate: would the hub accept them?)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.cli.client import (
    FormatOpt,
    HubOpt,
    ManifestOpt,
    OutFormat,
    OutputOpt,
    TokenOpt,
    fail,
    hub_client,
    kind_rules,
    load_manifest,
    manifest_for,
    print_json,
    write_out,
)
from accord.cli.errors import EXIT_FINDINGS, EXIT_OK
from accord.cli.options import DiffFormat
from accord.core.change import Level
from accord.core.errors import AccordError, ErrorCode

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
        loaded = manifest_for(manifest, interface, version)
        items = import_items(loaded.manifest, loaded.path.parent, file=str(loaded.path),
                             default_ruleset=loaded.default_ruleset,
                             default_kind_options=loaded.default_kind_options, only=interface,
                             version=version, locate=loaded.locate)
        results: list[dict[str, Any]] = []
        with hub_client(hub, token, loaded.manifest.hub) as client:
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
        fail(exc, as_json=as_json)
    failed = sum(1 for item in results if outcome_of(item) == "refused")
    combined = {"data": results, "summary": {"items": len(results),
                                             "succeeded": len(results) - failed,
                                             "failed": failed}}
    if as_json:
        print_json(answer if len(items) <= BATCH else combined)
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
        write_out(publish_text(combined, color=sys.stdout.isatty(), files=files))
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
            loaded = load_manifest(manifest, required=manifest is not None)
            body = _contract_body(contract)
            if version is not None:
                body["version"] = version
            targets.append((interface, str(contract), body["filename"], body))
        else:
            from accord.cli.imports import import_items

            loaded = manifest_for(manifest, interface, version)
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
        with hub_client(hub, token, loaded.manifest.hub if loaded else None) as client:
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
        fail(exc, as_json=as_json)
    color = fmt is DiffFormat.TEXT and output is None and sys.stdout.isatty()
    write_out(render_check(results, str(fmt), rules=kind_rules(), color=color), output)
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
