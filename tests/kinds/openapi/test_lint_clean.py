"""The negative case of every rule: a spec that follows every convention has no finding."""

from __future__ import annotations

from pathlib import Path

from accord.kinds.openapi import OpenAPIKind
from tests.kinds.openapi.lint_support import clean, findings


def test_the_clean_spec_has_no_finding_under_strict(tmp_path: Path) -> None:
    assert findings(tmp_path, clean()) == []


def test_every_rule_is_described_and_unique() -> None:
    rules = OpenAPIKind().lint_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids)) >= 25
    for rule in rules:
        assert rule.description.endswith(".") and rule.hint
        assert rule.id == rule.id.lower() and " " not in rule.id
