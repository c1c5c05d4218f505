"""Labelled compatibility cases, decided from the Avro specification's resolution rules.

Each row: a base, a revision, and which checks pass: ``both`` (the revision reads
data written with the base, and the base reads the revision's: FULL), ``backward``
(only the revision reads the base's data: BACKWARD passes, FORWARD fails),
``forward``, or ``none``. The reason is in the row's id; the rules listed are what the
BACKWARD diff must report, at that level.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.kinds.avro.support import B, D, S, Schemas, enum, field, record, rules

ID = field("id", "string")

# (id, base, revision, verdict, {rule: level} the backward diff must include)
CASES: list[tuple[str, Any, Any, str, dict[str, Any]]] = [
    ("no-change", record(ID), record(ID), "both", {}),
    # A new reader fills a new field from its default; an old reader skips it.
    ("field-added-with-default", record(ID), record(ID, field("n", "int", default=0)),
     "both", {"avro-field-added": S}),
    # A new reader has no value for a field old data lacks.
    ("field-added-without-default", record(ID), record(ID, field("n", "int")), "forward",
     {"avro-field-default-missing": B}),
    # The new reader skips it; an old reader without a default cannot fill it.
    ("field-removed-without-default", record(ID, field("n", "int")), record(ID), "backward",
     {"avro-field-removed": S}),
    ("field-removed-with-default", record(ID, field("n", "int", default=0)), record(ID),
     "both", {"avro-field-removed": S}),
    # int is promoted to long; a long is not read as an int.
    ("int-to-long", record(field("n", "int")), record(field("n", "long")), "backward",
     {"avro-type-promoted": S}),
    ("long-to-int", record(field("n", "long")), record(field("n", "int")), "forward",
     {"avro-type-changed": B}),
    ("int-to-double", record(field("n", "int")), record(field("n", "double")), "backward",
     {"avro-type-promoted": S}),
    ("float-to-double", record(field("n", "float")), record(field("n", "double")),
     "backward", {"avro-type-promoted": S}),
    ("string-to-bytes", record(field("n", "string")), record(field("n", "bytes")), "both",
     {"avro-type-promoted": S}),
    ("string-to-int", record(field("n", "string")), record(field("n", "int")), "none",
     {"avro-type-changed": B}),
    # The new reader knows the new symbol; an old reader does not.
    ("enum-symbol-added", record(field("s", enum("A"))), record(field("s", enum("A", "B"))),
     "backward", {"avro-enum-symbol-added": S}),
    ("enum-symbol-removed", record(field("s", enum("A", "B"))), record(field("s", enum("A"))),
     "forward", {"avro-enum-symbol-unknown": B}),
    # An enum default resolves unknown symbols for the reader that has it.
    ("enum-symbol-added-with-defaults", record(field("s", enum("A", "Z", default="Z"))),
     record(field("s", enum("A", "Z", "B", default="Z"))), "both",
     {"avro-enum-symbol-added": S}),
    ("enum-symbol-removed-with-defaults", record(field("s", enum("A", "B", "Z", default="Z"))),
     record(field("s", enum("A", "Z", default="Z"))), "both",
     {"avro-enum-symbol-removed": S}),
    ("nullable-added", record(field("s", "string")), record(field("s", ["null", "string"])),
     "backward", {"avro-union-branch-added": S}),
    ("nullable-removed", record(field("s", ["null", "string"])), record(field("s", "string")),
     "forward", {"avro-union-branch-unknown": B}),
    ("union-branch-added", record(field("s", ["null", "string"])),
     record(field("s", ["null", "string", "int"])), "backward",
     {"avro-union-branch-added": S}),
    ("union-branch-removed", record(field("s", ["null", "string", "int"])),
     record(field("s", ["null", "string"])), "forward", {"avro-union-branch-unknown": B}),
    # The reader's long branch reads what the base wrote as int.
    ("union-branch-removed-but-promoted", record(field("n", ["null", "int", "long"])),
     record(field("n", ["null", "long"])), "both", {"avro-union-branch-removed": S}),
    # The named type's full name must match, or be among the reader's aliases.
    ("record-renamed", record(ID), record(ID, name="Purchase"), "none",
     {"avro-name-changed": B}),
    ("record-renamed-with-alias", record(ID), record(ID, name="Purchase",
                                                      aliases=["shop.Order"]),
     "backward", {"avro-alias-added": S}),
    ("field-renamed-with-alias", record(ID), record(field("key", "string", aliases=["id"])),
     "backward", {"avro-alias-added": S}),
    ("fixed-resized", record(field("h", {"type": "fixed", "name": "H", "size": 16})),
     record(field("h", {"type": "fixed", "name": "H", "size": 32})), "none",
     {"avro-fixed-size-changed": B}),
    ("array-items-promoted", record(field("a", {"type": "array", "items": "int"})),
     record(field("a", {"type": "array", "items": "long"})), "backward",
     {"avro-type-promoted": S}),
    ("map-values-changed", record(field("m", {"type": "map", "values": "string"})),
     record(field("m", {"type": "map", "values": "boolean"})), "none",
     {"avro-type-changed": B}),
    ("default-changed", record(field("n", "int", default=1)),
     record(field("n", "int", default=2)), "both", {"avro-default-changed": D}),
    ("default-added", record(field("n", "int")), record(field("n", "int", default=0)),
     "both", {"avro-default-added": S}),
    ("doc-changed", record(ID), record(field("id", "string", doc="The order id."),
                                       doc="An order."), "both", {"avro-doc-changed": S}),
    ("nested-record-field-added", record(field("c", record(ID, name="C"))),
     record(field("c", record(ID, field("vip", "boolean"), name="C"))), "forward",
     {"avro-field-default-missing": B}),
    # A recursive type compares once per pair of types.
    ("recursive-list", record(field("next", ["null", "Node"]), name="Node"),
     record(field("next", ["null", "Node"]), field("v", "int", default=0), name="Node"),
     "both", {"avro-field-added": S}),
]


@pytest.fixture
def schemas(tmp_path):
    return Schemas(tmp_path)


@pytest.mark.parametrize("row", CASES, ids=[c[0] for c in CASES])
def test_compatibility_verdict(schemas, row):
    _id, base, revision, verdict, expected = row
    assert schemas.verdict(base, revision) == verdict
    found = rules(schemas.diff(base, revision))
    for rule_id, level in expected.items():
        assert rule_id in found, found
        assert found[rule_id] is level, found


def test_every_change_rule_is_exercised():
    from accord.kinds.avro.rules import CATALOG

    seen = {r for row in CASES for r in row[4]}
    assert {r.id for r in CATALOG} - seen == set()
