"""Custom rules declared in ``accord.yaml``: JSONPath, fields, messages, config errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from accord.core import AccordError, ErrorCode, Finding, Severity
from accord.kinds.openapi import OpenAPIKind
from accord.lint import (
    LintRun,
    LintSettings,
    all_rules,
    check_lint_rule_ids,
    lint,
    parse_lint_settings,
)
from accord.lint.paths import PathError, compile_path, select, translate
from accord.source import load_document
from tests.kinds.openapi.lint_support import clean

KIND = OpenAPIKind()


@pytest.mark.parametrize(("spectral", "ours"), [
    ("$.paths[*]~", "$.paths.~"),
    ("$.paths.*~", "$.paths.~"),
    ("$..*~", "$..~"),
    ("$.paths[*][*]~", "$.paths[*].~"),
    ("$..parameters[?(@.in === 'query')]", "$..parameters[?(@.in == 'query')]"),
    ("$..[?(@.x !== 1)]", "$..[?(@.x != 1)]"),
    ("$.paths[*][*]", "$.paths[*][*]"),
    ("$.paths[*][get,put]", "$.paths[*]['get','put']"),
    ("$.paths[*][ get , x-y ]", "$.paths[*]['get','x-y']"),
    ("$.paths[*]['get']", "$.paths[*]['get']"),
])
def test_spectral_spelling_is_translated(spectral: str, ours: str) -> None:
    assert translate(spectral) == ours


def test_key_matches_point_at_the_key() -> None:
    data = {"paths": {"/a/{id}": {"get": {}, "post": {}}}}
    keys = [(m.pointer, m.value, m.is_key) for m in select(compile_path("$.paths[*]~"), data)]
    assert keys == [("/paths/~1a~1{id}", "/a/{id}", True)]
    methods = [m.value for m in select(compile_path("$.paths[*][*]~"), data)]
    assert methods == ["get", "post"]
    ops = [m.pointer for m in select(compile_path("$.paths[*][*]"), data)]
    assert ops == ["/paths/~1a~1{id}/get", "/paths/~1a~1{id}/post"]


@pytest.mark.parametrize("bad", ["paths[*]", "$.paths[", "$.paths[?(@.x ==]"])
def test_bad_jsonpath(bad: str) -> None:
    with pytest.raises(PathError):
        compile_path(bad)


def _settings(tmp_path: Path, text: str) -> LintSettings:
    path = tmp_path / "accord.yaml"
    path.write_text(text, encoding="utf-8")
    doc = load_document(path, "accord.yaml")
    settings = parse_lint_settings(doc.data.get("lint"), file="accord.yaml", locate=doc.location)
    check_lint_rule_ids(settings, [r.id for r in all_rules(KIND.lint_rules())],
                        file="accord.yaml", locate=doc.location)
    return settings


def _lint(tmp_path: Path, config: str, spec: dict[str, object] | None = None) -> list[Finding]:
    settings = _settings(tmp_path, config)
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(spec or clean(), sort_keys=False), encoding="utf-8")
    report = lint(KIND.load(path), KIND.lint_rules(), LintRun(settings=settings))
    return [f for f in report.findings if f.rule in {r.id for r in settings.custom_rules}]


OPERATION_ID = """\
lint:
  rules:
    info-contact: error
    operation-id-kebab:
      description: operationIds are kebab-case.
      message: "operationId {{value}} {{error}} ({{property}} at {{path}})"
      hint: rename it in kebab-case
      severity: error
      given: $.paths[*][get,post,put,patch,delete]
      then:
        field: operationId
        function: casing
        functionOptions: {type: kebab}
"""


def test_a_custom_rule_finds_and_locates(tmp_path: Path) -> None:
    found = _lint(tmp_path, OPERATION_ID)
    assert found, "the clean spec's operationIds are camelCase"
    first = found[0]
    assert first.rule == "operation-id-kebab" and first.severity is Severity.ERROR
    assert first.hint == "rename it in kebab-case"
    assert first.location.pointer.endswith("/operationId")
    assert first.location.file and first.location.line and first.location.column
    text = (tmp_path / "api.yaml").read_text().splitlines()[first.location.line - 1]
    assert "operationId:" in text
    assert first.message.startswith("operationId '") and "must be kebab case" in first.message
    assert f"(operationId at {first.location.pointer})" in first.message


def test_custom_rules_obey_ignores_and_off(tmp_path: Path) -> None:
    ignored = OPERATION_ID + ("  ignore:\n    - {rule: operation-id-kebab, pointer: /paths, "
                              "reason: legacy ids}\n")
    assert _lint(tmp_path, ignored) == []
    off = OPERATION_ID.replace("severity: error", "severity: 'off'")
    assert _lint(tmp_path, off) == []


def test_keys_key_field_and_lists(tmp_path: Path) -> None:
    config = """\
lint:
  rules:
    path-keys:
      message: "path {{value}} {{error}}"
      given: $.paths[*]~
      then:
        - function: pattern
          functionOptions: {notMatch: "^/internal"}
        - function: pattern
          functionOptions: {notMatch: "/$"}
    public-names:
      message: "{{property}} {{error}}"
      given: ["$.components.schemas[*]", "$.components.responses[*]"]
      then:
        field: "@key"
        function: pattern
        functionOptions: {notMatch: "^Internal"}
