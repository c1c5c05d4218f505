"""Diff rules on input objects, enums, directive definitions and applied directives."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kinds.graphql.support import diff, pairs


def inputs(fields: str, extra: str = "") -> str:
    return f"type Query {{ users(filter: Filter): Int }}\ninput Filter {{\n{fields}\n}}\n{extra}"


def enum(values: str) -> str:
    return f"type Query {{ state: State }}\nenum State {{\n{values}\n}}\n"


def directive(definition: str, extra: str = "") -> str:
    return f"type Query {{ me: Int }}\n{definition}\n{extra}"


def applied(field: str, directives: str = "") -> str:
    return (f"type Query {{\n{field}\n}}\ndirective @cache(ttl: Int) repeatable on "
            f"FIELD_DEFINITION | OBJECT | SCHEMA | ARGUMENT_DEFINITION | ENUM_VALUE\n"
            f"directive @tag(name: String) repeatable on FIELD_DEFINITION | OBJECT\n{directives}")


CASES = [
    # --- input fields ----------------------------------------------------------------
    pytest.param(inputs("q: String"), inputs("q: String\nlimit: Int"),
                 [("input-field-added", "Filter.limit")], id="input-field-added"),
    pytest.param(inputs("q: String"), inputs("q: String\nlimit: Int!"),
                 [("input-field-added-required", "Filter.limit")],
                 id="input-field-added-required"),
    pytest.param(inputs("q: String"), inputs("q: String\nlimit: Int! = 10"),
                 [("input-field-added-with-default", "Filter.limit")],
                 id="input-field-added-with-default"),
    pytest.param(inputs("q: String\nlimit: Int"), inputs("q: String"),
                 [("input-field-removed", "Filter.limit")], id="input-field-removed"),
    pytest.param(inputs("q: String"), inputs("q: [String]"),
                 [("input-field-type-changed", "Filter.q")], id="input-field-type-changed"),
    pytest.param(inputs("q: String"), inputs("q: String!"),
                 [("input-field-made-required", "Filter.q")], id="input-field-made-required"),
    pytest.param(inputs("q: String!"), inputs("q: String"),
                 [("input-field-made-optional", "Filter.q")], id="input-field-made-optional"),
    pytest.param(inputs("q: Boolean"), inputs("q: Boolean = false"),
                 [("input-field-default-changed", "Filter.q")],
                 id="input-field-default-added-false"),
    pytest.param(inputs('q: String = "a"'), inputs('q: String = """a"""'), [],
                 id="input-field-default-same-string"),
    pytest.param(inputs("q: String"), inputs('"Text."\nq: String'),
                 [("input-field-description-added", "Filter.q")],
                 id="input-field-description-added"),
    pytest.param(inputs('"Text."\nq: String'), inputs("q: String"),
                 [("input-field-description-removed", "Filter.q")],
                 id="input-field-description-removed"),
    pytest.param(inputs('"Text."\nq: String'), inputs('"Words."\nq: String'),
                 [("input-field-description-changed", "Filter.q")],
                 id="input-field-description-changed"),
    pytest.param(inputs("a: String\nb: Int"), inputs("a: String\nb: Int", "").replace(
        "input Filter", "input Filter @oneOf"),
                 [("input-one-of-added", "Filter")], id="input-one-of-added"),
    pytest.param(inputs("a: String\nb: Int").replace("input Filter", "input Filter @oneOf"),
                 inputs("a: String\nb: Int"),
                 [("input-one-of-removed", "Filter")], id="input-one-of-removed"),
    # --- enums -----------------------------------------------------------------------
    pytest.param(enum("OPEN"), enum("OPEN\nCLOSED"), [("enum-value-added", "State.CLOSED")],
                 id="enum-value-added"),
    pytest.param(enum("OPEN\nCLOSED"), enum("OPEN"), [("enum-value-removed", "State.CLOSED")],
                 id="enum-value-removed"),
    pytest.param(enum("OPEN\nCLOSED"), enum("CLOSED\nOPEN"), [], id="enum-values-reordered"),
    pytest.param(enum("OPEN"), enum('"Open."\nOPEN'),
                 [("enum-value-description-changed", "State.OPEN")],
                 id="enum-value-description-changed"),
    pytest.param(enum("OPEN"), enum("OPEN @deprecated"),
                 [("enum-value-deprecated", "State.OPEN")], id="enum-value-deprecated"),
    pytest.param(enum("OPEN @deprecated"), enum("OPEN"),
                 [("enum-value-undeprecated", "State.OPEN")], id="enum-value-undeprecated"),
    pytest.param(enum("OPEN @deprecated"), enum('OPEN @deprecated(reason: "Use ACTIVE.")'),
                 [("enum-value-deprecation-reason-changed", "State.OPEN")],
                 id="enum-value-deprecation-reason-changed"),
    # --- directive definitions -------------------------------------------------------
    pytest.param(directive(""), directive("directive @auth on FIELD_DEFINITION"),
                 [("directive-added", "@auth")], id="directive-added"),
    pytest.param(directive("directive @auth on FIELD_DEFINITION"), directive(""),
                 [("directive-removed", "@auth")], id="directive-removed"),
    pytest.param(directive("directive @auth on FIELD_DEFINITION"),
                 directive('"Checks access."\ndirective @auth on FIELD_DEFINITION'),
                 [("directive-description-changed", "@auth")],
                 id="directive-description-changed"),
    pytest.param(directive("directive @auth on FIELD_DEFINITION | OBJECT"),
                 directive("directive @auth on FIELD_DEFINITION"),
                 [("directive-location-removed", "@auth")], id="directive-location-removed"),
    pytest.param(directive("directive @auth on FIELD_DEFINITION"),
                 directive("directive @auth on OBJECT | FIELD_DEFINITION"),
                 [("directive-location-added", "@auth")], id="directive-location-added"),
    pytest.param(directive("directive @auth on FIELD_DEFINITION"),
                 directive("directive @auth repeatable on FIELD_DEFINITION"),
                 [("directive-repeatable-added", "@auth")], id="directive-repeatable-added"),
    pytest.param(directive("directive @auth repeatable on FIELD_DEFINITION"),
                 directive("directive @auth on FIELD_DEFINITION"),
                 [("directive-repeatable-removed", "@auth")], id="directive-repeatable-removed"),
    pytest.param(directive("directive @auth on FIELD_DEFINITION"),
                 directive("directive @auth(role: String!) on FIELD_DEFINITION"),
                 [("directive-argument-added-required", "@auth(role:)")],
                 id="directive-argument-added-required"),
    pytest.param(directive("directive @auth on FIELD_DEFINITION"),
                 directive("directive @auth(role: String) on FIELD_DEFINITION"),
                 [("directive-argument-added", "@auth(role:)")], id="directive-argument-added"),
    pytest.param(directive("directive @auth(role: String) on FIELD_DEFINITION"),
                 directive("directive @auth on FIELD_DEFINITION"),
                 [("directive-argument-removed", "@auth(role:)")],
                 id="directive-argument-removed"),
    pytest.param(directive("directive @auth(role: String) on FIELD_DEFINITION"),
                 directive("directive @auth(role: String!) on FIELD_DEFINITION"),
                 [("directive-argument-made-required", "@auth(role:)")],
                 id="directive-argument-made-non-null"),
    pytest.param(directive("directive @auth(role: String) on FIELD_DEFINITION"),
                 directive("directive @auth(role: [String]) on FIELD_DEFINITION"),
                 [("directive-argument-type-changed", "@auth(role:)")],
                 id="directive-argument-type-changed"),
    pytest.param(directive("directive @auth(role: String!) on FIELD_DEFINITION"),
                 directive("directive @auth(role: String) on FIELD_DEFINITION"),
                 [("directive-argument-made-optional", "@auth(role:)")],
                 id="directive-argument-made-optional"),
    pytest.param(directive('directive @auth(role: String = "user") on FIELD_DEFINITION'),
                 directive('directive @auth(role: String = "admin") on FIELD_DEFINITION'),
                 [("directive-argument-default-changed", "@auth(role:)")],
                 id="directive-argument-default-changed"),
    pytest.param(directive("directive @auth(role: String) on FIELD_DEFINITION"),
                 directive('directive @auth("Who." role: String) on FIELD_DEFINITION'),
                 [("directive-argument-description-changed", "@auth(role:)")],
                 id="directive-argument-description-changed"),
    # --- applied directives ----------------------------------------------------------
    pytest.param(applied("me: Int"), applied("me: Int @cache(ttl: 60)"),
                 [("directive-usage-added", "Query.me")], id="directive-usage-added"),
    pytest.param(applied("me: Int @cache(ttl: 60)"), applied("me: Int"),
                 [("directive-usage-removed", "Query.me")], id="directive-usage-removed"),
    pytest.param(applied("me: Int @cache(ttl: 60)"), applied("me: Int @cache(ttl: 30)"),
                 [("directive-usage-changed", "Query.me")], id="directive-usage-changed"),
    pytest.param(applied("me: Int @cache(ttl: 60) @tag(name: \"a\")"),
                 applied("me: Int @tag(name: \"a\") @cache(ttl: 60)"), [],
                 id="directive-usages-reordered"),
    pytest.param(applied("me: Int @tag(name: \"a\")"),
                 applied("me: Int @tag(name: \"a\") @tag(name: \"b\")"),
                 [("directive-usage-added", "Query.me")], id="repeated-directive-usage-added"),
    pytest.param(applied("me(id: Int): Int"), applied("me(id: Int @cache(ttl: 1)): Int"),
                 [("directive-usage-added", "Query.me(id:)")],
                 id="directive-usage-on-argument"),
    pytest.param(applied("me: Int"), applied("me: Int", "extend schema @cache(ttl: 5)"),
                 [("directive-usage-added", "schema")], id="directive-usage-on-schema"),
    pytest.param(applied("me: State") + "enum State { A }",
                 applied("me: State") + "enum State { A @cache(ttl: 1) }",
                 [("directive-usage-added", "State.A")], id="directive-usage-on-enum-value"),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_input_enum_and_directive_changes(tmp_path: Path, old: str, new: str,
                                          expected: list[tuple[str, str]]) -> None:
    assert pairs(diff(tmp_path, old, new)) == expected


def test_default_change_message_shows_both_values(tmp_path: Path) -> None:
    (change,) = diff(tmp_path, inputs("limit: Int = 10"), inputs("limit: Int = 20"))
    assert change.message == "The default value of input field Filter.limit changed from 10 to 20"


def test_removed_deprecated_enum_value_is_still_breaking(tmp_path: Path) -> None:
    """Clients may still send or store a deprecated value: removing it stays breaking."""
    (change,) = diff(tmp_path, enum('OPEN\nOLD @deprecated(reason: "Use OPEN.")'), enum("OPEN"))
    assert change.rule == "enum-value-removed" and change.level == "breaking"
    assert change.message == "Enum value State.OLD was removed (it was deprecated)"
