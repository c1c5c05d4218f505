"""The ``then`` functions of custom rules: each passes and fails, and checks its options."""

from __future__ import annotations

from typing import Any

import pytest

from accord.lint.functions import FUNCTIONS, MISSING, OptionError


def problems(name: str, value: Any, **options: Any) -> list[tuple[str, tuple[str | int, ...]]]:
    function = FUNCTIONS[name]
    prepared = function.prepare(options)
    if value is MISSING and not function.sees_missing:
        return []
    return list(function.run(value, prepared))


def passes(name: str, value: Any, **options: Any) -> bool:
    return problems(name, value, **options) == []


def test_the_documented_set() -> None:
    assert list(FUNCTIONS) == ["truthy", "falsy", "defined", "undefined", "pattern", "casing",
                               "enumeration", "length", "schema", "alphabetical", "xor"]


@pytest.mark.parametrize(("name", "good", "bad"), [
    ("truthy", ["x", 1, True, ["a"], {"a": 1}], [MISSING, "", 0, False, None, [], {}]),
    ("falsy", [MISSING, "", 0, False, None, []], ["x", 1, True, {"a": 1}]),
    ("defined", ["x", None, 0, False], [MISSING]),
    ("undefined", [MISSING], ["x", None, 0]),
])
def test_presence_functions(name: str, good: list[Any], bad: list[Any]) -> None:
    assert all(passes(name, v) for v in good)
    assert not any(passes(name, v) for v in bad)


def test_truthy_says_what_it_found() -> None:
    assert problems("truthy", MISSING) == [("is missing", ())]
    assert problems("truthy", "") == [("must be truthy, not ''", ())]


def test_pattern() -> None:
    assert passes("pattern", "listOrders", match="^[a-z]")
    assert problems("pattern", "ListOrders", match="^[a-z]") == [
        ("must match the pattern '^[a-z]'", ())]
    assert passes("pattern", "/orders", notMatch="/$")
    assert not passes("pattern", "/orders/", notMatch="/$")
    assert passes("pattern", "ORDERS", match="/^orders$/i")  # Spectral's /re/flags
    assert problems("pattern", 3, match="x") == [("must be a string, not a number", ())]
    assert passes("pattern", MISSING, match="x")  # missing values are skipped


@pytest.mark.parametrize(("case", "good", "bad"), [
    ("camel", ["listOrders", "id", "v2Items"], ["ListOrders", "list_orders", "list-orders"]),
    ("pascal", ["ListOrders", "Order"], ["listOrders", "List_Orders"]),
    ("kebab", ["line-items", "orders"], ["lineItems", "line_items", "Line-Items"]),
    ("snake", ["line_items", "id"], ["lineItems", "line-items", "_x"]),
    ("macro", ["LINE_ITEMS", "ID"], ["line_items", "LINE-ITEMS"]),
    ("flat", ["lineitems"], ["lineItems", "line_items"]),
    ("cobol", ["LINE-ITEMS"], ["LINE_ITEMS", "line-items"]),
])
def test_casing(case: str, good: list[str], bad: list[str]) -> None:
    assert all(passes("casing", v, type=case) for v in good)
    assert not any(passes("casing", v, type=case) for v in bad)


def test_casing_options() -> None:
    assert not passes("casing", "v2Items", type="camel", disallowDigits=True)
    separator = {"char": "/", "allowLeading": True}
    assert passes("casing", "/orders/line-items", type="kebab", separator=separator)
    assert not passes("casing", "/orders/lineItems", type="kebab", separator=separator)


def test_enumeration() -> None:
    assert passes("enumeration", "https", values=["https", "wss"])
    assert problems("enumeration", "http", values=["https", "wss"]) == [
        ("must be one of 'https', 'wss', not 'http'", ())]
    assert not passes("enumeration", True, values=[1])  # YAML's true is not 1


def test_length() -> None:
    assert passes("length", "abc", min=1, max=3)
    assert problems("length", "abcd", max=3) == [("must be at most 3 long (is 4)", ())]
    assert not passes("length", [], min=1)
    assert passes("length", {"a": 1}, min=1)
    assert problems("length", 120, max=100) == [("must be at most 100 (is 120)", ())]


def test_schema() -> None:
    schema = {"type": "object", "required": ["name", "email"],
              "properties": {"email": {"type": "string", "format": "email"}}}
    assert passes("schema", {"name": "orders", "email": "a@b.c"}, schema=schema)
    assert problems("schema", {"email": "a@b.c"}, schema=schema) == [
        ("'name' is a required property", ())]
    nested = {"properties": {"url": {"type": "string"}}}
    assert problems("schema", {"url": 3}, schema=nested) == [("3 is not of type 'string'",
                                                               ("url",))]
    both = problems("schema", {}, schema=schema, allErrors=True)
    assert len(both) == 2


def test_alphabetical() -> None:
    assert passes("alphabetical", ["a", "b", "c"])
    assert problems("alphabetical", ["a", "c", "b"]) == [
        ("must be in alphabetical order: 'b' comes before 'c'", (2,))]
    tags = [{"name": "orders"}, {"name": "customers"}]
    assert problems("alphabetical", tags, keyedBy="name") == [
        ("must be in alphabetical order: 'customers' comes before 'orders'", (1,))]
    assert passes("alphabetical", list(reversed(tags)), keyedBy="name")
    assert passes("alphabetical", {"a": 1, "b": 2})
    assert not passes("alphabetical", {"b": 1, "a": 2})


def test_xor() -> None:
    assert passes("xor", {"value": 1}, properties=["value", "externalValue"])
    assert problems("xor", {"value": 1, "externalValue": "x"},
                    properties=["value", "externalValue"]) == [
        ("must have exactly one of value, externalValue (has value, externalValue)", ())]
    assert not passes("xor", {}, properties=["value", "externalValue"])


@pytest.mark.parametrize(("name", "options", "key"), [
    ("truthy", {"x": 1}, "x"),
    ("pattern", {}, None),
    ("pattern", {"match": "("}, "match"),
    ("pattern", {"match": "/x/q"}, "match"),
    ("casing", {"type": "camelCase"}, "type"),
    ("casing", {"type": "camel", "separator": {"char": "--"}}, "separator"),
    ("enumeration", {"values": []}, "values"),
    ("length", {}, None),
    ("length", {"min": -1}, "min"),
    ("length", {"min": 3, "max": 2}, "min"),
    ("schema", {"schema": {"type": "strnig"}}, "schema"),
    ("schema", {"schema": "object"}, "schema"),
    ("alphabetical", {"keyedBy": 3}, "keyedBy"),
    ("xor", {"properties": ["only"]}, "properties"),
    ("xor", {"properties": ["a", "b"], "other": 1}, "other"),
])
def test_bad_options(name: str, options: dict[str, Any], key: str | None) -> None:
    with pytest.raises(OptionError) as err:
        FUNCTIONS[name].prepare(options)
    assert err.value.key == key and str(err.value)
