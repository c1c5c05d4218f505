from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from accord.core.errors import AccordError, ErrorCode
from accord.source import Node, Workspace, load_document

MAIN = """\
openapi: 3.0.0
paths:
  /users{id}:
    get:
      responses:
        "200":
          $ref: "#/components/responses/Ok"
components:
  responses:
    Ok:
      description: ok
      content:
        application/json:
          schema:
            $ref: "schemas/pet.yaml#/Pet"
  schemas:
    Chain1:
      $ref: "#/components/schemas/Chain2"
    Chain2:
      $ref: "schemas/pet.yaml#/Pet"
    Whole:
      $ref: "schemas/pet.yaml"
    Encoded:
      $ref: "#/paths/~1users%7Bid%7D/get"
    Slash:
      $ref: "#/components/schemas/a~1b~0c"
    a/b~c:
      type: string
    Node:
      type: object
      properties:
        next:
          $ref: "#/components/schemas/Node"
"""

PET = """\
Pet:
  type: object
  properties:
    self:
      $ref: "#/Pet"
    owner:
      $ref: "../common/owner.json#/Owner"
"""

OWNER = """\
{
  "Owner": {
    "type": "string"
  }
}
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "common").mkdir()
    (tmp_path / "main.yaml").write_text(MAIN)
    (tmp_path / "schemas" / "pet.yaml").write_text(PET)
    (tmp_path / "common" / "owner.json").write_text(OWNER)
    return tmp_path


def _schema(ws: Workspace, tree: Path, name: str) -> Node:
    node = ws.root(ws.load(tree / "main.yaml", "main.yaml")).child("components", "schemas", name)
    assert node is not None
    return node


def _ref_error(ws: Workspace, node: Node) -> AccordError:
    with pytest.raises(AccordError) as info:
        ws.deref(node)
    assert info.value.code is ErrorCode.UNRESOLVABLE_REF
    return info.value


# -- Node.child ------------------------------------------------------------------


def test_child_indexes_dicts_and_lists(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text('{"paths": {"/a/{b}": {"get": {"tags": ["x", "y"]}}}, "r": {"200": 1}}')
    ws = Workspace()
    root = ws.root(ws.load(path))
    tags = root.child("paths", "/a/{b}", "get", "tags")
    assert tags is not None and tags.pointer == "/paths/~1a~1{b}/get/tags"
    second = tags.child(1)
    assert second is not None and (second.value, second.pointer) == ("y", tags.pointer + "/1")
    by_string = tags.child("1")
    assert by_string is not None and by_string.value == "y"
    assert tags.child(2) is None
    assert tags.child(-1) is None
    assert tags.child("x") is None
    assert root.child("paths", "/nope") is None
    assert root.child("r", "200", "deeper") is None
    code = root.child("r", 200)
    assert code is not None and (code.value, code.pointer) == (1, "/r/200")
    assert root.child() == root


def test_node_is_frozen(tree: Path) -> None:
    ws = Workspace()
    node = ws.root(ws.load(tree / "main.yaml"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        node.pointer = "/x"  # type: ignore[misc]


def test_child_does_not_follow_refs(tree: Path) -> None:
    ws = Workspace()
    chain = _schema(ws, tree, "Chain1")
    assert chain.child("type") is None
    assert chain.child("$ref") is not None


# -- deref -----------------------------------------------------------------------


def test_not_a_ref_is_returned_as_is(tree: Path) -> None:
    ws = Workspace()
    node = _schema(ws, tree, "a/b~c")
    assert ws.deref(node) is node


def test_local_ref(tree: Path) -> None:
    ws = Workspace()
    root = ws.root(ws.load(tree / "main.yaml", "main.yaml"))
    ok = root.child("paths", "/users{id}", "get", "responses", "200")
    assert ok is not None
    target = ws.deref(ok)
    assert target.pointer == "/components/responses/Ok"
    assert target.doc.display == "main.yaml"
    assert target.value["description"] == "ok"
    assert target.location.line == 10


def test_ref_into_other_file_and_relative_display(tree: Path) -> None:
    ws = Workspace()
    target = ws.deref(_schema(ws, tree, "Chain2"))
    assert target.doc.path == (tree / "schemas" / "pet.yaml").resolve()
    assert target.doc.display == "schemas/pet.yaml"
    assert target.pointer == "/Pet"
    assert target.value["type"] == "object"
    # a ref relative to the referenced file, with ../
    owner = target.child("properties", "owner")
    assert owner is not None
    resolved = ws.deref(owner)
    assert resolved.doc.display == "common/owner.json"
    assert resolved.value == {"type": "string"}
    assert resolved.location.line == 2


def test_ref_to_a_whole_file(tree: Path) -> None:
    ws = Workspace()
    target = ws.deref(_schema(ws, tree, "Whole"))
    assert target.pointer == ""
    assert set(target.value) == {"Pet"}


def test_chained_refs_end_at_a_value(tree: Path) -> None:
    ws = Workspace()
    target = ws.deref(_schema(ws, tree, "Chain1"))
    assert target.pointer == "/Pet"
    assert target.doc.display == "schemas/pet.yaml"


def test_percent_encoded_and_escaped_pointers(tree: Path) -> None:
    ws = Workspace()
    target = ws.deref(_schema(ws, tree, "Encoded"))
    assert target.pointer == "/paths/~1users{id}/get"
    assert "responses" in target.value
    slash = ws.deref(_schema(ws, tree, "Slash"))
    assert slash.value == {"type": "string"}
    assert slash.pointer == "/components/schemas/a~1b~0c"


def test_resolutions_are_cached_with_identical_values(tree: Path) -> None:
    ws = Workspace()
    first = ws.deref(_schema(ws, tree, "Chain1"))
    again = ws.deref(_schema(ws, tree, "Chain1"))
    other_route = ws.deref(_schema(ws, tree, "Chain2"))
    assert again is first
    assert other_route.value is first.value
    self_ref = first.child("properties", "self")
    assert self_ref is not None
    assert ws.deref(self_ref).value is first.value
    assert len([d for d in ws.documents() if d.display == "schemas/pet.yaml"]) == 1


def test_a_recursive_schema_is_not_an_error(tree: Path) -> None:
    ws = Workspace()
    node = _schema(ws, tree, "Node")
    assert ws.deref(node) is node
    nxt = node.child("properties", "next")
    assert nxt is not None
    target = ws.deref(nxt)
    assert target.value is node.value
    assert target.pointer == node.pointer


def test_a_loop_of_refs_is_an_error_at_the_ref(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("a:\n  $ref: '#/b'\nb:\n  $ref: '#/a'\n")
    ws = Workspace()
    a = ws.root(ws.load(path, "loop.yaml")).child("a")
    assert a is not None
    error = _ref_error(ws, a)
    assert "loop" in error.message
    assert error.location is not None
    assert (error.location.file, error.location.line) == ("loop.yaml", 2)
    assert error.hint


def test_a_self_ref_is_a_loop(tmp_path: Path) -> None:
    path = tmp_path / "self.json"
    path.write_text('{\n  "a": {"$ref": "#/a"}\n}\n')
    ws = Workspace()
    a = ws.root(ws.load(path, "self.json")).child("a")
    assert a is not None
    error = _ref_error(ws, a)
    assert error.location is not None and error.location.line == 2


def test_a_loop_across_files(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text("x:\n  $ref: 'two.yaml#/y'\n")
    (tmp_path / "two.yaml").write_text("y:\n  $ref: 'one.yaml#/x'\n")
    ws = Workspace()
    x = ws.root(ws.load(tmp_path / "one.yaml")).child("x")
    assert x is not None
    assert "loop" in _ref_error(ws, x).message


def test_missing_target_names_file_and_line_of_the_ref(tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    path.write_text(
        '{\n  "components": {\n    "schemas": {\n      "A": {\n'
        '        "$ref": "#/components/schemas/B"\n      }\n    }\n  }\n}\n'
    )
    ws = Workspace()
    node = ws.root(ws.load(path, "api.json")).child("components", "schemas", "A")
    assert node is not None
    error = _ref_error(ws, node)
    assert error.location is not None
    assert (error.location.file, error.location.line) == ("api.json", 5)
    assert "#/components/schemas/B" in error.message
    assert error.hint


def test_missing_target_in_the_middle_of_a_chain_is_located_there(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("start:\n  $ref: 'b.yaml#/mid'\n")
    (tmp_path / "b.yaml").write_text("other: 1\nmid:\n  $ref: '#/gone'\n")
    ws = Workspace()
    node = ws.root(ws.load(tmp_path / "a.yaml", "a.yaml")).child("start")
    assert node is not None
    error = _ref_error(ws, node)
    assert error.location is not None
    assert (error.location.file, error.location.line) == ("b.yaml", 3)


def test_missing_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x: 1\ny:\n  $ref: 'nope.yaml#/z'\n")
    ws = Workspace()
    node = ws.root(ws.load(tmp_path / "a.yaml", "a.yaml")).child("y")
    assert node is not None
    error = _ref_error(ws, node)
    assert "nope.yaml" in error.message
    assert error.location is not None and error.location.line == 3


def test_remote_refs_are_not_fetched(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("y:\n  $ref: 'https://example.com/s.yaml#/z'\n")
    ws = Workspace()
    node = ws.root(ws.load(tmp_path / "a.yaml")).child("y")
    assert node is not None
    error = _ref_error(ws, node)
    assert error.hint == (
        "remote URLs are not fetched; download the file and refer to it by relative path"
    )
    assert error.location is not None and error.location.line == 2


def test_syntax_error_in_a_referenced_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("y:\n  $ref: 'b.yaml#/z'\n")
    (tmp_path / "b.yaml").write_text("z: [1\n")
    ws = Workspace()
    node = ws.root(ws.load(tmp_path / "a.yaml", "a.yaml")).child("y")
    assert node is not None
    with pytest.raises(AccordError) as info:
        ws.deref(node)
    assert info.value.code is ErrorCode.INVALID_SYNTAX
    assert info.value.location is not None and info.value.location.file == "b.yaml"


def test_deref_with_a_document_loaded_outside_the_workspace(tree: Path) -> None:
    doc = load_document(tree / "main.yaml", "main.yaml")
    ws = Workspace()
    node = Node(doc, "", doc.data).child("components", "schemas", "Chain1")
    assert node is not None
    target = ws.deref(node)
    assert target.doc.display == "schemas/pet.yaml"
    assert ws.documents()[0] is doc


def test_load_is_cached_by_absolute_path(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = Workspace()
    doc = ws.load(tree / "main.yaml")
    monkeypatch.chdir(tree)
    assert ws.load(Path("main.yaml")) is doc
    assert ws.load(Path("schemas/../main.yaml")) is doc
    assert ws.documents() == [doc]


# -- check_refs ------------------------------------------------------------------


def test_check_refs_walks_referenced_files(tree: Path) -> None:
    ws = Workspace()
    ws.check_refs(ws.load(tree / "main.yaml", "main.yaml"))
    assert {d.display for d in ws.documents()} == {
        "main.yaml",
        "schemas/pet.yaml",
        "common/owner.json",
    }


def test_displays_follow_the_directory_the_entry_was_shown_under(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree.parent)
    ws = Workspace()
    entry = Path(tree.name) / "schemas" / "pet.yaml"
    ws.check_refs(ws.load(entry))
    assert [d.display for d in ws.documents()] == [
        f"{tree.name}/schemas/pet.yaml",
        f"{tree.name}/common/owner.json",
    ]
    absolute = Workspace()
    absolute.check_refs(absolute.load(tree / "main.yaml"))
    assert {d.display for d in absolute.documents()} == {
        str(tree / "main.yaml"),
        str(tree / "schemas" / "pet.yaml"),
        str(tree / "common" / "owner.json"),
    }


def test_check_refs_reports_a_bad_ref_in_a_referenced_file(tree: Path) -> None:
    (tree / "common" / "owner.json").write_text(
        '{\n  "Owner": {"type": "string"},\n  "Bad": {"$ref": "#/Nope"}\n}\n'
    )
    ws = Workspace()
    with pytest.raises(AccordError) as info:
        ws.check_refs(ws.load(tree / "main.yaml", "main.yaml"))
    error = info.value
    assert error.code is ErrorCode.UNRESOLVABLE_REF
    assert error.location is not None
    assert (error.location.file, error.location.line) == ("common/owner.json", 3)


def test_check_refs_reports_the_first_bad_ref_in_document_order(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "a:\n  ok:\n    $ref: '#/b'\n  bad1:\n    $ref: '#/nope1'\nb:\n  - $ref: '#/nope2'\n"
    )
    ws = Workspace()
    with pytest.raises(AccordError) as info:
        ws.check_refs(ws.load(path))
    assert info.value.location is not None and info.value.location.line == 5


def test_check_refs_survives_deep_documents(tmp_path: Path) -> None:
    depth = 1000
    path = tmp_path / "deep.json"
    path.write_text('{"a":' * depth + '{"$ref": "#/missing"}' + "}" * depth)
    ws = Workspace()
    with pytest.raises(AccordError) as info:
        ws.check_refs(ws.load(path))
    assert info.value.code is ErrorCode.UNRESOLVABLE_REF
    assert info.value.location is not None
    assert info.value.location.pointer == "/a" * depth + "/$ref"


def test_pointer_through_a_ref_and_percent_encoded_file_name(tmp_path: Path) -> None:
    (tmp_path / "my file.yaml").write_text("Real:\n  properties:\n    x: {type: integer}\n")
    (tmp_path / "a.yaml").write_text(
        "Alias:\n  $ref: 'my%20file.yaml#/Real'\nUse:\n  $ref: '#/Alias/properties/x'\n"
    )
    ws = Workspace()
    use = ws.root(ws.load(tmp_path / "a.yaml", "a.yaml")).child("Use")
    assert use is not None
    target = ws.deref(use)
    assert target.value == {"type": "integer"}
    assert (target.doc.display, target.pointer) == ("my file.yaml", "/Real/properties/x")
    assert target.location.line == 3
