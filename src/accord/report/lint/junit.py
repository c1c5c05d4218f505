"""JUnit XML for ``accord lint`` (validates against the common ``junit-10.xsd``).

One ``<testsuite>`` per file, one ``<testcase>`` per rule that ran on it: a case
fails (one ``<failure>`` listing every finding) when the rule found something at or
above the failing severity, so ``failures > 0`` agrees with exit code 1. Findings
below that severity are listed in the case's ``<system-out>``. Rules without
findings are passing cases, so CI views show what was checked.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from accord.core.finding import Finding
from accord.lint.report import LintReport
from accord.lint.rule import LintRule
from accord.report._common import where
from accord.report.junit import _clean, _count, _element, _suite


def _line(finding: Finding) -> str:
    place = where(finding.location) or "-"
    text = f"{finding.severity}: {place} ({finding.location.pointer or '/'}): {finding.message}"
    return f"{text}\n  hint: {finding.hint}" if finding.hint else text


def _case(suite: ET.Element, file: str, rule: str, findings: list[Finding],
          report: LintReport) -> None:
    case = _element(suite, "testcase", classname=file, name=rule)
    failing = [f for f in findings if f.severity.at_least(report.fail_severity)]
    if failing:
        first = failing[0]
        message = first.message if len(failing) == 1 else (
            f"{len(failing)} findings; first: {first.message}")
        failure = _element(case, "failure", message=message, type=rule)
        failure.text = _clean("\n".join(_line(f) for f in failing))
    others = [f for f in findings if not f.severity.at_least(report.fail_severity)]
    if others:
        out = ET.SubElement(case, "system-out")
        out.text = _clean("\n".join(_line(f) for f in others))


def render(report: LintReport, rules: Mapping[str, LintRule]) -> str:
    """``rules``: every rule that ran (a case each, passing or not), by id."""
    root = ET.Element("testsuites", {"name": "accord lint"})
    by_file: dict[str, dict[str, list[Finding]]] = {}
    for finding in report.findings:
        file = finding.location.file or report.contract
        by_file.setdefault(file, {}).setdefault(finding.rule, []).append(finding)
    by_file.setdefault(report.contract, {})
    properties = {"kind": report.kind, "ruleset": report.ruleset,
                  "fail_severity": str(report.fail_severity),
                  "changed_since": report.changed_since}
    for file, found in by_file.items():
        suite = _suite(root, _clean(f"lint {file}"), properties)
        # The contract's own file lists every rule; other files only those that found.
        ids = list(rules) if file == report.contract else []
        ids += [r for r in found if r not in ids]
        for rule in ids:
            _case(suite, file, rule, found.get(rule, []), report)
    tests = failures = 0
    for suite in root.findall("testsuite"):
        t, f = _count(suite)
        tests, failures = tests + t, failures + f
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
