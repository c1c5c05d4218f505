"""The real specifications in ../shared/corpora."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from accord.core.location import join
from accord.source import Workspace, load_document

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "openapi"
STRIPE = CORPORA / "stripe-v100.json"

pytestmark = pytest.mark.skipif(not STRIPE.is_file(), reason="corpora not available")


def test_stripe_refs_all_resolve() -> None:
    ws = Workspace()
    doc = ws.load(STRIPE, "stripe-v100.json")
    ws.check_refs(doc)
    assert ws.documents() == [doc]


def test_stripe_data_matches_the_standard_parser() -> None:
    doc = load_document(STRIPE)
    assert doc.format == "json"
    assert doc.data == json.loads(STRIPE.read_text(encoding="utf-8"))


def test_stripe_locations_point_at_the_keys_in_the_file() -> None:
    doc = load_document(STRIPE, "stripe-v100.json")
    lines = STRIPE.read_text(encoding="utf-8").splitlines()
    checked = 0
    for path, item in list(doc.data["paths"].items())[::25]:
        location = doc.location(join("/paths", path))
        assert location.file == "stripe-v100.json"
        assert location.line is not None
        assert f'"{path}": {{' in lines[location.line - 1]
        for method in item:
            op = doc.location(join("/paths", path, method))
            assert op.line is not None
            assert f'"{method}": {{' in lines[op.line - 1]
            checked += 1
    assert checked > 5
    schema = doc.location("/components/schemas/charge/properties/amount")
    assert schema.line is not None
    assert '"amount": {' in lines[schema.line - 1]
    # a missing member: the nearest ancestor's line, the requested pointer
    missing = doc.location("/components/schemas/charge/properties/no_such_field")
    assert missing.pointer.endswith("/no_such_field")
    assert missing.line is not None
    assert '"properties": {' in lines[missing.line - 1]


def test_stripe_every_ref_is_located_on_its_line() -> None:
    ws = Workspace()
    doc = ws.load(STRIPE)
    lines = STRIPE.read_text(encoding="utf-8").splitlines()
    refs = 0
    stack = [ws.root(doc)]
    while stack:
        node = stack.pop()
        if isinstance(node.value, dict) and isinstance(node.value.get("$ref"), str):
            location = doc.location(node.pointer + "/$ref")
            assert location.line is not None
            assert f'"$ref": "{node.value["$ref"]}"' in lines[location.line - 1]
            refs += 1
        keys = node.value if isinstance(node.value, dict) else range(len(node.value))
        for key in keys:
            child = node.child(key)
            if child is not None and isinstance(child.value, dict | list):
                stack.append(child)
    assert refs > 1000


def test_stripe_location_of_every_operation_is_fast() -> None:
    doc = load_document(STRIPE)
    paths = doc.data["paths"]
    pointers = [join("/paths", path) for path in paths]
    pointers += [join("/paths", path, method) for path in paths for method in paths[path]]
    start = time.perf_counter()
    for pointer in pointers:
        doc.location(pointer)
    # The budget is 0.3 s; a wide margin keeps this test steady on slow machines.
    assert time.perf_counter() - start < 1.5
