from __future__ import annotations

import pytest

from accord.compat import advise, required_bump
from accord.compat.semver import parse
from accord.core import Bump, Change, Direction, Level, Location


def _c(level: Level, addition: bool = False) -> Change:
    return Change("r", level, Direction.BOTH, "m", "h", Location(), addition=addition)


def test_parse() -> None:
    assert parse("1.2.3") == (1, 2, 3)
    assert parse("v2.0.0-rc.1+build") == (2, 0, 0)
    assert parse("2022-11-15") is None
    assert parse("1.2") is None
    assert parse(None) is None


def test_required_bump() -> None:
    assert required_bump([]) is Bump.NONE
    assert required_bump([_c(Level.SAFE)]) is Bump.PATCH
    assert required_bump([_c(Level.SAFE), _c(Level.SAFE, True)]) is Bump.MINOR
    assert required_bump([_c(Level.SAFE, True), _c(Level.BREAKING)]) is Bump.MAJOR


@pytest.mark.parametrize(
    ("base", "rev", "changes", "sufficient", "suggested_version"),
    [
        ("1.4.2", "2.0.0", [_c(Level.BREAKING)], True, "2.0.0"),
        ("1.4.2", "1.5.0", [_c(Level.BREAKING)], False, "2.0.0"),
        ("1.4.2", "1.5.0", [_c(Level.SAFE, True)], True, "1.5.0"),
        ("1.4.2", "1.4.3", [_c(Level.SAFE, True)], False, "1.5.0"),
        ("1.4.2", "1.4.2", [], True, "1.4.2"),
        ("1.4.2", "1.4.2", [_c(Level.SAFE)], False, "1.4.3"),
        ("1.4.2", "1.3.0", [], False, "1.4.2"),  # went backwards
        # Below 1.0.0 a breaking change needs a minor bump, an addition a patch.
        ("0.3.1", "0.4.0", [_c(Level.BREAKING)], True, "0.4.0"),
        ("0.3.1", "0.3.2", [_c(Level.BREAKING)], False, "0.4.0"),
        ("0.3.1", "0.3.2", [_c(Level.SAFE, True)], True, "0.3.2"),
    ],
)
def test_advice(base: str, rev: str, changes: list[Change], sufficient: bool,
                suggested_version: str) -> None:
    advice = advise(base, rev, changes)
    assert advice.sufficient is sufficient
    assert advice.suggested_version == suggested_version


def test_non_semantic_versions_get_advice_but_no_verdict() -> None:
    advice = advise("2020-08-27", "2022-11-15", [_c(Level.BREAKING)])
    assert advice.suggested is Bump.MAJOR
    assert advice.sufficient is None and advice.suggested_version is None


def test_a_prerelease_revision_gets_no_verdict() -> None:
    advice = advise("0.0.0-development", "0.0.0-development", [_c(Level.BREAKING)])
    assert advice.suggested is Bump.MAJOR and advice.sufficient is None
    advice = advise("1.4.0", "2.0.0-rc.1", [_c(Level.BREAKING)])
    assert advice.sufficient is None
    # the release after its candidates may change what they had
    assert advise("2.0.0-rc.1", "2.0.0", [_c(Level.BREAKING)]).sufficient is None
