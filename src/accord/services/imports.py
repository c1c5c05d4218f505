"""Batch import: many interfaces and their contract versions in one call.

Each item names an owner team, optionally the provider application, the
interface's metadata and optionally a document to publish. Items are
independent: one failing leaves the others alone, and an item that fails half
way keeps what it already did (an interface registered before its document was
refused stays registered, as with two single requests). Per item:

1. the caller must be allowed to act for the team (its own team, or admin);
2. the participant is created when absent, its description and repository
   updated when they differ (403 when another team owns it);
3. the interface is looked up by name: created when absent, else its given
   fields are compared with the stored ones and updated when they differ, with
   the revision read as the expected one (one retry when another writer got
   there first); another team's interface is 403, another kind 409;
4. the document goes through :meth:`accord.services.publish.Hub.publish`.

Nothing here is a second copy of those steps: they are the registry's and the
pipeline's own functions, so an item gets the outcome a single request gets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from accord.core.errors import AccordError, ErrorCode
from accord.services import registry
from accord.services.candidate import Candidate
from accord.services.jobs import raised_at
from accord.services.publish import Hub
from accord.services.tokens import Principal
from accord.store import Interface, Participant

logger = logging.getLogger("accord.services.imports")

#: ``progress(done, total)`` after each item.
Progress = Callable[[int, int], None]

#: Participant fields an import may set besides the id.
PARTICIPANT_FIELDS = ("description", "repository")


@dataclass(frozen=True)
class ParticipantSpec:
    """The provider application of an item; ``fields`` holds only what was given."""

    id: str
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InterfaceSpec:
    """An interface by name; ``fields`` are registry fields (``registry.EDITABLE``
    plus ``consumers``), only those the caller gave."""

    name: str
    kind: str
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportItem:
    team: str
    interface: InterfaceSpec
    participant: ParticipantSpec | None = None
    #: Interfaces (names or ids) the item's participant consumes: it is recorded as
    #: their consumer.
    consumes: tuple[str, ...] = ()
    #: The contract document to publish, if any (with files: the entry file; empty
    #: for a directory contract, whose ``filename`` ends in ``/``).
    document: bytes | None = None
    filename: str = "contract.yaml"
    version: str | None = None
    #: The contract's other files, by path relative to the document's directory.
    files: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Bytes of the document and its files."""
        return len(self.document or b"") + sum(len(data) for data in self.files.values())


@dataclass
class ItemOutcome:
    """What became of one item; ``error`` is None when it succeeded."""

    index: int
    name: str
    interface: str | None = None
    interface_created: bool = False
    interface_updated: bool = False
    version: str | None = None
    version_created: bool = False
    error: AccordError | None = None
    #: What the item did not do but did not fail for (an unregistered consumer).
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def created(self) -> bool:
        return self.interface_created or self.version_created


@dataclass
class ImportResult:
    items: list[ItemOutcome]

    @property
    def succeeded(self) -> int:
        return sum(1 for item in self.items if item.ok)

    @property
    def failed(self) -> int:
        return len(self.items) - self.succeeded


def run_import(hub: Hub, principal: Principal, items: Sequence[ImportItem], *,
               progress: Progress | None = None) -> ImportResult:
    """Import every item, each on its own; report per item."""
    outcomes: list[ItemOutcome] = []
    for index, item in enumerate(items):
        outcome = ItemOutcome(index=index, name=item.interface.name)
        try:
            _import_one(hub, principal, item, outcome)
        except AccordError as exc:
            outcome.error = exc
        except Exception as exc:  # one item's bug must not take the batch down
            outcome.error = _internal(exc, index, item.interface.name)
        outcomes.append(outcome)
        if progress is not None:
            progress(index + 1, len(items))
    return ImportResult(outcomes)


def _internal(exc: Exception, index: int, name: str) -> AccordError:
    logger.error("import item %d (%s) failed: unexpected %s%s", index, name,
                 type(exc).__name__, raised_at(exc))
    return AccordError(ErrorCode.INTERNAL, "an unexpected error stopped this item",
                       hint="the other items are not affected; retry it, and quote the "
                       "request_id if you report it")


def _import_one(hub: Hub, principal: Principal, item: ImportItem, outcome: ItemOutcome) -> None:
    require_team(principal, item.team)
    with hub.db.read() as session:
        registry.get_team(session, item.team)
    fields = dict(item.interface.fields)
    if item.participant is not None:
        _upsert_participant(hub, item.team, item.participant)
        fields.setdefault("provider_id", item.participant.id)
        _declare_consumption(hub, item.participant.id, item.consumes, outcome)
    if fields.get("consumers"):
        fields["consumers"] = _registered_consumers(hub, fields["consumers"], outcome)
    row = _upsert_interface(hub, principal, item.team, item.interface, fields, outcome)
    if item.document is not None:
        outcome.version = item.version  # named even when the publish is refused
        published = hub.publish(row.id, Candidate(item.document, item.filename, item.version,
                                                  files=item.files),
                                published_by=principal.token_id)
        outcome.version = published.version
        outcome.version_created = published.created


def _declare_consumption(hub: Hub, participant: str, interfaces: Sequence[str],
                         outcome: ItemOutcome) -> None:
    for key in interfaces:
        try:
            registry.add_consumer(hub.db, key, participant)
        except AccordError as exc:
            if exc.code is not ErrorCode.NOT_FOUND:
                raise
            outcome.warnings.append(
                f"consumed interface {key!r} is not registered yet: {participant!r} is "
                "linked to it when this is imported again after it is registered")


