"""Wording shared by the lint formats."""

from __future__ import annotations

from accord.core.finding import SEVERITIES
from accord.lint.report import LintReport
from accord.report._common import plural


def summary_text(report: LintReport) -> str:
    """``1 error, 3 warnings, 0 infos, 0 hints``."""
    counts = report.summary()
    names = {"error": "error", "warn": "warning", "info": "info", "hint": "hint"}
    return ", ".join(plural(counts[str(s)], names[str(s)]) for s in SEVERITIES)


def verdict(report: LintReport) -> str:
    scope = f" new since {report.changed_since}" if report.changed_since else ""
    if report.failed:
        return f"failed: findings{scope} at or above {report.fail_severity}"
    return f"passed: no findings{scope} at or above {report.fail_severity}"
