"""The lint engine: conventions checked on a contract, whatever its kind.

A kind provides :class:`LintRule` objects (``Kind.lint_rules()``); this package
decides which run and how severe they are (rulesets, the ``lint`` section of
``accord.yaml``), drops ignored and suppressed findings, and builds a
:class:`LintReport`. It never imports the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.core import lazy

if TYPE_CHECKING:
    from accord.lint.config import (
        IgnoreEntry,
        LintSettings,
        check_lint_rule_ids,
        parse_lint_settings,
    )
    from accord.lint.engine import ENGINE_RULES, LintRun, all_rules, lint
    from accord.lint.report import LintReport
    from accord.lint.rule import Hit, LintOptions, LintRule
    from accord.lint.rulesets import RECOMMENDED, RULESETS, STRICT, rule_catalog

__getattr__ = lazy.exports(__name__, {
    "IgnoreEntry": "config",
    "LintSettings": "config",
    "check_lint_rule_ids": "config",
    "parse_lint_settings": "config",
    "ENGINE_RULES": "engine",
    "LintRun": "engine",
    "all_rules": "engine",
    "lint": "engine",
    "LintReport": "report",
    "Hit": "rule",
    "LintOptions": "rule",
    "LintRule": "rule",
    "RECOMMENDED": "rulesets",
    "RULESETS": "rulesets",
    "STRICT": "rulesets",
    "rule_catalog": "rulesets",
})


__all__ = [
    "ENGINE_RULES",
    "RECOMMENDED",
    "RULESETS",
    "STRICT",
    "Hit",
    "IgnoreEntry",
    "LintOptions",
    "LintReport",
    "LintRule",
    "LintRun",
    "LintSettings",
    "all_rules",
    "check_lint_rule_ids",
    "lint",
    "parse_lint_settings",
    "rule_catalog",
]
