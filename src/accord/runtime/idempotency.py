"""``Idempotency-Key`` for retried mutations (IETF httpapi draft -07, Stripe's practice).

A client that may retry a POST sends a key it made up (a UUID, say). The first
request with that key runs; its response is stored with a hash of the request,
and a retry with the same key and the same request gets the stored response
again, marked ``Idempotent-Replayed: true``, instead of running twice:

- the same key with a different request: 422 ``IDEMPOTENCY_KEY_REUSED``;
- the same key while the first request still runs: 409
  ``IDEMPOTENCY_KEY_IN_FLIGHT`` (``retryable``; try again in a moment);
- a key longer than 255 characters or not printable ASCII: 400
  ``INVALID_IDEMPOTENCY_KEY``; no key where one is required: 400
  ``IDEMPOTENCY_KEY_REQUIRED``.

Keys are scoped to the caller, so two callers never see each other's
responses. A response is *not* stored, and a retry runs again, when it is a 5xx,
when it is a problem marked ``retryable`` (429, 503, ...), or when the request
never reached the handler (``VALIDATION_FAILED``, ``MALFORMED_REQUEST``).

Records live in an :class:`IdempotencyStore`; :class:`InMemoryIdempotencyStore`
serves one process, a shared store (SQL, Redis) serves replicas.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

import anyio
from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.runtime.callers import caller_key
from accord.runtime.problems import (
    IDEMPOTENCY_KEY_IN_FLIGHT,
    IDEMPOTENCY_KEY_REQUIRED,
    IDEMPOTENCY_KEY_REUSED,
    INVALID_IDEMPOTENCY_KEY,
    MALFORMED_REQUEST,
    PROBLEM_CONTENT_TYPE,
    VALIDATION_FAILED,
    Problem,
    problem_response,
)

IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
DEFAULT_TTL = timedelta(hours=24)

# Headers that describe one exchange, not the result: never stored, never replayed.
_PER_REQUEST_HEADERS = frozenset(
    {
        "x-request-id",
        "traceparent",
        "tracestate",
        "date",
        "server",
        "ratelimit",
        "ratelimit-policy",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
    }
)
# Problems meaning the handler never ran: the client fixes the request and reuses the key.
_NOT_RUN_CODES = frozenset({VALIDATION_FAILED.code, MALFORMED_REQUEST.code})


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """A completed response as stored: status, headers (names lower-case), body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, for stores that keep a document (body in base64)."""
        return {
            "status": self.status,
            "headers": [list(h) for h in self.headers],
            "body": base64.b64encode(self.body).decode("ascii"),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoredResponse:
        return cls(
            status=int(data["status"]),
            headers=tuple((str(k), str(v)) for k, v in data["headers"]),
            body=base64.b64decode(data["body"]),
        )


@dataclass(frozen=True, slots=True)
class Started:
    """No live record existed; one is now in flight for this request: run it."""


@dataclass(frozen=True, slots=True)
class Replay:
    """The request completed before: send its response again."""

    response: StoredResponse


@dataclass(frozen=True, slots=True)
class InFlight:
    """A request with this key and fingerprint has begun and not completed."""


@dataclass(frozen=True, slots=True)
class Mismatch:
    """The key was used (in flight or completed) for a request with another fingerprint."""


BeginResult = Started | Replay | InFlight | Mismatch


class IdempotencyStore(Protocol):
    """Where idempotency records live. All methods are async; each must be atomic.

    A record is identified by ``(scope_key, key)``: the caller and the caller's
    key. It holds the request fingerprint, its creation time and, once
    completed, the response. A record older than the store's TTL (24 h by
    default) counts as absent. A store shared by processes should also let an
    in-flight record lapse after a lease (minutes), since a process that dies
    mid-request never completes or abandons it.
    """

    async def begin(self, scope_key: str, key: str, fingerprint: str) -> BeginResult:
        """Claim the key. No live record: create an in-flight one, return
        :class:`Started`. Otherwise a record with another fingerprint gives
        :class:`Mismatch`, an in-flight one :class:`InFlight`, a completed one
        :class:`Replay`. Must be atomic: of two concurrent begins exactly one
        gets Started (a SQL store inserts and treats a unique violation as taken)."""
        ...

    async def complete(self, scope_key: str, key: str, response: StoredResponse) -> None:
        """Store the response on the in-flight record this request began."""
        ...

    async def abandon(self, scope_key: str, key: str) -> None:
        """Delete the in-flight record (the request failed; a retry runs again).
        A no-op when there is none or it is completed."""
        ...


@dataclass(slots=True)
class _Record:
    fingerprint: str
    created: float
    response: StoredResponse | None = None


class InMemoryIdempotencyStore:
    """An :class:`IdempotencyStore` in process memory, for one process and for tests.

    Safe from any thread and event loop: no method awaits while holding the lock.
    """

    def __init__(
        self, *, ttl: timedelta = DEFAULT_TTL, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl.total_seconds()
        self._clock = clock
        self._lock = threading.Lock()
        # Insertion order is creation order, so expired records are at the front.
        self._records: OrderedDict[tuple[str, str], _Record] = OrderedDict()

    def __len__(self) -> int:
        return len(self._records)

    def _expire(self, now: float) -> None:
        while self._records:
            first = next(iter(self._records.values()))
            if first.created + self.ttl > now:
                break
            self._records.popitem(last=False)

    async def begin(self, scope_key: str, key: str, fingerprint: str) -> BeginResult:
        with self._lock:
            now = self._clock()
            self._expire(now)
            record = self._records.get((scope_key, key))
            if record is None:
                self._records[(scope_key, key)] = _Record(fingerprint, now)
                return Started()
            if record.fingerprint != fingerprint:
                return Mismatch()
            if record.response is None:
                return InFlight()
            return Replay(record.response)

    async def complete(self, scope_key: str, key: str, response: StoredResponse) -> None:
        with self._lock:
            record = self._records.get((scope_key, key))
            if record is not None and record.response is None:
                record.response = response

    async def abandon(self, scope_key: str, key: str) -> None:
        with self._lock:
            record = self._records.get((scope_key, key))
            if record is not None and record.response is None:
                del self._records[(scope_key, key)]


def parse_idempotency_key(value: str) -> str | None:
    """The key in a header value, or None if it is unusable.

    The draft makes the value a structured-field string (``"abc"``); bare
    tokens, as Stripe accepts them, are taken as they are (without ``"`` or
    ``\\``). The key is 1 to 255 printable ASCII characters.
    """
    value = value.strip(" \t")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        inner, chars, escaped = value[1:-1], [], False
        for char in inner:
            if escaped:
                if char not in '"\\':
                    return None
                chars.append(char)
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                return None
            else:
                chars.append(char)
        if escaped:
            return None
        value = "".join(chars)
    elif '"' in value or "\\" in value:
        return None  # a bare key with quoting characters is ambiguous
    if not 1 <= len(value) <= MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in value):
        return None
    return value


def request_fingerprint(method: str, path: str, query: bytes, body: bytes) -> str:
    """What makes two requests the same one: method, path, query string and body."""
    digest = hashlib.sha256()
    for part in (method.upper().encode("ascii"), path.encode("utf-8"), query, body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _worth_storing(status: int, headers: Headers, body: bytes) -> bool:
    if status >= 500:
        return False
    if not headers.get("content-type", "").startswith(PROBLEM_CONTENT_TYPE):
        return True
    try:
        problem = json.loads(body)
    except ValueError:
        return True
    if not isinstance(problem, dict):
        return True
    return problem.get("retryable") is not True and problem.get("code") not in _NOT_RUN_CODES


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None if the client went away first."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


class IdempotencyMiddleware:
    """Pure ASGI middleware applying ``Idempotency-Key`` to ``methods`` (POST by default).

    ``required``: True for every such request, or path templates
    (``"/v1/interfaces/{id}/publish"``) of the routes that require a key.
    ``scope_key`` names the caller (see :mod:`accord.runtime.callers`). The body
    is read whole to fingerprint it; bound its size with the app's body limit.
    Place it inside the rate limiter, so that rejected requests reach no store.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        store: IdempotencyStore | None = None,
        methods: Collection[str] = ("POST",),
        required: bool | Iterable[str] = False,
        scope_key: Callable[[HTTPConnection], str] = caller_key,
    ) -> None:
        self.app = app
        self.store: IdempotencyStore = store if store is not None else InMemoryIdempotencyStore()
        self.methods = frozenset(m.upper() for m in methods)
        self.scope_key = scope_key
        self._required_everywhere = required is True
        self._required_paths: tuple[re.Pattern[str], ...] = (
            () if isinstance(required, bool) else tuple(compile_path(p)[0] for p in required)
        )

    def _required(self, path: str) -> bool:
        return self._required_everywhere or any(p.match(path) for p in self._required_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in self.methods:
            await self.app(scope, receive, send)
            return
        value = Headers(scope=scope).get(IDEMPOTENCY_KEY_HEADER)
        if value is None:
            if self._required(scope["path"]):
                await self._refuse(
                    IDEMPOTENCY_KEY_REQUIRED(
                        f"This request must carry an {IDEMPOTENCY_KEY_HEADER} header "
                        "(a unique value, such as a UUID, reused only for retries)."
                    ),
                    scope,
                    receive,
                    send,
                )
            else:
                await self.app(scope, receive, send)
            return
        key = parse_idempotency_key(value)
        if key is None:
            problem = INVALID_IDEMPOTENCY_KEY(
                f"{IDEMPOTENCY_KEY_HEADER} must be 1 to {MAX_KEY_LENGTH} printable "
                "ASCII characters."
            )
            await self._refuse(problem, scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            return
        fingerprint = request_fingerprint(
            scope["method"], scope["path"], scope.get("query_string", b""), body
        )
        owner = self.scope_key(HTTPConnection(scope))
        result = await self.store.begin(owner, key, fingerprint)
        if isinstance(result, Started):
            await self._run(scope, receive, send, body, owner, key)
        elif isinstance(result, Replay):
            await _replay(result.response, send)
        elif isinstance(result, InFlight):
            problem = IDEMPOTENCY_KEY_IN_FLIGHT(
                "A request with this idempotency key is still being processed; "
                "retry after it completes.",
                headers={"Retry-After": "1"},
            )
            await self._refuse(problem, scope, receive, send)
        else:
            problem = IDEMPOTENCY_KEY_REUSED(
                "This idempotency key was used for a different request; "
                "use a new key for a new request."
            )
            await self._refuse(problem, scope, receive, send)

    async def _refuse(self, problem: Problem, scope: Scope, receive: Receive, send: Send) -> None:
        await problem_response(problem, scope)(scope, receive, send)

    async def _run(
        self, scope: Scope, receive: Receive, send: Send, body: bytes, owner: str, key: str
    ) -> None:
        body_sent = False

        async def replay_body() -> Message:
            nonlocal body_sent
            if body_sent:
                return await receive()
            body_sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        status = 0
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        complete = False

        async def capture(message: Message) -> None:
            nonlocal status, headers, complete
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                complete = not message.get("more_body", False)
            await send(message)

        try:
            await self.app(scope, replay_body, capture)
        finally:
            # Shielded: a cancelled request must still settle its key. A response sent
            # in full is stored even if something failed after it (a background task).
            with anyio.CancelScope(shield=True):
                if complete:
                    await self._settle(owner, key, status, headers, b"".join(chunks))
                else:
                    await self.store.abandon(owner, key)

    async def _settle(
        self, owner: str, key: str, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> None:
        if not _worth_storing(status, Headers(raw=headers), body):
            await self.store.abandon(owner, key)
            return
        kept = tuple(
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in headers
            if name.decode("latin-1").lower() not in _PER_REQUEST_HEADERS
        )
        await self.store.complete(owner, key, StoredResponse(status, kept, body))


async def _replay(response: StoredResponse, send: Send) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
    headers.append((REPLAYED_HEADER.lower().encode("latin-1"), b"true"))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body, "more_body": False})
