"""RFC 9457 problem details: the one error format of every API that adopts the kit.

A handler raises :class:`Problem` (usually through a catalogue entry such as
``raise NOT_FOUND("No interface IF-009.")``); :func:`install_problem_handlers`
turns it, Starlette's HTTP errors, FastAPI's request validation errors and any
unhandled exception into ``application/problem+json``. Besides the RFC's
``type``, ``title``, ``status`` and ``detail`` the body carries a stable
upper-snake ``code`` (clients branch on it, never on the wording), the
``request_id``, ``retryable`` and, for validation errors, ``fields``.

The ``type`` URI is derived from the code (``RATE_LIMITED`` ->
``<base>rate-limited``) so the catalogue needs no second list of URIs; the base
is set per application by :func:`install_problem_handlers`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fastapi.exceptions import RequestValidationError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from accord.runtime.request_id import request_id_of, response_headers_of

PROBLEM_CONTENT_TYPE = "application/problem+json"
DEFAULT_TYPE_BASE = "https://accord.dev/problems/"
# install_problem_handlers leaves the application's base here (app.state).
_TYPE_BASE_STATE = "accord_problem_type_base"

_CODE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")
_MEMBERS = frozenset(
    {"type", "title", "status", "detail", "instance", "code", "request_id", "retryable", "fields"}
)
# Statuses a client may simply retry (after Retry-After when there is one).
_RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})

logger = logging.getLogger("accord.runtime")


def type_uri_for(code: str, base: str = DEFAULT_TYPE_BASE) -> str:
    """The problem type URI of a code: ``VALIDATION_FAILED`` -> ``<base>validation-failed``."""
    return base + code.lower().replace("_", "-")


def json_pointer(*parts: str | int) -> str:
    """An RFC 6901 JSON Pointer from its reference tokens."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass(frozen=True, slots=True)
class FieldError:
    """One invalid input: where (a JSON Pointer such as ``/body/name`` or
    ``/query/limit``, the first token naming the request part) and what is wrong."""

    pointer: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"pointer": self.pointer, "message": self.message}


class Problem(Exception):
    """An error the API reports on purpose, rendered as RFC 9457 problem details.

    ``extra`` adds members to the body (never one of the standard members);
    ``headers`` go on the response (``Retry-After``, ``WWW-Authenticate``, ...).
    ``retryable`` defaults to True for 429, 502, 503 and 504.
    """

    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        detail: str | None = None,
        *,
        type_uri: str | None = None,
        retryable: bool | None = None,
        fields: Sequence[FieldError] = (),
        extra: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if not 400 <= status <= 599:
            raise ValueError(f"a problem's status is 4xx or 5xx, not {status}")
        if not _CODE.fullmatch(code):
            raise ValueError(f"a problem code is UPPER_SNAKE_CASE, not {code!r}")
        clash = _MEMBERS & set(extra or {})
        if clash:
            raise ValueError(f"extra members may not replace standard ones: {sorted(clash)}")
        super().__init__(detail or title)
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.type_uri = type_uri
        self.retryable = status in _RETRYABLE_STATUSES if retryable is None else retryable
        self.fields = tuple(fields)
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})

    def __repr__(self) -> str:
        return f"Problem({self.status}, {self.code!r}, {self.detail or self.title!r})"

    def to_dict(
        self, *, type_base: str = DEFAULT_TYPE_BASE, request_id: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type_uri or type_uri_for(self.code, type_base),
            "title": self.title,
            "status": self.status,
        }
        if self.detail:
            body["detail"] = self.detail
        body["code"] = self.code
        body["request_id"] = request_id
        body["retryable"] = self.retryable
        if self.fields:
            body["fields"] = [f.to_dict() for f in self.fields]
        body.update(self.extra)
        return body


