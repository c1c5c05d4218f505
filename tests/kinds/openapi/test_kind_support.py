"""Helpers for the OpenAPI kind tests: write a base and a revision, diff them.

Imported by the ``test_kind_*`` and ``test_ops_*`` modules.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from accord.core.change import Change, Level
from accord.kinds.openapi import OpenAPIKind
from accord.kinds.protocol import DiffOptions

KIND = OpenAPIKind()
TODAY = date(2025, 6, 1)


@dataclass
class Result:
    changes: list[Change]
    base: Path
    rev: Path

    @property
    def ids(self) -> list[str]:
        return [c.rule for c in self.changes]

    def of(self, rule: str) -> list[Change]:
        return [c for c in self.changes if c.rule == rule]

    def one(self, rule: str) -> Change:
        found = self.of(rule)
        assert len(found) == 1, f"{rule}: {found or self.changes}"
        return found[0]

    def line(self, needle: str, *, base: bool = False, after: str = "") -> int:
        """The 1-based number of the first line containing ``needle`` (after the
        first line containing ``after``)."""
        lines = (self.base if base else self.rev).read_text().splitlines()
        start = next(i for i, text in enumerate(lines) if after in text) if after else 0
        return next(i for i, text in enumerate(lines[start:], start + 1) if needle in text)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def run_diff(tmp_path: Path, base: str, rev: str, *, today: date = TODAY,
             suffix: str = ".yaml") -> Result:
    base_path = write(tmp_path, f"base{suffix}", base)
    rev_path = write(tmp_path, f"rev{suffix}", rev)
    changes = KIND.diff(KIND.load(base_path), KIND.load(rev_path), DiffOptions(today=today))
    return Result(changes, base_path, rev_path)


def check(result: Result, rule: str, level: Level, operation: str | None, needle: str | int,
          *, base: bool = False, after: str = "") -> Change:
    """Exactly one ``rule`` change, at ``level``, for ``operation``, located at the
    line containing ``needle`` (after ``after``) or at line ``needle`` (of the base
    document for removals)."""
    change = result.one(rule)
    assert change.level is level, change
    assert change.operation == operation, change
    assert change.location.file == str(result.base if base else result.rev), change
    line = needle if isinstance(needle, int) else result.line(needle, base=base, after=after)
    assert change.location.line == line, change
    return change
