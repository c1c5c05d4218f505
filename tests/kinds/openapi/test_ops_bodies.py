"""Request bodies, responses, response headers and media type matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.change import Level
from tests.kinds.openapi.test_kind_support import check, run_diff

SPEC = """
openapi: 3.0.3
info: {title: Orders, version: 1.0.0}
paths:
  /orders:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object}
      responses:
        '201':
          description: created
          headers:
            Location: {required: true, schema: {type: string}}
            X-Rate: {schema: {type: integer}}
          content:
            application/json:
              schema: {type: object}
        '400':
          description: bad
          content:
            application/problem+json:
              schema: {type: object}
        default:
          description: error
"""
OP = "POST /orders"
BODY = """      requestBody:
        content:
          application/json:
            schema: {type: object}
"""


def _edit(old: str, new: str, text: str = SPEC) -> str:
    assert old in text
    return text.replace(old, new, 1)


NO_BODY = _edit(BODY, "")
REQUIRED_BODY = _edit("      requestBody:\n", "      requestBody:\n        required: true\n")


# --- request bodies ------------------------------------------------------------


def test_request_body_added(tmp_path: Path) -> None:
    check(run_diff(tmp_path, NO_BODY, REQUIRED_BODY), "request-body-added-required",
          Level.BREAKING, OP, "requestBody:")
    change = check(run_diff(tmp_path, NO_BODY, SPEC), "request-body-added", Level.SAFE, OP,
                   "requestBody:")
    assert change.addition


def test_request_body_removed(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SPEC, NO_BODY)
    check(result, "request-body-removed", Level.DANGEROUS, OP, "requestBody:", base=True)
    assert result.ids == ["request-body-removed"]


def test_request_body_required_changes(tmp_path: Path) -> None:
    check(run_diff(tmp_path, SPEC, REQUIRED_BODY), "request-body-became-required",
          Level.BREAKING, OP, "required: true")
    check(run_diff(tmp_path, REQUIRED_BODY, SPEC), "request-body-became-optional", Level.SAFE,
          OP, "requestBody:")
    explicit = _edit("      requestBody:\n", "      requestBody:\n        required: false\n")
    assert run_diff(tmp_path, SPEC, explicit).changes == []


def test_request_media_types(tmp_path: Path) -> None:
    both = _edit("            schema: {type: object}\n      responses:",
                 "            schema: {type: object}\n          application/xml:\n"
                 "            schema: {type: object}\n      responses:")
    change = check(run_diff(tmp_path, SPEC, both), "request-body-media-type-added", Level.SAFE,
                   OP, "application/xml")
    assert change.addition
    check(run_diff(tmp_path, both, SPEC), "request-body-media-type-removed", Level.BREAKING, OP,
          "application/xml", base=True)


@pytest.mark.parametrize("spelling", ["application/*", "'*/*'", "application/json; charset=utf-8",
                                      "Application/JSON"])
def test_request_media_types_match_by_wildcard_and_essence(tmp_path: Path, spelling: str) -> None:
    rev = _edit("          application/json:\n            schema: {type: object}\n      responses",
                f"          {spelling}:\n            schema: {{type: object}}\n      responses")
    assert run_diff(tmp_path, SPEC, rev).changes == []


def test_request_body_schema_added_and_removed(tmp_path: Path) -> None:
    bare = _edit("          application/json:\n            schema: {type: object}\n      resp",
                 "          application/json: {}\n      resp")
    check(run_diff(tmp_path, bare, SPEC), "request-body-schema-added", Level.DANGEROUS, OP,
          "schema: {type: object}")
    check(run_diff(tmp_path, SPEC, bare), "request-body-schema-removed", Level.SAFE, OP,
          "application/json: {}")


# --- response statuses --------------------------------------------------------------


def _drop_response(status: str, following: str) -> str:
    start = SPEC.index(f"        {status}:")
    end = SPEC.index(following, start) if following else len(SPEC)
    return SPEC[:start] + SPEC[end:]


@pytest.mark.parametrize(("status", "following", "rule", "level"), [
    ("'201'", "        '400':", "response-success-status-removed", Level.BREAKING),
    ("'400'", "        default:", "response-non-success-status-removed", Level.SAFE),
    ("default", "", "response-non-success-status-removed", Level.SAFE),
])
def test_response_status_removed(tmp_path: Path, status: str, following: str, rule: str,
                                 level: Level) -> None:
    result = run_diff(tmp_path, SPEC, _drop_response(status, following))
    change = check(result, rule, level, OP, f"        {status}:", base=True)
    assert status.strip("'") in change.message
    assert result.ids == [rule]


@pytest.mark.parametrize(("status", "rule", "level"), [
    ("'202'", "response-success-status-added", Level.DANGEROUS),
    ("'302'", "response-success-status-added", Level.DANGEROUS),
    ("'404'", "response-non-success-status-added", Level.SAFE),
])
def test_response_status_added(tmp_path: Path, status: str, rule: str, level: Level) -> None:
    rev = _edit("        default:", f"        {status}: {{description: new}}\n        default:")
    result = run_diff(tmp_path, SPEC, rev)
    check(result, rule, level, OP, f"{status}:")
    assert result.ids == [rule]


@pytest.mark.parametrize(("old", "new"), [
    ("'201'", "2XX"),
    ("'400'", "4xx"),
])
def test_status_ranges_cover_codes(tmp_path: Path, old: str, new: str) -> None:
    rev = _edit(f"        {old}:", f"        {new}:")
    assert run_diff(tmp_path, SPEC, rev).changes == []
    assert run_diff(tmp_path, rev, SPEC).changes == []


# --- response bodies ------------------------------------------------------------------

CREATED_CONTENT = """          content:
            application/json:
              schema: {type: object}
        '400':"""


def test_response_body_removed_and_added(tmp_path: Path) -> None:
    rev = _edit(CREATED_CONTENT, "        '400':")
    result = run_diff(tmp_path, SPEC, rev)
    change = check(result, "response-body-removed", Level.BREAKING, OP, "application/json:",
                   base=True, after="'201'")
    assert "response 201" in change.message
    assert result.ids == ["response-body-removed"]
    check(run_diff(tmp_path, rev, SPEC), "response-body-added", Level.SAFE, OP,
          "application/json:", after="'201'")


def test_response_media_types(tmp_path: Path) -> None:
    more = _edit(CREATED_CONTENT, CREATED_CONTENT.replace(
        "        '400':", "            text/csv:\n              schema: {type: string}\n"
                         "        '400':"))
    check(run_diff(tmp_path, SPEC, more), "response-media-type-added", Level.SAFE, OP,
          "text/csv")
    check(run_diff(tmp_path, more, SPEC), "response-media-type-removed", Level.BREAKING, OP,
          "text/csv", base=True)


def test_structured_suffix_matches(tmp_path: Path) -> None:
    rev = _edit("application/problem+json", "application/json")
    assert run_diff(tmp_path, SPEC, rev).changes == []


def test_response_schema_added_and_removed(tmp_path: Path) -> None:
    bare = _edit(CREATED_CONTENT, "          content:\n            application/json: {}\n"
                                  "        '400':")
    check(run_diff(tmp_path, SPEC, bare), "response-body-schema-removed", Level.DANGEROUS, OP,
          "application/json: {}")
    check(run_diff(tmp_path, bare, SPEC), "response-body-schema-added", Level.SAFE, OP,
          "schema: {type: object}", after="'201'")


# --- response headers ---------------------------------------------------------------

LOCATION = "            Location: {required: true, schema: {type: string}}\n"
RATE = "            X-Rate: {schema: {type: integer}}\n"


def test_response_headers_removed(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SPEC, _edit(LOCATION, ""))
    change = check(result, "response-header-removed", Level.BREAKING, OP, "Location:", base=True)
    assert "'Location'" in change.message
    check(run_diff(tmp_path, SPEC, _edit(RATE, "")), "response-optional-header-removed",
          Level.DANGEROUS, OP, "X-Rate:", base=True)


def test_response_header_added(tmp_path: Path) -> None:
    rev = _edit(RATE, RATE + "            ETag: {schema: {type: string}}\n")
    change = check(run_diff(tmp_path, SPEC, rev), "response-header-added", Level.SAFE, OP,
                   "ETag")
    assert change.addition


def test_response_header_required_and_deprecated(tmp_path: Path) -> None:
    optional = _edit(LOCATION, LOCATION.replace("required: true", "required: false"))
    check(run_diff(tmp_path, SPEC, optional), "response-header-became-optional", Level.BREAKING,
          OP, "Location:")
    required = _edit(RATE, RATE.replace("{schema", "{required: true, schema"))
    check(run_diff(tmp_path, SPEC, required), "response-header-became-required", Level.SAFE,
          OP, "X-Rate:")
    deprecated = _edit(RATE, RATE.replace("{schema", "{deprecated: true, schema"))
    check(run_diff(tmp_path, SPEC, deprecated), "response-header-deprecated", Level.SAFE, OP,
          "X-Rate:")


def test_response_header_names_ignore_case_and_content_type(tmp_path: Path) -> None:
    rev = _edit("Location:", "location:")
    rev = _edit(RATE, RATE + "            Content-Type: {schema: {type: string}}\n", rev)
    assert run_diff(tmp_path, SPEC, rev).changes == []
