"""Output formats of ``accord lint``: text, json, markdown, sarif, junit, github (as
``accord diff``'s). :data:`LINT_FORMATS` is the registry the command line offers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord.lint.report import LintReport
    from accord.lint.rule import LintRule

LINT_FORMATS: tuple[str, ...] = ("text", "json", "markdown", "sarif", "junit", "github")

__all__ = ["LINT_FORMATS", "render_lint"]


def render_lint(report: LintReport, fmt: str, *, rules: Mapping[str, LintRule],
                color: bool = False, width: int = 100) -> str:
    """``report`` in ``fmt`` (one of :data:`LINT_FORMATS`), ending in a newline.

    ``rules`` (by id): the rules that ran, described in SARIF and one JUnit test case
    each; ``color``/``width``: text only.
    """
    if fmt == "text":
        from accord.report.lint import text

        return text.render(report, color=color, width=width)
    if fmt == "json":
        import orjson  # several times faster than json.dumps on thousands of findings

        return orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n"
    if fmt == "markdown":
        from accord.report.lint import markdown

        return markdown.render(report)
    if fmt == "junit":
        from accord.report.lint import junit

        return junit.render(report, rules)
    if fmt == "sarif":
        from accord.report.lint import sarif

        return sarif.render(report, rules)
    if fmt == "github":
        from accord.report.lint import github

        return github.render(report)
    raise ValueError(f"unknown lint format {fmt!r}; expected one of {', '.join(LINT_FORMATS)}")