def _registered_consumers(hub: Hub, consumers: Sequence[str],
                          outcome: ItemOutcome) -> list[str]:
    """The consumers that are registered participants. A provider's manifest may name
    consumers before they register (each repository publishes on its own schedule):
    those are left out with a warning, and link themselves later."""
    with hub.db.read() as session:
        known = set(session.scalars(select(Participant.id).where(
            Participant.id.in_(list(consumers)))))
    for name in consumers:
        if name not in known:
            outcome.warnings.append(
                f"consumer {name!r} is not a registered participant yet: not linked (it is "
                "linked when its team registers it and the interface is imported again)")
    return [name for name in consumers if name in known]


def require_team(principal: Principal, team: str) -> None:
    """The rule of ``api.deps.require_team``: a token acts for its own team only."""
    if not principal.may_act_for(team):
        raise AccordError(ErrorCode.FORBIDDEN,
                          f"team {principal.team!r} may not change what team {team!r} owns",
                          hint="use a token of the owning team (or an admin token)")


# --- participants -------------------------------------------------------------


def _upsert_participant(hub: Hub, team: str, spec: ParticipantSpec) -> None:
    unknown = set(spec.fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise AccordError(ErrorCode.INVALID_REQUEST, f"{sorted(unknown)[0]!r} cannot be set",
                          details={"field": sorted(unknown)[0]})
    with hub.db.read() as session:
        row = session.get(Participant, spec.id)
    if row is None:
        try:
            registry.create_participant(hub.db, spec.id, team,
                                        description=spec.fields.get("description") or "",
                                        repository=spec.fields.get("repository"))
            return
        except AccordError as exc:
            if exc.code is not ErrorCode.ALREADY_EXISTS:
                raise
    # Present (or created by another writer meanwhile): update what differs.
    with hub.db.write() as session:
        row = registry.get_participant(session, spec.id)
        if row.team_id != team:
            raise AccordError(ErrorCode.FORBIDDEN,
                              f"participant {spec.id!r} belongs to team {row.team_id!r}, "
                              f"not {team!r}",
                              hint="name an application of the item's team")
        changed = {k: v for k, v in spec.fields.items() if getattr(row, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(row, key, value)
            row.revision += 1
            row.updated_at = datetime.now(UTC)


# --- interfaces ---------------------------------------------------------------


def _find(hub: Hub, name: str) -> Interface | None:
    # By name only: find_interface would read a name like "if-payments" as an id.
    with hub.db.read() as session:
        return session.scalar(select(Interface).where(Interface.name == name))


def _upsert_interface(hub: Hub, principal: Principal, team: str, spec: InterfaceSpec,
                      fields: Mapping[str, Any], outcome: ItemOutcome) -> Interface:
    """The interface, created or updated; ``outcome`` learns its id as soon as it is
    known (a refused item still names the interface it concerned)."""
    for attempt in range(2):
        row = _find(hub, spec.name)
        if row is None:
            if spec.kind not in set(hub.kinds):
                raise AccordError(ErrorCode.INVALID_REQUEST, f"unknown kind {spec.kind!r}",
                                  hint=f"one of {', '.join(sorted(hub.kinds))}",
                                  details={"field": "kind"})
            try:
                created = registry.create_interface(hub.db, name=spec.name, kind=spec.kind,
                                                    team_id=team, fields=fields,
                                                    kinds=hub.kinds)
                outcome.interface, outcome.interface_created = created.id, True
                return created
            except AccordError as exc:
                if exc.code is not ErrorCode.ALREADY_EXISTS or attempt:
                    raise
                continue  # registered meanwhile by another writer: update it instead
        outcome.interface = row.id
        require_team(principal, row.team_id)
        if row.team_id != team:
            raise AccordError(ErrorCode.FORBIDDEN,
                              f"interface {spec.name!r} belongs to team {row.team_id!r}, "
                              f"not {team!r}",
                              hint="an import cannot move an interface to another team")
        if row.kind != spec.kind:
            raise AccordError(ErrorCode.CONFLICT,
                              f"interface {spec.name!r} is of kind {row.kind!r}, not "
                              f"{spec.kind!r}",
                              hint="an interface keeps its kind: register the new one under "
                              "another name", details={"kind": row.kind})
        changed = differing_fields(row, fields)
        if not changed:
            return row
        try:
            updated = registry.update_interface(hub.db, row.id, changed,
                                                expected_revision=row.revision,
                                                kinds=hub.kinds)
            outcome.interface_updated = True
            return updated
        except AccordError as exc:
            if exc.code is not ErrorCode.CONFLICT or not exc.details.get("precondition") \
                    or attempt:
                raise
            # Another writer changed it since it was read: compare again once.
    raise AssertionError("unreachable")


def differing_fields(row: Interface, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The given fields whose values differ from the stored ones."""
    return {key: value for key, value in fields.items()
            if _comparable(key, value) != _comparable(key, _stored(row, key))}


def _stored(row: Interface, key: str) -> Any:
    if key == "consumers":
        return [c.participant_id for c in row.consumers]
    return getattr(row, key)


def _comparable(key: str, value: Any) -> Any:
    if key == "consumers":
        return sorted(set(value or []))
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # stored naive timestamps are UTC
    return value
