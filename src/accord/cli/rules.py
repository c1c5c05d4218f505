"""``accord rules``: the catalog of change rules of each kind."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from accord.cli.errors import report_error
from accord.cli.options import DocFormat
from accord.core.change import RuleInfo
from accord.core.errors import AccordError
from accord.kinds import load_kinds

_LEVEL_STYLE = {"breaking": "bold red", "dangerous": "yellow", "safe": "green"}


def register(app: typer.Typer) -> None:
    app.command("rules")(rules_command)


def _markdown(kind: str, rules: list[RuleInfo]) -> str:
    lines = [f"# {kind} change rules", "", "| id | level | direction | description | hint |",
             "|---|---|---|---|---|"]
    for r in rules:
        cells = [f"`{r.id}`", str(r.level), str(r.direction), r.description, r.hint]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def rules_command(
    kind: Annotated[
        str | None, typer.Option("--kind", "-k", help="Only this kind's rules.")
    ] = None,
    fmt: Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DocFormat.TEXT
    ),
) -> None:
    """List the change rules: id, level, direction, description and fix hint."""
    try:
        registry = load_kinds()
        names = [kind] if kind else sorted(registry)
        catalogs = {name: list(registry[name].rules()) for name in names}
    except AccordError as exc:
        report_error(exc, as_json=fmt is DocFormat.JSON)
    if fmt is DocFormat.JSON:
        data = {name: [r.to_dict() for r in rules] for name, rules in catalogs.items()}
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    if fmt is DocFormat.MARKDOWN:
        sys.stdout.write("\n".join(_markdown(n, r) for n, r in catalogs.items()))
        return
    console = Console(highlight=False)
    for name, rules in catalogs.items():
        table = Table(title=f"{registry[name].title} change rules ({len(rules)})",
                      title_justify="left", expand=False)
        table.add_column("id", no_wrap=True)
        table.add_column("level")
        table.add_column("direction")
        table.add_column("description")
        for r in rules:
            level = f"[{_LEVEL_STYLE.get(str(r.level), '')}]{r.level}[/]"
            table.add_row(r.id, level, str(r.direction), r.description)
        console.print(table)
