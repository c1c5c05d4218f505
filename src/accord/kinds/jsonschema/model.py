"""The values the engine compares: the effective schema at a position (:class:`Shape`)
and what it is made of, JSON helpers, and where properties and items find their
schemas in a shape."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from accord.kinds.jsonschema.resolver import REF_KEYWORDS
from accord.source import Node
from accord.source.workspace import pointer_token as token

#: A schema object and the keywords of it that do not apply here.
Part = tuple[Node, frozenset[str]]
Parts = tuple[Part, ...]
PartsKey = tuple[tuple[int, frozenset[str]], ...]
NONE: frozenset[str] = frozenset()

#: Keywords that say something about a value but never decide whether it is valid.
ANNOTATIONS = frozenset({"title", "description", "examples", "$comment", "default",
                         "deprecated", "readOnly", "writeOnly"})
ALL_TYPES = frozenset({"null", "boolean", "object", "array", "string", "number"})
TYPE_NAMES = frozenset({*ALL_TYPES, "integer"})
REFS = frozenset(REF_KEYWORDS)




def at(node: Node, *tokens: str | int) -> Node:
    """The node of a keyword of ``node`` for a location (its value is not read)."""
    return Node(node.doc, node.pointer + "".join("/" + token(t) for t in tokens), None)


def parts_key(parts: Parts) -> PartsKey:
    return tuple((id(node.value), mask) for node, mask in parts)


def meet_types(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The types both allow (``integer`` is a part of ``number``)."""
    if a is None:
        return b
    if b is None:
        return a
    both = set(a & b)
    if ("number" in a and "integer" in b) or ("integer" in a and "number" in b):
        both.add("integer")
    return normal_types(both)


def normal_types(types: Iterable[str]) -> frozenset[str]:
    found = set(types)
    if "number" in found:
        found.discard("integer")
    return frozenset(found)


def number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def fraction(value: int | float) -> Fraction:
    """The exact value a JSON number was written as (``0.1`` is one tenth)."""
    return Fraction(value) if isinstance(value, int) else Fraction(repr(value))


def freeze(value: Any) -> Any:
    """A hashable stand-in for a JSON value with JSON equality (``1 == 1.0``,
    ``true != 1``)."""
    if isinstance(value, bool):
        return ("b", value)
    if number(value):
        return ("n", value)
    if isinstance(value, str):
        return ("s", value)
    if value is None:
        return ("z",)
    if isinstance(value, list):
        return ("l", tuple(freeze(v) for v in value))
    if isinstance(value, dict):
        return ("d", frozenset((str(k), freeze(v)) for k, v in value.items()))
    return ("o", repr(value))


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


@dataclass(slots=True)
class Bound:
    value: int | float
    exclusive: bool
    node: Node


def _bound(bound: Bound) -> str:
    """``exclusiveMinimum 3``: the keyword that set the bound, and its value."""
    keyword = bound.node.pointer.rsplit("/", 1)[-1]
    return f"{keyword} {bound.value}" + (" (exclusive)" if bound.exclusive and
                                        not keyword.startswith("exclusive") else "")


def _first_integer(bound: Bound) -> int:
    value = bound.value
    return math.floor(value) + 1 if bound.exclusive else math.ceil(value)


def _last_integer(bound: Bound) -> int:
    value = bound.value
    return math.ceil(value) - 1 if bound.exclusive else math.floor(value)


class Children(Mapping[str, Node]):
    """The schemas of a ``properties``-like keyword by name, as nodes made on demand
    (an object of 500 properties is mostly compared by its raw values)."""

    __slots__ = ("_made", "node", "raw")

    def __init__(self, node: Node) -> None:
        self.node = node
        self.raw: dict[str, Any] = node.value
        self._made: dict[str, Node] = {}

    def __getitem__(self, name: str) -> Node:
        found = self._made.get(name)
        if found is None:
            value = self.raw[name]
            if not isinstance(value, dict | bool):
                raise KeyError(name)
            found = Node(self.node.doc, self.node.pointer + "/" + token(name), value)
            self._made[name] = found
        return found

    def __contains__(self, name: object) -> bool:
        return name in self.raw

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


