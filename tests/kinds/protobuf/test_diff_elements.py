"""Diff rules for files, packages, messages, enums, services and extensions."""

from __future__ import annotations

from pathlib import Path

from accord.core.change import Level
from accord.kinds.protocol import DiffOptions
from tests.kinds.protobuf.support import KIND, diff_one, diff_trees, ids, load, only, proto3, write

SERVICE = proto3("""
    import "google/protobuf/empty.proto";
    service Orders {
      rpc GetOrder(GetOrderRequest) returns (Order);
      rpc Watch(GetOrderRequest) returns (stream Order);
      rpc Ping(google.protobuf.Empty) returns (google.protobuf.Empty) {
        option idempotency_level = NO_SIDE_EFFECTS;
      }
    }
    message GetOrderRequest { string id = 1; }
    message Order { string id = 1; }
""")

ENUM = proto3("""
    enum Status {
      STATUS_UNSPECIFIED = 0;
      STATUS_OPEN = 1;
      STATUS_CLOSED = 2;
      reserved 5 to 7;
      reserved "STATUS_LOST";
    }
""")


def test_rpc_removed_and_added(tmp_path: Path) -> None:
    removed = SERVICE.replace("  rpc Watch(GetOrderRequest) returns (stream Order);\n", "")
    change = only(diff_one(tmp_path, SERVICE, removed), "rpc-removed")
    assert change.operation == "shop.v1.Orders/Watch" and change.level is Level.BREAKING
    assert change.location.line == 7  # in the base: line 3 is blank
    change = only(diff_one(tmp_path, removed, SERVICE), "rpc-added")
    assert change.addition and change.level is Level.SAFE


def test_rpc_types_streaming_and_idempotency(tmp_path: Path) -> None:
    new = SERVICE.replace("rpc GetOrder(GetOrderRequest) returns (Order)",
                          "rpc GetOrder(Order) returns (GetOrderRequest)").replace(
        "returns (stream Order)", "returns (Order)").replace(
        "NO_SIDE_EFFECTS", "IDEMPOTENT")
    changes = diff_one(tmp_path, SERVICE, new)
    assert sorted(ids(changes)) == ["rpc-idempotency-changed", "rpc-request-type-changed",
                                    "rpc-response-type-changed", "rpc-streaming-changed"]
    assert only(changes, "rpc-streaming-changed").message == \
        "RPC shop.v1.Orders/Watch no longer streams on the server side"
    assert only(changes, "rpc-idempotency-changed").message == (
        "the idempotency_level of RPC shop.v1.Orders/Ping changed from NO_SIDE_EFFECTS to "
        "IDEMPOTENT")
    assert only(changes, "rpc-request-type-changed").message == (
        "the request type of RPC shop.v1.Orders/GetOrder changed from shop.v1.GetOrderRequest "
        "to shop.v1.Order")
    client = SERVICE.replace("rpc Watch(GetOrderRequest)", "rpc Watch(stream GetOrderRequest)")
    assert only(diff_one(tmp_path, SERVICE, client), "rpc-streaming-changed").message == \
        "RPC shop.v1.Orders/Watch now streams on the client side"


def test_services_messages_and_enums_removed_and_added(tmp_path: Path) -> None:
    bare = proto3("message Other { string id = 1; }\n")
    full = proto3("""
        message Other {
          string id = 1;
          message Inner { enum Kind { KIND_UNSPECIFIED = 0; } }
        }
        message Extra { message Nested { string x = 1; } }
        enum Color { COLOR_UNSPECIFIED = 0; }
        service Paint { rpc Mix(Other) returns (Other); }
    """)
    removed = diff_one(tmp_path, full, bare)
    # Nested elements of a removed element are reported too (buf names each).
    assert sorted((c.rule, c.operation) for c in removed) == [
        ("enum-removed", "shop.v1.Color"), ("enum-removed", "shop.v1.Other.Inner.Kind"),
        ("message-removed", "shop.v1.Extra"), ("message-removed", "shop.v1.Extra.Nested"),
        ("message-removed", "shop.v1.Other.Inner"), ("service-removed", "shop.v1.Paint")]
    added = diff_one(tmp_path, bare, full)
    assert sorted(ids(added)) == ["enum-added", "message-added", "message-added",
                                  "service-added"]
    assert all(c.addition and c.level is Level.SAFE for c in added)


