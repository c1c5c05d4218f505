"""Checking a revision against its history, and the report that results.

``DiffReport.to_dict`` is the documented, stable JSON contract of
``accord diff --format json`` (see docs/json-report.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from accord.compat.modes import Mode
from accord.compat.semver import VersionAdvice, advise
from accord.core.change import Bump, Change, Direction, Level
from accord.core.location import Location

#: ``(base, revision) -> changes``, already filtered by the rule settings.
Differ = Callable[[int, int], list[Change]]

VERSION_RULE = "version-bump-insufficient"
VERSION_RULE_HINT = "raise the declared version to at least the suggested one"


@dataclass(frozen=True, slots=True)
class PairCheck:
    """One compatibility check of the revision against one earlier version."""

    base: str
    base_version: str | None
    #: ``backward`` (old clients, new provider) or ``forward`` (new clients, old provider).
    check: str
    #: The changes of this check at or above the failing level.
    violations: tuple[Change, ...]

    @property
    def compatible(self) -> bool:
        return not any(c.level is Level.BREAKING for c in self.violations)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PairCheck:
        """The check :meth:`to_dict` wrote (``compatible`` follows from the violations)."""
        return cls(base=data["base"], base_version=data.get("base_version"),
                   check=data["check"],
                   violations=tuple(Change.from_dict(c) for c in data.get("violations", ())))

    def to_dict(self) -> dict[str, object]:
        return {
            "base": self.base,
            "base_version": self.base_version,
            "check": self.check,
            "compatible": self.compatible,
            "violations": [c.to_dict() for c in self.violations],
        }


@dataclass(frozen=True, slots=True)
class DiffReport:
    kind: str
    base: str
    revision: str
    mode: Mode
    fail_on: Level
    #: Base -> revision changes (base = the nearest earlier version).
    changes: tuple[Change, ...]
    checks: tuple[PairCheck, ...]
    version: VersionAdvice
    history: tuple[str, ...] = field(default=())

    @property
    def compatible(self) -> bool:
        return all(check.compatible for check in self.checks)

    @property
    def incompatible_with(self) -> list[str]:
        seen: dict[str, None] = {}
        for check in self.checks:
            if not check.compatible:
                seen.setdefault(check.base)
        return list(seen)

    @property
    def failed(self) -> bool:
        """True when the exit code must be 1."""
        if not self.compatible or any(c.violations for c in self.checks):
            return True
        return any(c.rule == VERSION_RULE and c.level.at_least(self.fail_on)
                   for c in self.changes)

    def summary(self) -> dict[str, int]:
        counts = Counter(str(c.level) for c in self.changes)
        return {str(level): counts.get(str(level), 0) for level in Level}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DiffReport:
        """The report :meth:`to_dict` wrote (``accord diff --format json``, or a
        report the hub sent), ready for the formatters of ``accord.report``.

        The derived members (``compatible``, ``summary``, ...) are recomputed;
        ``from_dict(r.to_dict()).to_dict() == r.to_dict()``. Raises KeyError or
        ValueError on a dictionary of another shape.
        """
        return cls(
            kind=data["kind"],
            base=data["base"],
            revision=data["revision"],
            mode=Mode(data["mode"]),
            fail_on=Level(data["fail_on"]),
            changes=tuple(Change.from_dict(c) for c in data.get("changes", ())),
            checks=tuple(PairCheck.from_dict(c) for c in data.get("checks", ())),
            version=_advice_from_dict(data["version"]),
            history=tuple(data.get("history", ())),
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "base": self.base,
            "revision": self.revision,
            "history": list(self.history),
            "mode": str(self.mode),
            "fail_on": str(self.fail_on),
            "compatible": self.compatible,
            "incompatible_with": self.incompatible_with,
            "changes": [c.to_dict() for c in self.changes],
            "summary": self.summary(),
            "suggested_bump": str(self.version.suggested),
            "version": self.version.to_dict(),
            "checks": [c.to_dict() for c in self.checks],
        }


def _advice_from_dict(data: Mapping[str, Any]) -> VersionAdvice:
    """The advice ``VersionAdvice.to_dict`` wrote."""
    actual = data.get("actual_bump")
    return VersionAdvice(
        base_version=data.get("base"),
        revision_version=data.get("revision"),
        suggested=Bump(data["suggested_bump"]),
        actual=Bump(actual) if actual else None,
        sufficient=data.get("sufficient"),
        suggested_version=data.get("suggested_version"),
    )


def version_change(advice: VersionAdvice, location: Location) -> Change | None:
    if advice.sufficient is not False:
        return None
    return Change(
        rule=VERSION_RULE,
        level=Level.BREAKING,
        direction=Direction.BOTH,
        message=(
            f"version {advice.revision_version} is not enough after {advice.base_version}: "
            f"the changes need a {advice.suggested} bump ({advice.suggested_version} or later)"
        ),
        hint=VERSION_RULE_HINT,
        location=location,
    )


def check_history(
    *,
    kind: str,
    labels: Sequence[str],
    version_of: Callable[[int], str | None],
    mode: Mode,
    fail_on: Level,
    differ: Differ,
    version_location: Location,
    version_level: Level | None = Level.BREAKING,
) -> DiffReport:
    """Check the last of ``labels`` against the earlier ones under ``mode``.

    ``differ(i, j)`` diffs version ``i`` to version ``j`` (indices into
    ``labels``); each pair is diffed at most once, the nearest earlier version
    first, so a caller can load documents lazily and keep only two in memory.
    ``version_of(i)`` is the declared version of version ``i``.
    ``version_level`` is the configured level of the version-bump finding
    (None: switched off).
    """
    if len(labels) < 2:
        raise ValueError("a history check needs at least two versions")
    last = len(labels) - 1
    cache: dict[tuple[int, int], list[Change]] = {}

    def pair(i: int, j: int) -> list[Change]:
        if (i, j) not in cache:
            cache[(i, j)] = differ(i, j)
        return cache[(i, j)]

    changes = list(pair(last - 1, last))
    advice = advise(version_of(last - 1), version_of(last), changes)
    bump_change = version_change(advice, version_location)
    if bump_change is not None and version_level is not None:
        changes.append(bump_change.with_level(version_level))

    checks: list[PairCheck] = []
    for index, direction in mode.pairs(len(labels)):
        found = pair(index, last) if direction == "backward" else pair(last, index)
        violations = tuple(c for c in found if c.level.at_least(fail_on))
        checks.append(PairCheck(labels[index], version_of(index), direction, violations))

    return DiffReport(
        kind=kind,
        base=labels[last - 1],
        revision=labels[last],
        mode=mode,
        fail_on=fail_on,
        changes=tuple(changes),
        checks=tuple(checks),
        version=advice,
        history=tuple(labels[:-1]),
    )