NO_CHILDREN: Mapping[str, Node] = {}


@dataclass(slots=True)
class ObjectPart:
    """The property keywords of one atom (``additionalProperties`` is relative to it)."""

    node: Node
    properties: Mapping[str, Node]
    patterns: dict[str, Node]
    #: None: absent (every other property is allowed)
    additional: Node | None


@dataclass(slots=True)
class ArrayPart:
    """The item keywords of one atom."""

    node: Node
    prefix: list[Node]
    prefix_keyword: str
    #: items past the prefix; None: absent
    rest: Node | None
    rest_keyword: str


@dataclass(slots=True)
class Group:
    """An ``anyOf`` or ``oneOf`` of one atom."""

    keyword: str
    branches: list[Node]
    node: Node
    owner: Part


@dataclass(slots=True)
class Conditional:
    """``if``/``then``/``else`` of one atom."""

    condition: Node
    then: Node | None
    otherwise: Node | None
    owner: Part


@dataclass(slots=True)
class Contains:
    schema: Node
    minimum: int
    maximum: int | None
    node: Node
    owner: Node


@dataclass(slots=True)
class Shape:
    """The effective schema at a position (see the module docstring)."""

    #: the first atom: where keywords of the position itself are written
    node: Node
    atoms: list[Part] = field(default_factory=list)
    never: bool = False
    types: frozenset[str] | None = None
    type_node: Node | None = None
    enum: list[Any] | None = None
    enum_node: Node | None = None
    enum_keyword: str = "enum"
    minimum: Bound | None = None
    maximum: Bound | None = None
    multiple_of: list[tuple[Fraction, Node]] = field(default_factory=list)
    min_length: tuple[int, Node] | None = None
    max_length: tuple[int, Node] | None = None
    patterns: list[tuple[str, Node]] = field(default_factory=list)
    formats: list[tuple[str, Node]] = field(default_factory=list)
    content: dict[str, tuple[Any, Node]] = field(default_factory=dict)
    arrays: list[ArrayPart] = field(default_factory=list)
    min_items: tuple[int, Node] | None = None
    max_items: tuple[int, Node] | None = None
    unique: Node | None = None
    contains: list[Contains] = field(default_factory=list)
    unevaluated_items: list[Node] = field(default_factory=list)
    #: ``additionalItems`` written without a tuple ``items``: validators ignore it
    #: (strict policy holds a reader to it, as schema registries do)
    loose_items: list[Node] = field(default_factory=list)
    objects: list[ObjectPart] = field(default_factory=list)
    required: dict[str, Node] = field(default_factory=dict)
    min_properties: tuple[int, Node] | None = None
    max_properties: tuple[int, Node] | None = None
    property_names: list[Node] = field(default_factory=list)
    dependent_required: dict[str, dict[str, Node]] = field(default_factory=dict)
    dependent_schemas: dict[str, list[Node]] = field(default_factory=dict)
    unevaluated_properties: list[Node] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    nots: list[tuple[Node, Part]] = field(default_factory=list)
    conditionals: list[Conditional] = field(default_factory=list)
    #: (JSON type, why, keyword) for each type the constraints exclude every value of
    #: (``find_contradictions``); those types are no longer in ``types``
    contradictions: list[tuple[str, str, Node]] = field(default_factory=list)

    @property
    def has_objects(self) -> bool:
        return bool(self.objects or self.required or self.min_properties or self.max_properties
                    or self.property_names or self.dependent_required
                    or self.dependent_schemas or self.unevaluated_properties)

    def find_contradictions(self) -> list[tuple[str, str, Node]]:
        """(JSON type, why, the keyword saying so) for each type whose constraints
        exclude every value: a minimum above the maximum (or no integer between them,
        for integers), ``minLength`` above ``maxLength``, ``minItems`` above
        ``maxItems``, more properties required or asked for than ``maxProperties``."""
        found: list[tuple[str, str, Node]] = []
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            reals = "number" in self.types if self.types is not None else True
            if reals and (low.value > high.value or (
                    low.value == high.value and (low.exclusive or high.exclusive))):
                found.append(("number", f"{_bound(low)} and {_bound(high)} leave no number",
                              low.node))
            elif not reals and _first_integer(low) > _last_integer(high):
                found.append(("number", f"{_bound(low)} and {_bound(high)} leave no "
                              "integer", low.node))
        if self.min_length and self.max_length and self.min_length[0] > self.max_length[0]:
            found.append(("string", f"minLength {self.min_length[0]} is above maxLength "
                          f"{self.max_length[0]}: no string is valid", self.min_length[1]))
        if self.min_items and self.max_items and self.min_items[0] > self.max_items[0]:
            found.append(("array", f"minItems {self.min_items[0]} is above maxItems "
                          f"{self.max_items[0]}: no array is valid", self.min_items[1]))
        if self.max_properties is not None:
            most, node = self.max_properties
            if len(self.required) > most:
                found.append(("object", f"{len(self.required)} properties are required and "
                              f"maxProperties is {most}: no object is valid", node))
            elif self.min_properties is not None and self.min_properties[0] > most:
                found.append(("object", f"minProperties {self.min_properties[0]} is above "
                              f"maxProperties {most}: no object is valid", self.min_properties[1]))
        return found

    def allows(self, kind: str) -> bool:
        """Whether values of JSON type ``kind`` may pass the type check."""
        if self.types is None:
            return True
        if kind == "integer":
            return "integer" in self.types or "number" in self.types
        return kind in self.types

    # -- property and item schemas ------------------------------------------------

    def declared(self) -> list[str]:
        names: dict[str, None] = {}
        for part in self.objects:
            names.update(dict.fromkeys(part.properties))
        return list(names)

    def pattern_keys(self) -> list[str]:
        names: dict[str, None] = {}
        for part in self.objects:
            names.update(dict.fromkeys(part.patterns))
        return list(names)

    def closed_to_others(self) -> bool:
        """No part leaves undeclared names to ``unevaluatedProperties``."""
        return any(p.additional is not None for p in self.objects)


