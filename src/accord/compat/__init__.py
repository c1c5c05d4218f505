"""Kind-independent compatibility modes, history checks and version-bump advice."""

from __future__ import annotations

from accord.compat.modes import Mode
from accord.compat.report import DiffReport, PairCheck, check_history
from accord.compat.semver import VersionAdvice, advise, required_bump

__all__ = [
    "DiffReport",
    "Mode",
    "PairCheck",
    "VersionAdvice",
    "advise",
    "check_history",
    "required_bump",
]
