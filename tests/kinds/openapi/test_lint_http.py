from __future__ import annotations

from pathlib import Path

import pytest

from tests.kinds.openapi.lint_support import Mutation, Spec, op, pointers

BODY = {"content": {"application/json": {"schema": {"type": "object"}}}}


def created_as_200(spec: Spec) -> None:
    responses = op(spec, "/orders", "post")["responses"]
    responses["200"] = responses.pop("201")


@pytest.mark.parametrize(("rule", "mutate", "expected"), [
    ("no-body-on-get-delete", lambda s: op(s, "/orders", "get").update(requestBody=BODY),
     ["/paths/~1orders/get/requestBody"]),
    ("no-body-on-get-delete",
     lambda s: s["paths"]["/orders/{order_id}"].update(
         delete={"requestBody": BODY, "responses": {"204": {"description": "gone"}}}),
     ["/paths/~1orders~1{order_id}/delete/requestBody"]),
    ("post-create-201-location",
     lambda s: op(s, "/orders", "post")["responses"]["201"]["headers"].pop("Location"),
     ["/paths/~1orders/post/responses/201"]),
    ("post-create-201-location", created_as_200, ["/paths/~1orders/post/responses"]),
    ("post-idempotency-key", lambda s: op(s, "/orders", "post").pop("parameters"),
     ["/paths/~1orders/post"]),
    ("update-if-match", lambda s: op(s, "/orders/{order_id}", "patch").pop("parameters"),
     ["/paths/~1orders~1{order_id}/patch"]),
    ("get-etag",
     lambda s: op(s, "/orders/{order_id}", "get")["responses"]["200"]["headers"].pop("ETag"),
     ["/paths/~1orders~1{order_id}/get/responses/200"]),
])
def test_http_rules(tmp_path: Path, rule: str, mutate: Mutation, expected: list[str]) -> None:
    assert pointers(tmp_path, mutate, rule) == expected
