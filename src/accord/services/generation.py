"""The registry generation of a database, read cheaply, and news of its changes.

Every transaction that changes the registry (teams, participants, interfaces,
consumers, versions) raises one number in the same transaction
(:class:`accord.store.models.RegistryGeneration`). A reader that finds the
generation it cached something under has the rows that thing was made from,
whichever process or replica wrote last.

:meth:`Generations.read` reads it inside a session (one indexed row).
:meth:`Generations.peek` reads it without a session or a thread, for an
embedded SQLite file only: a point read of a one-row table on a connection of
its own takes microseconds and never waits for a writer (WAL). Subscribers
(:meth:`Generations.subscribe`) hear of a change this process committed at
once, to drop what they kept.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import weakref
from typing import Any, Protocol

from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session

from accord.store import Database
from accord.store.models import GENERATION_SET, RegistryGeneration

logger = logging.getLogger(__name__)

_READ = select(RegistryGeneration.generation).where(RegistryGeneration.id == 1)
_READ_SQL = "SELECT generation FROM registry_generation WHERE id = 1"
#: How long a peek may wait for SQLite's lock (it never should, in WAL mode).
_PEEK_TIMEOUT = 0.05


class Subscriber(Protocol):
    def registry_changed(self, generation: int) -> None:
        """The registry generation is now ``generation`` (set by this process)."""


class Generations:
    """The registry generation of one :class:`Database` (see :func:`generations`)."""

    def __init__(self, db: Database) -> None:
        # No reference to ``db``: it is the key of this object in a weak dictionary.
        self._subscribers: weakref.WeakSet[Any] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._local = threading.local()
        url = db.engine.url
        path = url.database
        # A file of its own: in-memory databases and URI options go through sessions.
        self._path = (path if db.dialect == "sqlite" and path and path != ":memory:"
                      and not path.startswith("file:") and not url.query else None)
        self._watch(db)

    def read(self, session: Session) -> int:
        """The generation as ``session`` sees it (0 before the first change)."""
        found = session.execute(_READ).scalar()
        return int(found) if found is not None else 0

    def peek(self) -> int | None:
        """The current generation without a session, or None where that is not cheap
        (PostgreSQL, in-memory SQLite) or failed: then use :meth:`read`."""
        if self._path is None:
            return None
        cursor: sqlite3.Cursor | None = getattr(self._local, "cursor", None)
        try:
            if cursor is None:
                # Autocommit: each read sees the latest commit, and holds no lock after.
                cursor = sqlite3.connect(self._path, timeout=_PEEK_TIMEOUT,
                                         isolation_level=None, check_same_thread=False).cursor()
                self._local.cursor = cursor
            row = cursor.execute(_READ_SQL).fetchone()
        except sqlite3.Error:
            logger.debug("peeking at the registry generation failed", exc_info=True)
            return None
        return int(row[0]) if row is not None else 0

    def subscribe(self, subscriber: Subscriber) -> None:
        """Tell ``subscriber`` (held weakly) of each change this process commits."""
        with self._lock:
            self._subscribers.add(subscriber)

    def _changed(self, generation: int) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            subscriber.registry_changed(generation)

    def _watch(self, db: Database) -> None:
        changed = weakref.WeakMethod(self._changed)

        @event.listens_for(db.engine, "commit")
        def _committed(conn: Connection) -> None:
            generation = conn.info.pop(GENERATION_SET, None)
            notify = changed()
            if generation is not None and notify is not None:
                notify(generation)

        @event.listens_for(db.engine, "rollback")
        def _rolled_back(conn: Connection) -> None:
            conn.info.pop(GENERATION_SET, None)


_BY_DATABASE: weakref.WeakKeyDictionary[Database, Generations] = weakref.WeakKeyDictionary()
_BY_DATABASE_LOCK = threading.Lock()


def generations(db: Database) -> Generations:
    """The one :class:`Generations` of ``db`` in this process."""
    found = _BY_DATABASE.get(db)
    if found is None:
        with _BY_DATABASE_LOCK:
            found = _BY_DATABASE.get(db)
            if found is None:
                found = _BY_DATABASE[db] = Generations(db)
    return found
