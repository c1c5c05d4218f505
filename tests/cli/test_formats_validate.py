"""Real reports from the command line validate against the formats' own schemas."""

from __future__ import annotations

import json
from pathlib import Path

import xmlschema
from jsonschema import Draft7Validator, Draft202012Validator

from accord.report import json_format
from tests.cli.conftest import EXAMPLES

SCHEMAS = Path(__file__).resolve().parents[1] / "report" / "schemas"
CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "openapi"
HISTORY = [
    EXAMPLES / "orders-v1.yaml",
    EXAMPLES / "orders-v1.1.yaml",
    EXAMPLES / "orders-v1.2.yaml",
]
PAIRS = [
    [*HISTORY, "--mode", "FULL_TRANSITIVE"],
    [CORPORA / "github-ghes-3.5.json", CORPORA / "github-ghes-3.6.json"],
]


def test_sarif_output_is_valid_sarif(run) -> None:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    for args in PAIRS:
        sarif = run("diff", *args, "--format", "sarif").json()
        Draft7Validator(schema).validate(sarif)
        results = sarif["runs"][0]["results"]
        assert results and all(
            r["locations"][0]["physicalLocation"]["region"]["startLine"] > 0 for r in results
        )


def test_junit_output_is_valid_junit(run) -> None:
    schema = xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd")
    for args in PAIRS:
        schema.validate(run("diff", *args, "--format", "junit").stdout)


def test_json_output_follows_the_shipped_schema(run) -> None:
    validator = Draft202012Validator(json_format.schema())
    for args in PAIRS:
        validator.validate(run("diff", *args, "--format", "json").json())
