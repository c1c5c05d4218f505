"""Deprecation of arguments and input fields, @oneOf on fields, and the arguments of
applied directives (added versus removed or changed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.change import Direction, Level
from tests.kinds.graphql.support import diff, pairs


def search(args: str) -> str:
    return f"type Query {{\n  search({args}): [String]\n}}\n"


def order(fields: str) -> str:
    return (f"type Query {{ place(order: Order): Int }}\n"
            f"input Order {{\n{fields}\n}}\n")


def cached(use: str) -> str:
    return ("directive @cache(ttl: Int, scope: String) on FIELD_DEFINITION | UNION\n"
            f"type Query {{\n  price: Int {use}\n}}\n")


ONE_OF = "directive @oneOf on FIELD_DEFINITION | UNION\n"

CASES = [
    # --- arguments -------------------------------------------------------------------
    pytest.param(search("text: String, terms: [String]"),
                 search('text: String, terms: [String] @deprecated(reason: "Use text.")'),
                 [("argument-deprecated", "Query.search(terms:)")], id="argument-deprecated"),
    pytest.param(search("text: String @deprecated"), search("text: String"),
                 [("argument-undeprecated", "Query.search(text:)")],
                 id="argument-undeprecated"),
    pytest.param(search('text: String @deprecated(reason: "Use q.")'),
                 search('text: String @deprecated(reason: "Use query.")'),
                 [("argument-deprecation-reason-changed", "Query.search(text:)")],
                 id="argument-deprecation-reason-changed"),
    # A bare @deprecated and one with the default reason say the same thing.
    pytest.param(search("text: String @deprecated"),
                 search('text: String @deprecated(reason: "No longer supported")'), [],
                 id="argument-default-reason-spelled-out"),
    pytest.param("type Query { me: Int }\ndirective @auth(role: String) on FIELD_DEFINITION\n",
                 "type Query { me: Int }\n"
                 "directive @auth(role: String @deprecated) on FIELD_DEFINITION\n",
                 [("argument-deprecated", "@auth(role:)")], id="directive-argument-deprecated"),
    # --- input fields ----------------------------------------------------------------
    pytest.param(order("sku: ID\nitem: ID"), order('sku: ID\nitem: ID @deprecated(reason: "sku")'),
                 [("input-field-deprecated", "Order.item")], id="input-field-deprecated"),
    pytest.param(order("sku: ID @deprecated"), order("sku: ID"),
                 [("input-field-undeprecated", "Order.sku")], id="input-field-undeprecated"),
    pytest.param(order("sku: ID @deprecated"), order('sku: ID @deprecated(reason: "Use code.")'),
                 [("input-field-deprecation-reason-changed", "Order.sku")],
                 id="input-field-deprecation-reason-changed"),
    # Removing a deprecated input field still breaks the clients that send it.
    pytest.param(order('sku: ID\nitem: ID @deprecated(reason: "sku")'), order("sku: ID"),
                 [("input-field-removed", "Order.item")], id="deprecated-input-field-removed"),
    # --- @oneOf ----------------------------------------------------------------------
    pytest.param(ONE_OF + search("id: ID, slug: String"),
                 ONE_OF + "type Query {\n  search(id: ID, slug: String): [String] @oneOf\n}\n",
                 [("field-one-of-added", "Query.search")], id="field-one-of-added"),
    pytest.param(ONE_OF + "type Query {\n  search(id: ID, slug: String): [String] @oneOf\n}\n",
                 ONE_OF + search("id: ID, slug: String"),
                 [("field-one-of-removed", "Query.search")], id="field-one-of-removed"),
    # On a union @oneOf means nothing the specification defines: an ordinary directive.
    pytest.param(ONE_OF + "type A { a: Int }\ntype B { b: Int }\nunion U = A | B\n"
                 "type Query { u: U }\n",
                 ONE_OF + "type A { a: Int }\ntype B { b: Int }\nunion U @oneOf = A | B\n"
                 "type Query { u: U }\n",
                 [("directive-usage-added", "U")], id="union-one-of-is-a-usage"),
    # --- arguments of applied directives ---------------------------------------------
    pytest.param(cached("@cache(ttl: 60)"), cached('@cache(ttl: 60, scope: "user")'),
                 [("directive-usage-argument-added", "Query.price")],
                 id="directive-usage-argument-added"),
    pytest.param(cached('@cache(ttl: 60, scope: "user")'), cached("@cache(ttl: 60)"),
                 [("directive-usage-changed", "Query.price")],
                 id="directive-usage-argument-removed"),
    pytest.param(cached("@cache(ttl: 60)"), cached('@cache(ttl: 0, scope: "user")'),
                 [("directive-usage-changed", "Query.price")],
                 id="directive-usage-argument-changed-and-added"),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_deprecation_and_usage_changes(tmp_path: Path, old: str, new: str,
                                       expected: list[tuple[str, str]]) -> None:
    assert pairs(diff(tmp_path, old, new)) == expected


def test_argument_deprecation_is_safe_and_about_requests(tmp_path: Path) -> None:
    (change,) = diff(tmp_path, search("text: String"),
                     search('text: String @deprecated(reason: "Use q.")'))
    assert change.level == Level.SAFE and change.direction == Direction.REQUEST
    assert change.message == "Argument Query.search(text:) was deprecated: Use q."


def test_deprecation_is_not_also_reported_as_a_directive_usage(tmp_path: Path) -> None:
    """@deprecated has rules of its own: no directive-usage change next to them."""
    changes = diff(tmp_path, order("sku: ID"), order('sku: ID @deprecated(reason: "x")'))
    assert [c.rule for c in changes] == ["input-field-deprecated"]


def test_field_one_of_added_is_breaking(tmp_path: Path) -> None:
    (change,) = diff(tmp_path, ONE_OF + search("id: ID, slug: String"),
                     ONE_OF + "type Query {\n  search(id: ID, slug: String): [String] @oneOf\n}\n")
    assert change.level == Level.BREAKING and change.direction == Direction.REQUEST


def test_usage_argument_levels(tmp_path: Path) -> None:
    """A removed or changed argument of an applied directive is dangerous (gateways and
    caches act on its value); one only added is safe."""
    (changed,) = diff(tmp_path, cached("@cache(ttl: 60)"), cached("@cache(ttl: 5)"))
    assert changed.level == Level.DANGEROUS
    assert changed.message == ("The arguments of @cache on Query.price changed "
                               "(ttl removed or changed)")
    (added,) = diff(tmp_path, cached("@cache"), cached("@cache(ttl: 5)"))
    assert added.level == Level.SAFE
    assert added.message == "@cache on Query.price was given ttl"
