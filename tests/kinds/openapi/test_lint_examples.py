"""examples-valid: examples checked against their schemas with jsonschema."""

from __future__ import annotations

from pathlib import Path

from tests.kinds.openapi.lint_support import Spec, clean, findings, line_of, op

RULE = "examples-valid"
CREATE = "/paths/~1orders/post/requestBody/content/application~1json"


def media(spec: Spec) -> Spec:
    found: Spec = op(spec, "/orders", "post")["requestBody"]["content"]["application/json"]
    return found


def test_media_type_example_against_a_referenced_schema(tmp_path: Path) -> None:
    spec = clean()
    media(spec)["example"] = {"note": 42, "channel": "web"}
    [found] = findings(tmp_path, spec, RULE)
    assert found.location.pointer == f"{CREATE}/example"
    assert found.location.line == line_of(tmp_path, "example:")
    assert found.message == ("the example does not match its schema: 42 is not of type "
                             "'string' (at $.note)")


def test_valid_examples_pass(tmp_path: Path) -> None:
    spec = clean()
    media(spec)["example"] = {"note": "gift", "channel": "store"}
    media(spec)["examples"] = {"web": {"value": {"channel": "web"}}}
    spec["components"]["schemas"]["Order"]["example"] = {"order_id": "o1"}
    assert findings(tmp_path, spec, RULE) == []


def test_named_examples_and_referenced_examples(tmp_path: Path) -> None:
    spec = clean()
    spec["components"]["examples"] = {"Phone": {"value": {"channel": "phone"}}}
    media(spec)["examples"] = {"ok": {"value": {"channel": "web"}},
                               "phone": {"$ref": "#/components/examples/Phone"}}
    [found] = findings(tmp_path, spec, RULE)
    # Reported where the value is written: the component example.
    assert found.location.pointer == "/components/examples/Phone/value"
    assert found.location.line == line_of(tmp_path, "channel: phone") - 1  # its value: key
    assert "'phone' is not one of ['web', 'store']" in found.message


def test_schema_example(tmp_path: Path) -> None:
    spec = clean()
    created_at = spec["components"]["schemas"]["Order"]["properties"]["created_at"]
    created_at["example"] = 1700000000
    [found] = findings(tmp_path, spec, RULE)
    assert found.location.pointer == "/components/schemas/Order/properties/created_at/example"
    assert found.location.line == line_of(tmp_path, "example: 1700000000")
    assert found.message == ("the example does not match its schema: 1700000000 is not of "
                             "type 'string'")


def test_nullable_is_honoured_in_openapi_3_0(tmp_path: Path) -> None:
    spec = clean()
    spec["components"]["schemas"]["OrderPage"]["example"] = {
        "data": [], "page": {"next_cursor": None, "has_more": False}}
    assert findings(tmp_path, spec, RULE) == []
    spec["components"]["schemas"]["OrderPage"]["example"] = {
        "data": [], "page": {"next_cursor": "c1", "has_more": None}}
    [found] = findings(tmp_path, spec, RULE)
    assert found.message == ("the example does not match its schema: None is not of type "
                             "'boolean' (at $.page.has_more)")


def test_openapi_3_1_uses_json_schema_2020_12(tmp_path: Path) -> None:
    spec = clean()
    spec["openapi"] = "3.1.0"
    page = spec["components"]["schemas"]["OrderPage"]["properties"]["page"]["properties"]
    page["next_cursor"] = {"type": ["string", "null"]}
    spec["components"]["schemas"]["OrderPage"]["example"] = {
        "data": [], "page": {"next_cursor": None}}
    assert findings(tmp_path, spec, RULE) == []


def test_parameter_example(tmp_path: Path) -> None:
    spec = clean()
    op(spec, "/orders", "get")["parameters"][0]["example"] = 1000
    [found] = findings(tmp_path, spec, RULE)
    assert found.location.pointer == "/paths/~1orders/get/parameters/0/example"
    assert found.message == ("the example does not match its schema: 1000 is greater than "
                             "the maximum of 100")
