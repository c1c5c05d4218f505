"""Reading the hub's registry: ``accord interfaces list|show``, ``accord versions``
and ``accord compare``."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from accord.cli.client import (
    FormatOpt,
    HubOpt,
    InterfaceArg,
    OutFormat,
    OutputOpt,
    TokenOpt,
    fail,
    hub_client,
    kind_rules,
    print_json,
    segment,
    write_out,
)
from accord.cli.errors import EXIT_FINDINGS, EXIT_OK
from accord.cli.options import DiffFormat
from accord.core.change import Level
from accord.core.errors import AccordError

interfaces_app = typer.Typer(help="The interfaces registered in the hub.", no_args_is_help=True)


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
        with hub_client(hub, token) as client:
            items = list(client.pages("/v1/interfaces", params, limit=limit))
    except AccordError as exc:
        fail(exc, as_json=as_json)
    if as_json:
        print_json({"data": items})
        return
    if not items:
        sys.stderr.write("no interfaces match\n")
        return
    write_out(table(INTERFACE_HEADERS, interface_rows(items), rich=sys.stdout.isatty()))


@interfaces_app.command("show")
def interfaces_show_command(interface: InterfaceArg, fmt: FormatOpt = OutFormat.TEXT,
                            hub: HubOpt = None, token: TokenOpt = None) -> None:
    """One interface: owner, provider, consumers, status, promises, latest version."""
    from accord.cli.hubviews import interface_text

    as_json = fmt is OutFormat.JSON
    try:
        with hub_client(hub, token) as client:
            response = client.send("GET", f"/v1/interfaces/{segment(interface)}", attempts=2)
            body = client.json_of(response)
    except AccordError as exc:
        fail(exc, as_json=as_json)
    if as_json:
        print_json(body)
        return
    write_out(interface_text(body, response.headers))


def versions_command(interface: InterfaceArg,
                     limit: Annotated[int | None, typer.Option(
                         "--limit", min=1, help="At most this many.")] = None,
                     fmt: FormatOpt = OutFormat.TEXT,
                     hub: HubOpt = None, token: TokenOpt = None) -> None:
    """An interface's published versions, oldest first."""
    from accord.cli.hubviews import VERSION_HEADERS, table, version_rows

    as_json = fmt is OutFormat.JSON
    try:
        with hub_client(hub, token) as client:
            items = list(client.pages(f"/v1/interfaces/{segment(interface)}/versions",
                                      limit=limit))
    except AccordError as exc:
        fail(exc, as_json=as_json)
    if as_json:
        print_json({"data": items})
        return
    if not items:
        sys.stderr.write(f"{interface} has no published version\n")
        return
    write_out(table(VERSION_HEADERS, version_rows(items), rich=sys.stdout.isatty()))


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
        with hub_client(hub, token) as client:
            path = f"/v1/interfaces/{segment(interface)}"
            body = client.get(f"{path}/compare", {"from": base, "to": revision})
            kind = "" if as_json else str(client.get(path)["kind"])
    except AccordError as exc:
        fail(exc, as_json=as_json)
    failing = fail_on is not None and any(
        Level(c["level"]).at_least(fail_on) for c in body.get("changes") or [])
    if as_json:
        write_out(json.dumps(body, indent=2, ensure_ascii=False) + "\n", output)
    else:
        from accord.cli.hubviews import compare_report
        from accord.report import render_diff

        rules = kind_rules()(kind)
        report = compare_report(body, kind, rules)
        color = fmt is DiffFormat.TEXT and output is None and sys.stdout.isatty()
        write_out(render_diff(report, str(fmt), rules=rules, color=color), output)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)
