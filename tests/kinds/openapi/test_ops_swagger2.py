"""Swagger 2.0 documents, and a migration from Swagger 2.0 to OpenAPI 3."""

from __future__ import annotations

from pathlib import Path

from accord.core.change import Level
from accord.kinds.openapi.rules import OPERATION_RULES
from tests.kinds.openapi.test_kind_support import check, run_diff

SWAGGER = """
swagger: '2.0'
info: {title: Pets, version: 1.0.0}
host: api.example.com
basePath: /v1
schemes: [https]
consumes: [application/json, application/xml]
produces: [application/json]
securityDefinitions:
  key: {type: apiKey, in: header, name: X-Key}
  basic: {type: basic}
  oauth:
    type: oauth2
    flow: implicit
    authorizationUrl: https://auth.example.com/authorize
    scopes: {pets: Pets}
security:
  - key: []
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: tags, in: query, type: array, items: {type: string}}
      responses:
        '200':
          description: pets
          schema: {type: array, items: {type: object}}
          headers:
            X-Total: {type: integer}
    post:
      parameters:
        - {name: pet, in: body, schema: {type: object}}
      responses:
        '201': {description: created}
  /pets/{id}/photo:
    put:
      consumes: [multipart/form-data]
      security:
        - oauth: [pets]
      parameters:
        - {name: id, in: path, required: true, type: string}
        - {name: file, in: formData, type: file, required: true}
      responses:
        '204': {description: stored}
"""

OPENAPI = """
openapi: 3.0.3
info: {title: Pets, version: 2.0.0}
servers:
  - url: https://api.example.com/v1
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    basic: {type: http, scheme: basic}
    oauth:
      type: oauth2
      flows:
        implicit:
          authorizationUrl: https://auth.example.com/authorize
          scopes: {pets: Pets}
security:
  - key: []
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: tags, in: query, explode: false, schema: {type: array, items: {type: string}}}
      responses:
        '200':
          description: pets
          headers:
            X-Total: {schema: {type: integer}}
          content:
            application/json:
              schema: {type: array, items: {type: object}}
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object}
          application/xml:
            schema: {type: object}
      responses:
        '201': {description: created}
  /pets/{petId}/photo:
    put:
      security:
        - oauth: [pets]
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
      responses:
        '204': {description: stored}
"""


def _edit(old: str, new: str, text: str = SWAGGER) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_body_parameter_is_the_request_body(tmp_path: Path) -> None:
    rev = _edit("{name: pet, in: body,", "{name: pet, in: body, required: true,")
    check(run_diff(tmp_path, SWAGGER, rev), "request-body-became-required", Level.BREAKING,
          "POST /pets", "name: pet")
    rev = _edit("consumes: [application/json, application/xml]", "consumes: [application/json]")
    change = check(run_diff(tmp_path, SWAGGER, rev), "request-body-media-type-removed",
                   Level.BREAKING, "POST /pets", "consumes:", base=True)
    assert "application/xml" in change.message


def test_form_data_is_a_form_body(tmp_path: Path) -> None:
    rev = _edit("      consumes: [multipart/form-data]\n", "")
    result = run_diff(tmp_path, SWAGGER, rev)
    # without 'consumes' a file upload is still multipart: nothing changed
    assert result.changes == []
    rev = _edit("[multipart/form-data]", "[application/x-www-form-urlencoded]")
    result = run_diff(tmp_path, SWAGGER, rev)
    check(result, "request-body-media-type-removed", Level.BREAKING, "PUT /pets/{id}/photo",
          "multipart/form-data", base=True)
    check(result, "request-body-media-type-added", Level.SAFE, "PUT /pets/{id}/photo",
          "x-www-form-urlencoded")


def test_collection_format(tmp_path: Path) -> None:
    multi = _edit("type: array, items", "type: array, collectionFormat: multi, items")
    change = check(run_diff(tmp_path, SWAGGER, multi),
                   "request-parameter-collection-format-changed", Level.BREAKING, "GET /pets",
                   "collectionFormat: multi")
    assert "csv" in change.message and "multi" in change.message
    csv = _edit("type: array, items", "type: array, collectionFormat: csv, items")
    assert run_diff(tmp_path, SWAGGER, csv).changes == []


def test_responses(tmp_path: Path) -> None:
    rev = _edit("produces: [application/json]", "produces: [application/xml]")
    result = run_diff(tmp_path, SWAGGER, rev)
    check(result, "response-media-type-removed", Level.BREAKING, "GET /pets", "produces",
          base=True)
    rev = _edit("          schema: {type: array, items: {type: object}}\n", "")
    check(run_diff(tmp_path, SWAGGER, rev), "response-body-removed", Level.BREAKING,
          "GET /pets", "produces", base=True)
    rev = _edit("          headers:\n            X-Total: {type: integer}\n", "")
    check(run_diff(tmp_path, SWAGGER, rev), "response-optional-header-removed", Level.DANGEROUS,
          "GET /pets", "X-Total", base=True)


def test_security_definitions(tmp_path: Path) -> None:
    rev = _edit("in: header, name: X-Key", "in: query, name: key")
    check(run_diff(tmp_path, SWAGGER, rev), "security-scheme-api-key-moved", Level.BREAKING,
          None, "key: {type: apiKey")
    rev = _edit("flow: implicit", "flow: accessCode\n    tokenUrl: https://auth.example.com/t")
    result = run_diff(tmp_path, SWAGGER, rev)
    change = check(result, "security-scheme-oauth-flow-removed", Level.BREAKING, None, "oauth:",
                   base=True)
    assert "implicit" in change.message
    assert "authorizationCode" in result.one("security-scheme-oauth-flow-added").message
    rev = _edit("scopes: {pets: Pets}", "scopes: {pets: Pets, admin: Admin}")
    check(run_diff(tmp_path, SWAGGER, rev), "security-scheme-oauth-scope-added", Level.SAFE,
          None, "scopes:")
    rev = _edit("  - key: []", "  - basic: []")
    result = run_diff(tmp_path, SWAGGER, rev)
    assert set(result.ids) == {"operation-security-requirement-removed",
                               "operation-security-requirement-added"}
    assert {c.operation for c in result.changes} == {"GET /pets", "POST /pets"}


def test_migrating_to_openapi_3_changes_no_operation(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SWAGGER, OPENAPI)
    operation_rules = {rule.id for rule in OPERATION_RULES}
    found = [c for c in result.changes if c.rule in operation_rules]
    assert [(c.rule, c.operation) for c in found] == [
        ("path-parameter-renamed", "PUT /pets/{petId}/photo"),
    ]
