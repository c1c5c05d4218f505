"""Where the strict policy follows schema registries rather than the exact instance
sets, and the lenient policy keeps the sets (docs/jsonschema.md, "Against schema
registries").

Each row: a base, a revision, the strict verdict, the lenient verdict (``both``,
``backward``, ``forward``, ``none``: which checks pass) and the rules the strict
BACKWARD or FORWARD diff must report. Every strict verdict only adds failures to
the set verdict: a schema a registry reads more narrowly than a validator is read
that way for the reader alone, never for the writer.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.kinds.jsonschema.support import B, D, S, Schemas, breaking, rules

D7 = "http://json-schema.org/draft-07/schema#"
D2020 = "https://json-schema.org/draft/2020-12/schema"
STR = {"type": "string"}


def text(pattern: str) -> Any:
    return {"type": "string", "pattern": pattern}


# (id, base, revision, strict, lenient, {rule: level} in the strict diffs)
ROWS: list[tuple[str, Any, Any, str, str, dict[str, Any]]] = [
    # Unanchored, [0-9]* matches every string ("" somewhere); anchored, it allows
    # digits only: a reader that adds it rejects "x", one that drops it accepts all.
    ("universal-pattern-added", STR, text("[0-9]*"), "forward", "both",
     {"jsonschema-pattern-narrowed": B}),
    # Writers are read exactly: [0-9]* writes "g", which ^[0-9a-f]*$ rejects; and
    # [0-9a-f]* writes "g" too, which ^[0-9]*$ rejects.
    ("universal-pattern-widened", text("[0-9]*"), text("[0-9a-f]*"), "none", "both",
     {"jsonschema-pattern-narrowed": B}),
    ("universal-patterns-swapped", text("x*"), text("y*"), "none", "both",
     {"jsonschema-pattern-replaced": B}),
    # `.*` anchored still accepts every line: nothing to read into it.
    ("dot-star-means-anything", STR, text(".*"), "both", "both", {}),
    # An anchored pattern already says what it means.
    ("anchored-pattern-unchanged-rules", STR, text("^[0-9]*$"), "forward", "forward",
     {"jsonschema-pattern-narrowed": B}),
    # Property names are searched, as registries check them: a* accepts every name.
    ("universal-property-names-pattern", {"type": "object"},
     {"type": "object", "propertyNames": {"pattern": "a*"}}, "both", "both", {}),
    # additionalItems without a tuple `items`: validators ignore it; strict holds a
    # reader to it for every item ([1] is rejected by additionalItems: false).
    ("loose-additional-items-closed", {"$schema": D7, "type": "array"},
     {"$schema": D7, "type": "array", "additionalItems": False}, "forward", "both",
     {"jsonschema-additional-items-closed": B}),
    ("loose-additional-items-typed", {"$schema": D7, "type": "array", "items": STR},
     {"$schema": D7, "type": "array", "items": STR, "additionalItems": {"type": "integer"}},
     "both", "both", {}),
    ("loose-additional-items-changed", {"$schema": D7, "additionalItems": STR},
     {"$schema": D7, "additionalItems": {"type": "integer"}}, "none", "both",
     {"jsonschema-type-narrowed": B}),
    # 2020-12 has no additionalItems keyword: an unknown word, ignored by both.
    ("additional-items-unknown-in-2020", {"$schema": D2020, "type": "array"},
     {"$schema": D2020, "type": "array", "additionalItems": False}, "both", "both", {}),
    # An object with `code` can never be an integer: as sets, both sides forbid the
    # trigger; strict compares the dependent schemas as written.
    ("dependent-schema-for-the-trigger-value",
     {"$schema": D2020, "dependentSchemas": {"code": {"type": "integer"}}},
     {"$schema": D2020, "dependentSchemas": {"code": {"type": "string"}}}, "none", "both",
     {"jsonschema-type-changed": B}),
    ("dependent-schema-for-the-trigger-value-widened",
     {"$schema": D2020, "dependentSchemas": {"code": {"type": "integer"}}},
     {"$schema": D2020, "dependentSchemas": {"code": {"type": "number"}}}, "backward", "both",
     {"jsonschema-type-narrowed": B}),
]


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_strict_follows_registries_and_lenient_the_sets(tmp_path, row):
    _id, base, revision, strict_verdict, lenient_verdict, expected = row
    strict, lenient = Schemas(tmp_path), Schemas(tmp_path, policy="lenient")
    assert strict.verdict(base, revision) == strict_verdict
    assert lenient.verdict(base, revision) == lenient_verdict
    found = rules(strict.diff(base, revision)) | rules(strict.diff(revision, base))
    for rule_id, level in expected.items():
        assert found.get(rule_id) == level, found


def test_the_anchored_reading_is_said_in_the_message(tmp_path):
    changes = breaking(Schemas(tmp_path).diff(STR, text("[a-z]*")))
    assert len(changes) == 1
    assert "read as ^(?:[a-z]*)$" in changes[0].message
    assert '"0" no longer accepted' in changes[0].message


def test_the_negation_of_everything_accepts_nothing(tmp_path):
    """`not: {}` and `not: true` reject every value, like `false` (set semantics)."""
    schemas = Schemas(tmp_path)
    for nothing in ({"not": {}}, {"not": True}):
        assert schemas.verdict({"type": "object"}, nothing) == "forward"
        assert rules(schemas.diff({"type": "object"}, nothing)) == {
            "jsonschema-schema-forbidden": B}
        assert schemas.verdict(nothing, {"type": "string"}) == "backward"
        assert schemas.verdict(nothing, False) == "both"
    assert rules(schemas.diff({"not": {}}, {"type": "string"})) == {
        "jsonschema-schema-allowed": S}


def test_a_default_makes_a_newly_required_property_dangerous(tmp_path):
    """Old objects lack `b`: a reader filling in its default reads them, one that
    validates first does not; registries count it compatible."""
    base = {"type": "object", "properties": {"a": {"type": "integer"}},
            "additionalProperties": False}
    with_default = {"type": "object", "additionalProperties": False, "required": ["b"],
                    "properties": {"a": {"type": "integer"},
                                   "b": {"type": "integer", "default": 0}}}
    without = {**with_default, "properties": {"a": {"type": "integer"},
                                              "b": {"type": "integer"}}}
    for policy in ("strict", "lenient"):
        schemas = Schemas(tmp_path, policy=policy)
        changes = schemas.diff(base, with_default)
        assert rules(changes)["jsonschema-required-added"] is D
        assert "the reader gives it a default" in next(
            c.message for c in changes if c.rule == "jsonschema-required-added")
        assert schemas.verdict(base, with_default) == "backward"
        assert rules(schemas.diff(base, without))["jsonschema-required-added"] is B
        assert schemas.verdict(base, without) == "none"
