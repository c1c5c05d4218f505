"""Security, deprecation and observability rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kinds.openapi.lint_support import Mutation, Spec, clean, findings, op, pointers


def one_op_secured(spec: Spec) -> None:
    spec.pop("security")
    for path, method in (("/orders", "post"), ("/orders/{order_id}", "get"),
                         ("/orders/{order_id}", "patch")):
        op(spec, path, method)["security"] = [{"bearer": ["write"]}]


def query_key_scheme(spec: Spec) -> None:
    spec["components"]["securitySchemes"]["key"] = {"type": "apiKey", "in": "query",
                                                    "name": "api_key"}


def bare_responses(spec: Spec) -> None:
    op(spec, "/orders/{order_id}/cancel", "post")["responses"] = {
        "200": {"description": "ok"}, "default": {"description": "error"}}


@pytest.mark.parametrize(("rule", "mutate", "expected"), [
    ("security-defined", lambda s: s.pop("security"), [""]),
    ("security-defined", one_op_secured,
     ["/paths/~1orders/get", "/paths/~1orders~1{order_id}~1cancel/post"]),
    ("no-credentials-in-query", query_key_scheme, ["/components/securitySchemes/key/in"]),
    ("no-credentials-in-query",
     lambda s: op(s, "/orders", "get")["parameters"].append(
         {"name": "access_token", "in": "query", "schema": {"type": "string"}}),
     ["/paths/~1orders/get/parameters/2"]),
    ("servers-https", lambda s: s["servers"][0].update(url="http://api.example.com/v1"),
     ["/servers/0"]),
    ("servers-https", lambda s: s["servers"][0].update(url="http://localhost:8080/v1"), []),
    ("deprecated-sunset", lambda s: op(s, "/orders", "get").update(deprecated=True),
     ["/paths/~1orders/get/deprecated"]),
    ("deprecated-sunset",
     lambda s: op(s, "/orders", "get").update({"deprecated": True, "x-sunset": "2030-01-01"}),
     []),
    ("deprecated-sunset",
     lambda s: op(s, "/orders", "get")["parameters"][1].update(deprecated=True),
     ["/paths/~1orders/get/parameters/1/deprecated"]),
    ("request-id-header", bare_responses, ["/paths/~1orders~1{order_id}~1cancel/post/responses"]),
])
def test_security_and_operations_rules(tmp_path: Path, rule: str, mutate: Mutation,
                                       expected: list[str]) -> None:
    assert pointers(tmp_path, mutate, rule) == expected


def test_swagger2_http_scheme_and_query_key(tmp_path: Path) -> None:
    spec = {
        "swagger": "2.0",
        "info": {"title": "Old", "version": "1.0.0"},
        "host": "api.example.com", "basePath": "/v1", "schemes": ["http"],
        "securityDefinitions": {"key": {"type": "apiKey", "in": "query", "name": "key"}},
        "security": [{"key": []}],
        "paths": {"/things": {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    assert {f.rule for f in findings(tmp_path, spec)} >= {"servers-https",
                                                          "no-credentials-in-query"}
    assert findings(tmp_path, spec, "version-in-path") == []


def test_clean_spec_has_no_security_findings(tmp_path: Path) -> None:
    assert findings(tmp_path, clean(), "security-defined") == []
