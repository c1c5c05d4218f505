"""docs/rules/<kind>.md and <kind>-lint.md are generated, for every installed kind:
regenerate them with `accord rules --kind KIND [--lint] --format markdown > docs/rules/...`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from accord.kinds import load_kinds
from tests.cli.conftest import Result

ROOT = Path(__file__).resolve().parents[2]
PAGES = [(name, lint) for name in sorted(load_kinds()) for lint in (False, True)]


@pytest.mark.parametrize(("kind", "lint"), PAGES,
                         ids=[f"{k}{'-lint' if lint else ''}" for k, lint in PAGES])
def test_the_rule_reference_is_current(run: Callable[..., Result], kind: str,
                                       lint: bool) -> None:
    page = ROOT / "docs" / "rules" / f"{kind}{'-lint' if lint else ''}.md"
    generated = run("rules", "--kind", kind, *(["--lint"] if lint else []), "--format",
                    "markdown")
    assert generated.exit_code == 0
    assert page.is_file(), f"{page} is missing"
    assert page.read_text(encoding="utf-8") == generated.stdout
