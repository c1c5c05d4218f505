"""The JSON Schema lint rules: each one finds what it should and nothing more."""

from __future__ import annotations

from typing import Any

import pytest

from accord.kinds.jsonschema import JsonSchemaKind
from accord.lint.engine import LintRun, lint
from tests.kinds.jsonschema.support import Schemas

D2020 = "https://json-schema.org/draft/2020-12/schema"
GOOD: dict[str, Any] = {
    "$schema": D2020, "$id": "https://example.com/schemas/user-created",
    "type": "object", "additionalProperties": False,
    "properties": {"id": {"type": "string", "description": "The user's id."},
                   "tags": {"type": "array", "description": "Labels.",
                            "items": {"type": "string"}}},
    "required": ["id"],
}


def findings(tmp_path, schema: Any) -> list[Any]:
    kind = JsonSchemaKind()
    contract = kind.load(Schemas(tmp_path).write(schema))
    report = lint(contract, kind.lint_rules(), LintRun(ruleset="accord:strict"))
    return list(report.findings)


def test_a_well_written_schema_has_no_findings(tmp_path):
    assert findings(tmp_path, GOOD) == []


CASES = [
    ("jsonschema-schema-declared", {k: v for k, v in GOOD.items() if k != "$schema"}, ""),
    ("jsonschema-id-declared", {k: v for k, v in GOOD.items() if k != "$id"}, ""),
    ("jsonschema-property-type", {**GOOD, "properties": {
        **GOOD["properties"], "misc": {"description": "Anything."}}}, "/properties/misc"),
    ("jsonschema-additional-properties-explicit",
     {k: v for k, v in GOOD.items() if k != "additionalProperties"}, ""),
    ("jsonschema-property-description", {**GOOD, "properties": {
        **GOOD["properties"], "age": {"type": "integer"}}}, "/properties/age"),
    ("jsonschema-required-declared", {**GOOD, "required": ["id", "nmae"]}, "/required/1"),
    ("jsonschema-satisfiable", {**GOOD, "properties": {**GOOD["properties"], "tags": {
        "type": "array", "description": "Labels.", "minItems": 3, "maxItems": 1}}},
     "/properties/tags/minItems"),
]


def _with(prop: dict[str, Any]) -> dict[str, Any]:
    return {**GOOD, "properties": {**GOOD["properties"], "p": {
        "description": "A property.", **prop}}}


@pytest.mark.parametrize(("prop", "pointer", "message"), [
    ({"type": "integer", "minimum": 10, "maximum": 1}, "/properties/p/minimum",
     "minimum 10 and maximum 1 leave no integer"),
    ({"type": "integer", "exclusiveMinimum": 2, "exclusiveMaximum": 3},
     "/properties/p/exclusiveMinimum", "exclusiveMinimum 2 and exclusiveMaximum 3 leave no "
     "integer"),
    ({"type": "number", "minimum": 5, "exclusiveMaximum": 5}, "/properties/p/minimum",
     "minimum 5 and exclusiveMaximum 5 leave no number"),
    ({"type": "string", "minLength": 4, "maxLength": 2}, "/properties/p/minLength",
     "minLength 4 is above maxLength 2: no string is valid"),
    ({"type": "object", "required": ["a", "b"], "maxProperties": 1},
     "/properties/p/maxProperties",
     "2 properties are required and maxProperties is 1: no object is valid"),
    ({"type": "object", "minProperties": 3, "maxProperties": 2},
     "/properties/p/minProperties", "minProperties 3 is above maxProperties 2: no object is "
     "valid"),
])
def test_contradictory_bounds_are_errors(tmp_path, prop, pointer, message):
    found = [f for f in findings(tmp_path, _with(prop)) if f.rule == "jsonschema-satisfiable"]
    assert [(f.location.pointer, f.message, str(f.severity)) for f in found] == [
        (pointer, message, "error")]


@pytest.mark.parametrize("prop", [
    {"type": "number", "exclusiveMinimum": 2, "exclusiveMaximum": 3},  # 2.5 is valid
    {"type": "integer", "minimum": 3, "maximum": 3},
    {"type": "string", "minLength": 2, "maxLength": 2},
    {"type": "array", "minItems": 1, "maxItems": 1},
    {"type": "object", "required": ["a"], "maxProperties": 1},
], ids=["number-gap", "integer-point", "string-exact", "array-exact", "object-exact"])
def test_bounds_that_leave_a_value_are_fine(tmp_path, prop):
    assert [f for f in findings(tmp_path, _with(prop)) if f.rule == "jsonschema-satisfiable"] \
        == []


@pytest.mark.parametrize("row", CASES, ids=[c[0] for c in CASES])
def test_each_rule_reports_at_the_element(tmp_path, row):
    rule_id, schema, pointer = row
    found = findings(tmp_path, schema)
    assert [(f.rule, f.location.pointer) for f in found] == [(rule_id, pointer)]


def test_composition_parts_and_references_are_not_flagged(tmp_path):
    schema = {**GOOD, "$defs": {"Id": {"type": "string", "description": "An id."}},
              "properties": {"id": {"$ref": "#/$defs/Id"}},
              "allOf": [{"properties": {"id": {"type": "string"}}}],
              "patternProperties": {"^x-": {"type": "string"}},
              "required": ["id", "x-trace"]}
    assert findings(tmp_path, schema) == []
