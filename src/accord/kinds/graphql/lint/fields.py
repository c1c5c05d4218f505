"""Fields: states are enums, identifiers are ``ID!``, deprecations say why.

Every element that can be deprecated is checked: fields, arguments, input fields and
enum values. ``@deprecated`` without a reason gets the specification's default,
"No longer supported", which tells a client nothing, so it counts as no reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLSchema,
)
from graphql.language import Node

from accord.core.finding import Severity
from accord.kinds.graphql.lint.base import (
    Coordinate,
    Member,
    composites,
    member_where,
    named,
    named_types,
    node_of,
    rule,
    schema_of,
    where,
    words,
)
from accord.kinds.graphql.model import GraphQLModel
from accord.lint.rule import Hit, LintOptions

DEFAULT_REASON = "No longer supported"
_STATE_WORDS = frozenset({"status", "state"})
_STATE_NAMES = frozenset({"kind", "type"})

Valued = GraphQLField | GraphQLInputField | GraphQLArgument


def members(schema: GraphQLSchema) -> Iterator[tuple[Coordinate, Member]]:
    """Every field, argument, input field and enum value, with its coordinate."""
    for owner in named_types(schema):
        if isinstance(owner, GraphQLEnumType):
            for value_name, value in owner.values.items():
                yield Coordinate(owner.name, value_name), value
        elif isinstance(owner, GraphQLInputObjectType):
            for name, input_field in owner.fields.items():
                yield Coordinate(owner.name, name), input_field
    for composite in composites(schema):
        for name, field in composite.fields.items():
            coordinate = Coordinate(composite.name, name)
            yield coordinate, field
            for arg_name, arg in field.args.items():
                yield coordinate.with_arg(arg_name), arg


def valued_members(schema: GraphQLSchema) -> Iterator[tuple[Coordinate, str, Valued]]:
    """Every field, argument and input field (not enum values), with its coordinate and
    its own name."""
    for coordinate, element in members(schema):
        if not isinstance(element, GraphQLEnumValue):
            yield coordinate, coordinate.arg or coordinate.member or "", element


def _is_state(name: str) -> bool:
    found = words(name)
    return name in _STATE_NAMES or (bool(found) and found[-1] in _STATE_WORDS)


@rule("state-field-enum", Severity.WARN,
      "A field, argument or input field that holds a state or a category (status, state, "
      "kind, type, orderStatus, paymentState) is an enum, not a String: the enum lists "
      "the values clients must handle, code generators make them types, and a new value "
      "shows up in the schema's diff.",
      "declare an enum (enum OrderStatus { PENDING PAID SHIPPED }) and use it as the type")
def state_enum(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for coordinate, name, element in valued_members(schema):
        if _is_state(name) and named(element.type).name == "String":
            yield Hit(f"{coordinate} is {element.type}; a {name} takes one of a known set "
                      "of values, which an enum declares", member_where(model, coordinate, element))


@rule("id-field-type", Severity.WARN,
      "An object's id field is ID!: clients and caches (Relay, Apollo) identify objects by "
      "it, ID says the value is an opaque identifier, and a nullable id identifies nothing.",
      "declare the field as id: ID! (a non-null ID).")
def id_type(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for owner in composites(schema):
        field = owner.fields.get("id")
        if field is not None and str(field.type) != "ID!":
            coordinate = Coordinate(owner.name, "id")
            yield Hit(f"{coordinate} is {field.type}, not ID!",
                      member_where(model, coordinate, field))


def _directive(element: Member) -> Node | None:
    node = node_of(element)
    for directive in getattr(node, "directives", None) or ():
        if directive.name.value == "deprecated":
            found: Node = directive
            return found
    return node


@rule("deprecated-reason", Severity.WARN,
      "Every @deprecated gives a reason that says what to use instead (and, ideally, "
      "until when the element stays): clients see it in their tools and plan the "
      "migration. A bare @deprecated means \"No longer supported\", which says neither.",
      "write the reason: @deprecated(reason: \"Use `fullName`. Removed after 2025-06-30.\")")
def deprecated_reason(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for coordinate, element in members(schema):
        reason = element.deprecation_reason
        if reason is None or reason.strip() not in ("", DEFAULT_REASON):
            continue
        yield Hit(f"{coordinate} is deprecated without a reason",
                  where(model, coordinate, _directive(element)))
