"""Recursive schemas, memoisation, deduplication, the unchanged-component
fast path and very deep documents."""

from __future__ import annotations

import sys
from dataclasses import fields, replace
from typing import Any

import pytest

from accord.core.change import Change, Direction, Level
from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location
from accord.kinds.openapi.schema_unchanged import Unchanged, component_of
from accord.kinds.openapi.schemas import Site, _for_operation
from tests.kinds.openapi.test_schema_helpers import SchemaCase, node_at, obj, rules

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
STR = {"type": "string"}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def spec(schemas: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "components": {"schemas": schemas}, **extra}


@pytest.fixture
def case(tmp_path):
    return SchemaCase(tmp_path)


def _differ(case: SchemaCase, base: dict[str, Any], revision: dict[str, Any]):
    differ, bws, bpath, rws, rpath = case.pair(spec(base), spec(revision))

    def compare(name: str, site: Site = Site.RESPONSE_BODY, operation: str = "GET /x"):
        tokens: list[str | int] = ["components", "schemas", name]
        return differ.compare(node_at(bws, bpath, tokens), node_at(rws, rpath, tokens), site,
                              operation)

    return differ, compare


def test_self_reference_terminates_and_reports_inside_the_cycle(case):
    node = obj({"value": {**STR, "maxLength": 10}, "next": ref("Node"),
                "children": {"type": "array", "items": ref("Node")}})
    changed = obj({"value": {**STR, "maxLength": 5}, "next": ref("Node"),
                   "children": {"type": "array", "items": ref("Node")}})
    _, compare = _differ(case, {"Node": node}, {"Node": changed})
    changes = compare("Node", Site.REQUEST_BODY)
    assert [(c.rule, c.message) for c in changes] == [
        ("request-property-max-length-decreased",
         "request property 'value' maximum length decreased from 10 to 5")
    ]


def test_mutual_recursion_from_either_end(case):
    base = {"A": obj({"b": ref("B"), "x": STR}), "B": obj({"a": ref("A"), "y": STR})}
    revision = {"A": obj({"b": ref("B")}), "B": obj({"a": ref("A"), "y": STR, "z": STR})}
    expected = {("response-property-removed", "/components/schemas/A/properties/x"),
                ("response-property-added", "/components/schemas/B/properties/z")}
    _, compare = _differ(case, base, revision)
    from_a = compare("A")
    # B was memoised while A was in progress; its result must still reach A's change
    from_b = compare("B")
    assert {(c.rule, c.location.pointer) for c in from_a} == expected
    assert {(c.rule, c.location.pointer) for c in from_b} == expected
    _, fresh = _differ(case, base, revision)
    assert {(c.rule, c.location.pointer) for c in fresh("B")} == expected


def test_recursion_through_one_of_and_items(case):
    tree = {"oneOf": [ref("Leaf"), obj({"children": {"type": "array", "items": ref("Tree")}})]}
    leaf = obj({"value": {"type": "integer", "maximum": 10}})
    changed_leaf = obj({"value": {"type": "integer", "maximum": 20}})
    _, compare = _differ(case, {"Tree": tree, "Leaf": leaf}, {"Tree": tree, "Leaf": changed_leaf})
    changes = compare("Tree")
    assert rules(changes) == {"response-property-max-increased": D}
    assert changes[0].message == "response property 'Leaf.value' maximum increased from 10 to 20"


def test_repeated_calls_share_results_but_not_operations(case):
    base = {"Pet": obj({"name": STR, "tag": STR})}
    revision = {"Pet": obj({"name": STR})}
    _, compare = _differ(case, base, revision)
    first = compare("Pet", operation="GET /pets")
    second = compare("Pet", operation="GET /pets/{id}")
    assert [c.operation for c in first] == ["GET /pets"]
    assert [c.operation for c in second] == ["GET /pets/{id}"]
    assert [c.message for c in first] == [c.message for c in second]
    again = compare("Pet", operation="GET /pets")
    assert again == first


def test_same_component_in_request_and_response(case):
    base = {"Pet": obj({"name": STR, "tag": STR})}
    revision = {"Pet": obj({"name": STR})}
    _, compare = _differ(case, base, revision)
    assert rules(compare("Pet", Site.RESPONSE_BODY)) == {"response-property-removed": B}
    assert rules(compare("Pet", Site.REQUEST_BODY)) == {"request-property-removed": D}
    assert rules(compare("Pet", Site.RESPONSE_BODY)) == {"response-property-removed": B}


