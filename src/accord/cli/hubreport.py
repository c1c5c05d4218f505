"""``accord check``'s report: the hub's dry-run answers, rendered by the very
formatters of ``accord diff`` and ``accord lint`` (one section, SARIF run or
JUnit suite per checked interface)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from accord.compat.report import VERSION_RULE, DiffReport
from accord.core.change import Change, Level, RuleInfo, location_from_dict
from accord.core.errors import AccordError, ErrorCode
from accord.core.finding import Finding, Severity
from accord.core.location import Location
from accord.lint.report import LintReport
from accord.report import render_diff
from accord.report.lint import render_lint

#: Problems of a dry run that mean "this version would be refused".
REFUSALS = frozenset({"LINT_FAILED", "INCOMPATIBLE_CHANGE", "VERSION_EXISTS",
                      "VERSION_NOT_INCREASING", "VERSION_REQUIRED"})


@dataclass
class CheckResult:
    """One interface checked against the hub."""

    #: The interface as named on input (a name or an IF id).
    name: str
    #: The contract file as named on input.
    contract: str
    #: ``checked``; ``first`` (no version yet: nothing to compare); ``unchanged``
    #: (already published); ``new`` (not in the hub); ``refused`` (a problem without a report).
    state: str
    fail_on: Level
    interface: str | None = None
    version: str | None = None
    report: DiffReport | None = None
    lint: LintReport | None = None
    #: The problem documents that refuse the version.
    problems: list[dict[str, Any]] = field(default_factory=list)
    #: The hub's answer, as it came (``--format json``).
    answer: dict[str, Any] | None = None

    @property
    def failed(self) -> bool:
        if any(p.get("code") != "INCOMPATIBLE_CHANGE" for p in self.problems):
            return True
        return self.report.failed if self.report is not None else bool(self.problems)

    @property
    def title(self) -> str:
        named = f"{self.name} ({self.interface})" if self.interface and (
            self.interface != self.name) else self.name
        return f"{named} {self.version or ''}".rstrip() + f" from {self.contract}"

    def note(self) -> str | None:
        if self.state == "new" and self.lint is not None:
            return (f"new interface: nothing to compare yet (the hub has no interface "
                    f"{self.name!r}; `accord publish` registers it)")
        if self.state == "new":
            return (f"new interface: nothing to compare (the hub has no interface "
                    f"{self.name!r}; `accord publish` registers it, and lints it then)")
        if self.state == "first":
            return "first version: nothing to compare"
        if self.state == "unchanged":
            return f"already published as {self.version}: nothing new to check"
        return None

    def verdict(self) -> str:
        if self.problems:
            codes = sorted({str(p.get("code")) for p in self.problems})
            return f"FAIL: the hub would refuse it ({', '.join(codes)})"
        if self.failed:
            return f"FAIL: changes at or above {self.fail_on}"
        return "PASS" + (": " + (self.note() or "") if self.state == "new" else "")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "contract": self.contract, "state": self.state,
                "interface": self.interface, "version": self.version,
                "passed": not self.failed, "note": self.note(), "fail_on": str(self.fail_on),
                "problems": self.problems, "check": self.answer}


def checked(name: str, contract: str, filename: str, answer: Mapping[str, Any],
            fail_on: Level, others: Mapping[str, str] | None = None) -> CheckResult:
    """A result from the hub's ``POST /v1/checks`` answer. Locations in the
    candidate (the hub knows it as ``filename``) are moved to ``contract``, and those
    in its other files by ``others`` (the hub's name -> the local path)."""
    names = {**(others or {}), filename: contract}
    try:
        report = DiffReport.from_dict(answer["compatibility"]) if answer.get(
            "compatibility") else None
        lint = lint_report(answer["lint"]) if answer.get("lint") else None
    except (KeyError, TypeError, ValueError) as exc:
        raise AccordError(ErrorCode.HUB_ERROR, f"the hub's check report is not understood "
                          f"({type(exc).__name__}: {exc})",
                          hint="the hub may run another accord version than this client") from None
    if report is not None:
        report = relocate(with_threshold(report, fail_on), filename, contract, names)
    if lint is not None:
        lint = replace(lint, contract=contract, findings=tuple(
            replace(f, location=_moved(f.location, names)) for f in lint.findings))
    state = "checked" if report is not None else "first" if lint is not None else "unchanged"
    if answer.get("new_interface"):
        state = "new"
    return CheckResult(name, contract, state, fail_on, interface=answer.get("interface"),
                       version=answer.get("version"), report=report, lint=lint,
                       problems=list(answer.get("problems") or []), answer=dict(answer))


def lint_report(data: Mapping[str, Any]) -> LintReport:
    findings = tuple(
        Finding(rule=f["rule"], severity=Severity(f["severity"]), message=f["message"],
                hint=f.get("hint") or "", location=location_from_dict(f.get("location") or {}))
        for f in data.get("findings", ()))
    return LintReport(kind=data["kind"], contract=data["contract"], ruleset=data["ruleset"],
                      findings=findings,
                      fail_severity=Severity(data.get("fail_severity") or "error"))


def with_threshold(report: DiffReport, level: Level) -> DiffReport:
    """The report judged at ``level`` instead of the hub's (breaking): the nearest
    backward check also counts the diff's changes at or above ``level``.
    (The hub's report holds only that diff at every level.)"""
    if level is report.fail_on:
        return report
    nearest = [c for c in report.changes if c.rule != VERSION_RULE and c.level.at_least(level)]
    checks = tuple(
        replace(check, violations=check.violations + tuple(
            c for c in nearest if c not in check.violations))
        if check.check == "backward" and check.base == report.base else check
        for check in report.checks)
    return replace(report, fail_on=level, checks=checks)


def _moved(location: Location, names: Mapping[str, str]) -> Location:
    found = names.get(location.file) if location.file is not None else None
    return replace(location, file=found) if found is not None else location


def relocate(report: DiffReport, old: str, new: str,
             names: Mapping[str, str] | None = None) -> DiffReport:
    """Locations (and the revision's label) in file ``old`` named ``new``, and those
    in the files ``names`` maps by their new names."""
    moves = {**(names or {}), old: new}

    def move(changes: Sequence[Change]) -> tuple[Change, ...]:
        return tuple(replace(c, location=_moved(c.location, moves)) for c in changes)

    return replace(report, revision=new if report.revision == old else report.revision,
                   changes=move(report.changes),
                   checks=tuple(replace(c, violations=move(c.violations))
                                for c in report.checks))


def lint_errors(report: LintReport) -> LintReport:
    """Only the findings that refuse a version."""
    return replace(report, findings=tuple(
        f for f in report.findings if f.severity.at_least(report.fail_severity)))


def _lint_line(report: LintReport) -> str:
    others = len(report.findings) - len(lint_errors(report).findings)
    tail = f" ({others} below {report.fail_severity}: `accord lint` shows them)" if others else ""
    return f"lint under {report.ruleset}: no {report.fail_severity}s{tail}"


def _problem_line(problem: Mapping[str, Any]) -> str:
    text = f"refused: {problem.get('code')}: {problem.get('detail') or problem.get('title')}"
    return text + (f"\n  hint: {problem['hint']}" if problem.get("hint") else "")


def _unreported(result: CheckResult) -> list[dict[str, Any]]:
    """Problems the diff and lint sections do not already show."""
    shown = {"INCOMPATIBLE_CHANGE"} if result.report else set()
    if result.lint is not None:
        shown.add("LINT_FAILED")
    return [p for p in result.problems if p.get("code") not in shown]


# --- formats ------------------------------------------------------------------


def render_check(results: Sequence[CheckResult], fmt: str, *,
                 rules: Callable[[str], Mapping[str, RuleInfo]], color: bool = False) -> str:
    """``results`` in ``fmt`` (one of ``accord diff``'s formats); ``rules(kind)``
    is the kind's rule catalog (SARIF describes each rule)."""
    if fmt == "json":
        passed = not any(r.failed for r in results)
        body = {"passed": passed, "results": [r.to_dict() for r in results]}
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        return _sarif(results, rules)
    if fmt == "junit":
        return _junit(results)
    if fmt == "github":
        return _github(results)
    return _sections(results, fmt, color)


def _sections(results: Sequence[CheckResult], fmt: str, color: bool) -> str:
    markdown = fmt == "markdown"
    parts = []
    for result in results:
        head = f"## {result.title}\n" if markdown else f"== {result.title}\n"
        section = [head]
        note = result.note()
        if note and result.state != "new":
            section.append(f"{note}\n")
        if result.report is not None:
            section.append(render_diff(result.report, fmt, rules={}, color=color))
        if result.lint is not None:
            errors = lint_errors(result.lint)
            section.append(render_lint(errors, fmt, rules={}, color=color) if errors.findings
                           else _lint_line(result.lint) + "\n")
        section += [_problem_line(p) + "\n" for p in _unreported(result)]
        verdict = result.verdict()
        section.append(f"**{verdict}**\n" if markdown else f"{verdict}\n")
        parts.append("\n".join(section))
    if len(results) > 1:
        failed = sum(r.failed for r in results)
        parts.append(f"{len(results)} interfaces checked: {len(results) - failed} pass, "
                     f"{failed} fail\n")
    return "\n".join(parts)


def _github(results: Sequence[CheckResult]) -> str:
    from accord.report.github import command

    lines: list[str] = []
    for result in results:
        if result.report is not None:
            lines += render_diff(result.report, "github", rules={}).splitlines()
        if result.lint is not None and lint_errors(result.lint).findings:
            lines += render_lint(lint_errors(result.lint), "github", rules={}).splitlines()
        for problem in _unreported(result):
            lines.append(command("error", str(problem.get("detail") or problem.get("title")),
                                 file=result.contract, title=str(problem.get("code"))))
        lines.append(command("error" if result.failed else "notice",
                             f"accord check {result.title}: {result.verdict()}"))
    return "\n".join(lines) + "\n"


def _sarif(results: Sequence[CheckResult],
           rules: Callable[[str], Mapping[str, RuleInfo]]) -> str:
    from accord.report.sarif import artifact_uri, sarif_log

    runs: list[Any] = []
    descriptors: list[dict[str, Any]] = []
    refusals: list[dict[str, Any]] = []
    for result in results:
        if result.report is not None:
            runs += json.loads(render_diff(result.report, "sarif",
                                           rules=rules(result.report.kind)))["runs"]
        if result.lint is not None and lint_errors(result.lint).findings:
            runs += json.loads(render_lint(lint_errors(result.lint), "sarif", rules={}))["runs"]
        for problem in _unreported(result):
            code = str(problem.get("code"))
            if code not in [d["id"] for d in descriptors]:
                descriptors.append({"id": code, "shortDescription": {
                    "text": str(problem.get("title") or code)},
                    "defaultConfiguration": {"level": "error"}})
            refusals.append({
                "ruleId": code, "ruleIndex": [d["id"] for d in descriptors].index(code),
                "level": "error", "message": {"text": str(problem.get("detail") or code)},
                "locations": [{"physicalLocation": {"artifactLocation": {
                    "uri": artifact_uri(result.contract)}}}]})
    if refusals or not runs:
        runs += json.loads(sarif_log(descriptors, refusals, {"check": "accord check"}))["runs"]
    log = json.loads(sarif_log([], [], {}))
    log["runs"] = runs
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _junit(results: Sequence[CheckResult]) -> str:
    root = ET.Element("testsuites", {"name": "accord check"})
    for result in results:
        parts = []
        if result.report is not None:
            parts.append(render_diff(result.report, "junit", rules={}))
        if result.lint is not None and lint_errors(result.lint).findings:
            parts.append(render_lint(lint_errors(result.lint), "junit", rules={}))
        for part in parts:
            root.extend(ET.fromstring(part.split("\n", 1)[1]).findall("testsuite"))
        if result.report is None or _unreported(result):
            suite = ET.SubElement(root, "testsuite", {"name": f"check {result.title}"})
            for problem in _unreported(result):
                case = ET.SubElement(suite, "testcase", {
                    "classname": result.name, "name": str(problem.get("code"))})
                failure = ET.SubElement(case, "failure", {
                    "message": str(problem.get("detail") or ""), "type": str(problem.get("code"))})
                failure.text = str(problem.get("hint") or "")
            if not len(suite):
                ET.SubElement(suite, "testcase", {"classname": result.name,
                                                  "name": result.note() or "passed"})
    tests = failures = 0
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        failed = sum(1 for case in cases if case.find("failure") is not None)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(failed))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        tests, failures = tests + len(cases), failures + failed
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
