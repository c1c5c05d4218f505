"""The avro kind's lint rules, each on a schema that breaks it and one that keeps it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.core import Finding
from accord.lint import STRICT, LintRun, lint
from tests.kinds.avro.support import KIND, field, record


def findings(tmp_path: Path, schema: Any, rule: str) -> list[Finding]:
    path = tmp_path / "s.avsc"
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    report = lint(KIND.load(path), KIND.lint_rules(), LintRun(ruleset=STRICT))
    return [f for f in report.findings if f.rule == rule]


def test_namespace(tmp_path):
    bare = {"type": "record", "name": "Order", "fields": [
        field("s", {"type": "enum", "name": "State", "symbols": ["A"]}, doc="d", default="A")]}
    found = findings(tmp_path, bare, "avro-namespace")
    assert sorted(f.message for f in found) == ["the enum 'State' has no namespace",
                                                "the record 'Order' has no namespace"]
    # A nested type takes the enclosing type's namespace.
    assert findings(tmp_path, record(field("s", {"type": "enum", "name": "State",
                                                 "symbols": ["A"]})), "avro-namespace") == []
    assert findings(tmp_path, {**bare, "name": "shop.Order"}, "avro-namespace") == []


def test_field_doc(tmp_path):
    found = findings(tmp_path, record(field("id", "string"), field("n", "int", doc="units")),
                     "avro-field-doc")
    assert [f.message for f in found] == ["field 'shop.Order.id' has no doc"]
    assert found[0].location.pointer == "/fields/0"


def test_field_default(tmp_path):
    found = findings(tmp_path, record(field("id", "string"),
                                      field("n", ["null", "int"], default=None)),
                     "avro-field-default")
    assert [f.message for f in found] == ["field 'shop.Order.id' has no default"]


@pytest.mark.parametrize(("kind", "message"), [
    (["string", "null"], "field 'shop.Order.n' has a null default, but its union's first "
                         "branch is string"),
    ("string", "field 'shop.Order.n' has a null default, but its type is string"),
    ({"type": "array", "items": "int"}, "field 'shop.Order.n' has a null default, but its "
                                        "type is array"),
])
def test_null_default_first(tmp_path, kind, message):
    found = findings(tmp_path, record(field("n", kind, default=None)),
                     "avro-null-default-first")
    assert [f.message for f in found] == [message]
    assert found[0].location.pointer == "/fields/0/default"


@pytest.mark.parametrize("kind", [["null", "string"], "null", [{"type": "null"}, "int"]])
def test_null_default_first_kept(tmp_path, kind):
    assert findings(tmp_path, record(field("n", kind, default=None)),
                    "avro-null-default-first") == []
