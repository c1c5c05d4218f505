"""OpenAPI 3.1 webhooks: added, removed, and compared with the directions inverted
(the provider writes the payload, subscribers write the responses)."""

from __future__ import annotations

from pathlib import Path

from accord.core.change import Level
from tests.kinds.openapi.test_kind_support import check, run_diff

SPEC = """
openapi: 3.1.0
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      responses:
        '200': {description: ok}
webhooks:
  newPet:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {type: string, maxLength: 50}
      responses:
        '200':
          description: received
          content:
            application/json:
              schema:
                type: object
                properties:
                  ack: {type: string, maxLength: 10}
  petSold:
    post:
      responses:
        '200': {description: received}
"""
NEW_PET = "webhook newPet POST"


def _edit(old: str, new: str) -> str:
    assert old in SPEC
    return SPEC.replace(old, new)


SOLD = "  petSold:\n    post:\n      responses:\n        '200': {description: received}\n"


def test_webhook_removed_and_added(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SPEC, _edit(SOLD, ""))
    change = check(result, "webhook-removed", Level.BREAKING, "webhook petSold POST", "post:",
                   base=True, after="petSold:")
    assert change.message == "webhook petSold POST was removed"
    assert result.ids == ["webhook-removed"]
    result = run_diff(tmp_path, _edit(SOLD, ""), SPEC)
    change = check(result, "webhook-added", Level.SAFE, "webhook petSold POST", "post:",
                   after="petSold:")
    assert change.addition and result.ids == ["webhook-added"]


def test_unchanged_and_reordered_webhooks_report_nothing(tmp_path: Path) -> None:
    assert run_diff(tmp_path, SPEC, SPEC).changes == []
    moved = _edit(SOLD, "").replace("webhooks:\n", "webhooks:\n" + SOLD)
    assert run_diff(tmp_path, SPEC, moved).changes == []
    # a path with the webhook's name is not the webhook
    assert "webhook-removed" in run_diff(tmp_path, SPEC, _edit(SOLD, "").replace(
        "paths:\n", "paths:\n  petSold:\n    post:\n      responses:\n"
        "        '200': {description: ok}\n")).ids


def test_webhook_payload_is_compared_like_a_response_body(tmp_path: Path) -> None:
    # the provider sends the payload: sending longer names may break subscribers
    looser = _edit("name: {type: string, maxLength: 50}", "name: {type: string, maxLength: 80}")
    change = check(run_diff(tmp_path, SPEC, looser), "response-property-max-length-increased",
                   Level.DANGEROUS, NEW_PET, "maxLength: 80")
    assert change.message == "response property 'name' maximum length increased from 50 to 80"
    # and sending shorter ones is safe
    tighter = _edit("name: {type: string, maxLength: 50}", "name: {type: string, maxLength: 20}")
    assert run_diff(tmp_path, SPEC, tighter).ids == ["response-property-max-length-decreased"]
    assert run_diff(tmp_path, SPEC, tighter).changes[0].level is Level.SAFE


def test_webhook_response_is_compared_like_a_request_body(tmp_path: Path) -> None:
    # subscribers write the response: accepting fewer values breaks them
    tighter = _edit("ack: {type: string, maxLength: 10}", "ack: {type: string, maxLength: 5}")
    check(run_diff(tmp_path, SPEC, tighter), "request-property-max-length-decreased",
          Level.BREAKING, NEW_PET, "maxLength: 5}")
    looser = _edit("ack: {type: string, maxLength: 10}", "ack: {type: string, maxLength: 99}")
    result = run_diff(tmp_path, SPEC, looser)
    assert result.ids == ["request-property-max-length-increased"]
    assert result.changes[0].level is Level.SAFE


def test_webhook_deprecation_uses_the_operation_rules(tmp_path: Path) -> None:
    deprecated = _edit("  newPet:\n    post:\n", "  newPet:\n    post:\n      deprecated: true\n")
    result = run_diff(tmp_path, SPEC, deprecated)
    assert [(c.operation, c.rule) for c in result.changes] == [
        (NEW_PET, "operation-deprecated"),
        (NEW_PET, "operation-deprecated-without-sunset"),
    ]


def test_webhooks_are_reported_after_the_paths(tmp_path: Path) -> None:
    rev = _edit(SOLD, "").replace("    get:\n      responses:\n        '200': {description: ok}\n",
                                  "    get:\n      responses:\n        '201': {description: ok}\n")
    assert [c.rule for c in run_diff(tmp_path, SPEC, rev).changes] == [
        "response-success-status-removed", "response-success-status-added", "webhook-removed"]
