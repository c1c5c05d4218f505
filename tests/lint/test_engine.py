"""The engine: rulesets, configuration, suppressions, changed-since, the report."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from accord.core import AccordError, ErrorCode, Finding, Location, Severity
from accord.kinds.openapi import OpenAPIKind
from accord.lint import (
    RECOMMENDED,
    STRICT,
    Hit,
    IgnoreEntry,
    LintRule,
    LintRun,
    LintSettings,
    check_lint_rule_ids,
    lint,
    parse_lint_settings,
)
from accord.source import load_document
from tests.kinds.openapi.lint_support import clean, op

KIND = OpenAPIKind()


def _lint(tmp_path: Path, spec: dict[str, object], run: LintRun | None = None,
          name: str = "api.yaml", base: Path | None = None) -> list[Finding]:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    report = lint(KIND.load(path), KIND.lint_rules(), run,
                  base=KIND.load(base) if base else None)
    return list(report.findings)


def _no_contact() -> dict[str, object]:
    spec = clean()
    spec["info"].pop("contact")  # type: ignore[attr-defined]
    return spec


def test_finding_and_severity() -> None:
    assert Severity.ERROR.at_least(Severity.WARN) and not Severity.HINT.at_least(Severity.INFO)
    finding = Finding("r", Severity.WARN, "m", "h", Location("/a", "f.yaml", 1, 2))
    assert finding.to_dict() == {"rule": "r", "severity": "warn", "message": "m", "hint": "h",
                                 "location": {"pointer": "/a", "file": "f.yaml", "line": 1,
                                              "column": 2}}


def test_strict_raises_info_rules_and_enables_the_others(tmp_path: Path) -> None:
    spec = clean()
    op(spec, "/orders", "get").pop("summary")  # operation-description: strict only
    spec["info"].pop("description")  # info-description: info by default
    assert [(f.rule, f.severity) for f in _lint(tmp_path, spec)] == [
        ("info-description", Severity.INFO)]
    strict = {(f.rule, f.severity) for f in _lint(tmp_path, spec, LintRun(ruleset=STRICT))}
    assert strict == {("info-description", Severity.WARN),
                      ("operation-description", Severity.WARN)}


def test_configured_severities_and_off(tmp_path: Path) -> None:
    settings = LintSettings(rules={"info-contact": "error"})
    [finding] = _lint(tmp_path, _no_contact(), LintRun(settings=settings))
    assert finding.severity is Severity.ERROR
    off = LintSettings(rules={"info-contact": "off"})
    assert _lint(tmp_path, _no_contact(), LintRun(settings=off)) == []


def test_ignore_by_pointer_prefix(tmp_path: Path) -> None:
    ignore = [IgnoreEntry(rule="info-contact", pointer="/info", reason="owner in the catalog")]
    assert _lint(tmp_path, _no_contact(), LintRun(settings=LintSettings(ignore=ignore))) == []
    other = [IgnoreEntry(rule="info-contact", pointer="/inf", reason="not a whole token")]
    assert len(_lint(tmp_path, _no_contact(), LintRun(settings=LintSettings(ignore=other)))) == 1


def test_inline_suppression_with_reason(tmp_path: Path) -> None:
    spec = _no_contact()
    spec["info"]["x-accord-ignore"] = [  # type: ignore[index]
        {"rule": "info-contact", "reason": "the catalog names the owner"}]
    assert _lint(tmp_path, spec) == []


def test_inline_suppression_without_reason_is_a_finding(tmp_path: Path) -> None:
    spec = _no_contact()
    spec["info"]["x-accord-ignore"] = ["info-contact"]  # type: ignore[index]
    found = {(f.rule, f.location.pointer) for f in _lint(tmp_path, spec)}
    assert found == {("info-contact", "/info"),
                     ("ignore-without-reason", "/info/x-accord-ignore/0")}


def test_inline_suppression_covers_the_subtree(tmp_path: Path) -> None:
    spec = clean()
    get = op(spec, "/orders", "get")
    get["requestBody"] = {"content": {"application/json": {"schema": {"type": "object"}}}}
    get["x-accord-ignore"] = [{"rule": "no-body-on-get-delete", "reason": "legacy search"}]
    assert _lint(tmp_path, spec) == []


def test_changed_since_reports_only_new_findings(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(yaml.safe_dump(_no_contact()), encoding="utf-8")
    spec = _no_contact()
    spec["info"]["version"] = "1.3"  # type: ignore[index]
    found = _lint(tmp_path, spec, base=base)
    assert [f.rule for f in found] == ["info-version-semver"]


def test_report_dict_and_failure(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(_no_contact()), encoding="utf-8")
    report = lint(KIND.load(path), KIND.lint_rules(), LintRun(fail_severity=Severity.WARN))
    data = report.to_dict()
    assert data["ruleset"] == RECOMMENDED and data["failed"] is True
    assert data["summary"] == {"error": 0, "warn": 1, "info": 0, "hint": 0}
    assert not lint(KIND.load(path), KIND.lint_rules()).failed


def test_a_kind_rule_plugs_in() -> None:
    rule = LintRule("always", Severity.HINT, "Always.", "none",
                    lambda model, options: [Hit("here", Location("/x", "f"))])
    assert rule.to_dict()["recommended"] is True


def _config(tmp_path: Path, text: str) -> LintSettings:
    path = tmp_path / "accord.yaml"
    path.write_text(text, encoding="utf-8")
    doc = load_document(path, "accord.yaml")
    settings = parse_lint_settings(doc.data.get("lint"), file="accord.yaml", locate=doc.location)
    check_lint_rule_ids(settings, [r.id for r in KIND.lint_rules()], file="accord.yaml",
                        locate=doc.location)
    return settings


def test_config_is_parsed(tmp_path: Path) -> None:
    settings = _config(tmp_path, "lint:\n  extends: accord:strict\n  casing: snake_case\n"
                       "  rules: {info-contact: off}\n"
                       "  ignore:\n    - {rule: servers-https, pointer: /servers, reason: dev}\n")
    assert settings.rulesets == [STRICT] and settings.rules == {"info-contact": "off"}
    assert settings.ignore[0].pointer == "/servers"


@pytest.mark.parametrize(("text", "code", "line", "hint"), [
    ("lint:\n  rules:\n    info-contact: loud\n", ErrorCode.INVALID_CONFIG, 3, "off|error"),
    ("lint:\n  rules:\n    info-contcat: warn\n", ErrorCode.UNKNOWN_RULE, 3,
     "did you mean 'info-contact'?"),
    ("lint:\n  extends: accord:strickt\n", ErrorCode.INVALID_CONFIG, 2,
     "did you mean 'accord:strict'?"),
    ("lint:\n  ignore:\n    - rule: info-contact\n      reason: ''\n",
     ErrorCode.INVALID_CONFIG, 4, "say why"),
    ("lint:\n  ignore:\n    - rule: info-contact\n", ErrorCode.INVALID_CONFIG, 3, "ignore"),
    ("lint:\n  colour: red\n", ErrorCode.INVALID_CONFIG, 2, "extends"),
])
def test_config_errors_are_located(tmp_path: Path, text: str, code: ErrorCode, line: int,
                                   hint: str) -> None:
    with pytest.raises(AccordError) as err:
        _config(tmp_path, text)
    assert err.value.code is code
    assert err.value.location is not None and err.value.location.line == line
    assert err.value.location.file == "accord.yaml"
    assert hint in (err.value.hint or "")


def test_every_lint_description_and_hint_is_a_sentence() -> None:
    from accord.kinds import load_kinds
    from accord.lint.engine import all_rules

    registry = load_kinds()
    for name in registry:
        for rule in all_rules(registry[name].lint_rules()):
            for text in (rule.description, rule.hint):
                assert text[0].isupper() and text.endswith("."), (rule.id, text)
