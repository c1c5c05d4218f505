"""A pull-request comment (GitHub-flavoured Markdown).

The verdict and counts first, then one table per operation with breaking and
dangerous changes, and the safe changes folded into a ``<details>`` block.
Text from the contracts is escaped, so a message cannot break a table or
inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from accord.compat.report import DiffReport
from accord.core.change import Change, Level
from accord.report._common import (
    LEVELS,
    check_label,
    extra_violations,
    group_by_operation,
    operation_title,
    verdict,
    version_text,
    where,
)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]~|#])")


def text(value: str) -> str:
    """Plain text safe inside a table cell: no markup, no HTML, no line breaks."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MARKDOWN_SPECIAL.sub(r"\\\1", value)
    return "<br>".join(value.splitlines()) if value else value


def code(value: str, *, in_table: bool = True) -> str:
    """An inline code span holding ``value`` verbatim (pipes escaped for a table cell)."""
    value = " ".join(value.splitlines())
    if in_table:
        value = value.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or longest else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _title(report: DiffReport) -> str:
    counts = report.summary()
    if counts["breaking"]:
        return f"**Breaking changes: {counts['breaking']}**"
    if counts["dangerous"]:
        return f"**No breaking changes; dangerous changes: {counts['dangerous']}**"
    if report.changes:
        return "**No breaking changes**"
    return "**No changes**"


def _rows(changes: Iterable[Change]) -> list[str]:
    lines = ["| Level | Rule | Change | Location |", "| --- | --- | --- | --- |"]
    for change in changes:
        detail = text(change.message)
        if change.hint:
            detail += f"<br>_Hint:_ {text(change.hint)}"
        location = where(change.location, column=False)
        lines.append(
            f"| {change.level} | {code(change.rule)} | {detail} | "
            f"{code(location) if location else ''} |"
        )
    return lines


def _sections(changes: Iterable[Change], heading: str) -> list[str]:
    lines: list[str] = []
    for operation, group in group_by_operation(changes):
        name = operation_title(operation)
        title = code(name, in_table=False) if operation else text(name)
        lines += ["", f"{heading} {title}", ""]
        lines += _rows(group)
    return lines


def render(report: DiffReport) -> str:
    lines = [
        f"### accord diff: {code(report.base, in_table=False)} → "
        f"{code(report.revision, in_table=False)}",
        "",
        _title(report),
        "",
        f"{text(verdict(report))} (fail on {report.fail_on})",
        "",
        "| Level | Changes |",
        "| --- | ---: |",
    ]
    counts = report.summary()
    lines += [f"| {level} | {counts[str(level)]} |" for level in LEVELS]
    advice = version_text(report.version)
    lines += ["", text(advice[:1].upper() + advice[1:]) + "."]

    if len(report.checks) > 1:
        lines += ["", "| Check | Result | Violations |", "| --- | --- | ---: |"]
        for check in report.checks:
            result = "compatible" if check.compatible else "**incompatible**"
            lines.append(f"| {text(check_label(check))} | {result} | {len(check.violations)} |")

    unsafe = [c for c in report.changes if c.level is not Level.SAFE]
    safe = [c for c in report.changes if c.level is Level.SAFE]
    lines += _sections(unsafe, "####")

    extras = extra_violations(report)
    if extras:
        lines += ["", "#### Earlier changes that still violate a check", ""]
        lines += ["| Check | Level | Rule | Change | Location |", "| --- | --- | --- | --- | --- |"]
        for check, change in extras:
            row = _rows([change])[-1]
            lines.append(f"| {text(check_label(check))} {row}")

    if safe:
        lines += ["", "<details>", f"<summary>Safe changes ({len(safe)})</summary>"]
        lines += _sections(safe, "#####")
        lines += ["", "</details>"]
    if not report.changes:
        lines += ["", "No changes."]
    return "\n".join(lines) + "\n"
