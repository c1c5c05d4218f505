"""A report received as JSON (``accord diff --format json``, or from the hub) is rebuilt
with ``from_dict`` and renders exactly as the report it was written from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.compat.report import DiffReport, PairCheck
from accord.core.change import Change, Direction, Level
from accord.core.location import Location
from accord.kinds import load_kinds
from accord.report import DIFF_FORMATS, render_diff

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ORDERS = EXAMPLES / "openapi"
PAYMENTS = EXAMPLES / "hub" / "payments" / "openapi"

CASES: dict[str, list[Path | str]] = {
    "orders v1 -> v1.2 (breaking)": [ORDERS / "orders-v1.yaml", ORDERS / "orders-v1.2.yaml"],
    "orders history, FULL_TRANSITIVE": [ORDERS / "orders-v1.yaml", ORDERS / "orders-v1.1.yaml",
                                        ORDERS / "orders-v1.2.yaml", "-m", "FULL_TRANSITIVE"],
    "payments 1.0 -> 1.1 (compatible)": [PAYMENTS / "payments-v1.0.0.yaml",
                                         PAYMENTS / "payments-v1.1.0.yaml"],
    "payments 2.0 under NONE": [PAYMENTS / "payments-v1.1.0.yaml",
                                PAYMENTS / "payments-v2.0.0.yaml", "-m", "NONE"],
}


def _diff(args: list[Path | str], fmt: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["diff", *map(str, args), "--format", fmt],
                                catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.mark.parametrize("case", list(CASES))
def test_round_trip_and_every_format_renders_the_same(case: str) -> None:
    code, text = _diff(CASES[case], "json")
    written = json.loads(text)
    report = DiffReport.from_dict(written)
    assert report.to_dict() == written
    assert DiffReport.from_dict(report.to_dict()).to_dict() == written
    assert int(report.failed) == code
    rules = {r.id: r for r in load_kinds()["openapi"].rules()}
    for fmt in DIFF_FORMATS:
        assert render_diff(report, fmt, rules=rules) == _diff(CASES[case], fmt)[1], fmt


def test_the_breaking_case_really_has_checks_and_violations() -> None:
    report = DiffReport.from_dict(json.loads(_diff(CASES["orders history, FULL_TRANSITIVE"],
                                                   "json")[1]))
    assert not report.compatible
    assert len(report.checks) == 4
    assert any(c.violations for c in report.checks)
    assert report.version.sufficient is False


def test_change_keeps_one_or_many_operations() -> None:
    where = Location("/paths/~1a", "a.yaml", 3, 5)
    one = Change("r", Level.SAFE, Direction.REQUEST, "m", "h", where, operation="GET /a")
    many = Change("r", Level.BREAKING, Direction.BOTH, "m", "", where, operation="GET /a",
                  operations=("GET /a", "POST /a"))
    whole = Change("r", Level.DANGEROUS, Direction.RESPONSE, "m", "h", Location())
    for change in (one, many, whole):
        assert Change.from_dict(change.to_dict()) == change
    check = PairCheck("a.yaml", "1.0.0", "forward", (many,))
    assert PairCheck.from_dict(check.to_dict()) == check
    assert not PairCheck.from_dict(check.to_dict()).compatible


def test_an_unknown_level_is_refused() -> None:
    data = Change("r", Level.SAFE, Direction.BOTH, "m", "h", Location()).to_dict()
    data["level"] = "catastrophic"
    with pytest.raises(ValueError):
        Change.from_dict(data)
