"""The engine's API as a sibling kind uses it: schemas inside other documents,
references through a plain workspace, both roles, operations and labels."""

from __future__ import annotations

import json

from accord.core.change import Direction, Level
from accord.kinds.jsonschema.drafts import Draft
from accord.kinds.jsonschema.engine import CompareContext, SchemaComparer, compare_schemas
from accord.kinds.jsonschema.rules import CONCEPTS, STANDALONE, Scope, catalog_for
from accord.kinds.jsonschema.shape import Side
from accord.source import Workspace

SENT = Scope("sent-schema", writer="revision", direction=Direction.RESPONSE)


def _doc(tmp_path, name, payload):
    path = tmp_path / name
    path.write_text(json.dumps({"components": {"schemas": {"Money": {
        "type": "number", "maximum": payload}}}, "message": {"payload": {
            "type": "object", "properties": {"amount": {
                "$ref": "#/components/schemas/Money"}}}}}), encoding="utf-8")
    workspace = Workspace()
    doc = workspace.load(path)
    return workspace, workspace.root(doc).child("message", "payload")


def _context(tmp_path, base_max, rev_max, scope=STANDALONE):
    ws_a, a = _doc(tmp_path, "a.json", base_max)
    ws_b, b = _doc(tmp_path, "b.json", rev_max)
    context = CompareContext(Side(ws_a.deref, lambda _doc: Draft.DRAFT7),
                             Side(ws_b.deref, lambda _doc: Draft.DRAFT7), scope=scope)
    return context, a, b


def test_a_reader_scope_breaks_on_narrowing(tmp_path):
    context, a, b = _context(tmp_path, 100, 50)
    [change] = compare_schemas(a, b, context=context)
    assert change.rule == "jsonschema-maximum-decreased"
    assert change.level is Level.BREAKING
    assert change.message.startswith("'Money': maximum changed from 100 to 50")
    assert change.location.pointer == "/components/schemas/Money/maximum"


def test_a_writer_scope_breaks_on_widening_and_names_changes_the_same_way(tmp_path):
    context, a, b = _context(tmp_path, 50, 100, SENT)
    comparer = SchemaComparer(context)
    [change] = comparer.compare(a, b, operation="send OrderPlaced", label="payload")
    assert change.rule == "sent-schema-maximum-increased"
    assert change.level is Level.BREAKING and change.direction is Direction.RESPONSE
    assert change.operation == "send OrderPlaced"
    assert change.location.file.endswith("b.json")
    context, a, b = _context(tmp_path, 100, 50, SENT)
    [narrowed] = SchemaComparer(context).compare(a, b)
    assert narrowed.rule == "sent-schema-maximum-decreased"
    assert narrowed.level is Level.SAFE


def test_catalog_levels_follow_the_role():
    reads, writes = catalog_for(STANDALONE), catalog_for(SENT)
    assert len(reads) == len(writes) == len(CONCEPTS)
    for concept in CONCEPTS:
        read = reads[f"jsonschema-{concept.name}"].level
        write = writes[f"sent-schema-{concept.name}"].level
        if concept.effect in ("narrows", "widens"):
            assert {read, write} == {Level.BREAKING, Level.SAFE}, concept.name
        else:
            assert read == write, concept.name
