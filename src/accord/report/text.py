"""The terminal report: changes grouped by operation, then checks, counts, version advice, verdict.

Rendered with Rich; styles appear only when ``color`` is true (the caller
passes true for a terminal), otherwise the text is plain.
"""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from accord.compat.report import DiffReport
from accord.core.change import Change, Level
from accord.report._common import (
    check_label,
    extra_violations,
    group_by_operation,
    operation_title,
    plural,
    summary_text,
    verdict,
    version_text,
    where,
)

_BADGE_STYLE = {
    Level.BREAKING: "bold red",
    Level.DANGEROUS: "bold yellow",
    Level.SAFE: "green",
}
_BADGE_WIDTH = max(len(str(level)) for level in Level)


def _console(out: StringIO, color: bool, width: int) -> Console:
    return Console(
        file=out,
        force_terminal=color,
        color_system="auto" if color else None,
        # None: Rich honours NO_COLOR on a terminal; True: never any colour.
        no_color=None if color else True,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        legacy_windows=False,
    )


def _badge(level: Level) -> Text:
    return Text(str(level).upper().ljust(_BADGE_WIDTH), style=_BADGE_STYLE[level])


def _body(change: Change) -> Text:
    body = Text()
    body.append(change.rule, style="bold")
    body.append("  ")
    body.append(change.message)
    location = where(change.location)
    if location:
        body.append("  ")
        body.append(location, style="cyan")
    if change.hint:
        body.append("\n")
        body.append(f"hint: {change.hint}", style="dim")
    return body


def _changes_table(changes: list[Change]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for change in changes:
        grid.add_row(_badge(change.level), _body(change))
    return grid


def render(report: DiffReport, *, color: bool = False, width: int = 100) -> str:
    out = StringIO()
    console = _console(out, color, width)
    header = Text()
    header.append(f"{report.kind} diff", style="bold")
    header.append(f"  {report.base} -> {report.revision}")
    header.append(f"  mode {report.mode}, fail on {report.fail_on}", style="dim")
    console.print(header)
    console.print()

    if not report.changes:
        console.print("No changes.")
        console.print()
    for operation, changes in group_by_operation(report.changes):
        console.print(Text(operation_title(operation), style="bold underline"))
        console.print(_changes_table(changes))
        console.print()

    extras = extra_violations(report)
    if len(report.checks) > 1 or extras:
        console.print(Text("Checks", style="bold underline"))
        for check in report.checks:
            ok = check.compatible and not check.violations
            line = Text()
            line.append("✓" if ok else "✗", style="green" if ok else "red")
            line.append(f" {check_label(check)}: {plural(len(check.violations), 'violation')}")
            console.print(line)
            shown = [change for owner, change in extras if owner is check]
            if shown:
                console.print(Padding(_changes_table(shown), (0, 0, 0, 2)))
        console.print()

    console.print(summary_text(report))
    console.print(version_text(report.version))
    if not report.compatible:
        style = "bold red"
    else:
        style = "bold yellow" if report.failed else "bold green"
    console.print(Text(verdict(report), style=style))
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"
