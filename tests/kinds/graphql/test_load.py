"""Loading GraphQL contracts: one SDL file, a directory with extensions across files,
an entry that imports others, introspection JSON in both shapes; bad input and
invalid schemas with locations; the lenient load for lint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphql import build_schema, get_introspection_query, graphql_sync

from accord.core.errors import AccordError, ErrorCode
from accord.kinds import load_kinds
from accord.kinds.graphql.model import GraphQLModel, line_column
from accord.kinds.protocol import DiffOptions, load_for_lint
from tests.kinds.graphql.support import GITHUB_NEW, KIND, diff, pairs, write

SDL = '''
"""The root."""
type Query {
  "The caller."
  me: User
  users(first: Int = 10, after: String): [User!]! @deprecated(reason: "Use search.")
}

interface Node { id: ID! }

type User implements Node {
  id: ID!
  name: String
  role: Role
}

enum Role { ADMIN MEMBER @deprecated }

input Filter { q: String = "x", roles: [Role!] }

directive @cache(ttl: Int = 60) repeatable on FIELD_DEFINITION
'''


def model_of(path: Path, lenient: bool = False) -> GraphQLModel:
    contract = KIND.load_lenient(path) if lenient else KIND.load(path)
    assert isinstance(contract.model, GraphQLModel)
    return contract.model


def load_error(path: Path) -> AccordError:
    with pytest.raises(AccordError) as caught:
        KIND.load(path)
    return caught.value


def test_one_file_reads_every_definition(tmp_path: Path) -> None:
    path = write(tmp_path, "schema.graphql", SDL)
    contract = KIND.load(path)
    assert (contract.kind, contract.version, contract.files) == ("graphql", None, ())
    defs = contract.model.definitions
    assert sorted(defs.types) == ["Filter", "Node", "Query", "Role", "User"]
    users = defs.types["Query"].fields["users"]
    assert users.type == "[User!]!" and users.args["first"].default == "10"
    assert users.deprecation == "Use search."
    assert str(defs.types["Query"].description) == "The root."
    assert defs.types["User"].interfaces == ["Node"]
    assert defs.types["Role"].values["MEMBER"].deprecation == "No longer supported"
    assert defs.types["Filter"].fields["q"].default == '"x"'
    assert defs.directives["cache"].repeatable and defs.directives["cache"].locations == [
        "FIELD_DEFINITION"]
    assert defs.root_name("query") == "Query" and defs.root_name("mutation") is None


def test_locations_agree_with_graphql_core(tmp_path: Path) -> None:
    """accord's reader and graphql-core put every definition at the same line and column."""
    path = write(tmp_path, "schema.graphql", SDL)
    model = model_of(path, lenient=True)
    defs = model.definitions
    schema = model.schema
    assert schema is not None
    checked = 0
    for name in ("Query", "User", "Role", "Filter"):
        graphql_type = schema.type_map[name]
        node = graphql_type.ast_node
        assert node is not None and node.loc is not None
        # graphql-core's tokens carry their line and column (its get_location before 3.3
        # loses a line break just before the position).
        where = node.loc.start_token
        assert defs.locate(name) == model.location(node)
        assert (defs.locate(name).line, defs.locate(name).column) == (where.line, where.column)
        for field_name, field in getattr(graphql_type, "fields", {}).items():
            assert defs.locate(f"{name}.{field_name}") == model.location(field.ast_node)
            checked += 1
    assert checked == 7  # Query: 2, User: 3, Filter: 2 (an enum has values, not fields)
    where = defs.locate("Query.users(after:)")
    assert (where.line, where.column) == (5, 26)


def test_a_directory_is_one_schema_with_extensions_across_files(tmp_path: Path) -> None:
    write(tmp_path, "api/a.graphql", "type Query { me: User }\ntype User { id: ID! }\n")
    write(tmp_path, "api/users/b.graphqls", "extend type User {\n  name: String\n}\n")
    write(tmp_path, "api/notes.md", "not a schema")
    contract = KIND.load(tmp_path / "api")
    assert contract.files == (str((tmp_path / "api/a.graphql").resolve()),
                              str((tmp_path / "api/users/b.graphqls").resolve()))
    defs = contract.model.definitions
    assert list(defs.types["User"].fields) == ["id", "name"]
    where = defs.locate("User.name")
    assert (where.file, where.line, where.column) == (
        str(tmp_path / "api/users/b.graphqls"), 2, 3)
    # graphql-core sees the same schema, extension included.
    schema = model_of(tmp_path / "api", lenient=True).schema
    assert schema is not None and "name" in schema.type_map["User"].fields  # type: ignore[attr-defined]


