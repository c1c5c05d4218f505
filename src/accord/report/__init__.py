"""Output formats of ``accord diff`` and ``accord changelog``.

Each format is a small module; this package picks one by name:

========  =====================================================
text      terminal report (Rich; colour only when asked)
json      ``DiffReport.to_dict()``; schema in ``schemas/diff-report.schema.json``
markdown  pull-request comment
sarif     SARIF 2.1.0 log for code-scanning views
junit     JUnit XML for CI test reports
github    GitHub Actions workflow commands (annotations)
========  =====================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord.compat.report import DiffReport
    from accord.core.change import Change, RuleInfo

# Each format module is imported when it is asked for: a run renders one format.

DIFF_FORMATS: tuple[str, ...] = ("text", "json", "markdown", "sarif", "junit", "github")
CHANGELOG_FORMATS: tuple[str, ...] = ("text", "markdown", "json")

__all__ = [
    "CHANGELOG_FORMATS",
    "DIFF_FORMATS",
    "render_changelog",
    "render_diff",
]


def render_diff(
    report: DiffReport,
    fmt: str,
    *,
    rules: Mapping[str, RuleInfo],
    color: bool = False,
    width: int = 100,
) -> str:
    """``report`` in format ``fmt`` (one of :data:`DIFF_FORMATS`), ending in a newline.

    ``rules`` is the kind's rule catalog by id (SARIF describes each rule that
    occurs; rules missing from it, like the version-bump rule, are described
    from the change). ``color`` and ``width`` apply to ``text`` only.
    """
    if fmt == "text":
        from accord.report import text

        return text.render(report, color=color, width=width)
    if fmt == "json":
        from accord.report import json_format

        return json_format.render(report)
    if fmt == "markdown":
        from accord.report import markdown

        return markdown.render(report)
    if fmt == "sarif":
        from accord.report import sarif

        return sarif.render(report, rules)
    if fmt == "junit":
        from accord.report import junit

        return junit.render(report)
    if fmt == "github":
        from accord.report import github

        return github.render(report)
    raise ValueError(f"unknown diff format {fmt!r}; expected one of {', '.join(DIFF_FORMATS)}")


def render_changelog(
    changes: Sequence[Change],
    *,
    base: str,
    revision: str,
    base_version: str | None,
    revision_version: str | None,
    fmt: str,
) -> str:
    """A changelog from ``base`` to ``revision`` in ``fmt`` (one of :data:`CHANGELOG_FORMATS`)."""
    if fmt not in CHANGELOG_FORMATS:
        raise ValueError(
            f"unknown changelog format {fmt!r}; expected one of {', '.join(CHANGELOG_FORMATS)}"
        )
    from accord.report import changelog

    return changelog.render(
        changes,
        base=base,
        revision=revision,
        base_version=base_version,
        revision_version=revision_version,
        fmt=fmt,
    )
