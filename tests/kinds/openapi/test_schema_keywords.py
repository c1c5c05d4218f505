"""JSON Schema 2020-12 (OpenAPI 3.1) keywords whose schemas are compared
recursively: a change inside them is reported with the usual concept, in the
direction of the site, and a harmless rewrite reports nothing.

Added and removed keywords are in the concept table of test_schema_concepts.
"""

from __future__ import annotations

from typing import Any

import pytest

from accord.core.change import Level
from accord.kinds.openapi.schemas import Site
from tests.kinds.openapi.test_schema_helpers import SchemaCase, obj, rules

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
STR = {"type": "string"}
SHORT = {**STR, "maxLength": 3}
OBJ = {"type": "object"}
ARR = {"type": "array"}
ABC = obj({"a": STR, "b": STR, "c": STR})
COND = {"if": {"properties": {"a": {"const": "x"}}, "required": ["a"]},
        "then": {"required": ["b"]}}


@pytest.fixture
def case(tmp_path):
    return SchemaCase(tmp_path)


# (name, base, revision, harmless rewrite of base, rule suffix, request level, response level,
#  text in the message)
RECURSIVE: list[tuple[str, Any, Any, Any, str, Level, Level, str]] = [
    ("pattern-properties", {**OBJ, "patternProperties": {"^x-": STR}},
     {**OBJ, "patternProperties": {"^x-": SHORT}},
     {**OBJ, "patternProperties": {"^x-": {"allOf": [STR]}}},
     "property-max-length-decreased", B, S, "'<^x->'"),
    ("property-names", {**OBJ, "propertyNames": {"maxLength": 10}},
     {**OBJ, "propertyNames": {"maxLength": 5}},
     {**OBJ, "propertyNames": {"maxLength": 10, "description": "short keys"}},
     "body-max-length-decreased", B, S, "'<propertyNames>'"),
    ("dependent-schemas", {**ABC, "dependentSchemas": {"a": {"required": ["b"]}}},
     {**ABC, "dependentSchemas": {"a": {"required": ["b", "c"]}}},
     {**ABC, "dependentSchemas": {"a": {"allOf": [{"required": ["b"]}]}}},
     "property-added-required", B, S, "'<dependentSchemas a>.c'"),
    ("then", {**ABC, **COND}, {**ABC, **COND, "then": {"required": ["b", "c"]}},
     {**ABC, **COND, "then": {"required": ["b"], "title": "B"}},
     "property-added-required", B, S, "'<then>.c'"),
    ("contains", {**ARR, "contains": STR}, {**ARR, "contains": SHORT},
     {**ARR, "contains": {"allOf": [STR]}}, "body-max-length-decreased", B, S, "'[contains]'"),
    ("content-schema", {**STR, "contentSchema": obj({"a": STR})},
     {**STR, "contentSchema": obj({"a": STR}, ["a"])},
     {**STR, "contentSchema": obj({"a": STR}, title="Inner")},
     "property-became-required", B, S, "'<contentSchema>.a'"),
    ("unevaluated-properties", {**OBJ, "unevaluatedProperties": STR},
     {**OBJ, "unevaluatedProperties": SHORT},
     {**OBJ, "unevaluatedProperties": {"allOf": [STR]}},
     "property-max-length-decreased", B, S, "'<unevaluated>'"),
    ("unevaluated-items", {**ARR, "prefixItems": [STR], "unevaluatedItems": SHORT},
     {**ARR, "prefixItems": [STR], "unevaluatedItems": STR},
     {**ARR, "prefixItems": [STR], "unevaluatedItems": {"allOf": [SHORT]}},
     "body-max-length-increased", S, D, "'[unevaluated]'"),
]


@pytest.mark.parametrize("row", RECURSIVE, ids=[r[0] for r in RECURSIVE])
def test_nested_schemas_are_compared_in_both_directions(case, row):
    _name, base, revision, _harmless, suffix, req, resp, text = row
    request, response = case.both(base, revision, dialect="oas31")
    assert rules(request) == {f"request-{suffix}": req}, request
    assert rules(response) == {f"response-{suffix}": resp}, response
    assert all(text in c.message for c in request + response), request + response


