"""JsonLocator finds the same positions whatever the layout of the JSON text.

The reference is the locator without parsed data, which scans the text token
by token; with the data, pretty-printed objects are searched key by key (when
no object repeats a key), and other containers enumerated line by line.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.source._json import JsonLocator, parse_json

Tokens = list[str]


def _pointers(value: Any, tokens: tuple[str, ...] = ()) -> list[Tokens]:
    """Every pointer into ``value``, and a few that lead nowhere."""
    found = [list(tokens)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _pointers(item, (*tokens, key))
        found.append([*tokens, "no such key"])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _pointers(item, (*tokens, str(index)))
        found += [[*tokens, str(len(value))], [*tokens, "00"]]
    return found


def _value_at(text: str, line: int, column: int) -> Any:
    offset = sum(len(row) + 1 for row in text.split("\n")[: line - 1]) + column - 1
    return json.JSONDecoder().raw_decode(text, offset)[0]


def _assert_agrees(text: str, pointers: list[Tokens] | None = None) -> None:
    """Positions with the parsed data are those of the token-by-token scan."""
    data = parse_json(text)
    pointers = _pointers(data) if pointers is None else pointers
    reference = JsonLocator(text)
    locator = JsonLocator(text, data)
    for tokens in pointers:
        assert locator.locate(tokens) == reference.locate(tokens), tokens


TRICKY_KEYS: dict[str, Any] = {
    'back\\slash': {"inner": 1},
    'quo"te': [1, {"q": 2}],
    'colon":here': {'":': "value", '": ': True},
    "ends with backslash\\": {"x": None},
    "é and 😀": {"ü": "ü"},
    "line\nbreak\ttab\u0001": 3.5,
    "a/b~c": {"/": [{}]},
    "": {"": ""},
    "a": {"b": {"a": 1}},
    "ab": 2,
}


@pytest.mark.parametrize("ensure_ascii", [False, True])
@pytest.mark.parametrize("escape_slashes", [False, True])
def test_keys_with_escapes_quotes_and_colons(ensure_ascii: bool, escape_slashes: bool) -> None:
    text = json.dumps(TRICKY_KEYS, indent=2, ensure_ascii=ensure_ascii)
    if escape_slashes:  # as PHP writes it
        text = text.replace("/", "\\/")
    _assert_agrees(text)
    data = parse_json(text)
    locator = JsonLocator(text, data)
    for tokens in _pointers(data)[:-1]:
        value: Any = data
        for token in tokens:
            value = value.get(token) if isinstance(value, dict) else None
        if value is not None:
            assert _value_at(text, *locator.locate(tokens)) == value, tokens


def test_a_key_is_not_taken_from_inside_another_member() -> None:
    text = json.dumps({"x": {"b": {"b": 1}, "bb": 2}, "b": 3, "a": {"b": 4}}, indent=2)
    locator = JsonLocator(text, parse_json(text))
    assert _value_at(text, *locator.locate(["b"])) == 3
    assert _value_at(text, *locator.locate(["a", "b"])) == 4
    assert _value_at(text, *locator.locate(["x", "bb"])) == 2
    _assert_agrees(text)


EMPTIES = """\
{
  "object": {},
  "array": [],
  "spread object": {
  },
  "spread array": [
  ],
  "nested": {
    "object": {},
    "array": [
      [],
      {},
      [
      ]
    ]
  },
  "last": {}
}
"""


def test_empty_objects_and_arrays() -> None:
    _assert_agrees(EMPTIES)
    locator = JsonLocator(EMPTIES, parse_json(EMPTIES))
    assert locator.locate(["spread object"]) == (4, 20)
    assert locator.locate(["spread object", "x"]) == (4, 20)
    assert locator.locate(["nested", "array", "2"]) == (13, 7)
    assert locator.locate(["last"]) == (17, 11)


DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        f"/items/{i}": {
            "get": {"responses": {"200": {"description": f"item {i}"}}},
            "post": {"parameters": [{"name": "a", "in": "query"}], "responses": {}},
        }
        for i in range(30)
    },
    "components": {"schemas": {f"S{i}": {"type": "object", "required": ["a"]} for i in range(30)}},
}


@pytest.mark.parametrize(
    "dump",
    [
        lambda v: json.dumps(v, indent=2),
        lambda v: json.dumps(v, indent=4),
        lambda v: json.dumps(v, indent="\t"),
        lambda v: json.dumps(v, indent=2, separators=(",", " : ")),  # as Jackson writes it
        lambda v: json.dumps(v, indent=2, separators=(",", ":")),
        lambda v: json.dumps(v, indent=2).replace("\n", "\r\n"),
        lambda v: json.dumps(v, indent=0),
        lambda v: json.dumps(v),
    ],
    ids=["2", "4", "tab", "spaced-colon", "no-space", "crlf", "indent-0", "compact"],
)
def test_layouts(dump: Any) -> None:
    _assert_agrees(dump(DOCUMENT))


def test_lookups_agree_in_any_order() -> None:
    text = json.dumps(DOCUMENT, indent=2)
    data = parse_json(text)
    pointers = _pointers(data)
    expected = [JsonLocator(text).locate(tokens) for tokens in pointers]
    for seed in range(5):
        order = list(range(len(pointers)))
        random.Random(seed).shuffle(order)
        locator = JsonLocator(text, data)
        found = {i: locator.locate(pointers[i]) for i in order}
        assert [found[i] for i in range(len(pointers))] == expected


def test_a_repeated_key_resolves_to_the_last_one_as_in_the_data() -> None:
    text = json.dumps({"x": {"a": 1, "b": 1}, "y": {"b": 2}, "z": {"a": 3, "b": 3}}, indent=2)
    text = text.replace('"z"', '"x"')
    data = parse_json(text)
    assert data == {"x": {"a": 3, "b": 3}, "y": {"b": 2}}
    locator = JsonLocator(text, data)
    for tokens in (["x"], ["x", "a"], ["x", "b"], ["y", "b"]):
        assert locator.locate(tokens) == JsonLocator(text).locate(tokens), tokens
    assert _value_at(text, *locator.locate(["x", "b"])) == 3


def test_a_repeated_key_that_changes_its_value_resolves_to_the_last() -> None:
    text = (
        '{\n  "a": 1,\n  "b": {\n    "a": 2\n  },\n  "a": 3,\n  "c": [\n    1\n  ],\n  "c": {}\n}'
    )
    data = parse_json(text)
    assert data == {"a": 3, "b": {"a": 2}, "c": {}}
    locator = JsonLocator(text, data)
    assert locator.locate(["a"]) == (6, 8)
    assert locator.locate(["c"]) == (10, 8)
    assert locator.locate(["b", "a"]) == (4, 10)


_keys = st.text(alphabet=st.sampled_from('ab/~ "\\:é😀\n'), max_size=4)
_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(_keys, _values, min_size=1, max_size=5),
    st.sampled_from([1, 2, 4, "\t"]),
    st.sampled_from([(",", ": "), (",", ":"), (",", " : ")]),
    st.booleans(),
    st.booleans(),
)
def test_any_layout_agrees_with_the_token_scan(
    value: dict[str, Any],
    indent: int | str,
    separators: tuple[str, str],
    ascii_: bool,
    slashes: bool,
) -> None:
    text = json.dumps(value, indent=indent, separators=separators, ensure_ascii=ascii_)
    if slashes:
        text = text.replace("/", "\\/")
    _assert_agrees(text)


def test_objects_indented_by_different_steps() -> None:
    text = (
        '{\n  "a": {\n      "k": 1,\n      "b": {\n       "k": 2\n      }\n  },\n'
        '  "c": {\n    "k": 3\n  }\n}'
    )
    _assert_agrees(text)
    locator = JsonLocator(text, parse_json(text))
    assert _value_at(text, *locator.locate(["a", "b", "k"])) == 2
    assert _value_at(text, *locator.locate(["c", "k"])) == 3
