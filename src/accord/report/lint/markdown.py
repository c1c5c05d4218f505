"""A pull-request comment (GitHub-flavoured Markdown) for ``accord lint``.

The verdict and the counts per severity first, then one table per file, findings
in line order. Text from the contract is escaped (``report.markdown.text``), so a
message cannot break a table or inject markup.
"""

from __future__ import annotations

from itertools import groupby

from accord.core.finding import SEVERITIES, Finding
from accord.lint.report import LintReport
from accord.report.lint._words import verdict
from accord.report.markdown import code, text

_ICON = {"error": "🔴", "warn": "🟡", "info": "🔵", "hint": "⚪"}


def _row(finding: Finding) -> str:
    detail = text(finding.message)
    if finding.hint:
        detail += f"<br>_Hint:_ {text(finding.hint)}"
    location = finding.location
    line = f"{location.line}" if location.line is not None else ""
    pointer = code(location.pointer or "/")
    severity = str(finding.severity)
    return f"| {line} | {_ICON[severity]} {severity} | {code(finding.rule)} | {detail} | " \
           f"{pointer} |"


def render(report: LintReport) -> str:
    counts = report.summary()
    since = (f", new since {code(report.changed_since, in_table=False)}"
             if report.changed_since else "")
    lines = [
        f"### accord lint: {code(report.contract, in_table=False)}",
        "",
        f"**{text(verdict(report)[:1].upper() + verdict(report)[1:])}**",
        "",
        f"Ruleset {code(report.ruleset, in_table=False)}{since}; fails on "
        f"{report.fail_severity} or above.",
        "",
        "| Severity | Findings |",
        "| --- | ---: |",
    ]
    lines += [f"| {_ICON[str(s)]} {s} | {counts[str(s)]} |" for s in SEVERITIES]
    for file, in_file in groupby(report.findings, key=lambda f: f.location.file or ""):
        found = list(in_file)
        lines += ["", f"#### {code(file, in_table=False) if file else 'Findings'} "
                      f"({len(found)})", ""]
        lines += ["| Line | Severity | Rule | Finding | Pointer |",
                  "| ---: | --- | --- | --- | --- |"]
        lines += [_row(f) for f in found]
    if not report.findings:
        lines += ["", "No findings."]
    return "\n".join(lines) + "\n"
