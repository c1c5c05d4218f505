"""Diff rules on types, unions, interfaces, root types and schema-level directives:
each case is a base and a revision written by hand, with the changes expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.change import Level
from tests.kinds.graphql.support import diff, pairs

QUERY = "type Query { me: User }\n"
USER = "type User { id: ID! }\n"

CASES = [
    pytest.param(QUERY + USER, QUERY + USER + "type Team { id: ID! }",
                 [("type-added", "Team")], id="type-added"),
    pytest.param(QUERY + USER + "type Team { id: ID! }", QUERY + USER,
                 [("type-removed", "Team")], id="type-removed"),
    pytest.param(QUERY + USER + "type Team { id: ID! }",
                 QUERY + USER + "interface Team { id: ID! }",
                 [("type-kind-changed", "Team")], id="type-kind-changed"),
    pytest.param(QUERY + USER, QUERY + '"A person."\n' + USER,
                 [("type-description-added", "User")], id="type-description-added"),
    pytest.param(QUERY + '"A person."\n' + USER, QUERY + USER,
                 [("type-description-removed", "User")], id="type-description-removed"),
    pytest.param(QUERY + '"A person."\n' + USER, QUERY + '"Someone."\n' + USER,
                 [("type-description-changed", "User")], id="type-description-changed"),
    # A block string and a plain string with the same text are the same description.
    pytest.param(QUERY + '"A person."\n' + USER, QUERY + '"""\n  A person.\n"""\n' + USER,
                 [], id="description-same-text-other-layout"),
    pytest.param(QUERY + USER + "type Bot { id: ID! }\nunion Actor = User",
                 QUERY + USER + "type Bot { id: ID! }\nunion Actor = User | Bot",
                 [("union-member-added", "Actor")], id="union-member-added"),
    pytest.param(QUERY + USER + "type Bot { id: ID! }\nunion Actor = User | Bot",
                 QUERY + USER + "type Bot { id: ID! }\nunion Actor = User",
                 [("union-member-removed", "Actor")], id="union-member-removed"),
    pytest.param(QUERY + USER + "type Bot { id: ID! }\nunion Actor = User | Bot",
                 QUERY + USER + "type Bot { id: ID! }\nunion Actor = Bot | User",
                 [], id="union-members-reordered"),
    pytest.param(QUERY + "interface Node { id: ID! }\ntype User { id: ID! }",
                 QUERY + "interface Node { id: ID! }\ntype User implements Node { id: ID! }",
                 [("interface-added", "User")], id="interface-added"),
    pytest.param(QUERY + "interface Node { id: ID! }\ntype User implements Node { id: ID! }",
                 QUERY + "interface Node { id: ID! }\ntype User { id: ID! }",
                 [("interface-removed", "User")], id="interface-removed"),
    pytest.param(QUERY + USER, "schema { query: Query }\n" + QUERY + USER, [],
                 id="explicit-schema-same-roots"),
    pytest.param(QUERY + USER, QUERY + USER + "type Mutation { ping: Boolean }",
                 [("root-type-added", "schema"), ("type-added", "Mutation")],
                 id="root-type-added"),
    pytest.param(QUERY + USER + "type Mutation { ping: Boolean }", QUERY + USER,
                 [("root-type-changed", "schema"), ("type-removed", "Mutation")],
                 id="root-type-removed"),
    pytest.param("schema { query: Query }\n" + QUERY + USER + "type Root { me: User }",
                 "schema { query: Root }\n" + QUERY + USER + "type Root { me: User }",
                 [("root-type-changed", "schema")], id="root-type-changed"),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_type_changes(tmp_path: Path, old: str, new: str,
                      expected: list[tuple[str, str]]) -> None:
    assert pairs(diff(tmp_path, old, new)) == expected


def test_a_removal_points_into_the_base_and_an_addition_into_the_revision(
        tmp_path: Path) -> None:
    removed, added = diff(tmp_path, QUERY + USER + "\ntype Team { id: ID! }",
                          QUERY + USER + "type Bot { id: ID! }")
    assert removed.rule == "type-removed" and removed.level is Level.BREAKING
    assert removed.location.file == str(tmp_path / "base.graphql")
    assert (removed.location.line, removed.location.column) == (4, 1)
    assert added.rule == "type-added" and added.level is Level.SAFE and added.addition
    assert added.location.file == str(tmp_path / "revision.graphql")
    assert (added.location.line, added.location.column) == (3, 1)


def test_an_added_type_is_reported_once_without_its_members(tmp_path: Path) -> None:
    changes = diff(tmp_path, QUERY + USER, QUERY + USER + """
        "Teams."
        type Team @key(fields: "id") { id: ID! name(first: Int!): String }
        directive @key(fields: String!) on OBJECT
        """)
    assert pairs(changes) == [("type-added", "Team"), ("directive-added", "@key")]


def test_kind_change_is_not_also_a_field_diff(tmp_path: Path) -> None:
    changes = diff(tmp_path, QUERY + USER + "input Filter { q: String }",
                   QUERY + USER + "enum Filter { Q }")
    assert pairs(changes) == [("type-kind-changed", "Filter")]
    assert changes[0].message == "Filter changed from input object to enum"


def test_member_removals_point_into_the_base(tmp_path: Path) -> None:
    base = QUERY + USER + "interface Node { id: ID! }\ntype Bot implements Node { id: ID! }\n" \
        "union Actor = User | Bot\n"
    revision = QUERY + USER + "interface Node { id: ID! }\ntype Bot { id: ID! }\n" \
        "union Actor = User\n"
    changes = diff(tmp_path, base, revision)
    assert pairs(changes) == [("interface-removed", "Bot"), ("union-member-removed", "Actor")]
    assert [(c.location.file, c.location.line) for c in changes] == [
        (str(tmp_path / "base.graphql"), 4), (str(tmp_path / "base.graphql"), 5)]


def test_roots_from_a_schema_extension_keep_the_default_query(tmp_path: Path) -> None:
    old = QUERY + USER + "type Commands { ping: Int }\n"
    new = old + "extend schema { mutation: Commands }\n"
    changes = diff(tmp_path, old, new)
    assert pairs(changes) == [("root-type-added", "schema")]
    assert changes[0].message == "The schema now has a mutation root type (Commands)"