def test_an_entry_file_imports_others(tmp_path: Path) -> None:
    entry = write(tmp_path, "schema.graphql",
                  '# import * from "types/user.graphql"\ntype Query { me: User }\n')
    write(tmp_path, "types/user.graphql",
          "# import User from './role.graphql'\ntype User { id: ID! role: Role }\n")
    write(tmp_path, "types/role.graphql", "enum Role { ADMIN }\n")
    contract = KIND.load(entry)
    assert [Path(f).name for f in contract.files] == [
        "schema.graphql", "user.graphql", "role.graphql"]
    assert sorted(contract.model.definitions.types) == ["Query", "Role", "User"]


def test_a_missing_import_is_reported_at_its_comment(tmp_path: Path) -> None:
    entry = write(tmp_path, "schema.graphql",
                  'type Query { me: Int }\n# import * from "gone.graphql"\n')
    error = load_error(entry)
    assert error.code is ErrorCode.UNRESOLVABLE_REF
    assert error.location is not None and error.location.line == 2
    assert "gone.graphql" in error.message and error.hint


@pytest.mark.parametrize("wrapped", [True, False], ids=["data-__schema", "__schema"])
def test_introspection_json_reads_like_the_sdl(tmp_path: Path, wrapped: bool) -> None:
    result = graphql_sync(build_schema(SDL), get_introspection_query(descriptions=True))
    data = {"data": result.data} if wrapped else result.data
    path = tmp_path / "introspection.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert load_kinds().detect(path).name == "graphql"
    introspected = KIND.load(path)
    from_sdl = KIND.load(write(tmp_path, "schema.graphql", SDL))
    assert KIND.diff(from_sdl, introspected, DiffOptions()) == []
    assert KIND.diff(introspected, from_sdl, DiffOptions()) == []
    model = introspected.model
    assert model.source_kind == "introspection" and model.documents == ()
    prefix = "/data/__schema" if wrapped else "/__schema"
    where = model.definitions.locate("Query.users(first:)")
    assert where.pointer.startswith(prefix + "/types/") and where.pointer.endswith("/args/0")
    assert where.file == str(path) and where.line is not None
    assert model.schema is not None and model.errors == ()


def test_a_change_in_introspection_points_at_its_json_path(tmp_path: Path) -> None:
    old = graphql_sync(build_schema(SDL), get_introspection_query()).data
    new = graphql_sync(build_schema(SDL.replace("  name: String\n", "")),
                       get_introspection_query()).data
    base, revision = tmp_path / "old.json", tmp_path / "new.json"
    base.write_text(json.dumps({"data": old}), encoding="utf-8")
    revision.write_text(json.dumps({"data": new}), encoding="utf-8")
    (change,) = KIND.diff(KIND.load(base), KIND.load(revision), DiffOptions())
    assert (change.rule, change.operation) == ("field-removed", "User.name")
    assert change.location.file == str(base)
    assert change.location.pointer.startswith("/data/__schema/types/")


def test_kind_is_detected_by_suffix_directory_and_content(tmp_path: Path) -> None:
    registry = load_kinds()
    plain = write(tmp_path, "schema", "# the API\ntype Query { me: Int }\n")
    folder = tmp_path / "sdl"
    write(folder, "a.gql", "type Query { me: Int }\n")
    assert registry.detect(plain).name == "graphql"
    assert registry.detect(folder).name == "graphql"
    assert registry.detect(write(tmp_path, "x.graphqls", "type Query { a: Int }")).name == (
        "graphql")
    other = write(tmp_path, "openapi.json", '{"openapi": "3.1.0", "info": {}}')
    assert not KIND.sniff(other, json.loads(other.read_text()))
    assert not KIND.sniff(write(tmp_path, "notes", "Just some words.\n"), None)


