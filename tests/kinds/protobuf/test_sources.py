"""Source info on demand: a diff compiles without it and fetches it for the files its
changes are in; the locations are those of a tree compiled with it at once."""

from __future__ import annotations

from pathlib import Path

from accord.kinds.protobuf.model import ProtoModel
from accord.kinds.protocol import DiffOptions
from tests.kinds.protobuf.support import KIND, NEW_TREE, OLD_TREE, write

OLD = {"shop/v1/order.proto": """
    syntax = "proto3";
    package shop.v1;
    // An order.
    message Order {
      string id = 1;
      string note = 2;
    }
    """, "shop/v1/item.proto": """
    syntax = "proto3";
    package shop.v1;
    message Item { string sku = 1; }
    """}
NEW = {**OLD, "shop/v1/order.proto": """
    syntax = "proto3";
    package shop.v1;
    // An order.
    message Order {
      string id = 1;
    }
    """}


def test_lazy_and_eager_loads_locate_changes_alike() -> None:
    lazy = KIND.diff(KIND.load(OLD_TREE), KIND.load(NEW_TREE), DiffOptions())
    eager = KIND.diff(KIND.load_lenient(OLD_TREE), KIND.load_lenient(NEW_TREE), DiffOptions())
    assert lazy == eager
    assert all(c.location.line is not None for c in lazy)


def test_only_the_files_with_changes_are_compiled_again(tmp_path: Path) -> None:
    base, revision = KIND.load(write(tmp_path / "a", OLD)), KIND.load(write(tmp_path / "b", NEW))
    asked: list[list[str]] = []
    for contract in (base, revision):
        model: ProtoModel = contract.model
        fetch = model.fetch_sources
        assert fetch is not None
        assert not model.files["shop/v1/order.proto"].HasField("source_code_info")

        def spy(names, fetch=fetch):  # type: ignore[no-untyped-def]
            asked.append(list(names))
            return fetch(names)

        object.__setattr__(model, "fetch_sources", spy)
    (change,) = KIND.diff(base, revision, DiffOptions())
    assert change.rule == "field-removed-unreserved"
    # The removal is located in the base (where the field was): line 6, 'string note = 2;'.
    assert (change.location.file, change.location.line) == (
        str(tmp_path / "a") + "/shop/v1/order.proto", 6)
    assert asked == [["shop/v1/order.proto"]]


def test_a_file_changed_since_loading_is_not_misplaced(tmp_path: Path) -> None:
    base, revision = KIND.load(write(tmp_path / "a", OLD)), KIND.load(write(tmp_path / "b", NEW))
    # Rewrite the base after loading: its lines no longer say where the field was.
    (tmp_path / "a" / "shop/v1/order.proto").write_text("// moved\n\n\n" + (
        tmp_path / "a" / "shop/v1/order.proto").read_text())
    (change,) = KIND.diff(base, revision, DiffOptions())
    assert change.location.line is None
    assert change.location.pointer == "/message_type/0/field/1"
