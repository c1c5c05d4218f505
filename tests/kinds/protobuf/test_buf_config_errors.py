"""What goes wrong in a buf repository: a bad buf.yaml or buf.work.yaml is an
INVALID_CONTRACT error located in that file, with a hint (never a traceback); an
import from a registry dependency names the dependency and the way to provide it,
unless buf's local module cache holds it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.core.errors import AccordError, ErrorCode
from accord.kinds.protobuf import ProtobufKind
from tests.kinds.protobuf.support import KIND, write

A = 'syntax = "proto3";\npackage acme.v1;\nmessage A {}\n'
TREE = {"proto/acme/v1/a.proto": A, "proto/acme/internal/i.proto": A.replace(
    "acme.v1", "acme.internal")}


def failure(tmp_path: Path, files: dict[str, str]) -> AccordError:
    repo = write(tmp_path / "repo", {**TREE, **files})
    with pytest.raises(AccordError) as err:
        KIND.load(repo)
    return err.value


@pytest.mark.parametrize(("config", "text", "line", "words"), [
    ("buf.yaml", "version: v2\nmodules: [\n", 3, "invalid YAML"),
    ("buf.yaml", "version: v3\n", 1, "unknown version 'v3'"),
    ("buf.yaml", "modules:\n  - path: proto\n", 1, "sets no version"),
    ("buf.yaml", "", 1, "is empty"),
    ("buf.yaml", "version: v2\nmodules:\n  - path: ../elsewhere\n", 3, "outside the directory"),
    ("buf.yaml", "version: v2\nmodules:\n  - path: proto\n  - path: proto\n", 4,
     "listed twice"),
    ("buf.yaml", "version: v2\nmodules:\n  - path: proto\n  - path: nothere\n", 4,
     "the module 'nothere' holds no .proto file"),
    ("buf.yaml", "version: v2\nmodules:\n  - path: proto\n    excludes: [acme/internal]\n", 4,
     "not inside the module 'proto'"),
    ("buf.yaml", "version: v2\nmodules:\n  - path: proto\n    excludes: [proto]\n", 4,
     "is the module itself"),
    ("buf.yaml", "version: v2\nmodules:\n  - path: proto\n"
     "    excludes: [proto/acme/v1/a.proto]\n", 4, "is a file"),
    ("buf.yaml", "version: v2\nmodules: proto\n", 2, "must be a list of modules"),
    ("buf.yaml", "version: v1beta1\nbuild:\n  roots: [proto]\n  excludes: [acme]\n", 4,
     "lies in no root"),
    ("buf.work.yaml", "version: v2\ndirectories: [proto]\n", 1, "version v1, not v2"),
    ("buf.work.yaml", "version: v1\ndirectories: [.]\n", 2, "'.' is not a workspace"),
    ("buf.work.yaml", "version: v1\n", 1, "lists no directories"),
])
def test_a_bad_buf_file_is_located_with_a_hint(tmp_path: Path, config: str, text: str,
                                               line: int, words: str) -> None:
    error = failure(tmp_path, {config: text})
    assert error.code is ErrorCode.INVALID_CONTRACT
    assert words in error.message, error.message
    assert error.location is not None
    assert error.location.file == f"{tmp_path}/repo/{config}"
    assert error.location.line == line
    assert error.hint


def test_a_workspace_and_a_buf_yaml_side_by_side_are_refused(tmp_path: Path) -> None:
    error = failure(tmp_path, {"buf.work.yaml": "version: v1\ndirectories: [proto]\n",
                               "buf.yaml": "version: v1\n"})
    assert error.code is ErrorCode.INVALID_CONTRACT
    assert "not both" in error.message
    # A workspace directory's buf.yaml is v1: v2 belongs at the top.
    error = failure(tmp_path / "inner", {"buf.work.yaml": "version: v1\ndirectories: [proto]\n",
                                         "proto/buf.yaml": "version: v2\n"})
    assert error.location is not None
    assert error.location.file == f"{tmp_path}/inner/repo/proto/buf.yaml"


def test_the_cli_reports_a_bad_buf_yaml_without_a_traceback(tmp_path: Path) -> None:
    repo = write(tmp_path / "repo", {**TREE, "buf.yaml": "version: v2\nmodules: [\n"})
    result = CliRunner().invoke(app, ["diff", str(repo), str(repo)])
    assert result.exit_code == 2
    assert "INVALID_CONTRACT" in result.stderr
    assert f"{repo}/buf.yaml:3" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


ORDER = """
    syntax = "proto3";
    package acme.v1;
    import "money/v1/money.proto";
    message Order { money.v1.Money total = 1; }
    """
MONEY = 'syntax = "proto3";\npackage money.v1;\nmessage Money { int64 units = 1; }\n'
COMMIT = "0123456789abcdef0123456789abcdef"
LOCK_V2 = f"""
    version: v2
    deps:
      - name: buf.build/acme/money
        commit: {COMMIT}
        digest: b5:{"ab" * 64}
    """


def with_deps(tmp_path: Path, lock: str = LOCK_V2) -> Path:
    return write(tmp_path / "repo", {
        "buf.yaml": "version: v2\nmodules:\n  - path: proto\ndeps:\n"
                    "  - buf.build/acme/money\n  - buf.build/acme/other:main\n",
        "buf.lock": lock, "proto/acme/v1/order.proto": ORDER})


def cache(folder: Path, digest_type: str = "b5", complete: bool = True) -> Path:
    """A module in buf's cache as buf 1.75.0 lays it out."""
    entry = folder / "v3/modules" / digest_type / "buf.build/acme/money" / COMMIT
    write(entry / "files", {"money/v1/money.proto": MONEY})
    if complete:
        (entry / "module.yaml").write_text("version: v1\nfiles_dir: files\n")
    return folder