# --- bad input ---------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "line", "column", "words"), [
    ("type Query {\n  me: \n}\n", 3, 1, "expected a name, found '}'"),
    ("type Query { me: Int }\nquery { me }\n", 2, 1, "not operations or fragments"),
    ('type Query {\n  "unterminated\n  me: Int\n}\n', 2, 3, "unterminated string"),
    ("type Query { me(first: Int = $n): Int }\n", 1, 30, "not a variable"),
    ("type Query { me: Int }\nbanana\n", 2, 1, "expected a definition"),
    ("type Query { me: [Int }\n", 1, 23, "expected ']'"),
])
def test_syntax_errors_have_a_location_and_a_hint(tmp_path: Path, text: str, line: int,
                                                 column: int, words: str) -> None:
    error = load_error(write(tmp_path, "bad.graphql", text))
    assert error.code is ErrorCode.INVALID_SYNTAX and words in error.message
    assert error.location is not None
    assert (error.location.file, error.location.line, error.location.column) == (
        str(tmp_path / "bad.graphql"), line, column)
    assert error.hint


@pytest.mark.parametrize(("text", "line", "message"), [
    ("type Query {\n  a: Int\n  a: String\n}\n", 3, "Query.a is defined more than once"),
    ("type Query { a: Int }\ntype Query { b: Int }\n", 2, "Query is defined more than once"),
    ("type Query {\n  me: Person\n}\n", 2, "unknown type Person (Query.me)"),
    ("type Query { me(f: Q): Int }\ntype Q { a: Int }\n", 1,
     "the type of Query.me(f:) must be an input type, but Q is object"),
    ("type Query { me: F }\ninput F { a: Int }\n", 1,
     "the type of Query.me must be an output type, but F is input object"),
    ("type Query { me: U }\ninterface I { x: Int }\ntype U implements I { y: Int }\n", 3,
     "interface field I.x expected but U does not provide it"),
    ("type Query { me: U }\ntype U implements Int { y: Int }\n", 2,
     "U implements Int, which is not a defined interface"),
    ("type Query { me: U }\nunion U = Query | Int\n", 2,
     "union U includes Int, which is not a defined object type"),
    ("type Query { me: Int }\nextend type User { a: Int }\n", 2,
     "cannot extend User: no type of that kind is defined"),
    ("type Query { me: Int @cached }\n", 1, "unknown directive @cached"),
    ("schema { query: Q }\ntype Query { me: Int }\n", 1,
     "the query root type Q is not a defined object type"),
    ("type Query { me: E }\nenum E\n", 2, "enum E must define one or more values"),
])
def test_an_invalid_schema_is_an_error_at_its_first_problem(tmp_path: Path, text: str,
                                                           line: int, message: str) -> None:
    error = load_error(write(tmp_path, "bad.graphql", text))
    assert error.code is ErrorCode.INVALID_CONTRACT
    assert error.message == message
    assert error.location is not None and error.location.line == line and error.hint


