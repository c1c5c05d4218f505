"""Hypothesis strategies for small JSON Schemas, their mutations and JSON values
(no tests here). The vocabulary is small on purpose: few property names, few
patterns, small numbers, so that random instances often hit the constraints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from accord.core.change import Change
from accord.kinds.jsonschema.drafts import Draft
from accord.kinds.jsonschema.engine import CompareContext, Policy, compare_schemas
from accord.kinds.jsonschema.resolver import SchemaIndex
from accord.kinds.jsonschema.shape import Side
from accord.source import Node, Workspace
from accord.source.document import parse_text

NAMES = ("a", "b", "c")
#: "[ab]*" and "x*" match every string unanchored (strict reads them anchored as readers).
PATTERNS = ("^a", "b$", "^[ab]*$", "a|b", "^.{2}$", "[0-9]", "^x", "[ab]*", "x*")
KEY_PATTERNS = ("^x", "^a", "[0-9]")
SMALL = st.integers(-3, 3)
TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")

values = st.recursive(
    st.none() | st.booleans() | st.integers(-4, 4)
    | st.sampled_from([0.5, -1.5, 2.0, 2.5])
    | st.text(alphabet="abx0 ", max_size=4),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from([*NAMES, "x1", "d"]), inner, max_size=3),
    max_leaves=6,
)


def _leaf() -> st.SearchStrategy[dict[str, Any]]:
    number = st.fixed_dictionaries({}, optional={
        "minimum": SMALL, "maximum": SMALL, "exclusiveMinimum": SMALL,
        "exclusiveMaximum": SMALL, "multipleOf": st.sampled_from([1, 2, 3])})
    string = st.fixed_dictionaries({}, optional={
        "minLength": st.integers(0, 3), "maxLength": st.integers(0, 4),
        "pattern": st.sampled_from(PATTERNS)})
    typed = st.builds(lambda t, extra: {"type": t, **extra},
                      st.sampled_from(TYPES) | st.lists(st.sampled_from(TYPES), min_size=1,
                                                        max_size=3, unique=True),
                      number | string)
    enum = st.builds(lambda vs: {"enum": vs}, st.lists(values, min_size=1, max_size=3))
    const = st.builds(lambda v: {"const": v}, values)
    return typed | enum | const | st.just({}) | number | string


def _compound(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    obj = st.fixed_dictionaries({"type": st.just("object")}, optional={
        "properties": st.dictionaries(st.sampled_from(NAMES), inner, max_size=3),
        "required": st.lists(st.sampled_from(NAMES), max_size=2, unique=True),
        "additionalProperties": st.booleans() | inner,
        "patternProperties": st.dictionaries(st.sampled_from(KEY_PATTERNS), inner, max_size=1),
        "minProperties": st.integers(0, 2), "maxProperties": st.integers(0, 3),
        "propertyNames": st.builds(lambda n: {"maxLength": n}, st.integers(1, 2)),
        "dependentRequired": st.dictionaries(st.sampled_from(NAMES), st.lists(
            st.sampled_from(NAMES), min_size=1, max_size=2, unique=True), max_size=1),
        "dependentSchemas": st.dictionaries(st.sampled_from(NAMES), inner, max_size=1),
    })
    arr = st.fixed_dictionaries({"type": st.just("array")}, optional={
        "items": inner, "prefixItems": st.lists(inner, min_size=1, max_size=2),
        "minItems": st.integers(0, 2), "maxItems": st.integers(0, 3),
        "uniqueItems": st.booleans(), "contains": inner,
    })
    combo = st.builds(lambda k, xs: {k: xs}, st.sampled_from(["anyOf", "oneOf", "allOf"]),
                      st.lists(inner, min_size=1, max_size=3))
    negated = st.builds(lambda x: {"not": x}, inner)
    cond = st.builds(lambda i, t, e: {"if": i, "then": t, "else": e}, inner, inner, inner)
    return obj | arr | combo | negated | cond


schemas = st.recursive(_leaf() | st.booleans(), _compound, max_leaves=5)


@st.composite
def mutated(draw: st.DrawFn, schema: Any, depth: int = 0) -> Any:
    """``schema`` with a few random edits, often none at a given level."""
    if not isinstance(schema, dict) or depth > 4:
        return draw(schemas) if draw(st.integers(0, 9)) == 0 else schema
    out = dict(schema)
    for key in list(out):
        value = out[key]
        roll = draw(st.integers(0, 9))
        if roll == 0:
            del out[key]
        elif roll == 1 and isinstance(value, int) and not isinstance(value, bool):
            floor = 1 if key == "multipleOf" else 0 if key[:3] in ("min", "max") else -9
            out[key] = max(floor, value + draw(st.integers(-2, 2)))
        elif isinstance(value, dict) and key in ("properties", "patternProperties",
                                                 "dependentRequired", "dependentSchemas"):
            out[key] = {k: draw(mutated(v, depth + 1)) if key != "dependentRequired" else v
                        for k, v in value.items()}
            if draw(st.integers(0, 4)) == 0 and key == "properties":
                out[key][draw(st.sampled_from(NAMES))] = draw(schemas)
        elif isinstance(value, dict | bool) and key not in ("enum", "const"):
            out[key] = draw(mutated(value, depth + 1))
        elif isinstance(value, list) and key in ("anyOf", "oneOf", "allOf", "prefixItems"):
            out[key] = [draw(mutated(v, depth + 1)) for v in value]
            if draw(st.integers(0, 4)) == 0:
                out[key] = [*out[key], draw(schemas)]
        elif isinstance(value, list) and key in ("required", "enum", "type") and roll == 2:
            extra = draw(values if key == "enum" else st.sampled_from(
                NAMES if key == "required" else TYPES))
            out[key] = [*value, extra] if extra not in value else value[:-1] or value
    if draw(st.integers(0, 5)) == 0:
        addition = draw(_leaf())
        out.update({k: v for k, v in addition.items() if k not in out})
    return out


def _side(data: Any, name: str) -> Node:
    text = json.dumps(data)
    doc = parse_text(text, name, path=Path(f"/nonexistent/{name}"), suffix=".json")
    return Node(doc, "", doc.data)


def diff(base: Any, revision: Any, policy: Policy = "strict") -> list[Change]:
    """The engine's changes between two in-memory 2020-12 schemas."""
    a, b = _side(base, "base.json"), _side(revision, "revision.json")
    ia = SchemaIndex(Workspace(), a.doc, Draft.DRAFT2020)
    ib = SchemaIndex(Workspace(), b.doc, Draft.DRAFT2020)
    context = CompareContext(Side(ia.resolve, ia.draft_of), Side(ib.resolve, ib.draft_of),
                             policy=policy)
    return compare_schemas(a, b, context=context)
