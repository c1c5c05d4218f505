"""Helpers for the Avro kind tests: write schema files, diff them, judge modes."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.core.change import Change, Level
from accord.kinds.avro import AvroKind
from accord.kinds.protocol import DiffOptions

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
KIND = AvroKind()
_COUNTER = itertools.count()


def record(*fields: dict[str, Any], name: str = "Order", **extra: Any) -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "shop", "fields": list(fields),
            **extra}


def field(name: str, kind: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, **extra}


def enum(*symbols: str, name: str = "State", **extra: Any) -> dict[str, Any]:
    return {"type": "enum", "name": name, "symbols": list(symbols), **extra}


@dataclass
class Schemas:
    """Writes ``.avsc`` files under ``tmp`` and diffs them with the kind."""

    tmp: Path

    def write(self, schema: Any, name: str | None = None) -> Path:
        path = self.tmp / (name or f"s{next(_COUNTER)}.avsc")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
        return path

    def diff(self, base: Any, revision: Any) -> list[Change]:
        old = base if isinstance(base, Path) else self.write(base)
        new = revision if isinstance(revision, Path) else self.write(revision)
        return KIND.diff(KIND.load(old), KIND.load(new), DiffOptions())

    def verdict(self, base: Any, revision: Any) -> str:
        """``both``, ``backward``, ``forward`` or ``none``: which checks pass."""
        backward = not any(c.level is B for c in self.diff(base, revision))
        forward = not any(c.level is B for c in self.diff(revision, base))
        return {(True, True): "both", (True, False): "backward",
                (False, True): "forward", (False, False): "none"}[(backward, forward)]


def rules(changes: list[Change]) -> dict[str, Level]:
    """rule id -> the highest level it was reported at."""
    out: dict[str, Level] = {}
    for change in changes:
        if change.rule not in out or change.level.rank > out[change.rule].rank:
            out[change.rule] = change.level
    return out
