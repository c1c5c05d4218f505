"""Changes between two contract versions, and the rules that name them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from accord.core.location import Location


class Level(StrEnum):
    """How much a change can hurt the other side of an interface."""

    BREAKING = "breaking"
    DANGEROUS = "dangerous"
    SAFE = "safe"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]

    def at_least(self, other: Level) -> bool:
        return self.rank >= other.rank


_LEVEL_RANK = {Level.SAFE: 0, Level.DANGEROUS: 1, Level.BREAKING: 2}


class Direction(StrEnum):
    """Which way data flows through the changed element.

    ``request``: written by clients, read by the provider (may only accept more).
    ``response``: written by the provider, read by clients (may only promise more).
    ``both``: the element shapes both, or the interface as a whole.
    """

    REQUEST = "request"
    RESPONSE = "response"
    BOTH = "both"


class Bump(StrEnum):
    """A semantic-version increment."""

    NONE = "none"
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        return _BUMP_RANK[self]


_BUMP_RANK = {Bump.NONE: 0, Bump.PATCH: 1, Bump.MINOR: 2, Bump.MAJOR: 3}


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """One entry of a kind's rule catalog."""

    id: str
    level: Level
    direction: Direction
    description: str
    hint: str
    #: True when the change adds capability (drives a minor version bump).
    addition: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "level": str(self.level),
            "direction": str(self.direction),
            "description": self.description,
            "hint": self.hint,
            "addition": self.addition,
        }


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between a base and a revision of a contract."""

    rule: str
    level: Level
    direction: Direction
    message: str
    hint: str
    #: Where the change is: in the revision, or in the base for removals.
    location: Location
    #: The operation (``GET /users/{id}``), RPC, channel or field it affects;
    #: the first in report order when it affects several.
    operation: str | None = None
    addition: bool = False
    #: Every operation it affects, when more than one (a shared schema).
    operations: tuple[str, ...] = ()

    @property
    def affects(self) -> tuple[str, ...]:
        """Every affected operation, in report order (empty: the whole contract)."""
        if self.operations:
            return self.operations
        return (self.operation,) if self.operation is not None else ()

    @property
    def bump(self) -> Bump:
        if self.level is Level.BREAKING:
            return Bump.MAJOR
        if self.addition:
            return Bump.MINOR
        return Bump.PATCH

    def with_level(self, level: Level) -> Change:
        return replace(self, level=level)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        """The change :meth:`to_dict` wrote (``addition`` is not in that shape:
        it is read when present, else False)."""
        operation = data.get("operation")
        operations = tuple(data.get("operations") or ())
        return cls(
            rule=data["id"],
            level=Level(data["level"]),
            direction=Direction(data["direction"]),
            message=data["message"],
            hint=data.get("hint") or "",
            location=location_from_dict(data.get("location") or {}),
            operation=operation,
            addition=bool(data.get("addition", False)),
            # to_dict writes every affected operation; a single one is ``operation``.
            operations=() if operations in ((), (operation,)) else operations,
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.rule,
            "level": str(self.level),
            "direction": str(self.direction),
            "operation": self.operation,
            "operations": list(self.affects),
            "location": self.location.to_dict(),
            "message": self.message,
            "hint": self.hint,
        }


def location_from_dict(data: Mapping[str, Any]) -> Location:
    """The :class:`Location` that ``Location.to_dict`` wrote."""
    return Location(pointer=data.get("pointer") or "", file=data.get("file"),
                    line=data.get("line"), column=data.get("column"))
