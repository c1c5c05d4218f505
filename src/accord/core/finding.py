"""Lint findings: one convention a contract does not follow, where, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from accord.core.location import Location


class Severity(StrEnum):
    """How much a finding matters; ordered ``hint < info < warn < error``."""

    ERROR = "error"
    WARN = "warn"
    INFO = "info"
    HINT = "hint"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank


_SEVERITY_RANK = {Severity.HINT: 0, Severity.INFO: 1, Severity.WARN: 2, Severity.ERROR: 3}
#: Most severe first (report order, summary order).
SEVERITIES = (Severity.ERROR, Severity.WARN, Severity.INFO, Severity.HINT)


@dataclass(frozen=True, slots=True)
class Finding:
    """One lint result. ``to_dict`` is the stable JSON contract of ``accord lint``."""

    rule: str
    severity: Severity
    message: str
    hint: str
    location: Location

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
            "location": self.location.to_dict(),
        }
