"""The markdown and junit formats of ``accord lint``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from functools import cache

import xmlschema

from accord.core.finding import Finding, Severity
from accord.core.location import Location
from accord.lint.report import LintReport
from accord.lint.rule import LintRule
from accord.report.lint import LINT_FORMATS, render_lint
from tests.report.conftest import SCHEMAS

RULES = {r.id: r for r in [
    LintRule("oas-structure", Severity.ERROR, "Well formed.", "fix it"),
    LintRule("paths-kebab-case", Severity.WARN, "Kebab case.", "rename the segment"),
    LintRule("request-id-header", Severity.INFO, "Request ids.", "add X-Request-ID"),
    LintRule("servers-https", Severity.ERROR, "Https.", "use https"),
]}

FINDINGS = (
    Finding("paths-kebab-case", Severity.WARN, "segment 'line_items' | is not kebab-case",
            "rename it to line-items", Location("/paths/~1line_items", "api.yaml", 12, 3)),
    Finding("oas-structure", Severity.ERROR, "operation GET /a must be a mapping, not a list",
            "an operation is a mapping", Location("/paths/~1a/get", "api.yaml", 20, 5)),
    Finding("request-id-header", Severity.INFO, "no response of GET /a documents a request id",
            "", Location("/paths/~1a/get/responses", "api.yaml", 22, 7)),
    Finding("paths-kebab-case", Severity.WARN, "segment 'Bad_Seg' is not kebab-case", "",
            Location("/components/pathItems/x", "shared/paths.yaml", 4, 1)),
)


def _report(fail: Severity = Severity.ERROR, findings: tuple[Finding, ...] = FINDINGS,
            ) -> LintReport:
    return LintReport(kind="openapi", contract="api.yaml", ruleset="accord:recommended",
                      findings=findings, fail_severity=fail)


def test_the_registry_offers_both_formats() -> None:
    assert {"markdown", "junit"} <= set(LINT_FORMATS)


def test_markdown_summary_and_a_table_per_file() -> None:
    out = render_lint(_report(), "markdown", rules=RULES)
    lines = out.splitlines()
    assert lines[0] == "### accord lint: `api.yaml`"
    assert "**Failed: findings at or above error**" in lines
    assert "| 🔴 error | 1 |" in lines and "| 🟡 warn | 2 |" in lines
    assert "| ⚪ hint | 0 |" in lines
    assert "#### `api.yaml` (3)" in lines and "#### `shared/paths.yaml` (1)" in lines
    # The pipe in a message is escaped: the row keeps its five cells.
    row = next(line for line in lines if "line\\_items" in line)
    assert row.startswith("| 12 | 🟡 warn | `paths-kebab-case` | segment 'line\\_items' \\| ")
    assert "<br>_Hint:_ rename it to line-items" in row
    assert row.endswith("| `/paths/~1line_items` |")


def test_markdown_without_findings() -> None:
    out = render_lint(_report(findings=()), "markdown", rules=RULES)
    assert "**Passed: no findings at or above error**" in out
    assert out.endswith("\nNo findings.\n")


@cache
def _schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd")


def _junit(report: LintReport) -> ET.Element:
    text = render_lint(report, "junit", rules=RULES)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    _schema().validate(text)
    return ET.fromstring(text)


def _cases(suite: ET.Element) -> dict[str, ET.Element]:
    return {str(c.get("name")): c for c in suite.findall("testcase")}


def test_junit_one_case_per_rule_per_file() -> None:
    root = _junit(_report())
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["lint api.yaml", "lint shared/paths.yaml"]
    main = _cases(suites[0])
    assert list(main) == list(RULES)  # every rule, passing or failing
    assert main["oas-structure"].find("failure") is not None
    failure = main["oas-structure"].find("failure")
    assert failure is not None and failure.get("type") == "oas-structure"
    assert "api.yaml:20:5 (/paths/~1a/get)" in (failure.text or "")
    # Below the failing severity: not a failure, listed in system-out.
    assert main["paths-kebab-case"].find("failure") is None
    out = main["paths-kebab-case"].find("system-out")
    assert out is not None and "warn: api.yaml:12:3" in (out.text or "")
    assert main["servers-https"].find("failure") is None
    assert list(_cases(suites[1])) == ["paths-kebab-case"]
    assert root.get("failures") == "1" and root.get("tests") == "5"


def test_junit_failures_follow_the_failing_severity() -> None:
    root = _junit(_report(Severity.INFO))
    assert root.get("failures") == "4"
    root = _junit(replace(_report(), findings=FINDINGS[2:3]))
    assert root.get("failures") == "0"  # exit 0: nothing at or above error
