"""Helpers for the Protobuf lint tests: the clean contract, mutations of it, and linting
a tree written to a temporary directory."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from accord.core import Finding
from accord.kinds.protobuf import ProtobufKind
from accord.lint import STRICT, LintRun, lint

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "kinds" / "protobuf" / "lint_fixtures"
#: Imports the contracts may use (stand-ins for googleapis' files); never linted.
IMPORTS = FIXTURES / "imports"
CLEAN_NAME = "billing/v1/invoice.proto"
CLEAN = (FIXTURES / "contract" / CLEAN_NAME).read_text(encoding="utf-8")
KIND = ProtobufKind(include=[str(IMPORTS)])


def mutate(text: str, *edits: tuple[str, str]) -> str:
    """``text`` with each (old, new) replaced once; every ``old`` must occur."""
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@dataclass
class Linted:
    findings: list[Finding]
    texts: dict[str, str]

    def of(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]

    def line(self, needle: str, name: str = CLEAN_NAME) -> int:
        """The 1-based number of the first line of file ``name`` containing ``needle``."""
        lines = self.texts[name].splitlines()
        return next(i for i, text in enumerate(lines, 1) if needle in text)

    def at(self, rule: str) -> list[tuple[str | None, int | None]]:
        """(file name relative to the contract, line) of each ``rule`` finding."""
        out = []
        for f in self.of(rule):
            file = f.location.file
            name = file.split("/contract/", 1)[1] if file and "/contract/" in file else file
            out.append((name, f.location.line))
        return out


def lint_files(tmp_path: Path, files: dict[str, str], run: LintRun | None = None) -> Linted:
    """Lint a contract directory holding ``files`` (proto path -> text)."""
    root = tmp_path / "contract"
    texts = {}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        texts[name] = textwrap.dedent(text).lstrip()
        path.write_text(texts[name], encoding="utf-8")
    report = lint(KIND.load(root), KIND.lint_rules(), run or LintRun(ruleset=STRICT))
    return Linted(list(report.findings), texts)


def lint_clean(tmp_path: Path, *edits: tuple[str, str]) -> Linted:
    """Lint the clean contract changed by ``edits``."""
    return lint_files(tmp_path, {CLEAN_NAME: mutate(CLEAN, *edits)})