"""
    spec = clean()
    spec["paths"]["/internal/jobs/"] = spec["paths"]["/orders"]
    spec["components"]["schemas"]["InternalJob"] = {"type": "object"}
    found = sorted((f.rule, f.location.pointer, f.message) for f in _lint(tmp_path, config, spec))
    # One finding per rule and element: what both thens found, joined.
    assert found == [
        ("path-keys", "/paths/~1internal~1jobs~1",
         "path '/internal/jobs/' must not match the pattern '^/internal'; "
         "path '/internal/jobs/' must not match the pattern '/$'"),
        ("public-names", "/components/schemas/InternalJob",
         "InternalJob must not match the pattern '^Internal'"),
    ]


def test_missing_field_is_reported_at_its_parent(tmp_path: Path) -> None:
    config = """\
lint:
  rules:
    info-x-owner:
      message: info {{error}}
      given: $.info
      then: {field: x-owner.team, function: truthy}
"""
    [finding] = _lint(tmp_path, config)
    assert finding.message == "info is missing"
    assert finding.location.pointer == "/info/x-owner/team"
    assert finding.location.line == 2  # the info line: the nearest element that exists


def test_schema_and_jsonpath_field(tmp_path: Path) -> None:
    config = """\
lint:
  rules:
    contact-email:
      message: "{{error}}"
      given: $.info
      then:
        field: $.contact
        function: schema
        functionOptions:
          schema: {type: object, required: [email]}
"""
    spec = clean()
    spec["info"]["contact"] = {"name": "orders team"}
    [finding] = _lint(tmp_path, config, spec)
    assert finding.message == "'email' is a required property"
    assert finding.location.pointer == "/info/contact"


@pytest.mark.parametrize(("text", "line", "message", "hint"), [
    ("lint:\n  rules:\n    r:\n      message: m\n      given: $.info\n"
     "      then: {function: truthyy}\n", 6, "unknown function 'truthyy'",
     "did you mean 'truthy'?"),
    ("lint:\n  rules:\n    r:\n      message: m\n      given: $.paths[\n"
     "      then: {function: truthy}\n", 5, "invalid given", "JSONPath"),
    ("lint:\n  rules:\n    r:\n      message: m\n      given:\n        - $.info\n"
     "        - info\n      then: {function: truthy}\n", 7, "does not start with '$'",
     "JSONPath"),
    ("lint:\n  rules:\n    r:\n      message: m\n      then: {function: truthy}\n", 3,
     "has no given", "needs given"),
    ("lint:\n  rules:\n    r:\n      given: $.info\n      then: {function: truthy}\n", 3,
     "has no message", "needs given"),
    ("lint:\n  rules:\n    r:\n      message: m\n      given: $.info\n      then:\n"
     "        function: casing\n        functionOptions:\n          type: camelCase\n", 9,
     "invalid functionOptions for casing", "type, disallowDigits"),
    ("lint:\n  rules:\n    r:\n      message: m\n      given: $.info\n"
     "      then: {function: truthy}\n      severity: loud\n", 7, "invalid severity",
     "off, error"),
    ("lint:\n  rules:\n    r:\n      message: m\n      given: $.info\n"
     "      then: {function: truthy}\n      resolved: false\n", 7, "unknown key 'resolved'",
     "a custom rule takes"),
    ("lint:\n  rules:\n    r:\n      message: m\n      given: $.info\n"
     "      then: {function: truthy, feild: x}\n", 6, "unknown key 'feild'",
     "did you mean 'field'?"),
    ("lint:\n  custom:\n    - {}\n", 2, "unknown key 'custom'", "under rules"),
    ("lint:\n  rules:\n    info-contact:\n      message: m\n      given: $.info\n"
     "      then: {function: truthy}\n", 3, "id of a built-in rule", "its own id"),
])
def test_config_errors_are_located(tmp_path: Path, text: str, line: int, message: str,
                                   hint: str) -> None:
    with pytest.raises(AccordError) as err:
        _settings(tmp_path, text)
    assert err.value.code is ErrorCode.INVALID_CONFIG
    assert message in err.value.message
    assert err.value.location is not None and err.value.location.file == "accord.yaml"
    assert err.value.location.line == line
    assert hint in (err.value.hint or "")


def test_ignoring_a_custom_rule_by_id_is_allowed(tmp_path: Path) -> None:
    settings = _settings(tmp_path, OPERATION_ID + "  ignore:\n    - {rule: operation-id-kebab, "
                         "reason: legacy}\n")
    assert [r.id for r in settings.custom_rules] == ["operation-id-kebab"]
    assert settings.rules == {"info-contact": "error"}


def test_unknown_rule_hint_points_at_the_listing(tmp_path: Path) -> None:
    with pytest.raises(AccordError) as err:
        _settings(tmp_path, "lint:\n  rules:\n    zzzzzz: warn\n")
    assert err.value.code is ErrorCode.UNKNOWN_RULE
    assert "accord rules --lint" in (err.value.hint or "")
