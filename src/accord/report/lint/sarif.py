"""SARIF 2.1.0 for lint findings: one reporting descriptor per rule that occurs.

error -> ``error``, warn -> ``warning``, info and hint -> ``note``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.core.finding import Finding, Severity
from accord.lint.report import LintReport
from accord.lint.rule import LintRule
from accord.report.sarif import artifact_uri, sarif_log

SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARN: "warning", Severity.INFO: "note",
               Severity.HINT: "note"}


def _descriptor(rule_id: str, rule: LintRule | None, finding: Finding) -> dict[str, Any]:
    severity = rule.severity if rule else finding.severity
    return {
        "id": rule_id,
        "shortDescription": {"text": rule.description if rule else rule_id},
        "help": {"text": rule.hint if rule else finding.hint},
        "defaultConfiguration": {"level": SARIF_LEVEL[severity]},
        "properties": {"severity": str(severity)},
    }


def _result(finding: Finding, index: int) -> dict[str, Any]:
    location = finding.location
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": SARIF_LEVEL[finding.severity],
        "message": {"text": f"{finding.message}. Hint: {finding.hint}" if finding.hint
                    else finding.message},
    }
    if location.file:
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(location.file)}}
        if location.line is not None:
            region = {"startLine": location.line}
            if location.column is not None:
                region["startColumn"] = location.column
            physical["region"] = region
        result["locations"] = [{"physicalLocation": physical}]
    result["properties"] = {"pointer": location.pointer, "severity": str(finding.severity)}
    return result


def render(report: LintReport, rules: Mapping[str, LintRule]) -> str:
    index: dict[str, int] = {}
    descriptors: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for finding in report.findings:
        if finding.rule not in index:
            index[finding.rule] = len(descriptors)
            descriptors.append(_descriptor(finding.rule, rules.get(finding.rule), finding))
        results.append(_result(finding, index[finding.rule]))
    return sarif_log(descriptors, results, {
        "kind": report.kind,
        "contract": report.contract,
        "ruleset": report.ruleset,
        "failSeverity": str(report.fail_severity),
        "failed": report.failed,
        "summary": report.summary(),
    })
