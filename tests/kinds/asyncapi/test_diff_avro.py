"""Avro payloads compared by Avro's schema-resolution rules, in the message's role.

``OrderPlaced`` is sent (readers hold the base schema, the revision writes);
``CancelOrder`` is received (the revision reads what writers of the base send).
Each verdict below follows from the Avro specification's resolution rules.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.core.change import Direction, Level
from accord.core.errors import AccordError, ErrorCode
from accord.kinds.protocol import DiffOptions
from tests.kinds.asyncapi.diff_support import CANCEL, PLACED, Spec, diff, dump, message, spec
from tests.kinds.asyncapi.support import KIND, Result, check, findings, write

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
REQ, RESP = Direction.REQUEST, Direction.RESPONSE
AVRO = "application/vnd.apache.avro;version=1.9.0"
SENT, RECEIVED = "OrderPlaced", "CancelOrder"
ID = {"name": "id", "type": "string"}


def record(*fields: dict[str, Any], name: str = "Order", **extra: Any) -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "shop", "fields": list(fields),
            **extra}


def avro_diff(tmp_path: Path, old: Any, new: Any, name: str) -> Result:
    def put(schema: Any) -> Any:
        return lambda s: message(s, name).update(
            payload={"schemaFormat": AVRO, "schema": schema})

    return diff(tmp_path, put(new), base=put(old))


def role(name: str) -> tuple[str, Level, Direction, str]:
    """(rule prefix, -, direction, operation) of the message ``name``."""
    if name == SENT:
        return "sent-avro", S, RESP, PLACED
    return "received-avro", S, REQ, CANCEL


def at(result: Result, rule: str, level: Level, name: str, needle: str, *,
       base: bool = False, within: tuple[str, ...] = ()):
    """The one ``rule`` change of message ``name``'s role, at the line with ``needle``
    (after the message and the lines of ``within``)."""
    prefix, _, direction, operation = role(name)
    after = ("components:", "  messages:", f"{name}:", *within)
    return check(result, f"{prefix}-{rule}", level, direction, operation, needle,
                 base=base, after=after)


@pytest.mark.parametrize(("name", "rule", "level"), [
    (RECEIVED, "field-default-missing", B),  # the revision reads without the field
    (SENT, "field-added", S),  # readers of the base ignore a field they do not know
])
def test_a_field_added_without_a_default(tmp_path: Path, name: str, rule: str,
                                         level: Level) -> None:
    result = avro_diff(tmp_path, record(ID), record(ID, {"name": "note", "type": "int"}), name)
    change = at(result, rule, level, name, "name: note")
    assert "field 'note'" in change.message
    assert change.message.startswith(f"the payload of message '{message(spec(), name)['name']}'")
    assert len(result.changes) == 1


def test_a_field_added_with_a_default_is_read(tmp_path: Path) -> None:
    new = record(ID, {"name": "note", "type": "int", "default": 0})
    result = avro_diff(tmp_path, record(ID), new, RECEIVED)
    at(result, "field-added", S, RECEIVED, "name: note")
    assert len(result.changes) == 1


@pytest.mark.parametrize(("name", "rule", "level", "default"), [
    (SENT, "field-default-missing", B, False),  # readers of the base need it
    (SENT, "field-removed", S, True),  # readers of the base fill in their default
    (RECEIVED, "field-removed", S, False),  # the revision ignores what it does not know
])
def test_a_field_removed(tmp_path: Path, name: str, rule: str, level: Level,
                         default: bool) -> None:
    note = {"name": "note", "type": "int", **({"default": 0} if default else {})}
    result = avro_diff(tmp_path, record(ID, note), record(ID), name)
    at(result, rule, level, name, "name: note", base=True)
    assert len(result.changes) == 1


@pytest.mark.parametrize(("name", "rule", "level"), [
    (RECEIVED, "type-promoted", S),  # a long reader reads what an int writer wrote
    (SENT, "type-changed", B),  # an int reader cannot read a long
])
def test_int_to_long(tmp_path: Path, name: str, rule: str, level: Level) -> None:
    result = avro_diff(tmp_path, record({"name": "n", "type": "int"}),
                       record({"name": "n", "type": "long"}), name)
    change = at(result, rule, level, name, "type: long")
    assert "from int to long" in change.message


@pytest.mark.parametrize("name", [SENT, RECEIVED])
def test_string_and_bytes_resolve_both_ways(tmp_path: Path, name: str) -> None:
    result = avro_diff(tmp_path, record({"name": "n", "type": "string"}),
                       record({"name": "n", "type": "bytes"}), name)
    at(result, "type-promoted", S, name, "type: bytes")


@pytest.mark.parametrize("name", [SENT, RECEIVED])
def test_a_type_changed(tmp_path: Path, name: str) -> None:
    result = avro_diff(tmp_path, record(ID, {"name": "n", "type": "int"}),
                       record({"name": "id", "type": "int"}, {"name": "n", "type": "boolean"}),
                       name)
    changes = result.of(f"{role(name)[0]}-type-changed")
    lines = sorted(c.location.line for c in changes)
    assert lines == [result.line("type: int", after=(f"{name}:", "name: id")),
                     result.line("type: boolean", after=f"{name}:")]
    assert all(c.level is B for c in changes)


def _enum(*symbols: str, **extra: Any) -> dict[str, Any]:
    return record({"name": "state", "type": {"type": "enum", "name": "State",
                                             "symbols": list(symbols), **extra}})


@pytest.mark.parametrize(("name", "rule", "level"), [
    (SENT, "enum-symbol-unknown", B),  # readers of the base do not know B
    (RECEIVED, "enum-symbol-added", S),
])
def test_an_enum_symbol_added(tmp_path: Path, name: str, rule: str, level: Level) -> None:
    result = avro_diff(tmp_path, _enum("A"), _enum("A", "B"), name)
    change = at(result, rule, level, name, "type:", within=("name: state",))
    assert "symbol B" in change.message and "'state'" in change.message
    assert len(result.changes) == 1


def test_an_enum_default_lets_readers_read_unknown_symbols(tmp_path: Path) -> None:
    result = avro_diff(tmp_path, _enum("A", "Z", default="Z"), _enum("A", "Z", "B", default="Z"),
                       SENT)
    at(result, "enum-symbol-added", S, SENT, "type:", within=("name: state",))


@pytest.mark.parametrize(("name", "rule", "level"), [
    (RECEIVED, "enum-symbol-unknown", B),  # the base may write B, the revision lacks it
    (SENT, "enum-symbol-removed", S),
])
def test_an_enum_symbol_removed(tmp_path: Path, name: str, rule: str, level: Level) -> None:
    at(avro_diff(tmp_path, _enum("A", "B"), _enum("A"), name), rule, level, name, "type:",
       within=("name: state",))


@pytest.mark.parametrize("name", [SENT, RECEIVED])
def test_a_renamed_record(tmp_path: Path, name: str) -> None:
    result = avro_diff(tmp_path, record(ID), record(ID, name="Purchase"), name)
    change = at(result, "name-changed", B, name, "schema:")
    assert "shop.Purchase (was record shop.Order)" in change.message


def test_an_alias_lets_the_reader_read_the_old_name(tmp_path: Path) -> None:
    new = record(ID, name="Purchase", aliases=["shop.Order"])
    received = avro_diff(tmp_path, record(ID), new, RECEIVED)
    at(received, "alias-added", S, RECEIVED, "schema:")
    assert received.ids == ["received-avro-alias-added"]
    # Readers of a sent message hold the base, which has no alias for the new name.
    assert "sent-avro-name-changed" in avro_diff(tmp_path, record(ID), new, SENT).ids


def test_a_renamed_field_with_an_alias(tmp_path: Path) -> None:
    new = record({"name": "key", "type": "string", "aliases": ["id"]})
    result = avro_diff(tmp_path, record(ID), new, RECEIVED)
    assert result.ids == ["received-avro-alias-added"]


@pytest.mark.parametrize("name", [SENT, RECEIVED])
def test_a_fixed_size_changed(tmp_path: Path, name: str) -> None:
    def fixed(size: int) -> dict[str, Any]:
        return record({"name": "hash", "type": {"type": "fixed", "name": "Hash", "size": size}})

    change = at(avro_diff(tmp_path, fixed(16), fixed(32), name), "fixed-size-changed", B,
                name, "type:", within=("name: hash",))
    assert "32 bytes (was 16)" in change.message


@pytest.mark.parametrize(("name", "rule", "level"), [
    (SENT, "union-branch-unknown", B),  # readers of the base cannot read null as string
    (RECEIVED, "union-branch-added", S),
])
def test_a_field_made_nullable(tmp_path: Path, name: str, rule: str, level: Level) -> None:
    result = avro_diff(tmp_path, record({"name": "s", "type": "string"}),
                       record({"name": "s", "type": ["null", "string"]}), name)
    at(result, rule, level, name, "- 'null'")


@pytest.mark.parametrize(("name", "rule", "level"), [
    (RECEIVED, "union-branch-unknown", B),  # the base may write null
    (SENT, "union-branch-removed", S),
])
def test_a_field_no_longer_nullable(tmp_path: Path, name: str, rule: str,
                                    level: Level) -> None:
    result = avro_diff(tmp_path, record({"name": "s", "type": ["null", "string"]}),
                       record({"name": "s", "type": "string"}), name)
    change = at(result, rule, level, name, "type: string", within=("name: s",))
    assert "null" in change.message


def test_a_union_branch_added_to_a_sent_union(tmp_path: Path) -> None:
    result = avro_diff(tmp_path, record({"name": "s", "type": ["null", "string"]}),
                       record({"name": "s", "type": ["null", "string", "int"]}), SENT)
    change = at(result, "union-branch-unknown", B, SENT, "- int")
    assert "may write int" in change.message


@pytest.mark.parametrize("name", [SENT, RECEIVED])
def test_defaults_changed_and_added(tmp_path: Path, name: str) -> None:
    old = record({"name": "n", "type": "int", "default": 1}, {"name": "m", "type": "int"})
    new = record({"name": "n", "type": "int", "default": 2},
                 {"name": "m", "type": "int", "default": 0})
    result = avro_diff(tmp_path, old, new, name)
    changed = at(result, "default-changed", D, name, "name: n")
    assert "from 1 to 2" in changed.message
    at(result, "default-added", S, name, "name: m")


def test_a_union_branch_readers_promote_is_safe_both_ways(tmp_path: Path) -> None:
    # Readers of the base read the new int branch with their long branch.
    sent = avro_diff(tmp_path, record({"name": "n", "type": ["null", "long"]}),
                     record({"name": "n", "type": ["null", "long", "int"]}), SENT)
    at(sent, "union-branch-added", S, SENT, "- int")
    # The revision reads what the base wrote as int with its long branch.
    received = avro_diff(tmp_path, record({"name": "n", "type": ["null", "int", "long"]}),
                         record({"name": "n", "type": ["null", "long"]}), RECEIVED)
    at(received, "union-branch-removed", S, RECEIVED, "type:", within=("name: n",))


def test_an_enum_default_lets_the_revision_drop_a_symbol(tmp_path: Path) -> None:
    result = avro_diff(tmp_path, _enum("A", "B", "Z", default="Z"),
                       _enum("A", "Z", default="Z"), RECEIVED)
    at(result, "enum-symbol-removed", S, RECEIVED, "type:", within=("name: state",))


def test_nested_records_are_located_in_their_field(tmp_path: Path) -> None:
    line = record(ID, name="Line")
    old = record({"name": "lines", "type": {"type": "array", "items": line}},
                 {"name": "buyer", "type": ["null", record(ID, name="Buyer")]})
    new = record({"name": "lines", "type": {"type": "array", "items": record(
        ID, {"name": "qty", "type": "int"}, name="Line")}},
        {"name": "buyer", "type": ["null", record(ID, {"name": "vip", "type": "boolean"},
                                                  name="Buyer")]})
    result = avro_diff(tmp_path, old, new, RECEIVED)
    changes = result.of("received-avro-field-default-missing")
    assert sorted(c.message.split(": ", 1)[1] for c in changes) == [
        "field 'buyer.vip' was added without a default, and the base does not write it",
        "field 'lines[].qty' was added without a default, and the base does not write it"]
    assert sorted(c.location.line for c in changes) == [
        result.line("name: qty", after=f"{RECEIVED}:"),
        result.line("name: vip", after=f"{RECEIVED}:")]


def test_a_named_type_used_by_name_is_located_where_it_is_defined(tmp_path: Path) -> None:
    def schema(*symbols: str) -> dict[str, Any]:
        return record({"name": "before", "type": {"type": "enum", "name": "State",
                                                  "symbols": list(symbols)}},
                      {"name": "after", "type": "State"})

    result = avro_diff(tmp_path, schema("A", "B"), schema("A"), RECEIVED)
    at(result, "enum-symbol-unknown", B, RECEIVED, "type:", within=("name: before",))


def test_docs_alone_change_nothing(tmp_path: Path) -> None:
    new = record({"name": "id", "type": "string", "doc": "the order id"}, doc="An order.")
    assert avro_diff(tmp_path, record(ID), new, RECEIVED).changes == []


def test_a_shared_payload_is_located_where_it_is_written(tmp_path: Path) -> None:
    def put(schema: dict[str, Any]) -> Any:
        def apply(s: Spec) -> None:
            s["components"]["schemas"]["Order"] = schema
            for name in ("OrderPlaced", "OrderRepriced"):
                message(s, name)["payload"] = {"schemaFormat": AVRO,
                                               "schema": {"$ref": "#/components/schemas/Order"}}
        return apply

    result = diff(tmp_path, put(record(ID, {"name": "n", "type": "long"})),
                  base=put(record(ID, {"name": "n", "type": "int"})))
    changes = result.of("sent-avro-type-changed")
    assert sorted(c.message.split(":")[0] for c in changes) == [
        "the payload of message 'order.placed'", "the payload of message 'order.repriced'"]
    line = result.line("type: long", after="schemas:")
    assert [c.location.line for c in changes] == [line, line]


def _files(tmp_path: Path, side: str, schema: dict[str, Any]) -> Path:
    data = spec()
    message(data, RECEIVED)["payload"] = {"schemaFormat": AVRO,
                                          "schema": {"$ref": "cancel.avsc"}}
    write(tmp_path, f"{side}/cancel.avsc", json.dumps(schema, indent=2))
    return write(tmp_path, f"{side}/events.yaml", dump(data))


def test_a_referenced_avsc_file_is_compared_and_located_in_it(tmp_path: Path) -> None:
    old = _files(tmp_path, "base", record(ID))
    new = _files(tmp_path, "rev", record(ID, {"name": "reason", "type": "string"}))
    changes = KIND.diff(KIND.load(old), KIND.load(new), DiffOptions())
    assert [c.rule for c in changes] == ["received-avro-field-default-missing"]
    where = changes[0].location
    lines = (tmp_path / "rev" / "cancel.avsc").read_text().splitlines()
    assert where.file == str(tmp_path / "rev" / "cancel.avsc")
    assert where.pointer == "/fields/1"
    assert lines[where.line - 1].strip() == "{" and '"name": "reason"' in lines[where.line]


INVALID = {"type": "record", "name": "Order", "fields": [{"name": "id"}]}


def test_an_invalid_avro_payload_is_a_located_load_error(tmp_path: Path) -> None:
    data = spec()
    message(data, RECEIVED)["payload"] = {"schemaFormat": AVRO, "schema": INVALID}
    path = write(tmp_path, "events.yaml", dump(data))
    with pytest.raises(AccordError) as caught:
        KIND.load(path)
    error = caught.value
    assert error.code is ErrorCode.INVALID_CONTRACT
    assert "not a valid Avro schema" in error.message
    assert error.location is not None
    assert error.location.pointer == "/components/messages/CancelOrder/payload/schema"


def test_lint_reports_an_invalid_avro_payload(tmp_path: Path) -> None:
    data = spec()
    message(data, RECEIVED)["payload"] = {"schemaFormat": AVRO, "schema": INVALID}
    found = findings(tmp_path, dump(data), "asyncapi-structure")
    assert [f.message.split(":")[0] for f in found] == ["the payload is not a valid Avro schema"]


def test_an_enum_default_is_not_a_field_default(tmp_path: Path) -> None:
    state = {"name": "state", "type": {"type": "enum", "name": "State", "symbols": ["A"],
                                       "default": "A"}}
    result = avro_diff(tmp_path, record(ID), record(ID, state), RECEIVED)
    at(result, "field-default-missing", B, RECEIVED, "name: state")
