"""Directory contracts laid out as buf repositories: a buf.yaml (v2, v1, v1beta1) or a
buf.work.yaml at the top decides the import roots and which files are the contract's,
as ``buf build`` decides them there (each expected set was checked with buf 1.75.0's
``buf ls-files``); diffs and lint read proto paths relative to the module roots."""

from __future__ import annotations

import zipfile
from pathlib import Path

from accord.kinds.protobuf import ProtobufKind
from accord.kinds.protocol import DiffOptions
from accord.lint import STRICT, LintRun, lint
from tests.kinds.protobuf.support import KIND, write


def message(package: str, name: str, *imports: str, body: str = "") -> str:
    lines = [f'import "{i}";' for i in imports]
    return "\n".join(['syntax = "proto3";', f"package {package};", *lines,
                      f"message {name} {{{body}}}", ""])


#: A repository: the API under proto/, a vendored dependency under vendor/, and files
#: that are no module's (tools/, top.proto).
REPO = {
    "proto/acme/billing/v1/invoice.proto": message(
        "acme.billing.v1", "Invoice", "acme/common/v1/money.proto", "dep/v1/rate.proto",
        body=" acme.common.v1.Money total = 1; dep.v1.Rate rate = 2; "),
    "proto/acme/common/v1/money.proto": message("acme.common.v1", "Money",
                                                body=" int64 units = 1; "),
    "proto/acme/internal/draft.proto": message("acme.internal", "Draft"),
    "vendor/dep/v1/rate.proto": message("dep.v1", "Rate"),
    "tools/gen.proto": message("tools", "Gen"),
    "top.proto": message("top", "Top"),
}


def own(path: Path, kind: ProtobufKind = KIND) -> dict[str, str]:
    """The contract's own files: proto path -> path on disk relative to ``path``."""
    model = kind.load(path).model
    return {name: Path(model.disk[name]).relative_to(path.resolve()).as_posix()
            for name in model.roots}


def test_v2_modules_are_the_import_roots_and_files_outside_them_are_left_out(
        tmp_path: Path) -> None:
    repo = write(tmp_path / "repo", {**REPO, "buf.yaml": """
        version: v2
        modules:
          - path: proto
          - path: vendor
        """})
    assert own(repo) == {
        "acme/billing/v1/invoice.proto": "proto/acme/billing/v1/invoice.proto",
        "acme/common/v1/money.proto": "proto/acme/common/v1/money.proto",
        "acme/internal/draft.proto": "proto/acme/internal/draft.proto",
        "dep/v1/rate.proto": "vendor/dep/v1/rate.proto"}
    contract = KIND.load(repo)
    # Locations show where the file is in the repository.
    assert contract.model.display["dep/v1/rate.proto"] == f"{repo}/vendor/dep/v1/rate.proto"
    # buf.yaml goes with the files a publish sends.
    assert str(repo.resolve() / "buf.yaml") in contract.files
    assert not any("tools" in f or f.endswith("top.proto") for f in contract.files)


def test_v2_excludes_and_includes_name_directories_relative_to_the_buf_yaml(
        tmp_path: Path) -> None:
    excluded = write(tmp_path / "excluded", {**REPO, "buf.yaml": """
        version: v2
        modules:
          - path: proto
            excludes: [proto/acme/internal]
          - path: vendor
        """})
    assert sorted(own(excluded)) == ["acme/billing/v1/invoice.proto",
                                     "acme/common/v1/money.proto", "dep/v1/rate.proto"]
    included = write(tmp_path / "included", {**REPO, "buf.yaml": """
        version: v2
        modules:
          - path: ./proto/
            includes: [proto/acme/common]
        """})
    assert own(included) == {"acme/common/v1/money.proto": "proto/acme/common/v1/money.proto"}


def test_a_v2_buf_yaml_without_modules_is_the_directory_itself(tmp_path: Path) -> None:
    repo = write(tmp_path / "repo", {"buf.yaml": "version: v2\n",
                                     "acme/v1/a.proto": message("acme.v1", "A"),
                                     "b.proto": message("b", "B")})
    assert own(repo) == {"acme/v1/a.proto": "acme/v1/a.proto", "b.proto": "b.proto"}


def test_v1_build_excludes_are_relative_to_the_module(tmp_path: Path) -> None:
    files = {name.removeprefix("proto/"): text for name, text in REPO.items()
             if name.startswith("proto/")}
    repo = write(tmp_path / "repo", {**files, "vendor/dep/v1/rate.proto": REPO[
        "vendor/dep/v1/rate.proto"], "buf.yaml": """
        version: v1
        build:
          excludes:
            - acme/internal
        lint:
          use: [STANDARD]
        """})
    # One root: the import of dep/v1/rate.proto needs vendor/ on the include path.
    assert sorted(own(repo, ProtobufKind(include=[str(repo / "vendor")]))) == [
        "acme/billing/v1/invoice.proto", "acme/common/v1/money.proto"]


