"""The hub's tables.

Conventions: string primary keys that users see (team and participant slugs,
``IF-001`` interface ids); ``revision`` counters that become ETags; timestamps
in UTC; JSON columns for metadata documents whose shape the API validates
(SLA, rate limits, auth, support, maintenance windows) and for stored reports.
Contract documents are stored once per SHA-256 of their bytes.

The registry generation (:class:`RegistryGeneration`) is one number that every
transaction changing the registry's rows (teams, participants, interfaces and
their consumers, contract versions) increases as its last statement, by the
session hooks at the end of this module: whatever writes them, through
whichever process, a reader that sees the same generation sees the same rows.
"""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and read back time-zone aware, on every database
    (SQLite keeps no zone: its values come back naive and are UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    # Named constraints, so later migrations can alter them on SQLite too.
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[str] = mapped_column(String(63), primary_key=True)  # slug
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)


class Participant(Base):
    """A deployable application: provider and/or consumer of interfaces."""

    __tablename__ = "participants"

    id: Mapped[str] = mapped_column(String(63), primary_key=True)  # slug
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    repository: Mapped[str | None] = mapped_column(String(500), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)


class Interface(Base):
    """A named contract between one provider and its consumers."""

    __tablename__ = "interfaces"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)  # IF-001
    #: The number in the id, for ordering and for minting the next one.
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(63), unique=True)  # slug
    title: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(32), index=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    provider_id: Mapped[str | None] = mapped_column(ForeignKey("participants.id"), default=None)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    visibility: Mapped[str] = mapped_column(String(16), default="internal")
    mode: Mapped[str] = mapped_column(String(8), default="sync")
    compatibility: Mapped[str] = mapped_column(String(32), default="BACKWARD_TRANSITIVE")
    #: The kind's options for this interface's contracts (``{"policy": "lenient"}``),
    #: as its ``configure`` accepted them; every load, lint and diff applies them.
    kind_options: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    ruleset: Mapped[str] = mapped_column(String(100), default="accord:recommended")
    sla: Mapped[dict[str, Any]] = mapped_column(default=dict)
    rate_limits: Mapped[list[Any]] = mapped_column(default=list)
    auth: Mapped[dict[str, Any]] = mapped_column(default=dict)
    support: Mapped[dict[str, Any]] = mapped_column(default=dict)
    maintenance_windows: Mapped[list[Any]] = mapped_column(default=list)
    deprecated_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    sunset_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)

    consumers: Mapped[list[InterfaceConsumer]] = relationship(
        cascade="all, delete-orphan", order_by="InterfaceConsumer.participant_id",
        lazy="selectin")


