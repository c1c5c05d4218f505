"""``accord diff`` and ``accord changelog``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.errors import EXIT_FINDINGS, EXIT_OK, report_error
from accord.cli.options import DiffFormat, DocFormat
from accord.compat.modes import Mode
from accord.core.change import Change, Level
from accord.core.errors import AccordError, ErrorCode

# Command modules import only what their signatures need; the rest is imported
# when a command runs, so every command starts without loading the others' code.

if TYPE_CHECKING:
    from rich.progress import Progress

    from accord.cli.parallel import Outcome
    from accord.core.config import Settings

KindOpt = Annotated[
    str | None,
    typer.Option("--kind", "-k", help="Contract kind; detected from the file if omitted."),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Configuration file (default: ./accord.yaml if present)."),
]
KindOptionsOpt = Annotated[
    list[str] | None,
    typer.Option("--kind-option", "-O", metavar="[KIND.]KEY=VALUE",
                 help="A kind's option, over the config's kinds: section (repeatable); "
                 "e.g. jsonschema.policy=lenient."),
]
TodayOpt = Annotated[
    datetime | None,
    typer.Option("--today", formats=["%Y-%m-%d"],
                 help="The date sunsets are compared with (default: today)."),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to a file instead of stdout."),
]


def register(app: typer.Typer) -> None:
    app.command("diff")(diff_command)
    app.command("changelog")(changelog_command)


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Progress | None]:
    """A progress bar on a terminal's stderr; nothing when piped."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        progress.add_task("comparing versions", total=total)
        yield progress


def run_all(task: Callable[[int], Outcome], indices: Sequence[int]) -> Iterator[Outcome]:
    """:func:`accord.cli.parallel.run_all`, imported when a diff needs it
    (multiprocessing is not worth loading for the other commands)."""
    from accord.cli.parallel import run_all as run

    return run(task, indices)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _rule_levels(settings: Settings, source: str,
                 known: list[str]) -> tuple[dict[str, str], Level | None]:
    from accord.compat.report import VERSION_RULE
    from accord.core.config import check_rule_ids

    rules: dict[str, str] = dict(settings.diff.rules)
    check_rule_ids(rules, [*known, VERSION_RULE], file=source)
    version_setting = rules.pop(VERSION_RULE, "breaking")
    version_level = None if version_setting == "off" else Level(version_setting)
    return rules, version_level


def _pairs_by_version(last: int, mode: Mode) -> dict[int, list[tuple[int, int]]]:
    """The diffs a history check needs, grouped by the earlier version they read:
    the nearest version's diff (the reported changes) and the mode's checks."""
    needed: dict[int, list[tuple[int, int]]] = {last - 1: [(last - 1, last)]}
    for index, direction in mode.pairs(last + 1):
        pair = (index, last) if direction == "backward" else (last, index)
        if pair not in needed.setdefault(index, []):
            needed[index].append(pair)
    return needed


