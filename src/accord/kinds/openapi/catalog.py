"""The OpenAPI rule catalog and the one way changes are built from it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from accord.core.change import Change, Direction, Level, RuleInfo
from accord.core.location import Location
from accord.core.text import sentence


class Catalog:
    """An ordered, read-only set of rules with a factory for changes."""

    def __init__(self, rules: Iterable[RuleInfo]) -> None:
        self._rules: dict[str, RuleInfo] = {}
        for rule in rules:
            if rule.id in self._rules:
                raise ValueError(f"rule {rule.id!r} defined twice")
            self._rules[rule.id] = rule

    def __iter__(self) -> Iterator[RuleInfo]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __getitem__(self, rule_id: str) -> RuleInfo:
        return self._rules[rule_id]

    def change(
        self,
        rule_id: str,
        message: str,
        location: Location,
        operation: str | None = None,
    ) -> Change:
        """A change of ``rule_id`` with the rule's level, direction and hint."""
        rule = self._rules[rule_id]
        return Change(
            rule=rule.id,
            level=rule.level,
            direction=rule.direction,
            message=message,
            hint=rule.hint,
            location=location,
            operation=operation,
            addition=rule.addition,
        )


def rule(
    id: str,
    level: Level,
    direction: Direction,
    description: str,
    hint: str,
    *,
    addition: bool = False,
) -> RuleInfo:
    return RuleInfo(id, level, direction, sentence(description), sentence(hint), addition)
