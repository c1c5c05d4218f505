"""Helpers for the Protobuf kind tests: write .proto trees, load them, diff them."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

from accord.core.change import Change
from accord.kinds.protobuf import ProtobufKind
from accord.kinds.protocol import Contract, DiffOptions

KIND = ProtobufKind()
ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT.parent / "shared" / "corpora" / "protobuf"
OLD_TREE = CORPUS / "googleapis-2025-12-17"
NEW_TREE = CORPUS / "googleapis-2026-08-21"


def write(folder: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return folder


def load(path: Path, kind: ProtobufKind = KIND) -> Contract:
    return kind.load(path)


def diff_trees(tmp_path: Path, old: Mapping[str, str], new: Mapping[str, str],
               categories: Sequence[str] | None = None) -> list[Change]:
    """Write two trees, load them as directory contracts and diff them."""
    base = load(write(tmp_path / "old", old))
    revision = load(write(tmp_path / "new", new))
    options = DiffOptions(kind_options={"categories": list(categories)} if categories else {})
    return KIND.diff(base, revision, options)


def proto3(body: str, package: str = "shop.v1") -> str:
    return f'syntax = "proto3";\npackage {package};\n' + textwrap.dedent(body)


def diff_one(tmp_path: Path, old: str, new: str,
             categories: Sequence[str] | None = None) -> list[Change]:
    """Diff two versions of one file, ``shop.proto``."""
    return diff_trees(tmp_path, {"shop.proto": old}, {"shop.proto": new}, categories)


def ids(changes: Sequence[Change]) -> list[str]:
    return [c.rule for c in changes]


def only(changes: Sequence[Change], rule: str) -> Change:
    found = [c for c in changes if c.rule == rule]
    assert len(found) == 1, [(c.rule, c.message) for c in changes]
    return found[0]
