"""Named schemas (components/schemas, Swagger 2.0 definitions) added and removed."""

from __future__ import annotations

from pathlib import Path

from accord.core.change import Level
from tests.kinds.openapi.test_kind_support import check, run_diff

SPEC = """
openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
    Legacy:
      type: object
"""
SWAGGER = """
swagger: '2.0'
info: {title: Pets, version: 1.0.0}
paths: {}
definitions:
  Pet: {type: object}
  Legacy: {type: object}
"""


def _without_legacy(text: str) -> str:
    start = text.index("    Legacy:") if "    Legacy:" in text else text.index("  Legacy:")
    return text[:start]


def test_unused_component_schema_removed(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SPEC, _without_legacy(SPEC))
    change = check(result, "component-schema-removed", Level.DANGEROUS, None, "Legacy:",
                   base=True)
    assert change.message == "component schema 'Legacy' was removed"
    assert change.location.pointer == "/components/schemas/Legacy"
    assert result.ids == ["component-schema-removed"]


def test_component_schema_added(tmp_path: Path) -> None:
    result = run_diff(tmp_path, _without_legacy(SPEC), SPEC)
    change = check(result, "component-schema-added", Level.SAFE, None, "Legacy:")
    assert change.message == "component schema 'Legacy' was added"
    assert change.addition
    assert result.ids == ["component-schema-added"]


def test_swagger2_definitions(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SWAGGER, _without_legacy(SWAGGER))
    change = check(result, "component-schema-removed", Level.DANGEROUS, None, "Legacy:",
                   base=True)
    assert change.location.pointer == "/definitions/Legacy"


def test_changed_or_reordered_schemas_are_not_added_or_removed(tmp_path: Path) -> None:
    reordered = SPEC.replace("    Pet:\n      type: object\n      properties:\n"
                             "        name: {type: string}\n", "") + (
        "    Pet:\n      type: object\n      properties:\n        name: {type: string}\n"
        "        age: {type: integer}\n")
    result = run_diff(tmp_path, SPEC, reordered)
    assert result.ids == ["response-property-added"]


def test_swagger2_to_openapi3_keeps_the_names(tmp_path: Path) -> None:
    openapi = SWAGGER.replace("swagger: '2.0'", "openapi: 3.0.3").replace(
        "definitions:", "components:\n  schemas:").replace("  Pet:", "    Pet:").replace(
        "  Legacy:", "    Legacy:")
    result = run_diff(tmp_path, SWAGGER, openapi)
    assert [c for c in result.ids if c.startswith("component-schema")] == []
