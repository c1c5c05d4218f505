"""Helpers for the GraphQL kind tests (diff and load): write SDL, load it, diff it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from accord.core.change import Change
from accord.kinds.graphql import GraphQLKind
from accord.kinds.protocol import DiffOptions

KIND = GraphQLKind()
ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT.parent / "shared" / "corpora" / "graphql"
GITHUB_OLD = CORPUS / "github-2022-12-07.graphql"
GITHUB_NEW = CORPUS / "github-2023-10-11.graphql"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def diff(folder: Path, old: str, new: str) -> list[Change]:
    base = KIND.load(write(folder, "base.graphql", old))
    revision = KIND.load(write(folder, "revision.graphql", new))
    return KIND.diff(base, revision, DiffOptions())


def pairs(changes: list[Change]) -> list[tuple[str, str | None]]:
    """(rule id, affected coordinate) of each change, in report order."""
    return [(c.rule, c.operation) for c in changes]
