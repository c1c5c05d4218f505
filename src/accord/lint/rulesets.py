"""Built-in rulesets: which rules run, at which severity, before the configuration applies."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from accord.core.errors import AccordError, ErrorCode
from accord.core.finding import Severity
from accord.core.location import Location
from accord.lint.rule import LintRule

RECOMMENDED = "accord:recommended"
STRICT = "accord:strict"
RULESETS = (RECOMMENDED, STRICT)

#: A rule id -> its severity, or None when the rule is off.
Severities = dict[str, Severity | None]


def check_ruleset(name: str, location: Location | None = None) -> str:
    """``name`` if it is a built-in ruleset; else a located error with a suggestion."""
    if name in RULESETS:
        return name
    close = difflib.get_close_matches(name, RULESETS, n=1)
    raise AccordError(
        ErrorCode.INVALID_CONFIG,
        f"unknown ruleset {name!r}",
        location=location,
        hint=f"did you mean {close[0]!r}?" if close else f"rulesets: {', '.join(RULESETS)}",
    )


def ruleset_severities(name: str, rules: Iterable[LintRule]) -> Severities:
    """Recommended: recommended rules at their default severity. Strict: every
    rule, none below ``warn`` (strict is for APIs that follow every convention)."""
    out: Severities = {}
    for rule in rules:
        if name == STRICT:
            out[rule.id] = rule.severity if rule.severity.at_least(Severity.WARN) else Severity.WARN
        else:
            out[rule.id] = rule.severity if rule.recommended else None
    return out


def ruleset_levels(rules: Iterable[LintRule]) -> dict[str, dict[str, str]]:
    """Rule id -> {ruleset: severity} for the rulesets that switch the rule on."""
    listed = list(rules)
    out: dict[str, dict[str, str]] = {rule.id: {} for rule in listed}
    for name in RULESETS:
        for rule_id, severity in ruleset_severities(name, listed).items():
            if severity is not None:
                out[rule_id][name] = str(severity)
    return out


def rule_catalog(rules: Iterable[LintRule]) -> list[dict[str, object]]:
    """What ``accord rules --lint`` lists: each rule with the rulesets that run it."""
    listed = list(rules)
    levels = ruleset_levels(listed)
    return [{**rule.to_dict(), "rulesets": levels[rule.id]} for rule in listed]