@pytest.mark.parametrize("row", RECURSIVE, ids=[r[0] for r in RECURSIVE])
def test_nested_schemas_harmless_rewrite_reports_nothing(case, row):
    _name, base, _revision, harmless, *_ = row
    assert case.both(base, harmless, dialect="oas31") == ([], [])


def test_then_added_under_an_unchanged_condition(case):
    request, response = case.both({**ABC, **COND}, {**ABC, **COND, "else": {"required": ["c"]}},
                                  dialect="oas31")
    assert rules(request) == {"request-body-conditional-added": B}
    assert rules(response) == {"response-body-conditional-added": S}
    assert request[0].message == "request body got a 'else' for its unchanged if condition"
    # and removed again
    request, response = case.both({**ABC, **COND, "else": {"required": ["c"]}}, {**ABC, **COND},
                                  dialect="oas31")
    assert rules(request) == {"request-body-conditional-removed": S}
    assert rules(response) == {"response-body-conditional-removed": D}


def test_keyword_messages_and_locations(case):
    base = obj({"m": {**OBJ, "patternProperties": {"^x-": STR}}})
    revision = obj({"m": {**OBJ, "propertyNames": {"pattern": "^[a-z]+$"},
                          "unevaluatedProperties": False}})
    changes = case.diff(base, revision, Site.RESPONSE_BODY, dialect="oas31")
    assert [(c.rule, c.level, c.message, c.location.pointer.rsplit("/m/", 1)[-1])
            for c in changes] == [
        ("response-property-pattern-properties-removed", B,
         "response property 'm' no longer constrains properties matching '^x-'",
         "patternProperties/^x-"),
        ("response-property-property-names-added", S,
         "response property 'm' propertyNames constraint added", "propertyNames"),
        ("response-property-unevaluated-properties-closed", S,
         "response property 'm' no longer allows unevaluated properties",
         "unevaluatedProperties"),
    ]


def test_content_encoding_message(case):
    changes = case.diff({**STR, "contentEncoding": "base64"}, STR, Site.REQUEST_PARAMETER,
                        dialect="oas31")
    assert [(c.rule, c.level, c.message) for c in changes] == [
        ("request-parameter-content-encoding-changed", B,
         "request parameter 'limit' contentEncoding 'base64' removed"),
    ]


def test_min_contains_of_one_is_the_default(case):
    base = {**ARR, "contains": STR}
    assert case.both(base, {**base, "minContains": 1}, dialect="oas31") == ([], [])
    request = case.diff(base, {**base, "minContains": 0}, dialect="oas31")
    assert rules(request) == {"request-body-min-items-decreased": S}
    assert request[0].message == ("request body minimum number of items matching contains "
                                  "decreased from 1 to 0")


def test_discriminator_mapping_rename_is_not_a_repoint(case):
    """A component renamed along with its mapping entry is the same schema."""
    cat = obj({"kind": STR, "purrs": {"type": "boolean"}}, ["kind"])
    dog = obj({"kind": STR, "barks": {"type": "boolean"}}, ["kind"])

    def pets(name: str) -> dict[str, Any]:
        return {"oneOf": [{"$ref": f"#/components/schemas/{name}"},
                          {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind",
                                  "mapping": {"cat": f"#/components/schemas/{name}"}}}

    renamed = case.diff(pets("Cat"), pets("Feline"), Site.RESPONSE_BODY,
                        components={"Cat": cat, "Dog": dog},
                        revision_components={"Feline": cat, "Dog": dog})
    assert "response-body-discriminator-mapping-changed" not in rules(renamed)
    repointed = case.diff(pets("Cat"), pets("Feline"), Site.RESPONSE_BODY,
                          components={"Cat": cat, "Dog": dog},
                          revision_components={"Cat": cat, "Feline": cat, "Dog": dog})
    assert rules(repointed)["response-body-discriminator-mapping-changed"] is B
