"""Naming rules: each reports the exact element, and the clean spec passes (test_lint_clean)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from accord.lint import LintRun, LintSettings
from tests.kinds.openapi.lint_support import Mutation, Spec, clean, findings, op, pointers


def add_path(path: str) -> Mutation:
    """A copy of GET /orders/{order_id} under another path."""

    def mutate(spec: Spec) -> None:
        get = copy.deepcopy(op(spec, "/orders/{order_id}", "get"))
        get["operationId"] = f"op{len(spec['paths'])}"
        params = [{"name": n.strip("{}"), "in": "path", "required": True,
                   "schema": {"type": "string"}} for n in path.split("/") if n.startswith("{")]
        spec["paths"][path] = {"parameters": params, "get": get} if params else {"get": get}

    return mutate


def add_property(name: str) -> Mutation:
    return lambda spec: spec["components"]["schemas"]["Order"]["properties"].update(
        {name: {"type": "string"}})


@pytest.mark.parametrize(("rule", "mutate", "expected"), [
    ("paths-plural-collections", add_path("/order/{id}"), ["/paths/~1order~1{id}"]),
    ("paths-plural-collections", add_path("/codes_of_conduct/{key}"), []),
    ("paths-plural-collections", add_path("/people/{id}"), []),
    # GitHub: a template that is not a member's identifier is an argument of a single
    # resource, and the segment before it names no collection.
    ("paths-plural-collections", add_path("/compare/{basehead}"), []),
    ("paths-plural-collections", add_path("/tarball/{ref}"), []),
    ("paths-plural-collections", add_path("/starred/{owner}/{repo}"), []),
    # ... but an identifier, or a name repeating the segment, is a member.
    ("paths-plural-collections", add_path("/external-group/{group_id}"),
     ["/paths/~1external-group~1{group_id}"]),
    ("paths-plural-collections", add_path("/git/ref/{ref}"), ["/paths/~1git~1ref~1{ref}"]),
    ("paths-plural-collections", add_path("/3d_secure/{three_d_secure}"),
     ["/paths/~13d_secure~1{three_d_secure}"]),
    ("paths-kebab-case", add_path("/lineItems"), ["/paths/~1lineItems"]),
    ("paths-kebab-case", add_path("/line_items/{id}"), ["/paths/~1line_items~1{id}"]),
    ("paths-kebab-case", add_path("/line-items/{id}:cancel"), []),
    ("paths-no-verbs", add_path("/getOrders"), ["/paths/~1getOrders"]),
    ("paths-no-verbs", add_path("/orders/{id}/delete"), ["/paths/~1orders~1{id}~1delete"]),
    ("paths-no-trailing-slash", add_path("/orders/{id}/items/"),
     ["/paths/~1orders~1{id}~1items~1"]),
    ("properties-casing", add_property("orderNumber"),
     ["/components/schemas/Order/properties/orderNumber"]),
    ("properties-casing", add_property("+1"), []),
    ("operation-id-unique",
     lambda s: op(s, "/orders/{order_id}", "get").update(operationId="listOrders"),
     ["/paths/~1orders~1{order_id}/get/operationId"]),
])
def test_naming_rules(tmp_path: Path, rule: str, mutate: Mutation, expected: list[str]) -> None:
    assert pointers(tmp_path, mutate, rule) == expected


def test_configured_casing_wins_over_the_majority(tmp_path: Path) -> None:
    run = LintRun(settings=LintSettings(casing="camelCase"), ruleset="accord:strict")
    found = findings(tmp_path, clean(), "properties-casing", run)
    names = {f.location.pointer.rsplit("/", 1)[1] for f in found}
    assert {"order_id", "total_amount", "created_at", "next_cursor"} <= names
    assert "note" not in names  # one lower-case word is both styles
    assert found[0].message == "property 'request_id' is not camelCase"
