"""Disjointness of two schemas: proving that no value is accepted by both.

Sound, not complete: True only when a proof is found (enumerated values, value
kinds that do not meet, string lengths or patterns that exclude each other,
number ranges apart, a required property whose schemas are disjoint); False
means "maybe overlapping". ``oneOf`` alternatives and ``not`` are judged with it.
"""

from __future__ import annotations

from accord.kinds.jsonschema.model import ALL_TYPES, Bound, Parts, Shape, property_parts
from accord.kinds.jsonschema.regex import TooLarge, find, language
from accord.kinds.jsonschema.shape import Side
from accord.kinds.jsonschema.values import Validator


def value_kinds(shape: Shape) -> set[str]:
    """The kinds of JSON value a shape may accept (integers count as numbers)."""
    types = shape.types if shape.types is not None else ALL_TYPES
    return {("number" if t == "integer" else t) for t in types}


def disjoint(x_side: Side, x: Parts, y_side: Side, y: Parts, depth: int = 0) -> bool:
    """True only when no value is accepted by both conjunctions (sound, not complete)."""
    sx, sy = x_side.shape(x), y_side.shape(y)
    if sx.never or sy.never:
        return True
    if depth > 4:
        return False
    if sx.enum is not None:
        return not any(Validator(x_side).accepts(x, v) and Validator(y_side).accepts(y, v)
                       for v in sx.enum)
    if sy.enum is not None:
        return not any(Validator(y_side).accepts(y, v) and Validator(x_side).accepts(x, v)
                       for v in sy.enum)
    common = value_kinds(sx) & value_kinds(sy)
    return all(_separated(kind, x_side, sx, y_side, sy, depth) for kind in common)


def _separated(kind: str, x_side: Side, sx: Shape, y_side: Side, sy: Shape,
               depth: int) -> bool:
    if kind == "string":
        return _strings_apart(sx, sy)
    if kind == "number":
        return _ranges_apart(sx, sy)
    if kind == "object":
        for name in {*sx.required, *sy.required}:
            px, py = property_parts(sx, name), property_parts(sy, name)
            if name in sx.required and py and y_side.shape(py).never:
                return True
            if name in sy.required and px and x_side.shape(px).never:
                return True
            if px and py and disjoint(x_side, px, y_side, py, depth + 1):
                return True
        return False
    return False


def _strings_apart(sx: Shape, sy: Shape) -> bool:
    lo_x = sx.min_length[0] if sx.min_length else 0
    lo_y = sy.min_length[0] if sy.min_length else 0
    hi_x = sx.max_length[0] if sx.max_length else None
    hi_y = sy.max_length[0] if sy.max_length else None
    if (hi_x is not None and hi_x < lo_y) or (hi_y is not None and hi_y < lo_x):
        return True
    if not sx.patterns or not sy.patterns:
        return False
    langs = [language(p) for p, _ in (*sx.patterns, *sy.patterns)]
    if any(lang is None for lang in langs):
        return False
    try:
        return find([lang for lang in langs if lang is not None]) is None
    except TooLarge:
        return False


def _below(high: Bound | None, low: Bound | None) -> bool:
    if high is None or low is None:
        return False
    return high.value < low.value or (high.value == low.value and (high.exclusive
                                                                  or low.exclusive))


def _ranges_apart(sx: Shape, sy: Shape) -> bool:
    return _below(sx.maximum, sy.minimum) or _below(sy.maximum, sx.minimum)
