"""202 + Location, 403 where scopes apply, rate-limit headers on 429, bounded request
arrays, typed schemas: a failing and a passing example each, pointer and line checked."""

from __future__ import annotations

from pathlib import Path

from tests.kinds.openapi.lint_support import Spec, clean, findings, line_of, op

REF_PROBLEM = {"$ref": "#/components/responses/Problem"}


def accepted(spec: Spec, headers: dict[str, object]) -> None:
    op(spec, "/orders/{order_id}/cancel", "post")["responses"]["202"] = {
        "description": "Cancellation started", "headers": headers}


def test_202_without_location(tmp_path: Path) -> None:
    spec = clean()
    accepted(spec, {"X-Request-ID": {"$ref": "#/components/headers/RequestId"}})
    [found] = findings(tmp_path, spec, "accepted-202-location")
    assert found.location.pointer == "/paths/~1orders~1{order_id}~1cancel/post/responses/202"
    assert found.location.line == line_of(tmp_path, "'202':")
    assert found.message == ("the 202 response of POST /orders/{order_id}/cancel documents "
                             "no Location header")


def test_202_with_location(tmp_path: Path) -> None:
    spec = clean()
    accepted(spec, {"Location": {"schema": {"type": "string"}}})
    assert findings(tmp_path, spec, "accepted-202-location") == []


def test_a_create_answering_202_alone_is_left_to_the_202_rule(tmp_path: Path) -> None:
    spec = clean()
    responses = op(spec, "/orders", "post")["responses"]
    responses["202"] = {"description": "Queued"}
    responses.pop("201")
    assert findings(tmp_path, spec, "post-create-201-location") == []
    assert [f.location.pointer for f in findings(tmp_path, spec, "accepted-202-location")] \
        == ["/paths/~1orders/post/responses/202"]


def _explicit_errors(spec: Spec) -> Spec:
    """GET /orders with 400/401/500 instead of a default response."""
    responses = op(spec, "/orders", "get")["responses"]
    responses.pop("default")
    responses.update({"400": REF_PROBLEM, "500": REF_PROBLEM})
    return spec


def test_scopes_without_403(tmp_path: Path) -> None:
    spec = _explicit_errors(clean())
    [found] = findings(tmp_path, spec, "forbidden-documented")
    assert found.location.pointer == "/paths/~1orders/get/responses"
    assert found.location.line == line_of(tmp_path, "responses:")
    assert found.message == "GET /orders requires scopes (read) but documents no 403 response"


def test_scopes_with_403_or_no_scopes(tmp_path: Path) -> None:
    spec = _explicit_errors(clean())
    op(spec, "/orders", "get")["responses"]["403"] = REF_PROBLEM
    assert findings(tmp_path, spec, "forbidden-documented") == []
    spec = _explicit_errors(clean())
    spec["security"] = [{"bearer": []}]
    assert findings(tmp_path, spec, "forbidden-documented") == []


def test_429_without_rate_limit_headers(tmp_path: Path) -> None:
    spec = clean()
    headers = spec["components"]["responses"]["TooManyRequests"]["headers"]
    headers.pop("RateLimit")
    headers.pop("RateLimit-Policy")
    found = findings(tmp_path, spec, "rate-limit-headers")
    # One response shared by every operation: one finding, where it is written.
    assert [f.location.pointer for f in found] == ["/components/responses/TooManyRequests"]
    assert found[0].location.line == line_of(tmp_path, "TooManyRequests:")


def test_429_with_x_rate_limit_headers(tmp_path: Path) -> None:
    spec = clean()
    headers = spec["components"]["responses"]["TooManyRequests"]["headers"]
    headers.pop("RateLimit")
    headers.pop("RateLimit-Policy")
    headers["X-RateLimit-Remaining"] = {"schema": {"type": "integer"}}
    assert findings(tmp_path, spec, "rate-limit-headers") == []


def _tags(spec: Spec, schema: dict[str, object]) -> None:
    spec["components"]["schemas"]["NewOrder"]["properties"]["tags"] = schema


def test_request_array_without_max_items(tmp_path: Path) -> None:
    spec = clean()
    _tags(spec, {"type": "array", "items": {"type": "string", "maxLength": 20}})
    [found] = findings(tmp_path, spec, "request-arrays-bounded")
    assert found.location.pointer == "/components/schemas/NewOrder/properties/tags"
    assert found.location.line == line_of(tmp_path, "tags:")
    assert found.message == "request property 'tags' is an array without maxItems"


def test_request_array_with_max_items(tmp_path: Path) -> None:
    spec = clean()
    _tags(spec, {"type": "array", "maxItems": 10, "items": {"type": "string", "maxLength": 20}})
    assert findings(tmp_path, spec, "request-arrays-bounded") == []


def test_request_body_array_without_max_items(tmp_path: Path) -> None:
    spec = clean()
    media = op(spec, "/orders", "post")["requestBody"]["content"]["application/json"]
    media["schema"] = {"type": "array", "items": {"$ref": "#/components/schemas/NewOrder"}}
    [found] = findings(tmp_path, spec, "request-arrays-bounded")
    assert found.location.pointer == "/paths/~1orders/post/requestBody/content/" \
        "application~1json/schema"
    assert found.message == "the request body is an array without maxItems"


def test_untyped_schemas_in_requests_and_responses(tmp_path: Path) -> None:
    spec = clean()
    spec["components"]["schemas"]["NewOrder"]["properties"]["extra"] = {
        "description": "anything"}
    spec["components"]["schemas"]["Order"]["properties"]["meta"] = {}
    found = findings(tmp_path, spec, "schema-typed")
    assert [(f.location.pointer, f.message) for f in found] == [
        ("/components/schemas/NewOrder/properties/extra", "a schema without a type (a property)"),
        ("/components/schemas/Order/properties/meta", "an empty schema (a property)"),
    ]
    assert [f.location.line for f in found] == [line_of(tmp_path, "extra:"),
                                                line_of(tmp_path, "meta:")]


def test_typed_composed_and_enum_schemas_pass(tmp_path: Path) -> None:
    spec = clean()
    props = spec["components"]["schemas"]["Order"]["properties"]
    props["state"] = {"enum": ["open", "closed"]}
    props["either"] = {"oneOf": [{"type": "string"}, {"type": "integer"}]}
    props["both"] = {"type": "object", "allOf": [{"required": ["order_id"]}]}
    assert findings(tmp_path, spec, "schema-typed") == []