def test_shared_component_reported_once_per_call(case):
    address = obj({"city": {**STR, "maxLength": 100}})
    base = {"Address": address, "Order": obj({"billing": ref("Address"),
                                              "shipping": ref("Address")})}
    revision = {"Address": obj({"city": {**STR, "maxLength": 50}}),
                "Order": base["Order"]}
    _, compare = _differ(case, base, revision)
    changes = compare("Order", Site.REQUEST_BODY)
    assert [c.message for c in changes] == [
        "request property 'Address.city' maximum length decreased from 100 to 50"
    ]


def test_ref_to_unchanged_component_is_not_compared(case):
    pet = obj({"name": STR, "owner": ref("Owner")})
    owner = obj({"name": STR, "pets": {"type": "array", "items": ref("Pet")}})
    base = {"Pet": pet, "Owner": owner}
    differ, bws, bpath, rws, rpath = case.pair(
        spec(base, **{"x-body": ref("Pet")}), spec(base, **{"x-body": ref("Pet")})
    )
    body = ["x-body"]
    changes = differ.compare(node_at(bws, bpath, body), node_at(rws, rpath, body),
                             Site.REQUEST_BODY, "op")
    assert changes == []
    assert differ._engine.memo == {}  # answered by the fast path, nothing compared


def test_unchanged_components_fixed_point(case):
    base = {
        "Leaf": STR,
        "UsesLeaf": obj({"l": ref("Leaf")}),
        "Changed": {**STR, "maxLength": 1},
        "UsesChanged": obj({"c": ref("Changed")}),
        "UsesUsesChanged": obj({"u": ref("UsesChanged")}),
        "Ping": obj({"pong": ref("Pong")}),
        "Pong": obj({"ping": ref("Ping")}),
        "External": obj({"e": {"$ref": "other.yaml#/Thing"}}),
    }
    revision = {**base, "Changed": {**STR, "maxLength": 2}}
    _, bws, bpath, rws, rpath = case.pair(spec(base), spec(revision))
    names = Unchanged().names(bws.load(bpath), rws.load(rpath))
    assert names == {"schemas/Leaf", "schemas/UsesLeaf", "schemas/Ping", "schemas/Pong"}


def test_component_of():
    assert component_of("#/components/schemas/Pet") == "schemas/Pet"
    assert component_of("#/definitions/Pet/properties/x") == "definitions/Pet"
    assert component_of("#/components/schemas/a~1b") == "schemas/a/b"
    assert component_of("#/components/schemas/a%20b") == "schemas/a b"
    assert component_of("#/components/parameters/p") == "parameters/p"
    assert component_of("#/parameters/limit") == "parameters/limit"
    assert component_of("#/paths/~1a/get") is None
    assert component_of("other.yaml#/components/schemas/Pet") is None


def test_deep_inline_nesting_within_the_default_recursion_limit(case):
    def nest(depth: int, leaf: dict[str, Any]) -> dict[str, Any]:
        for _ in range(depth):
            leaf = obj({"a": leaf})
        return leaf

    limit = sys.getrecursionlimit()
    changes = case.diff(nest(400, {**STR, "maxLength": 10}), nest(400, {**STR, "maxLength": 5}))
    assert rules(changes) == {"request-property-max-length-decreased": B}
    assert sys.getrecursionlimit() == limit


def test_long_reference_chain_terminates(case):
    def chain(n: int, leaf: dict[str, Any]) -> dict[str, Any]:
        comps = {f"A{i}": obj({"a": ref(f"A{i + 1}")}) for i in range(n)}
        comps[f"A{n}"] = leaf
        return comps

    changes = case.diff(ref("A0"), ref("A0"), components=chain(1500, STR),
                        revision_components=chain(1500, {"type": "integer"}))
    assert isinstance(changes, list)  # beyond the depth bound: no crash, no hang
    short = case.diff(ref("A0"), ref("A0"), components=chain(300, STR),
                      revision_components=chain(300, {"type": "integer"}))
    assert rules(short) == {"request-property-type-changed": B}


def test_reference_loop_is_a_clear_error(case):
    components = {"A": ref("B"), "B": ref("A")}
    with pytest.raises(AccordError) as info:
        case.diff(ref("A"), ref("A"), components=components,
                  revision_components={"A": ref("B"), "B": STR})
    assert info.value.code is ErrorCode.UNRESOLVABLE_REF


def test_operation_copies_keep_every_field():
    cached = Change("r", Level.SAFE, Direction.RESPONSE, "m", "h", Location("/p", "f", 1, 2),
                    None, True)
    assert _for_operation(cached, "GET /x") == replace(cached, operation="GET /x")
    assert len(fields(Change)) == 9, "update _for_operation to the fields of Change"
