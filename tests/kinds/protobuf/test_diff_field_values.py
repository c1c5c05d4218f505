"""Field defaults compared as values, delimited message encoding, and the C++ and Java
features that change generated code (each rule triggered, and its look-alikes not)."""

from __future__ import annotations

from pathlib import Path

from tests.kinds.protobuf.support import diff_one, ids, only, proto3

PROTO2 = 'syntax = "proto2";\npackage p;\n'
EDITION = 'edition = "2023";\npackage p;\n'
CPP = 'import "google/protobuf/cpp_features.proto";\n'
JAVA = 'import "google/protobuf/java_features.proto";\n'
COLOR = "enum Color { RED = 1; GREEN = 2; BLUE = 3; }\n"


def _defaults(tmp_path: Path, old: str, new: str) -> list[str]:
    return [c.message for c in diff_one(tmp_path, PROTO2 + old, PROTO2 + new)
            if c.rule == "field-default-changed"]


def test_a_bool_default_read_as_an_integer_keeps_its_value(tmp_path: Path) -> None:
    old = "message A { optional bool on = 1 [default = true]; }\n"
    assert _defaults(tmp_path, old, old.replace("bool on = 1 [default = true]",
                                                "int32 on = 1 [default = 1]")) == []
    assert _defaults(tmp_path, old, old.replace("bool on = 1 [default = true]",
                                                "int32 on = 1 [default = 2]")) == [
        "the default of field p.A.on changed from 'true' to '2'"]


def test_an_enum_default_is_compared_by_number(tmp_path: Path) -> None:
    old = COLOR + "message A { optional Color c = 1 [default = GREEN]; }\n"
    as_number = old.replace("Color c = 1 [default = GREEN]", "uint32 c = 1 [default = 2]")
    assert _defaults(tmp_path, old, as_number) == []
    other = old.replace("[default = GREEN]", "[default = BLUE]")
    assert _defaults(tmp_path, old, other) == [
        "the default of field p.A.c changed from 'GREEN' to 'BLUE'"]


def test_an_unset_default_is_the_zero_of_the_type(tmp_path: Path) -> None:
    old = COLOR + "message A { optional int32 n = 1; optional Color c = 2; }\n"
    explicit = old.replace("int32 n = 1;", "int32 n = 1 [default = 0];").replace(
        "Color c = 2;", "Color c = 2 [default = RED];")  # RED, the first value
    assert _defaults(tmp_path, old, explicit) == []
    assert _defaults(tmp_path, old, old.replace("int32 n = 1;", "int32 n = 1 [default = 7];")) \
        == ["the default of field p.A.n changed from (none) to '7'"]


def test_a_default_written_when_moving_to_editions(tmp_path: Path) -> None:
    old = proto3("message A { string s = 1; repeated string r = 2; }\n", "p")
    new = EDITION + 'message A { string s = 1 [default = "x"]; repeated string r = 2; }\n'
    change = only(diff_one(tmp_path, old, new), "field-default-changed")
    assert change.message == "the default of field p.A.s changed from (none) to 'x'"


def test_a_message_field_that_becomes_delimited_changes_its_wire_type(tmp_path: Path) -> None:
    old = EDITION + "message A { B b = 1; B c = 2; }\nmessage B {}\n"
    new = old.replace("B b = 1;", "B b = 1 [features.message_encoding = DELIMITED];")
    change = only(diff_one(tmp_path, old, new), "field-type-changed")
    assert change.message == "field p.A.b changed type from p.B to p.B (delimited)"
    # The file-wide feature reaches every message field.
    whole = EDITION + "option features.message_encoding = DELIMITED;\n" + old[len(EDITION):]
    assert ids(diff_one(tmp_path, old, whole)) == ["field-type-changed"] * 2
    # A proto2 group and an editions delimited field are the same encoding.
    group = PROTO2 + "message A { optional group G = 1 { optional int32 x = 1; } }\n"
    assert [c for c in diff_one(tmp_path, group, group) if c.rule.startswith("field-type")] \
        == []


