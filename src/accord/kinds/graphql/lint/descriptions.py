"""Descriptions: a schema is its clients' documentation. GraphiQL, the docs sites
and the code generators show the descriptions, and nothing else explains a field.

One rule per element class, so a team can require described types before it asks
for every field: types (the root types too), fields and input fields, and the
arguments of mutations. A field that implements an interface's described field
inherits its description, as documentation tools show it.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLInputObjectType

from accord.core.finding import Severity
from accord.kinds.graphql.lint.base import (
    Composite,
    Coordinate,
    composites,
    described,
    member_where,
    mutations,
    named_types,
    rule,
    schema_of,
    type_where,
)
from accord.kinds.graphql.model import GraphQLModel
from accord.lint.rule import Hit, LintOptions


def _kind(of: object) -> str:
    return type(of).__name__.removeprefix("GraphQL").removesuffix("Type").lower().replace(
        "inputobject", "input object")


@rule("type-description", Severity.WARN,
      "Every type (the root types, objects, interfaces, unions, enums, input objects and "
      "custom scalars) has a description that says what it represents.",
      "add a description above the type: \"\"\"A customer's order.\"\"\" type Order { ... }")
def type_description(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for of in named_types(schema):
        if not described(of.description):
            yield Hit(f"{_kind(of)} {of.name} has no description", type_where(model, of))


def _inherited(owner: Composite, name: str) -> bool:
    for interface in owner.interfaces:
        found = interface.fields.get(name)
        if found is not None and described(found.description):
            return True
    return False


@rule("field-description", Severity.WARN,
      "Every field of an object or interface type, and every input field, has a "
      "description that says what the value means (its unit, its format, when it is "
      "null). A field implementing an interface's described field inherits its description.",
      "add a description above the field, as in \"\"\"When the order was placed (UTC).\"\"\" "
      "above placedAt")
def field_description(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for owner in composites(schema):
        for name, field in owner.fields.items():
            if described(field.description) or _inherited(owner, name):
                continue
            coordinate = Coordinate(owner.name, name)
            yield Hit(f"field {coordinate} has no description",
                      member_where(model, coordinate, field))
    for of in named_types(schema):
        if not isinstance(of, GraphQLInputObjectType):
            continue
        for name, input_field in of.fields.items():
            if not described(input_field.description):
                coordinate = Coordinate(of.name, name)
                yield Hit(f"input field {coordinate} has no description",
                          member_where(model, coordinate, input_field))


@rule("mutation-argument-description", Severity.WARN,
      "Every argument of a mutation has a description: a mutation changes data, and its "
      "caller must know what each argument does.",
      "add a description before the argument: createUser(\"\"\"The new user's "
      "details.\"\"\" input: CreateUserInput!)")
def mutation_argument_description(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None or schema.mutation_type is None:
        return
    root = schema.mutation_type.name
    for name, field in mutations(schema):
        for arg_name, arg in field.args.items():
            if not described(arg.description):
                coordinate = Coordinate(root, name, arg_name)
                yield Hit(f"argument {coordinate} has no description",
                          member_where(model, coordinate, arg))