def test_a_missing_import_names_the_registry_dependencies(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUF_CACHE_DIR", str(tmp_path / "empty-cache"))
    with pytest.raises(AccordError) as err:
        KIND.load(with_deps(tmp_path))
    error = err.value
    assert error.code is ErrorCode.UNRESOLVABLE_REF
    assert "money/v1/money.proto" in error.message
    assert "depends on buf.build/acme/money, buf.build/acme/other" in error.message
    assert error.hint is not None
    assert "'include' option" in error.hint and "vendor them" in error.hint
    assert error.details == {"dependencies": ["buf.build/acme/money", "buf.build/acme/other"]}
    # A cache entry without its module.yaml is incomplete: not read.
    cache(tmp_path / "partial", complete=False)
    monkeypatch.setenv("BUF_CACHE_DIR", str(tmp_path / "partial"))
    with pytest.raises(AccordError):
        KIND.load(with_deps(tmp_path))


def test_dependencies_are_read_from_bufs_module_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUF_CACHE_DIR", str(cache(tmp_path / "cache")))
    contract = KIND.load(with_deps(tmp_path))
    # Imports, not the contract's own files; a publish sends them under .include/.
    assert contract.model.roots == ("acme/v1/order.proto",)
    assert "money/v1/money.proto" in contract.model.files
    assert list(contract.support) == [".include/money/v1/money.proto"]
    assert {Path(f).name for f in contract.files} == {"order.proto", "buf.yaml", "buf.lock"}


def test_a_v1_lock_and_xdg_cache_home_find_the_cache_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUF_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache(tmp_path / "xdg" / "buf", digest_type="shake256")
    lock = f"""
        version: v1
        deps:
          - remote: buf.build
            owner: acme
            repository: money
            commit: {COMMIT}
            digest: shake256:{"cd" * 64}
        """
    contract = KIND.load(with_deps(tmp_path, lock))
    assert "money/v1/money.proto" in contract.model.files


def test_an_include_directory_provides_a_dependency(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUF_CACHE_DIR", str(tmp_path / "empty-cache"))
    vendor = write(tmp_path / "third_party", {"money/v1/money.proto": MONEY})
    # An unreadable buf.lock only means no cache lookup.
    repo = with_deps(tmp_path, "broken: [\n")
    contract = ProtobufKind(include=[str(vendor)]).load(repo)
    assert contract.model.roots == ("acme/v1/order.proto",)
    assert dict(contract.support) == {".include/money/v1/money.proto":
                                      str(vendor / "money/v1/money.proto")}
    # What a publish sends compiles without the option: the import from .include/.
    sent = {Path(f).relative_to(repo.resolve()).as_posix(): Path(f).read_text()
            for f in contract.files}
    sent |= {name: Path(disk).read_text() for name, disk in contract.support.items()}
    assert sorted(sent) == [".include/money/v1/money.proto", "buf.lock", "buf.yaml",
                            "proto/acme/v1/order.proto"]
    assert KIND.load(write(tmp_path / "sent", sent)).model.roots == ("acme/v1/order.proto",)
