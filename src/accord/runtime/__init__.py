"""The conventions kit: what a service imports to follow accord's API conventions.

Each module is one convention and can be used alone: problem details
(``problems``), request ids and trace context (``request_id``), ETags
(``etag``), cursor pagination (``pagination``), rate limits (``ratelimit``),
idempotency keys (``idempotency``) and deprecation headers (``deprecation``).
``docs/runtime.md`` shows a service adopting all of them. Depends on
``accord.core`` only, so a service can use it without the hub.
"""

from __future__ import annotations

from accord.runtime.callers import CallerKey, caller_key
from accord.runtime.deprecation import Deprecation, DeprecationMiddleware, deprecated
from accord.runtime.etag import (
    EntityTag,
    check_if_match,
    etag_for,
    if_none_match,
    parse_entity_tags,
)
from accord.runtime.idempotency import (
    BeginResult,
    IdempotencyMiddleware,
    IdempotencyStore,
    InFlight,
    InMemoryIdempotencyStore,
    Mismatch,
    Replay,
    Started,
    StoredResponse,
)
from accord.runtime.pagination import (
    Page,
    PageInfo,
    PageParams,
    decode_cursor,
    encode_cursor,
    page,
    page_params,
)
from accord.runtime.problems import (
    PROBLEM_CONTENT_TYPE,
    STANDARD_PROBLEMS,
    FieldError,
    Problem,
    ProblemType,
    install_problem_handlers,
    problem_response,
)
from accord.runtime.ratelimit import (
    RateLimitMiddleware,
    RateLimitPolicy,
    RateLimits,
    RateLimitState,
)
from accord.runtime.request_id import (
    RequestIdLogFilter,
    RequestIdMiddleware,
    TraceParent,
    current_request_id,
    current_trace_id,
    current_traceparent,
    outgoing_headers,
)

__all__ = [
    "PROBLEM_CONTENT_TYPE",
    "STANDARD_PROBLEMS",
    "BeginResult",
    "CallerKey",
    "Deprecation",
    "DeprecationMiddleware",
    "EntityTag",
    "FieldError",
    "IdempotencyMiddleware",
    "IdempotencyStore",
    "InFlight",
    "InMemoryIdempotencyStore",
    "Mismatch",
    "Page",
    "PageInfo",
    "PageParams",
    "Problem",
    "ProblemType",
    "RateLimitMiddleware",
    "RateLimitPolicy",
    "RateLimitState",
    "RateLimits",
    "Replay",
    "RequestIdLogFilter",
    "RequestIdMiddleware",
    "Started",
    "StoredResponse",
    "TraceParent",
    "caller_key",
    "check_if_match",
    "current_request_id",
    "current_trace_id",
    "current_traceparent",
    "decode_cursor",
    "deprecated",
    "encode_cursor",
    "etag_for",
    "if_none_match",
    "install_problem_handlers",
    "outgoing_headers",
    "page",
    "page_params",
    "parse_entity_tags",
    "problem_response",
]
