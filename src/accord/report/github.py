"""GitHub Actions workflow commands: one annotation per change, then a summary notice.

breaking -> ``::error``, dangerous -> ``::warning``, safe -> ``::notice``.
Escaping follows ``@actions/core``: data escapes ``%``, CR and LF; property
values also ``:`` and ``,``.
"""

from __future__ import annotations

from accord.compat.report import DiffReport, PairCheck
from accord.core.change import Change, Level
from accord.report._common import (
    check_label,
    extra_violations,
    summary_text,
    verdict,
    version_text,
)

COMMAND = {Level.BREAKING: "error", Level.DANGEROUS: "warning", Level.SAFE: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    """``::name k=v,...::message`` with every part escaped; None properties left out."""
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items() if value is not None
    )
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(change: Change, check: PairCheck | None = None) -> str:
    location = change.location
    message = change.message
    if check is not None:
        message += f" (found by the {check_label(check)} check)"
    if change.hint:
        message += f" ({change.hint})"
    line = location.line if location.file else None
    return command(
        COMMAND[change.level],
        message,
        file=location.file.replace("\\", "/") if location.file else None,
        line=line,
        col=location.column if line is not None else None,
        title=change.rule,
    )


def render(report: DiffReport) -> str:
    lines = [annotation(change) for change in report.changes]
    lines += [annotation(change, check) for check, change in extra_violations(report)]
    summary = (
        f"accord diff {report.base} -> {report.revision}: {verdict(report)}; "
        f"{summary_text(report)}; {version_text(report.version)}"
    )
    lines.append(command("notice", summary))
    return "\n".join(lines) + "\n"
