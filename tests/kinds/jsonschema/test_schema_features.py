"""Annotations, references across files and by ``$id``, recursive schemas, drafts,
the lenient policy, and where changes are located."""

from __future__ import annotations

import json

import pytest

from accord.core.change import Level
from accord.kinds.jsonschema import JsonSchemaKind
from accord.kinds.jsonschema.engine import MAX_DEPTH
from tests.kinds.jsonschema.support import OPTIONS, B, D, S, Schemas, breaking, rules

D7 = "http://json-schema.org/draft-07/schema#"
D2019 = "https://json-schema.org/draft/2019-09/schema"
D2020 = "https://json-schema.org/draft/2020-12/schema"
STR = {"type": "string"}


@pytest.fixture
def schemas(tmp_path):
    return Schemas(tmp_path)


# --- annotations ------------------------------------------------------------------------

NOTES = [
    ("title", {"title": "Order"}, {"title": "Purchase order"}, "jsonschema-title-changed", S),
    ("description", {"description": "x"}, {"description": "y"},
     "jsonschema-description-changed", S),
    ("default", {"type": "integer", "default": 1}, {"type": "integer", "default": 2},
     "jsonschema-default-changed", D),
    ("default-added", {"type": "integer"}, {"type": "integer", "default": 0},
     "jsonschema-default-changed", D),
    ("deprecated", {"type": "string"}, {"type": "string", "deprecated": True},
     "jsonschema-deprecated", S),
    ("undeprecated", {"type": "string", "deprecated": True}, {"type": "string"},
     "jsonschema-undeprecated", S),
    ("read-only", {"type": "string"}, {"type": "string", "readOnly": True},
     "jsonschema-read-only-changed", S),
    ("id", {"$id": "https://example.com/a"}, {"$id": "https://example.com/b"},
     "jsonschema-id-changed", S),
    ("draft", {"$schema": D7, "type": "string"}, {"$schema": D2020, "type": "string"},
     "jsonschema-draft-changed", S),
]


@pytest.mark.parametrize("row", NOTES, ids=[r[0] for r in NOTES])
def test_annotations_are_reported_at_their_level(schemas, row):
    _name, base, revision, rule, level = row
    changes = schemas.diff(base, revision)
    assert rules(changes) == {rule: level}
    assert schemas.verdict(base, revision) == "both"


def test_annotation_of_a_property_is_located_at_its_keyword(schemas):
    base = {"type": "object", "properties": {"sku": {"type": "string", "description": "a"}}}
    revision = {"type": "object", "properties": {"sku": {"type": "string", "description": "b"}}}
    [change] = schemas.diff(base, revision)
    assert change.location.pointer == "/properties/sku/description"
    assert change.message.startswith("'sku': description changed from \"a\" to \"b\"")


# --- locations --------------------------------------------------------------------------


def test_changes_point_at_the_revision_and_removals_at_the_base(schemas, tmp_path):
    base = schemas.write({"type": "object", "properties": {
        "sku": {"type": "string", "maxLength": 10}, "old": {"type": "string"}},
        "additionalProperties": False}, "base.json")
    revision = schemas.write({"type": "object", "properties": {
        "sku": {"type": "string", "maxLength": 5}}, "additionalProperties": False}, "rev.json")
    by_rule = {c.rule: c for c in schemas.diff(base, revision)}
    lowered = by_rule["jsonschema-max-length-decreased"].location
    assert lowered.file == str(revision) and lowered.pointer == "/properties/sku/maxLength"
    line = revision.read_text().splitlines()[lowered.line - 1]
    assert '"maxLength": 5' in line
    removed = by_rule["jsonschema-property-removed-not-covered"].location
    assert removed.file == str(base) and removed.pointer == "/properties/old"


def test_paths_restart_at_a_referenced_definition(schemas):
    address = {"type": "object", "properties": {"city": {"type": "string", "maxLength": 9}}}
    base = {"$defs": {"Address": address}, "type": "object",
            "properties": {"home": {"$ref": "#/$defs/Address"}}}
    revision = json.loads(json.dumps(base))
    revision["$defs"]["Address"]["properties"]["city"]["maxLength"] = 5
    [change] = schemas.diff(base, revision)
    assert change.message.startswith("'Address.city': maxLength changed from 9 to 5")
    assert change.location.pointer == "/$defs/Address/properties/city/maxLength"


# --- references -------------------------------------------------------------------------


def test_relative_file_references_are_followed(schemas, tmp_path):
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    schemas.write({"type": "string", "maxLength": 20}, "v1/common/name.json")
    schemas.write({"type": "string", "maxLength": 10}, "v2/common/name.json")
    doc = {"type": "object", "properties": {"name": {"$ref": "common/name.json"}}}
    base = schemas.write(doc, "v1/order.json")
    revision = schemas.write(doc, "v2/order.json")
    [change] = schemas.diff(base, revision)
    assert change.rule == "jsonschema-max-length-decreased"
    assert change.location.file.endswith("common/name.json")


def test_references_by_id_and_anchor_resolve_locally(schemas):
    base = {"$schema": D2020, "$id": "https://example.com/order",
            "$defs": {"money": {"$id": "money", "type": "number", "minimum": 0},
                      "code": {"$anchor": "code", "type": "string", "pattern": "^[A-Z]{3}$"}},
            "type": "object",
            "properties": {"amount": {"$ref": "money"},
                           "currency": {"$ref": "https://example.com/order#code"}}}
    revision = json.loads(json.dumps(base))
    revision["$defs"]["money"]["minimum"] = 1
    revision["$defs"]["code"]["pattern"] = "^[A-Z]{2}$"
    found = rules(schemas.diff(base, revision))
    assert found == {"jsonschema-minimum-increased": B, "jsonschema-pattern-replaced": B}


