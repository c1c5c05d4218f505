from __future__ import annotations

import json

from jsonschema import Draft202012Validator

from accord.compat.modes import Mode
from accord.compat.report import DiffReport
from accord.report import json_format, render_diff
from tests.report.conftest import RULES


def test_is_exactly_the_report_dict(any_report: DiffReport) -> None:
    out = render_diff(any_report, "json", rules=RULES)
    assert out.endswith("}\n") and out.startswith('{\n  "kind"')
    assert json.loads(out) == any_report.to_dict()


def test_every_report_validates_against_the_shipped_schema(any_report: DiffReport) -> None:
    schema = json_format.schema()
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = list(validator.iter_errors(json.loads(render_diff(any_report, "json", rules=RULES))))
    assert errors == []


def test_schema_declares_every_field(mixed: DiffReport, transitive: DiffReport) -> None:
    """No drift: the schema names exactly the fields the report has."""
    schema = json_format.schema()
    data = json.loads(json.dumps(transitive.to_dict()))
    assert set(schema["properties"]) == set(data) == set(schema["required"])
    defs = schema["$defs"]
    change = data["changes"][0]
    assert set(defs["change"]["properties"]) == set(change) == set(defs["change"]["required"])
    assert set(defs["location"]["properties"]) == set(change["location"])
    assert set(defs["versionAdvice"]["properties"]) == set(data["version"])
    assert set(defs["check"]["properties"]) == set(data["checks"][0])
    assert schema["properties"]["mode"]["enum"] == [str(m) for m in Mode]


def test_schema_rejects_a_wrong_report(mixed: DiffReport) -> None:
    data = json.loads(json.dumps(mixed.to_dict()))
    data["changes"][0]["level"] = "fatal"
    del data["summary"]
    errors = list(Draft202012Validator(json_format.schema()).iter_errors(data))
    assert len(errors) == 2
