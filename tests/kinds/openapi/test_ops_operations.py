"""Operations: added, removed (with deprecation and sunset), deprecated, ids, tags."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accord.core.change import Level
from tests.kinds.openapi.test_kind_support import check, run_diff

SPEC = """
openapi: 3.0.3
info: {title: Users, version: 1.0.0}
paths:
  /users:
    get:
      operationId: listUsers
      tags: [users, admin]
      x-stability-level: stable
      responses:
        '200': {description: ok}
  /users/{id}:
    get:
      operationId: getUser
      DEPRECATION
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          HEADERS
"""


def spec(deprecation: str = "", headers: str = "") -> str:
    return SPEC.replace("DEPRECATION", deprecation or "summary: Get a user") \
        .replace("HEADERS", headers or "x-note: none")


def without_get_user(text: str) -> str:
    start = text.index("  /users/{id}:")
    return text[:start]


def test_identical_documents_have_no_changes(tmp_path: Path) -> None:
    assert run_diff(tmp_path, spec(), spec()).changes == []


def test_operation_added(tmp_path: Path) -> None:
    rev = spec().replace("  /users/{id}:", "    post:\n      responses:\n"
                         "        '201': {description: created}\n  /users/{id}:")
    result = run_diff(tmp_path, spec(), rev)
    change = check(result, "operation-added", Level.SAFE, "POST /users", "post:")
    assert change.addition and change.message == "POST /users was added"


def test_operation_removed_without_deprecation(tmp_path: Path) -> None:
    result = run_diff(tmp_path, spec(), without_get_user(spec()))
    change = result.one("operation-removed")
    assert change.level is Level.BREAKING and change.operation == "GET /users/{id}"
    assert change.location.file == str(result.base)
    assert change.location.line == result.line("/users/{id}:", base=True) + 1
    assert result.ids == ["operation-removed"]


@pytest.mark.parametrize(("deprecation", "headers", "rule", "level"), [
    ("deprecated: true\n      x-sunset: '2025-09-01'", "", "operation-removed-before-sunset",
     Level.BREAKING),
    ("deprecated: true\n      x-sunset: 2025-03-01", "", "operation-removed-after-sunset",
     Level.SAFE),
    ("deprecated: true\n      x-sunset: '2025-06-01'", "", "operation-removed-after-sunset",
     Level.SAFE),
    ("deprecated: true", "", "operation-removed-without-sunset", Level.DANGEROUS),
    ("deprecated: true\n      x-sunset: soon", "", "operation-removed-without-sunset",
     Level.DANGEROUS),
    ("deprecated: true", "headers:\n            Sunset:\n              schema: {type: string}\n"
     "              example: Wed, 01 Oct 2025 00:00:00 GMT",
     "operation-removed-before-sunset", Level.BREAKING),
    ("deprecated: true", "headers:\n            Sunset:\n              schema:\n"
     "                type: string\n                example: '2024-12-31T00:00:00Z'",
     "operation-removed-after-sunset", Level.SAFE),
    ("deprecated: true", "headers:\n            Sunset:\n              schema: {type: string}\n"
     "              examples:\n                planned: {value: '2026-01-01'}",
     "operation-removed-before-sunset", Level.BREAKING),
    ("x-sunset: '2024-01-01'", "", "operation-removed", Level.BREAKING),
])
def test_removal_of_deprecated_operations_follows_the_sunset(
        tmp_path: Path, deprecation: str, headers: str, rule: str, level: Level) -> None:
    base = spec(deprecation, headers)
    result = run_diff(tmp_path, base, without_get_user(base), today=date(2025, 6, 1))
    change = result.one(rule)
    assert change.level is level and change.operation == "GET /users/{id}"
    assert result.ids == [rule]


def test_operation_deprecated_and_undeprecated(tmp_path: Path) -> None:
    deprecated = spec("deprecated: true\n      x-sunset: '2026-01-31'")
    result = run_diff(tmp_path, spec(), deprecated)
    change = check(result, "operation-deprecated", Level.SAFE, "GET /users/{id}",
                   "deprecated: true")
    assert "2026-01-31" in change.message
    result = run_diff(tmp_path, deprecated, spec())
    check(result, "operation-undeprecated", Level.SAFE, "GET /users/{id}",
          result.line("operationId: getUser") - 1)
    # 'deprecated: false' is no deprecation
    assert run_diff(tmp_path, spec(), spec("deprecated: false")).changes == []


def test_sunset_date_moves(tmp_path: Path) -> None:
    early = spec("deprecated: true\n      x-sunset: '2025-08-01'")
    late = spec("deprecated: true\n      x-sunset: '2025-12-01'")
    change = check(run_diff(tmp_path, late, early), "operation-sunset-date-earlier",
                   Level.DANGEROUS, "GET /users/{id}", "x-sunset")
    assert "2025-12-01" in change.message and "2025-08-01" in change.message
    check(run_diff(tmp_path, early, late), "operation-sunset-date-later", Level.SAFE,
          "GET /users/{id}", "x-sunset")
    # the same date written another way is no move
    same = spec("deprecated: true\n      x-sunset: '2025-08-01T00:00:00Z'")
    assert run_diff(tmp_path, early, same).changes == []


def test_operation_id_changes(tmp_path: Path) -> None:
    renamed = spec().replace("getUser", "fetchUser")
    change = check(run_diff(tmp_path, spec(), renamed), "operation-id-changed",
                   Level.DANGEROUS, "GET /users/{id}", "fetchUser")
    assert "'getUser'" in change.message and "'fetchUser'" in change.message
    dropped = spec().replace("      operationId: getUser\n", "")
    check(run_diff(tmp_path, spec(), dropped), "operation-id-removed", Level.DANGEROUS,
          "GET /users/{id}", "operationId: getUser", base=True)
    check(run_diff(tmp_path, dropped, spec()), "operation-id-added", Level.SAFE,
          "GET /users/{id}", "operationId: getUser")


def test_tags(tmp_path: Path) -> None:
    result = run_diff(tmp_path, spec(), spec().replace("[users, admin]", "[users, people]"))
    check(result, "operation-tag-removed", Level.DANGEROUS, "GET /users", "[users, admin]",
          base=True)
    check(result, "operation-tag-added", Level.SAFE, "GET /users", "[users, people]")
    # order does not matter
    assert run_diff(tmp_path, spec(), spec().replace("[users, admin]", "[admin, users]")) \
        .changes == []


def test_stability_decreased(tmp_path: Path) -> None:
    beta = spec().replace("x-stability-level: stable", "x-stability-level: beta")
    check(run_diff(tmp_path, spec(), beta), "operation-stability-decreased", Level.BREAKING,
          "GET /users", "x-stability-level")
    assert run_diff(tmp_path, beta, spec()).changes == []


def test_path_parameter_rename_is_not_a_removal(tmp_path: Path) -> None:
    rev = spec().replace("/users/{id}:", "/users/{userId}:").replace("name: id,", "name: userId,")
    result = run_diff(tmp_path, spec(), rev)
    change = check(result, "path-parameter-renamed", Level.SAFE, "GET /users/{userId}",
                   "name: userId")
    assert change.message == "path parameter 'id' was renamed to 'userId'"
    assert result.ids == ["path-parameter-renamed"]


def test_undeclared_path_parameters_are_not_added(tmp_path: Path) -> None:
    declared = "        - {name: id, in: path, required: true, schema: {type: string}}\n"
    base = spec().replace(declared, "        - {name: q, in: query, schema: {type: string}}\n")
    rev = spec().replace("parameters:\n", "parameters:\n"
                         "        - {name: q, in: query, schema: {type: string}}\n")
    assert run_diff(tmp_path, base, rev).changes == []


@pytest.mark.parametrize(("deprecation", "headers"), [
    ("deprecated: true", ""),
    ("deprecated: true\n      x-sunset: soon", ""),  # not a date
])
def test_operation_deprecated_without_sunset(tmp_path: Path, deprecation: str,
                                             headers: str) -> None:
    result = run_diff(tmp_path, spec(), spec(deprecation, headers))
    change = check(result, "operation-deprecated-without-sunset", Level.DANGEROUS,
                   "GET /users/{id}", "deprecated: true")
    assert change.message == "GET /users/{id} was deprecated without announcing a sunset date"
    assert sorted(result.ids) == ["operation-deprecated", "operation-deprecated-without-sunset"]


@pytest.mark.parametrize(("deprecation", "headers"), [
    ("deprecated: true\n      x-sunset: '2026-01-31'", ""),
    # a documented Sunset header announces the date, even without an example
    ("deprecated: true", "headers:\n            Sunset:\n              schema: {type: string}"),
])
def test_operation_deprecated_with_sunset_is_not_flagged(tmp_path: Path, deprecation: str,
                                                         headers: str) -> None:
    result = run_diff(tmp_path, spec(headers=headers), spec(deprecation, headers))
    assert result.ids == ["operation-deprecated"]


def test_operation_sunset_removed(tmp_path: Path) -> None:
    dated = spec("deprecated: true\n      x-sunset: '2026-01-31'")
    result = run_diff(tmp_path, dated, spec("deprecated: true"))
    change = check(result, "operation-sunset-removed", Level.DANGEROUS, "GET /users/{id}",
                   "x-sunset", base=True)
    assert change.message == ("the sunset date 2026-01-31 of deprecated GET /users/{id} "
                              "was removed")
    assert result.ids == ["operation-sunset-removed"]
    # dropped together with the deprecation: undeprecated, not a lost date
    assert run_diff(tmp_path, dated, spec()).ids == ["operation-undeprecated"]
    # the date moved from x-sunset to a Sunset header example: still announced
    header = spec("deprecated: true", "headers:\n            Sunset:\n"
                  "              schema: {type: string, example: '2026-01-31'}")
    assert run_diff(tmp_path, dated, header).ids == ["response-header-added"]
