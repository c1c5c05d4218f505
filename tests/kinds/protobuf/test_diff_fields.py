"""Diff rules for messages and their fields: each rule triggered, and its look-alikes not."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.change import Level
from tests.kinds.protobuf.support import diff_one, diff_trees, ids, only, proto3

BASE = proto3("""
    message Order {
      string id = 1;
      int32 quantity = 2;
      string note = 3;
      repeated string tags = 4;
      oneof payment {
        string card = 5;
        string iban = 6;
      }
      Item item = 7;
      reserved 10 to 12, 20;
      reserved "legacy";
    }
    message Item { string sku = 1; }
""")


def changed(tmp_path: Path, old: str, new: str) -> list[str]:
    return ids(diff_one(tmp_path, proto3(old), proto3(new)))


def test_an_identical_message_has_no_changes(tmp_path: Path) -> None:
    assert diff_one(tmp_path, BASE, BASE) == []


def test_a_removed_field_without_reservations_names_the_fix(tmp_path: Path) -> None:
    change = only(diff_one(tmp_path, BASE, BASE.replace("  string note = 3;\n", "")),
                  "field-removed-unreserved")
    assert change.level is Level.BREAKING
    assert change.message == ("field shop.v1.Order.note = 3 was removed without reserving its "
                              "number or name")
    assert change.hint == 'add `reserved 3; reserved "note";` to message Order'
    assert change.operation == "shop.v1.Order.note"
    # Located where the field was, in the base.
    assert change.location.line == 7 and change.location.file.endswith("old/shop.proto")


def test_a_removed_field_with_only_its_number_reserved(tmp_path: Path) -> None:
    new = BASE.replace("  string note = 3;\n", "  reserved 3;\n")
    change = only(diff_one(tmp_path, BASE, new), "field-removed-name-unreserved")
    assert change.hint == 'add `reserved "note";` to message Order'


def test_a_removed_field_with_number_and_name_reserved(tmp_path: Path) -> None:
    new = BASE.replace("  string note = 3;\n", "").replace(
        "reserved 10 to 12, 20;", "reserved 3, 10 to 12, 20;").replace(
        'reserved "legacy";', 'reserved "legacy", "note";')
    assert ids(diff_one(tmp_path, BASE, new)) == ["field-removed"]


def test_a_field_removed_under_an_existing_wide_reservation(tmp_path: Path) -> None:
    old = "message A { int32 a = 1; int32 b = 15; reserved 100 to max; }"
    new = 'message A { int32 a = 1; reserved 10 to max; reserved "b"; }'
    assert changed(tmp_path, old, new) == ["field-removed"]


def test_added_fields(tmp_path: Path) -> None:
    new = BASE.replace("  Item item = 7;\n", "  Item item = 7;\n  int64 total = 8;\n")
    change = only(diff_one(tmp_path, BASE, new), "field-added")
    assert change.level is Level.SAFE and change.addition
    assert change.message == "field shop.v1.Order.total = 8 (int64) was added"


def test_an_added_required_field_breaks(tmp_path: Path) -> None:
    old = 'syntax = "proto2";\npackage p;\nmessage A { optional int32 a = 1; }\n'
    new = old.replace("optional int32 a = 1;", "optional int32 a = 1; required int32 b = 2;")
    assert ids(diff_one(tmp_path, old, new)) == ["required-field-added"]


def test_renumbered_and_reused_numbers(tmp_path: Path) -> None:
    renumbered = BASE.replace("string note = 3;", "string note = 9;")
    change = only(diff_one(tmp_path, BASE, renumbered), "field-renumbered")
    assert change.message == "field shop.v1.Order.note changed its number from 3 to 9"
    # The old number reserved: never misread, so not a WIRE break (buf: JSON and code).
    reserved = renumbered.replace("reserved 10 to 12, 20;", "reserved 3, 10 to 12, 20;")
    change = only(diff_one(tmp_path, BASE, reserved), "field-renumbered-number-reserved")
    assert change.level is Level.BREAKING
    assert only(diff_one(tmp_path, BASE, reserved, ["WIRE"]),
                "field-renumbered-number-reserved").level is Level.DANGEROUS
    reused = BASE.replace("string note = 3;", "int64 total = 3;")
    change = only(diff_one(tmp_path, BASE, reused), "field-number-reused")
    assert "was note (string) and is now total (int64)" in change.message
    # The new name, its JSON name and the type each count, as buf counts them.
    assert ids(diff_one(tmp_path, BASE, reused)) == [
        "field-number-reused", "field-json-name-changed", "field-type-changed"]


def test_a_rename_is_not_a_reuse(tmp_path: Path) -> None:
    renamed = BASE.replace("string note = 3;", "string comment = 3;")
    change = only(diff_one(tmp_path, BASE, renamed), "field-renamed")
    assert change.message == "field shop.v1.Order.note = 3 was renamed to comment"
    assert ids(diff_one(tmp_path, BASE, renamed)) == ["field-renamed", "field-json-name-changed"]
    # A rename that keeps the JSON name (note -> NOTE is not it; lowerCamel is).
    camel = BASE.replace("string note = 3;", "string the_note = 3;")
    same_json = BASE.replace("string note = 3;", "string theNote = 3;")
    assert ids(diff_one(tmp_path, camel, same_json)) == ["field-renamed"]


def test_a_json_name_change(tmp_path: Path) -> None:
    new = BASE.replace("string note = 3;", 'string note = 3 [json_name = "remark"];')
    change = only(diff_one(tmp_path, BASE, new), "field-json-name-changed")
    assert change.message == ("the JSON name of field shop.v1.Order.note changed from 'note' "
                              "to 'remark'")
    same = BASE.replace("string note = 3;", 'string note = 3 [json_name = "note"];')
    assert diff_one(tmp_path, BASE, same) == []


@pytest.mark.parametrize(("old", "new", "rule"), [
    ("int32", "string", "field-type-changed"),
    ("int32", "sint32", "field-type-changed"),
    ("double", "float", "field-type-changed"),
    ("int32", "int64", "field-type-changed-json-incompatible"),
    ("int32", "bool", "field-type-changed-json-incompatible"),
    ("int32", "uint32", "field-type-changed-wire-compatible"),
    ("fixed64", "sfixed64", "field-type-changed-wire-compatible"),
    ("sint32", "sint64", "field-type-changed-json-incompatible"),
    ("string", "bytes", "field-type-changed-json-incompatible"),
    ("Item", "Other", "field-type-changed"),
    ("Color", "Shade", "field-type-changed"),
    ("Item", "bytes", "field-type-changed"),
    ("int32", "Color", "field-type-changed"),
    ("Color", "uint32", "field-type-changed"),
    ("bytes", "string", "field-type-changed"),
])
def test_type_changes_by_encoding(tmp_path: Path, old: str, new: str, rule: str) -> None:
    types = ("message Item { string sku = 1; }\nmessage Other { string sku = 1; }\n"
             "enum Color { COLOR_UNSPECIFIED = 0; }\nenum Shade { SHADE_UNSPECIFIED = 0; }\n")
    changes = diff_one(tmp_path, proto3(f"message A {{ {old} f = 1; }}\n{types}"),
                       proto3(f"message A {{ {new} f = 1; }}\n{types}"))
    # A message field has explicit presence; a proto3 scalar does not.
    messages = {"Item", "Other"}
    extra = ["field-presence-changed"] if (old in messages) != (new in messages) else []
    assert ids(changes) == [rule, *extra]
    assert changes[0].message == f"field shop.v1.A.f changed type from " \
        f"{old if old[0].islower() else 'shop.v1.' + old} to " \
        f"{new if new[0].islower() else 'shop.v1.' + new}"


@pytest.mark.parametrize(("old", "new", "rule"), [
    ("int32 f = 1;", "repeated int32 f = 1;", "field-cardinality-changed"),
    # A singular reader keeps the last of many values: buf's WIRE flags it for any type.
    ("repeated string f = 1;", "string f = 1;", "field-cardinality-changed"),
    ("Item f = 1;", "repeated Item f = 1;", "field-cardinality-changed"),
    ("int32 f = 1;", "optional int32 f = 1;", "field-presence-changed"),
    ("optional string f = 1;", "string f = 1;", "field-presence-changed"),
])
def test_cardinality_and_presence(tmp_path: Path, old: str, new: str, rule: str) -> None:
    item = "message Item { string sku = 1; }\n"
    assert changed(tmp_path, f"message A {{ {old} }}\n{item}",
                   f"message A {{ {new} }}\n{item}") == [rule]


def test_required_changes_in_proto2(tmp_path: Path) -> None:
    old = 'syntax = "proto2";\npackage p;\nmessage A { required int32 a = 1; }\n'
    new = old.replace("required", "optional")
    change = only(diff_one(tmp_path, old, new), "field-required-changed")
    assert change.message == "field p.A.a changed from required to explicit"
    # It stands for buf's cardinality rules too, so it breaks every category.
    assert only(diff_one(tmp_path, old, new, ["WIRE"]),
                "field-required-changed").level is Level.BREAKING


def test_a_required_field_removed_or_renumbered(tmp_path: Path) -> None:
    old = ('syntax = "proto2";\npackage p;\n'
           "message A { optional int32 a = 1; required int32 r = 2; }\n")
    gone = old.replace(" required int32 r = 2;", ' reserved 2; reserved "r";')
    # Reserving the number and name keeps the wire safe, not readers that require it.
    assert ids(diff_one(tmp_path, old, gone)) == ["required-field-removed", "field-removed"]
    assert only(diff_one(tmp_path, old, gone, ["WIRE"]),
                "required-field-removed").level is Level.BREAKING
    renumbered = old.replace("r = 2", "r = 3")
    assert ids(diff_one(tmp_path, old, renumbered)) == [
        "field-renumbered", "required-field-removed", "required-field-added"]


def test_a_proto3_file_moved_to_editions_with_the_same_behaviour(tmp_path: Path) -> None:
    old = proto3("message A { int32 a = 1; optional int32 b = 2; repeated int32 c = 3; }\n")
    new = ('edition = "2023";\npackage shop.v1;\n'
           "option features.field_presence = IMPLICIT;\n"
           "message A { int32 a = 1; int32 b = 2 [features.field_presence = EXPLICIT]; "
           "repeated int32 c = 3; }\n")
    assert ids(diff_one(tmp_path, old, new)) == ["file-syntax-changed"]


def test_oneof_moves_and_removals(tmp_path: Path) -> None:
    moved = BASE.replace("    string iban = 6;\n", "").replace(
        "  Item item = 7;", "  Item item = 7;\n  string iban = 6;")
    change = only(diff_one(tmp_path, BASE, moved), "field-oneof-changed")
    assert change.message == "field shop.v1.Order.iban moved from oneof payment to no oneof"
    # Out of its oneof, a proto3 scalar loses explicit presence too.
    assert ids(diff_one(tmp_path, BASE, moved)) == ["field-oneof-changed",
                                                    "field-presence-changed"]
    dissolved = BASE.replace("  oneof payment {\n    string card = 5;\n    string iban = 6;\n"
                             "  }\n", "  string card = 5;\n  string iban = 6;\n")
    assert sorted(ids(diff_one(tmp_path, BASE, dissolved))) == [
        "field-oneof-changed", "field-oneof-changed", "field-presence-changed",
        "field-presence-changed", "oneof-removed"]
    # proto3 optional fields live in synthetic oneofs: not a oneof change.
    optional = proto3("message A { optional int32 a = 1; }\n")
    renamed = proto3("message A { optional int32 a = 1; optional int32 b = 2; }\n")
    assert ids(diff_one(tmp_path, optional, renamed)) == ["field-added"]


def test_default_values_in_proto2(tmp_path: Path) -> None:
    old = 'syntax = "proto2";\npackage p;\nmessage A { optional int32 a = 1 [default = 5]; }\n'
    change = only(diff_one(tmp_path, old, old.replace("5", "6")), "field-default-changed")
    assert change.message == "the default of field p.A.a changed from '5' to '6'"
    assert diff_one(tmp_path, old, old) == []


def test_field_options_that_shape_generated_code(tmp_path: Path) -> None:
    old = proto3("message A { int64 id = 1; string s = 2; }\n")
    new = proto3("message A { int64 id = 1 [jstype = JS_STRING]; string s = 2; }\n")
    change = only(diff_one(tmp_path, old, new), "field-option-changed")
    assert change.message == "the jstype of field shop.v1.A.id changed from 0 to 1"
    # jstype applies to 64-bit integers only: a field that just became one is a type change.
    narrow = proto3("message A { int32 id = 1; string s = 2; }\n")
    assert ids(diff_one(tmp_path, narrow, new)) == ["field-type-changed-json-incompatible"]
    unchecked = ('edition = "2023";\npackage shop.v1;\nmessage A { int64 id = 1; '
                 "string s = 2 [features.utf8_validation = NONE]; }\n")
    # Java follows the field's UTF-8 validation; both fields gain explicit presence.
    assert [c.message for c in diff_one(tmp_path, old, unchecked)
            if c.rule == "field-option-changed"] == [
        "the UTF-8 validation of field shop.v1.A.s changed from verify to none",
        "the Java UTF-8 validation of field shop.v1.A.s changed from VERIFY to NONE"]


def test_reservations_removed_or_kept(tmp_path: Path) -> None:
    fewer = BASE.replace("reserved 10 to 12, 20;", "reserved 10 to 11, 20;")
    change = only(diff_one(tmp_path, BASE, fewer), "reserved-number-removed")
    assert change.message == "message shop.v1.Order no longer reserves 10 to 12"
    unnamed = BASE.replace('  reserved "legacy";\n', "")
    assert ids(diff_one(tmp_path, BASE, unnamed)) == ["reserved-name-removed"]
    wider = BASE.replace("reserved 10 to 12, 20;", "reserved 10 to 25;")
    assert diff_one(tmp_path, BASE, wider) == []
    split = BASE.replace("reserved 10 to 12, 20;", "reserved 10, 11 to 12, 20;")
    assert diff_one(tmp_path, BASE, split) == []


def test_extension_ranges(tmp_path: Path) -> None:
    old = 'syntax = "proto2";\npackage p;\nmessage A { extensions 100 to 199; }\n'
    new = 'syntax = "proto2";\npackage p;\nmessage A { extensions 100 to 149; }\n'
    change = only(diff_one(tmp_path, old, new), "extension-range-removed")
    assert change.message == "message p.A no longer has the extension range 100 to 199"
    assert diff_one(tmp_path, old, old.replace("199", "max")) == []


def test_json_format_and_descriptor_accessor(tmp_path: Path) -> None:
    old = 'edition = "2023";\npackage p;\nmessage A { int32 a = 1; }\n'
    legacy = old.replace("message A {", "message A {\n  option features.json_format = "
                                        "LEGACY_BEST_EFFORT;")
    change = only(diff_one(tmp_path, old, legacy), "json-format-changed")
    assert change.message == ("the JSON format of message p.A changed from allow to "
                              "legacy-best-effort")
    # Gaining JSON support breaks no reader.
    assert diff_one(tmp_path, legacy, old) == []
    hidden = old.replace("message A {", "message A {\n  option no_standard_descriptor_accessor "
                                        "= true;")
    assert ids(diff_one(tmp_path, old, hidden)) == ["message-descriptor-accessor-removed"]
    assert diff_one(tmp_path, hidden, old) == []


def test_map_value_type_changes_are_reported_on_the_entry(tmp_path: Path) -> None:
    old = proto3("message A { map<string, int32> counts = 1; }\n")
    new = proto3("message A { map<string, string> counts = 1; }\n")
    change = only(diff_one(tmp_path, old, new), "field-type-changed")
    assert change.operation == "shop.v1.A.CountsEntry.value"


def test_an_enum_type_moved_to_another_package(tmp_path: Path) -> None:
    old = {"a.proto": proto3("enum Color { COLOR_ZERO = 0; COLOR_RED = 1; }\n"
                             "message A { Color f = 1; }\n")}
    kept = {"a.proto": proto3('import "b.proto";\nmessage A { paint.v1.Color f = 1; }\n'),
            "b.proto": proto3("enum Color { COLOR_ZERO = 0; COLOR_RED = 1; COLOR_BLUE = 2; }\n",
                              package="paint.v1")}
    # The same name with every old value (one added): binary and JSON still read it.
    changes = diff_trees(tmp_path / "kept", old, kept)
    change = only(changes, "field-type-changed-wire-compatible")
    assert change.message == "field shop.v1.A.f changed type from shop.v1.Color to paint.v1.Color"
    fewer = {**kept, "b.proto": proto3("enum Color { COLOR_ZERO = 0; }\n", package="paint.v1")}
    assert "field-type-changed" in ids(diff_trees(tmp_path / "fewer", old, fewer))


def test_extension_fields_are_compared_like_fields(tmp_path: Path) -> None:
    old = ('syntax = "proto2";\npackage p;\nmessage A { extensions 100 to 199; }\n'
           "extend A { optional int64 n = 100 [default = 1]; }\n")
    repeated = old.replace("optional int64 n = 100 [default = 1]", "repeated int64 n = 100")
    assert ids(diff_one(tmp_path, old, repeated)) == ["field-cardinality-changed"]
    other_default = old.replace("default = 1", "default = 2")
    change = only(diff_one(tmp_path, old, other_default), "field-default-changed")
    assert change.message == "the default of field p.n changed from '1' to '2'"
    as_string = old.replace("[default = 1]", "[default = 1, jstype = JS_STRING]")
    assert ids(diff_one(tmp_path, old, as_string)) == ["field-option-changed"]


def test_renumbered_enum_values_by_reservation(tmp_path: Path) -> None:
    old = proto3("enum E { E_ZERO = 0; E_ONE = 1; E_TWO = 2; }\n")
    moved = old.replace("E_TWO = 2;", "E_TWO = 3;")
    assert ids(diff_one(tmp_path, old, moved)) == ["enum-value-renumbered"]
    reserved = old.replace("E_TWO = 2;", "E_TWO = 3; reserved 2;")
    change = only(diff_one(tmp_path, old, reserved, ["WIRE"]),
                  "enum-value-renumbered-number-reserved")
    assert change.level is Level.DANGEROUS
    assert only(diff_one(tmp_path, old, reserved, ["WIRE_JSON"]),
                "enum-value-renumbered-number-reserved").level is Level.BREAKING


def test_json_support_gained_with_a_syntax_change_is_not_a_break(tmp_path: Path) -> None:
    two = ('syntax = "proto2";\npackage p;\nenum E { E_ZERO = 0; }\n'
           "message A { optional int32 x = 1; }\n")
    three = ('syntax = "proto3";\npackage p;\nenum E { E_ZERO = 0; }\n'
             "message A { optional int32 x = 1; }\n")
    # The enum opens (a change), message and enum gain JSON support (none).
    assert sorted(ids(diff_one(tmp_path, two, three))) == ["enum-type-changed",
                                                           "file-syntax-changed"]
    # The other way round, both lose JSON support (and the enum closes).
    assert sorted(ids(diff_one(tmp_path, three, two))) == [
        "enum-type-changed", "file-syntax-changed", "json-format-changed",
        "json-format-changed"]
