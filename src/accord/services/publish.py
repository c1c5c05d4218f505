"""The publish pipeline, and the dry-run check that shares it.

parse -> lint (the interface's ruleset) -> compatibility against the stored
history under the interface's mode -> version-bump check -> store atomically
-> changelog. The candidate and the stored versions are loaded, linted and
diffed by the interface's kind configured with its ``kind_options``
(``services/kind_options.py``), here and in the diff workers.

The slow part (parsing, linting, diffing) runs outside any transaction. The
write transaction then locks the interface, checks that no version was
published in between (else the whole check runs again against the new
history), and inserts the document and the version; a unique constraint on
(interface, version) backs it up. A failure anywhere leaves nothing behind.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from accord.compat.modes import Mode
from accord.compat.report import DiffReport, check_history
from accord.compat.semver import parse, sort_key
from accord.core.change import Change, Level
from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location
from accord.kinds import Contract, Kind, KindRegistry, load_kinds
from accord.kinds.protocol import DiffOptions, load_for_lint
from accord.lint import LintRun, lint
from accord.lint.report import LintReport
from accord.services import diffpool, documents
from accord.services.candidate import Candidate
from accord.services.documents import ContractCache
from accord.services.gcpause import collector_paused
from accord.services.kind_options import ConfiguredKinds, checked, options_key
from accord.services.registry import get_interface
from accord.store import ContractVersion, Database, Interface

#: The lint ruleset of interfaces that name none.
DEFAULT_RULESET = "accord:recommended"
#: The reports stored with a version, which a history check does not read.
_REPORTS = (ContractVersion.lint, ContractVersion.compatibility, ContractVersion.changelog)
_WITHOUT_REPORTS = tuple(defer(column) for column in _REPORTS)
#: Attempts at storing a version when other versions keep arriving meanwhile.
ATTEMPTS = 3


@dataclass(frozen=True)
class Force:
    """An admin's override of a failed compatibility check (major bumps only)."""

    reason: str


@dataclass
class Outcome:
    """What the pipeline found (and, for a publish, stored)."""

    interface_id: str
    version: str
    sha256: str
    #: None when nothing was checked (the document was already published).
    lint: LintReport | None
    compatibility: DiffReport | None
    #: The stored version; None for a dry run.
    stored: ContractVersion | None = None
    #: False when the same document was already published (nothing stored).
    created: bool = False
    forced_reason: str | None = None
    problems: list[AccordError] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def changelog(self) -> list[dict[str, object]]:
        if self.compatibility is None:
            return []
        return [c.to_dict() for c in self.compatibility.changes]


