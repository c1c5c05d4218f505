from __future__ import annotations

import pytest

from accord.compat.modes import Mode
from accord.compat.report import DiffReport
from accord.compat.semver import advise
from accord.core.change import Change, Level
from accord.report._common import (
    extra_violations,
    group_by_operation,
    operation_key,
    operation_title,
    verdict,
    version_text,
)
from tests.report.conftest import (
    BECAME_REQUIRED,
    ENUM_WIDENED,
    OLD_REMOVAL,
    OP_ADDED,
    PARAM_ADDED,
    REMOVED_EMAIL,
    report,
)


def test_verdicts(mixed: DiffReport, compatible: DiffReport, transitive: DiffReport) -> None:
    assert verdict(compatible) == "compatible under BACKWARD"
    assert verdict(mixed) == "INCOMPATIBLE under BACKWARD with orders-v1.yaml"
    assert verdict(transitive) == (
        "INCOMPATIBLE under BACKWARD_TRANSITIVE with orders-v2.yaml, orders-v1.yaml")
    strict = report([ENUM_WIDENED], fail_on=Level.DANGEROUS)
    assert strict.failed
    assert verdict(strict) == (
        "compatible under BACKWARD, but changes at or above dangerous fail the check")
    unchecked = report([REMOVED_EMAIL], mode=Mode.NONE)
    assert unchecked.failed  # 1.0.0 -> 1.1.0 is not enough for a breaking change
    assert verdict(unchecked) == (
        "no compatibility check (mode NONE), but the declared version is not raised enough")


@pytest.mark.parametrize(("old", "new", "changes", "text"), [
    ("1.0.0", "1.1.0", [REMOVED_EMAIL],
     "suggested bump: major (2.0.0); declared 1.1.0 is not enough"),
    ("1.0.0", "2.0.0", [REMOVED_EMAIL], "suggested bump: major (2.0.0); declared 2.0.0 is enough"),
    ("0.3.1", "0.4.0", [REMOVED_EMAIL], "suggested bump: major (0.4.0); declared 0.4.0 is enough"),
    ("1.0.0", "1.0.1", [OP_ADDED], "suggested bump: minor (1.1.0); declared 1.0.1 is not enough"),
    ("1.0.0", "1.0.0", [], "suggested bump: none"),
    (None, "1.0.0", [OP_ADDED], "suggested bump: minor"),
    ("2024-01", "2024-02", [OP_ADDED],
     "suggested bump: minor; cannot compare the declared versions 2024-01 and 2024-02"),
    ("2.0.0-rc.1", "2.0.0", [REMOVED_EMAIL],
     "suggested bump: major; no verdict on the declared versions 2.0.0-rc.1 -> 2.0.0: "
     "pre-releases promise no compatibility"),
])
def test_version_advice(old: str | None, new: str | None, changes: list[Change], text: str) -> None:
    assert version_text(advise(old, new, changes)) == text


def test_operations_sort_by_path_then_method() -> None:
    ops = [("POST /orders/{id}",), ("GET /orders/{id}",), ("GET /orders",), (),
           ("orders.created",), ("DELETE /orders/{id}",), ("GET /a", "GET /orders")]
    # Document-level first, then single operations by path and method, then shared changes.
    assert sorted(ops, key=operation_key) == [
        (), ("GET /orders",), ("DELETE /orders/{id}",), ("GET /orders/{id}",),
        ("POST /orders/{id}",), ("orders.created",), ("GET /a", "GET /orders")]


def test_titles_of_shared_changes() -> None:
    assert operation_title(()) == "API-wide"
    assert operation_title(("GET /a", "GET /b")) == "GET /a, GET /b"
    five = tuple(f"GET /{c}" for c in "abcde")
    assert operation_title(five) == "GET /a, GET /b and 3 more operations"


def test_groups_put_breaking_first() -> None:
    groups = group_by_operation([PARAM_ADDED, ENUM_WIDENED, REMOVED_EMAIL, BECAME_REQUIRED])
    assert [(op, [c.rule for c in cs]) for op, cs in groups] == [
        (("GET /orders",), ["request-parameter-added"]),
        (("POST /orders",), ["request-property-became-required"]),
        (("GET /users/{id}",), ["response-property-removed", "response-enum-value-added"]),
    ]


def test_extra_violations_are_those_the_diff_does_not_show(transitive: DiffReport) -> None:
    assert extra_violations(transitive) == [(transitive.checks[1], OLD_REMOVAL)]
