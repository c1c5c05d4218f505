"""The read cache: the serialized answers of the hub's GET endpoints, kept until
the registry changes.

An answer is kept under its request's path and query string, with the registry
generation (``services/generation.py``) it was read at. It is served again
only while the database's generation is still that one, so a write anywhere
(this process, another worker, another replica) is seen by the very next read;
a write of this process also drops every kept answer at once. The bodies are
the bytes the handler produced, headers included (``ETag``, ``Deprecation``,
``Cache-Control``...), and an ``If-None-Match`` that matches a kept answer's
ETag gets its 304 without any work.

What every reader sees is the same: no endpoint shown here answers a caller
differently from another once the ``read`` scope is checked, so the key holds
nothing of the caller. An endpoint that comes to depend on the caller (a team's
private interfaces, say) must put that in the key, or not be cached.

Memory is bounded: at most :data:`MAX_BYTES` of answers, the least recently
used dropped first; an answer over :data:`MAX_ENTRY_BYTES` is not kept.

Two ways in:

- :func:`accord.api.routes` handlers call :meth:`ReadCache.get` and
  :meth:`ReadCache.put` inside their read (one worker thread, the generation
  read in the same transaction as the rows);
- :class:`CachedReads`, the innermost middleware, answers a GET it holds before
  routing, when the generation can be read without a thread (SQLite) and the
  caller's token was checked a moment ago (``services/token_cache.py``);
  anything else goes down to the handler, which decides everything again.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from accord.runtime.etag import etag_for, if_none_match
from accord.services.generation import Generations, generations
from accord.services.token_cache import remembered
from accord.services.tokens import Principal
from accord.store import Database

#: Bytes of answers kept per app.
MAX_BYTES = 64 * 1024 * 1024
#: Larger answers are not kept (one large document would push out many pages).
MAX_ENTRY_BYTES = 4 * 1024 * 1024
# Per kept answer, beyond its body and headers: the key, the entry, the dict slot.
_OVERHEAD = 256

Key = tuple[str, bytes]


def key_of(scope: Scope) -> Key:
    """What a GET's answer depends on besides the registry: its path and query."""
    return scope["path"], scope.get("query_string", b"")


def json_answer(model: BaseModel, *, etag: str | None = None,
                headers: Mapping[str, str] | None = None) -> Response:
    """``model`` as FastAPI would send it for a ``response_model`` (JSON by alias),
    with ``etag`` or else a strong ETag of the body's hash."""
    body = model.__pydantic_serializer__.to_json(model, by_alias=True)
    tag = etag or etag_for(hashlib.blake2b(body, digest_size=16).hexdigest())
    return Response(body, media_type="application/json", headers={"ETag": tag, **(headers or {})})


class CachedResponse(Response):
    """A kept answer as a response: its bytes and raw headers, sent as they are."""

    def __init__(self, entry: Entry) -> None:
        self.status_code = 200
        self.body = entry.body
        self.background = None
        self.raw_headers = list(entry.headers)


@dataclass(frozen=True, slots=True)
class Entry:
    """One kept answer (always a 200)."""

    generation: int
    body: bytes
    headers: tuple[tuple[bytes, bytes], ...]
    etag: str | None
    #: The route that answered: the access log and the metrics name it on a hit.
    route: Any
    size: int

    def response(self, request_headers: Headers) -> Response:
        """This answer, or its 304 when ``If-None-Match`` names its ETag."""
        if self.etag is not None:
            not_modified = if_none_match(request_headers, self.etag)
            if not_modified is not None:
                return not_modified
        return CachedResponse(self)


class ReadCache:
    """Kept answers of one app, keyed by :func:`key_of`, valid for one generation."""

    def __init__(self, db: Database, *, max_bytes: int = MAX_BYTES,
                 max_entry_bytes: int = MAX_ENTRY_BYTES) -> None:
        self.db = db
        self.max_bytes = max_bytes
        self.max_entry_bytes = min(max_entry_bytes, max_bytes)
        self.generations: Generations = generations(db)
        self.generations.subscribe(self)
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Key, Entry] = OrderedDict()
        self._bytes = 0
        self._generation: int | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        """What the kept answers take, as counted against :attr:`max_bytes`."""
        return self._bytes

    def get(self, key: Key, generation: int) -> Entry | None:
        """The answer kept for ``key`` at ``generation``, if any."""
        with self._lock:
            if generation != self._generation:
                self._reset(generation)
                self.misses += 1
                return None
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: Key, generation: int, response: Response, *, etag: str | None = None,
            route: Any = None) -> Entry:
        """Keep ``response`` (a 200 with its body) as the answer for ``key``, read at
        ``generation``; the entry it became (kept or not: too large)."""
        body = bytes(response.body)
        headers = tuple(response.raw_headers)
        size = len(body) + sum(len(k) + len(v) for k, v in headers) + len(key[0]) + len(
            key[1]) + _OVERHEAD
        entry = Entry(generation, body, headers, etag, route, size)
        if size > self.max_entry_bytes:
            return entry
        with self._lock:
            if generation != self._generation:
                self._reset(generation)
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size
        return entry

    def clear(self) -> None:
        with self._lock:
            self._reset(None)

    def registry_changed(self, generation: int) -> None:
        """A write of this process committed: nothing kept is current any more."""
        self.clear()

    def _reset(self, generation: int | None) -> None:
        self._entries.clear()
        self._bytes = 0
        self._generation = generation

    # --- the middleware's way in ---------------------------------------------------

    def hit(self, scope: Scope) -> tuple[Entry, Principal] | None:
        """The kept answer for a GET and its caller, when both are known without I/O
        beyond a peek at the generation; else None (the handler decides)."""
        if key_of(scope) not in self._entries:  # a dict lookup needs no lock
            return None
        principal = _remembered_reader(self.db, scope)
        if principal is None:
            return None
        generation = self.generations.peek()
        if generation is None:
            return None
        entry = self.get(key_of(scope), generation)
        return (entry, principal) if entry is not None else None


def _remembered_reader(db: Database, scope: Scope) -> Principal | None:
    """The caller, if its bearer token was checked a moment ago and may read."""
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, credential = value.decode("latin-1").partition(" ")
            token = credential.strip()
            if scheme.lower() != "bearer" or not token:
                return None
            found = remembered(db, token)
            return found if isinstance(found, Principal) and found.allows("read") else None
    return None


class CachedReads:
    """Pure ASGI middleware: a GET whose answer is kept, from a caller known a
    moment ago, is answered here, before routing; everything else goes on.

    Place it innermost (inside the rate limits, the access log and the request
    id, which see and mark every answer alike).
    """

    def __init__(self, app: ASGIApp, *, cache: ReadCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = (self.cache.hit(scope) if scope["type"] == "http" and scope["method"] == "GET"
                 else None)
        if found is None:
            await self.app(scope, receive, send)
            return
        entry, principal = found
        scope["route"] = entry.route
        scope.setdefault("state", {})["principal"] = principal
        # Only If-None-Match matters to a kept answer: parse no other header.
        conditions = Headers(raw=[(name, value) for name, value in scope["headers"]
                                  if name == b"if-none-match"])
        await entry.response(conditions)(scope, receive, send)
