"""The terminal report: findings grouped by file, then by element (JSON pointer).

Colour only when the caller asks (a terminal); plain text otherwise.
"""

from __future__ import annotations

from io import StringIO
from itertools import groupby

from rich.table import Table
from rich.text import Text

from accord.core.finding import Finding, Severity
from accord.lint.report import LintReport
from accord.report.lint._words import summary_text, verdict
from accord.report.text import _console

_BADGE_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARN: "bold yellow",
    Severity.INFO: "cyan",
    Severity.HINT: "dim",
}
_BADGE_WIDTH = max(len(str(s)) for s in Severity)


def _badge(severity: Severity) -> Text:
    return Text(str(severity).upper().ljust(_BADGE_WIDTH), style=_BADGE_STYLE[severity])


def _body(finding: Finding) -> Text:
    body = Text()
    body.append(finding.rule, style="bold")
    body.append("  ")
    body.append(finding.message)
    if finding.hint:
        body.append("\n")
        body.append(f"hint: {finding.hint}", style="dim")
    return body


def _element(findings: list[Finding]) -> Text:
    first = findings[0].location
    head = Text()
    if first.line is not None:
        head.append(f"{first.line}:{first.column or 1}", style="cyan")
        head.append("  ")
    head.append(first.pointer or "/", style="dim")
    return head


def render(report: LintReport, *, color: bool = False, width: int = 100) -> str:
    out = StringIO()
    console = _console(out, color, width)
    header = Text()
    header.append(f"{report.kind} lint", style="bold")
    header.append(f"  {report.contract}")
    since = f", changed since {report.changed_since}" if report.changed_since else ""
    header.append(f"  ruleset {report.ruleset}{since}, fail on {report.fail_severity}",
                  style="dim")
    console.print(header)
    console.print()
    if not report.findings:
        console.print("No findings.")
        console.print()
    for file, in_file in groupby(report.findings, key=lambda f: f.location.file or "<input>"):
        console.print(Text(file, style="bold underline"))
        # Findings are in line order; one element's findings are adjacent.
        for _, same in groupby(in_file, key=lambda f: f.location.pointer):
            items = sorted(same, key=lambda f: -f.severity.rank)
            console.print(_element(items))
            grid = Table.grid(padding=(0, 2))
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            for finding in items:
                grid.add_row(Text("  ") + _badge(finding.severity), _body(finding))
            console.print(grid)
        console.print()
    console.print(summary_text(report))
    console.print(Text(verdict(report), style="bold red" if report.failed else "bold green"))
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"
