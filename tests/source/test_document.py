from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location
from accord.source import load_document, load_tree_or_none

JSON_TEXT = """\
{
  "openapi": "3.0.0",
  "paths": {
    "/users/{id}": {
      "get": {
        "parameters": [
          {"name": "id", "in": "path"},
          {
            "name": "a~b",
            "in": "query"
          }
        ]
      }
    }
  },
  "x-weird": {"a/b": 1, "c~d": [10, 20]}
}
"""

YAML_TEXT = """\
openapi: 3.0.0
info:
  version: 2024-01-01
paths:
  /users/{id}:
    get:
      parameters:
        - name: id
          in: path
        - name: a~b
          in: query
      responses:
        200:
          description: ok
x-weird:
  a/b: 1
  c~d: [10, 20]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> AccordError:
    with pytest.raises(AccordError) as info:
        load_document(path)
    return info.value


# -- positions -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("pointer", "line", "column"),
    [
        ("", 1, 1),
        ("/openapi", 2, 14),
        ("/paths", 3, 12),
        ("/paths/~1users~1{id}", 4, 20),
        ("/paths/~1users~1{id}/get/parameters", 6, 23),
        ("/paths/~1users~1{id}/get/parameters/0", 7, 11),
        ("/paths/~1users~1{id}/get/parameters/0/in", 7, 32),
        ("/paths/~1users~1{id}/get/parameters/1", 8, 11),
        ("/paths/~1users~1{id}/get/parameters/1/in", 10, 19),
        ("/x-weird/a~1b", 16, 22),
        ("/x-weird/c~0d", 16, 32),
        ("/x-weird/c~0d/1", 16, 37),
    ],
)
def test_json_positions(tmp_path: Path, pointer: str, line: int, column: int) -> None:
    doc = load_document(_write(tmp_path, "api.json", JSON_TEXT), "api.json")
    assert doc.format == "json"
    assert doc.location(pointer) == Location(pointer, "api.json", line, column)


def test_json_position_of_a_missing_pointer_is_its_nearest_ancestor(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "api.json", JSON_TEXT), "api.json")
    pointer = "/paths/~1users~1{id}/post/responses"
    assert doc.location(pointer) == Location(pointer, "api.json", 4, 20)
    assert doc.location("/paths/~1users~1{id}/get/parameters/7") == Location(
        "/paths/~1users~1{id}/get/parameters/7", "api.json", 6, 23
    )
    assert doc.location("/x-weird/c~0d/x").line == 16
    assert doc.location("/nothing").line == 1


def test_json_lookups_agree_when_repeated_in_any_order(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "api.json", JSON_TEXT), "api.json")
    first = doc.location("/x-weird/c~0d/1")
    assert doc.location("/paths/~1users~1{id}/get").line == 5
    assert doc.location("/x-weird/c~0d/1") == first


def test_json_detected_by_content_whatever_the_extension(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "api.yaml", JSON_TEXT))
    assert doc.format == "json"
    assert doc.location("/paths").line == 3


def test_json_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b'\xef\xbb\xbf{\n  "a": {"b": 1}\n}\n')
    doc = load_document(path)
    assert doc.data == {"a": {"b": 1}}
    assert doc.location("/a/b") == Location("/a/b", str(path), 2, 14)


@pytest.mark.parametrize(
    ("pointer", "line", "column"),
    [
        ("", 1, 1),
        ("/info/version", 3, 12),
        # a block mapping value is placed at its key
        ("/paths/~1users~1{id}", 5, 3),
        ("/paths/~1users~1{id}/get/parameters/0", 8, 11),
        ("/paths/~1users~1{id}/get/parameters/1/in", 11, 15),
        ("/paths/~1users~1{id}/get/responses/200", 13, 9),
        ("/paths/~1users~1{id}/get/responses/200/description", 14, 24),
        ("/x-weird/a~1b", 16, 8),
        ("/x-weird/c~0d/1", 17, 13),
    ],
)
def test_yaml_positions(tmp_path: Path, pointer: str, line: int, column: int) -> None:
    doc = load_document(_write(tmp_path, "api.yaml", YAML_TEXT), "api.yaml")
    assert doc.format == "yaml"
    assert doc.location(pointer) == Location(pointer, "api.yaml", line, column)


def test_yaml_position_of_a_missing_pointer_is_its_nearest_ancestor(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "api.yaml", YAML_TEXT), "api.yaml")
    pointer = "/paths/~1users~1{id}/get/parameters/5/name"
    assert doc.location(pointer) == Location(pointer, "api.yaml", 7, 7)
    assert doc.location("/x-weird/c~0d/1/deeper").line == 17


def test_yaml_merge_keys_and_aliases(tmp_path: Path) -> None:
    text = """\
