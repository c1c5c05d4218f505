from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from accord.core import AccordError, Change, ErrorCode, RuleInfo
from accord.kinds import Contract, KindRegistry, load_kinds
from accord.kinds.protocol import DiffOptions
from accord.lint import LintRule


class FakeKind:
    title = "Fake"

    def __init__(self, name: str = "fake") -> None:
        self.name = name

    def sniff(self, path: Path, data: Any) -> bool:
        return path.suffix == ".fake"

    def load(self, path: Path, display: str | None = None) -> Contract:
        return Contract(self.name, str(path), None, None)

    def rules(self) -> Sequence[RuleInfo]:
        return []

    def diff(self, base: Contract, revision: Contract, options: DiffOptions) -> list[Change]:
        return []

    def lint_rules(self) -> Sequence[LintRule]:
        return []


def test_builtin_kinds_load_through_entry_points() -> None:
    registry = load_kinds()
    assert "openapi" in registry
    assert registry["openapi"].title == "OpenAPI"
    # Membership answers for any name; only a lookup of a missing one is an error.
    assert "cobol" not in registry and registry.get("cobol") is None


def test_extra_kinds_join_and_duplicates_are_refused() -> None:
    registry = load_kinds([FakeKind()])
    assert {"openapi", "fake"} <= set(registry)
    with pytest.raises(AccordError) as err:
        KindRegistry([FakeKind(), FakeKind()])
    assert err.value.code is ErrorCode.DUPLICATE_KIND


def test_unknown_kind_lists_the_installed_ones() -> None:
    with pytest.raises(AccordError) as err:
        KindRegistry([FakeKind()])["nope"]
    assert err.value.code is ErrorCode.UNKNOWN_KIND
    assert err.value.hint == "installed kinds: fake"


def test_not_a_kind_is_refused() -> None:
    with pytest.raises(AccordError):
        KindRegistry([object()])  # type: ignore[list-item]


def test_detect_by_sniffing(tmp_path: Path) -> None:
    registry = KindRegistry([FakeKind()])
    fake = tmp_path / "a.fake"
    fake.write_text("x")
    assert registry.detect(fake).name == "fake"
    other = tmp_path / "a.yaml"
    other.write_text("a: 1\n")
    with pytest.raises(AccordError) as err:
        registry.detect(other)
    assert err.value.code is ErrorCode.NOT_A_CONTRACT
