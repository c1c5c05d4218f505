"""The effective schema the differ compares, and small helpers over nodes.

:class:`Shape` is what :class:`~accord.kinds.openapi.schema_shape.Side` builds
from the parts at one position: every keyword the differ looks at, each with
the node it came from (so a change points at the right line).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.source import Node
from accord.source.workspace import pointer_token as token

#: A schema object that applies at a position, and whether its own oneOf/anyOf
#: are left out (they are being compared branch by branch elsewhere).
Part = tuple[Node, bool]
Parts = tuple[Part, ...]
PartsKey = tuple[tuple[int, bool], ...]

#: The schema that allows everything: stands in for a missing ``items``.
EMPTY: dict[str, Any] = {}

BOUND_KEYS = ("maxLength", "minLength", "maxItems", "minItems", "maxProperties",
              "minProperties", "maximum", "minimum", "maxContains", "minContains")
_UPPER = frozenset({"maxLength", "maxItems", "maxProperties", "maximum", "maxContains"})

#: JSON Schema 2020-12 keywords read by :meth:`Side._merge_2020` (OpenAPI 3.1).
KEYWORDS_2020 = frozenset({
    "patternProperties", "propertyNames", "dependentSchemas", "if", "then", "else",
    "contains", "unevaluatedProperties", "unevaluatedItems", "contentMediaType",
    "contentEncoding", "contentSchema",
})




def at(node: Node, key: str) -> Node:
    """The node of keyword ``key`` of a schema object (a location to report)."""
    return Node(node.doc, node.pointer + "/" + token(key), None)


def parts_key(parts: Parts) -> PartsKey:
    return tuple((id(node.value), strip) for node, strip in parts)


@dataclass(slots=True)
class Bound:
    value: float
    exclusive: bool
    node: Node


@dataclass(slots=True)
class Group:
    """A ``oneOf`` or ``anyOf`` with two or more non-null branches."""

    keyword: str
    branches: list[Node]
    node: Node


@dataclass(slots=True)
class Discriminator:
    property_name: str | None
    #: discriminator value -> ($ref text, node of the mapping entry)
    mapping: dict[str, tuple[str, Node]]
    node: Node


@dataclass(slots=True)
class Conditional:
    """``if``/``then``/``else``: the condition and the schemas it selects."""

    condition: Node
    then: Node | None
    otherwise: Node | None
    node: Node


@dataclass(slots=True)
class Extra:
    """The JSON Schema 2020-12 keywords of a shape (rare: kept apart so that
    ordinary shapes stay small)."""

    #: pattern -> the schemas for properties whose names match it
    pattern_properties: dict[str, list[Node]] = field(default_factory=dict)
    property_names: list[Node] | None = None
    property_names_node: Node | None = None
    #: property name -> the schemas that apply when it is present
    dependent_schemas: dict[str, list[Node]] = field(default_factory=dict)
    conditional: Conditional | None = None
    contains: list[Node] | None = None
    contains_node: Node | None = None
    #: like ``Shape.additional``: None open, False closed, else the schemas
    unevaluated_properties: list[Node] | bool | None = None
    unevaluated_properties_node: Node | None = None
    unevaluated_items: list[Node] | bool | None = None
    unevaluated_items_node: Node | None = None
    content_media_type: tuple[str, Node] | None = None
    content_encoding: tuple[str, Node] | None = None
    content_schema: list[Node] | None = None


@dataclass(slots=True)
class Shape:
    """The effective schema at a position (see the module docstring)."""

    node: Node
    title: str | None = None
    types: frozenset[str] | None = None
    type_node: Node | None = None
    nullable: bool = False
    nullable_node: Node | None = None
    format: str | None = None
    format_node: Node | None = None
    #: allowed values (enum or const) and the node of each value
    enum: list[tuple[Any, Node]] | None = None
    enum_keyword: str = "enum"
    enum_node: Node | None = None
    #: values of x-extensible-enum (not a restriction: clients expect others too)
    extensible_enum: list[tuple[Any, Node]] | None = None
    pattern: str | None = None
    pattern_node: Node | None = None
    bounds: dict[str, Bound] = field(default_factory=dict)
    multiple_of: tuple[float, Node] | None = None
    unique_items: Node | None = None
    properties: dict[str, list[Node]] = field(default_factory=dict)
    required: dict[str, Node] = field(default_factory=dict)
    read_only: bool = False
    write_only: bool = False
    #: None: open (absent or true); False: closed; else the value schemas
    additional: list[Node] | bool | None = None
    additional_node: Node | None = None
    items: list[Node] | None = None
    prefix_items: list[Node] | None = None
    prefix_items_node: Node | None = None
    groups: list[Group] = field(default_factory=list)
    discriminator: Discriminator | None = None
    default: tuple[Any, Node] | None = None
    dependent_required: dict[str, tuple[frozenset[str], Node]] = field(default_factory=dict)
    #: the JSON Schema 2020-12 keywords, when any part has one
    extra: Extra | None = None
    #: True when ``false`` (the schema that allows nothing) is one of the parts
    never: bool = False


def intersect_types(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    both = a & b
    if ("integer" in a and "number" in b) or ("number" in a and "integer" in b):
        both |= {"integer"}
    return frozenset(both)


def bound_tighter(key: str, a: float, a_excl: bool, b: float, b_excl: bool) -> bool:
    """Whether bound ``a`` allows strictly less than bound ``b`` (same keyword)."""
    if key in _UPPER:
        return a < b or (a == b and a_excl and not b_excl)
    return a > b or (a == b and a_excl and not b_excl)


def tighter(key: str, a: Bound, b: Bound) -> bool:
    return bound_tighter(key, a.value, a.exclusive, b.value, b.exclusive)


def freeze(value: Any) -> Any:
    """A hashable stand-in for a JSON value (``1`` and ``true`` stay distinct)."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int | float):
        return ("n", value)
    if isinstance(value, str):
        return ("s", value)
    if value is None:
        return ("z",)
    if isinstance(value, list):
        return ("l", tuple(freeze(v) for v in value))
    if isinstance(value, dict):
        return ("d", tuple(sorted((str(k), freeze(v)) for k, v in value.items())))
    return ("o", repr(value))