def test_the_cpp_string_type_from_ctype_or_the_feature(tmp_path: Path) -> None:
    old = EDITION + CPP + "message A { string s = 1; bytes b = 2 [ctype = CORD]; }\n"
    view = old.replace("string s = 1;", "string s = 1 [features.(pb.cpp).string_type = VIEW];")
    change = only(diff_one(tmp_path, old, view), "field-option-changed")
    assert change.message == "the C++ string type of field p.A.s changed from STRING to VIEW"
    # ctype = CORD and the CORD feature are the same representation.
    same = old.replace("[ctype = CORD]", "[features.(pb.cpp).string_type = CORD]")
    assert diff_one(tmp_path, old, same) == []


def test_a_string_piece_may_become_a_plain_string(tmp_path: Path) -> None:
    piece = 'syntax = "proto2";\npackage p;\n' \
        "message A { optional string s = 1 [ctype = STRING_PIECE]; }\n"
    plain = piece.replace(" [ctype = STRING_PIECE]", "")
    # A std::string holds whatever a piece held; the other way round is a change.
    assert diff_one(tmp_path, piece, plain) == []
    change = only(diff_one(tmp_path, plain, piece), "field-option-changed")
    assert change.message == ("the C++ string type of field p.A.s changed from STRING to "
                              "STRING_PIECE")


def test_a_file_wide_cpp_string_type_skips_map_fields(tmp_path: Path) -> None:
    body = "message A { string s = 1; map<string, string> m = 2; }\n"
    old = EDITION + CPP + body
    new = EDITION + CPP + "option features.(pb.cpp).string_type = CORD;\n" + body
    change = only(diff_one(tmp_path, old, new), "field-option-changed")
    assert change.message == "the C++ string type of field p.A.s changed from STRING to CORD"


def test_java_utf8_validation_from_the_file_option(tmp_path: Path) -> None:
    # proto3 strings are checked anyway: the option changes nothing.
    old = proto3("message A { string s = 1; bytes b = 2; int32 n = 3; }\n", "p")
    checked = old.replace("package p;\n", "package p;\noption java_string_check_utf8 = true;\n")
    assert diff_one(tmp_path, old, checked) == []
    # proto2 strings are not, until the option says so (bytes and numbers never are).
    two = 'syntax = "proto2";\npackage p;\n' \
        "message A { optional string s = 1; optional bytes b = 2; }\n"
    checked = two.replace("package p;\n", "package p;\noption java_string_check_utf8 = true;\n")
    change = only(diff_one(tmp_path, two, checked), "field-option-changed")
    assert change.message == "the Java UTF-8 validation of field p.A.s changed from NONE to VERIFY"
    assert ids(diff_one(tmp_path, two, checked)) == ["field-option-changed"]


def test_java_utf8_validation_from_the_editions_feature(tmp_path: Path) -> None:
    unchecked = EDITION + JAVA + "option features.utf8_validation = NONE;\n" \
        "message A { string s = 1; string t = 2; }\n"
    new = unchecked.replace("string t = 2;",
                            "string t = 2 [features.(pb.java).utf8_validation = VERIFY];")
    change = only(diff_one(tmp_path, unchecked, new), "field-option-changed")
    assert change.message == ("the Java UTF-8 validation of field p.A.t changed from NONE "
                              "to VERIFY")
    # Editions check UTF-8 by default: asking Java to verify too, or to follow the
    # default, changes nothing.
    old = EDITION + JAVA + "message A { string s = 1; string t = 2; }\n"
    for value in ("VERIFY", "DEFAULT"):
        same = old.replace("string t = 2;",
                           f"string t = 2 [features.(pb.java).utf8_validation = {value}];")
        assert diff_one(tmp_path, old, same) == []


def test_a_map_rewritten_as_repeated_entries_keeps_the_wire_not_json(tmp_path: Path) -> None:
    old = proto3("message A { map<string, int32> counts = 1; }\n", "p")
    # The same entries on the wire (key = 1, value = 2), but JSON has an array now.
    new = proto3("message A {\n  repeated CountsEntry counts = 1;\n"
                 "  message CountsEntry { string key = 1; int32 value = 2; }\n}\n", "p")
    changes = diff_one(tmp_path, old, new)
    change = only(changes, "field-cardinality-changed-wire-compatible")
    assert change.message == "field p.A.counts changed from a map to a repeated field"
    assert "field-type-changed" not in ids(changes)
    back = only(diff_one(tmp_path, new, old), "field-cardinality-changed-wire-compatible")
    assert back.message == "field p.A.counts changed from a repeated field to a map"
    assert diff_one(tmp_path, old, old) == []
