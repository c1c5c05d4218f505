"""Removals judged per file (FILE) and per package (PACKAGE), as ``buf breaking`` judges
them: what a removed file or package held is reported through that removal, nested
elements each on their own. Every expectation here is what buf 1.75.0 reports for
the same pair, category by category."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from accord.core.change import Change, Level
from accord.kinds.protocol import DiffOptions
from tests.kinds.protobuf.support import KIND, diff_trees, ids, load, only, proto3, write

A = proto3("message A { string id = 1; }\n")


def levels(changes: Sequence[Change]) -> dict[str, str]:
    return {f"{c.rule} {c.operation}": c.level.value for c in changes if not c.addition}


def test_a_removed_file_whose_package_lives_on(tmp_path: Path) -> None:
    old = {"a.proto": A, "b.proto": proto3(
        'import "a.proto";\nenum E { E_ZERO = 0; }\nmessage B { message N {} }\n'
        "service S { rpc Get(A) returns (A); }\n")}
    # FILE: the file's removal alone. PACKAGE: each element the package lost.
    assert levels(diff_trees(tmp_path / "f", old, {"a.proto": A})) == {
        "file-removed b.proto": "breaking",
        "left-package-with-file shop.v1.E": "dangerous",
        "left-package-with-file shop.v1.B": "dangerous",
        "left-package-with-file shop.v1.B.N": "dangerous",
        "left-package-with-file shop.v1.S": "dangerous"}
    package = diff_trees(tmp_path / "p", old, {"a.proto": A}, ["PACKAGE"])
    assert only(package, "file-removed").level is Level.DANGEROUS
    assert {c.level for c in package if c.rule == "left-package-with-file"} == {
        Level.BREAKING}
    change = next(c for c in package if c.operation == "shop.v1.B")
    assert change.message == "message shop.v1.B left package shop.v1: its file b.proto was removed"


def test_a_removed_file_that_took_its_package(tmp_path: Path) -> None:
    old = {"a.proto": A, "b.proto": proto3("message B {}\n", package="other.v1")}
    changes = diff_trees(tmp_path, old, {"a.proto": A}, ["PACKAGE"])
    assert sorted(ids(changes)) == ["file-removed", "package-removed"]


def test_a_file_whose_package_changed(tmp_path: Path) -> None:
    old = {"a.proto": A, "c.proto": proto3("message C {}\n")}
    new = {"a.proto": proto3("message A { string id = 1; }\n", package="shop.v2"),
           "c.proto": proto3("message C {}\n")}
    # The file still holds A (FILE); shop.v1 lives on in c.proto and lost A (PACKAGE).
    changes = diff_trees(tmp_path, old, new, ["PACKAGE"])
    assert sorted(ids(changes)) == ["file-package-changed", "left-package-with-file",
                                    "message-added"]
    assert only(changes, "left-package-with-file").message == (
        "message shop.v1.A left package shop.v1: its file a.proto moved to package shop.v2")


def test_a_file_moved_inside_a_directory_contract(tmp_path: Path) -> None:
    # Directories are matched by path even when each holds one file; a message moved
    # along with its file is reported through the file's removal only.
    changes = diff_trees(tmp_path, {"a.proto": A}, {"sub/a.proto": A})
    assert ids(changes) == ["file-removed", "file-added"]
    assert only(changes, "file-removed").level is Level.BREAKING
    # Two single-file contracts are still compared file to file.
    old = write(tmp_path / "one", {"a.proto": A}) / "a.proto"
    new = write(tmp_path / "two", {"b.proto": A}) / "b.proto"
    assert KIND.diff(load(old), load(new), DiffOptions()) == []


def test_nested_elements_are_reported_each(tmp_path: Path) -> None:
    old = {"a.proto": proto3("message A { message N { string z = 1; } }\nmessage B {}\n"),
           "b.proto": proto3("message C {}\n")}
    moved = {"a.proto": proto3("message B {}\n"),
             "b.proto": proto3("message C {}\nmessage A { message N { string z = 1; } }\n")}
    changes = diff_trees(tmp_path / "m", old, moved)
    assert sorted((c.rule, c.operation) for c in changes) == [
        ("moved-to-another-file", "shop.v1.A"), ("moved-to-another-file", "shop.v1.A.N")]
    # Moves stay within the package: PACKAGE sees nothing to break.
    assert levels(diff_trees(tmp_path / "p", old, moved, ["PACKAGE"])) == {
        "moved-to-another-file shop.v1.A": "dangerous",
        "moved-to-another-file shop.v1.A.N": "dangerous"}
