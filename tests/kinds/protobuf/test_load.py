"""Loading Protobuf contracts: one file, a directory, a ZIP; imports, include paths and
the well-known types; proto2, proto3 and editions; protoc's errors as AccordErrors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from accord.core.errors import AccordError, ErrorCode
from accord.kinds import load_kinds
from accord.kinds.protobuf import ProtobufKind
from accord.kinds.protobuf import features as ft
from accord.kinds.protobuf.model import ProtoModel
from tests.kinds.protobuf.support import KIND, OLD_TREE, load, write

MONEY = """
    syntax = "proto3";
    package acme.common.v1;
    // An amount in one currency.
    message Money {
      string currency = 1; // ISO 4217
      int64 units = 2;
    }
"""
INVOICE = """
    syntax = "proto3";
    package acme.billing.v1;
    import "acme/common/v1/money.proto";
    import "google/protobuf/timestamp.proto";

    message Invoice {
      acme.common.v1.Money total = 1;
      google.protobuf.Timestamp issued = 2;
    }
"""


def tree(tmp_path: Path) -> Path:
    return write(tmp_path / "protos", {"acme/common/v1/money.proto": MONEY,
                                       "acme/billing/v1/invoice.proto": INVOICE})


def test_a_single_file_finds_its_imports_from_the_tree_and_the_well_known_types(
        tmp_path: Path) -> None:
    root = tree(tmp_path)
    entry = root / "acme/billing/v1/invoice.proto"
    contract = load(entry)
    model = contract.model
    assert isinstance(model, ProtoModel)
    # The entry is named as its neighbours import it; imports are not the contract's own.
    assert model.roots == ("acme/billing/v1/invoice.proto",)
    assert set(model.files) == {"acme/billing/v1/invoice.proto", "acme/common/v1/money.proto",
                                "google/protobuf/timestamp.proto"}
    assert contract.files == (str(entry.resolve()),
                              str((root / "acme/common/v1/money.proto").resolve()))
    assert contract.version is None and contract.source == str(entry)
    assert model.display["acme/billing/v1/invoice.proto"] == str(entry)
    assert model.display["google/protobuf/timestamp.proto"] == "google/protobuf/timestamp.proto"
    invoice = model.messages["acme.billing.v1.Invoice"].descriptor
    assert [f.type_name for f in invoice.field] == [".acme.common.v1.Money",
                                                    ".google.protobuf.Timestamp"]


def test_a_directory_is_every_proto_below_it(tmp_path: Path) -> None:
    root = tree(tmp_path)
    write(root, {".git/ignored.proto": "this is not protobuf"})
    contract = load(root)
    model = contract.model
    assert model.roots == ("acme/billing/v1/invoice.proto", "acme/common/v1/money.proto")
    assert contract.files == tuple(str((root / n).resolve()) for n in model.roots)
    assert model.display["acme/common/v1/money.proto"] == f"{root}/acme/common/v1/money.proto"


def test_locations_and_comments_come_from_the_source_info(tmp_path: Path) -> None:
    model = load(tree(tmp_path)).model
    money = model.messages["acme.common.v1.Money"]
    where = model.location(money.file, money.path)
    assert (where.line, where.column) == (4, 1)  # the comment is line 3
    assert where.pointer == "/message_type/0"
    assert where.file is not None and where.file.endswith("acme/common/v1/money.proto")
    assert model.comments(money.file, money.path) == "An amount in one currency."
    field = model.location(money.file, (*money.path, 2, 0))
    assert (field.line, field.column, field.pointer) == (5, 3, "/message_type/0/field/0")
    assert model.comments(money.file, (*money.path, 2, 0)) == "ISO 4217"
    assert model.comments(money.file, (*money.path, 2, 1)) == ""
    # A path without a span of its own falls back to the nearest enclosing one.
    assert model.location(money.file, (*money.path, 2, 0, 99)).line == 5


def test_a_zip_is_read_like_a_directory_even_inside_one_top_folder(tmp_path: Path) -> None:
    root = tree(tmp_path)
    archive = tmp_path / "protos.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(root.rglob("*.proto")):
            out.write(path, "bundle/" + path.relative_to(root).as_posix())
    contract = load(archive)
    assert contract.model.roots == ("acme/billing/v1/invoice.proto",
                                    "acme/common/v1/money.proto")
    assert contract.files == (str(archive.resolve()),)
    assert contract.model.display["acme/common/v1/money.proto"] == \
        f"{archive}/bundle/acme/common/v1/money.proto"
    assert KIND.sniff(archive, None) and KIND.sniff(root, None)
    assert not KIND.sniff(tmp_path / "protos" / "acme" / "nothing.yaml", None)


def test_unsafe_and_broken_zips_are_refused(tmp_path: Path) -> None:
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as out:
        out.writestr("../escape.proto", 'syntax = "proto3";')
    with pytest.raises(AccordError) as caught:
        load(evil)
    assert caught.value.code is ErrorCode.INVALID_CONTRACT and "unsafe" in caught.value.message
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(AccordError) as caught:
        load(broken)
    assert caught.value.code is ErrorCode.INVALID_CONTRACT and caught.value.hint


def test_proto2_and_editions_resolve_presence(tmp_path: Path) -> None:
    root = write(tmp_path / "p", {
        "two.proto": """
            syntax = "proto2";
            package p;
            message A { optional int32 a = 1; required string b = 2; repeated int32 c = 3; }
        """,
        "ed.proto": """
            edition = "2023";
            package e;
            option features.field_presence = IMPLICIT;
            message B {
              int32 a = 1;
              int32 b = 2 [features.field_presence = EXPLICIT];
              int32 c = 3 [features.field_presence = LEGACY_REQUIRED];
            }
        """,
        "three.proto": """
            syntax = "proto3";
            package t;
            message C { int32 a = 1; optional int32 b = 2; C c = 3; }
        """})
    model = load(root).model
    seen = {}
    for name in ("p.A", "e.B", "t.C"):
        found = model.messages[name]
        fdp = model.files[found.file]
        seen[name] = [ft.presence(f, fdp, [found.descriptor]) for f in found.descriptor.field]
    assert seen == {"p.A": ["explicit", "required", "repeated"],
                    "e.B": ["implicit", "explicit", "required"],
                    "t.C": ["implicit", "explicit", "explicit"]}
    assert ft.file_syntax(model.files["ed.proto"]) == "edition 2023"


def test_a_syntax_error_is_located_with_a_hint(tmp_path: Path) -> None:
    bad = write(tmp_path, {"bad.proto": 'syntax = "proto3";\npackage b;\nmessage M {\n'
                                        '  int32 x = 1\n  string y = 2;\n}\n'}) / "bad.proto"
    with pytest.raises(AccordError) as caught:
        load(bad)
    err = caught.value
    assert err.code is ErrorCode.INVALID_SYNTAX
    assert err.location is not None
    assert (err.location.file, err.location.line, err.location.column) == (str(bad), 5, 3)
    assert 'Expected ";"' in err.message and err.hint


def test_an_undefined_type_names_the_fix(tmp_path: Path) -> None:
    root = write(tmp_path / "u", {"u.proto": 'syntax = "proto3";\npackage u;\n'
                                             "message M { Missing x = 1; }\n"})
    with pytest.raises(AccordError) as caught:
        load(root)
    err = caught.value
    assert err.location is not None and err.location.line == 3
    assert err.location.file == f"{root}/u.proto"
    assert '"Missing" is not defined' in err.message and "import" in (err.hint or "")


def test_a_missing_import_needs_an_include_path(tmp_path: Path) -> None:
    lib = write(tmp_path / "lib", {"acme/common/v1/money.proto": MONEY})
    app = write(tmp_path / "app", {"acme/billing/v1/invoice.proto": INVOICE})
    with pytest.raises(AccordError) as caught:
        load(app)
    err = caught.value
    assert err.code is ErrorCode.UNRESOLVABLE_REF
    assert "acme/common/v1/money.proto" in err.message and "include" in (err.hint or "")
    configured = ProtobufKind().configure({"include": [str(lib)]})
    model = configured.load(app).model
    assert model.roots == ("acme/billing/v1/invoice.proto",)
    assert model.display["acme/common/v1/money.proto"] == f"{lib.resolve()}/acme/common/v1/" \
        "money.proto"


@pytest.mark.parametrize(("options", "option"), [
    ({"includes": ["x"]}, "includes"),
    ({"categories": ["WIRE", "BYTES"]}, "categories"),
    ({"include": [12]}, "include"),
])
def test_bad_options_are_refused(options: dict[str, object], option: str) -> None:
    with pytest.raises(AccordError) as caught:
        ProtobufKind().configure(options)
    assert caught.value.code is ErrorCode.INVALID_CONFIG
    assert caught.value.details["option"] == option and caught.value.hint


def test_an_include_that_is_not_a_directory_is_refused(tmp_path: Path) -> None:
    kind = ProtobufKind().configure({"include": str(tmp_path / "nowhere")})
    with pytest.raises(AccordError) as caught:
        kind.load(tree(tmp_path))
    assert caught.value.code is ErrorCode.INVALID_CONFIG


def test_missing_and_empty_inputs(tmp_path: Path) -> None:
    with pytest.raises(AccordError) as caught:
        load(tmp_path / "none.proto")
    assert caught.value.code is ErrorCode.FILE_NOT_FOUND
    (tmp_path / "empty").mkdir()
    with pytest.raises(AccordError) as caught:
        load(tmp_path / "empty")
    assert caught.value.code is ErrorCode.NOT_A_CONTRACT


def test_the_kind_is_registered_and_detected_from_content(tmp_path: Path) -> None:
    registry = load_kinds()
    assert registry["protobuf"].title == "Protobuf"
    assert registry.detect(tree(tmp_path)).name == "protobuf"
    assert registry.detect(tmp_path / "protos" / "acme/common/v1/money.proto").name == \
        "protobuf"


def test_the_googleapis_tree_compiles_with_its_imports() -> None:
    model = load(OLD_TREE).model
    assert len(model.roots) == 94
    # Imports from the bundled well-known types are compiled, not the contract's own.
    assert "google/protobuf/descriptor.proto" in model.files
    assert "google/protobuf/descriptor.proto" not in model.roots
    assert "google.pubsub.v1.Publisher" in model.services
