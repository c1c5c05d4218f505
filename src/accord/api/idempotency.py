"""The conventions kit's ``IdempotencyStore`` on the hub's database.

:class:`SqlIdempotencyStore` adapts :class:`accord.services.idempotency.IdempotencyRecords`
(synchronous, run on a worker thread so the event loop never waits on the
database) to the kit's asynchronous protocol. The lease a request was given by
``begin`` is remembered in the request's own context and handed back to
``complete``/``abandon``, which therefore settle only the record that request
still holds.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime
from functools import partial

import anyio

from accord.runtime.idempotency import (
    BeginResult,
    InFlight,
    Mismatch,
    Replay,
    Started,
    StoredResponse,
)
from accord.services.idempotency import IdempotencyRecords, StoredReply

# (scope, key) -> lease end, for the keys the current request holds.
_leases: ContextVar[dict[tuple[str, str], datetime] | None] = ContextVar(
    "accord_idempotency_leases", default=None)


class SqlIdempotencyStore:
    """An ``IdempotencyStore`` (``accord.runtime.idempotency``) in the database."""

    def __init__(self, records: IdempotencyRecords) -> None:
        self.records = records

    async def begin(self, scope_key: str, key: str, fingerprint: str) -> BeginResult:
        claim = await anyio.to_thread.run_sync(self.records.begin, scope_key, key, fingerprint)
        if claim.outcome == "started":
            held = _leases.get()
            if held is None:
                held = {}
                _leases.set(held)
            assert claim.lease is not None
            held[(scope_key, key)] = claim.lease
            return Started()
        if claim.outcome == "replay":
            assert claim.reply is not None
            reply = claim.reply
            return Replay(StoredResponse(reply.status, reply.headers, reply.body))
        return InFlight() if claim.outcome == "in_flight" else Mismatch()

    async def complete(self, scope_key: str, key: str, response: StoredResponse) -> None:
        reply = StoredReply(response.status, response.headers, response.body)
        await anyio.to_thread.run_sync(partial(self.records.complete, scope_key, key, reply,
                                               lease=_take_lease(scope_key, key)))

    async def abandon(self, scope_key: str, key: str) -> None:
        await anyio.to_thread.run_sync(partial(self.records.abandon, scope_key, key,
                                               lease=_take_lease(scope_key, key)))


def _take_lease(scope_key: str, key: str) -> datetime | None:
    held = _leases.get()
    return held.pop((scope_key, key), None) if held else None
