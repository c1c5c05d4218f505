"""Linting small specs: the clean spec (every convention followed) and mutations of it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from accord.core import Finding
from accord.kinds.openapi import OpenAPIKind
from accord.lint import STRICT, LintRun, lint

CLEAN = Path(__file__).resolve().parents[2] / "fixtures" / "openapi" / "lint" / "clean.yaml"
Spec = dict[str, Any]
Mutation = Callable[[Spec], object]


def clean() -> Spec:
    data: Spec = yaml.safe_load(CLEAN.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def findings(tmp_path: Path, spec: Spec, rule: str | None = None,
             run: LintRun | None = None) -> list[Finding]:
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    kind = OpenAPIKind()
    report = lint(kind.load(path), kind.lint_rules(), run or LintRun(ruleset=STRICT))
    return [f for f in report.findings if rule is None or f.rule == rule]


def pointers(tmp_path: Path, mutate: Mutation, rule: str) -> list[str]:
    """The pointers ``rule`` reports on the clean spec changed by ``mutate``; each
    finding also has a line, so it points into the file."""
    spec = clean()
    mutate(spec)
    found = findings(tmp_path, spec, rule)
    assert all(f.location.line is not None and f.location.file for f in found)
    return [f.location.pointer for f in found]


def op(spec: Spec, path: str, method: str) -> Spec:
    found: Spec = spec["paths"][path][method]
    return found


def line_of(tmp_path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line of the last written spec that
    contains ``needle`` (to check a finding's line independently of the locator)."""
    lines = (tmp_path / "api.yaml").read_text(encoding="utf-8").splitlines()
    hits = [n for n, line in enumerate(lines, start=1) if needle in line]
    return hits[occurrence - 1]
