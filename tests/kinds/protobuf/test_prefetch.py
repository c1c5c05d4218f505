"""Compiling a tree ahead in a child process (``ProtobufKind.preload``): the same
contract as a load in this process, errors included, and nothing left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.core.errors import AccordError
from accord.kinds.protobuf import compiler
from accord.kinds.protocol import DiffOptions
from tests.kinds.protobuf.support import KIND, NEW_TREE, OLD_TREE, write

TREE = {"shop/v1/order.proto": """
    syntax = "proto3";
    package shop.v1;
    import "google/protobuf/timestamp.proto";
    message Order { string id = 1; google.protobuf.Timestamp at = 2; }
    """}


def test_a_preloaded_tree_is_the_tree_loaded_here(tmp_path: Path) -> None:
    root = write(tmp_path / "t", TREE)
    KIND.preload([root])
    assert len(compiler._PENDING) == 1
    child = next(iter(compiler._PENDING.values()))
    ahead = KIND.load(root)
    assert compiler._PENDING == {}
    # The child was collected and its work folder removed.
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)
    assert not Path(child.work).exists()
    here = KIND.load(root)
    assert dict(ahead.model.files) == dict(here.model.files)
    assert ahead.model.roots == here.model.roots == ("shop/v1/order.proto",)


def test_the_googleapis_pair_diffs_alike_with_a_preloaded_base() -> None:
    plain = KIND.diff(KIND.load(OLD_TREE), KIND.load(NEW_TREE), DiffOptions())
    KIND.preload([OLD_TREE])
    revision = KIND.load(NEW_TREE)
    assert len(compiler._PENDING) == 1  # the base is still the child's
    assert KIND.diff(KIND.load(OLD_TREE), revision, DiffOptions()) == plain


def test_a_compile_error_in_the_child_is_reported_like_one_here(tmp_path: Path) -> None:
    root = write(tmp_path / "bad", {"shop/v1/order.proto": """
        syntax = "proto3";
        package shop.v1;
        message Order { string id = 1; Missing thing = 2; }
        """})
    with pytest.raises(AccordError) as here:
        KIND.load(root)
    KIND.preload([root])
    with pytest.raises(AccordError) as ahead:
        KIND.load(root)
    assert compiler._PENDING == {}
    assert (ahead.value.code, ahead.value.message, ahead.value.location) == (
        here.value.code, here.value.message, here.value.location)
    assert here.value.location is not None and here.value.location.line == 3


def test_files_zips_and_missing_paths_are_not_preloaded(tmp_path: Path) -> None:
    single = write(tmp_path / "one", TREE) / "shop/v1/order.proto"
    KIND.preload([single, tmp_path / "missing", tmp_path / "empty"])
    assert compiler._PENDING == {}


def test_a_child_nobody_collects_is_cleaned_up_at_exit(tmp_path: Path) -> None:
    root = write(tmp_path / "t", TREE)
    KIND.preload([root])
    (child,) = compiler._PENDING.values()
    compiler._abandon()  # what runs at exit when the command stopped before loading it
    assert compiler._PENDING == {}
    assert not Path(child.work).exists()
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)


def test_a_buf_repository_is_preloaded_by_its_modules(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"buf.yaml": "version: v2\nmodules:\n  - path: proto\n",
                                     **{f"proto/{k}": v for k, v in TREE.items()}})
    KIND.preload([root])
    assert len(compiler._PENDING) == 1
    # The load takes the child's run: the same files and import directories.
    assert KIND.load(root).model.roots == ("shop/v1/order.proto",)
    assert compiler._PENDING == {}
    # A bad buf.yaml starts nothing; the load reports it.
    (root / "buf.yaml").write_text("version: v9\n")
    KIND.preload([root])
    assert compiler._PENDING == {}
