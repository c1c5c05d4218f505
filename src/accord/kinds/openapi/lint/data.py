"""Data: money not as a float, timestamps as date-time, request strings and arrays
bounded, every body schema typed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from accord.core.finding import Severity
from accord.kinds.openapi.lint.base import (
    all_properties,
    body_roots,
    body_schemas,
    deref,
    request_properties,
    rule,
    words,
)
from accord.kinds.openapi.model import OpenAPIModel
from accord.lint.rule import Hit, LintOptions

_MONEY = frozenset({"amount", "price", "cost", "balance", "fee", "fees", "money", "subtotal",
                    "total", "tax", "discount", "salary", "revenue", "payout", "refund"})
#: Formats that bound a string by themselves.
_BOUNDED_FORMATS = frozenset({"date", "date-time", "time", "uuid", "ipv4", "ipv6", "duration",
                              "int32", "int64", "decimal"})


def _types(schema: Any) -> set[str]:
    if not isinstance(schema, dict):
        return set()
    declared = schema.get("type")
    if isinstance(declared, list):
        return {str(t) for t in declared}
    return {str(declared)} if declared is not None else set()


@rule("money-not-float", Severity.ERROR,
      "Money is a decimal string (\"12.30\") or an integer of minor units, with a currency; "
      "a binary float cannot hold 0.10 exactly and rounds amounts.",
      "use a string with a decimal pattern (or integer minor units) plus a currency field")
def money(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for prop in all_properties(model):
        found = words(prop.name)
        if found and found[-1] in _MONEY and "number" in _types(prop.schema.value):
            yield Hit(f"property '{prop.name}' looks like money but is a number (float)",
                      prop.schema.location)


@rule("timestamps-date-time", Severity.INFO,
      "Timestamps (created_at, updatedAt) are RFC 3339 strings with format date-time, one "
      "unambiguous, time-zone-aware format.",
      "declare the property as type: string, format: date-time")
def timestamps(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for prop in all_properties(model):
        found = words(prop.name)
        if len(found) < 2 or found[-1] not in ("at", "timestamp"):
            continue
        value = prop.schema.value
        if _types(value) and (not {"string"} & _types(value)
                              or value.get("format") not in ("date-time", "date")):
            yield Hit(f"property '{prop.name}' is a timestamp but not a date-time string",
                      prop.schema.location)


@rule("request-strings-bounded", Severity.INFO,
      "Strings a client sends have a maxLength (or an enum or bounded format), so the "
      "provider's limits are part of the contract rather than a surprise 400.",
      "add maxLength to the string's schema")
def bounded_strings(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for prop in request_properties(model):
        value = prop.schema.value
        if "string" not in _types(value) or any(k in value for k in ("maxLength", "enum",
                                                                      "const")):
            continue
        if value.get("format") in _BOUNDED_FORMATS:
            continue
        yield Hit(f"request property '{prop.name}' is a string without maxLength",
                  prop.schema.location)


@rule("request-arrays-bounded", Severity.INFO,
      "Arrays a client sends have a maxItems, so the provider's limit on a batch is part of "
      "the contract rather than a surprise 400 (or an unbounded request).",
      "add maxItems to the array's schema")
def bounded_arrays(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for root in body_roots(model, responses=False):
        schema = deref(model, root)
        if "array" in _types(schema.value) and "maxItems" not in schema.value:
            yield Hit("the request body is an array without maxItems", schema.location)
    for prop in request_properties(model):
        value = prop.schema.value
        if "array" in _types(value) and "maxItems" not in value:
            yield Hit(f"request property '{prop.name}' is an array without maxItems",
                      prop.schema.location)


_COMPOSED = frozenset({"allOf", "anyOf", "oneOf", "not"})
#: Keywords that say what a value is (besides ``type``).
_DEFINING = ("$ref", "allOf", "anyOf", "oneOf", "not", "enum", "const")


@rule("schema-typed", Severity.WARN,
      "Every schema of a request or response says what the value is (a type, a $ref, a "
      "composition, or an enum): an empty or untyped schema accepts anything, so clients "
      "and generated code cannot rely on it.",
      "add a 'type' (and its properties or items), or a $ref to a named schema")
def typed(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for schema, via in body_schemas(model):
        # Members of a composition constrain the schema they compose ({required: [a]}
        # in a oneOf); they need not define it.
        if via in _COMPOSED or "type" in schema.value or any(k in schema.value
                                                         for k in _DEFINING):
            continue
        what = "an empty schema" if not schema.value else "a schema without a type"
        yield Hit(f"{what} ({_where(via)})", schema.location)


def _where(via: str) -> str:
    return {"root": "a body", "items": "array items", "additionalProperties": "map values",
            "properties": "a property"}.get(via, f"an item of {via}")
