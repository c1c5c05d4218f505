"""Comparing the members of two versions of a type: fields, arguments, input fields,
enum values, and the directives applied to them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from accord.core.change import Change
from accord.kinds.graphql.defs import (
    DEFAULT_DEPRECATION,
    Definitions,
    Element,
    Member,
    Text,
    Use,
)
from accord.kinds.graphql.rules import CATALOG

_WRAP = re.compile(r"\[|\]!?|[_A-Za-z0-9]+!?")
#: Directives with rules of their own: the deprecation rules, and @oneOf on input
#: objects (``input-one-of-*``) and on fields (``field-one-of-*``).
OWN_RULES = frozenset({"deprecated"})
ONE_OF_RULES = frozenset({"deprecated", "oneOf"})


@dataclass
class Differ:
    """Collects the changes between ``base`` and ``revision``."""

    base: Definitions
    revision: Definitions
    changes: list[Change] = field(default_factory=list)
    #: Federation subgraphs: the canonical names of each side's Federation directives.
    _old_names: dict[str, str] = field(default_factory=dict)
    _new_names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for defs, names in ((self.base, self._old_names), (self.revision, self._new_names)):
            if defs.platform is not None:
                names.update(defs.platform.canonical)

    def add(self, rule_id: str, message: str, element: Element, coordinate: str,
            in_base: bool = False) -> None:
        defs = self.base if in_base else self.revision
        self.changes.append(CATALOG.change(rule_id, message, defs.where(element), coordinate))

    # --- descriptions and deprecation ------------------------------------------------
    def description(self, prefix: str, what: str, old: Text | None, new: Text | None,
                    element: Element, coordinate: str, three: bool = True) -> None:
        if old == new:
            return
        old, new = _described(old), _described(new)  # "" describes nothing
        if old is None and new is None:
            return
        if not three:
            verb = "was added" if old is None else "was removed" if new is None else "changed"
            self.add(f"{prefix}-description-changed", f"The description of {what} {verb}",
                     element, coordinate)
        elif old is None:
            self.add(f"{prefix}-description-added", f"{what} got a description", element,
                     coordinate)
        elif new is None:
            self.add(f"{prefix}-description-removed", f"{what} lost its description", element,
                     coordinate)
        else:
            self.add(f"{prefix}-description-changed", f"The description of {what} changed",
                     element, coordinate)

    def field_deprecation(self, old: Member, new: Member, coordinate: str) -> None:
        before, after = old.deprecation, new.deprecation
        if before == after:
            return
        what = f"field {coordinate}"
        if before is None:
            self.add("field-deprecated", f"{what} was deprecated: {after}", new, coordinate)
        elif after is None:
            self.add("field-undeprecated", f"{what} is no longer deprecated", new, coordinate)
        elif before == DEFAULT_DEPRECATION:
            self.add("field-deprecation-reason-added",
                     f"{what} got a deprecation reason: {after}", new, coordinate)
        elif after == DEFAULT_DEPRECATION:
            self.add("field-deprecation-reason-removed",
                     f"{what} lost its deprecation reason ({before})", new, coordinate)
        else:
            self.add("field-deprecation-reason-changed",
                     f"The deprecation reason of {what} changed to: {after}", new, coordinate)

    # --- output fields ---------------------------------------------------------------
    def fields(self, type_name: str, old: dict[str, Member], new: dict[str, Member]) -> None:
        for name, before in old.items():
            coordinate = f"{type_name}.{name}"
            after = new.get(name)
            if after is None:
                reason = before.deprecation
                if reason is not None and reason != DEFAULT_DEPRECATION and reason.strip():
                    self.add("deprecated-field-removed",
                             f"Field {coordinate} was removed; it was deprecated: {reason}",
                             before, coordinate, in_base=True)
                else:
                    note = (" (deprecated without a reason)" if reason is not None
                            else " without being deprecated first")
                    self.add("field-removed", f"Field {coordinate} was removed{note}", before,
                             coordinate, in_base=True)
                continue
            if before.type != after.type:
                self.output_type(before.type, after, coordinate)
            if before.description != after.description:
                self.description("field", f"field {coordinate}", before.description,
                                 after.description, after, coordinate)
            if before.directives or after.directives:
                self.field_deprecation(before, after, coordinate)
                self.field_one_of(before, after, coordinate)
                self.usages(before.directives, after.directives, coordinate, ONE_OF_RULES)
            if before.args or after.args:
                self.arguments(coordinate, before.args, after.args)
        for name, after in new.items():
            if name not in old:
                coordinate = f"{type_name}.{name}"
                self.add("field-added", f"Field {coordinate}: {after.type} was added", after,
                         coordinate)

    def field_one_of(self, old: Member, new: Member, coordinate: str) -> None:
        was = any(use.name == "oneOf" for use in old.directives)
        now = any(use.name == "oneOf" for use in new.directives)
        if now and not was:
            self.add("field-one-of-added", f"Field {coordinate} became @oneOf: queries must "
                     "pass exactly one of its arguments", new, coordinate)
        elif was and not now:
            self.add("field-one-of-removed", f"Field {coordinate} is no longer @oneOf", new,
                     coordinate)

    def output_type(self, old: str, new: Member, coordinate: str) -> None:
        added, removed = _nullability(old, new.type)
        change = f"from {old} to {new.type}"
        if added is None:
            self.add("field-type-changed", f"The type of field {coordinate} changed {change}",
                     new, coordinate)
        elif removed:
            self.add("field-made-nullable", f"Field {coordinate} may now return null "
                     f"({change})", new, coordinate)
        else:
            self.add("field-made-non-null", f"Field {coordinate} became non-null ({change})",
                     new, coordinate)

    # --- arguments and input fields --------------------------------------------------
    def arguments(self, owner: str, old: dict[str, Member], new: dict[str, Member],
                  prefix: str = "argument") -> None:
        """Arguments of a field (``prefix="argument"``) or of a directive."""
        for name, before in old.items():
            coordinate = f"{owner}({name}:)"
            after = new.get(name)
            if after is None:
                self.add(f"{prefix}-removed", f"Argument {coordinate} was removed", before,
                         coordinate, in_base=True)
                continue
            if before.type != after.type:
                self.input_type(prefix, "argument", before.type, after, coordinate)
            if before.default != after.default:
                self.default(prefix, "argument", before, after, coordinate)
            if before.description != after.description:
                self.description(prefix, f"argument {coordinate}", before.description,
                                 after.description, after, coordinate, three=False)
            if before.directives or after.directives:
                self.deprecation("argument", "argument", before, after, coordinate)
                self.usages(before.directives, after.directives, coordinate)
        for name, after in new.items():
            if name in old:
                continue
            coordinate = f"{owner}({name}:)"
            if _required(after):
                self.add(f"{prefix}-added-required",
                         f"Required argument {coordinate}: {after.type} was added", after,
                         coordinate)
            else:
                self.add(f"{prefix}-added", f"Optional argument {coordinate}: {after.type} "
                         "was added", after, coordinate)

    def input_type(self, prefix: str, what: str, old: str, new: Member,
                   coordinate: str) -> None:
        added, removed = _nullability(old, new.type)
        change = f"from {old} to {new.type}"
        if added is None:
            self.add(f"{prefix}-type-changed", f"The type of {what} {coordinate} changed "
                     f"{change}", new, coordinate)
        elif added:
            self.add(f"{prefix}-made-required", f"{what.capitalize()} {coordinate} became "
                     f"non-null ({change})", new, coordinate)
        elif removed:
            self.add(f"{prefix}-made-optional", f"{what.capitalize()} {coordinate} became "
                     f"nullable ({change})", new, coordinate)

    def default(self, prefix: str, what: str, old: Member, new: Member,
                coordinate: str) -> None:
        """A default value added, removed or changed. A non-null argument or input
        field that loses its default becomes required: what omitted it now fails."""
        if new.default is None and old.type == new.type and _required(new):
            self.add(f"{prefix}-made-required", f"{what.capitalize()} {coordinate} lost its "
                     f"default value ({old.default}): it is non-null ({new.type}), so it must "
                     "now be given", new, coordinate)
        else:
            self.add(f"{prefix}-default-changed", f"The default value of {what} {coordinate} "
                     f"{_verb(old.default, new.default)}", new, coordinate)

    def input_fields(self, type_name: str, old: dict[str, Member],
                     new: dict[str, Member]) -> None:
        for name, before in old.items():
            coordinate = f"{type_name}.{name}"
            after = new.get(name)
            if after is None:
                self.add("input-field-removed", f"Input field {coordinate} was removed", before,
                         coordinate, in_base=True)
                continue
            if before.type != after.type:
                self.input_type("input-field", "input field", before.type, after, coordinate)
            if before.default != after.default:
                self.default("input-field", "input field", before, after, coordinate)
            if before.description != after.description:
                self.description("input-field", f"input field {coordinate}",
                                 before.description, after.description, after, coordinate)
            if before.directives or after.directives:
                self.deprecation("input-field", "input field", before, after, coordinate)
                self.usages(before.directives, after.directives, coordinate)
        for name, after in new.items():
            if name in old:
                continue
            coordinate = f"{type_name}.{name}"
            if _required(after):
                self.add("input-field-added-required",
                         f"Required input field {coordinate}: {after.type} was added", after,
                         coordinate)
            elif after.default is not None:
                self.add("input-field-added-with-default",
                         f"Input field {coordinate}: {after.type} = {after.default} was added",
                         after, coordinate)
            else:
                self.add("input-field-added",
                         f"Optional input field {coordinate}: {after.type} was added", after,
                         coordinate)

    # --- enum values -----------------------------------------------------------------
    def enum_values(self, type_name: str, old: dict[str, Member],
                    new: dict[str, Member]) -> None:
        for name, before in old.items():
            coordinate = f"{type_name}.{name}"
            after = new.get(name)
            if after is None:
                note = " (it was deprecated)" if before.deprecation is not None else ""
                self.add("enum-value-removed", f"Enum value {coordinate} was removed{note}",
                         before, coordinate, in_base=True)
                continue
            if before.description != after.description:
                self.description("enum-value", f"enum value {coordinate}", before.description,
                                 after.description, after, coordinate, three=False)
            if before.directives or after.directives:
                self.deprecation("enum-value", "enum value", before, after, coordinate)
                self.usages(before.directives, after.directives, coordinate)
        for name, after in new.items():
            if name not in old:
                coordinate = f"{type_name}.{name}"
                self.add("enum-value-added", f"Enum value {coordinate} was added", after,
                         coordinate)

    def deprecation(self, prefix: str, what: str, old: Member, new: Member,
                    coordinate: str) -> None:
        """Deprecation of an enum value, an argument or an input field."""
        before, after = old.deprecation, new.deprecation
        if before == after:
            return
        if before is None:
            self.add(f"{prefix}-deprecated", f"{what.capitalize()} {coordinate} was "
                     f"deprecated: {after}", new, coordinate)
        elif after is None:
            self.add(f"{prefix}-undeprecated", f"{what.capitalize()} {coordinate} is no "
                     "longer deprecated", new, coordinate)
        else:
            self.add(f"{prefix}-deprecation-reason-changed", f"The deprecation reason of "
                     f"{what} {coordinate} changed to: {after}", new, coordinate)

    # --- directives applied ----------------------------------------------------------
    def usages(self, old: list[Use], new: list[Use], coordinate: str,
               own: frozenset[str] = OWN_RULES) -> None:
        """Directives applied to an element; ``own`` are those with rules of their own."""
        before = _by_name(old, self._old_names)
        after = _by_name(new, self._new_names)
        if before == after:
            return
        same_arguments = _same_arguments
        if self._old_names or self._new_names:
            from accord.kinds.graphql import federation_diff

            federation_diff.federation_usages(self, before, after, coordinate)
            same_arguments = federation_diff.same_arguments
        for key, use in before.items():
            if key[0] in own:
                continue
            now = after.get(key)
            if now is None:
                self.add("directive-usage-removed", f"@{use.name} was removed from "
                         f"{coordinate}", use, coordinate, in_base=True)
            elif not same_arguments(key[0], use, now):
                self.usage_arguments(use, now, coordinate)
        for key, use in after.items():
            if key[0] not in own and key not in before:
                self.add("directive-usage-added", f"@{use.name} was applied to {coordinate}",
                         use, coordinate)


    def usage_arguments(self, old: Use, new: Use, coordinate: str) -> None:
        lost = sorted(name for name, value in old.args.items() if new.args.get(name) != value)
        if lost:
            self.add("directive-usage-changed", f"The arguments of @{new.name} on "
                     f"{coordinate} changed ({', '.join(lost)} removed or changed)", new,
                     coordinate)
        else:
            added = ", ".join(sorted(set(new.args) - set(old.args)))
            self.add("directive-usage-argument-added", f"@{new.name} on {coordinate} was "
                     f"given {added}", new, coordinate)


def _by_name(uses: Iterable[Use], names: dict[str, str]) -> dict[tuple[str, int], Use]:
    """Uses keyed by name (canonical in ``names``, else as written) and occurrence (a
    repeatable directive may appear twice)."""
    seen: dict[str, int] = {}
    out: dict[tuple[str, int], Use] = {}
    for use in uses:
        name = names.get(use.name, use.name)
        count = seen.get(name, 0)
        seen[name] = count + 1
        out[(name, count)] = use
    return out


def _same_arguments(canonical: str, old: Use, new: Use) -> bool:
    return old.args == new.args


def _described(text: Text | None) -> Text | None:
    return text if text is not None and text.value else None


def _required(member: Member) -> bool:
    return member.type.endswith("!") and member.default is None


def _nullability(old: str, new: str) -> tuple[bool | None, bool]:
    """How the non-null markers changed between two types: (any added, any removed);
    (None, False) when the named type or the list wrapping differs."""
    before, after = _WRAP.findall(old), _WRAP.findall(new)
    if len(before) != len(after) or any(
            a.rstrip("!") != b.rstrip("!") for a, b in zip(before, after, strict=True)):
        return None, False
    added = removed = False
    for a, b in zip(before, after, strict=True):
        if a != b:
            if b.endswith("!"):
                added = True
            else:
                removed = True
    return added, removed


def _verb(old: str | None, new: str | None) -> str:
    if old is None:
        return f"was added ({new})"
    if new is None:
        return f"was removed (it was {old})"
    return f"changed from {old} to {new}"
