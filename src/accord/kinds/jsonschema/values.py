"""Concrete values against shapes: a validator and small finite value sets.

The engine decides some questions by trying values: every value of an enum the
writer allows is checked against the reader; a reader's enum is checked against
the few values a writer's schema can produce (booleans, a short integer range).
:class:`Validator` follows the JSON Schema semantics of the shapes (``format``
is asserted, with the checks the ``jsonschema`` library provides;
``unevaluatedProperties`` and ``unevaluatedItems`` count what the object's own
keywords and its successful ``anyOf``/``oneOf``/``if`` branches evaluate).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import orjson

from accord.kinds.jsonschema.model import (
    NONE,
    Parts,
    Shape,
    evaluates,
    fraction,
    freeze,
    item_parts,
    json_type,
    number,
    property_parts,
    search,
)
from accord.kinds.jsonschema.shape import Side
from accord.source import Node

if TYPE_CHECKING:
    from jsonschema import FormatChecker

#: How deep values and schemas are followed before a value counts as accepted.
MAX_DEPTH = 64


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a value is rejected: the keyword, where it is written, in words."""

    keyword: str
    node: Node | None
    detail: str


@cache
def _format_checker() -> FormatChecker:
    from jsonschema import FormatChecker

    return FormatChecker()


def format_ok(value: Any, fmt: str) -> bool:
    """Whether a string conforms to ``fmt`` (unknown formats accept everything)."""
    try:
        return bool(_format_checker().conforms(value, fmt))
    except Exception:  # a checker that crashes on odd input: treat as not conforming
        return False


