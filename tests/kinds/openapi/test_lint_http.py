from __future__ import annotations

import copy
from pathlib import Path

import pytest

from tests.kinds.openapi.lint_support import (
    Mutation,
    Spec,
    clean,
    findings,
    line_of,
    op,
    pointers,
)

BODY = {"content": {"application/json": {"schema": {"type": "object"}}}}


def created_as_200(spec: Spec) -> None:
    responses = op(spec, "/orders", "post")["responses"]
    responses["200"] = responses.pop("201")


def token_endpoint(spec: Spec, declared: bool) -> None:
    """An OAuth token endpoint without Idempotency-Key, declared as a tokenUrl or not."""
    token = copy.deepcopy(op(spec, "/orders", "post"))
    token.pop("parameters")
    spec["paths"]["/oauth/token"] = {"post": token}
    if declared:
        spec.setdefault("components", {}).setdefault("securitySchemes", {})["oauth"] = {
            "type": "oauth2", "flows": {"clientCredentials": {
                "tokenUrl": "https://auth.example.com/oauth/token", "scopes": {}}}}


@pytest.mark.parametrize(("rule", "mutate", "expected"), [
    ("post-idempotency-key", lambda s: token_endpoint(s, declared=True), []),
    ("post-idempotency-key", lambda s: token_endpoint(s, declared=False),
     ["/paths/~1oauth~1token/post"]),
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


# Stripe (stripe-v127.json) declares this body on every GET and most DELETEs: an
# optional form body that admits only {}; it carries nothing, so there is nothing to move.
EMPTY_FORM = {"content": {"application/x-www-form-urlencoded": {
    "encoding": {}, "schema": {"additionalProperties": False, "properties": {},
                               "type": "object"}}}, "required": False}


def test_a_body_that_admits_no_data_is_not_a_body(tmp_path: Path) -> None:
    spec = clean()
    op(spec, "/orders", "get")["requestBody"] = EMPTY_FORM
    assert findings(tmp_path, spec, "no-body-on-get-delete") == []


def test_a_form_body_with_fields_on_delete_is_reported(tmp_path: Path) -> None:
    # Stripe's DELETE /v1/subscriptions/{subscription_exposed_id} takes invoice_now, prorate.
    spec = clean()
    body = copy.deepcopy(EMPTY_FORM)
    body["content"]["application/x-www-form-urlencoded"]["schema"]["properties"] = {
        "prorate": {"type": "boolean"}}
    spec["paths"]["/orders/{order_id}"]["delete"] = {
        "requestBody": body, "responses": {"204": {"description": "gone"}}}
    [finding] = findings(tmp_path, spec, "no-body-on-get-delete")
    assert finding.location.pointer == "/paths/~1orders~1{order_id}/delete/requestBody"
    assert finding.location.line == line_of(tmp_path, "  delete:") + 1


@pytest.mark.parametrize("command", [
    "verify_microdeposits",  # Stripe: POST /v1/payment_intents/{intent}/verify_microdeposits
    "generate-notes",  # GitHub: POST /repos/{owner}/{repo}/releases/generate-notes
    "rerun-failed-jobs",  # GitHub: POST .../actions/runs/{run_id}/rerun-failed-jobs
])
def test_a_post_to_a_command_segment_creates_nothing(tmp_path: Path, command: str) -> None:
    spec = clean()
    spec["paths"][f"/orders/{{order_id}}/{command}"] = {"post": {
        "operationId": "command", "summary": "a command",
        "parameters": [{"name": "order_id", "in": "path", "required": True,
                        "schema": {"type": "string"}}],
        "responses": {"200": {"description": "done"}}}}
    assert findings(tmp_path, spec, "post-create-201-location") == []


def test_a_post_to_a_plural_collection_still_creates(tmp_path: Path) -> None:
    spec = clean()
    op(spec, "/orders", "post")["responses"]["200"] = \
        op(spec, "/orders", "post")["responses"].pop("201")
    [finding] = findings(tmp_path, spec, "post-create-201-location")
    assert finding.message == "POST /orders creates a resource but answers 200, not 201"
