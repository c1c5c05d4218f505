from __future__ import annotations

from accord.compat import Mode, check_history
from accord.core import Change, Direction, Level, Location

VERSIONS = ["1.0.0", "1.1.0", "1.2.0", "2.0.0"]


def _c(rule: str, level: Level) -> Change:
    return Change(rule, level, Direction.RESPONSE, rule, "h", Location("/p", "f"))


def _run(mode: Mode, table: dict[tuple[int, int], list[Change]], fail_on: Level = Level.BREAKING):
    calls: list[tuple[int, int]] = []

    def differ(i: int, j: int) -> list[Change]:
        calls.append((i, j))
        return table.get((i, j), [])

    report = check_history(
        kind="k", labels=["v1", "v2", "v3", "v4"], version_of=VERSIONS.__getitem__, mode=mode,
        fail_on=fail_on, differ=differ, version_location=Location("/info/version", "v4"),
    )
    return report, calls


def test_transitive_reports_every_incompatible_version() -> None:
    table = {
        (0, 3): [_c("gone", Level.BREAKING)],
        (1, 3): [_c("gone", Level.BREAKING)],
        (2, 3): [_c("added", Level.SAFE)],
    }
    report, calls = _run(Mode.BACKWARD_TRANSITIVE, table)
    assert not report.compatible
    assert report.incompatible_with == ["v2", "v1"]
    assert [c.compatible for c in report.checks] == [True, False, False]
    # each pair diffed once, nearest first
    assert calls == [(2, 3), (1, 3), (0, 3)]
    assert report.failed


def test_non_transitive_only_checks_the_previous_version() -> None:
    table = {(0, 3): [_c("gone", Level.BREAKING)], (2, 3): [_c("added", Level.SAFE)]}
    report, calls = _run(Mode.BACKWARD, table)
    assert report.compatible and not report.failed
    assert calls == [(2, 3)]


def test_forward_diffs_the_other_way() -> None:
    table = {(3, 2): [_c("seen-reversed", Level.BREAKING)]}
    report, calls = _run(Mode.FORWARD, table)
    assert calls == [(2, 3), (3, 2)]
    assert report.incompatible_with == ["v3"]
    assert report.checks[0].check == "forward"


def test_none_checks_nothing_but_reports_changes() -> None:
    report, _ = _run(Mode.NONE, {(2, 3): [_c("gone", Level.BREAKING)]})
    assert report.compatible and not report.failed
    assert report.summary() == {"breaking": 1, "dangerous": 0, "safe": 0}
    # 1.2.0 -> 2.0.0 is a major bump: enough for the breaking change
    assert report.version.sufficient is True


def test_fail_on_dangerous_fails_a_compatible_revision() -> None:
    table = {(2, 3): [_c("widened", Level.DANGEROUS)]}
    report, _ = _run(Mode.BACKWARD, table, fail_on=Level.DANGEROUS)
    assert report.compatible
    assert report.failed


def test_insufficient_bump_is_a_change() -> None:
    def differ(i: int, j: int) -> list[Change]:
        return [_c("gone", Level.BREAKING)]

    report = check_history(
        kind="k", labels=["a", "b"], version_of=["1.0.0", "1.1.0"].__getitem__, mode=Mode.NONE,
        fail_on=Level.BREAKING, differ=differ, version_location=Location("/info/version", "b"),
    )
    rules = [c.rule for c in report.changes]
    assert rules == ["gone", "version-bump-insufficient"]
    assert report.failed
    assert report.to_dict()["suggested_bump"] == "major"