def test_enum_values(tmp_path: Path) -> None:
    removed = ENUM.replace("  STATUS_CLOSED = 2;\n", "")
    change = only(diff_one(tmp_path, ENUM, removed), "enum-value-removed-unreserved")
    assert change.hint == 'add `reserved 2; reserved "STATUS_CLOSED";` to enum Status'
    assert change.operation == "shop.v1.STATUS_CLOSED"
    number_kept = ENUM.replace("  STATUS_CLOSED = 2;\n", "").replace("reserved 5 to 7;",
                                                                    "reserved 2, 5 to 7;")
    assert ids(diff_one(tmp_path, ENUM, number_kept)) == ["enum-value-removed-name-unreserved"]
    both_kept = number_kept.replace('reserved "STATUS_LOST";',
                                    'reserved "STATUS_LOST", "STATUS_CLOSED";')
    assert ids(diff_one(tmp_path, ENUM, both_kept)) == ["enum-value-removed"]
    added = ENUM.replace("  STATUS_CLOSED = 2;\n", "  STATUS_CLOSED = 2;\n  STATUS_HELD = 3;\n")
    change = only(diff_one(tmp_path, ENUM, added), "enum-value-added")
    assert change.addition and change.message == \
        "enum value STATUS_HELD = 3 was added to shop.v1.Status"


def test_enum_renames_renumbering_and_aliases(tmp_path: Path) -> None:
    renamed = ENUM.replace("STATUS_CLOSED = 2", "STATUS_DONE = 2")
    change = only(diff_one(tmp_path, ENUM, renamed), "enum-value-renamed")
    assert change.message == "enum value STATUS_CLOSED = 2 of shop.v1.Status was renamed to " \
        "STATUS_DONE"
    renumbered = ENUM.replace("STATUS_CLOSED = 2", "STATUS_CLOSED = 3")
    assert ids(diff_one(tmp_path, ENUM, renumbered)) == ["enum-value-renumbered"]
    aliased = ENUM.replace("  STATUS_UNSPECIFIED = 0;\n", "  option allow_alias = true;\n"
                           "  STATUS_UNSPECIFIED = 0;\n").replace(
        "STATUS_CLOSED = 2;", "STATUS_CLOSED = 2;\n  STATUS_DONE = 2;")
    # An alias added next to the old name keeps the name: not a rename.
    assert ids(diff_one(tmp_path, ENUM, aliased)) == []


def test_enum_reservations_and_type(tmp_path: Path) -> None:
    fewer = ENUM.replace("reserved 5 to 7;", "reserved 5 to 6;")
    change = only(diff_one(tmp_path, ENUM, fewer), "reserved-number-removed")
    assert change.message == "enum shop.v1.Status no longer reserves 5 to 7"
    unnamed = ENUM.replace('  reserved "STATUS_LOST";\n', "")
    assert ids(diff_one(tmp_path, ENUM, unnamed)) == ["reserved-name-removed"]
    edition = ('edition = "2023";\npackage shop.v1;\nenum Status {\n'
               "  STATUS_UNSPECIFIED = 0;\n  STATUS_OPEN = 1;\n  STATUS_CLOSED = 2;\n"
               '  reserved 5 to 7;\n  reserved STATUS_LOST;\n}\n')
    closed = edition.replace("enum Status {", "enum Status {\n  option features.enum_type = "
                             "CLOSED;")
    change = only(diff_one(tmp_path, edition, closed), "enum-type-changed")
    assert change.message == "the type (open or closed) of enum shop.v1.Status changed from " \
        "open to closed"
    legacy = edition.replace("enum Status {", "enum Status {\n  option features.json_format = "
                             "LEGACY_BEST_EFFORT;")
    assert ids(diff_one(tmp_path, edition, legacy)) == ["json-format-changed"]
    # proto3 to edition 2023 keeps open enums: only the syntax changed.
    assert ids(diff_one(tmp_path, ENUM, edition)) == ["file-syntax-changed"]


