"""Data: money not as a float, timestamps as date-time, request strings bounded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from accord.core.finding import Severity
from accord.kinds.openapi.lint.base import all_properties, request_properties, rule, words
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
