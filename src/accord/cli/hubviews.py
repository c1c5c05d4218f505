"""How the hub client shows what the hub answered: publish results, tables of
interfaces and versions, one interface's metadata, a comparison as a diff report."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from io import StringIO
from typing import TYPE_CHECKING, Any

from accord.core.change import Change, RuleInfo

if TYPE_CHECKING:
    from accord.compat.report import DiffReport


def _changes_text(changes: Sequence[Change], color: bool, indent: int) -> str:
    """Changes grouped by operation, exactly as ``accord diff``'s text report shows them."""
    from rich.padding import Padding
    from rich.text import Text

    from accord.report._common import group_by_operation, operation_title
    from accord.report.text import _changes_table, _console

    out = StringIO()
    console = _console(out, color, 100)
    for operation, grouped in group_by_operation(changes):
        console.print(Padding(Text(operation_title(operation), style="bold underline"),
                              (0, 0, 0, indent)))
        console.print(Padding(_changes_table(grouped), (0, 0, 0, indent)))
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"


def outcome_of(item: Mapping[str, Any]) -> str:
    """``published``, ``unchanged``, ``registered`` or ``refused`` for one import item."""
    if item.get("problem") or int(item.get("status") or 0) >= 400:
        return "refused"
    if item.get("version_created"):
        return "published"
    if item.get("interface_created"):
        return "registered"
    return "unchanged"


def publish_text(result: Mapping[str, Any], *, color: bool = False,
                 files: Mapping[int, tuple[str, str]] | None = None) -> str:
    """One line per import item, with the refusal's reasons under a refused one.
    ``files``: by item index, the file name the hub knows the contract by and
    the local path to show instead."""
    from dataclasses import replace
    items = list(result.get("data") or [])
    rows = []
    for item in items:
        outcome = outcome_of(item)
        if outcome == "published" and item.get("interface_created"):
            outcome = "published (new interface)"
        rows.append((str(item.get("interface") or "-"), str(item.get("name") or "-"),
                     str(item.get("version") or "-"), outcome))
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(3)]
    out: list[str] = []
    for item, row in zip(items, rows, strict=True):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        line = "  ".join([*cells, row[3]])
        problem = item.get("problem") or {}
        if problem:
            line += f"  {problem.get('code')}: {problem.get('detail') or problem.get('title')}"
        out.append(line)
        if problem.get("hint"):
            out.append(f"    hint: {problem['hint']}")
        details = {**problem, **(problem.get("details") or {})}
        changes = details.get("changes") or []
        sent, local = (files or {}).get(int(item.get("index", -1)), ("", ""))
        if changes:
            moved = [replace(c, location=replace(c.location, file=local))
                     if sent and c.location.file == sent else c
                     for c in map(Change.from_dict, changes)]
            out.append(_changes_text(moved, color, 4).rstrip())
        for finding in details.get("findings") or []:
            where = finding.get("location") or {}
            if sent and where.get("file") == sent:
                where = {**where, "file": local}
            place = ":".join(str(p) for p in (where.get("file"), where.get("line"),
                                              where.get("column")) if p is not None)
            out.append(f"    {finding.get('severity', 'error')}  {finding.get('rule')}  "
                       f"{finding.get('message')}  {place}".rstrip())
    counts = {word: sum(1 for i in items if outcome_of(i) == word)
              for word in ("published", "registered", "unchanged", "refused")}
    summary = ", ".join(f"{n} {word}" for word, n in counts.items()
                        if n or word in ("published", "refused"))
    out.append(f"{len(items)} interface{'s' if len(items) != 1 else ''}: {summary}")
    return "\n".join(out) + "\n"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, rich: bool) -> str:
    """A Rich table for a terminal, plain aligned columns otherwise."""
    if rich:
        from rich.console import Console
        from rich.table import Table

        grid = Table(*headers, box=None, header_style="bold", pad_edge=False)
        for row in rows:
            grid.add_row(*row)
        out = StringIO()
        Console(file=out, force_terminal=True, width=160).print(grid)
        return out.getvalue()
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
             for line in [headers, *rows]]
    return "\n".join(lines) + "\n"


