"""Diff rules on output fields and their arguments: removal (announced or not),
types and nullability in the response direction, arguments in the request
direction, defaults, descriptions and deprecation."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.change import Direction, Level
from tests.kinds.graphql.support import diff, pairs

USER = "type User { id: ID! }\n"


def query(fields: str) -> str:
    return f"type Query {{\n{fields}\n}}\n" + USER


CASES = [
    pytest.param(query("me: User"), query("me: User\nviewer: User"),
                 [("field-added", "Query.viewer")], id="field-added"),
    pytest.param(query("me: User\nviewer: User"), query("me: User"),
                 [("field-removed", "Query.viewer")], id="field-removed"),
    pytest.param(query('me: User\nviewer: User @deprecated(reason: "Use me.")'),
                 query("me: User"),
                 [("deprecated-field-removed", "Query.viewer")],
                 id="deprecated-field-removed"),
    # @deprecated without a reason does not announce a replacement: still breaking.
    pytest.param(query("me: User\nviewer: User @deprecated"), query("me: User"),
                 [("field-removed", "Query.viewer")], id="bare-deprecated-field-removed"),
    pytest.param(query("me: User"), query("me: [User]"),
                 [("field-type-changed", "Query.me")], id="field-wrapped-in-list"),
    pytest.param(query("me: User"), query("me: ID"),
                 [("field-type-changed", "Query.me")], id="field-named-type-changed"),
    pytest.param(query("me: User!"), query("me: User"),
                 [("field-made-nullable", "Query.me")], id="field-made-nullable"),
    pytest.param(query("me: [User!]!"), query("me: [User]!"),
                 [("field-made-nullable", "Query.me")], id="field-items-made-nullable"),
    pytest.param(query("me: User"), query("me: User!"),
                 [("field-made-non-null", "Query.me")], id="field-made-non-null"),
    pytest.param(query("me: [User]"), query("me: [User!]!"),
                 [("field-made-non-null", "Query.me")], id="field-items-made-non-null"),
    pytest.param(query("me: User"), query('"The caller."\nme: User'),
                 [("field-description-added", "Query.me")], id="field-description-added"),
    pytest.param(query('"The caller."\nme: User'), query("me: User"),
                 [("field-description-removed", "Query.me")], id="field-description-removed"),
    pytest.param(query('"The caller."\nme: User'), query('"Who calls."\nme: User'),
                 [("field-description-changed", "Query.me")], id="field-description-changed"),
    pytest.param(query("me: User"), query('me: User @deprecated(reason: "Use viewer.")'),
                 [("field-deprecated", "Query.me")], id="field-deprecated"),
    pytest.param(query("me: User @deprecated"), query("me: User"),
                 [("field-undeprecated", "Query.me")], id="field-undeprecated"),
    pytest.param(query("me: User @deprecated"), query('me: User @deprecated(reason: "Gone.")'),
                 [("field-deprecation-reason-added", "Query.me")],
                 id="field-deprecation-reason-added"),
    pytest.param(query('me: User @deprecated(reason: "Gone.")'), query("me: User @deprecated"),
                 [("field-deprecation-reason-removed", "Query.me")],
                 id="field-deprecation-reason-removed"),
    pytest.param(query('me: User @deprecated(reason: "Gone.")'),
                 query('me: User @deprecated(reason: "Use viewer.")'),
                 [("field-deprecation-reason-changed", "Query.me")],
                 id="field-deprecation-reason-changed"),
    # @deprecated with the default reason spelled out is the same deprecation.
    pytest.param(query("me: User @deprecated"),
                 query('me: User @deprecated(reason: "No longer supported")'), [],
                 id="default-reason-spelled-out"),
    # --- arguments -------------------------------------------------------------------
    pytest.param(query("user: User"), query("user(id: ID!): User"),
                 [("argument-added-required", "Query.user(id:)")],
                 id="argument-added-required"),
    pytest.param(query("user: User"), query("user(id: ID): User"),
                 [("argument-added", "Query.user(id:)")], id="argument-added-nullable"),
    pytest.param(query("user: User"), query('user(id: ID! = "me"): User'),
                 [("argument-added", "Query.user(id:)")], id="argument-added-with-default"),
    pytest.param(query("user(id: ID): User"), query("user: User"),
                 [("argument-removed", "Query.user(id:)")], id="argument-removed"),
    pytest.param(query("user(id: ID): User"), query("user(id: Int): User"),
                 [("argument-type-changed", "Query.user(id:)")], id="argument-type-changed"),
    pytest.param(query("user(ids: ID): User"), query("user(ids: [ID]): User"),
                 [("argument-type-changed", "Query.user(ids:)")],
                 id="argument-wrapped-in-list"),
    pytest.param(query("user(id: ID): User"), query("user(id: ID!): User"),
                 [("argument-made-required", "Query.user(id:)")], id="argument-made-required"),
    pytest.param(query("user(ids: [ID]): User"), query("user(ids: [ID!]): User"),
                 [("argument-made-required", "Query.user(ids:)")],
                 id="argument-items-made-non-null"),
    pytest.param(query("user(id: ID!): User"), query("user(id: ID): User"),
                 [("argument-made-optional", "Query.user(id:)")], id="argument-made-optional"),
    pytest.param(query("users(first: Int = 10): User"), query("users(first: Int = 20): User"),
                 [("argument-default-changed", "Query.users(first:)")],
                 id="argument-default-changed"),
    pytest.param(query("users(first: Int): User"), query("users(first: Int = 20): User"),
                 [("argument-default-changed", "Query.users(first:)")],
                 id="argument-default-added"),
    pytest.param(query('users(order: [String] = ["a", "b"]): User'),
                 query('users(order: [String] = ["a" "b"]): User'), [],
                 id="argument-default-same-value-other-layout"),
    pytest.param(query("users(first: Int): User"), query('users("How many."\nfirst: Int): User'),
                 [("argument-description-changed", "Query.users(first:)")],
                 id="argument-description-changed"),
    pytest.param(query("users(first: Int, after: String): User"),
                 query("users(after: String, first: Int): User"), [],
                 id="arguments-reordered"),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_field_and_argument_changes(tmp_path: Path, old: str, new: str,
                                    expected: list[tuple[str, str]]) -> None:
    assert pairs(diff(tmp_path, old, new)) == expected


def test_levels_and_directions_follow_the_data_flow(tmp_path: Path) -> None:
    """Output: nullable is breaking, non-null safe. Input: the other way round."""
    changes = diff(tmp_path, query("me: User!\nuser(id: ID): User"),
                   query("me: User\nuser(id: ID!): User"))
    assert [(c.rule, c.level, c.direction) for c in changes] == [
        ("field-made-nullable", Level.BREAKING, Direction.RESPONSE),
        ("argument-made-required", Level.BREAKING, Direction.REQUEST),
    ]
    assert changes[0].message == "Field Query.me may now return null (from User! to User)"


def test_deprecated_removal_names_the_reason_and_points_into_the_base(tmp_path: Path) -> None:
    (change,) = diff(tmp_path, query('me: User\nviewer: User @deprecated(reason: "Use me.")'),
                     query("me: User"))
    assert change.level is Level.DANGEROUS
    assert change.message == "Field Query.viewer was removed; it was deprecated: Use me."
    assert change.location.file == str(tmp_path / "base.graphql")
    assert (change.location.line, change.location.column) == (3, 1)


def test_changes_inside_a_field_are_all_reported(tmp_path: Path) -> None:
    changes = diff(tmp_path, query('"A."\nuser(id: ID, q: String): User'),
                   query('"B."\nuser(id: ID!, limit: Int!): User!'))
    assert pairs(changes) == [
        ("field-made-non-null", "Query.user"),
        ("field-description-changed", "Query.user"),
        ("argument-made-required", "Query.user(id:)"),
        ("argument-removed", "Query.user(q:)"),
        ("argument-added-required", "Query.user(limit:)"),
    ]


def test_interface_fields_are_compared_like_object_fields(tmp_path: Path) -> None:
    base = query("node: Node") + "interface Node { id: ID! name: String }"
    changes = diff(tmp_path, base, query("node: Node") + "interface Node { id: ID }")
    assert pairs(changes) == [("field-made-nullable", "Node.id"), ("field-removed", "Node.name")]