@functools.lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return None


def search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches somewhere in ``text`` (as validators run it)."""
    compiled = _compiled(pattern)
    return compiled is not None and compiled.search(text) is not None


def property_parts(shape: Shape, name: str, *, evaluated_elsewhere: bool = False) -> Parts:
    """The schemas a property ``name`` must match (``unevaluatedProperties`` too when
    no keyword evaluates it, here or, per ``evaluated_elsewhere``, in a branch)."""
    found: list[Part] = []
    evaluated = False
    for part in shape.objects:
        matched = False
        own = part.properties.get(name)
        if own is not None:
            found.append((own, NONE))
            matched = True
        for pattern, schema in part.patterns.items():
            if search(pattern, name):
                found.append((schema, NONE))
                matched = True
        if not matched and part.additional is not None:
            found.append((part.additional, NONE))
            matched = True
        evaluated = evaluated or matched
    if not evaluated and not evaluated_elsewhere:
        found.extend((n, NONE) for n in shape.unevaluated_properties)
    return tuple(found)


def evaluates(shape: Shape, name: str) -> bool:
    """Whether a property keyword of the shape evaluates the property ``name``."""
    return any(name in part.properties or part.additional is not None
               or any(search(p, name) for p in part.patterns) for part in shape.objects)


def item_parts(shape: Shape, index: int) -> Parts:
    """The schemas the item at ``index`` must match."""
    found: list[Part] = []
    evaluated = False
    for part in shape.arrays:
        if index < len(part.prefix):
            found.append((part.prefix[index], NONE))
            evaluated = True
        elif part.rest is not None:
            found.append((part.rest, NONE))
            evaluated = True
    if not evaluated:
        found.extend((n, NONE) for n in shape.unevaluated_items)
    return tuple(found)


def prefix_length(shape: Shape) -> int:
    return max((len(p.prefix) for p in shape.arrays), default=0)
