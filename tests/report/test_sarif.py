from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from jsonschema import Draft7Validator

import accord
from accord.compat.report import VERSION_RULE, DiffReport
from accord.core.change import Level
from accord.report import render_diff, sarif
from tests.report.conftest import RULES, SCHEMAS


@cache
def _validator() -> Draft7Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def _sarif(report: DiffReport) -> Any:
    return json.loads(render_diff(report, "sarif", rules=RULES))


def test_validates_against_the_official_schema(any_report: DiffReport) -> None:
    errors = [e.message for e in _validator().iter_errors(_sarif(any_report))]
    assert errors == []


def test_the_schema_catches_mistakes(mixed: DiffReport) -> None:
    log = _sarif(mixed)
    log["runs"][0]["results"][0]["level"] = "fatal"
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(list(_validator().iter_errors(log))) == 2


def test_log_and_tool(mixed: DiffReport) -> None:
    log = _sarif(mixed)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "accord"
    assert driver["version"] == accord.__version__
    assert driver["informationUri"].startswith("https://")
    assert run["properties"]["compatible"] is False
    assert run["properties"]["incompatibleWith"] == ["orders-v1.yaml"]


def test_one_result_per_change_with_levels_and_regions(mixed: DiffReport) -> None:
    run = _sarif(mixed)["runs"][0]
    results = run["results"]
    assert len(results) == len(mixed.changes) == 8
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["response-property-removed"] == "error"
    assert levels["response-enum-value-added"] == "warning"
    assert levels["operation-added"] == "note"
    removed = next(r for r in results if r["ruleId"] == "response-property-removed")
    assert removed["message"]["text"] == "property 'email' was removed from the 200 response"
    (location,) = removed["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "orders-v2.yaml"},
        "region": {"startLine": 42, "startColumn": 11},
    }
    assert location["logicalLocations"] == [{"name": "GET /users/{id}"}]
    assert removed["properties"] == {
        "pointer": "/paths/~1users~1{id}/get/responses/200/content/application~1json/schema",
        "operation": "GET /users/{id}",
        "operations": ["GET /users/{id}"],
        "direction": "response",
        "level": "breaking",
    }
    server = next(r for r in results if r["ruleId"] == "server-url-changed")
    assert "logicalLocations" not in server["locations"][0]
    assert "operation" not in server["properties"]


def test_rules_are_described_once_and_indexed(mixed: DiffReport) -> None:
    run = _sarif(mixed)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) == len({c.rule for c in mixed.changes})
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    removed = rules[ids.index("response-property-removed")]
    assert removed == {
        "id": "response-property-removed",
        "shortDescription": {"text": "A property was removed from a response."},
        "help": {"text": RULES["response-property-removed"].hint},
        "defaultConfiguration": {"level": "error"},
        "properties": {"level": "breaking", "direction": "response"},
    }
    # the version rule is not in the kind's catalog: described anyway
    version = rules[ids.index(VERSION_RULE)]
    assert version["defaultConfiguration"]["level"] == "error"
    assert version["shortDescription"]["text"]
    assert version["help"]["text"] == "raise the declared version to at least the suggested one"


def test_relevelled_change_keeps_the_catalog_default(mixed: DiffReport) -> None:
    from dataclasses import replace

    relevelled = replace(mixed, changes=(mixed.changes[0].with_level(Level.DANGEROUS),))
    run = _sarif(relevelled)["runs"][0]
    assert run["results"][0]["level"] == "warning"
    assert run["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] == "note"


def test_missing_file_and_line(weird: DiffReport) -> None:
    results = {r["message"]["text"]: r for r in _sarif(weird)["runs"][0]["results"]}
    no_file = results["operation GET /reports is deprecated"]
    assert no_file["locations"] == [{"logicalLocations": [{"name": "GET /reports"}]}]
    no_line = results["operation GET /exports was added"]
    assert no_line["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "orders-v2.yaml"}}


def test_special_characters(weird: DiffReport) -> None:
    text = render_diff(weird, "sarif", rules=RULES)
    results = json.loads(text)["runs"][0]["results"]
    result = next(r for r in results if "kind" in r["message"]["text"])
    assert result["message"]["text"] == (
        "value 'a|b' added to `kind`: 100% <b>bold</b> & co\nsecond line: naïve café ✓ 日本")
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "specs/v2%20dir/orders,%20v2:final.yaml"


def test_older_violations_are_results(transitive: DiffReport) -> None:
    results = _sarif(transitive)["runs"][0]["results"]
    assert len(results) == len(transitive.changes) + 1
    removal = results[-1]
    assert removal["ruleId"] == "operation-removed" and removal["level"] == "error"
    assert removal["properties"]["checkBase"] == "orders-v1.yaml"
    assert "orders-v1.yaml" in removal["message"]["text"]


def test_no_changes(empty: DiffReport) -> None:
    run = _sarif(empty)["runs"][0]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []


@pytest.mark.parametrize(("path", "uri"), [
    ("api/orders.yaml", "api/orders.yaml"),
    ("api\\orders.yaml", "api/orders.yaml"),
    ("/srv/api/orders.yaml", "/srv/api/orders.yaml"),
    ("C:\\api\\orders.yaml", "file:///C:/api/orders.yaml"),
    ("api/100% #1?.yaml", "api/100%25%20%231%3F.yaml"),
])
def test_artifact_uri(path: str, uri: str) -> None:
    assert sarif.artifact_uri(path) == uri
