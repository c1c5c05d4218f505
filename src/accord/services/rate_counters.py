"""Rate-limit counters in the database: fixed windows shared by every replica.

One request is one statement::

    INSERT INTO rate_limit_counters (key, window_start, count, expires_at)
    VALUES (:key, :window_start, 1, :expires_at)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
    RETURNING count

which PostgreSQL and SQLite (3.35 and later) both run atomically, so replicas
counting the same caller never lose a request. Windows are aligned to the
epoch (a 60 s window starts on the minute). Rows of past windows are deleted
now and then by :meth:`RateCounters.hit`.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, text

from accord.services.housekeeping import PeriodicPurge, upsert_insert
from accord.store import Database, RateLimitCounter

logger = logging.getLogger("accord.services.rate_counters")

#: How often (at most) one process deletes counters of past windows.
PURGE_INTERVAL = 60.0


@dataclass(frozen=True, slots=True)
class Hit:
    """A caller's count in the current window after one more request."""

    count: int
    #: Seconds until the window ends (at least 1).
    reset: int


class RateCounters:
    """Fixed-window counters in the ``rate_limit_counters`` table of ``db``."""

    def __init__(self, db: Database, *, clock: Callable[[], float] = time.time,
                 purge_interval: float = PURGE_INTERVAL) -> None:
        self.db = db
        self._clock = clock
        self.purge_interval = purge_interval
        self._purger = PeriodicPurge(self.purge, purge_interval, "rate-limit counters")

    def hit(self, key: str, window: int) -> Hit:
        """Count one request of ``key`` in the current ``window``-second window."""
        self._purger.maybe()
        now = self._clock()
        start = int(now // window) * window
        expires = datetime.fromtimestamp(start + window, UTC)
        table = RateLimitCounter.__table__
        statement = (
            upsert_insert(self.db, RateLimitCounter)
            .values(key=key, window_start=start, count=1, expires_at=expires)
            .on_conflict_do_update(index_elements=["key", "window_start"],
                                   set_={"count": table.c.count + 1})
            .returning(table.c.count))
        with self.db.write() as session:
            if self.db.dialect == "postgresql":
                # A counter lost to a crash costs nothing: skip the wait for the WAL flush.
                session.execute(text("SET LOCAL synchronous_commit TO OFF"))
            count = int(session.execute(statement).scalar_one())
        return Hit(count, max(1, math.ceil(start + window - now)))

    def purge(self) -> int:
        """Delete the counters of windows that have ended; returns how many."""
        now = datetime.fromtimestamp(self._clock(), UTC)
        with self.db.write() as session:
            result: Any = session.execute(
                delete(RateLimitCounter).where(RateLimitCounter.expires_at <= now))
            return int(result.rowcount)


