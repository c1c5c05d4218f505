"""Naming, as the GraphQL specification's examples, graphql-js and the large public
schemas (GitHub, Shopify) write it: types UpperCamelCase, fields and arguments
lowerCamelCase, enum values UPPER_SNAKE_CASE, input objects ``...Input``.

Names that start with an underscore are left alone: they belong to tools (Apollo
Federation's ``_Service``, ``_entities``), not to the API's vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import GraphQLEnumValue, GraphQLInputObjectType

from accord.core.finding import Severity
from accord.kinds.graphql.lint.base import (
    member_where,
    named_types,
    rule,
    schema_of,
    type_where,
    words,
)
from accord.kinds.graphql.lint.fields import members, valued_members
from accord.kinds.graphql.model import GraphQLModel
from accord.lint.rule import Hit, LintOptions

_PASCAL = re.compile(r"[A-Z][A-Za-z0-9]*")
_CAMEL = re.compile(r"[a-z][A-Za-z0-9]*")
_UPPER_SNAKE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")


def _part(text: str) -> str:
    return text if not text.isupper() else text.lower()


def pascal(name: str) -> str:
    """``user_profile`` / ``userProfile`` -> ``UserProfile``."""
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[_\W]+", name) if p)


def camel(name: str) -> str:
    """``user_name`` / ``UserName`` / ``URL`` -> ``userName`` / ``userName`` / ``url``."""
    parts = [p for p in re.split(r"[_\W]+", name) if p]
    if not parts:
        return name
    first = _part(parts[0])
    rest = "".join(p[:1].upper() + _part(p)[1:] for p in parts[1:])
    return first[:1].lower() + first[1:] + rest


def upper_snake(name: str) -> str:
    """``inProgress`` / ``in_progress`` -> ``IN_PROGRESS``."""
    return "_".join(w.upper() for w in words(name)) or name


def _tooling(name: str) -> bool:
    return name.startswith("_")


@rule("type-name-pascal-case", Severity.WARN,
      "Type names are UpperCamelCase (OrderLineItem), as the GraphQL specification and "
      "large public schemas (GitHub, Shopify) write them; code generators turn them into "
      "class names.",
      "rename the type in UpperCamelCase")
def type_names(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for of in named_types(schema):
        if not _tooling(of.name) and not _PASCAL.fullmatch(of.name):
            yield Hit(f"type {of.name} is not UpperCamelCase", type_where(model, of),
                      hint=f"rename it {pascal(of.name)}")


@rule("field-name-camel-case", Severity.WARN,
      "Field, argument and input field names are lowerCamelCase (createdAt, first), as "
      "the GraphQL specification and large public schemas write them; clients use them "
      "as property names.",
      "rename the field in lowerCamelCase")
def field_names(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for coordinate, name, element in valued_members(schema):
        if not _tooling(name) and not _CAMEL.fullmatch(name):
            what = "argument" if coordinate.arg else "field"
            yield Hit(f"{what} {coordinate} is not lowerCamelCase",
                      member_where(model, coordinate, element), hint=f"rename it {camel(name)}")


@rule("enum-value-upper-snake", Severity.WARN,
      "Enum values are UPPER_SNAKE_CASE (IN_PROGRESS), as the GraphQL specification and "
      "large public schemas write them; they read as the constants they are.",
      "rename the value in UPPER_SNAKE_CASE")
def enum_values(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for coordinate, element in members(schema):
        name = coordinate.member or ""
        if (isinstance(element, GraphQLEnumValue) and not _tooling(name)
                and not _UPPER_SNAKE.fullmatch(name)):
            yield Hit(f"enum value {coordinate} is not UPPER_SNAKE_CASE",
                      member_where(model, coordinate, element),
                      hint=f"rename it {upper_snake(name)}")


@rule("input-type-name-suffix", Severity.INFO,
      "Input object types are named with the suffix Input (CreateUserInput), so a reader "
      "tells them from output types at a glance. Strict only: large schemas name filter "
      "and ordering inputs without it (GitHub's IssueOrder).",
      "rename the input object with the suffix Input", recommended=False)
def input_suffix(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for of in named_types(schema):
        if (isinstance(of, GraphQLInputObjectType) and not _tooling(of.name)
                and not of.name.endswith("Input")):
            yield Hit(f"input object {of.name} is not named ...Input", type_where(model, of),
                      hint=f"rename it {of.name}Input")