def test_v1beta1_roots_are_modules(tmp_path: Path) -> None:
    repo = write(tmp_path / "repo", {**REPO, "buf.yaml": """
        version: v1beta1
        build:
          roots: [proto, vendor]
          excludes: [proto/acme/internal]
        """})
    assert sorted(own(repo)) == ["acme/billing/v1/invoice.proto",
                                 "acme/common/v1/money.proto", "dep/v1/rate.proto"]


def test_a_buf_work_yaml_makes_each_directory_a_root(tmp_path: Path) -> None:
    repo = write(tmp_path / "repo", {
        "buf.work.yaml": "version: v1\ndirectories:\n  - api\n  - deps\n",
        "api/acme/v1/order.proto": message("acme.v1", "Order", "dep/v1/rate.proto"),
        # A workspace directory's own buf.yaml still excludes.
        "deps/buf.yaml": "version: v1\nbuild:\n  excludes: [scratch]\n",
        "deps/dep/v1/rate.proto": message("dep.v1", "Rate"),
        "deps/scratch/s.proto": message("scratch", "S"),
        "other/o.proto": message("other", "O")})
    assert own(repo) == {"acme/v1/order.proto": "api/acme/v1/order.proto",
                         "dep/v1/rate.proto": "deps/dep/v1/rate.proto"}
    files = [Path(f).relative_to(repo.resolve()).as_posix() for f in KIND.load(repo).files]
    assert sorted(files) == ["api/acme/v1/order.proto", "buf.work.yaml", "deps/buf.yaml",
                             "deps/dep/v1/rate.proto"]


def test_a_directory_without_buf_files_reads_every_proto_below_it(tmp_path: Path) -> None:
    repo = write(tmp_path / "repo", {
        "proto/acme/v1/a.proto": message("acme.v1", "A"), "top.proto": message("top", "T"),
        # A buf.yaml below the top is not the contract's layout.
        "proto/buf.yaml": "version: v2\n"})
    assert own(repo) == {"proto/acme/v1/a.proto": "proto/acme/v1/a.proto",
                         "top.proto": "top.proto"}
    contract = KIND.load(repo)
    assert not contract.model.module_roots
    assert all(f.endswith(".proto") for f in contract.files)


def test_a_zip_with_a_buf_yaml_is_read_by_its_modules(tmp_path: Path) -> None:
    repo = write(tmp_path / "repo", {**REPO, "buf.yaml": """
        version: v2
        modules:
          - path: proto
            excludes: [proto/acme/internal]
          - path: vendor
        """})
    for prefix in ("", "repo/"):
        archive = tmp_path / f"repo{len(prefix)}.zip"
        with zipfile.ZipFile(archive, "w") as out:
            for path in sorted(repo.rglob("*")):
                if path.is_file():
                    out.write(path, prefix + path.relative_to(repo).as_posix())
        model = KIND.load(archive).model
        assert sorted(model.roots) == ["acme/billing/v1/invoice.proto",
                                       "acme/common/v1/money.proto", "dep/v1/rate.proto"]
        assert model.module_roots


def test_a_module_moved_to_another_directory_changes_nothing(tmp_path: Path) -> None:
    def repo(name: str, api: str, deps: str, order_body: str) -> Path:
        return write(tmp_path / name, {
            "buf.yaml": f"version: v2\nmodules:\n  - path: {api}\n  - path: {deps}\n",
            f"{api}/acme/v1/order.proto": message("acme.v1", "Order", "dep/v1/rate.proto",
                                                  body=order_body),
            f"{deps}/dep/v1/rate.proto": message("dep.v1", "Rate")})

    body = " string id = 1; dep.v1.Rate rate = 2; string note = 3; "
    old = KIND.load(repo("old", "proto", "vendor", body))
    moved = KIND.load(repo("moved", "api", "third_party", body))
    # Proto paths are relative to the modules: buf breaking finds nothing either.
    assert KIND.diff(old, moved, DiffOptions()) == []
    trimmed = KIND.load(repo("trimmed", "api", "third_party", body.replace(
        "string note = 3; ", "")))
    [change] = KIND.diff(old, trimmed, DiffOptions())
    assert change.rule == "field-removed-unreserved"
    assert change.location is not None
    assert change.location.file == f"{tmp_path}/old/proto/acme/v1/order.proto"


def test_package_directories_are_checked_from_the_module_root(tmp_path: Path) -> None:
    files = {"proto/acme/billing/v1/ok.proto": message("acme.billing.v1", "Ok"),
             "proto/x/acme/billing/v1/nested.proto": message("acme.billing.v1", "Nested"),
             "proto/root.proto": message("root.v1", "Root")}
    with_buf = write(tmp_path / "with", {**files, "buf.yaml": """
        version: v2
        modules:
          - path: proto
        """})
    without = write(tmp_path / "without", files)

    def flagged(path: Path) -> list[str]:
        report = lint(KIND.load_lenient(path), KIND.lint_rules(), LintRun(ruleset=STRICT))
        return sorted(Path(str(f.location.file)).name for f in report.findings
                      if f.rule == "package-directory-match")

    # As buf's PACKAGE_DIRECTORY_MATCH: relative to the module root, exactly.
    assert flagged(with_buf) == ["nested.proto", "root.proto"]
    # Without a buf layout the contract's directory may lie above the package's.
    assert flagged(without) == ["root.proto"]
