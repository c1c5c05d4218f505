"""Request ids and W3C Trace Context for every request.

Every response carries ``X-Request-ID``: the caller's own id when it sent a
usable one (1 to 200 visible ASCII characters), else a fresh one. The id is what
a user quotes in a bug report and what every log line of the request carries,
so it is set before anything else runs and kept on errors and 500s too.

``traceparent`` (W3C Trace Context, level 1) is parsed strictly: a malformed
header, an all-zero trace id or parent id, or version ``ff`` starts a new
trace, as the specification requires. The request then gets a span of its own
(a new span id in the incoming trace). The response carries a ``traceparent``
naming that span, so a caller can find the server's part of the trace; Trace
Context defines no response header, so this is our convention. Outbound calls
made while handling the request should send :func:`outgoing_headers`, which
names the same span as their parent.
"""

from __future__ import annotations

import logging
import re
import secrets
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
MAX_REQUEST_ID_LENGTH = 200

# The middleware also leaves both values in the ASGI scope: an error handler that
# runs outside it (Starlette's ServerErrorMiddleware) still finds them there.
SCOPE_REQUEST_ID = "accord.request_id"
SCOPE_TRACEPARENT = "accord.traceparent"

_request_id: ContextVar[str | None] = ContextVar("accord_request_id", default=None)
_traceparent: ContextVar[TraceParent | None] = ContextVar("accord_traceparent", default=None)
_tracestate: ContextVar[str | None] = ContextVar("accord_tracestate", default=None)

_VISIBLE_ASCII = re.compile(r"[\x21-\x7e]+")
_TRACEPARENT = re.compile(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")
# The specification asks vendors to propagate at least 512 characters of tracestate.
_MAX_TRACESTATE = 512


def new_request_id() -> str:
    """A fresh request id: 32 hex digits of a random UUID."""
    return uuid.uuid4().hex


def is_valid_request_id(value: str) -> bool:
    """True for 1 to 200 visible ASCII characters: safe to echo and to log."""
    return len(value) <= MAX_REQUEST_ID_LENGTH and _VISIBLE_ASCII.fullmatch(value) is not None


@dataclass(frozen=True, slots=True)
class TraceParent:
    """One W3C ``traceparent``: the trace, the span that is the parent, the flags."""

    trace_id: str
    span_id: str
    flags: int = 0

    @classmethod
    def parse(cls, value: str) -> TraceParent | None:
        """The header's value, or None when the specification calls it invalid.

        A version above ``00`` may append fields after the first four; they are
        ignored, as the specification asks of a version-00 parser.
        """
        value = value.strip(" \t")
        version = value[:2]
        if version == "00" and len(value) != 55:
            return None
        if version != "00" and (len(value) < 55 or (len(value) > 55 and value[55] != "-")):
            return None
        match = _TRACEPARENT.fullmatch(value[:55])
        if match is None or match[1] == "ff":
            return None
        _, trace_id, span_id, flags = match.groups()
        if trace_id == "0" * 32 or span_id == "0" * 16:
            return None
        return cls(trace_id, span_id, int(flags, 16))

    @classmethod
    def new(cls) -> TraceParent:
        """The root span of a new trace (not sampled: we record no spans ourselves)."""
        return cls(secrets.token_hex(16), secrets.token_hex(8), 0)

    def child(self) -> TraceParent:
        """A new span in the same trace, with the same flags."""
        return TraceParent(self.trace_id, secrets.token_hex(8), self.flags)

    @property
    def sampled(self) -> bool:
        return bool(self.flags & 0x01)

    def __str__(self) -> str:
        # We speak version 00 whatever version we received, as the specification asks.
        return f"00-{self.trace_id}-{self.span_id}-{self.flags:02x}"


def current_request_id() -> str | None:
    """The id of the request being handled, or None outside a request."""
    return _request_id.get()


def current_traceparent() -> TraceParent | None:
    """This request's own span (trace id kept from the caller, new span id)."""
    return _traceparent.get()


def current_trace_id() -> str | None:
    """The W3C trace id of the request being handled, or None outside a request."""
    span = _traceparent.get()
    return span.trace_id if span else None


def request_id_of(scope: Scope) -> str | None:
    """The request id from the context, or from the scope once the context is gone."""
    return _request_id.get() or scope.get(SCOPE_REQUEST_ID)


def response_headers_of(scope: Scope) -> dict[str, str]:
    """The id headers the middleware puts on a response, for a response sent outside it."""
    headers: dict[str, str] = {}
    request_id = request_id_of(scope)
    span = _traceparent.get() or scope.get(SCOPE_TRACEPARENT)
    if request_id:
        headers[REQUEST_ID_HEADER] = request_id
    if span:
        headers["traceparent"] = str(span)
    return headers


def outgoing_headers() -> dict[str, str]:
    """Headers that carry this request's id and trace to a downstream call."""
    headers: dict[str, str] = {}
    request_id, span, state = _request_id.get(), _traceparent.get(), _tracestate.get()
    if request_id:
        headers[REQUEST_ID_HEADER] = request_id
    if span:
        headers["traceparent"] = str(span)
        if state:
            headers["tracestate"] = state
    return headers


def _trim_tracestate(fields: list[str]) -> str | None:
    """The incoming tracestate, whole list members only, at most 512 characters."""
    kept: list[str] = []
    length = -1
    for member in (m.strip(" \t") for field in fields for m in field.split(",")):
        if not member:
            continue
        length += len(member) + 1
        if length > _MAX_TRACESTATE:
            break
        kept.append(member)
    return ",".join(kept) or None


class RequestIdLogFilter(logging.Filter):
    """Adds ``request_id`` and ``trace_id`` to every log record (None outside a request).

    Attach it to a handler and use ``%(request_id)s`` in the format.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        # A value passed with extra= wins: it was current when the record was made.
        record.request_id = getattr(record, "request_id", None) or current_request_id()
        record.trace_id = getattr(record, "trace_id", None) or current_trace_id()
        return True


class RequestIdMiddleware:
    """Pure ASGI middleware: request id and trace context for each HTTP request.

    Add it last with ``app.add_middleware`` so it wraps the other middleware and
    its context covers them.
    """

    def __init__(self, app: ASGIApp, *, generate: Callable[[], str] = new_request_id) -> None:
        self.app = app
        self.generate = generate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        incoming = headers.get(REQUEST_ID_HEADER)
        request_id = incoming if incoming and is_valid_request_id(incoming) else self.generate()
        parents = headers.getlist("traceparent")
        # Two traceparent fields are invalid: start a new trace, and drop tracestate with it.
        parent = TraceParent.parse(parents[0]) if len(parents) == 1 else None
        span = parent.child() if parent else TraceParent.new()
        state = _trim_tracestate(headers.getlist("tracestate")) if parent else None

        scope[SCOPE_REQUEST_ID] = request_id
        scope[SCOPE_TRACEPARENT] = span
        tokens = (
            _request_id.set(request_id),
            _traceparent.set(span),
            _tracestate.set(state),
        )

        async def send_with_ids(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                response_headers[REQUEST_ID_HEADER] = request_id
                response_headers["traceparent"] = str(span)
            await send(message)

        try:
            await self.app(scope, receive, send_with_ids)
        finally:
            _tracestate.reset(tokens[2])
            _traceparent.reset(tokens[1])
            _request_id.reset(tokens[0])
