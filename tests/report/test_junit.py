from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from functools import cache

import xmlschema

from accord.compat.modes import Mode
from accord.compat.report import DiffReport
from accord.core.change import Level
from accord.report import render_diff
from tests.report.conftest import RULES, SCHEMAS, report


@cache
def _schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd")


def _attr(element: ET.Element | None, name: str) -> str:
    assert element is not None
    value = element.get(name)
    assert value is not None, name
    return value


def _int(element: ET.Element, name: str) -> int:
    return int(_attr(element, name))


def _failed(cases: list[ET.Element]) -> list[str]:
    """The rule ids of the failing cases."""
    return [_attr(c, "name").split(":")[0] for c in cases if c.find("failure") is not None]


def _junit(report: DiffReport) -> ET.Element:
    text = render_diff(report, "junit", rules=RULES)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    _schema().validate(text)
    return ET.fromstring(text)


def test_validates_and_failures_match_the_exit_code(any_report: DiffReport) -> None:
    root = _junit(any_report)
    assert root.tag == "testsuites" and root.get("name") == "accord diff"
    cases = root.findall("testsuite/testcase")
    failures = root.findall("testsuite/testcase/failure")
    assert _int(root, "tests") == len(cases)
    assert _int(root, "failures") == len(failures)
    assert (len(failures) > 0) == any_report.failed
    for suite in root.findall("testsuite"):
        assert _int(suite, "tests") == len(suite.findall("testcase"))
        assert _int(suite, "failures") == len(suite.findall("testcase/failure"))


def test_one_case_per_change(mixed: DiffReport) -> None:
    root = _junit(mixed)
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "orders-v2.yaml: backward vs orders-v1.yaml (1.0.0)"
    props = {p.get("name"): p.get("value") for p in suite.findall("properties/property")}
    assert props["base"] == "orders-v1.yaml" and props["mode"] == "BACKWARD"
    cases = suite.findall("testcase")
    assert len(cases) == len(mixed.changes)
    removed = next(c for c in cases if _attr(c, "name").startswith("response-property-removed: "))
    assert removed.get("classname") == "GET /users/{id}"
    assert removed.get("file") == "orders-v2.yaml" and removed.get("line") == "42"
    failure = removed.find("failure")
    assert failure is not None and failure.text is not None
    assert failure.get("type") == "response-property-removed"
    assert failure.get("message") == "property 'email' was removed from the 200 response"
    assert "location: orders-v2.yaml:42:11" in failure.text
    assert "hint: keep the property" in failure.text
    passing = next(c for c in cases if _attr(c, "name").startswith("operation-added: "))
    assert passing.find("failure") is None
    server = next(c for c in cases if _attr(c, "name").startswith("server-url-changed: "))
    assert server.get("classname") == "api"
    assert set(_failed(cases)) == {"response-property-removed", "request-property-became-required",
                      "version-bump-insufficient"}


def test_fail_on_dangerous_fails_dangerous_changes(compatible: DiffReport) -> None:
    strict = report(list(compatible.changes), fail_on=Level.DANGEROUS)
    assert _failed(list(_junit(strict).iter("testcase"))) == ["response-enum-value-added"]


def test_a_suite_per_check(transitive: DiffReport) -> None:
    root = _junit(transitive)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "orders-v3.yaml: backward vs orders-v2.yaml (1.1.0)",
        "orders-v3.yaml: backward vs orders-v1.yaml (1.0.0)",
    ]
    nearest, oldest = suites
    assert _int(nearest, "tests") == len(transitive.changes)
    assert _failed(list(nearest.iter("testcase"))) == [
        "request-property-became-required", "version-bump-insufficient"]
    names = [_attr(c, "name").split(":")[0] for c in oldest.findall("testcase")]
    assert names == ["request-property-became-required", "operation-removed"]
    assert oldest.get("failures") == "2"
    assert root.get("failures") == "4"


def test_a_compatible_older_check_has_a_passing_case(transitive: DiffReport) -> None:
    ok = replace(transitive.checks[1], violations=())
    root = _junit(replace(transitive, checks=(transitive.checks[0], ok)))
    (case,) = root.findall("testsuite")[1].findall("testcase")
    assert case.find("failure") is None
    assert case.get("name") == "compatible: backward vs orders-v1.yaml (1.0.0)"


def test_plain_diff_without_checks(weird: DiffReport) -> None:
    assert weird.mode is Mode.NONE
    (suite,) = _junit(weird).findall("testsuite")
    assert suite.get("name") == "changes orders-v1.yaml -> orders-v2.yaml"
    assert suite.get("failures") == "0"  # mode NONE: nothing fails


def test_special_characters_survive(weird: DiffReport) -> None:
    root = _junit(weird)
    names = [c.get("name") for c in root.iter("testcase")]
    assert ("response-enum-value-added: value 'a|b' added to `kind`: 100% <b>bold</b> & co\n"
            "second line: naïve café ✓ 日本") in names
    classes = {c.get("classname") for c in root.iter("testcase")}
    assert "GET /cafés|all" in classes
    no_file = next(c for c in root.iter("testcase") if "GET /reports" in _attr(c, "name"))
    assert no_file.get("file") is None and no_file.get("line") is None


def test_control_characters_are_replaced(mixed: DiffReport) -> None:
    bad = replace(mixed.changes[0], message="bell \x07 and nul \x00 here")
    root = _junit(replace(mixed, changes=(bad,), checks=()))
    (case,) = root.iter("testcase")
    assert _attr(case, "name").endswith("bell \ufffd and nul \ufffd here")


def test_no_changes(empty: DiffReport) -> None:
    root = _junit(empty)
    assert root.get("tests") == "1" and root.get("failures") == "0"


def test_the_schema_catches_mistakes() -> None:
    assert not _schema().is_valid("<testsuites><testsuite><testcase/></testsuite></testsuites>")
    assert _schema().is_valid('<testsuites><testsuite tests="0"/></testsuites>')
