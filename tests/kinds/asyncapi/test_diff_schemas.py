"""Every change the JSON Schema engine names, in both roles of a message.

For each concept a pair of payload schemas is diffed in an AsyncAPI document where one
message is sent and one received: the sent one must report ``sent-schema-<concept>`` at
the level the engine gives a revision that writes (a narrowing is safe, a widening
breaks old consumers), the received one ``received-schema-<concept>`` at the level it
gives a revision that reads (a narrowing breaks old producers, a widening is safe).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.core.change import Change, Direction, Level
from accord.kinds.asyncapi.schemas import DROPPED, RECEIVED, SENT
from accord.kinds.jsonschema.engine import SchemaComparer
from accord.kinds.jsonschema.rules import BY_NAME, CONCEPTS, level_of
from accord.kinds.protocol import DiffOptions
from tests.kinds.asyncapi.support import KIND

S: dict[str, Any] = {"type": "string"}
N: dict[str, Any] = {"type": "number"}
INT: dict[str, Any] = {"type": "integer"}
OBJ: dict[str, Any] = {"type": "object"}
ARR: dict[str, Any] = {"type": "array"}


def s(**kw: Any) -> dict[str, Any]:
    return {"type": "string", **kw}


def n(**kw: Any) -> dict[str, Any]:
    return {"type": "number", **kw}


def o(**kw: Any) -> dict[str, Any]:
    return {"type": "object", **kw}


def a(**kw: Any) -> dict[str, Any]:
    return {"type": "array", **kw}


Pair = tuple[Any, Any]
#: concept -> (base payload, revision payload)
CASES: dict[str, Pair] = {
    "type-narrowed": (N, INT),
    "type-widened": (INT, N),
    "type-changed": (S, N),
    "enum-value-removed": ({"enum": ["a", "b"]}, {"enum": ["a"]}),
    "enum-value-added": ({"enum": ["a"]}, {"enum": ["a", "b"]}),
    "enum-added": (S, s(enum=["a"])),
    "enum-removed": (s(enum=["a"]), S),
    "maximum-decreased": (n(maximum=10), n(maximum=5)),
    "maximum-increased": (n(maximum=5), n(maximum=10)),
    "minimum-increased": (n(minimum=0), n(minimum=5)),
    "minimum-decreased": (n(minimum=5), n(minimum=0)),
    "multiple-of-narrowed": (n(multipleOf=2), n(multipleOf=4)),
    "multiple-of-relaxed": (n(multipleOf=4), n(multipleOf=2)),
    "multiple-of-changed": (n(multipleOf=2), n(multipleOf=3)),
    "max-length-decreased": (s(maxLength=10), s(maxLength=5)),
    "max-length-increased": (s(maxLength=5), s(maxLength=10)),
    "min-length-increased": (s(minLength=1), s(minLength=5)),
    "min-length-decreased": (s(minLength=5), s(minLength=1)),
    "pattern-narrowed": (s(pattern="^[a-z]+$"), s(pattern="^[a-c]+$")),
    "pattern-relaxed": (s(pattern="^[a-c]+$"), s(pattern="^[a-z]+$")),
    "pattern-replaced": (s(pattern="^a+$"), s(pattern="^b+$")),
    "pattern-undecided": (s(pattern="^(a)\\1$"), s(pattern="^(b)\\1$")),
    "format-narrowed": (S, s(format="email")),
    "format-widened": (s(format="email"), S),
    "format-changed": (s(format="date-time"), s(format="date")),
    "content-narrowed": (S, s(contentEncoding="base64")),
    "content-relaxed": (s(contentEncoding="base64"), S),
    "max-items-decreased": (a(maxItems=5), a(maxItems=3)),
    "max-items-increased": (a(maxItems=3), a(maxItems=5)),
    "min-items-increased": (a(minItems=1), a(minItems=3)),
    "min-items-decreased": (a(minItems=3), a(minItems=1)),
    "unique-items-added": (ARR, a(uniqueItems=True)),
    "unique-items-removed": (a(uniqueItems=True), ARR),
    "contains-added": (ARR, a(contains={"const": 1})),
    "contains-removed": (a(contains={"const": 1}), ARR),
    "additional-items-closed": (a(items=[S]), a(items=[S], additionalItems=False)),
    "additional-items-opened": (a(items=[S], additionalItems=False), a(items=[S])),
    "property-added-to-open-model": (OBJ, o(properties={"a": S})),
    "property-added-not-covered": (o(additionalProperties=S),
                                   o(properties={"a": s(maxLength=3)}, additionalProperties=S)),
    "property-added": (o(additionalProperties=False),
                       o(properties={"a": S}, additionalProperties=False)),
    "property-removed-not-covered": (o(properties={"a": S}, additionalProperties=False),
                                     o(additionalProperties=False)),
    "property-removed": (o(properties={"a": S}), OBJ),
    "required-added": (o(properties={"a": S}), o(properties={"a": S}, required=["a"])),
    "required-removed": (o(properties={"a": S}, required=["a"]), o(properties={"a": S})),
    "additional-properties-closed": (OBJ, o(additionalProperties=False)),
    "additional-properties-opened": (o(additionalProperties=False), OBJ),
    "pattern-property-added-not-covered": (OBJ, o(patternProperties={"^x": S})),
    "pattern-property-added": (o(additionalProperties=False),
                               o(patternProperties={"^x": S}, additionalProperties=False)),
    "pattern-property-removed-not-covered": (
        o(patternProperties={"^x": S}, additionalProperties=False), o(additionalProperties=False)),
    "pattern-property-removed": (o(patternProperties={"^x": S}), OBJ),
    "min-properties-increased": (o(minProperties=1), o(minProperties=2)),
    "min-properties-decreased": (o(minProperties=2), o(minProperties=1)),
    "max-properties-decreased": (o(maxProperties=3), o(maxProperties=2)),
    "max-properties-increased": (o(maxProperties=2), o(maxProperties=3)),
    "property-names-added": (OBJ, o(propertyNames={"pattern": "^a"})),
    "property-names-removed": (o(propertyNames={"pattern": "^a"}), OBJ),
    "dependent-required-added": (OBJ, o(dependencies={"a": ["b"]})),
    "dependent-required-removed": (o(dependencies={"a": ["b"]}), OBJ),
    "dependent-schema-added": (OBJ, o(dependencies={"a": {"required": ["b"]}})),
    "dependent-schema-removed": (o(dependencies={"a": {"required": ["b"]}}), OBJ),
    "alternative-removed": ({"anyOf": [S, N]}, {"anyOf": [S]}),
    "alternative-added": ({"anyOf": [S]}, {"anyOf": [S, N]}),
    "one-of-ambiguous": ({"oneOf": [S, N]}, {"oneOf": [S, {"type": ["string", "number"]}]}),
    "one-of-overlap": ({"oneOf": [s(maxLength=3), s(pattern="^(q)\\1")]},
                       {"oneOf": [s(maxLength=3), s(pattern="^(r)\\1")]}),
    "not-extended": ({"not": {"const": "a"}}, {"not": {"enum": ["a", "b"]}}),
    "not-reduced": ({"not": {"enum": ["a", "b"]}}, {"not": {"const": "a"}}),
    "conditional-changed": (OBJ, o(**{"if": {"properties": {"a": {"const": 1}}, "required": ["a"]},
                                      "then": {"required": ["b"]}})),
    "schema-forbidden": (o(properties={"a": S}), o(properties={"a": False})),
    "schema-allowed": (o(properties={"a": False}), o(properties={"a": S})),
    "default-changed": (s(default="a"), s(default="b")),
    "deprecated": (S, s(deprecated=True)),
    "undeprecated": (s(deprecated=True), S),
    "read-only-changed": (S, s(readOnly=True)),
    "id-changed": ({"$id": "urn:a", "type": "string"}, {"$id": "urn:b", "type": "string"}),
}
#: Concepts whose sent role is shown by another pair (the engine names the change
#: from the writer's side): the reverse of the received case.
SENT_CASES: dict[str, Pair] = {
    "one-of-ambiguous": (CASES["one-of-ambiguous"][1], CASES["one-of-ambiguous"][0]),
    "conditional-changed": (CASES["conditional-changed"][1], CASES["conditional-changed"][0]),
}
#: Shown by their own tests below.
ELSEWHERE = {"draft-changed", "undecided"}


def _document(payload: Any) -> dict[str, Any]:
    return {
        "asyncapi": "3.0.0", "info": {"title": "Schemas", "version": "1.0.0"},
        "channels": {"out": {"address": "out", "messages": {"m": {"payload": payload}}},
                     "in": {"address": "in", "messages": {"m": {"payload": payload}}}},
        "operations": {"send": {"action": "send", "channel": {"$ref": "#/channels/out"}},
                       "receive": {"action": "receive",
                                   "channel": {"$ref": "#/channels/in"}}},
    }


def _diff(tmp_path: Path, base: Any, rev: Any) -> list[Change]:
    old, new = tmp_path / "base.yaml", tmp_path / "rev.yaml"
    old.write_text(yaml.safe_dump(_document(base)), encoding="utf-8")
    new.write_text(yaml.safe_dump(_document(rev)), encoding="utf-8")
    return KIND.diff(KIND.load(old), KIND.load(new), DiffOptions())


def test_the_table_covers_every_concept() -> None:
    assert set(CASES) | ELSEWHERE | DROPPED == {c.name for c in CONCEPTS}


@pytest.mark.parametrize("concept", sorted(CASES))
def test_each_concept_in_each_role(tmp_path: Path, concept: str) -> None:
    for scope, pair, operation in ((SENT, SENT_CASES.get(concept, CASES[concept]), "send out"),
                                   (RECEIVED, CASES[concept], "receive in")):
        changes = _diff(tmp_path, *pair)
        rule = scope.rule_id(concept)
        found = [c for c in changes if c.rule == rule]
        assert found, f"{rule}: {[c.rule for c in changes]}"
        expected = level_of(BY_NAME[concept], scope)
        # A violation the engine is not certain of is dangerous instead of breaking.
        assert found[0].level in ({expected, Level.DANGEROUS} if expected is Level.BREAKING
                                  else {expected}), found[0]
        assert found[0].direction is scope.direction and found[0].operation == operation


def test_the_roles_mirror_each_other(tmp_path: Path) -> None:
    """A widening breaks what the application sends and is safe for what it receives;
    a narrowing the other way round."""
    widened = {c.rule: c.level for c in _diff(tmp_path, *CASES["maximum-increased"])}
    assert widened == {"sent-schema-maximum-increased": Level.BREAKING,
                       "received-schema-maximum-increased": Level.SAFE}
    narrowed = {c.rule: c.level for c in _diff(tmp_path, *CASES["maximum-decreased"])}
    assert narrowed == {"sent-schema-maximum-decreased": Level.SAFE,
                        "received-schema-maximum-decreased": Level.BREAKING}


def test_a_schema_file_that_changes_its_draft(tmp_path: Path) -> None:
    drafts = {"base": "http://json-schema.org/draft-07/schema#",
              "rev": "https://json-schema.org/draft/2020-12/schema"}
    paths = {}
    for side, draft in drafts.items():
        (tmp_path / side).mkdir()
        (tmp_path / side / "order.json").write_text(json.dumps(
            {"$schema": draft, "type": "object", "properties": {"id": S}}), encoding="utf-8")
        paths[side] = tmp_path / side / "api.yaml"
        paths[side].write_text(yaml.safe_dump(_document({"$ref": "order.json"})),
                               encoding="utf-8")
    changes = KIND.diff(KIND.load(paths["base"]), KIND.load(paths["rev"]), DiffOptions())
    assert sorted((c.rule, c.level) for c in changes) == [
        ("received-schema-draft-changed", Level.SAFE), ("sent-schema-draft-changed", Level.SAFE)]
    assert all(c.location.file == str(tmp_path / "rev" / "order.json") for c in changes)


def test_a_schema_too_deep_for_the_engine_is_undecided(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def too_deep(self: SchemaComparer, *args: Any, **kwargs: Any) -> list[Change]:
        raise RecursionError

    monkeypatch.setattr(SchemaComparer, "compare", too_deep)
    changes = _diff(tmp_path, *CASES["type-widened"])
    assert sorted((c.rule, c.level, c.direction) for c in changes) == [
        ("received-schema-undecided", Level.DANGEROUS, Direction.REQUEST),
        ("sent-schema-undecided", Level.DANGEROUS, Direction.RESPONSE)]
    assert changes[0].message == "'m payload': the schemas are nested too deeply to compare"


def test_titles_and_descriptions_are_not_changes(tmp_path: Path) -> None:
    assert _diff(tmp_path, s(title="Id"), s(title="Identifier", description="x")) == []
    with_type = _diff(tmp_path, s(title="Id"), n(title="Number"))
    assert sorted(c.rule for c in with_type) == ["received-schema-type-changed",
                                                 "sent-schema-type-changed"]
