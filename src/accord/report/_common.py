"""What every output format shares: grouping, wording of the verdict and the version advice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from accord.compat.modes import Mode
from accord.compat.report import VERSION_RULE, VERSION_RULE_HINT, DiffReport, PairCheck
from accord.compat.semver import VersionAdvice, is_prerelease
from accord.core.change import Bump, Change, Direction, Level, RuleInfo
from accord.core.location import Location

#: The heading of changes that belong to no single operation.
API_WIDE = "API-wide"
#: Most severe first.
LEVELS = (Level.BREAKING, Level.DANGEROUS, Level.SAFE)

VERSION_RULE_INFO = RuleInfo(
    id=VERSION_RULE,
    level=Level.BREAKING,
    direction=Direction.BOTH,
    description="The declared version is raised less than the changes require.",
    hint=VERSION_RULE_HINT,
)


def rule_info(rules: Mapping[str, RuleInfo], change: Change) -> RuleInfo:
    """The catalog entry of ``change``'s rule, synthesised when the catalog lacks it."""
    found = rules.get(change.rule)
    if found is not None:
        return found
    if change.rule == VERSION_RULE:
        return VERSION_RULE_INFO
    return RuleInfo(
        id=change.rule,
        level=change.level,
        direction=change.direction,
        description=change.rule.replace("-", " ").capitalize(),
        hint=change.hint,
        addition=change.addition,
    )


def by_severity(changes: Iterable[Change]) -> list[Change]:
    """Most severe first; the original order within a level."""
    return sorted(changes, key=lambda c: -c.level.rank)


Operations = tuple[str, ...]

#: How many operations a heading names before it counts the rest.
TITLE_NAMES = 3


def _one_key(operation: str) -> tuple[str, str]:
    head, sep, tail = operation.partition(" ")
    return (tail, head) if sep and tail.startswith("/") else (operation, "")


def operation_key(operations: Operations) -> tuple[int, int, list[tuple[str, str]]]:
    """Document-level changes first, then single operations by path and method
    (``GET /a`` -> ``("/a", "GET")``), then changes shared by several operations."""
    if not operations:
        return (0, 0, [])
    return (1, 0 if len(operations) == 1 else 1, [_one_key(op) for op in operations])


def group_by_operation(changes: Iterable[Change]) -> list[tuple[Operations, list[Change]]]:
    """``(operations, changes)`` grouped by the operations a change affects, in
    :func:`operation_key` order, most severe first in a group."""
    groups: dict[Operations, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.affects, []).append(change)
    return [(ops, by_severity(groups[ops])) for ops in sorted(groups, key=operation_key)]


def operation_title(operations: Operations | str | None) -> str:
    """``GET /a``; ``GET /a, POST /a and 12 more operations``; ``API-wide``."""
    if isinstance(operations, str):
        return operations
    if not operations:
        return API_WIDE
    if len(operations) <= TITLE_NAMES:
        return ", ".join(operations)
    rest = len(operations) - TITLE_NAMES + 1
    return f"{', '.join(operations[:TITLE_NAMES - 1])} and {rest} more operations"


def where(location: Location, *, column: bool = True) -> str:
    """``file:line:col`` (as much as is known), else the JSON pointer, else ``""``."""
    if not location.file:
        return location.pointer
    text = location.file
    if location.line is not None:
        text += f":{location.line}"
        if column and location.column is not None:
            text += f":{location.column}"
    return text


def summary_text(report: DiffReport) -> str:
    """``3 breaking, 1 dangerous, 0 safe``."""
    counts = report.summary()
    return ", ".join(f"{counts[str(level)]} {level}" for level in LEVELS)


def version_failed(report: DiffReport) -> bool:
    return any(c.rule == VERSION_RULE and c.level.at_least(report.fail_on)
               for c in report.changes)


def verdict(report: DiffReport) -> str:
    """One line: is the revision compatible, and does the run fail."""
    if not report.compatible:
        return f"INCOMPATIBLE under {report.mode} with {', '.join(report.incompatible_with)}"
    if report.mode is Mode.NONE:
        head = f"no compatibility check (mode {report.mode})"
    else:
        head = f"compatible under {report.mode}"
    reasons = []
    if any(check.violations for check in report.checks):
        reasons.append(f"changes at or above {report.fail_on} fail the check")
    if version_failed(report):
        reasons.append("the declared version is not raised enough")
    return f"{head}, but {' and '.join(reasons)}" if reasons else head


def version_text(advice: VersionAdvice) -> str:
    """``suggested bump: major (2.0.0); declared 1.1.0 is not enough``."""
    text = f"suggested bump: {advice.suggested}"
    if advice.suggested is Bump.NONE and advice.sufficient is not False:
        return text
    if advice.suggested_version is not None:
        text += f" ({advice.suggested_version})"
    if advice.sufficient is False:
        text += f"; declared {advice.revision_version} is not enough"
    elif advice.sufficient is True:
        text += f"; declared {advice.revision_version} is enough"
    elif is_prerelease(advice.base_version) or is_prerelease(advice.revision_version):
        text += (f"; no verdict on the declared versions {advice.base_version} -> "
                 f"{advice.revision_version}: pre-releases promise no compatibility")
    elif advice.base_version and advice.revision_version:
        text += (f"; cannot compare the declared versions {advice.base_version} and "
                 f"{advice.revision_version}")
    return text


def check_label(check: PairCheck) -> str:
    """``backward vs v1.yaml (1.0.0)``."""
    version = f" ({check.base_version})" if check.base_version else ""
    return f"{check.check} vs {check.base}{version}"


def _key(change: Change) -> tuple[str, str | None, str]:
    return (change.rule, change.operation, change.location.pointer)


def extra_violations(report: DiffReport) -> list[tuple[PairCheck, Change]]:
    """Violations of the checks that ``report.changes`` does not already show.

    A revision can be incompatible with an older version through a change that
    is not in the diff from the nearest version (it was made earlier), and a
    forward check finds changes of the reverse diff. Each appears once, with the
    nearest check that found it.
    """
    seen = {_key(c) for c in report.changes}
    out: list[tuple[PairCheck, Change]] = []
    for check in report.checks:
        for change in check.violations:
            if _key(change) not in seen:
                seen.add(_key(change))
                out.append((check, change))
    return out


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")
