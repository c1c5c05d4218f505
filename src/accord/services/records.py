"""Interfaces as the API shows them, read with few and cheap queries.

The registry loads ORM objects, which writes need. A read that only shows rows
does not: here an interface is a frozen record of plain column values, the
consumers and latest versions of a whole page come in one query each, and the
fixed statements are built once, so SQLAlchemy reuses their compiled form
without working out their cache keys again on every request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, exists, func, select
from sqlalchemy.orm import Session

from accord.services.registry import Page, not_found
from accord.store import ContractVersion, Interface, InterfaceConsumer


@dataclass(frozen=True, slots=True)
class LatestVersion:
    """What an interface shows of its latest version (not its stored reports)."""

    interface_id: str
    version: str
    document_sha256: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class InterfaceRecord:
    """An interface's columns, its consumers (sorted) and its latest version."""

    id: str
    number: int
    name: str
    title: str
    description: str
    kind: str
    team_id: str
    provider_id: str | None
    status: str
    visibility: str
    mode: str
    compatibility: str
    kind_options: dict[str, Any]
    ruleset: str
    sla: dict[str, Any]
    rate_limits: list[Any]
    auth: dict[str, Any]
    support: dict[str, Any]
    maintenance_windows: list[Any]
    deprecated_at: datetime | None
    sunset_at: datetime | None
    created_at: datetime
    updated_at: datetime
    revision: int
    consumers: tuple[str, ...] = ()
    latest: LatestVersion | None = None


_DERIVED = ("consumers", "latest")
_COLUMNS = tuple(getattr(Interface, f.name) for f in fields(InterfaceRecord)
                 if f.name not in _DERIVED)

_BY_ID = select(*_COLUMNS).where(Interface.id == bindparam("key"))
_BY_NAME = select(*_COLUMNS).where(Interface.name == bindparam("key"))
_LIST = (select(*_COLUMNS).where(Interface.number > bindparam("after"))
         .order_by(Interface.number).limit(bindparam("fetch")))
_CONSUMERS = (select(InterfaceConsumer.interface_id, InterfaceConsumer.participant_id)
              .where(InterfaceConsumer.interface_id.in_(bindparam("ids", expanding=True)))
              .order_by(InterfaceConsumer.interface_id, InterfaceConsumer.participant_id))
_NEWEST = (select(ContractVersion.interface_id, func.max(ContractVersion.seq).label("seq"))
           .where(ContractVersion.interface_id.in_(bindparam("ids", expanding=True)))
           .group_by(ContractVersion.interface_id).subquery())
_LATEST = (select(ContractVersion.interface_id, ContractVersion.version,
                  ContractVersion.document_sha256, ContractVersion.created_at)
           .join(_NEWEST, (ContractVersion.interface_id == _NEWEST.c.interface_id)
                 & (ContractVersion.seq == _NEWEST.c.seq)))
_ID_BY_ID = select(Interface.id).where(Interface.id == bindparam("key"))
_ID_BY_NAME = select(Interface.id).where(Interface.name == bindparam("key"))


def _is_id(key: str) -> bool:
    return key.upper().startswith("IF-")


def interface_id(session: Session, key: str) -> str:
    """The id of the interface ``key`` names (an id, case-insensitive, or a name)."""
    found = session.scalar(_ID_BY_ID if _is_id(key) else _ID_BY_NAME,
                           {"key": key.upper() if _is_id(key) else key})
    if found is None:
        raise not_found("interface", key)
    return found


def interface(session: Session, key: str) -> InterfaceRecord:
    """One interface, by id (``IF-001``, case-insensitive) or by name."""
    row = session.execute(_BY_ID if _is_id(key) else _BY_NAME,
                          {"key": key.upper() if _is_id(key) else key}).first()
    if row is None:
        raise not_found("interface", key)
    return _records(session, [row])[0]


def interfaces(session: Session, *, kind: str | None = None, team: str | None = None,
               status: str | None = None, consumer: str | None = None,
               provider: str | None = None, limit: int,
               after: Sequence[Any] | None = None) -> Page:
    """Interfaces in id order after a cursor's number, filtered; ``limit + 1`` fetched."""
    query = _LIST
    if kind:
        query = query.where(Interface.kind == kind)
    if team:
        query = query.where(Interface.team_id == team)
    if status:
        query = query.where(Interface.status == status)
    if provider:
        query = query.where(Interface.provider_id == provider)
    if consumer:
        query = query.where(exists().where(InterfaceConsumer.interface_id == Interface.id,
                                           InterfaceConsumer.participant_id == consumer))
    rows = session.execute(query, {"after": int(after[0]) if after else 0,
                                   "fetch": limit + 1}).all()
    return Page(_records(session, rows[:limit]), len(rows) > limit)


def latest_versions(session: Session, ids: Sequence[str]) -> dict[str, LatestVersion]:
    """The latest published version of each interface in ``ids``."""
    if not ids:
        return {}
    return {row.interface_id: LatestVersion(*row)
            for row in session.execute(_LATEST, {"ids": list(ids)})}


def _records(session: Session, rows: Sequence[Row[Any]]) -> list[InterfaceRecord]:
    if not rows:
        return []
    ids = [row.id for row in rows]
    consumers: dict[str, list[str]] = {}
    for interface_id_, participant_id in session.execute(_CONSUMERS, {"ids": ids}):
        consumers.setdefault(interface_id_, []).append(participant_id)
    latest = latest_versions(session, ids)
    return [InterfaceRecord(**row._mapping, consumers=tuple(consumers.get(row.id, ())),
                            latest=latest.get(row.id)) for row in rows]