@dataclass(frozen=True, slots=True)
class ProblemType:
    """A catalogue entry: a code with its status, title and retry advice.

    Calling it makes the :class:`Problem`: ``raise CONFLICT("Name taken.")``.
    """

    code: str
    status: int
    title: str
    retryable: bool = False

    def __call__(
        self,
        detail: str | None = None,
        *,
        fields: Sequence[FieldError] = (),
        extra: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Problem:
        return Problem(
            self.status,
            self.code,
            self.title,
            detail,
            retryable=self.retryable,
            fields=fields,
            extra=extra,
            headers=headers,
        )


# The standard catalogue. docs/runtime.md describes each (a test keeps it so).
MALFORMED_REQUEST = ProblemType("MALFORMED_REQUEST", 400, "Malformed request")
INVALID_CURSOR = ProblemType("INVALID_CURSOR", 400, "Invalid cursor")
INVALID_IDEMPOTENCY_KEY = ProblemType("INVALID_IDEMPOTENCY_KEY", 400, "Invalid idempotency key")
IDEMPOTENCY_KEY_REQUIRED = ProblemType("IDEMPOTENCY_KEY_REQUIRED", 400, "Idempotency key required")
UNAUTHENTICATED = ProblemType("UNAUTHENTICATED", 401, "Authentication required")
FORBIDDEN = ProblemType("FORBIDDEN", 403, "Forbidden")
NOT_FOUND = ProblemType("NOT_FOUND", 404, "Not found")
METHOD_NOT_ALLOWED = ProblemType("METHOD_NOT_ALLOWED", 405, "Method not allowed")
NOT_ACCEPTABLE = ProblemType("NOT_ACCEPTABLE", 406, "Not acceptable")
CONFLICT = ProblemType("CONFLICT", 409, "Conflict")
IDEMPOTENCY_KEY_IN_FLIGHT = ProblemType(
    "IDEMPOTENCY_KEY_IN_FLIGHT", 409, "Request with this idempotency key in progress", True
)
GONE = ProblemType("GONE", 410, "Gone")
PRECONDITION_FAILED = ProblemType("PRECONDITION_FAILED", 412, "Precondition failed")
CONTENT_TOO_LARGE = ProblemType("CONTENT_TOO_LARGE", 413, "Content too large")
UNSUPPORTED_MEDIA_TYPE = ProblemType("UNSUPPORTED_MEDIA_TYPE", 415, "Unsupported media type")
VALIDATION_FAILED = ProblemType("VALIDATION_FAILED", 422, "Validation failed")
IDEMPOTENCY_KEY_REUSED = ProblemType(
    "IDEMPOTENCY_KEY_REUSED", 422, "Idempotency key reused with another request"
)
PRECONDITION_REQUIRED = ProblemType("PRECONDITION_REQUIRED", 428, "Precondition required")
RATE_LIMITED = ProblemType("RATE_LIMITED", 429, "Too many requests", True)
INTERNAL = ProblemType("INTERNAL", 500, "Internal error")
NOT_IMPLEMENTED = ProblemType("NOT_IMPLEMENTED", 501, "Not implemented")
UNAVAILABLE = ProblemType("UNAVAILABLE", 503, "Service unavailable", True)

STANDARD_PROBLEMS: tuple[ProblemType, ...] = (
    MALFORMED_REQUEST,
    INVALID_CURSOR,
    INVALID_IDEMPOTENCY_KEY,
    IDEMPOTENCY_KEY_REQUIRED,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    CONFLICT,
    IDEMPOTENCY_KEY_IN_FLIGHT,
    GONE,
    PRECONDITION_FAILED,
    CONTENT_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    VALIDATION_FAILED,
    IDEMPOTENCY_KEY_REUSED,
    PRECONDITION_REQUIRED,
    RATE_LIMITED,
    INTERNAL,
    NOT_IMPLEMENTED,
    UNAVAILABLE,
)

# The generic entry for each status: what a bare HTTPException(status) becomes.
_BY_STATUS: dict[int, ProblemType] = {}
for _entry in STANDARD_PROBLEMS:
    _BY_STATUS.setdefault(_entry.status, _entry)


def _phrase(status: int) -> str | None:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return None


def problem_type_for_status(status: int) -> ProblemType:
    """The catalogue's generic entry for a 4xx/5xx status, or ``HTTP_<status>``."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    title = _phrase(status) or ("Client error" if status < 500 else "Server error")
    return ProblemType(f"HTTP_{status}", status, title, status in _RETRYABLE_STATUSES)


def problem_response(
    problem: Problem,
    source: HTTPConnection | Scope | None = None,
    *,
    type_base: str | None = None,
) -> JSONResponse:
    """The ``application/problem+json`` response for a problem.

    ``source`` (the request or its ASGI scope) supplies the request id and the
    application's type base. The response repeats ``X-Request-ID`` and
    ``traceparent`` itself, so they are there even when it is sent outside the
    request-id middleware (Starlette sends 500s from its outermost layer).
    """
    scope: Scope = source.scope if isinstance(source, HTTPConnection) else (source or {})
    request_id = request_id_of(scope)
    if type_base is None:
        app = scope.get("app")
        type_base = getattr(getattr(app, "state", None), _TYPE_BASE_STATE, DEFAULT_TYPE_BASE)
    headers = {**problem.headers, **response_headers_of(scope)}
    return JSONResponse(
        problem.to_dict(type_base=str(type_base), request_id=request_id),
        status_code=problem.status,
        headers=headers,
        media_type=PROBLEM_CONTENT_TYPE,
    )


def validation_problem(exc: RequestValidationError) -> Problem:
    """FastAPI's validation error as a problem: 400 for a body that is not JSON,
    else 422 with one field entry per error (never echoing the rejected input)."""
    errors = list(exc.errors())
    for error in errors:
        if error.get("type") == "json_invalid":
            reason = (error.get("ctx") or {}).get("error") or error.get("msg", "")
            position = error.get("loc", ("body", None))[-1]
            where = f" at character {position}" if isinstance(position, int) else ""
            return MALFORMED_REQUEST(
                "The request body is not valid JSON.",
                fields=[FieldError("/body", f"{reason}{where}")],
            )
    fields = [
        FieldError(json_pointer(*error.get("loc", ())), str(error.get("msg", "Invalid value")))
        for error in errors
    ]
    return VALIDATION_FAILED(
        "The request has invalid fields; see fields for each one.", fields=fields
    )


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return problem_response(exc, request)


async def _on_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code < 400:
        # 304 and friends have no body; only their headers matter.
        return Response(status_code=exc.status_code, headers=exc.headers)
    entry = problem_type_for_status(exc.status_code)
    # Starlette fills in the status phrase when the raiser gave no detail.
    detail = None if exc.detail in (_phrase(exc.status_code), entry.title) else str(exc.detail)
    problem = entry(detail, headers=exc.headers)
    return problem_response(problem, request)


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return problem_response(validation_problem(exc), request)


async def _on_unhandled(request: Request, exc: Exception) -> Response:
    request_id = request_id_of(request.scope)
    logger.error(
        "unhandled %s in %s %s (request_id=%s)",
        type(exc).__name__,
        request.method,
        request.url.path,
        request_id,
        exc_info=exc,
        extra={"request_id": request_id},
    )
    problem = INTERNAL("Something went wrong on our side. Quote the request_id if you report it.")
    return problem_response(problem, request)


def install_problem_handlers(app: Starlette, *, type_base: str = DEFAULT_TYPE_BASE) -> None:
    """Render every error of ``app`` as problem details.

    Handles :class:`Problem`, Starlette/FastAPI ``HTTPException`` (404 for an
    unknown path, 405 with its ``Allow`` header, ...), FastAPI's
    ``RequestValidationError`` and, as 500 ``INTERNAL``, any other exception: the
    body then says nothing about it, and the exception is logged with the
    request id on the ``accord.runtime`` logger.
    """
    if not type_base.endswith(("/", "#", ":")):
        raise ValueError(f"type_base must end with '/', '#' or ':': {type_base!r}")
    setattr(app.state, _TYPE_BASE_STATE, type_base)
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(HTTPException, _on_http_exception)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unhandled)
