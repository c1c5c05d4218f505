"""Running a kind's lint rules: severities, ignores, suppressions, changed-since.

Kind-independent: a check reads ``Contract.model`` itself. Suppressions are read
from the YAML/JSON documents of a model that keeps them in a ``workspace``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from accord.core.finding import Finding, Severity
from accord.lint import suppress
from accord.lint.config import LintSettings
from accord.lint.report import LintReport
from accord.lint.rule import LintOptions, LintRule
from accord.lint.rulesets import RECOMMENDED, Severities, ruleset_severities
from accord.source import Document, Workspace

if TYPE_CHECKING:
    from accord.kinds.protocol import Contract

#: Rules of the engine itself, reported whatever the kind.
ENGINE_RULES: tuple[LintRule, ...] = (
    LintRule(
        id=suppress.RULE_ID,
        severity=Severity.WARN,
        description=f"Every {suppress.KEY} entry (or {suppress.COMMENT_TAG} comment) names a "
        "rule and says why the finding is acceptable; without a reason it suppresses nothing.",
        hint="Write the entry as {rule: <rule-id>, reason: <why this is acceptable>}.",
    ),
)


@dataclass(frozen=True)
class LintRun:
    """What decides which findings a run reports, beyond the contract itself."""

    settings: LintSettings = field(default_factory=LintSettings)
    #: ``--ruleset`` (wins over the configuration's ``extends``).
    ruleset: str | None = None
    fail_severity: Severity = Severity.ERROR

    @property
    def chosen_ruleset(self) -> str:
        if self.ruleset:
            return self.ruleset
        return self.settings.rulesets[-1] if self.settings.rulesets else RECOMMENDED


def all_rules(kind_rules: Iterable[LintRule],
              settings: LintSettings | None = None) -> list[LintRule]:
    """The kind's rules, the engine's, and the configuration's custom rules."""
    custom = settings.custom_rules if settings is not None else ()
    return [*kind_rules, *ENGINE_RULES, *(rule.lint_rule() for rule in custom)]


def severities(rules: Sequence[LintRule], run: LintRun) -> Severities:
    """The ruleset's severities, then the configuration's per-rule settings."""
    levels: Severities = {}
    # Later rulesets in ``extends`` win, as in every extends chain.
    for name in [*run.settings.rulesets, run.chosen_ruleset]:
        levels.update(ruleset_severities(name, rules))
    for rule_id, setting in run.settings.rules.items():
        levels[rule_id] = None if setting == "off" else Severity(setting)
    # A custom rule runs at the severity it declares, whatever the ruleset.
    for custom in run.settings.custom_rules:
        levels[custom.id] = custom.severity
    return levels


def _documents(contract: Contract) -> list[Document]:
    workspace = getattr(contract.model, "workspace", None)
    return workspace.documents() if isinstance(workspace, Workspace) else []


def _findings(contract: Contract, rules: Sequence[LintRule], run: LintRun) -> list[Finding]:
    levels = severities(rules, run)
    options = LintOptions(casing=run.settings.casing)
    marks = suppress.collect(_documents(contract))
    # Kinds whose files are not YAML/JSON (.proto, SDL) write suppressions as comments.
    own = getattr(contract.model, "suppressions", None)
    if callable(own):
        suppress.add_marks(marks, own())
    found: list[Finding] = []
    seen: set[tuple[str, str | None, str]] = set()
    for rule in rules:
        severity = levels.get(rule.id)
        if severity is None:
            continue
        hits = marks.problems if rule.id == suppress.RULE_ID else rule.check(contract.model,
                                                                            options)
        for hit in hits:
            where = hit.location
            # An element shared by many operations (a $ref'd response) is one finding.
            key = (rule.id, where.file, where.pointer)
            if key in seen or marks.covers(rule.id, where):
                continue
            if any(entry.covers(rule.id, where.pointer) for entry in run.settings.ignore):
                continue
            seen.add(key)
            found.append(Finding(rule.id, severity, hit.message, hit.hint or rule.hint, where))
    found.sort(key=lambda f: (f.location.file or "", f.location.line or 0,
                              f.location.column or 0, f.rule))
    return found


def lint(contract: Contract, kind_rules: Sequence[LintRule], run: LintRun | None = None,
         *, base: Contract | None = None) -> LintReport:
    """Lint ``contract``; with ``base``, report only findings whose (rule, pointer)
    the base does not have (what the revision introduced)."""
    run = run or LintRun()
    rules = all_rules(kind_rules, run.settings)
    findings = _findings(contract, rules, run)
    if base is not None:
        known = {(f.rule, f.location.pointer) for f in _findings(base, rules, run)}
        findings = [f for f in findings if (f.rule, f.location.pointer) not in known]
    report = LintReport(kind=contract.kind, contract=contract.source,
                        ruleset=run.chosen_ruleset, findings=tuple(findings),
                        fail_severity=run.fail_severity)
    return replace(report, changed_since=base.source if base is not None else None)
