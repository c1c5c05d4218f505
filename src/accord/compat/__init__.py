"""Kind-independent compatibility modes, history checks and version-bump advice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.core import lazy

if TYPE_CHECKING:
    from accord.compat.modes import Mode
    from accord.compat.report import DiffReport, PairCheck, check_history
    from accord.compat.semver import VersionAdvice, advise, required_bump

__getattr__ = lazy.exports(__name__, {
    "Mode": "modes",
    "DiffReport": "report",
    "PairCheck": "report",
    "check_history": "report",
    "VersionAdvice": "semver",
    "advise": "semver",
    "required_bump": "semver",
})


__all__ = [
    "DiffReport",
    "Mode",
    "PairCheck",
    "VersionAdvice",
    "advise",
    "check_history",
    "required_bump",
]
