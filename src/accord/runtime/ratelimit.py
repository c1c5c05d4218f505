"""Per-caller rate limits with IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers-10).

Every limited response says where the caller stands, in the draft's
structured-field syntax and in the legacy headers many clients read::

    RateLimit-Policy: "default";q=100;w=60     quota 100 per 60-second window
    RateLimit: "default";r=42;t=17             42 left, quota resets in 17 s
    X-RateLimit-Limit: 100
    X-RateLimit-Remaining: 42
    X-RateLimit-Reset: 17                      delta seconds, like t (not an epoch time)

A request over the quota gets 429 ``RATE_LIMITED`` (``retryable: true``) with
``Retry-After`` in delta seconds. Counting is done by the ``limits`` library:
``memory://`` keeps counters in the process, ``redis://host:port/db`` shares them
between replicas (through redis-py's asyncio client, so install ``redis`` too).
The limits library is asyncio-only, so the middleware is too.

:class:`RateLimits` holds the counters; :class:`RateLimitMiddleware` applies
them to requests.
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from limits import RateLimitItemPerSecond
from limits.aio.storage import Storage
from limits.aio.strategies import (
    FixedWindowRateLimiter,
    MovingWindowRateLimiter,
    RateLimiter,
    SlidingWindowCounterRateLimiter,
)
from limits.storage import storage_from_string
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.runtime.callers import caller_key
from accord.runtime.problems import RATE_LIMITED, problem_response

if TYPE_CHECKING:
    import redis.asyncio

Strategy = Literal["fixed-window", "moving-window", "sliding-window-counter"]

_STRATEGIES: dict[str, type[RateLimiter]] = {
    "fixed-window": FixedWindowRateLimiter,
    "moving-window": MovingWindowRateLimiter,
    "sliding-window-counter": SlidingWindowCounterRateLimiter,
}
_POLICY_NAME = re.compile(r"[A-Za-z0-9_.-]+")

logger = logging.getLogger("accord.runtime")


@dataclass(frozen=True, slots=True)
class RateLimitPolicy:
    """A quota: ``limit`` requests per ``window`` seconds, for each caller."""

    limit: int = 100
    window: int = 60
    #: The policy's name in the RateLimit headers.
    name: str = "default"

    def __post_init__(self) -> None:
        if self.limit < 1 or self.window < 1:
            raise ValueError("a rate limit policy needs limit >= 1 and window >= 1")
        if not _POLICY_NAME.fullmatch(self.name):
            raise ValueError(f"policy names are letters, digits, '_', '.', '-': {self.name!r}")

    def policy_header(self) -> str:
        return f'"{self.name}";q={self.limit};w={self.window}'

    def state_headers(self, remaining: int, reset: int) -> dict[str, str]:
        """The headers telling a caller with ``remaining`` requests, ``reset`` s to go."""
        return {
            "RateLimit-Policy": self.policy_header(),
            "RateLimit": f'"{self.name}";r={remaining};t={reset}',
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(reset),
        }


@dataclass(frozen=True, slots=True)
class RateLimitState:
    """Where a caller stands after one request."""

    allowed: bool
    remaining: int
    #: Seconds until the quota resets (the draft's ``t``).
    reset: int


class RateLimits:
    """The counters of one policy in one storage, shared by every request that uses it.

    ``storage_uri`` is ``memory://`` (this process) or ``redis://host:port/db``
    (also ``rediss://``, ``redis+unix://``): replicas pointing at one Redis share
    their counters. ``namespace`` separates services sharing a Redis. When the
    storage fails, ``fail_open`` lets requests through (logged) rather than
    failing every one. The owner closes it (:meth:`aclose`, e.g. in the app's
    lifespan) to release Redis connections.
    """

    def __init__(
        self,
        policy: RateLimitPolicy | None = None,
        *,
        storage_uri: str = "memory://",
        strategy: Strategy = "fixed-window",
        namespace: str = "accord",
        fail_open: bool = True,
    ) -> None:
        if strategy not in _STRATEGIES:
            raise ValueError(f"unknown strategy {strategy!r}; one of {sorted(_STRATEGIES)}")
        scheme = storage_uri.partition("://")[0]
        if scheme not in ("memory", "redis", "rediss", "redis+unix"):
            raise ValueError(f"storage_uri must be memory:// or redis://..., not {storage_uri!r}")
        self.policy = policy or RateLimitPolicy()
        self.storage_uri = storage_uri
        self.fail_open = fail_open
        self._item = RateLimitItemPerSecond(
            self.policy.limit, self.policy.window, namespace=namespace
        )
        self._strategy = _STRATEGIES[strategy]
        # Made on first use, inside the event loop its connections belong to.
        self._limiter: RateLimiter | None = None
        self._pool: redis.asyncio.ConnectionPool | None = None

    def _get_limiter(self) -> RateLimiter:
        if self._limiter is None:
            if self.storage_uri.startswith("memory://"):
                storage = storage_from_string("async+memory://")
            else:
                import redis.asyncio  # only services that count in Redis need redis-py

                # Our own pool (limits would default to coredis), so that aclose can close it.
                self._pool = redis.asyncio.ConnectionPool.from_url(
                    self.storage_uri.replace("redis+unix://", "unix://")
                )
                options: dict[str, Any] = {"implementation": "redispy"}
                options["connection_pool"] = self._pool
                storage = storage_from_string("async+redis://", **options)
            assert isinstance(storage, Storage)  # the async+ schemes make async storages
            self._limiter = self._strategy(storage)
        return self._limiter

    async def consume(self, caller: str) -> RateLimitState | None:
        """Count one request of ``caller``; None when the storage failed and fail_open."""
        limiter = self._get_limiter()
        try:
            allowed = await limiter.hit(self._item, self.policy.name, caller)
            stats = await limiter.get_window_stats(self._item, self.policy.name, caller)
        except Exception:
            if not self.fail_open:
                raise
            logger.warning("rate limit storage failed; request let through", exc_info=True)
            return None
        reset = max(0, math.ceil(stats.reset_time - time.time()))
        return RateLimitState(allowed, max(0, stats.remaining), reset)

    async def aclose(self) -> None:
        """Release the storage's connections (a no-op for memory://)."""
        if self._pool is not None:
            await self._pool.aclose()


class RateLimitMiddleware:
    """Pure ASGI middleware counting each caller's requests against ``limits``.

    ``key`` names the caller (None: do not limit this request); ``exempt_paths``
    (exact paths) are never limited. Without ``limits``, 100 requests per 60 s
    counted in memory.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        limits: RateLimits | None = None,
        key: Callable[[HTTPConnection], str | None] = caller_key,
        exempt_paths: Collection[str] = ("/health", "/metrics"),
    ) -> None:
        self.app = app
        self.limits = limits or RateLimits()
        self.key = key
        self.exempt_paths = frozenset(exempt_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt_paths:
            await self.app(scope, receive, send)
            return
        caller = self.key(HTTPConnection(scope))
        state = await self.limits.consume(caller) if caller is not None else None
        if state is None:
            await self.app(scope, receive, send)
            return
        policy = self.limits.policy
        headers = policy.state_headers(state.remaining, state.reset)
        if not state.allowed:
            retry_after = max(1, state.reset)
            problem = RATE_LIMITED(
                f"Rate limit of {policy.limit} requests per {policy.window} s exceeded; "
                f"retry after {retry_after} s.",
                headers={**headers, "Retry-After": str(retry_after)},
            )
            await problem_response(problem, scope)(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                for name, value in headers.items():
                    response_headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
