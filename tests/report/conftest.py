"""Diff reports built by hand from realistic changes, for the output-format tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.compat.modes import Mode
from accord.compat.report import VERSION_RULE, DiffReport, PairCheck, version_change
from accord.compat.semver import advise
from accord.core.change import Change, Direction, Level, RuleInfo
from accord.core.location import Location

SCHEMAS = Path(__file__).parent / "schemas"

_CATALOG = [
    RuleInfo("response-property-removed", Level.BREAKING, Direction.RESPONSE,
             "A property was removed from a response.",
             "keep the property, or deprecate it first and remove it in a major version"),
    RuleInfo("request-property-became-required", Level.BREAKING, Direction.REQUEST,
             "An optional request property became required.",
             "keep it optional and default it on the server"),
    RuleInfo("operation-removed", Level.BREAKING, Direction.BOTH,
             "An operation was removed.", "deprecate the operation and keep it until its sunset"),
    RuleInfo("response-enum-value-added", Level.DANGEROUS, Direction.RESPONSE,
             "A value was added to a response enum.",
             "make sure clients tolerate unknown enum values"),
    RuleInfo("request-parameter-added", Level.SAFE, Direction.REQUEST,
             "An optional request parameter was added.", "document the new parameter",
             addition=True),
    RuleInfo("operation-added", Level.SAFE, Direction.BOTH,
             "An operation was added.", "announce the new operation", addition=True),
    RuleInfo("operation-deprecated", Level.SAFE, Direction.BOTH,
             "An operation was marked deprecated.", "announce a sunset date"),
    RuleInfo("server-url-changed", Level.DANGEROUS, Direction.BOTH,
             "A server URL changed.", "keep the old URL working as a redirect"),
]
#: The kind's catalog, as the CLI passes it (without the version rule).
RULES: dict[str, RuleInfo] = {rule.id: rule for rule in _CATALOG}


def change(
    rule: str,
    message: str,
    operation: str | None,
    *,
    file: str | None = "orders-v2.yaml",
    line: int | None = 10,
    column: int | None = 7,
    pointer: str = "/paths/~1orders/get",
    level: Level | None = None,
) -> Change:
    info = RULES[rule]
    return Change(
        rule=rule,
        level=level or info.level,
        direction=info.direction,
        message=message,
        hint=info.hint,
        location=Location(pointer, file, line, column),
        operation=operation,
        addition=info.addition,
    )


REMOVED_EMAIL = change(
    "response-property-removed", "property 'email' was removed from the 200 response",
    "GET /users/{id}", line=42, column=11,
    pointer="/paths/~1users~1{id}/get/responses/200/content/application~1json/schema",
)
ENUM_WIDENED = change(
    "response-enum-value-added", "value 'archived' was added to the enum of 'status'",
    "GET /users/{id}", line=57, column=15,
)
BECAME_REQUIRED = change(
    "request-property-became-required", "request property 'currency' became required",
    "POST /orders", line=88, column=13, pointer="/paths/~1orders/post/requestBody",
)
PARAM_ADDED = change(
    "request-parameter-added", "optional query parameter 'status' was added", "GET /orders",
    line=21, column=9,
)
OP_ADDED = change("operation-added", "operation POST /orders/{id}/refund was added",
                  "POST /orders/{id}/refund", line=120, column=5)
OP_DEPRECATED = change("operation-deprecated", "operation GET /orders/{id}/legacy is deprecated",
                       "GET /orders/{id}/legacy", line=140, column=5)
SERVER_CHANGED = change("server-url-changed", "server URL changed from https://api.example.com "
                        "to https://api.example.org", None, line=5, column=9, pointer="/servers/0")
#: Special characters everywhere: markdown pipes and backticks, %, newline, XML, unicode.
WEIRD = change(
    "response-enum-value-added",
    "value 'a|b' added to `kind`: 100% <b>bold</b> & co\nsecond line: naïve café ✓ 日本",
    "GET /caf\u00e9s|all",
    file="specs\\v2 dir/orders, v2:final.yaml", line=3, column=1,
)
NO_FILE = change("operation-deprecated", "operation GET /reports is deprecated", "GET /reports",
                 file=None, line=None, column=None, pointer="/paths/~1reports/get")
NO_LINE = change("operation-added", "operation GET /exports was added", "GET /exports",
                 line=None, column=None)


def report(
    changes: list[Change],
    *,
    mode: Mode = Mode.BACKWARD,
    fail_on: Level = Level.BREAKING,
    versions: tuple[str | None, str | None] = ("1.0.0", "1.1.0"),
    base: str = "orders-v1.yaml",
    revision: str = "orders-v2.yaml",
    checks: tuple[PairCheck, ...] | None = None,
    history: tuple[str, ...] | None = None,
) -> DiffReport:
    """A report as ``check_history`` builds it for two versions (or with ``checks`` given)."""
    advice = advise(versions[0], versions[1], changes)
    bump = version_change(advice, Location("/info/version", revision, 3, 12))
    all_changes = [*changes, *([bump] if bump else [])]
    if checks is None:
        checks = tuple(
            PairCheck(base, versions[0], direction,
                      tuple(c for c in changes if c.level.at_least(fail_on)))
            for _, direction in mode.pairs(2)
        )
    return DiffReport(
        kind="openapi",
        base=base,
        revision=revision,
        mode=mode,
        fail_on=fail_on,
        changes=tuple(all_changes),
        checks=checks,
        version=advice,
        history=history or (base,),
    )


@pytest.fixture
def empty() -> DiffReport:
    return report([], versions=("1.0.0", "1.0.1"))


@pytest.fixture
def mixed() -> DiffReport:
    """Breaking, dangerous and safe changes; 1.1.0 claims too small a bump."""
    return report([PARAM_ADDED, REMOVED_EMAIL, ENUM_WIDENED, BECAME_REQUIRED, OP_ADDED,
                   OP_DEPRECATED, SERVER_CHANGED])


@pytest.fixture
def compatible() -> DiffReport:
    return report([PARAM_ADDED, OP_ADDED, ENUM_WIDENED], versions=("1.0.0", "1.1.0"))


OLD_REMOVAL = change("operation-removed", "operation DELETE /orders/{id} was removed",
                     "DELETE /orders/{id}", file="orders-v1.yaml", line=70, column=5,
                     pointer="/paths/~1orders~1{id}/delete")


@pytest.fixture
def transitive() -> DiffReport:
    """v1 -> v2 -> v3 under BACKWARD_TRANSITIVE: v3 breaks v2 clients, and still v1 clients.

    The v1 check also finds a removal made in v2, which the v2 -> v3 diff does not show.
    """
    changes = [PARAM_ADDED, BECAME_REQUIRED, OP_ADDED]
    checks = (
        PairCheck("orders-v2.yaml", "1.1.0", "backward", (BECAME_REQUIRED,)),
        PairCheck("orders-v1.yaml", "1.0.0", "backward", (BECAME_REQUIRED, OLD_REMOVAL)),
    )
    return report(changes, mode=Mode.BACKWARD_TRANSITIVE, versions=("1.1.0", "1.2.0"),
                  base="orders-v2.yaml", revision="orders-v3.yaml", checks=checks,
                  history=("orders-v1.yaml", "orders-v2.yaml"))


@pytest.fixture
def weird() -> DiffReport:
    return report([WEIRD, NO_FILE, NO_LINE, REMOVED_EMAIL], mode=Mode.NONE,
                  versions=("2.0.0", "3.0.0"))


ALL = ("empty", "mixed", "compatible", "transitive", "weird")


@pytest.fixture(params=ALL)
def any_report(request: pytest.FixtureRequest) -> DiffReport:
    result: DiffReport = request.getfixturevalue(request.param)
    return result


assert VERSION_RULE not in RULES
