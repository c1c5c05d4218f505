"""The ``lint`` section of ``accord.yaml``: rulesets, severities, ignores, options.

::

    lint:
      extends: accord:recommended        # or accord:strict, or a list
      casing: snake_case                 # property casing (default: the majority's)
      rules: {paths-no-verbs: off, info-contact: error}
      ignore:
        - {rule: collection-envelope, pointer: /paths/~1legacy, reason: kept for v1 clients}

Errors name the offending key with its line (``locate`` maps a pointer to a
Location) and suggest the closest rule id or ruleset.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location, join
from accord.lint.rule import Casing
from accord.lint.rulesets import check_ruleset

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
            hint="the lint section takes extends, casing, rules (id: off|error|warn|info|hint) "
            "and ignore (a list of {rule, pointer, reason})",
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
    return settings


def check_lint_rule_ids(settings: LintSettings, known: Iterable[str], *, file: str,
                        locate: Locate | None = None) -> None:
    """Refuse rule ids no rule has, suggesting the closest one."""
    where = locate or _default_locate(file)
    ids = sorted(set(known))
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
                else "check the id against the rule ids in a report's findings",
            )
