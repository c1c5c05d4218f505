"""The ``lint`` section of ``accord.yaml``: rulesets, severities, ignores, options.

::

    lint:
      extends: accord:recommended        # or accord:strict, or a list
      casing: snake_case                 # property casing (default: the majority's)
      rules:
        paths-no-verbs: off                # a built-in rule's severity, or off
        info-contact: error
        operation-tags:                    # a mapping: a custom rule (lint/custom.py)
          message: "{{property}} {{error}}"
          given: $.paths[*][*]
          then: {field: tags, function: truthy}
      ignore:
        - {rule: collection-envelope, pointer: /paths/~1legacy, reason: kept for v1 clients}

Errors name the offending key with its line (``locate`` maps a pointer to a
Location) and suggest the closest rule id or ruleset.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location, join
from accord.lint.rule import Casing
from accord.lint.rulesets import check_ruleset

if TYPE_CHECKING:
    from accord.lint.custom import CustomRule

RuleSetting = Literal["off", "error", "warn", "info", "hint"]
Locate = Callable[[str], Location]
SECTION = "/lint"


@dataclass(frozen=True)
class IgnoreEntry:
    """Findings of ``rule`` at ``pointer`` or below it are not reported."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    rule: str
    reason: str
    pointer: str = ""

    def covers(self, rule: str, pointer: str) -> bool:
        if rule != self.rule:
            return False
        # A prefix of whole tokens: /paths/~1a covers /paths/~1a/get, not /paths/~1ab.
        return not self.pointer or pointer == self.pointer or pointer.startswith(
            self.pointer.rstrip("/") + "/")


@dataclass(frozen=True)
class LintSettings:
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    extends: str | list[str] | None = None
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    ignore: list[IgnoreEntry] = field(default_factory=list)
    casing: Casing | None = None
    #: Custom rules (mappings under ``rules``); set by :func:`parse_lint_settings`,
    #: never read from the file as such. Typed loosely so validation ignores them.
    custom: tuple[Any, ...] = ()

    @property
    def custom_rules(self) -> tuple[CustomRule, ...]:
        return self.custom  # only CustomRule objects (parse_lint_settings puts them there)

    @property
    def rulesets(self) -> list[str]:
        if self.extends is None:
            return []
        return [self.extends] if isinstance(self.extends, str) else list(self.extends)


def _default_locate(file: str) -> Locate:
    return lambda pointer: Location(pointer, file)


def parse_lint_settings(data: Any, *, file: str, locate: Locate | None = None) -> LintSettings:
    """Validate the parsed ``lint`` section (None: defaults)."""
    where = locate or _default_locate(file)
    if data is None:
        return LintSettings()
    custom: dict[str, Any] = {}
    if isinstance(data, dict):
        if "custom" in data:
            raise AccordError(
                ErrorCode.INVALID_CONFIG,
                "unknown key 'custom' in the lint section",
                location=where(join(SECTION, "custom")),
                hint="declare a custom rule under rules, as <rule-id>: {given, then, message}",
            )
        rules = data.get("rules")
        if isinstance(rules, dict):
            custom = {str(k): v for k, v in rules.items() if isinstance(v, dict)}
            data = {**data, "rules": {k: v for k, v in rules.items() if not isinstance(v, dict)}}
    from pydantic import TypeAdapter, ValidationError

    try:
        settings = TypeAdapter(LintSettings).validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        pointer = join(SECTION, *err["loc"])
        raise AccordError(
            ErrorCode.INVALID_CONFIG,
            f"invalid lint configuration at {pointer}: {err['msg']}",
            location=where(pointer),
            hint="the lint section takes extends, casing, rules (id: off|error|warn|info|hint, "
            "or id: {given, then, message} for a custom rule) and ignore (a list of "
            "{rule, pointer, reason})",
        ) from None
    for index, name in enumerate(settings.rulesets):
        tokens: tuple[str | int, ...] = ("extends",) if isinstance(settings.extends, str) else (
            "extends", index)
        check_ruleset(name, where(join(SECTION, *tokens)))
    for index, entry in enumerate(settings.ignore):
        if not entry.reason.strip():
            raise AccordError(
                ErrorCode.INVALID_CONFIG,
                f"the ignore entry for {entry.rule!r} gives no reason",
                location=where(join(SECTION, "ignore", index, "reason")),
                hint="say why the finding is acceptable, so the next reader can judge it",
            )
    if custom:
        from accord.lint.custom import parse_custom_rule

        parsed = tuple(parse_custom_rule(rule_id, raw, section=SECTION, file=file, where=where)
                       for rule_id, raw in custom.items())
        settings = replace(settings, custom=parsed)
    return settings


def check_lint_rule_ids(settings: LintSettings, known: Iterable[str], *, file: str,
                        locate: Locate | None = None) -> None:
    """Refuse rule ids no rule has, suggesting the closest one, and custom rules
    that take a built-in rule's id."""
    where = locate or _default_locate(file)
    builtin = set(known)
    for custom in settings.custom_rules:
        if custom.id in builtin:
            raise AccordError(
                ErrorCode.INVALID_CONFIG,
                f"the custom rule {custom.id!r} has the id of a built-in rule",
                location=where(join(SECTION, "rules", custom.id)),
                hint="give the custom rule its own id; a built-in rule's setting is a severity "
                "(off|error|warn|info|hint)",
            )
    ids = sorted(builtin | {r.id for r in settings.custom_rules})
    named = [(rule, join(SECTION, "rules", rule)) for rule in settings.rules]
    named += [(e.rule, join(SECTION, "ignore", i, "rule")) for i, e in enumerate(settings.ignore)]
    for rule, pointer in named:
        if rule not in ids:
            close = difflib.get_close_matches(rule, ids, n=1)
            raise AccordError(
                ErrorCode.UNKNOWN_RULE,
                f"unknown lint rule {rule!r}",
                location=where(pointer),
                hint=f"did you mean {close[0]!r}?" if close
                else "list the lint rules with: accord rules --lint (add --kind to pick a kind)",
            )
