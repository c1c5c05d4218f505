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
]


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
