"""Request parameters: added, removed, required, serialisation, deprecation."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.change import Level
from tests.kinds.openapi.test_kind_support import check, run_diff

SPEC = """
openapi: 3.0.3
info: {title: Items, version: 1.0.0}
paths:
  /items/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
        - {name: limit, in: query, schema: {type: integer}}
        - {name: X-Trace, in: header, schema: {type: string}}
        - $ref: '#/components/parameters/Cursor'
      responses:
        '200': {description: ok}
components:
  parameters:
    Cursor: {name: cursor, in: query, schema: {type: string}}
"""
OP = "GET /items/{id}"
LIMIT = "{name: limit, in: query, schema: {type: integer}}"
TAGS = "{name: tags, in: query, schema: {type: array, items: {type: string}}}"


def _edit(old: str, new: str) -> str:
    assert old in SPEC
    return SPEC.replace(old, new)


def _add(param: str) -> str:
    return _edit("      responses:", f"        - {param}\n      responses:")


def test_required_parameter_added(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SPEC, _add("{name: q, in: query, required: true, "
                                           "schema: {type: string}}"))
    change = check(result, "request-parameter-added-required", Level.BREAKING, OP, "name: q")
    assert change.message == "required query parameter 'q' was added"
    assert result.ids == ["request-parameter-added-required"]


def test_optional_parameter_added(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SPEC, _add("{name: q, in: cookie, schema: {type: string}}"))
    change = check(result, "request-parameter-added", Level.SAFE, OP, "name: q")
    assert change.addition
    assert "request-parameter-added-required" not in result.ids


def test_parameter_removed(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SPEC, _edit(f"        - {LIMIT}\n", ""))
    check(result, "request-parameter-removed", Level.DANGEROUS, OP, "name: limit", base=True)
    assert result.ids == ["request-parameter-removed"]


def test_parameter_moved_to_another_location_is_removed_and_added(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SPEC, _edit(LIMIT, LIMIT.replace("query", "header")))
    assert sorted(result.ids) == ["request-parameter-added", "request-parameter-removed"]


def test_header_names_are_case_insensitive(tmp_path: Path) -> None:
    assert run_diff(tmp_path, SPEC, _edit("X-Trace", "x-trace")).changes == []


def test_required_changes(tmp_path: Path) -> None:
    required = _edit(LIMIT, LIMIT.replace("in: query,", "in: query, required: true,"))
    check(run_diff(tmp_path, SPEC, required), "request-parameter-became-required",
          Level.BREAKING, OP, "name: limit")
    check(run_diff(tmp_path, required, SPEC), "request-parameter-became-optional", Level.SAFE,
          OP, "name: limit")
    explicit = _edit(LIMIT, LIMIT.replace("in: query,", "in: query, required: false,"))
    assert run_diff(tmp_path, SPEC, explicit).changes == []


def test_a_referenced_parameter_is_located_in_its_definition(tmp_path: Path) -> None:
    rev = _edit("Cursor: {name: cursor, in: query,", "Cursor: {name: cursor, in: query, "
                "required: true,")
    check(run_diff(tmp_path, SPEC, rev), "request-parameter-became-required", Level.BREAKING,
          OP, "Cursor:")


@pytest.mark.parametrize(("old", "new", "rule"), [
    (TAGS, TAGS.replace("schema", "style: pipeDelimited, schema"),
     "request-parameter-style-changed"),
    (TAGS, TAGS.replace("schema", "explode: false, schema"), "request-parameter-explode-changed"),
    ("{name: id, in: path, required: true,", "{name: id, in: path, required: true, style: label,",
     "request-parameter-style-changed"),
])
def test_serialisation_changes(tmp_path: Path, old: str, new: str, rule: str) -> None:
    result = run_diff(tmp_path, SPEC, _edit(old, new))
    check(result, rule, Level.BREAKING, OP, new[:20])
    assert result.ids == [rule]


@pytest.mark.parametrize(("old", "new"), [
    # the defaults written out
    (TAGS, TAGS.replace("schema", "style: form, explode: true, schema")),
    ("X-Trace, in: header,", "X-Trace, in: header, style: simple, explode: false,"),
    # explode and delimiters do not change how a scalar is written
    (LIMIT, LIMIT.replace("schema", "explode: false, schema")),
    (LIMIT, LIMIT.replace("schema", "style: pipeDelimited, schema")),
])
def test_equivalent_serialisations_are_not_changes(tmp_path: Path, old: str, new: str) -> None:
    assert run_diff(tmp_path, SPEC, _edit(old, new)).changes == []


def test_content_type_of_a_parameter(tmp_path: Path) -> None:
    base = _add("{name: filter, in: query, content: {application/json: {schema: {type: object}}}}")
    rev = base.replace("application/json", "text/plain")
    change = check(run_diff(tmp_path, base, rev), "request-parameter-content-type-changed",
                   Level.BREAKING, OP, "name: filter")
    assert "application/json" in change.message and "text/plain" in change.message
    assert run_diff(tmp_path, base, base).changes == []


@pytest.mark.parametrize(("flag", "slug"), [
    ("allowEmptyValue", "allow-empty-value"),
    ("allowReserved", "allow-reserved"),
])
def test_allow_flags(tmp_path: Path, flag: str, slug: str) -> None:
    allowed = _edit(LIMIT, LIMIT.replace("schema", f"{flag}: true, schema"))
    check(run_diff(tmp_path, allowed, SPEC), f"request-parameter-{slug}-removed", Level.BREAKING,
          OP, "name: limit")
    check(run_diff(tmp_path, SPEC, allowed), f"request-parameter-{slug}-added", Level.SAFE,
          OP, "name: limit")
    disallowed = _edit(LIMIT, LIMIT.replace("schema", f"{flag}: false, schema"))
    assert run_diff(tmp_path, SPEC, disallowed).changes == []


def test_parameter_deprecation(tmp_path: Path) -> None:
    deprecated = _edit(LIMIT, LIMIT.replace("schema", "deprecated: true, schema"))
    check(run_diff(tmp_path, SPEC, deprecated), "request-parameter-deprecated", Level.SAFE, OP,
          "name: limit")
    check(run_diff(tmp_path, deprecated, SPEC), "request-parameter-undeprecated", Level.SAFE, OP,
          "name: limit")


def _lifecycle(text: str) -> str:
    return _edit(LIMIT, LIMIT.replace("schema", f"{text}, schema"))


@pytest.mark.parametrize(("lifecycle", "rule", "level"), [
    ("deprecated: true, x-sunset: '2025-09-01'", "request-parameter-removed-before-sunset",
     Level.BREAKING),
    ("deprecated: true, x-sunset: '2025-03-01'", "request-parameter-removed-after-sunset",
     Level.SAFE),
    # the sunset day itself has passed; YAML reads an unquoted date as a date
    ("deprecated: true, x-sunset: 2025-06-01", "request-parameter-removed-after-sunset",
     Level.SAFE),
    ("deprecated: true", "request-parameter-removed", Level.DANGEROUS),
    ("deprecated: true, x-sunset: soon", "request-parameter-removed", Level.DANGEROUS),
    ("x-sunset: '2025-03-01'", "request-parameter-removed", Level.DANGEROUS),  # not deprecated
])
def test_removal_of_deprecated_parameters_follows_the_sunset(
        tmp_path: Path, lifecycle: str, rule: str, level: Level) -> None:
    result = run_diff(tmp_path, _lifecycle(lifecycle), _edit(f"        - {LIMIT}\n", ""))
    check(result, rule, level, OP, "name: limit", base=True)
    assert result.ids == [rule]


def test_parameter_removal_messages_name_the_dates(tmp_path: Path) -> None:
    removed = _edit(f"        - {LIMIT}\n", "")
    before = run_diff(tmp_path, _lifecycle("deprecated: true, x-sunset: '2025-09-01'"), removed)
    assert before.one("request-parameter-removed-before-sunset").message == (
        "deprecated query parameter 'limit' was removed before its sunset date 2025-09-01 "
        "(today is 2025-06-01)")
    after = run_diff(tmp_path, _lifecycle("deprecated: true, x-sunset: '2025-03-01'"), removed)
    assert after.one("request-parameter-removed-after-sunset").message == (
        "deprecated query parameter 'limit' was removed after its sunset date 2025-03-01")


def test_parameter_sunset_date_moves(tmp_path: Path) -> None:
    early = _lifecycle("deprecated: true, x-sunset: '2025-08-01'")
    late = _lifecycle("deprecated: true, x-sunset: '2025-12-01'")
    result = run_diff(tmp_path, late, early)
    change = check(result, "request-parameter-sunset-date-earlier", Level.DANGEROUS, OP,
                   "name: limit")
    assert change.message == ("the sunset date of query parameter 'limit' moved from "
                              "2025-12-01 to 2025-08-01")
    assert change.location.pointer.endswith("/x-sunset")
    assert result.ids == ["request-parameter-sunset-date-earlier"]
    # later, the same day written as a date-time, or a sunset first announced: nothing
    assert run_diff(tmp_path, early, late).changes == []
    same = _lifecycle("deprecated: true, x-sunset: '2025-08-01T00:00:00Z'")
    assert run_diff(tmp_path, early, same).changes == []
    assert run_diff(tmp_path, _lifecycle("deprecated: true"), early).changes == []


def test_path_level_parameters_are_overridden_by_the_operation(tmp_path: Path) -> None:
    base = SPEC.replace("  /items/{id}:\n", "  /items/{id}:\n    parameters:\n"
                        "      - {name: lang, in: query, schema: {type: string}}\n")
    rev = base.replace("      responses:", "        - {name: lang, in: query, required: true, "
                       "schema: {type: string}}\n      responses:")
    result = run_diff(tmp_path, base, rev)
    check(result, "request-parameter-became-required", Level.BREAKING, OP,
          "name: lang, in: query, required: true")
    assert result.ids == ["request-parameter-became-required"]


def test_parameter_deprecated_without_sunset(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SPEC, _lifecycle("deprecated: true"))
    change = check(result, "request-parameter-deprecated-without-sunset", Level.DANGEROUS, OP,
                   "name: limit")
    assert change.message == "query parameter 'limit' was deprecated without an x-sunset date"
    assert sorted(result.ids) == ["request-parameter-deprecated",
                                  "request-parameter-deprecated-without-sunset"]
    # with a date (also one added later to an already deprecated parameter): not flagged
    dated = _lifecycle("deprecated: true, x-sunset: '2025-09-01'")
    assert run_diff(tmp_path, SPEC, dated).ids == ["request-parameter-deprecated"]
    assert run_diff(tmp_path, _lifecycle("deprecated: true"), dated).ids == []
