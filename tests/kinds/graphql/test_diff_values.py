"""Default values compared by what they denote, a non-null argument or input field
that loses its default, and descriptions that say nothing.

Each expectation follows what a client sees: a default written differently but
coerced to the same value changes nothing; a default whose removal makes the
argument required breaks the queries that omitted it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphql import build_schema, get_introspection_query, graphql_sync

from accord.core.change import Level
from accord.kinds.protocol import DiffOptions
from tests.kinds.graphql.support import KIND, diff, pairs, write

EXTRA = "input Point { x: Float, y: Float }\n"


def arg(spec: str) -> str:
    return f"type Query {{ area(a: {spec}): Int }}\n{EXTRA}"


def field(spec: str) -> str:
    return f"type Query {{ area(p: Box): Int }}\ninput Box {{ a: {spec} }}\n{EXTRA}"


def directive(spec: str) -> str:
    return f"type Query {{ me: Int }}\ndirective @limit(a: {spec}) on FIELD\n{EXTRA}"


SAME = [
    pytest.param("Float = 1.0", "Float = 1.00", id="float-trailing-zero"),
    pytest.param("Float = 1", "Float = 1.0", id="float-as-int"),
    pytest.param("Float = 100.0", "Float = 1e2", id="float-exponent"),
    pytest.param("Point = {x: 1, y: 2}", "Point = {y: 2, x: 1}", id="object-field-order"),
    pytest.param("[Int] = 1", "[Int] = [1]", id="single-value-for-a-list"),
    pytest.param("[[Int]] = [1, 2]", "[[Int]] = [[1], [2]]", id="items-of-a-nested-list"),
    pytest.param("[Int]! = 3", "[Int]! = [3]", id="single-value-for-a-non-null-list"),
]


@pytest.mark.parametrize(("old", "new"), SAME)
@pytest.mark.parametrize("place", [arg, field, directive])
def test_defaults_that_denote_the_same_value_are_equal(tmp_path: Path, place: object,
                                                       old: str, new: str) -> None:
    assert callable(place)
    assert diff(tmp_path, place(old), place(new)) == []


@pytest.mark.parametrize(("old", "new"), [
    pytest.param("Float = 1.5", "Float = 2.5", id="float"),
    pytest.param("[Int] = [1, 2]", "[Int] = [2, 1]", id="list-order"),
    pytest.param("[Int] = [1, 2]", "[Int] = [1, 2, 3]", id="list-item-added"),
    pytest.param("[Int] = null", "[Int] = [null]", id="null-is-not-coerced-to-a-list"),
])
def test_defaults_that_denote_another_value_differ(tmp_path: Path, old: str, new: str) -> None:
    assert pairs(diff(tmp_path, arg(old), arg(new))) == [
        ("argument-default-changed", "Query.area(a:)")]


@pytest.mark.parametrize(("place", "rule", "coordinate"), [
    pytest.param(arg, "argument-made-required", "Query.area(a:)", id="argument"),
    pytest.param(field, "input-field-made-required", "Box.a", id="input-field"),
    pytest.param(directive, "directive-argument-made-required", "@limit(a:)",
                 id="directive-argument"),
])
def test_a_non_null_value_losing_its_default_becomes_required(
        tmp_path: Path, place: object, rule: str, coordinate: str) -> None:
    """`area` could be queried without `a`; without the default, `a: Int!` must be given."""
    assert callable(place)
    (change,) = diff(tmp_path, place("Int! = 10"), place("Int!"))
    assert (change.rule, change.operation, change.level) == (rule, coordinate, Level.BREAKING)
    assert "lost its default value (10)" in change.message


@pytest.mark.parametrize(("old", "new", "rule", "level"), [
    pytest.param("Int = 10", "Int", "argument-default-changed", Level.DANGEROUS,
                 id="nullable-stays-optional"),
    pytest.param("Int!", "Int! = 10", "argument-default-changed", Level.DANGEROUS,
                 id="default-added-to-non-null"),
    pytest.param("Int! = 10", "Int! = 20", "argument-default-changed", Level.DANGEROUS,
                 id="default-changed-on-non-null"),
])
def test_other_default_changes_stay_dangerous(tmp_path: Path, old: str, new: str, rule: str,
                                              level: Level) -> None:
    (change,) = diff(tmp_path, arg(old), arg(new))
    assert (change.rule, change.level) == (rule, level)


def test_a_nullable_directive_argument_made_non_null_is_required(tmp_path: Path) -> None:
    (change,) = diff(tmp_path, directive("Int"), directive("Int!"))
    assert (change.rule, change.level) == ("directive-argument-made-required", Level.BREAKING)


def test_an_empty_description_is_no_description(tmp_path: Path) -> None:
    old = 'type Query { me: Int }\n"A user."\ntype User { id: ID }'
    assert diff(tmp_path, old.replace('"A user."', ""), old.replace("A user.", "")) == []
    assert pairs(diff(tmp_path, old.replace("A user.", ""), old)) == [
        ("type-description-added", "User")]


def test_a_type_changing_kind_still_reports_its_description(tmp_path: Path) -> None:
    changes = diff(tmp_path, 'type Query { me: Int }\n"A user."\ntype User { id: ID }',
                   'type Query { me: Int }\n"Someone."\ninterface User { id: ID }')
    assert pairs(changes) == [("type-kind-changed", "User"),
                              ("type-description-changed", "User")]


def test_sdl_and_its_introspection_agree_on_defaults_written_differently(
        tmp_path: Path) -> None:
    """An introspection result prints defaults from the coerced value (``1.0`` as ``1``,
    object fields in the input type's order), and a server may print a single value
    given for a list as it is written."""
    sdl = ("type Query { area(scale: Float = 1.0, at: Point = {y: 2, x: 1}, "
           "sizes: [Int] = [4]): Int }\n" + EXTRA)
    data = graphql_sync(build_schema(sdl), get_introspection_query()).data
    assert data is not None
    query = next(t for t in data["__schema"]["types"] if t["name"] == "Query")
    printed = {"scale": "1", "at": "{x: 1, y: 2}", "sizes": "4"}
    for arg in query["fields"][0]["args"]:
        arg["defaultValue"] = printed[arg["name"]]
    path = tmp_path / "introspection.json"
    path.write_text(json.dumps({"data": data}), encoding="utf-8")
    from_sdl = KIND.load(write(tmp_path, "schema.graphql", sdl))
    assert KIND.diff(from_sdl, KIND.load(path), DiffOptions()) == []
