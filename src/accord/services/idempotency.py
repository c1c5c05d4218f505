"""Idempotency records in the database: the state behind ``Idempotency-Key``, shared
by every replica of the hub.

A record is identified by ``(scope, key)``: the caller and the key it chose.
:meth:`IdempotencyRecords.begin` inserts it; the primary key decides a race, so
of two requests that arrive together exactly one starts and the other finds
the record (in flight, completed, or made for another request). An in-flight
record holds a *lease* (``locked_until``): when a process dies mid-request the
key is free again once the lease runs out, not after the record's 24 hours.
The lease's end also fences the holder: ``complete`` and ``abandon`` touch the
record only while it still carries the lease they were given, so a request
that outlived its lease cannot overwrite the one that took the key over.

Expired records count as absent and are purged now and then by ``begin``.
Everything here is synchronous (a thread's work); the HTTP API wraps it in the
conventions kit's asynchronous ``IdempotencyStore`` protocol.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, and_, delete, or_, select, update

from accord.services.housekeeping import PeriodicPurge, upsert_insert
from accord.store import Database, IdempotencyRecord

logger = logging.getLogger("accord.services.idempotency")

DEFAULT_TTL = timedelta(hours=24)
DEFAULT_LEASE = timedelta(seconds=60)
#: How often (at most) one process deletes expired records.
PURGE_INTERVAL = 60.0

Outcome = Literal["started", "replay", "in_flight", "mismatch"]


@dataclass(frozen=True, slots=True)
class StoredReply:
    """A completed response: status, headers (name, value), body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass(frozen=True, slots=True)
class Claim:
    """What :meth:`IdempotencyRecords.begin` found.

    ``started``: the caller holds the key until ``lease`` (pass it back to
    ``complete``/``abandon``); ``replay``: ``reply`` is the stored response;
    ``in_flight``: another request holds the key; ``mismatch``: the key was used
    for a request with another fingerprint.
    """

    outcome: Outcome
    lease: datetime | None = None
    reply: StoredReply | None = None


def _lapsed(expires_at: datetime, in_flight: bool, locked_until: datetime | None,
            now: datetime) -> bool:
    return expires_at <= now or (in_flight and (locked_until is None or locked_until <= now))


class IdempotencyRecords:
    """The ``idempotency_records`` table of one database, for SQLite and PostgreSQL.

    ``ttl``: how long a record lives (24 h); ``lease``: how long an in-flight
    record holds its key before another request may take it over (60 s; make
    it longer than the slowest request that takes a key).
    """

    def __init__(self, db: Database, *, ttl: timedelta = DEFAULT_TTL,
                 lease: timedelta = DEFAULT_LEASE, purge_interval: float = PURGE_INTERVAL,
                 clock: Callable[[], datetime] | None = None) -> None:
        if ttl <= timedelta(0) or lease <= timedelta(0):
            raise ValueError("idempotency ttl and lease must be positive")
        self.db = db
        self.ttl = ttl
        self.lease = lease
        self.purge_interval = purge_interval
        self._clock = clock or (lambda: datetime.now(UTC))
        self._purger = PeriodicPurge(self.purge, purge_interval, "expired idempotency records")

    def begin(self, scope: str, key: str, fingerprint: str) -> Claim:
        """Claim ``key`` for a request with ``fingerprint`` (atomic across processes)."""
        self._purger.maybe()
        while True:
            claim = self._begin(scope, key, fingerprint)
            if claim is not None:
                return claim

    def _begin(self, scope: str, key: str, fingerprint: str) -> Claim | None:
        now = self._clock()
        # The microsecond lease end doubles as the holder's fencing token.
        lease = now + self.lease
        fresh = {"fingerprint": fingerprint, "in_flight": True, "status": None, "headers": [],
                 "body": None, "created_at": now, "expires_at": now + self.ttl,
                 "locked_until": lease}
        with self.db.write() as session:
            inserted = session.execute(
                upsert_insert(self.db, IdempotencyRecord).values(scope=scope, key=key, **fresh)
                .on_conflict_do_nothing(index_elements=["scope", "key"])
                .returning(IdempotencyRecord.key)).first()
            if inserted is not None:
                return Claim("started", lease=lease)
            row = session.execute(
                select(IdempotencyRecord.fingerprint, IdempotencyRecord.in_flight,
                       IdempotencyRecord.status, IdempotencyRecord.headers,
                       IdempotencyRecord.body, IdempotencyRecord.expires_at,
                       IdempotencyRecord.locked_until).where(self._is(scope, key))).first()
            if row is not None and _lapsed(row.expires_at, row.in_flight, row.locked_until,
                                           now):
                # Expired, or in flight past its lease: free. The same test in the
                # WHERE clause lets exactly one of several takers have it.
                lapsed = or_(IdempotencyRecord.expires_at <= now,
                             and_(IdempotencyRecord.in_flight.is_(True),
                                  or_(IdempotencyRecord.locked_until.is_(None),
                                      IdempotencyRecord.locked_until <= now)))
                taken = session.execute(
                    update(IdempotencyRecord).where(self._is(scope, key), lapsed)
                    .values(**fresh).returning(IdempotencyRecord.key)).first()
                return Claim("started", lease=lease) if taken is not None else None
        if row is None:  # abandoned between the statements: claim again
            return None
        if row.fingerprint != fingerprint:
            return Claim("mismatch")
        if row.in_flight or row.status is None:
            return Claim("in_flight")
        headers = tuple((str(name), str(value)) for name, value in row.headers or [])
        return Claim("replay", reply=StoredReply(int(row.status), headers, row.body or b""))

    def complete(self, scope: str, key: str, reply: StoredReply,
                 lease: datetime | None = None) -> bool:
        """Store ``reply`` on the in-flight record; False when the record is gone or
        was taken over (``lease`` no longer matches)."""
        with self.db.write() as session:
            result = session.execute(
                update(IdempotencyRecord)
                .where(self._is(scope, key), *self._held(lease))
                .values(in_flight=False, status=reply.status,
                        headers=[list(h) for h in reply.headers], body=reply.body,
                        locked_until=None)
                .returning(IdempotencyRecord.key)).first()
        return result is not None

    def abandon(self, scope: str, key: str, lease: datetime | None = None) -> None:
        """Delete the in-flight record (a retry runs again); a no-op once it completed."""
        with self.db.write() as session:
            session.execute(delete(IdempotencyRecord).where(self._is(scope, key),
                                                            *self._held(lease)))

    def purge(self) -> int:
        """Delete expired records; returns how many."""
        with self.db.write() as session:
            result = session.execute(
                delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= self._clock()))
            return int(cast(CursorResult[Any], result).rowcount)



    @staticmethod
    def _is(scope: str, key: str) -> Any:
        return and_(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)

    @staticmethod
    def _held(lease: datetime | None) -> list[Any]:
        held: list[Any] = [IdempotencyRecord.in_flight.is_(True)]
        if lease is not None:
            held.append(IdempotencyRecord.locked_until == lease)
        return held
