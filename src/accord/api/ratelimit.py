"""The hub's rate limits: the policy from its configuration, and where it counts.

``rate_limit`` is a quota such as ``600/minute``, ``10/second``, ``5000 per
hour`` (the ``limits`` library's notation), or ``off``. Storages:

- ``memory``: counters in this process (the default for SQLite: one process);
- ``database``: the ``rate_limit_counters`` table, shared by replicas (the
  default for PostgreSQL); :class:`DatabaseRateLimits`;
- ``redis://host:port/db`` (``rediss://``, ``redis+unix://``): a shared Redis.
"""

from __future__ import annotations

import logging

import anyio
import limits

from accord.core.errors import AccordError, ErrorCode
from accord.runtime.ratelimit import RateLimitPolicy, RateLimits, RateLimitState
from accord.services.rate_counters import RateCounters
from accord.store import Database

logger = logging.getLogger("accord.api.ratelimit")

STORAGES = ("memory", "database", "redis://...")
_OFF = frozenset({"", "off", "none", "false", "0"})
_REDIS = ("redis://", "rediss://", "redis+unix://")


class DatabaseRateLimits(RateLimits):
    """:class:`RateLimits` counted in the hub's database (fixed windows).

    The counting runs on a worker thread, one upsert per request. When the
    database fails, ``fail_open`` lets requests through (logged).
    """

    def __init__(self, counters: RateCounters, policy: RateLimitPolicy | None = None, *,
                 namespace: str = "accord", fail_open: bool = True) -> None:
        super().__init__(policy, namespace=namespace, fail_open=fail_open)
        self.storage_uri = "database"
        self.counters = counters
        self._prefix = f"{namespace}:{self.policy.name}:"

    async def consume(self, caller: str) -> RateLimitState | None:
        try:
            hit = await anyio.to_thread.run_sync(self.counters.hit, self._prefix + caller,
                                                 self.policy.window)
        except Exception:
            if not self.fail_open:
                raise
            logger.warning("rate limit storage failed; request let through", exc_info=True)
            return None
        limit = self.policy.limit
        return RateLimitState(hit.count <= limit, max(0, limit - hit.count), hit.reset)

    async def aclose(self) -> None:
        """Nothing to release: the database's pool belongs to the hub."""


def parse_rate_limit(value: str | None) -> RateLimitPolicy | None:
    """The policy of ``600/minute`` and the like; None for ``off`` (or None)."""
    if value is None or value.strip().lower() in _OFF:
        return None
    try:
        items = limits.parse_many(value)
    except ValueError:
        items = []
    if len(items) != 1:
        raise AccordError(ErrorCode.USAGE, f"invalid rate limit {value!r}",
                          hint="one quota such as 600/minute, 10/second, 5000/hour or "
                          "100 per 30 seconds; off disables rate limits")
    item = items[0]
    return RateLimitPolicy(limit=item.amount, window=item.get_expiry())


def default_storage(db: Database) -> str:
    """``memory`` for the embedded SQLite (one process), ``database`` otherwise."""
    return "memory" if db.dialect == "sqlite" else "database"


def rate_limits_for(value: str | None, storage: str | None, db: Database) -> RateLimits | None:
    """The counters of the quota ``value`` in ``storage`` (None: the default for ``db``)."""
    policy = parse_rate_limit(value)
    if policy is None:
        return None
    chosen = (storage or default_storage(db)).strip()
    if chosen == "memory":
        return RateLimits(policy, storage_uri="memory://")
    if chosen == "database":
        return DatabaseRateLimits(RateCounters(db), policy)
    if chosen.startswith(_REDIS):
        return RateLimits(policy, storage_uri=chosen)
    raise AccordError(ErrorCode.USAGE, f"unknown rate-limit storage {chosen!r}",
                      hint="memory, database, or a Redis URL such as redis://127.0.0.1:6379/0")
