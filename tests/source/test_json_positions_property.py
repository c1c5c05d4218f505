"""Every JSON position names a place where the right value starts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.location import join
from accord.source.document import parse_text

_keys = st.text(alphabet=st.sampled_from('ab/~ "\\é{}0'), max_size=4)
_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=25,
)


def _pointers(value: Any, pointer: str = "") -> list[tuple[str, Any]]:
    found = [(pointer, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _pointers(item, join(pointer, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _pointers(item, join(pointer, index))
    return found


@settings(max_examples=150, deadline=None)
@given(_values, st.sampled_from([None, 0, 2]), st.booleans())
def test_every_position_decodes_to_the_value(value: Any, indent: int | None, ascii_: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_)
    doc = parse_text(text, "v.json", path=Path("v.json"), suffix=".json")
    lines = text.split("\n")
    decoder = json.JSONDecoder()
    for pointer, expected in _pointers(value):
        location = doc.location(pointer)
        assert location.line is not None and location.column is not None
        offset = sum(len(line) + 1 for line in lines[: location.line - 1]) + location.column - 1
        decoded, _ = decoder.raw_decode(text, offset)
        assert decoded == expected, pointer