def test_lenient_load_keeps_graphql_core_problems_with_locations(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.graphql", "type Query {\n  a: Int\n  a: String\n  b: Foo\n}\n")
    contract = load_for_lint(KIND, path)
    model = contract.model
    assert model.schema is None and len(model.documents) == 1
    duplicate, unknown = model.errors
    assert duplicate.message == "Field 'Query.a' can only be defined once."
    assert (duplicate.location.line, duplicate.location.column) == (3, 3)
    assert [loc.line for loc in duplicate.related] == [2]
    assert duplicate.hint == "remove or rename one of the definitions"
    assert unknown.message == "Unknown type 'Foo'." and unknown.location.line == 4
    assert unknown.fatal


def test_lenient_load_still_refuses_syntax_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.graphql", "type Query {\n  me: \n}\n")
    with pytest.raises(AccordError) as caught:
        KIND.load_lenient(path)
    assert caught.value.code is ErrorCode.INVALID_SYNTAX
    assert caught.value.location is not None and caught.value.location.line == 3


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_syntax_errors_are_placed_at_the_unexpected_token(tmp_path: Path, newline: str) -> None:
    text = newline.join(["", '"""Root."""', "type Query {", "  me: ", "}", ""])
    path = tmp_path / "bad.graphql"
    path.write_bytes(text.encode())
    with pytest.raises(AccordError) as caught:
        KIND.load_lenient(path)
    where = caught.value.location
    assert where is not None and (where.line, where.column) == (5, 1)


@pytest.mark.parametrize(("text", "position", "expected"), [
    ("abc", 0, (1, 1)), ("abc", 2, (1, 3)), ("a\nb", 2, (2, 1)), ("a\n", 2, (2, 1)),
    ("a\r\nb", 3, (2, 1)), ("a\r\nb", 1, (1, 2)), ("a\rb\nc", 4, (3, 1)),
    ("\n\n  x", 4, (3, 3)),
])
def test_line_column(text: str, position: int, expected: tuple[int, int]) -> None:
    assert line_column(text, position) == expected


def test_github_schema_builds_despite_a_draft_spec_rule(tmp_path: Path) -> None:
    """GitHub deprecates implementations of undeprecated interface fields, which only a
    draft rule of the specification forbids: reported, but the schema still builds."""
    model = model_of(GITHUB_NEW, lenient=True)
    assert model.schema is not None
    assert len(model.errors) == 6 and not any(p.fatal for p in model.errors)
    assert all("must not be deprecated" in p.message for p in model.errors)


@pytest.mark.parametrize(("name", "content", "code"), [
    ("missing.graphql", None, ErrorCode.FILE_NOT_FOUND),
    ("latin1.graphql", b"type Query { caf\xe9: Int }", ErrorCode.INVALID_SYNTAX),
    ("other.json", b'{"openapi": "3.1.0"}', ErrorCode.NOT_A_CONTRACT),
    ("broken.json", b'{"__schema": {"types": 3}}', ErrorCode.INVALID_CONTRACT),
])
def test_unreadable_input_is_an_error_with_a_hint(tmp_path: Path, name: str,
                                                  content: bytes | None,
                                                  code: ErrorCode) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    error = load_error(path)
    assert error.code is code and error.hint and error.location is not None


def test_an_empty_directory_is_not_a_contract(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert load_error(tmp_path / "empty").code is ErrorCode.NOT_A_CONTRACT


def test_diffing_another_kind_is_refused(tmp_path: Path) -> None:
    contract = KIND.load(write(tmp_path, "a.graphql", "type Query { a: Int }"))
    other = load_kinds()["asyncapi"]
    assert other.name == "asyncapi"
    foreign = type(contract)(kind="asyncapi", source="x.yaml", version="1", model=object())
    with pytest.raises(AccordError) as caught:
        KIND.diff(contract, foreign, DiffOptions())
    assert caught.value.code is ErrorCode.KIND_MISMATCH


def test_a_split_schema_diffs_like_one_file(tmp_path: Path) -> None:
    write(tmp_path, "old/schema.graphql", "type Query { me: User }\ntype User { id: ID! }\n")
    write(tmp_path, "new/a.graphql", "type Query { me: User }\ntype User { id: ID! }\n")
    write(tmp_path, "new/b.graphql", "extend type User { email: String }\n")
    changes = KIND.diff(KIND.load(tmp_path / "old"), KIND.load(tmp_path / "new"),
                        DiffOptions())
    assert pairs(changes) == [("field-added", "User.email")]
    assert changes[0].location.file == str(tmp_path / "new" / "b.graphql")
    assert pairs(diff(tmp_path, "type Query { a: Int }", "type Query { a: Int }")) == []


@pytest.mark.parametrize(("text", "column"), [
    ("type Query { caf\u00e9: Int }\n", 17),
    ("type Query { a(x: Int = \u00e9): Int }\n", 25),
])
def test_only_ascii_names_are_names(tmp_path: Path, text: str, column: int) -> None:
    error = load_error(write(tmp_path, "bad.graphql", text))
    assert error.code is ErrorCode.INVALID_SYNTAX
    assert error.location is not None and error.location.column == column
