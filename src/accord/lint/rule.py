"""What a lint rule is: an id, a default severity, the reason, a fix hint and a check.

Kinds own their rules (``Kind.lint_rules()``); the engine owns severities,
rulesets, ignores and suppressions, so a check only says what is wrong and where.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from accord.core.finding import Severity
from accord.core.location import Location

Casing = Literal["camelCase", "snake_case"]


@dataclass(frozen=True, slots=True)
class LintOptions:
    """Settings some checks read (from the ``lint`` section of ``accord.yaml``)."""

    #: The property casing the API must use; None: whichever most properties use.
    casing: Casing | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check reports: the engine turns it into a :class:`Finding`."""

    message: str
    location: Location
    #: A fix hint for this case; None: the rule's own hint.
    hint: str | None = None


#: A check reads a kind's model (``Contract.model``) and yields what it finds.
Check = Callable[[Any, LintOptions], Iterable[Hit]]


def _no_hits(model: Any, options: LintOptions) -> Iterable[Hit]:
    return ()


@dataclass(frozen=True, slots=True)
class LintRule:
    """One convention, checkable on one kind's model."""

    id: str
    severity: Severity
    #: What the rule wants and why (one or two sentences; docs are generated from it).
    description: str
    hint: str
    check: Check = _no_hits
    #: False: only ``accord:strict`` (or the configuration) switches the rule on.
    recommended: bool = True

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "severity": str(self.severity),
            "description": self.description,
            "hint": self.hint,
            "recommended": self.recommended,
        }


class RuleDecorator(Protocol):
    """``@rule(id, severity, description, hint)`` over a check function."""

    def __call__(self, rule_id: str, severity: Severity, description: str, hint: str, *,
                 recommended: bool = True) -> Callable[[Check], Check]: ...


def registrar(rules: list[LintRule]) -> RuleDecorator:
    """The ``@rule`` decorator of a kind whose built-in rules are ``rules``: each
    decorated check is appended as a rule, its description and hint made sentences."""
    from accord.core.text import sentence

    def rule(rule_id: str, severity: Severity, description: str, hint: str, *,
             recommended: bool = True) -> Callable[[Check], Check]:
        def register(check: Check) -> Check:
            rules.append(LintRule(rule_id, severity, sentence(description), sentence(hint),
                                  check, recommended))
            return check

        return register

    return rule
