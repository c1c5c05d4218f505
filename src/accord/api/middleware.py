"""The conventions' middleware around the hub, in the one order that works.

Outermost first:

1. ``RequestIdMiddleware``: every response, even a 429, a replay or a 500,
   carries ``X-Request-ID``, and everything inside logs with it;
2. ``ObserveMiddleware``: the access log and the metrics see every request,
   including those answered by the layers below (a 429, a replayed response);
   it also turns an unexpected exception into a logged 500;
3. ``RateLimitMiddleware``: counts every request of a credential, replays
   included, before any work (``/health`` and ``/metrics`` are exempt);
4. ``IdempotencyMiddleware``: inside the rate limiter, so a request it refused
   never touches an idempotency record. ``/oauth/`` is left out: its
   responses are access tokens, which are never stored;
5. ``CachedReads``: innermost, answers a GET whose answer the read cache
   holds (``api/cache.py``) before routing, so every layer above sees it as
   any other answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from accord.api.cache import CachedReads, ReadCache
from accord.api.idempotency import SqlIdempotencyStore
from accord.api.logs import log_exchange
from accord.api.metrics import HubMetrics
from accord.api.observe import ObserveMiddleware
from accord.api.ratelimit import rate_limits_for
from accord.runtime.idempotency import IdempotencyMiddleware, IdempotencyStore
from accord.runtime.ratelimit import RateLimitMiddleware
from accord.runtime.request_id import RequestIdMiddleware
from accord.services.idempotency import IdempotencyRecords
from accord.store import Database

if TYPE_CHECKING:
    from accord.api.app import HubConfig

#: Paths whose POSTs never go through Idempotency-Key handling.
#: (Their answers carry secrets, which are never stored.)
NOT_IDEMPOTENT = ("/oauth/", "/v1/tokens")


class _IdempotencyExcept:
    """``IdempotencyMiddleware`` for every path but those under ``skip``."""

    def __init__(self, app: ASGIApp, *, store: IdempotencyStore,
                 skip: tuple[str, ...] = NOT_IDEMPOTENT) -> None:
        self.app = app
        self.idempotent = IdempotencyMiddleware(app, store=store)
        self.skip = skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in self.idempotent.methods or (
                scope["path"].startswith(self.skip)):
            await self.app(scope, receive, send)
        else:
            await self.idempotent(scope, receive, send)


def install(app: FastAPI, config: HubConfig, database: Database) -> None:
    """Add the middleware (``app.add_middleware`` wraps: the last added is outermost)
    and leave ``metrics``, ``rate_limits``, ``read_cache`` and ``oauth_token_ttl`` on
    ``app.state``."""
    cache = ReadCache(database)
    app.add_middleware(CachedReads, cache=cache)
    records = IdempotencyRecords(database, ttl=config.idempotency_ttl,
                                 lease=config.idempotency_lease)
    app.add_middleware(_IdempotencyExcept, store=SqlIdempotencyStore(records))
    limits = rate_limits_for(config.rate_limit, config.rate_limit_storage, database)
    if limits is not None:
        app.add_middleware(RateLimitMiddleware, limits=limits)
    metrics = HubMetrics(database)
    metrics.watch(cache)
    app.add_middleware(ObserveMiddleware, observers=[log_exchange, metrics.observe])
    app.add_middleware(RequestIdMiddleware)
    app.state.metrics = metrics
    app.state.read_cache = cache
    app.state.rate_limits = limits
    app.state.oauth_token_ttl = config.oauth_token_ttl


async def aclose(app: FastAPI) -> None:
    """Release what :func:`install` opened (a Redis pool of the rate limits)."""
    limits = getattr(app.state, "rate_limits", None)
    if limits is not None:
        await limits.aclose()
