"""GitHub Actions annotations: one per finding, then a summary notice.

error -> ``::error``, warn -> ``::warning``, info and hint -> ``::notice``.
"""

from __future__ import annotations

from accord.core.finding import Finding, Severity
from accord.lint.report import LintReport
from accord.report.github import command
from accord.report.lint._words import summary_text, verdict

COMMAND = {Severity.ERROR: "error", Severity.WARN: "warning", Severity.INFO: "notice",
           Severity.HINT: "notice"}


def annotation(finding: Finding) -> str:
    location = finding.location
    message = f"{finding.message} ({finding.hint})" if finding.hint else finding.message
    line = location.line if location.file else None
    return command(
        COMMAND[finding.severity],
        message,
        file=location.file.replace("\\", "/") if location.file else None,
        line=line,
        col=location.column if line is not None else None,
        title=finding.rule,
    )


def render(report: LintReport) -> str:
    lines = [annotation(f) for f in report.findings]
    lines.append(command("notice", f"accord lint {report.contract}: {verdict(report)}; "
                                   f"{summary_text(report)}"))
    return "\n".join(lines) + "\n"
