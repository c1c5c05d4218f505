"""Recently authenticated tokens, remembered for a few seconds.

Every API request presents a token, and checking one costs a hash and a query
or two. A successful check is remembered per :class:`Database`, keyed by the
token's SHA-256, for at most :data:`TTL_SECONDS` and never past the token's own
expiry. Failures are not remembered: a token created a moment ago works at once.

Revocation: a transaction of this process that updates, deletes or truncates
rows of the tokens table (through the same ``Database``) forgets every
remembered token when it commits, so the change counts at once here. A change
made elsewhere (another process, another replica) counts within
:data:`TTL_SECONDS`.
"""

from __future__ import annotations

import hashlib
import threading
import time
import weakref
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, event

from accord.store import Database, Token

#: The longest a revoked token keeps working in a process that used it recently.
TTL_SECONDS = 5.0
#: Tokens remembered per database (the least recently used are forgotten first).
MAX_ENTRIES = 4096

T = TypeVar("T")


class RecentTokens(Generic[T]):
    """``digest -> (value, deadline)`` on the monotonic clock."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[T, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest: str) -> T | None:
        with self._lock:
            found = self._entries.get(digest)
            if found is None:
                return None
            if time.monotonic() >= found[1]:
                del self._entries[digest]
                return None
            self._entries.move_to_end(digest)
            return found[0]

    def put(self, digest: str, value: T, expires_at: datetime | None) -> None:
        """Remember ``value`` for :data:`TTL_SECONDS`, or until ``expires_at`` if sooner."""
        seconds = TTL_SECONDS
        if expires_at is not None:
            seconds = min(seconds, (expires_at - datetime.now(UTC)).total_seconds())
        if seconds <= 0:
            return
        with self._lock:
            self._entries[digest] = (value, time.monotonic() + seconds)
            self._entries.move_to_end(digest)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def forget(self, digest: str | None = None) -> None:
        """Drop one token (by its digest), or every token."""
        with self._lock:
            if digest is None:
                self._entries.clear()
            else:
                self._entries.pop(digest, None)


_TOKENS_CHANGED = "accord.tokens_changed"
#: Statements that can take a token away (an INSERT only adds one).
_CHANGES = ("UPDATE", "DELETE", "TRUNCATE")


def _watch(db: Database, cache: RecentTokens[object]) -> None:
    """Forget ``cache`` whenever a transaction on ``db`` that changed tokens commits."""

    @event.listens_for(db.engine, "after_cursor_execute")
    def _changed(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        head = statement.lstrip()[:8].upper()
        if head.startswith(_CHANGES) and Token.__tablename__ in statement:
            conn.info[_TOKENS_CHANGED] = True
            if not conn.in_transaction():  # autocommit: already visible
                cache.forget()

    @event.listens_for(db.engine, "commit")
    def _committed(conn: Connection) -> None:
        if conn.info.pop(_TOKENS_CHANGED, False):
            cache.forget()

    @event.listens_for(db.engine, "rollback")
    def _rolled_back(conn: Connection) -> None:
        conn.info.pop(_TOKENS_CHANGED, None)


_BY_DATABASE: weakref.WeakKeyDictionary[Database, RecentTokens[object]] = (
    weakref.WeakKeyDictionary())
_BY_DATABASE_LOCK = threading.Lock()


def remembered(db: Database, secret: str) -> object | None:
    """What :func:`accord.services.tokens.authenticate` remembers of ``secret`` (no I/O)."""
    cache = _BY_DATABASE.get(db)
    if cache is None:
        return None
    return cache.get(hashlib.sha256(secret.encode()).hexdigest())


def recent_tokens(db: Database) -> RecentTokens[object]:
    """The remembered tokens of ``db`` (one set per :class:`Database` object)."""
    found = _BY_DATABASE.get(db)
    if found is None:
        with _BY_DATABASE_LOCK:
            found = _BY_DATABASE.get(db)
            if found is None:
                found = _BY_DATABASE[db] = RecentTokens()
                _watch(db, found)
    return found