class Hub:
    """The pipeline's shared state: the database, the kinds, the parsed-contract cache."""

    def __init__(self, db: Database, *, kinds: KindRegistry | None = None,
                 cache: ContractCache | None = None) -> None:
        self.db = db
        self.kinds = kinds or load_kinds()
        self.cache = cache or ContractCache()
        self.configured = ConfiguredKinds(self.kinds)

    def kind_of(self, name: str, options: Mapping[str, Any] | None = None) -> Kind:
        """The kind ``name`` under an interface's ``options`` (stored, so valid)."""
        return self.configured.get(name, options)

    # --- reading ----------------------------------------------------------

    def history(self, session: Session, interface_id: str) -> list[ContractVersion]:
        """Published versions, oldest first (semantic-version order), without their
        stored reports (a large contract's lint report alone is ~700 KB of JSON):
        :meth:`_stored_row` loads them for the one version a publish returns."""
        rows = list(session.scalars(select(ContractVersion).options(*_WITHOUT_REPORTS).where(
            ContractVersion.interface_id == interface_id)))
        return sorted(rows, key=lambda r: sort_key(r.version))

    @staticmethod
    def _stored_row(session: Session, row: ContractVersion) -> ContractVersion:
        """``row`` of :meth:`history` with its reports loaded."""
        session.refresh(row, [c.key for c in _REPORTS])
        return row

    def stored_contract(self, session: Session, kind: Kind, row: ContractVersion,
                        options: Mapping[str, Any] | None = None) -> Contract:
        """A stored version loaded by ``kind`` (configured with ``options``)."""
        return self.cache.load(kind, row.document_sha256, row.filename,
                               f"{row.interface_id}@{row.version}",
                               lambda: documents.blob_of(session, row.document_sha256),
                               variant=options_key(options))

    @staticmethod
    def _parse_candidate(kind: Kind, candidate: Candidate) -> Contract:
        """The candidate, its files named as the publisher named them."""
        with candidate.written() as path:
            return load_for_lint(kind, path, candidate.display)

    # --- the pipeline -------------------------------------------------------

    def evaluate(self, interface_key: str, candidate: Candidate, *,
                 force: Force | None = None, today: date | None = None,
                 kind_options: Mapping[str, Any] | None = None) -> Outcome:
        """Everything but storing: lint, compatibility and version checks;
        ``kind_options`` (checked here) instead of the interface's own."""
        with self.db.read() as session:
            interface = get_interface(session, interface_key)
            history = self.history(session, interface.id)
            options = interface.kind_options if kind_options is None else checked(
                self.kinds, interface.kind, kind_options)
            with collector_paused():
                return self._evaluate(session, interface, history, candidate, force, today,
                                      options)

    def _evaluate(self, session: Session, interface: Interface, history: list[ContractVersion],
                  candidate: Candidate, force: Force | None, today: date | None,
                  options: Mapping[str, Any]) -> Outcome:
        kind = self.kind_of(interface.kind, options)
        digest = candidate.sha256  # first: refuses bad file paths before any work
        self._prefetch(session, kind, interface, history, options)
        contract = self._parse_candidate(kind, candidate)
        version = self._version_of(contract, candidate)
        for row in history:
            if row.version == version:
                if row.document_sha256 == digest:
                    return Outcome(interface.id, version, digest, None, None,
                                   stored=self._stored_row(session, row), created=False)
                raise AccordError(
                    ErrorCode.VERSION_EXISTS,
                    f"{interface.id} {version} is already published with other content",
                    hint="published versions are immutable: publish a new version number")
        if history and sort_key(version) <= sort_key(history[-1].version):
            raise AccordError(
                ErrorCode.VERSION_NOT_INCREASING,
                f"{version} is not greater than the latest version {history[-1].version}",
                hint=f"publish a version greater than {history[-1].version}")
        outcome = self._lint(kind, contract, interface.id, version, digest, interface.ruleset)
        if history:
            outcome.compatibility = self._compatibility(session, kind, interface, history,
                                                        candidate, contract, version, today,
                                                        options)
            if outcome.compatibility.failed:
                changes = [c.to_dict() for c in _violations(outcome.compatibility)]
                problem = AccordError(
                    ErrorCode.INCOMPATIBLE_CHANGE,
                    f"{version} breaks {interface.compatibility} against "
                    f"{', '.join(outcome.compatibility.incompatible_with) or 'its history'}",
                    hint=_incompatible_hint(outcome.compatibility),
                    details={"changes": changes,
                             "suggested_bump": str(outcome.compatibility.version.suggested)})
                if force is not None:
                    self._check_force(force, history[-1].version, version)
                    outcome.forced_reason = force.reason
                else:
                    outcome.problems.append(problem)
        return outcome

    def evaluate_new(self, name: str, kind_name: str, candidate: Candidate, *,
                     ruleset: str = DEFAULT_RULESET,
                     kind_options: Mapping[str, Any] | None = None) -> Outcome:
        """The dry run of a first version, for an interface the registry does not have
        yet: nothing to compare with, so lint and the version only."""
        if kind_name not in set(self.kinds):
            raise AccordError(ErrorCode.INVALID_REQUEST, f"unknown kind {kind_name!r}",
                              hint=f"one of {', '.join(sorted(self.kinds))}",
                              details={"field": "kind"})
        kind = self.kind_of(kind_name, checked(self.kinds, kind_name, kind_options))
        contract = self._parse_candidate(kind, candidate)
        version = self._version_of(contract, candidate)
        return self._lint(kind, contract, name, version, candidate.sha256, ruleset)

    @staticmethod
    def _lint(kind: Kind, contract: Contract, interface_id: str, version: str, digest: str,
              ruleset: str) -> Outcome:
        report = lint(contract, kind.lint_rules(), LintRun(ruleset=ruleset))
        outcome = Outcome(interface_id, version, digest, report, None)
        if report.failed:
            errors = [f.to_dict() for f in report.findings if str(f.severity) == "error"]
            outcome.problems.append(AccordError(
                ErrorCode.LINT_FAILED,
                f"{len(errors)} lint error(s) under {ruleset}",
                hint="fix the findings, or change the interface's ruleset",
                details={"findings": errors}))
        return outcome

    @staticmethod
    def _version_of(contract: Contract, candidate: Candidate) -> str:
        version = candidate.version or contract.version
        if not version or parse(version) is None:
            raise AccordError(
                ErrorCode.VERSION_REQUIRED,
                f"the document has no semantic version ({version!r})" if version else
                "the document declares no version",
                location=contract.version_location,
                hint="set the document's version (info.version) or pass one explicitly, "
                "like 1.4.0")
        return version

    def _compatibility(self, session: Session, kind: Kind, interface: Interface,
                       history: list[ContractVersion], candidate: Candidate,
                       contract: Contract, version: str, today: date | None,
                       kind_options: Mapping[str, Any]) -> DiffReport:
        contracts: dict[int, Contract] = {len(history): contract}
        options = DiffOptions(today=today or date.today(), kind_options=dict(kind_options))
        diffed = self._diff_in_workers(session, kind, interface, history, candidate, options)

        def load(index: int) -> Contract:
            if index not in contracts:
                contracts[index] = self.stored_contract(session, kind, history[index],
                                                        kind_options)
            return contracts[index]

        def differ(i: int, j: int) -> list[Change]:
            found = diffed.get((i, j))
            return found if found is not None else kind.diff(load(i), load(j), options)

        labels = [f"{r.interface_id}@{r.version}" for r in history] + [contract.source]
        versions = [r.version for r in history] + [version]
        return check_history(
            kind=kind.name, labels=labels, version_of=versions.__getitem__,
            mode=Mode(interface.compatibility), fail_on=Level.BREAKING, differ=differ,
            version_location=contract.version_location or Location("", contract.source))

    # --- large histories: diffed in worker processes (services/diffpool.py) ----------

    def _large_history(self, session: Session, kind: Kind, interface: Interface,
                       history: list[ContractVersion]) -> list[diffpool.Stored] | None:
        """The stored versions a check diffs, as files for the diff workers; None when
        there are too few, too small ones, or no workers for them."""
        if diffpool.shared_pool() is None:
            return None
        pairs = diffpool.history_pairs(Mode(interface.compatibility), len(history) + 1)
        indices = sorted({i for pair in pairs for i in pair if i < len(history)})
        if len(indices) < 2 or not diffpool.runs_in_workers(kind):
            return None
        stored = []
        for index in indices:
            row = history[index]
            digest = row.document_sha256
            path = self.cache.path_for(digest, row.filename,
                                       functools.partial(documents.blob_of, session, digest))
            stored.append(diffpool.Stored(index, row.document_sha256, str(path), row.filename,
                                          f"{row.interface_id}@{row.version}",
                                          documents.materialised_size(path, row.filename)))
        if sum(s.size for s in stored) < diffpool.PARALLEL_BYTES:
            return None
        return stored

    def _prefetch(self, session: Session, kind: Kind, interface: Interface,
                  history: list[ContractVersion], kind_options: Mapping[str, Any]) -> None:
        """Have the workers parse a large history while this thread parses and lints."""
        stored = self._large_history(session, kind, interface, history)
        pool = diffpool.shared_pool()
        if stored is not None and pool is not None:
            pool.prefetch(kind.name, stored, kind_options)

    def _diff_in_workers(self, session: Session, kind: Kind, interface: Interface,
                         history: list[ContractVersion], candidate: Candidate,
                         options: DiffOptions) -> dict[diffpool.Pair, list[Change]]:
        """A large history's pairs, diffed in the workers; empty: diff them here."""
        stored = self._large_history(session, kind, interface, history)
        pool = diffpool.shared_pool()
        if stored is None or pool is None:
            return {}
        last = len(history)
        by_index = {s.index: s for s in stored}
        pairs = [(pair, by_index[pair[0] if pair[1] == last else pair[1]])
                 for pair in diffpool.history_pairs(Mode(interface.compatibility), last + 1)]
        with candidate.written() as path:
            try:
                return pool.diff(kind.name, path, candidate.display, last, pairs, options)
            except diffpool.PoolFailed:
                return {}

    @staticmethod
    def _check_force(force: Force, latest: str, version: str) -> None:
        old, new = parse(latest), parse(version)
        if not force.reason.strip():
            raise AccordError(ErrorCode.FORCE_NOT_ALLOWED, "a forced publish needs a reason",
                              hint="say why the consumers can take the break")
        if old is None or new is None or new[0] <= old[0]:
            raise AccordError(
                ErrorCode.FORCE_NOT_ALLOWED,
                f"only a new major version can be forced past the check ({latest} -> {version})",
                hint=f"publish it as {(old or (0, 0, 0))[0] + 1}.0.0")

    def publish(self, interface_key: str, candidate: Candidate, *, published_by: str,
                force: Force | None = None, today: date | None = None) -> Outcome:
        """Run the pipeline and store the version; raise the first problem found."""
        for _attempt in range(ATTEMPTS):
            with self.db.read() as session:
                interface = get_interface(session, interface_key)
                history = self.history(session, interface.id)
                with collector_paused():
                    outcome = self._evaluate(session, interface, history, candidate, force,
                                             today, interface.kind_options)
            if outcome.problems:
                raise outcome.problems[0]
            if outcome.stored is not None:
                return outcome
            seen = len(history)
            try:
                with self.db.write() as session:
                    locked = session.scalar(self.db.lock_for_update(
                        select(Interface).where(Interface.id == interface.id)))
                    assert locked is not None
                    count = session.scalar(select(func.count()).where(
                        ContractVersion.interface_id == interface.id)) or 0
                    if count != seen or _settings(locked) != _settings(interface):
                        # Published meanwhile, or the interface's mode, ruleset or kind
                        # options changed: check again against what is stored now.
                        continue
                    documents.put(session, candidate.stored, candidate.entry,
                                  bundle=candidate.bundle is not None)
                    session.flush()  # the document row first: the version refers to it
                    row = ContractVersion(
                        interface_id=interface.id, seq=count + 1, version=outcome.version,
                        document_sha256=outcome.sha256,
                        filename=candidate.entry,
                        published_by=published_by, forced_reason=outcome.forced_reason,
                        lint=outcome.lint.to_dict() if outcome.lint else {},
                        compatibility=(outcome.compatibility.to_dict()
                                       if outcome.compatibility else {}),
                        changelog=outcome.changelog())
                    session.add(row)
                    locked.revision += 1
                    if locked.status == "draft":
                        locked.status = "active"
                    session.flush()
            except IntegrityError as exc:
                if "unique" not in str(exc.orig).lower():
                    raise
                continue  # the same version number won a race: re-check (VERSION_EXISTS)
            outcome.stored = row
            outcome.created = True
            return outcome
        raise AccordError(ErrorCode.CONFLICT,
                          "other versions kept being published while this one was checked",
                          hint="retry the publish")


def _settings(interface: Interface) -> tuple[object, ...]:
    """What of an interface the check of a version depends on."""
    return interface.compatibility, interface.ruleset, options_key(interface.kind_options)


def _violations(report: DiffReport) -> list[Any]:
    seen: dict[tuple[str, str | None], Any] = {}
    for check in report.checks:
        for change in check.violations:
            seen.setdefault((change.rule, change.location.pointer), change)
    if not seen:  # the version bump alone
        for change in report.changes:
            if change.level is Level.BREAKING:
                seen.setdefault((change.rule, change.location.pointer), change)
    return list(seen.values())


def _incompatible_hint(report: DiffReport) -> str:
    advice = report.version
    if advice.suggested_version and advice.sufficient is False:
        return (f"publish it as {advice.suggested_version} or later, or undo the breaking "
                "changes listed")
    return "undo the breaking changes listed, or publish a new major version (admins may force it)"
