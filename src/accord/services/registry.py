"""Teams, participants and interfaces: create, read, list, update.

What the API only shows of interfaces (lists, one interface) is read by
``services/records.py`` without ORM objects.

Lists use keyset pagination: rows after a cursor's sort key, ``limit + 1``
fetched to know whether there is more. Updates check the caller's expected
``revision`` (the ETag) inside the write transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accord.core.errors import AccordError, ErrorCode
from accord.kinds import KindRegistry, load_kinds
from accord.services import kind_options
from accord.store import ContractVersion, Database, Interface, InterfaceConsumer, Participant, Team

SLUG = re.compile(r"^[a-z][a-z0-9-]{1,62}$")
STATUSES = ("draft", "active", "deprecated", "retired")
#: Status moves an interface may make (retired is final).
TRANSITIONS = {
    "draft": {"draft", "active", "retired"},
    "active": {"active", "deprecated"},
    "deprecated": {"deprecated", "active", "retired"},
    "retired": {"retired"},
}


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    has_more: bool


def check_slug(value: str, what: str) -> str:
    if not SLUG.match(value or ""):
        raise AccordError(ErrorCode.INVALID_REQUEST, f"{what} {value!r} is not a slug",
                          hint="use lower-case letters, digits and hyphens, starting with a "
                          "letter (2-63 characters)", details={"field": what})
    return value


def _page(session: Session, query: Select[Any], limit: int) -> Page:
    rows = list(session.scalars(query.limit(limit + 1)))
    return Page(rows[:limit], len(rows) > limit)


def not_found(what: str, key: str) -> AccordError:
    return AccordError(ErrorCode.NOT_FOUND, f"{what} {key!r} does not exist",
                       hint=f"list the {what}s to find its id")


# --- teams --------------------------------------------------------------------


def create_team(db: Database, team_id: str, name: str | None = None, description: str = "",
                contact: Mapping[str, Any] | None = None) -> Team:
    check_slug(team_id, "team")
    with db.write() as session:
        if session.get(Team, team_id) is not None:
            raise AccordError(ErrorCode.ALREADY_EXISTS, f"team {team_id!r} already exists")
        team = Team(id=team_id, name=name or team_id, description=description,
                    contact=dict(contact or {}))
        session.add(team)
    return team


def ensure_team(session: Session, team_id: str) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        team = Team(id=check_slug(team_id, "team"), name=team_id)
        session.add(team)
        session.flush()
    return team


def get_team(session: Session, team_id: str) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise not_found("team", team_id)
    return team


def list_teams(session: Session, *, limit: int, after: Sequence[Any] | None) -> Page:
    query = select(Team).order_by(Team.id)
    if after:
        query = query.where(Team.id > after[0])
    return _page(session, query, limit)


# --- participants -------------------------------------------------------------


def create_participant(db: Database, participant_id: str, team_id: str, *,
                       description: str = "", repository: str | None = None) -> Participant:
    check_slug(participant_id, "participant")
    with db.write() as session:
        get_team(session, team_id)
        if session.get(Participant, participant_id) is not None:
            raise AccordError(ErrorCode.ALREADY_EXISTS,
                              f"participant {participant_id!r} already exists")
        row = Participant(id=participant_id, team_id=team_id, description=description,
                          repository=repository)
        session.add(row)
    return row


def ensure_participant(session: Session, participant_id: str, team_id: str) -> Participant:
    row = session.get(Participant, participant_id)
    if row is None:
        row = Participant(id=check_slug(participant_id, "participant"), team_id=team_id)
        session.add(row)
        session.flush()
    return row


def get_participant(session: Session, participant_id: str) -> Participant:
    row = session.get(Participant, participant_id)
    if row is None:
        raise not_found("participant", participant_id)
    return row


def list_participants(session: Session, *, team: str | None, limit: int,
                      after: Sequence[Any] | None) -> Page:
    query = select(Participant).order_by(Participant.id)
    if team:
        query = query.where(Participant.team_id == team)
    if after:
        query = query.where(Participant.id > after[0])
    return _page(session, query, limit)


# --- interfaces ---------------------------------------------------------------

#: Interface fields a caller may set (on create, and with PATCH).
EDITABLE = ("title", "description", "status", "visibility", "mode", "compatibility",
            "kind_options", "ruleset", "sla", "rate_limits", "auth", "support",
            "maintenance_windows", "provider_id", "sunset_at")


def interface_id(number: int) -> str:
    return f"IF-{number:03d}"


def find_interface(session: Session, key: str) -> Interface | None:
    """By id (``IF-001``, case-insensitive) or by name."""
    if key.upper().startswith("IF-"):
        return session.get(Interface, key.upper())
    return session.scalar(select(Interface).where(Interface.name == key))


def get_interface(session: Session, key: str) -> Interface:
    row = find_interface(session, key)
    if row is None:
        raise not_found("interface", key)
    return row


def add_consumer(db: Database, interface_key: str, participant_id: str) -> bool:
    """Record that ``participant_id`` consumes the interface (a consumer declaring
    itself); False when it already was one."""
    with db.write() as session:
        row = get_interface(session, interface_key)
        get_participant(session, participant_id)
        if session.get(InterfaceConsumer, (row.id, participant_id)) is not None:
            return False
        session.add(InterfaceConsumer(interface_id=row.id, participant_id=participant_id))
        row.revision += 1
        row.updated_at = datetime.now(UTC)
        return True


def _set_consumers(session: Session, row: Interface, consumers: Iterable[str]) -> None:
    wanted = sorted(set(consumers))
    for name in wanted:
        get_participant(session, name)
    row.consumers = [InterfaceConsumer(interface_id=row.id, participant_id=name)
                     for name in wanted]


def _apply(session: Session, row: Interface, fields: Mapping[str, Any],
           kinds: KindRegistry | None) -> None:
    for key in fields:
        if key not in EDITABLE and key != "consumers":
            raise AccordError(ErrorCode.INVALID_REQUEST, f"{key!r} cannot be set",
                              details={"field": key})
    if "kind_options" in fields:
        # Checked by the kind itself; null resets them to the kind's defaults.
        fields = {**fields, "kind_options": kind_options.checked(
            kinds if kinds is not None else load_kinds(), row.kind, fields["kind_options"])}
    if "status" in fields:
        status = fields["status"]
        if status not in STATUSES:
            raise AccordError(ErrorCode.INVALID_REQUEST, f"unknown status {status!r}",
                              hint=f"one of {', '.join(STATUSES)}", details={"field": "status"})
        if status not in TRANSITIONS[row.status or "draft"]:
            raise AccordError(ErrorCode.CONFLICT,
                              f"an interface cannot go from {row.status} to {status}",
                              hint="retired is final; deprecate an active interface first")
        if status == "deprecated" and row.status != "deprecated":
            row.deprecated_at = datetime.now(UTC)
        if status == "active":
            row.deprecated_at = None
            row.sunset_at = None
    if fields.get("provider_id"):
        get_participant(session, fields["provider_id"])
    for key in EDITABLE:
        if key in fields:
            setattr(row, key, fields[key])
    if "consumers" in fields:
        _set_consumers(session, row, fields["consumers"] or [])


def create_interface(db: Database, *, name: str, kind: str, team_id: str,
                     fields: Mapping[str, Any] | None = None,
                     kinds: KindRegistry | None = None) -> Interface:
    """A new interface with the next free ``IF-nnn`` id; ``kinds`` checks its
    ``kind_options`` (default: the installed kinds)."""
    check_slug(name, "interface name")
    for attempt in range(5):
        try:
            with db.write() as session:
                get_team(session, team_id)
                if session.scalar(select(exists().where(Interface.name == name))):
                    raise AccordError(ErrorCode.ALREADY_EXISTS,
                                      f"interface {name!r} already exists",
                                      hint="publish to it, or choose another name")
                number = (session.scalar(select(func.max(Interface.number))) or 0) + 1
                row = Interface(id=interface_id(number), number=number, name=name, kind=kind,
                                team_id=team_id, status="draft")
                session.add(row)
                session.flush()
                _apply(session, row, dict(fields or {}), kinds)
            return row
        except IntegrityError:
            # Another writer took the number (PostgreSQL runs writers concurrently).
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def update_interface(db: Database, key: str, fields: Mapping[str, Any], *,
                     expected_revision: int | None,
                     kinds: KindRegistry | None = None) -> Interface:
    with db.write() as session:
        row = session.scalar(db.lock_for_update(select(Interface).where(
            Interface.id == get_interface(session, key).id)))
        assert row is not None
        if expected_revision is not None and row.revision != expected_revision:
            raise AccordError(ErrorCode.CONFLICT, "the interface changed since it was read",
                              hint="GET it again and retry with the new ETag",
                              details={"precondition": True})
        _apply(session, row, fields, kinds)
        row.revision += 1
        row.updated_at = datetime.now(UTC)
    return row


def list_versions(session: Session, interface_id: str, *, limit: int,
                  after: Sequence[Any] | None = None, newest_first: bool = False) -> Page:
    """Published versions in publication order (or newest first), after a cursor's seq."""
    seq = ContractVersion.seq
    query = (select(ContractVersion).where(ContractVersion.interface_id == interface_id)
             .order_by(seq.desc() if newest_first else seq))
    if after:
        query = query.where(seq < int(after[0]) if newest_first else seq > int(after[0]))
    return _page(session, query, limit)