def test_draft7_id_anchor_and_sibling_keywords(schemas):
    base = {"$schema": D7, "definitions": {"s": {"$id": "#short", "type": "string"}},
            "$ref": "#short", "maxLength": 1}
    revision = {"$schema": D7, "definitions": {"s": {"$id": "#short", "type": "string",
                                                     "maxLength": 40}},
                "$ref": "#short"}
    # Before 2019-09 the maxLength next to $ref is ignored: the base has no limit.
    assert rules(schemas.diff(base, revision)) == {"jsonschema-max-length-decreased": B}


def test_ref_siblings_apply_from_2019(schemas):
    base = {"$schema": D2019, "$defs": {"s": STR}, "$ref": "#/$defs/s", "maxLength": 50}
    revision = {"$schema": D2019, "$defs": {"s": STR}, "$ref": "#/$defs/s", "maxLength": 20}
    assert rules(schemas.diff(base, revision)) == {"jsonschema-max-length-decreased": B}


def test_recursive_schemas_terminate_and_compare(schemas):
    def tree(limit: int) -> dict:
        return {"$defs": {"node": {"type": "object", "properties": {
            "name": {"type": "string", "maxLength": limit},
            "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}},
            "$ref": "#/$defs/node"}

    assert schemas.diff(tree(10), tree(10)) == []
    changes = schemas.diff(tree(10), tree(5))
    assert [c.rule for c in changes] == ["jsonschema-max-length-decreased"]
    assert schemas.verdict(tree(10), tree(20)) == "backward"


def test_mutually_recursive_definitions_with_cross_file_cycle(schemas, tmp_path):
    schemas.write({"type": "object", "properties": {"a": {"$ref": "b.json"},
                                                    "v": {"type": "integer"}}}, "x/a.json")
    schemas.write({"type": "object", "properties": {"b": {"$ref": "a.json"}}}, "x/b.json")
    schemas.write({"type": "object", "properties": {"a": {"$ref": "b.json"},
                                                    "v": {"type": "number"}}}, "y/a.json")
    schemas.write({"type": "object", "properties": {"b": {"$ref": "a.json"}}}, "y/b.json")
    assert schemas.verdict(tmp_path / "x/a.json", tmp_path / "y/a.json") == "backward"


def test_deeper_than_the_limit_is_undecided(schemas):
    def nested(depth: int, leaf: dict) -> dict:
        schema = leaf
        for _ in range(depth):
            schema = {"type": "array", "items": schema}
        return schema

    changes = schemas.diff(nested(MAX_DEPTH + 5, {"type": "integer"}),
                           nested(MAX_DEPTH + 5, {"type": "string"}))
    assert rules(changes) == {"jsonschema-undecided": D}


# --- drafts -------------------------------------------------------------------------------


def test_draft4_tuples_and_draft2020_prefix_items_mean_the_same(schemas):
    old = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "array",
           "items": [STR], "additionalItems": False}
    new = {"$schema": D2020, "type": "array", "prefixItems": [STR], "items": False}
    assert schemas.verdict(old, new) == "both"


def test_the_draft_option_overrides_the_declared_one(tmp_path):
    schemas = Schemas(tmp_path)
    base = schemas.write({"$schema": D2020, "$defs": {"s": STR}, "$ref": "#/$defs/s",
                          "maxLength": 5})
    revision = schemas.write({"$schema": D2020, "$defs": {"s": STR}, "$ref": "#/$defs/s"})
    normal = JsonSchemaKind()
    assert breaking(normal.diff(normal.load(revision), normal.load(base), OPTIONS))
    as_draft7 = JsonSchemaKind(draft="7")
    assert as_draft7.load(base).model.draft.value == "draft-07"
    # Read as draft 7, the maxLength beside $ref is ignored: nothing differs.
    assert as_draft7.diff(as_draft7.load(revision), as_draft7.load(base), OPTIONS) == []


# --- policy -------------------------------------------------------------------------------


def test_lenient_policy_lets_open_models_gain_properties(tmp_path):
    strict, lenient = Schemas(tmp_path), Schemas(tmp_path, policy="lenient")
    base = {"type": "object", "properties": {"id": STR}}
    revision = {"type": "object", "properties": {"id": STR, "note": STR}}
    assert rules(strict.diff(base, revision)) == {
        "jsonschema-property-added-to-open-model": B}
    assert rules(lenient.diff(base, revision)) == {"jsonschema-property-added": S}
    closed = {**revision, "additionalProperties": False}
    assert lenient.verdict(base, closed) == "both"
    assert strict.verdict(base, closed) == "forward"


def test_lenient_policy_keeps_explicit_additional_schemas(tmp_path):
    lenient = Schemas(tmp_path, policy="lenient")
    base = {"type": "object", "properties": {"id": STR}, "additionalProperties": STR}
    revision = {"type": "object", "properties": {"id": STR, "n": {"type": "integer"}},
                "additionalProperties": STR}
    assert rules(lenient.diff(base, revision)) == {
        "jsonschema-property-added-not-covered": B}


def test_policy_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_JSONSCHEMA_POLICY", "lenient")
    assert JsonSchemaKind().policy == "lenient"
    monkeypatch.setenv("ACCORD_JSONSCHEMA_POLICY", "loose")
    with pytest.raises(Exception, match="unknown JSON Schema policy"):
        _ = JsonSchemaKind().policy


def test_every_violation_is_breaking_or_uncertain(schemas):
    changes = schemas.diff({"type": "object", "properties": {"a": STR}},
                           {"type": "object", "properties": {"a": {"type": "integer"}},
                            "required": ["a"]})
    assert {c.level for c in changes} == {Level.BREAKING}
