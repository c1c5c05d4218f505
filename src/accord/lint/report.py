"""The result of one lint run, and its stable JSON shape."""

from __future__ import annotations

from dataclasses import dataclass

from accord.core.finding import SEVERITIES, Finding, Severity


@dataclass(frozen=True, slots=True)
class LintReport:
    kind: str
    #: The contract as named on input.
    contract: str
    ruleset: str
    #: In file, line, column order.
    findings: tuple[Finding, ...]
    fail_severity: Severity = Severity.ERROR
    #: The base of ``--changed-since``, when findings are only the new ones.
    changed_since: str | None = None

    def summary(self) -> dict[str, int]:
        counts = {str(s): 0 for s in SEVERITIES}
        for finding in self.findings:
            counts[str(finding.severity)] += 1
        return counts

    @property
    def failed(self) -> bool:
        return any(f.severity.at_least(self.fail_severity) for f in self.findings)

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "contract": self.contract,
            "ruleset": self.ruleset,
            "changed_since": self.changed_since,
            "fail_severity": str(self.fail_severity),
            "failed": self.failed,
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary(),
        }
