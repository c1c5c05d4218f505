"""Pagination and data rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kinds.openapi.lint_support import Mutation, Spec, clean, findings, op, pointers

ORDER_PROPS = "/components/schemas/Order/properties"


def query(spec: Spec) -> list[dict[str, object]]:
    params: list[dict[str, object]] = op(spec, "/orders", "get")["parameters"]
    return params


def offset_instead_of_cursor(spec: Spec) -> None:
    query(spec)[1] = {"name": "offset", "in": "query", "schema": {"type": "integer"}}


def top_level_array(spec: Spec) -> None:
    media = op(spec, "/orders", "get")["responses"]["200"]["content"]["application/json"]
    media["schema"] = {"type": "array", "items": {"$ref": "#/components/schemas/Order"}}


def order_prop(name: str, schema: dict[str, object]) -> Mutation:
    return lambda s: s["components"]["schemas"]["Order"]["properties"].update({name: schema})


@pytest.mark.parametrize(("rule", "mutate", "expected"), [
    ("collection-paginated", lambda s: query(s).pop(1), ["/paths/~1orders/get"]),
    ("collection-paginated", lambda s: op(s, "/orders", "get").pop("parameters"),
     ["/paths/~1orders/get"]),
    ("collection-paginated", offset_instead_of_cursor, ["/paths/~1orders/get"]),
    ("collection-envelope", top_level_array,
     ["/paths/~1orders/get/responses/200/content/application~1json/schema"]),
    ("page-size-bounded", lambda s: query(s)[0]["schema"].pop("maximum"),
     ["/paths/~1orders/get/parameters/0/schema"]),
    ("money-not-float", order_prop("total_amount", {"type": "number", "format": "double"}),
     [f"{ORDER_PROPS}/total_amount"]),
    ("money-not-float", order_prop("total_amount", {"type": "integer"}), []),
    ("timestamps-date-time", order_prop("created_at", {"type": "integer"}),
     [f"{ORDER_PROPS}/created_at"]),
    ("request-strings-bounded",
     lambda s: s["components"]["schemas"]["NewOrder"]["properties"]["note"].pop("maxLength"),
     ["/components/schemas/NewOrder/properties/note"]),
    # Response strings need no bound: the client does not send them.
    ("request-strings-bounded", order_prop("comment", {"type": "string"}), []),
])
def test_list_and_data_rules(tmp_path: Path, rule: str, mutate: Mutation,
                             expected: list[str]) -> None:
    assert pointers(tmp_path, mutate, rule) == expected


def test_offset_pagination_is_named(tmp_path: Path) -> None:
    spec = clean()
    offset_instead_of_cursor(spec)
    [finding] = findings(tmp_path, spec, "collection-paginated")
    assert finding.message == "GET /orders paginates by offset, not by a cursor"


def test_single_resource_gets_are_not_collections(tmp_path: Path) -> None:
    spec = clean()
    media = op(spec, "/orders/{order_id}", "get")["responses"]["200"]["content"]
    media["application/json"]["schema"] = {"type": "array", "items": {"type": "string"}}
    assert findings(tmp_path, spec, "collection-envelope") == []


def test_a_string_page_parameter_is_a_cursor(tmp_path: Path) -> None:
    # Stripe's GET /v1/charges/search: ?page=<next_page>, "a cursor for pagination".
    spec = clean()
    query(spec)[1] = {"name": "page", "in": "query",
                      "schema": {"type": "string", "maxLength": 5000}}
    assert findings(tmp_path, spec, "collection-paginated") == []


def test_an_integer_page_parameter_is_an_offset(tmp_path: Path) -> None:
    spec = clean()
    query(spec)[1] = {"name": "page", "in": "query", "schema": {"type": "integer"}}
    [finding] = findings(tmp_path, spec, "collection-paginated")
    assert finding.message == "GET /orders paginates by page, not by a cursor"


def test_an_integer_since_parameter_is_a_keyset_cursor(tmp_path: Path) -> None:
    # GitHub's GET /users: ?since=<a user id>&per_page=...
    spec = clean()
    query(spec)[1] = {"name": "since", "in": "query", "schema": {"type": "integer"}}
    assert findings(tmp_path, spec, "collection-paginated") == []


def test_a_date_time_since_parameter_is_a_filter_not_a_cursor(tmp_path: Path) -> None:
    # GitHub's GET /notifications: ?since=<date-time>&per_page=...&page=...
    spec = clean()
    query(spec)[1] = {"name": "since", "in": "query",
                      "schema": {"type": "string", "format": "date-time"}}
    [finding] = findings(tmp_path, spec, "collection-paginated")
    assert finding.message == "GET /orders returns a collection with a page size but no cursor"