def test_files_packages_and_moves(tmp_path: Path) -> None:
    old = {"a.proto": proto3("message A { string id = 1; }\nmessage B { string id = 1; }\n"),
           "c.proto": proto3("message C { string id = 1; }\n", package="other.v1")}
    new = {"a.proto": proto3("message A { string id = 1; }\n"),
           "b.proto": proto3("message B { string id = 1; }\n")}
    changes = diff_trees(tmp_path, old, new)
    # What a removed file or package held is reported through that removal alone.
    assert sorted((c.rule, c.operation) for c in changes) == [
        ("file-added", "b.proto"), ("file-removed", "c.proto"),
        ("moved-to-another-file", "shop.v1.B"), ("package-removed", "other.v1")]
    moved = only(changes, "moved-to-another-file")
    assert moved.message == "message shop.v1.B moved from a.proto to b.proto"
    assert moved.location.file is not None and moved.location.file.endswith("new/b.proto")


def test_package_syntax_and_file_options(tmp_path: Path) -> None:
    old = proto3('option go_package = "example.com/shop/v1;shopv1";\nmessage A {}\n')
    new = proto3('option go_package = "example.com/shop/v2;shopv2";\nmessage A {}\n')
    change = only(diff_one(tmp_path, old, new), "file-option-changed")
    assert change.message == ("option go_package of shop.proto changed from "
                              "'example.com/shop/v1;shopv1' to 'example.com/shop/v2;shopv2'")
    assert change.location.line == 3 and change.location.file.endswith("new/shop.proto")
    dropped = proto3("message A {}\n")
    change = only(diff_one(tmp_path, old, dropped), "file-option-changed")
    assert change.location.file.endswith("old/shop.proto")  # where the option was
    # java_multiple_files = false is the default: writing it changes nothing.
    explicit = proto3("option java_multiple_files = false;\nmessage A {}\n")
    assert diff_one(tmp_path, dropped, explicit) == []
    moved = proto3("message A {}\n", package="shop.v2")
    changes = diff_one(tmp_path, dropped, moved)
    # The file still holds A (FILE), and the package that lost it is gone (PACKAGE).
    assert sorted(ids(changes)) == ["file-package-changed", "message-added", "package-removed"]
    two = 'syntax = "proto2";\npackage shop.v1;\nmessage A {}\n'
    change = only(diff_one(tmp_path, two, dropped), "file-syntax-changed")
    assert change.message == "shop.proto changed from proto2 to proto3"


def test_extensions(tmp_path: Path) -> None:
    old = ('syntax = "proto2";\npackage p;\nmessage A { extensions 100 to 199; }\n'
           "extend A { optional int32 weight = 100; optional string tag = 101; }\n")
    changes = diff_one(tmp_path, old, old.replace(" optional string tag = 101;", ""))
    assert ids(changes) == ["extension-removed"] and changes[0].operation == "p.tag"
    renumbered = old.replace("weight = 100", "weight = 102")
    assert ids(diff_one(tmp_path, old, renumbered)) == ["extension-removed"]
    retyped = old.replace("int32 weight", "string weight")
    assert ids(diff_one(tmp_path, old, retyped)) == ["field-type-changed"]
    assert diff_one(tmp_path, old, old) == []


def test_two_single_files_are_compared_whatever_their_names(tmp_path: Path) -> None:
    old = write(tmp_path / "a", {"orders_v1.proto": SERVICE}) / "orders_v1.proto"
    new = write(tmp_path / "b", {"orders_next.proto": SERVICE.replace(
        "message Order { string id = 1; }", "message Order { string id = 1; int32 n = 2; }")})
    changes = KIND.diff(load(old), load(new / "orders_next.proto"), DiffOptions())
    assert ids(changes) == ["field-added"]