def diff_command(
    contracts: Annotated[
        list[Path],
        typer.Argument(
            help="BASE REVISION, or V1 V2 ... VN: the last is checked against the earlier ones.",
            show_default=False,
        ),
    ],
    mode: Annotated[
        Mode | None,
        typer.Option("--mode", "-m", case_sensitive=False,
                     help="Compatibility mode (default BACKWARD, or the config's diff.mode)."),
    ] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Report format.")] = (
        DiffFormat.TEXT
    ),
    fail_on: Annotated[
        Level | None,
        typer.Option("--fail-on", help="Exit 1 when a change at or above this level is found."),
    ] = None,
    kind: KindOpt = None,
    kind_option: KindOptionsOpt = None,
    config: ConfigOpt = None,
    today: TodayOpt = None,
    output: OutputOpt = None,
) -> None:
    """Compare contract versions: what changed, what breaks, and which version bump it needs.

    Exit 0 when nothing at or above --fail-on (default: breaking) was found, 1 when
    something was, 2 for usage or input errors.
    """
    from accord.cli.config import configured_kinds, load_settings
    from accord.cli.history import History
    from accord.cli.parallel import Outcome
    from accord.compat.report import check_history
    from accord.core.config import apply_rule_settings
    from accord.core.location import Location
    from accord.kinds.protocol import DiffOptions
    from accord.report import render_diff

    as_json = fmt is DiffFormat.JSON
    try:
        if len(contracts) < 2:
            raise AccordError(ErrorCode.USAGE, "diff needs at least two contracts (BASE REVISION)",
                              hint="accord diff old.yaml new.yaml")
        settings, source = load_settings(config)
        chosen_mode = mode or Mode(settings.diff.mode or Mode.BACKWARD)
        threshold = fail_on or Level(settings.diff.fail_on or Level.BREAKING)
        registry, by_kind = configured_kinds(config, kind_option, kind)
        history = History(registry, contracts, kind)
        options = DiffOptions(today=today.date() if today else date.today(),
                              kind_options=by_kind.get(history.kind.name, {}))
        rules = history.kind.rules()
        levels, version_level = _rule_levels(settings, source, [r.id for r in rules])

        def differ(i: int, j: int) -> list[Change]:
            found = history.kind.diff(history[i], history[j], options)
            return apply_rule_settings(found, levels)

        last = len(contracts) - 1
        needed = _pairs_by_version(last, chosen_mode)

        def task(index: int) -> Outcome:
            pairs = needed[index]
            return Outcome(index, history[index].version, {p: differ(*p) for p in pairs})

        results: dict[tuple[int, int], list[Change]] = {}
        versions = {last: history.revision.version}
        with _progress(len(needed), len(needed) > 1) as progress:
            for outcome in run_all(task, sorted(needed, reverse=True)):
                results.update(outcome.changes)
                versions[outcome.index] = outcome.version
                if progress is not None:
                    progress.advance(progress.task_ids[0])
        report = check_history(
            kind=history.kind.name,
            labels=[str(p) for p in contracts],
            version_of=versions.__getitem__,
            mode=chosen_mode,
            fail_on=threshold,
            differ=lambda i, j: results[(i, j)],
            version_location=history.revision.version_location
            or Location("", history.revision.source),
            version_level=version_level,
        )
    except AccordError as exc:
        report_error(exc, as_json=as_json)
    color = fmt is DiffFormat.TEXT and output is None and sys.stdout.isatty()
    text = render_diff(report, str(fmt), rules={r.id: r for r in rules}, color=color)
    _emit(text, output)
    raise typer.Exit(EXIT_FINDINGS if report.failed else EXIT_OK)


def changelog_command(
    base: Annotated[Path, typer.Argument(help="The earlier contract.", show_default=False)],
    revision: Annotated[Path, typer.Argument(help="The later contract.", show_default=False)],
    fmt: Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DocFormat.TEXT
    ),
    kind: KindOpt = None,
    kind_option: KindOptionsOpt = None,
    config: ConfigOpt = None,
    today: TodayOpt = None,
    output: OutputOpt = None,
) -> None:
    """A human changelog from BASE to REVISION, grouped by operation."""
    from accord.cli.config import configured_kinds, load_settings
    from accord.cli.history import History
    from accord.core.config import apply_rule_settings
    from accord.kinds.protocol import DiffOptions
    from accord.report import render_changelog

    try:
        settings, source = load_settings(config)
        registry, by_kind = configured_kinds(config, kind_option, kind)
        history = History(registry, [base, revision], kind)
        levels, _ = _rule_levels(settings, source, [r.id for r in history.kind.rules()])
        options = DiffOptions(today=today.date() if today else date.today(),
                              kind_options=by_kind.get(history.kind.name, {}))
        changes = apply_rule_settings(history.kind.diff(history[0], history[1], options), levels)
    except AccordError as exc:
        report_error(exc, as_json=fmt is DocFormat.JSON)
    text = render_changelog(
        changes,
        base=str(base),
        revision=str(revision),
        base_version=history[0].version,
        revision_version=history[1].version,
        fmt=str(fmt),
    )
    _emit(text, output)
