"""Swagger 2.0 inline parameter schemas, OpenAPI 3.0 and 3.1 specifics."""

from __future__ import annotations

import pytest

from accord.core.change import Level
from accord.kinds.openapi.schemas import SchemaDiffer, Site
from tests.kinds.openapi.test_schema_helpers import CATALOG, SchemaCase, node_at, obj, rules

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
STR = {"type": "string"}


@pytest.fixture
def case(tmp_path):
    return SchemaCase(tmp_path)


# -- Swagger 2.0 ------------------------------------------------------------------


def test_swagger2_parameter_object_is_its_own_schema(case):
    # the parameter's boolean `required: true` is not a property list
    changes = case.diff({"type": "integer", "maximum": 100}, {"type": "integer", "maximum": 50},
                        Site.REQUEST_PARAMETER, dialect="swagger2")
    assert [(c.rule, c.level, c.message) for c in changes] == [
        ("request-parameter-max-decreased", B,
         "request parameter 'limit' maximum decreased from 100 to 50")
    ]


def test_swagger2_parameter_inline_items(case):
    base = {"type": "array", "items": {"type": "string", "enum": ["a", "b"]},
            "collectionFormat": "csv"}
    revision = {"type": "array", "items": {"type": "string", "enum": ["a"]},
                "collectionFormat": "multi"}
    changes = case.diff(base, revision, Site.REQUEST_PARAMETER, dialect="swagger2")
    assert [(c.rule, c.message) for c in changes] == [
        ("request-parameter-enum-value-removed",
         "request parameter 'limit[]' enum value 'b' removed")
    ]


def test_swagger2_unchanged_parameter(case):
    param = {"type": "string", "format": "date"}
    assert case.diff(param, param, Site.REQUEST_PARAMETER, dialect="swagger2") == []


def test_swagger2_header_object(case):
    changes = case.diff({"type": "integer"}, {"type": "string"}, Site.RESPONSE_HEADER,
                        dialect="swagger2")
    assert [(c.rule, c.message) for c in changes] == [
        ("response-header-type-changed",
         "response header 'X-Rate-Limit' type changed from integer to string")
    ]


def test_swagger2_x_nullable(case):
    response = case.diff(STR, {**STR, "x-nullable": True}, Site.RESPONSE_BODY, dialect="swagger2")
    assert rules(response) == {"response-body-became-nullable": B}


def test_swagger2_definitions_and_string_discriminator(case):
    components = {"Pet": obj({"kind": STR}, ["kind"], discriminator="kind")}
    changed = {"Pet": obj({"kind": STR}, ["kind"], discriminator="type")}
    body = {"$ref": "#/definitions/Pet"}
    changes = case.diff(body, body, Site.RESPONSE_BODY, dialect="swagger2",
                        components=components, revision_components=changed)
    assert rules(changes) == {"response-body-discriminator-property-changed": B}


def test_swagger2_base_against_openapi3_revision(case):
    # a migration: definitions/Pet becomes components/schemas/Pet, unchanged
    pet = obj({"name": {**STR, "maxLength": 10}})
    base = {"swagger": "2.0", "definitions": {"Pet": pet},
            "x-body": {"$ref": "#/definitions/Pet"}}
    revision = {"openapi": "3.0.3", "components": {"schemas": {"Pet": pet}},
                "x-body": {"$ref": "#/components/schemas/Pet"}}
    differ, bws, bpath, rws, rpath = case.pair(base, revision, "swagger2", "oas30")
    changes = differ.compare(node_at(bws, bpath, ["x-body"]), node_at(rws, rpath, ["x-body"]),
                             Site.REQUEST_BODY, "op")
    assert changes == []


# -- OpenAPI 3.0 ------------------------------------------------------------------


def test_oas30_ref_siblings_are_ignored(case):
    components = {"Name": {**STR, "maxLength": 10}}
    base = obj({"name": {"$ref": "#/components/schemas/Name"}})
    revision = obj({"name": {"$ref": "#/components/schemas/Name", "maxLength": 5}})
    assert case.diff(base, revision, components=components) == []


