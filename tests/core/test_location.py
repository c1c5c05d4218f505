from __future__ import annotations

import pytest

from accord.core.location import escape, join, split, unescape


def test_pointer_tokens_round_trip() -> None:
    assert escape("/users/{id}") == "~1users~1{id}"
    assert escape("a~b") == "a~0b"
    assert unescape("~01") == "~1"  # order matters: ~1 is decoded before ~0
    assert join("/paths", "/users/{id}", "get") == "/paths/~1users~1{id}/get"
    assert split("/paths/~1users~1{id}/get") == ["paths", "/users/{id}", "get"]
    assert split("") == []


def test_split_rejects_relative() -> None:
    with pytest.raises(ValueError):
        split("paths")
