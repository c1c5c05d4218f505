"""Helpers for the AsyncAPI kind tests: write documents, load them, diff them, lint them."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from accord.core import Finding
from accord.core.change import Change, Direction, Level
from accord.kinds.asyncapi import AsyncAPIKind
from accord.kinds.asyncapi.model import AsyncAPIModel
from accord.kinds.protocol import DiffOptions
from accord.lint import STRICT, LintRun, lint

KIND = AsyncAPIKind()
ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT.parent / "shared" / "corpora" / "asyncapi"
FIXTURES = ROOT / "tests" / "fixtures" / "asyncapi"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def model(tmp_path: Path, text: str, *, lenient: bool = False,
          name: str = "events.yaml") -> AsyncAPIModel:
    path = write(tmp_path, name, text)
    contract = KIND.load_lenient(path) if lenient else KIND.load(path)
    assert isinstance(contract.model, AsyncAPIModel)
    return contract.model


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

    def line(self, needle: str, *, base: bool = False, after: str | tuple[str, ...] = ()
             ) -> int:
        """The 1-based number of the first line containing ``needle`` after the lines
        containing each of ``after`` in turn."""
        lines = (self.base if base else self.rev).read_text().splitlines()
        start = 0
        for anchor in (after,) if isinstance(after, str) else after:
            start = next(i for i, text in enumerate(lines[start:], start) if anchor in text)
        return next(i for i, text in enumerate(lines[start:], start + 1) if needle in text)


def run_diff(tmp_path: Path, base: str, rev: str) -> Result:
    base_path = write(tmp_path, "base.yaml", base)
    rev_path = write(tmp_path, "rev.yaml", rev)
    changes = KIND.diff(KIND.load(base_path), KIND.load(rev_path), DiffOptions())
    return Result(changes, base_path, rev_path)


def check(result: Result, rule: str, level: Level, direction: Direction,
          operation: str | None, needle: str | int, *, base: bool = False,
          after: str | tuple[str, ...] = ()) -> Change:
    """Exactly one ``rule`` change at ``level`` and ``direction``, for ``operation``,
    located at the line containing ``needle`` (after ``after``) or at line ``needle``
    (of the base document for removals)."""
    change = result.one(rule)
    assert change.level is level, change
    assert change.direction is direction, change
    assert change.operation == operation, change
    assert change.location.file == str(result.base if base else result.rev), change
    line = needle if isinstance(needle, int) else result.line(needle, base=base, after=after)
    assert change.location.line == line, change
    return change


def findings(tmp_path: Path, text: str, rule: str | None = None,
             run: LintRun | None = None) -> list[Finding]:
    path = write(tmp_path, "events.yaml", text)
    report = lint(KIND.load_lenient(path), KIND.lint_rules(), run or LintRun(ruleset=STRICT))
    return [f for f in report.findings if rule is None or f.rule == rule]


def corpus_documents() -> list[Path]:
    """Every AsyncAPI document of the shared corpus (the files with an ``asyncapi``
    key; the others are fragments those documents reference)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yml", ".yaml")
                  and any(line.startswith("asyncapi:")
                          for line in p.read_text(encoding="utf-8").splitlines()))
