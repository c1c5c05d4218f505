"""Comparing two GraphQL schemas, definition by definition, by name.

Types, fields, arguments, enum values and directives are matched by name (a
rename is a removal and an addition). Elements that are new in the revision are
reported once, as added, without their members; removed ones likewise. The
definitions of a schema's platform (a Federation subgraph's ``@key`` and
``FieldSet``, AppSync's ``AWSDateTime``) are not the contract's and are not
compared; their uses on the contract's elements are.
"""

from __future__ import annotations

from typing import TypeVar

from accord.core.change import Change
from accord.kinds.graphql.defs import (
    ROOT_OPERATIONS,
    Definitions,
    DirectiveDef,
    Member,
    TypeDef,
)
from accord.kinds.graphql.members import ONE_OF_RULES, OWN_RULES, Differ
from accord.kinds.graphql.platform import SUBGRAPH_FIELDS, Platform

T = TypeVar("T")
_NO_PLATFORM = Platform()
_KIND_NAMES = {"OBJECT": "object type", "INTERFACE": "interface", "UNION": "union",
               "ENUM": "enum", "INPUT_OBJECT": "input object", "SCALAR": "scalar"}


def diff_definitions(base: Definitions, revision: Definitions) -> list[Change]:
    differ = Differ(base, revision)
    _roots(differ)
    differ.usages(base.schema_directives, revision.schema_directives, "schema")
    old_platform = base.platform or _NO_PLATFORM
    new_platform = revision.platform or _NO_PLATFORM
    old_types = _without(base.types, old_platform.types)
    new_types = _without(revision.types, new_platform.types)
    old_directives = _without(base.directives, old_platform.directives)
    new_directives = _without(revision.directives, new_platform.directives)
    for name, before in old_types.items():
        after = new_types.get(name)
        if after is None:
            differ.add("type-removed", f"{_KIND_NAMES[before.kind].capitalize()} {name} was "
                       "removed", before, name, in_base=True)
        elif before.kind != after.kind:
            differ.add("type-kind-changed", f"{name} changed from {_KIND_NAMES[before.kind]} to "
                       f"{_KIND_NAMES[after.kind]}", after, name)
            _description(differ, before, after)
        else:
            _type(differ, before, after)
    for name, after in new_types.items():
        if name not in old_types:
            differ.add("type-added", f"{_KIND_NAMES[after.kind].capitalize()} {name} was added",
                       after, name)
    for name, directive in old_directives.items():
        now = new_directives.get(name)
        if now is None:
            differ.add("directive-removed", f"Directive @{name} was removed", directive,
                       f"@{name}", in_base=True)
        else:
            _directive(differ, directive, now)
    for name, directive in new_directives.items():
        if name not in old_directives:
            differ.add("directive-added", f"Directive @{name} was added", directive, f"@{name}")
    return differ.changes


def _own_fields(defs: Definitions, typedef: TypeDef) -> dict[str, Member]:
    """A type's fields, without those a Federation subgraph library adds to the query
    root (``_entities``, ``_service``), which printed subgraphs may hold."""
    if defs.platform is None or defs.platform.federation is None \
            or typedef.name != defs.root_name("query"):
        return typedef.fields
    return {name: f for name, f in typedef.fields.items() if name not in SUBGRAPH_FIELDS}


def _without(found: dict[str, T], platform: frozenset[str]) -> dict[str, T]:
    """The schema's own types or directives: without its platform's."""
    if not platform:
        return found
    return {name: value for name, value in found.items() if name not in platform}


def _roots(differ: Differ) -> None:
    for operation in ROOT_OPERATIONS:
        before = differ.base.roots.get(operation)
        after = differ.revision.roots.get(operation)
        old = before.type if before else None
        new = after.type if after else None
        if old == new:
            continue
        if after is None:
            assert before is not None
            differ.add("root-type-changed", f"The schema no longer has a {operation} root type "
                       f"(it was {old})", before, "schema", in_base=True)
        elif before is None:
            differ.add("root-type-added", f"The schema now has a {operation} root type ({new})",
                       after, "schema")
        else:
            differ.add("root-type-changed", f"The {operation} root type changed from {old} to "
                       f"{new}", after, "schema")


def _description(differ: Differ, before: TypeDef, after: TypeDef) -> None:
    if before.description != after.description:
        differ.description("type", f"{_KIND_NAMES[after.kind]} {after.name}",
                           before.description, after.description, after, after.name)


def _type(differ: Differ, before: TypeDef, after: TypeDef) -> None:
    name, kind = after.name, after.kind
    _description(differ, before, after)
    if before.directives or after.directives:
        own = ONE_OF_RULES if kind == "INPUT_OBJECT" else OWN_RULES
        differ.usages(before.directives, after.directives, name, own)
    if kind in ("OBJECT", "INTERFACE"):
        differ.fields(name, _own_fields(differ.base, before), _own_fields(differ.revision, after))
        if before.interfaces != after.interfaces:
            _interfaces(differ, before, after)
    elif kind == "INPUT_OBJECT":
        differ.input_fields(name, before.fields, after.fields)
        _one_of(differ, before, after)
    elif kind == "ENUM":
        differ.enum_values(name, before.values, after.values)
    elif kind == "UNION" and before.members != after.members:
        old, new = set(before.members), set(after.members)
        for member in before.members:
            if member not in new:
                differ.add("union-member-removed", f"{member} was removed from union {name}",
                           before, name, in_base=True)
        for member in after.members:
            if member not in old:
                differ.add("union-member-added", f"{member} was added to union {name}", after,
                           name)


def _interfaces(differ: Differ, before: TypeDef, after: TypeDef) -> None:
    old, new = set(before.interfaces), set(after.interfaces)
    what = _KIND_NAMES[after.kind]
    for interface in before.interfaces:
        if interface not in new:
            differ.add("interface-removed", f"{what.capitalize()} {after.name} no longer "
                       f"implements {interface}", before, after.name, in_base=True)
    for interface in after.interfaces:
        if interface not in old:
            differ.add("interface-added", f"{what.capitalize()} {after.name} now implements "
                       f"{interface}", after, after.name)


def _one_of(differ: Differ, before: TypeDef, after: TypeDef) -> None:
    was = any(use.name == "oneOf" for use in before.directives)
    now = any(use.name == "oneOf" for use in after.directives)
    if now and not was:
        differ.add("input-one-of-added", f"Input object {after.name} became @oneOf", after,
                   after.name)
    elif was and not now:
        differ.add("input-one-of-removed", f"Input object {after.name} is no longer @oneOf",
                   after, after.name)


def _directive(differ: Differ, before: DirectiveDef, after: DirectiveDef) -> None:
    coordinate = f"@{after.name}"
    if before.description != after.description:
        differ.description("directive", f"directive {coordinate}", before.description,
                           after.description, after, coordinate, three=False)
    old, new = set(before.locations), set(after.locations)
    for location in before.locations:
        if location not in new:
            differ.add("directive-location-removed", f"Directive {coordinate} can no longer "
                       f"be used on {location}", before, coordinate, in_base=True)
    for location in after.locations:
        if location not in old:
            differ.add("directive-location-added", f"Directive {coordinate} can now be used "
                       f"on {location}", after, coordinate)
    if before.repeatable != after.repeatable and None not in (before.repeatable,
                                                              after.repeatable):
        rule = "directive-repeatable-added" if after.repeatable else "directive-repeatable-removed"
        state = "became" if after.repeatable else "is no longer"
        differ.add(rule, f"Directive {coordinate} {state} repeatable", after, coordinate)
    differ.arguments(coordinate, before.args, after.args, prefix="directive-argument")