def show(value: Any) -> str:
    """A short rendering of a JSON value for messages."""
    try:
        text = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Validator:
    """Validates values against the shapes of one side."""

    def __init__(self, side: Side) -> None:
        self.side = side

    def accepts(self, parts: Parts, value: Any) -> bool:
        return self.check(parts, value) is None

    def check(self, parts: Parts, value: Any, depth: int = 0) -> Failure | None:
        if not parts or depth > MAX_DEPTH:
            return None
        shape = self.side.shape(parts)
        if shape.never:
            return Failure("false", shape.node, "the schema allows nothing")
        kind = json_type(value)
        if shape.types is not None and not shape.allows(kind):
            return Failure("type", shape.type_node, f"{kind} is not allowed")
        if shape.enum is not None and freeze(value) not in {freeze(v) for v in shape.enum}:
            return Failure(shape.enum_keyword, shape.enum_node, f"{show(value)} is not listed")
        found = None
        if kind in ("integer", "number"):
            found = self._number(shape, value)
        elif kind == "string":
            found = self._string(shape, value)
        elif kind == "array":
            found = self._array(shape, value, depth)
        elif kind == "object":
            found = self._object(shape, value, depth)
        return found or self._applicators(shape, value, depth)

    def _number(self, shape: Shape, value: Any) -> Failure | None:
        low, high = shape.minimum, shape.maximum
        if low is not None and (value < low.value or (low.exclusive and value == low.value)):
            return Failure("minimum", low.node, f"{show(value)} is below the minimum")
        if high is not None and (value > high.value or (high.exclusive and value == high.value)):
            return Failure("maximum", high.node, f"{show(value)} is above the maximum")
        for step, node in shape.multiple_of:
            if fraction(value) % step:
                return Failure("multipleOf", node, f"{show(value)} is not a multiple of {step}")
        return None

    def _string(self, shape: Shape, value: str) -> Failure | None:
        size = len(value)
        if shape.min_length is not None and size < shape.min_length[0]:
            return Failure("minLength", shape.min_length[1], "the string is too short")
        if shape.max_length is not None and size > shape.max_length[0]:
            return Failure("maxLength", shape.max_length[1], "the string is too long")
        for pattern, node in shape.patterns:
            if not search(pattern, value):
                return Failure("pattern", node, f"{show(value)} does not match {pattern}")
        for fmt, node in shape.formats:
            if not format_ok(value, fmt):
                return Failure("format", node, f"{show(value)} is not a valid {fmt}")
        return None

    def _array(self, shape: Shape, value: list[Any], depth: int) -> Failure | None:
        size = len(value)
        if shape.min_items is not None and size < shape.min_items[0]:
            return Failure("minItems", shape.min_items[1], "too few items")
        if shape.max_items is not None and size > shape.max_items[0]:
            return Failure("maxItems", shape.max_items[1], "too many items")
        if shape.unique is not None and len({freeze(v) for v in value}) != size:
            return Failure("uniqueItems", shape.unique, "items repeat")
        for index, item in enumerate(value):
            failed = self.check(item_parts(shape, index), item, depth + 1)
            if failed is not None:
                return failed
        for contains in shape.contains:
            count = sum(1 for item in value
                        if self.check(((contains.schema, NONE),), item, depth + 1) is None)
            if count < contains.minimum or (contains.maximum is not None
                                            and count > contains.maximum):
                return Failure("contains", contains.node, "contains is not satisfied")
        return None

    def _object(self, shape: Shape, value: dict[str, Any], depth: int) -> Failure | None:
        size = len(value)
        if shape.min_properties is not None and size < shape.min_properties[0]:
            return Failure("minProperties", shape.min_properties[1], "too few properties")
        if shape.max_properties is not None and size > shape.max_properties[0]:
            return Failure("maxProperties", shape.max_properties[1], "too many properties")
        for name, node in shape.required.items():
            if name not in value:
                return Failure("required", node, f"property {name!r} is missing")
        extra = self._evaluated_by_branches(shape, value, depth) \
            if shape.unevaluated_properties else set()
        for name, item in value.items():
            parts = property_parts(shape, name, evaluated_elsewhere=name in extra)
            failed = self.check(parts, item, depth + 1)
            if failed is not None:
                return failed
            for names in shape.property_names:
                if self.check(((names, NONE),), name, depth + 1) is not None:
                    return Failure("propertyNames", names, f"property name {name!r} is refused")
        for trigger, needed in shape.dependent_required.items():
            if trigger in value:
                for name, node in needed.items():
                    if name not in value:
                        return Failure("dependentRequired", node,
                                       f"{name!r} is required with {trigger!r}")
        for trigger, schemas in shape.dependent_schemas.items():
            if trigger in value:
                failed = self.check(tuple((s, NONE) for s in schemas), value, depth + 1)
                if failed is not None:
                    return failed
        return None

    def _evaluated_by_branches(self, shape: Shape, value: dict[str, Any],
                               depth: int) -> set[str]:
        """Properties declared by the ``anyOf``/``oneOf``/``if`` branches that pass."""
        names: set[str] = set()
        branches: list[Node] = [b for g in shape.groups for b in g.branches]
        for cond in shape.conditionals:
            branches.append(cond.condition)
            chosen = cond.then if self.accepts(((cond.condition, NONE),), value) \
                else cond.otherwise
            if chosen is not None:
                branches.append(chosen)
        for branch in branches:
            if self.check(((branch, NONE),), value, depth + 1) is None:
                inner = self.side.shape(((branch, NONE),))
                names.update(name for name in value if evaluates(inner, name))
        return names

    def _applicators(self, shape: Shape, value: Any, depth: int) -> Failure | None:
        for group in shape.groups:
            passed = sum(1 for branch in group.branches
                         if self.check(((branch, NONE),), value, depth + 1) is None)
            if group.keyword == "anyOf" and passed == 0:
                return Failure("anyOf", group.node, "no alternative matches")
            if group.keyword == "oneOf" and passed != 1:
                return Failure("oneOf", group.node,
                               "no alternative matches" if passed == 0
                               else f"{passed} alternatives match")
        for negated, _owner in shape.nots:
            if self.check(((negated, NONE),), value, depth + 1) is None:
                return Failure("not", negated, "the value matches the schema under 'not'")
        for cond in shape.conditionals:
            matched = self.check(((cond.condition, NONE),), value, depth + 1) is None
            chosen = cond.then if matched else cond.otherwise
            if chosen is not None:
                failed = self.check(((chosen, NONE),), value, depth + 1)
                if failed is not None:
                    return failed
        return None


#: The most values a finite value set is enumerated up to.
MAX_VALUES = 64


def finite_values(shape: Shape) -> list[Any] | None:
    """Every value a schema can accept, when few enough to list by its types and
    bounds alone (candidates: the caller validates each); None when unbounded."""
    if shape.enum is not None:
        return list(shape.enum)
    types = shape.types
    if types is None:
        return None
    out: list[Any] = []
    for kind in sorted(types):
        if kind == "null":
            out.append(None)
        elif kind == "boolean":
            out.extend([False, True])
        elif kind == "integer":
            found = _integers(shape)
            if found is None:
                return None
            out.extend(found)
        elif kind == "string" and shape.max_length is not None and shape.max_length[0] == 0:
            out.append("")
        else:
            return None
    return out


def _integers(shape: Shape) -> list[int] | None:
    low, high = shape.minimum, shape.maximum
    if low is None or high is None or not number(low.value) or not number(high.value):
        return None
    import math

    start = math.floor(low.value) + 1 if low.exclusive and float(low.value).is_integer() \
        else math.ceil(low.value)
    stop = math.ceil(high.value) - 1 if high.exclusive and float(high.value).is_integer() \
        else math.floor(high.value)
    if stop - start + 1 > MAX_VALUES:
        return None
    return list(range(start, stop + 1))
