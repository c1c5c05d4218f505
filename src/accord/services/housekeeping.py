"""Small shared chores of the SQL-backed stores: a periodic best-effort purge of
expired rows, and the dialect's INSERT that supports ``ON CONFLICT``."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from accord.store import Database

logger = logging.getLogger(__name__)


class PeriodicPurge:
    """Calls ``purge`` at most once per ``interval`` seconds, from whichever request
    comes by; a failure is logged and tried again after the next interval."""

    def __init__(self, purge: Callable[[], int], interval: float, what: str) -> None:
        self.purge = purge
        self.interval = interval
        self.what = what
        self._lock = threading.Lock()
        self._next = 0.0

    def maybe(self) -> None:
        now = time.monotonic()
        with self._lock:
            if now < self._next:
                return
            self._next = now + self.interval
        try:
            self.purge()
        except Exception:  # best effort: the next interval tries again
            logger.warning("purging %s failed", self.what, exc_info=True)


def upsert_insert(db: Database, model: Any) -> Any:
    """``INSERT`` for ``model`` in ``db``'s dialect (with ``on_conflict_do_*``)."""
    dialect = postgresql if db.dialect == "postgresql" else sqlite
    return dialect.insert(model)
