"""Version-bump advice: the smallest semantic-version bump a set of changes needs.

Breaking changes need a major bump, additions a minor one, anything else a
patch. Below 1.0.0 everything shifts down one place, as semver's "anything may
change" clause is usually read (Cargo's rule): breaking -> minor, else patch.
Pre-releases (``2.0.0-rc.1``, ``0.0.0-development``) promise no compatibility
(semver, item 9), and a release may change what its candidates had: when
either version is one, there is advice but no verdict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from accord.core.change import Bump, Change

_SEMVER = re.compile(
    r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$"
)


def parse(version: str | None) -> tuple[int, int, int] | None:
    """``(major, minor, patch)`` of a semantic version, or None."""
    if not version:
        return None
    m = _SEMVER.match(version.strip())
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


def is_prerelease(version: str | None) -> bool:
    m = _SEMVER.match(version.strip()) if version else None
    return bool(m and m[4])


def required_bump(changes: Iterable[Change]) -> Bump:
    needed = Bump.NONE
    for change in changes:
        if change.bump.rank > needed.rank:
            needed = change.bump
    return needed


def actual_bump(old: tuple[int, int, int], new: tuple[int, int, int]) -> Bump | None:
    """The bump from ``old`` to ``new``; None when ``new`` is not greater."""
    if new <= old:
        return Bump.NONE if new == old else None
    if new[0] > old[0]:
        return Bump.MAJOR
    if new[1] > old[1]:
        return Bump.MINOR
    return Bump.PATCH


def _effective(bump: Bump, base: tuple[int, int, int]) -> Bump:
    if base[0] > 0:
        return bump
    return {Bump.MAJOR: Bump.MINOR, Bump.MINOR: Bump.PATCH}.get(bump, bump)


@dataclass(frozen=True, slots=True)
class VersionAdvice:
    base_version: str | None
    revision_version: str | None
    #: The smallest bump the changes need (semver rules, before any 0.x shift).
    suggested: Bump
    #: The bump the revision made, None when either version is not semantic
    #: or the version went down.
    actual: Bump | None
    #: False when the declared version was bumped less than needed.
    sufficient: bool | None
    #: The smallest version number that satisfies the advice.
    suggested_version: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "base": self.base_version,
            "revision": self.revision_version,
            "suggested_bump": str(self.suggested),
            "actual_bump": str(self.actual) if self.actual else None,
            "sufficient": self.sufficient,
            "suggested_version": self.suggested_version,
        }


def _next(base: tuple[int, int, int], bump: Bump) -> str:
    major, minor, patch = base
    if bump is Bump.MAJOR:
        return f"{major + 1}.0.0"
    if bump is Bump.MINOR:
        return f"{major}.{minor + 1}.0"
    if bump is Bump.PATCH:
        return f"{major}.{minor}.{patch + 1}"
    return f"{major}.{minor}.{patch}"


def advise(base_version: str | None, revision_version: str | None,
           changes: Iterable[Change]) -> VersionAdvice:
    suggested = required_bump(changes)
    old, new = parse(base_version), parse(revision_version)
    if old is None or new is None or is_prerelease(base_version) or is_prerelease(revision_version):
        return VersionAdvice(base_version, revision_version, suggested, None, None, None)
    needed = _effective(suggested, old)
    actual = actual_bump(old, new)
    sufficient = actual is not None and actual.rank >= needed.rank
    return VersionAdvice(
        base_version, revision_version, suggested, actual, sufficient, _next(old, needed)
    )


def sort_key(version: str) -> tuple[int, int, int, int, tuple[tuple[int, int | str], ...]]:
    """Semantic-version precedence as a sort key (semver item 11): a pre-release
    sorts before its release; its dot-separated identifiers compare numerically
    when numeric, numbers before words. Raises ValueError for a non-semver string."""
    m = _SEMVER.match(version.strip())
    if m is None:
        raise ValueError(f"{version!r} is not a semantic version")
    pre = m[4]
    idents: tuple[tuple[int, int | str], ...] = ()
    if pre:
        idents = tuple((0, int(p)) if p.isdigit() else (1, p) for p in pre.split("."))
    return int(m[1]), int(m[2]), int(m[3]), 0 if pre else 1, idents
