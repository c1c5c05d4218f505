"""``accord lint``: check a contract against API conventions."""

from __future__ import annotations

import gc
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.diff import ConfigOpt, KindOpt, KindOptionsOpt, OutputOpt
from accord.cli.errors import EXIT_FINDINGS, EXIT_OK, report_error
from accord.core.errors import AccordError, ErrorCode
from accord.core.finding import Severity
from accord.lint.rulesets import RECOMMENDED

if TYPE_CHECKING:
    from accord.lint import LintSettings


class LintFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"


def register(app: typer.Typer) -> None:
    app.command("lint")(lint_command)


def _settings(config: Path | None) -> tuple[LintSettings, str, object]:
    """The ``lint`` section of the configuration file, validated, with its locator."""
    from accord.cli.config import DEFAULT_NAMES, find_config
    from accord.lint import LintSettings, parse_lint_settings
    from accord.source import load_document

    path = find_config(config)
    if path is None:
        return LintSettings(), DEFAULT_NAMES[0], None
    doc = load_document(path, str(path))
    section = doc.data.get("lint") if isinstance(doc.data, dict) else None
    return parse_lint_settings(section, file=str(path), locate=doc.location), str(path), doc


def lint_command(
    contract: Annotated[Path, typer.Argument(help="The contract to lint.", show_default=False)],
    ruleset: Annotated[
        str | None,
        typer.Option("--ruleset", "-r",
                     help=f"accord:recommended or accord:strict (default: the config's "
                     f"lint.extends, else {RECOMMENDED})."),
    ] = None,
    fmt: Annotated[LintFormat, typer.Option("--format", "-f", help="Report format.")] = (
        LintFormat.TEXT
    ),
    fail_severity: Annotated[
        Severity,
        typer.Option("--fail-severity",
                     help="Exit 1 when a finding at or above this severity is reported."),
    ] = Severity.ERROR,
    changed_since: Annotated[
        Path | None,
        typer.Option("--changed-since", metavar="BASE_FILE",
                     help="Report only findings the contract has and BASE_FILE does not."),
    ] = None,
    config: ConfigOpt = None,
    kind: KindOpt = None,
    kind_option: KindOptionsOpt = None,
    output: OutputOpt = None,
) -> None:
    """Check a contract against API conventions; each finding says where and how to fix it.

    Exit 0 when nothing at or above --fail-severity (default: error) was found, 1 when
    something was, 2 for usage or input errors.
    """
    from accord.cli.config import configured_kinds
    from accord.kinds.protocol import load_for_lint
    from accord.lint import LintRun, all_rules, check_lint_rule_ids, lint
    from accord.lint.rulesets import check_ruleset
    from accord.report.lint import render_lint

    try:
        if ruleset is not None:
            check_ruleset(ruleset)
        settings, source, doc = _settings(config)
        registry, _ = configured_kinds(config, kind_option, kind)
        chosen = registry[kind] if kind else registry.detect(contract)
        rules = all_rules(chosen.lint_rules(), settings)
        locate = getattr(doc, "location", None)
        builtin = [r.id for r in all_rules(chosen.lint_rules())]
        check_lint_rule_ids(settings, builtin, file=source, locate=locate)
        revision = load_for_lint(chosen, contract)
        # The contract lives until the end: keep the cyclic collector from
        # rescanning its objects while the rules run.
        gc.freeze()
        base = None
        if changed_since is not None:
            if changed_since.resolve() == contract.resolve():
                raise AccordError(ErrorCode.USAGE, "--changed-since names the linted file",
                                  hint="pass the earlier revision of the contract")
            base = load_for_lint(chosen, changed_since)
        run = LintRun(settings=settings, ruleset=ruleset, fail_severity=fail_severity)
        report = lint(revision, chosen.lint_rules(), run, base=base)
    except AccordError as exc:
        report_error(exc, as_json=fmt is LintFormat.JSON)
    color = fmt is LintFormat.TEXT and output is None and sys.stdout.isatty()
    text = render_lint(report, str(fmt), rules={r.id: r for r in rules}, color=color)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    raise typer.Exit(EXIT_FINDINGS if report.failed else EXIT_OK)
