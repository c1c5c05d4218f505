"""Helpers for the JSON Schema kind tests (no tests here)."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from accord.core.change import Change, Level
from accord.kinds.jsonschema import JsonSchemaKind
from accord.kinds.protocol import DiffOptions

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
OPTIONS = DiffOptions(today=date(2026, 1, 1))
_COUNTER = itertools.count()


def rules(changes: list[Change]) -> dict[str, Level]:
    """rule id -> the highest level it was reported at."""
    out: dict[str, Level] = {}
    for change in changes:
        if change.rule not in out or change.level.rank > out[change.rule].rank:
            out[change.rule] = change.level
    return out


def breaking(changes: list[Change]) -> list[Change]:
    return [c for c in changes if c.level is Level.BREAKING]


@dataclass
class Schemas:
    """Writes schema documents under ``tmp`` and diffs them with the kind."""

    tmp: Path
    policy: str = "strict"

    def write(self, schema: Any, name: str | None = None) -> Path:
        path = self.tmp / (name or f"s{next(_COUNTER)}.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
        return path

    def kind(self) -> JsonSchemaKind:
        return JsonSchemaKind(policy=self.policy)

    def diff(self, base: Any, revision: Any) -> list[Change]:
        kind = self.kind()
        old = base if isinstance(base, Path) else self.write(base)
        new = revision if isinstance(revision, Path) else self.write(revision)
        return kind.diff(kind.load(old), kind.load(new), OPTIONS)

    def verdict(self, base: Any, revision: Any) -> str:
        """``both``, ``backward``, ``forward`` or ``none``: which checks pass."""
        backward = not breaking(self.diff(base, revision))
        forward = not breaking(self.diff(revision, base))
        return {(True, True): "both", (True, False): "backward",
                (False, True): "forward", (False, False): "none"}[(backward, forward)]