base: &base
  x: 1
  y: 2
derived:
  <<: *base
  y: 3
copy: *base
"""
    doc = load_document(_write(tmp_path, "m.yaml", text))
    assert doc.data["derived"] == {"x": 1, "y": 3}
    assert doc.data["copy"] == {"x": 1, "y": 2}
    assert doc.location("/derived/x").line == 2  # merged in from the anchor
    assert doc.location("/derived/y").line == 6  # the mapping's own key wins
    assert doc.location("/copy").line == 7  # the alias, not the anchor
    assert doc.location("/copy/y").line == 3


def test_yaml_data_is_json_like(tmp_path: Path) -> None:
    text = """\
version: 2024-01-01
sunset: 2025-06-30T00:00:00Z
answers: [yes, no, on, off, true, False]
numbers: [012, 0x1F, 0o17, 1e3, 1.5, -7, .inf]
empty: ~
responses:
  200: ok
  default: other
  true: x
"""
    data = load_document(_write(tmp_path, "s.yaml", text)).data
    assert data["version"] == "2024-01-01"
    assert data["sunset"] == "2025-06-30T00:00:00Z"
    assert data["answers"] == ["yes", "no", "on", "off", True, False]
    assert data["numbers"] == [12, 31, 15, 1000.0, 1.5, -7, float("inf")]
    assert data["empty"] is None
    assert data["responses"] == {"200": "ok", "default": "other", "true": "x"}
    assert all(isinstance(key, str) for key in data["responses"])


def test_yaml_with_only_comments_is_null(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "c.yaml", "# nothing yet\n"))
    assert doc.data is None
    assert doc.location("/a").line == 1


# -- errors ----------------------------------------------------------------------


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.json", '{\n  "a": 1,\n  "b": [1, 2,]\n}\n')
    error = _error(path)
    assert error.code is ErrorCode.INVALID_SYNTAX
    assert "invalid JSON" in error.message
    assert error.location is not None
    assert (error.location.file, error.location.line, error.location.column) == (str(path), 3, 14)
    assert error.hint


def test_invalid_json_missing_comma(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "bad.json", '{\n  "a": 1\n  "b": 2\n}\n'))
    assert error.code is ErrorCode.INVALID_SYNTAX
    assert "delimiter" in error.message
    assert error.location is not None and error.location.line == 3


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "bad.yaml", "a: 1\nb:\n  c: [1, 2\nd: 3\n"))
    assert error.code is ErrorCode.INVALID_SYNTAX
    assert error.message.startswith("invalid YAML")
    assert error.location is not None and error.location.line == 4
    assert error.hint


def test_bad_indentation_in_yaml(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "bad.yaml", "a: 1\n b: 2\n"))
    assert error.code is ErrorCode.INVALID_SYNTAX
    assert error.location is not None and error.location.line == 2


def test_tab_indentation_gets_its_own_hint(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "tab.yaml", "a:\n\tb: 1\n"))
    assert error.location is not None and error.location.line == 2
    assert error.hint is not None and "tab" in error.hint


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    text = "paths:\n  /a:\n    get: {}\n  /b: {}\n  /a:\n    post: {}\n"
    error = _error(_write(tmp_path, "dup.yaml", text))
    assert error.code is ErrorCode.INVALID_SYNTAX
    assert "duplicate key '/a'" in error.message
    assert "line 2" in error.message
    assert error.location is not None and (error.location.line, error.location.column) == (5, 3)


def test_duplicate_via_int_and_string_key(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "dup.yaml", "200: a\n'200': b\n"))
    assert "duplicate key '200'" in error.message


def test_a_key_overriding_a_merged_key_is_not_a_duplicate(tmp_path: Path) -> None:
    text = "a: &a {x: 1}\nb: &b\n  <<: *a\n  x: 2\nc:\n  <<: [*b, *a]\n  y: 3\n"
    data = load_document(_write(tmp_path, "m.yaml", text)).data
    assert data["b"] == {"x": 2}
    assert data["c"] == {"x": 2, "y": 3}


def test_several_yaml_documents_are_refused(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "two.yaml", "a: 1\n---\nb: 2\n"))
    assert error.code is ErrorCode.INVALID_SYNTAX
    assert error.location is not None and error.location.line == 2


def test_missing_file(tmp_path: Path) -> None:
    error = _error(tmp_path / "nope.yaml")
    assert error.code is ErrorCode.FILE_NOT_FOUND
    assert error.hint


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    assert _error(tmp_path).code is ErrorCode.FILE_NOT_FOUND


@pytest.mark.parametrize("text", ["", "  \n\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    error = _error(_write(tmp_path, "empty.yaml", text))
    assert error.code is ErrorCode.INVALID_SYNTAX
    assert "empty" in error.message


@pytest.mark.parametrize(
    "content", [b"\x00\x01\x02\x03binary", b"PK\x03\x04\x14\x00", b"a: \xff\xfe\xfa\n"]
)
def test_binary_or_undecodable_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blob.yaml"
    path.write_bytes(content)
    error = _error(path)
    assert error.code is ErrorCode.INVALID_SYNTAX


def test_control_character_in_yaml(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "c.yaml", 'a: 1\nb: "\x07"\n'))
    assert error.code is ErrorCode.INVALID_SYNTAX
    assert error.location is not None and error.location.line == 2


def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path) -> None:
    text = "[" * 50_000 + "]" * 50_000
    for name in ("deep.yaml", "deep.json"):
        assert _error(_write(tmp_path, name, text)).code is ErrorCode.INVALID_SYNTAX


def test_moderate_block_nesting_loads(tmp_path: Path) -> None:
    text = "".join("  " * i + "- \n" for i in range(150))
    data = load_document(_write(tmp_path, "nest.yaml", text)).data
    depth = 0
    while isinstance(data, list):
        data = data[0] if data else None
        depth += 1
    assert depth == 150


# -- sniffing --------------------------------------------------------------------


def test_load_tree_or_none(tmp_path: Path) -> None:
    assert load_tree_or_none(_write(tmp_path, "a.yaml", "a: 1\n")) == {"a": 1}
    assert load_tree_or_none(_write(tmp_path, "a.json", '{"a": 1}')) == {"a": 1}
    assert load_tree_or_none(_write(tmp_path, "svc.proto", 'syntax = "proto3";\n')) is None
    assert load_tree_or_none(_write(tmp_path, "s.graphql", "type Query { a: Int }\n")) is None
    assert load_tree_or_none(_write(tmp_path, "s.gql", "type Query { a: Int }\n")) is None
    assert load_tree_or_none(tmp_path) is None
    zipped = tmp_path / "b.zip"
    zipped.write_bytes(b"PK\x03\x04")
    assert load_tree_or_none(zipped) is None


def test_load_tree_or_none_tries_unknown_extensions(tmp_path: Path) -> None:
    assert load_tree_or_none(_write(tmp_path, "spec.txt", "openapi: 3.1.0\n")) == {
        "openapi": "3.1.0"
    }
    assert load_tree_or_none(_write(tmp_path, "notes.md", "# Title\n\ntext: [\n")) is None
    assert load_tree_or_none(_write(tmp_path, "README", "just words\n")) is None


def test_load_tree_or_none_raises_on_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(AccordError) as info:
        load_tree_or_none(_write(tmp_path, "bad.yml", "a: [1\n"))
    assert info.value.code is ErrorCode.INVALID_SYNTAX
