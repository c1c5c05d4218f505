"""A directory contract that imports from include directories: what it names for a
publish (``Contract.support``), and reading those files back from its ``.include``."""

from __future__ import annotations

from pathlib import Path

from accord.kinds.protobuf import ProtobufKind
from accord.kinds.protocol import DiffOptions
from accord.lint import STRICT, LintRun, lint
from tests.kinds.protobuf.support import write

MONEY = """
    syntax = "proto3";
    package dep.v1;
    message Money { int64 units = 1; string currency = 2; }
    """
ORDER = """
    syntax = "proto3";
    package shop.v1;
    import "dep/v1/money.proto";
    import "google/protobuf/timestamp.proto";
    message Order { string id = 1; dep.v1.Money total = 2; google.protobuf.Timestamp at = 3; }
    """


def test_imports_from_include_directories_are_named_for_the_publish(tmp_path: Path) -> None:
    vendor = write(tmp_path / "third_party", {"dep/v1/money.proto": MONEY})
    contract = write(tmp_path / "protos", {"shop/v1/order.proto": ORDER})
    loaded = ProtobufKind(include=[str(vendor)]).load(contract)
    assert loaded.files == (str(contract / "shop/v1/order.proto"),)
    # The well-known types are not sent: every reader has them.
    assert dict(loaded.support) == {".include/dep/v1/money.proto":
                                    str(vendor / "dep/v1/money.proto")}
    assert loaded.model.roots == ("shop/v1/order.proto",)


def test_a_directory_with_its_include_folder_compiles_without_the_option(
        tmp_path: Path) -> None:
    published = write(tmp_path / "published", {"shop/v1/order.proto": ORDER,
                                               ".include/dep/v1/money.proto": MONEY})
    kind = ProtobufKind()
    loaded = kind.load(published)
    # The imported file is read, but it is not part of the contract: not diffed, not linted.
    assert loaded.model.roots == ("shop/v1/order.proto",)
    assert "dep/v1/money.proto" in loaded.model.files
    assert dict(loaded.support) == {".include/dep/v1/money.proto":
                                    str(published / ".include/dep/v1/money.proto")}
    changed = write(tmp_path / "changed", {"shop/v1/order.proto": ORDER.replace(
        "dep.v1.Money total = 2;", "int64 total = 2;"), ".include/dep/v1/money.proto": MONEY})
    changes = kind.diff(loaded, kind.load(changed), DiffOptions())
    # A message field that became a scalar loses explicit presence too.
    assert [c.rule for c in changes] == ["field-type-changed", "field-presence-changed"]
    # Lint reads only the contract's own file (money.proto has no comments to miss).
    report = lint(kind.load_lenient(published), kind.lint_rules(), LintRun(ruleset=STRICT))
    assert report.findings
    assert {f.location.file for f in report.findings} <= {
        str(published) + "/shop/v1/order.proto"}


def test_an_include_directory_inside_the_contract_holds_imports(tmp_path: Path) -> None:
    contract = write(tmp_path / "protos", {"shop/v1/order.proto": ORDER,
                                           "vendor/dep/v1/money.proto": MONEY})
    loaded = ProtobufKind(include=[str(contract / "vendor")]).load(contract)
    # Its files are imports (not the contract's own), sent under .include/.
    assert loaded.model.roots == ("shop/v1/order.proto",)
    assert dict(loaded.support) == {".include/dep/v1/money.proto":
                                    str(contract / "vendor/dep/v1/money.proto")}
