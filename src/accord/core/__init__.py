"""Domain types shared by every layer: changes, findings, locations, errors, configuration.

Depends on the standard library and pydantic only.
"""

from __future__ import annotations

from accord.core.change import Bump, Change, Direction, Level, RuleInfo
from accord.core.errors import AccordError, ErrorCode
from accord.core.finding import SEVERITIES, Finding, Severity
from accord.core.location import Location

__all__ = [
    "SEVERITIES",
    "AccordError",
    "Bump",
    "Change",
    "Direction",
    "ErrorCode",
    "Finding",
    "Level",
    "Location",
    "RuleInfo",
    "Severity",
]
