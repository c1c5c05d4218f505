from __future__ import annotations

from pathlib import Path

import pytest

from tests.kinds.openapi.lint_support import Mutation, Spec, clean, findings, op, pointers


def problem_body(schema: dict[str, object], media: str = "application/json") -> Mutation:
    def mutate(spec: Spec) -> None:
        spec["components"]["responses"]["Problem"]["content"] = {media: {"schema": schema}}

    return mutate


MESSAGE_ONLY = {"type": "object", "properties": {"message": {"type": "string"}}}
NESTED = {"type": "object", "properties": {"error": {
    "type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}


@pytest.mark.parametrize(("rule", "mutate", "expected"), [
    ("error-responses-documented",
     lambda s: op(s, "/orders", "get")["responses"].pop("default"),
     ["/paths/~1orders/get/responses"]),
    ("error-body-structured", problem_body(MESSAGE_ONLY),
     ["/components/responses/Problem/content/application~1json/schema"]),
    ("error-body-structured", problem_body(NESTED), []),
    ("error-body-structured",
     lambda s: s["components"]["responses"]["Problem"].pop("content"),
     ["/components/responses/Problem"]),
    ("unauthorized-documented", lambda s: op(s, "/orders", "get")["responses"].pop("401"), []),
    ("rate-limit-429", lambda s: op(s, "/orders", "get")["responses"].pop("429"),
     ["/paths/~1orders/get/responses"]),
    ("rate-limit-429",
     lambda s: s["components"]["responses"]["TooManyRequests"]["headers"].pop("Retry-After"),
     ["/components/responses/TooManyRequests"]),
])
def test_error_rules(tmp_path: Path, rule: str, mutate: Mutation, expected: list[str]) -> None:
    assert pointers(tmp_path, mutate, rule) == expected


def test_missing_5xx_is_named(tmp_path: Path) -> None:
    spec = clean()
    op(spec, "/orders", "get")["responses"].pop("default")
    [finding] = findings(tmp_path, spec, "error-responses-documented")
    assert finding.message == "GET /orders documents no server error (5xx) response"


def test_401_needed_only_where_security_applies(tmp_path: Path) -> None:
    spec = clean()
    responses = op(spec, "/orders", "get")["responses"]
    responses.pop("401")
    responses.pop("default")
    responses["400"] = {"$ref": "#/components/responses/Problem"}
    responses["500"] = {"$ref": "#/components/responses/Problem"}
    assert [f.location.pointer for f in findings(tmp_path, spec, "unauthorized-documented")] \
        == ["/paths/~1orders/get/responses"]
    op(spec, "/orders", "get")["security"] = []
    assert findings(tmp_path, spec, "unauthorized-documented") == []