def test_oas30_exclusive_flags_modify_bounds(case):
    base = {"type": "number", "minimum": 0, "exclusiveMinimum": True}
    revision = {"type": "number", "minimum": 0}
    request, response = case.both(base, revision)
    assert rules(request) == {"request-body-min-decreased": S}
    assert rules(response) == {"response-body-min-decreased": D}
    assert request[0].message == "request body minimum decreased from 0 (exclusive) to 0"


# -- OpenAPI 3.1 ------------------------------------------------------------------


def test_oas31_type_arrays(case):
    request, response = case.both({"type": ["integer", "string", "null"]},
                                  {"type": ["string"]}, dialect="oas31")
    assert rules(request) == {"request-body-type-narrowed": B,
                              "request-body-became-not-nullable": B}
    assert rules(response) == {"response-body-type-narrowed": S,
                               "response-body-became-not-nullable": S}


def test_oas31_type_array_order_is_irrelevant(case):
    assert case.both({"type": ["string", "null"]}, {"type": ["null", "string"]},
                     dialect="oas31") == ([], [])


def test_oas31_ref_siblings_apply(case):
    components = {"Name": {**STR, "maxLength": 10}}
    base = obj({"name": {"$ref": "#/components/schemas/Name"}})
    revision = obj({"name": {"$ref": "#/components/schemas/Name", "maxLength": 5}})
    changes = case.diff(base, revision, dialect="oas31", components=components)
    assert rules(changes) == {"request-property-max-length-decreased": B}


def test_oas31_one_of_null_branch(case):
    response = case.diff(STR, {"oneOf": [STR, {"type": "null"}]}, Site.RESPONSE_BODY,
                         dialect="oas31")
    assert rules(response) == {"response-body-became-nullable": B}


def test_oas31_numeric_exclusive_bounds(case):
    changes = case.diff({"type": "number", "exclusiveMaximum": 10},
                        {"type": "number", "exclusiveMaximum": 5}, dialect="oas31")
    assert [c.message for c in changes] == [
        "request body maximum decreased from 10 (exclusive) to 5 (exclusive)"
    ]
    assert changes[0].location.pointer.endswith("/exclusiveMaximum")


def test_oas31_const_changed(case):
    request, response = case.both({**STR, "const": "a"}, {**STR, "const": "b"}, dialect="oas31")
    assert rules(request) == {"request-body-enum-value-removed": B,
                              "request-body-enum-value-added": S}
    assert rules(response) == {"response-body-enum-value-removed": S,
                               "response-body-enum-value-added": D}
    assert {c.message for c in request} == {"request body const value 'a' removed",
                                            "request body const value 'b' added"}


def test_oas31_prefix_items_recurse(case):
    base = {"type": "array", "prefixItems": [STR, {"type": "integer", "maximum": 10}]}
    revision = {"type": "array", "prefixItems": [STR, {"type": "integer", "maximum": 5}]}
    changes = case.diff(base, revision, dialect="oas31")
    assert [(c.rule, c.message) for c in changes] == [
        ("request-body-max-decreased", "request body '[1]' maximum decreased from 10 to 5")
    ]


def test_oas31_boolean_schemas(case):
    base = {"type": "object", "additionalProperties": False}
    revision = {"type": "object", "additionalProperties": True}
    response = case.diff(base, revision, Site.RESPONSE_BODY, dialect="oas31")
    assert rules(response) == {"response-body-additional-properties-opened": D}


def test_null_in_enum_goes_with_nullability(case):
    base = {**STR, "enum": ["a", "b"], "nullable": True}
    revision = {**STR, "enum": ["a", "b", None], "nullable": True}
    assert case.both(base, revision) == ([], [])


def test_enum_makes_bound_changes_moot(case):
    # Stripe: `maxLength: 5000` replaced by an enum of short values
    base = {**STR, "maxLength": 5000}
    revision = {**STR, "enum": ["failed", "pending", "succeeded"]}
    response = case.diff(base, revision, Site.RESPONSE_BODY)
    assert rules(response) == {"response-body-enum-added": S}


def test_unknown_dialect_is_refused(case):
    differ, bws, *_ = case.pair({}, {})
    with pytest.raises(ValueError, match="dialect"):
        SchemaDiffer(bws, bws, CATALOG, "oas32", "oas30")
    assert differ is not None
