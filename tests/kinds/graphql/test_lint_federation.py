"""Linting Federation subgraphs and AppSync schemas: valid with the platform's
definitions, which are never linted nor shown; what another subgraph owns is left
to it; ``federation-field-set`` checks the fields of @key, @requires and @provides."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core import Finding
from accord.kinds.graphql import GraphQLKind
from accord.lint import STRICT, LintRun, lint
from tests.kinds.graphql.test_platform_load import APPSYNC, V1, V2

RULE = "federation-field-set"


def findings(tmp_path: Path, text: str, rule: str | None = None,
             kind: GraphQLKind | None = None) -> list[Finding]:
    path = tmp_path / "schema.graphql"
    path.write_text(text, encoding="utf-8")
    kind = kind or GraphQLKind()
    report = lint(kind.load_lenient(path), kind.lint_rules(), LintRun(ruleset=STRICT))
    return [f for f in report.findings if rule is None or f.rule == rule]


@pytest.mark.parametrize("text", [V2, V1, APPSYNC], ids=["federation-2", "federation-1",
                                                         "appsync"])
def test_a_platform_schema_is_valid_and_its_definitions_are_not_linted(
        tmp_path: Path, text: str) -> None:
    found = findings(tmp_path, text)
    assert found  # the conventions still apply to the schema's own elements
    assert {f.rule for f in found}.isdisjoint({"graphql-schema-valid", "graphql-schema-draft",
                                              RULE})
    assert {f.location.file for f in found} == {str(tmp_path / "schema.graphql")}
    platform = {"/FieldSet", "/federation__FieldSet", "/_FieldSet", "/_Any", "/link__Import",
                "/link__Purpose", "/AWSDateTime", "/AWSEmail", "/AWSJSON"}
    assert not {f.location.pointer for f in found} & platform


def test_off_reports_what_the_platform_would_define(tmp_path: Path) -> None:
    kind = GraphQLKind().configure({"federation": "off"})
    found = findings(tmp_path, V1, "graphql-schema-valid", kind)
    assert {f.message for f in found} >= {"Cannot extend type 'Query' because it is not defined.",
                                          "Unknown directive '@key'."}


def test_a_missing_import_has_the_federation_hint(tmp_path: Path) -> None:
    text = V2.replace("name: String! @shareable", "name: String! @override(from: \"a\")")
    (found,) = findings(tmp_path, text, "graphql-schema-valid")
    assert found.message == "Unknown directive '@override'."
    assert found.hint is not None and "@federation__override" in found.hint
    assert (found.location.pointer, found.location.line) == ("/Product/name", 5)


def test_what_another_subgraph_owns_is_left_to_it(tmp_path: Path) -> None:
    by_pointer = {(f.rule, f.location.pointer) for f in findings(tmp_path, V1)}
    # Query and User are only extended here, User.id is @external.
    assert ("type-description", "/Query") not in by_pointer
    assert ("type-description", "/User") not in by_pointer
    assert ("field-description", "/User/id") not in by_pointer
    # What this subgraph adds to them is its own.
    assert ("field-description", "/User/reviews") in by_pointer
    assert ("field-description", "/Query/topProducts") in by_pointer
    assert ("type-description", "/Product") in by_pointer


def test_a_stub_entity_and_its_key_fields_belong_to_their_owner(tmp_path: Path) -> None:
    text = V2 + 'type User @key(fields: "id", resolvable: false) { id: ID }\n' \
        "type Review { author: User }\n"
    pointers = {(f.rule, f.location.pointer) for f in findings(tmp_path, text)}
    assert not {p for p in pointers if p[1].startswith("/User")}
    assert ("type-description", "/Review") in pointers
    owned = text.replace('"id", resolvable: false', '"id"')
    pointers = {(f.rule, f.location.pointer) for f in findings(tmp_path, owned)}
    assert {("type-description", "/User"), ("id-field-type", "/User/id")} <= pointers


def test_an_external_field_is_not_linted_by_conventions(tmp_path: Path) -> None:
    text = V2.replace("weight: Int @external", "Weight_kg: String @external")
    pointers = {f.location.pointer for f in findings(tmp_path, text)}
    assert "/Product/Weight_kg" not in pointers
    assert "/Product/Weight_kg" in {f.location.pointer for f in findings(
        tmp_path, text.replace("String @external", "String"))}


# --- federation-field-set ------------------------------------------------------------

FIELDS = V2.replace("type Query", '''\
type Organization @key(fields: "id") { id: ID! name: String }
type Book { isbn: String! org: Organization @provides(fields: "name") }
type Query''').replace("  id: ID!\n  name", "  id: ID!\n  org: Organization\n  name").replace(
    '"@requires"]', '"@requires", "@provides"]')


def test_field_sets_that_name_existing_fields_pass(tmp_path: Path) -> None:
    text = FIELDS.replace('@key(fields: "id")', '@key(fields: "id") '
                          '@key(fields: "org { id } name")', 1)
    assert not [f for f in findings(tmp_path, text) if f.rule in (RULE, "graphql-schema-valid")]


@pytest.mark.parametrize(("old", "new", "pointer", "says"), [
    ('@key(fields: "id")', '@key(fields: "idd")', "/Product", "Product has no field idd"),
    ('@requires(fields: "weight")', '@requires(fields: "wieght")', "/Product/shippingEstimate",
     "Product has no field wieght"),
    ('@provides(fields: "name")', '@provides(fields: "title")', "/Book/org",
     "Organization has no field title"),
    ('@key(fields: "id")', '@key(fields: "org")', "/Product",
     "Product.org is Organization: select its subfields"),
    ('@key(fields: "id")', '@key(fields: "name { x }")', "/Product",
     "Product.name is String!, which has no subfields"),
    ('@key(fields: "id")', '@key(fields: "org { id")', "/Product", "is not a selection"),
    ('@key(fields: "id")', '@key(fields: "org { ... on Nope { id } }")', "/Product",
     "Nope is not an object, interface or union type"),
])
def test_a_field_set_naming_what_does_not_exist_is_an_error(
        tmp_path: Path, old: str, new: str, pointer: str, says: str) -> None:
    text = FIELDS.replace(old, new, 1)
    (found,) = findings(tmp_path, text, RULE)
    assert found.severity == "error" and says in found.message
    assert found.location.pointer == pointer
    assert found.location.line == next(i for i, line in enumerate(text.splitlines(), 1)
                                       if new in line)


def test_two_bad_keys_of_one_type_are_two_findings(tmp_path: Path) -> None:
    text = FIELDS.replace('@key(fields: "id")', '@key(fields: "a") @key(fields: "b")', 1)
    assert [f.location.pointer for f in findings(tmp_path, text, RULE)] == [
        "/Product", "/Product/2"]


def test_an_extended_entity_of_federation_1_is_checked_too(tmp_path: Path) -> None:
    text = V1.replace('extend type User @key(fields: "id")', 'extend type User @key(fields: "uid")')
    (found,) = findings(tmp_path, text, RULE)
    assert "User has no field uid" in found.message and found.location.pointer == "/User"


def test_the_rule_is_quiet_outside_federation(tmp_path: Path) -> None:
    text = ("directive @key(fields: String!) on OBJECT\n"
            'type Query @key(fields: "nope") { a: Int }\n')
    assert findings(tmp_path, text, RULE) == []


def test_what_a_subgraph_library_adds_is_not_linted(tmp_path: Path) -> None:
    printed = V2.replace("type Query { product(id: ID!): Product }", '''\
union _Entity = Product
type _Service { sdl: String }
type Query {
  product(id: ID!): Product
  _entities(representations: [_Any!]!): [_Entity]!
  _service: _Service!
}''')
    pointers = {f.location.pointer for f in findings(tmp_path, printed)}
    assert "/Query/product" in pointers
    assert not {p for p in pointers if p.startswith(("/_", "/Query/_"))}
