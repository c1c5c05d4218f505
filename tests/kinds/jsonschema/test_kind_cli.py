"""The ``jsonschema`` kind end to end: registration, detection, loading errors, and
``accord diff`` / ``accord lint`` / ``accord rules`` on schema files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.core.errors import AccordError, ErrorCode
from accord.kinds import load_kinds
from accord.kinds.jsonschema import JsonSchemaKind

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "jsonschema"
D2020 = "https://json-schema.org/draft/2020-12/schema"


class Run:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: Any) -> Any:
        return self.runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def run() -> Run:
    return Run()


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


# --- registration and detection ----------------------------------------------------------


def test_the_kind_is_registered_through_its_entry_point():
    registry = load_kinds()
    assert registry["jsonschema"].title == "JSON Schema"


def test_detection_reads_the_schema_uri_and_leaves_other_kinds_alone(tmp_path):
    registry = load_kinds()
    schema = write(tmp_path / "event.json", {"$schema": D2020, "type": "object"})
    assert registry.detect(schema).name == "jsonschema"
    named = write(tmp_path / "event.schema.json", {"type": "object", "properties": {}})
    assert registry.detect(named).name == "jsonschema"
    openapi = write(tmp_path / "api.json", {"openapi": "3.1.0", "info": {},
                                            "$schema": D2020})
    assert not JsonSchemaKind().sniff(openapi, json.loads(openapi.read_text()))
    plain = write(tmp_path / "data.json", {"type": "object"})
    assert not JsonSchemaKind().sniff(plain, json.loads(plain.read_text()))


def test_fixture_history_versions_and_yaml():
    kind = JsonSchemaKind()
    contract = kind.load(FIXTURES / "order-v1.json")
    assert contract.version == "1.0.0"
    assert contract.version_location is not None and contract.version_location.line == 4
    yaml_contract = kind.load(FIXTURES / "order-v2.yaml")
    assert yaml_contract.model.draft.value == "2020-12"


# --- bad input ------------------------------------------------------------------------------

BAD = [
    ("bad-type", {"$schema": D2020, "type": "strng"}, ErrorCode.INVALID_CONTRACT, "/type"),
    ("bad-max-length", {"$schema": D2020, "properties": {"a": {"maxLength": -1}}},
     ErrorCode.INVALID_CONTRACT, "/properties/a/maxLength"),
    ("bad-required", {"$schema": D2020, "required": "id"}, ErrorCode.INVALID_CONTRACT,
     "/required"),
    ("bad-pattern", {"$schema": D2020, "pattern": "(unclosed"}, ErrorCode.INVALID_CONTRACT,
     "/pattern"),
    ("bad-items", {"$schema": D2020, "items": [1]}, ErrorCode.INVALID_CONTRACT, "/items/0"),
    ("bad-all-of", {"$schema": D2020, "allOf": []}, ErrorCode.INVALID_CONTRACT, "/allOf"),
    ("draft-03", {"$schema": "http://json-schema.org/draft-03/schema#"},
     ErrorCode.UNSUPPORTED_VERSION, "/$schema"),
    ("missing-ref", {"$schema": D2020, "properties": {"a": {"$ref": "#/$defs/nope"}}},
     ErrorCode.UNRESOLVABLE_REF, "/properties/a/$ref"),
    ("missing-file", {"$schema": D2020, "$ref": "other.json"}, ErrorCode.UNRESOLVABLE_REF,
     "/$ref"),
    ("remote-url", {"$schema": D2020, "$ref": "https://example.com/x.json"},
     ErrorCode.UNRESOLVABLE_REF, "/$ref"),
    ("missing-anchor", {"$schema": D2020, "$ref": "#nowhere"}, ErrorCode.UNRESOLVABLE_REF,
     "/$ref"),
    ("an-openapi-document", {"openapi": "3.1.0"}, ErrorCode.NOT_A_CONTRACT, "/openapi"),
]


@pytest.mark.parametrize("row", BAD, ids=[b[0] for b in BAD])
def test_bad_documents_fail_with_a_location_and_a_hint(tmp_path, row):
    _name, data, code, pointer = row
    path = write(tmp_path / "bad.json", data)
    with pytest.raises(AccordError) as err:
        JsonSchemaKind().load(path)
    assert err.value.code is code
    assert err.value.location is not None and err.value.location.pointer == pointer
    assert err.value.location.line is not None
    assert err.value.hint


def test_a_list_is_not_a_schema(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[1, 2]")
    with pytest.raises(AccordError) as err:
        JsonSchemaKind().load(path)
    assert err.value.code is ErrorCode.NOT_A_CONTRACT


def test_cli_bad_input_exits_2_with_a_located_json_error(run, tmp_path):
    good = write(tmp_path / "a.json", {"$schema": D2020, "type": "string"})
    bad = tmp_path / "b.json"
    bad.write_text('{"$schema": "' + D2020 + '", "type": "string",}')
    res = run("diff", good, bad, "--format", "json")
    assert res.exit_code == 2
    error = json.loads(res.stdout)["error"]
    assert error["code"] == "INVALID_SYNTAX" and error["location"]["line"] == 1
    assert "Traceback" not in res.stdout + res.stderr
    typo = write(tmp_path / "c.json", {"$schema": D2020, "type": "strin"})
    res = run("diff", good, typo)
    assert res.exit_code == 2 and "c.json:3:11 (/type)" in res.stderr + res.stdout
    assert "Traceback" not in res.stdout + res.stderr


# --- accord diff ----------------------------------------------------------------------------


def test_diff_json_report_has_the_stable_contract(run):
    res = run("diff", FIXTURES / "order-v1.json", FIXTURES / "order-v2.yaml", "--format",
              "json")
    assert res.exit_code == 1, res.stdout
    report = json.loads(res.stdout)
    assert report["kind"] == "jsonschema"
    assert {"compatible", "changes", "summary", "suggested_bump"} <= set(report)
    assert report["compatible"] is False
    assert report["suggested_bump"] == "major"
    by_rule = {c["id"]: c for c in report["changes"]}
    assert by_rule["jsonschema-required-added"]["level"] == "breaking"
    assert by_rule["jsonschema-required-added"]["location"]["file"].endswith("order-v2.yaml")
    assert by_rule["jsonschema-enum-value-added"]["level"] == "safe"


def test_full_transitive_names_every_incompatible_version(run):
    history = [FIXTURES / n for n in ("order-v1.json", "order-v1.1.json", "order-v2.yaml")]
    res = run("diff", *history, "--kind", "jsonschema", "--mode", "FULL_TRANSITIVE",
              "--format", "json")
    report = json.loads(res.stdout)
    assert res.exit_code == 1
    assert [(c["base"], c["check"]) for c in report["checks"]] == [
        (str(history[1]), "backward"), (str(history[1]), "forward"),
        (str(history[0]), "backward"), (str(history[0]), "forward")]
    assert report["incompatible_with"] == [str(history[1]), str(history[0])]


def test_additive_release_passes_backward_and_fails_forward(run):
    v1, v11 = FIXTURES / "order-v1.json", FIXTURES / "order-v1.1.json"
    assert run("diff", v1, v11, "--mode", "BACKWARD").exit_code == 0
    res = run("diff", v1, v11, "--mode", "FORWARD", "--format", "json")
    assert res.exit_code == 1
    # FORWARD diffs the revision to the previous version: readers of v1 lose "shipped".
    assert json.loads(res.stdout)["checks"][0]["violations"][0]["id"] == \
        "jsonschema-enum-value-removed"
    assert run("diff", v1, v11, "--mode", "NONE").exit_code == 0


def test_every_format_renders(run):
    v1, v2 = FIXTURES / "order-v1.json", FIXTURES / "order-v2.yaml"
    for fmt in ("text", "markdown", "sarif", "junit", "github"):
        res = run("diff", v1, v2, "--format", fmt)
        assert res.exit_code == 1 and "required" in res.stdout, fmt


def test_rules_listing_and_reference_page(run):
    data = json.loads(run("rules", "--kind", "jsonschema", "--format", "json").stdout)
    ids = {r["id"] for r in data["jsonschema"]} if isinstance(data, dict) else {
        r["id"] for r in data}
    assert "jsonschema-type-narrowed" in ids


def test_the_rule_reference_is_current(run):
    """docs/rules/jsonschema.md is generated: regenerate it with
    `accord rules --kind jsonschema --format markdown > docs/rules/jsonschema.md`."""
    page = ROOT / "docs" / "rules" / "jsonschema.md"
    assert page.read_text(encoding="utf-8") == run(
        "rules", "--kind", "jsonschema", "--format", "markdown").stdout


# --- accord lint ----------------------------------------------------------------------------


def test_lint_runs_on_schema_files(run):
    res = run("lint", FIXTURES / "order-v1.json", "--format", "json")
    assert res.exit_code in (0, 1), res.stdout
    report = json.loads(res.stdout)
    assert report["kind"] == "jsonschema"
    assert any(f["rule"] == "jsonschema-additional-properties-explicit"
               for f in report["findings"])
