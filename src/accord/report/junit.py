"""JUnit XML, for CI test-report views (validates against the common ``junit-10.xsd``).

One ``<testsuite>`` per compatibility check, or one for the plain diff when
the mode checks nothing. The nearest check's suite holds every change of the
diff, passing or failing; older checks' suites hold their violations (or one
passing case). A test case fails exactly when its change makes the run fail,
so ``failures > 0`` agrees with exit code 1.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from accord.compat.report import VERSION_RULE, DiffReport, PairCheck
from accord.core.change import Change
from accord.report._common import check_label, operation_title, where

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _element(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})


def _testcase(suite: ET.Element, change: Change, failed: bool) -> None:
    attrs = {
        "classname": operation_title(change.affects) if change.affects else "api",
        "name": f"{change.rule}: {change.message}",
    }
    if change.location.file:
        attrs["file"] = change.location.file
        if change.location.line is not None:
            attrs["line"] = str(change.location.line)
    case = _element(suite, "testcase", **attrs)
    if failed:
        failure = _element(case, "failure", message=change.message, type=change.rule)
        details = [
            f"level: {change.level}",
            f"direction: {change.direction}",
            f"operation: {operation_title(change.affects)}",
            f"location: {where(change.location) or '-'} ({change.location.pointer or '/'})",
        ]
        if change.hint:
            details.append(f"hint: {change.hint}")
        failure.text = _clean("\n".join(details))


def _suite(root: ET.Element, name: str, properties: dict[str, str | None]) -> ET.Element:
    suite = _element(root, "testsuite", name=name)
    props = ET.SubElement(suite, "properties")
    for key, value in properties.items():
        if value is not None:
            _element(props, "property", name=key, value=value)
    return suite


def _count(suite: ET.Element) -> tuple[int, int]:
    cases = suite.findall("testcase")
    failures = sum(1 for case in cases if case.find("failure") is not None)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return len(cases), failures


def render(report: DiffReport) -> str:
    root = ET.Element("testsuites", {"name": "accord diff"})
    common = {
        "kind": report.kind,
        "revision": report.revision,
        "mode": str(report.mode),
        "fail_on": str(report.fail_on),
    }
    if not report.checks:
        suite = _suite(root, _clean(f"changes {report.base} -> {report.revision}"),
                       {**common, "base": report.base})
        for change in report.changes:
            _testcase(suite, change, _fails(report, change, None))
    for position, check in enumerate(report.checks):
        suite = _suite(
            root,
            _clean(f"{report.revision}: {check_label(check)}"),
            {**common, "base": check.base, "base_version": check.base_version,
             "check": check.check},
        )
        cases = _cases(report, check, first=position == 0)
        for change in cases:
            _testcase(suite, change, _fails(report, change, check))
        if not cases:
            _element(suite, "testcase", classname="api", name=f"compatible: {check_label(check)}")
    tests = failures = 0
    for suite in root.findall("testsuite"):
        t, f = _count(suite)
        tests, failures = tests + t, failures + f
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _cases(report: DiffReport, check: PairCheck, *, first: bool) -> list[Change]:
    """The nearest check shows the whole diff and then its own extra violations."""
    if not first:
        return list(check.violations)
    shown = set(report.changes)
    return [*report.changes, *(c for c in check.violations if c not in shown)]


def _fails(report: DiffReport, change: Change, check: PairCheck | None) -> bool:
    if check is not None and change in check.violations:
        return True
    return change.rule == VERSION_RULE and change.level.at_least(report.fail_on)