class InterfaceConsumer(Base):
    __tablename__ = "interface_consumers"

    interface_id: Mapped[str] = mapped_column(ForeignKey("interfaces.id"), primary_key=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Document(Base):
    """A contract document's bytes, stored once per content hash."""

    __tablename__ = "documents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    #: ``yaml``/``json``/``proto``/``graphql``...: how to name it when it is read back.
    format: Mapped[str] = mapped_column(String(16))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class ContractVersion(Base):
    """One immutable published document of an interface."""

    __tablename__ = "contract_versions"
    __table_args__ = (
        UniqueConstraint("interface_id", "version", name="uq_version_number"),
        UniqueConstraint("interface_id", "seq", name="uq_version_seq"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interface_id: Mapped[str] = mapped_column(ForeignKey("interfaces.id"), index=True)
    #: Publication order within the interface, from 1.
    seq: Mapped[int] = mapped_column(Integer)
    version: Mapped[str] = mapped_column(String(100))
    document_sha256: Mapped[str] = mapped_column(ForeignKey("documents.sha256"))
    filename: Mapped[str] = mapped_column(String(255))
    published_by: Mapped[str] = mapped_column(String(100))
    #: Set when an admin forced a version past the compatibility check.
    forced_reason: Mapped[str | None] = mapped_column(Text, default=None)
    lint: Mapped[dict[str, Any]] = mapped_column(default=dict)
    compatibility: Mapped[dict[str, Any]] = mapped_column(default=dict)
    changelog: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Token(Base):
    """A bearer credential: shown once, stored as a SHA-256 hash."""

    __tablename__ = "tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # tok_...
    team_id: Mapped[str | None] = mapped_column(ForeignKey("teams.id"), default=None)
    name: Mapped[str] = mapped_column(String(200), default="")
    scopes: Mapped[list[Any]] = mapped_column(default=list)
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    #: For the OAuth2 client-credentials grant: the client id is the token id.
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    #: Access tokens minted by /oauth/token point at the client credential.
    parent_id: Mapped[str | None] = mapped_column(String(32), default=None)


class IdempotencyRecord(Base):
    """A POST's Idempotency-Key, scoped to the caller, with its stored response."""

    __tablename__ = "idempotency_records"

    scope: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    in_flight: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[int | None] = mapped_column(Integer, default=None)
    headers: Mapped[list[Any]] = mapped_column(default=list)
    body: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    #: While in flight: when the lease of the request that holds the key ends
    #: (a process that died mid-request frees its keys when the lease runs out).
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class RateLimitCounter(Base):
    """Requests of one caller in one fixed window (shared by every replica)."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class Job(Base):
    """Work that outlives its request (202 + Location: /v1/jobs/{id})."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="queued")  # running, succeeded, failed
    owner: Mapped[str] = mapped_column(String(100))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    #: ``{"done": n, "total": m}`` while it runs.
    progress: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    #: The problem document of a failed job.
    problem: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    #: The process that runs it (host:pid): a restart marks its own leftovers failed.
    runner: Mapped[str | None] = mapped_column(String(100), default=None)


class RegistryGeneration(Base):
    """One row (``id`` 1): the registry's generation, raised by every transaction
    that changes teams, participants, interfaces, consumers or versions.

    Read caches key what they keep by it (``services/generation.py``). The row
    is made by the first such transaction, starting at the time in microseconds,
    so a generation is never reused even if the table is emptied. The hooks see
    the ORM's changes (added, changed, deleted objects); a Core statement on
    those tables (``update(Interface)...``) must call :func:`bump_generation`.
    """

    __tablename__ = "registry_generation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(BigInteger)


#: The rows whose changes raise the registry generation.
REGISTRY_MODELS = (Team, Participant, Interface, InterfaceConsumer, ContractVersion)
#: ``Connection.info`` key: the generation a transaction on that connection set.
GENERATION_SET = "accord.registry_generation"
_CHANGED = "accord.registry_changed"


def bump_generation(session: Session) -> int:
    """Raise the registry generation in ``session``'s transaction; the new value."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (dialect.insert(RegistryGeneration)
                 .values(id=1, generation=time.time_ns() // 1000)
                 .on_conflict_do_update(index_elements=["id"], set_={
                     "generation": RegistryGeneration.generation + 1})
                 .returning(RegistryGeneration.generation))
    generation: int = session.execute(statement).scalar_one()
    session.connection().info[GENERATION_SET] = generation
    return generation


@event.listens_for(Session, "before_flush")
def _note_registry_changes(session: Session, _context: Any, _instances: Any) -> None:
    if not session.info.get(_CHANGED) and any(
            isinstance(row, REGISTRY_MODELS)
            for row in itertools.chain(session.new, session.dirty, session.deleted)):
        session.info[_CHANGED] = True


@event.listens_for(Session, "before_commit")
def _bump_when_changed(session: Session) -> None:
    # Flush first, so the bump is the transaction's last statement: on PostgreSQL
    # its row lock is then never held while waiting for another lock.
    session.flush()
    if session.info.pop(_CHANGED, False):
        bump_generation(session)


@event.listens_for(Session, "after_rollback")
def _forget_changes(session: Session) -> None:
    session.info.pop(_CHANGED, None)