def interface_rows(items: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    return [[i["id"], i["name"], i["kind"], i["team"], i["status"],
             (i.get("latest_version") or {}).get("version") or "-", i.get("provider") or "-",
             ", ".join(i.get("consumers") or []) or "-"] for i in items]


INTERFACE_HEADERS = ("ID", "NAME", "KIND", "TEAM", "STATUS", "LATEST", "PROVIDER", "CONSUMERS")
VERSION_HEADERS = ("VERSION", "PUBLISHED", "BY", "SHA256", "CHANGES", "FORCED")


def version_rows(items: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    rows = []
    for v in items:
        levels: dict[str, int] = {}
        for change in v.get("changelog") or []:
            levels[change.get("level", "?")] = levels.get(change.get("level", "?"), 0) + 1
        changes = ", ".join(f"{n} {lvl}" for lvl, n in levels.items()) or "-"
        rows.append([v["version"], str(v.get("published_at", ""))[:19].replace("T", " "),
                     v.get("published_by") or "-", (v.get("sha256") or "")[:12], changes,
                     v.get("forced_reason") or "-"])
    return rows


def _duration(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def interface_text(body: Mapping[str, Any], headers: Mapping[str, str]) -> str:
    """One interface's metadata, a field a line."""
    sla = body.get("sla") or {}
    latency = sla.get("latency_ms") or {}
    sla_parts = [f"{p} {latency[p]:g} ms" for p in ("p50", "p95", "p99") if latency.get(p)]
    if sla.get("uptime") is not None:
        sla_parts.append(f"uptime {sla['uptime']:g} %")
    limits = [f"{r.get('tier', 'default')}: {r['requests']} per {_duration(r['per_seconds'])}"
              + (f" (burst {r['burst']})" if r.get("burst") else "")
              for r in body.get("rate_limits") or []]
    auth = body.get("auth") or {}
    support = body.get("support") or {}
    windows = [f"{w['day']} {w['start']} for {_duration(60 * w['duration_minutes'])} "
               f"({w.get('timezone', 'UTC')})" for w in body.get("maintenance_windows") or []]
    latest = body.get("latest_version") or {}
    fields: list[tuple[str, str]] = [
        ("title", body.get("title") or "-"),
        ("description", body.get("description") or "-"),
        ("owner", body.get("team") or "-"),
        ("provider", body.get("provider") or "-"),
        ("consumers", ", ".join(body.get("consumers") or []) or "-"),
        ("status", body.get("status") or "-"),
        ("visibility", f"{body.get('visibility')}, {body.get('mode')}"),
        ("compatibility", body.get("compatibility") or "-"),
        ("ruleset", body.get("ruleset") or "-"),
        ("sla", ", ".join(sla_parts) or "-"),
        ("rate limits", "; ".join(limits) or "-"),
        ("auth", (auth.get("method") or "-") + (
            f" ({', '.join(auth['scopes'])})" if auth.get("scopes") else "")),
        ("support", ", ".join(f"{k} {v}" for k, v in support.items() if v) or "-"),
        ("maintenance", "; ".join(windows) or "-"),
        ("latest", f"{latest['version']}, published {str(latest.get('published_at'))[:19]}"
         if latest else "none published"),
    ]
    options = body.get("kind_options")
    if options:  # shown when the interface has its own (else: the kind's defaults)
        at = next(i for i, (name, _) in enumerate(fields) if name == "compatibility") + 1
        fields.insert(at, ("kind options", ", ".join(
            f"{k}={json.dumps(v) if not isinstance(v, str) else v}"
            for k, v in options.items())))
    if body.get("deprecated_at"):
        fields.append(("deprecated", str(body["deprecated_at"])[:19]))
    if body.get("sunset_at"):
        fields.append(("sunset", str(body["sunset_at"])[:19]))
    for header in ("Deprecation", "Sunset"):
        if headers.get(header):
            fields.append((f"{header} header", headers[header]))
    width = max(len(name) for name, _ in fields)
    head = f"{body['id']}  {body['name']}  ({body['kind']})"
    return head + "\n" + "\n".join(f"  {n.ljust(width)}  {v}" for n, v in fields) + "\n"


def compare_report(body: Mapping[str, Any], kind: str,
                   rules: Mapping[str, RuleInfo]) -> DiffReport:
    """The hub's comparison of two versions as a DiffReport (mode NONE), so the
    formatters of ``accord diff`` render it. ``rules`` (the kind's catalog) says
    which changes are additions, which the JSON leaves out."""
    from dataclasses import replace

    from accord.compat import report
    from accord.compat.modes import Mode
    from accord.compat.semver import advise
    from accord.core.change import Bump, Level

    changes = [Change.from_dict(c) for c in body.get("changes") or []]
    changes = [replace(c, addition=rules[c.rule].addition) if c.rule in rules else c
               for c in changes]
    base = f"{body['interface']}@{body['base']}"
    revision = f"{body['interface']}@{body['revision']}"
    advice = advise(body["base"], body["revision"], changes)
    suggested = body.get("suggested_bump")
    if suggested and suggested != str(advice.suggested):
        # A rule this client does not know: the hub's verdict wins.
        advice = replace(advice, suggested=Bump(suggested))
    return report.DiffReport(kind=kind, base=base, revision=revision, mode=Mode.NONE,
                             fail_on=Level.BREAKING, changes=tuple(changes), checks=(),
                             version=advice, history=(base,))
