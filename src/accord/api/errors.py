"""AccordError -> RFC 9457 problem document: the one place the API maps error codes
to HTTP statuses."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from accord.core.errors import AccordError, ErrorCode
from accord.runtime.problems import FieldError, Problem, json_pointer, problem_response

#: HTTP status of each error code the services raise; anything else is a 422
#: (the request was well-formed, its content is not acceptable).
STATUS: dict[ErrorCode, int] = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.ALREADY_EXISTS: 409,
    ErrorCode.VERSION_EXISTS: 409,
    ErrorCode.VERSION_NOT_INCREASING: 409,
    ErrorCode.CONFLICT: 409,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.FORCE_NOT_ALLOWED: 403,
    ErrorCode.USAGE: 400,
    ErrorCode.INVALID_REQUEST: 422,
    # The hub stopped before a job finished: submit it again (retryable).
    ErrorCode.JOB_INTERRUPTED: 503,
    ErrorCode.INTERNAL: 500,
    # RFC 6749 §5.2: 400, except a client that failed to authenticate.
    ErrorCode.OAUTH_INVALID_REQUEST: 400,
    ErrorCode.OAUTH_INVALID_CLIENT: 401,
    ErrorCode.OAUTH_INVALID_GRANT: 400,
    ErrorCode.OAUTH_UNAUTHORIZED_CLIENT: 400,
    ErrorCode.OAUTH_UNSUPPORTED_GRANT_TYPE: 400,
    ErrorCode.OAUTH_INVALID_SCOPE: 400,
}

TITLES: dict[ErrorCode, str] = {
    ErrorCode.NOT_FOUND: "Not found",
    ErrorCode.ALREADY_EXISTS: "Already exists",
    ErrorCode.VERSION_EXISTS: "Version already published",
    ErrorCode.VERSION_NOT_INCREASING: "Version not greater than the latest",
    ErrorCode.INCOMPATIBLE_CHANGE: "Incompatible change",
    ErrorCode.LINT_FAILED: "Lint errors",
    ErrorCode.VERSION_REQUIRED: "Version required",
    ErrorCode.FORCE_NOT_ALLOWED: "Force not allowed",
    ErrorCode.UNAUTHENTICATED: "Authentication required",
    ErrorCode.FORBIDDEN: "Forbidden",
    ErrorCode.CONFLICT: "Conflict",
    ErrorCode.JOB_INTERRUPTED: "Job interrupted",
    ErrorCode.INTERNAL: "Internal error",
    ErrorCode.OAUTH_INVALID_REQUEST: "Invalid token request",
    ErrorCode.OAUTH_INVALID_CLIENT: "Client authentication failed",
    ErrorCode.OAUTH_INVALID_GRANT: "Invalid grant",
    ErrorCode.OAUTH_UNAUTHORIZED_CLIENT: "Client not authorized for this grant",
    ErrorCode.OAUTH_UNSUPPORTED_GRANT_TYPE: "Unsupported grant type",
    ErrorCode.OAUTH_INVALID_SCOPE: "Invalid scope",
}


def problem_of(error: AccordError) -> Problem:
    status = STATUS.get(error.code, 422)
    extra: dict[str, Any] = dict(error.details)
    if error.hint:
        extra["hint"] = error.hint
    if error.location is not None:
        extra["location"] = error.location.to_dict()
    fields = []
    field_name = extra.pop("field", None)
    if isinstance(field_name, str):
        fields.append(FieldError(json_pointer("body", field_name), error.message))
    elif isinstance(field_name, list | tuple) and field_name:  # a nested field's tokens
        fields.append(FieldError(json_pointer("body", *map(str, field_name)), error.message))
    headers = {"WWW-Authenticate": 'Bearer realm="accord"'} if status == 401 else None
    return Problem(status=status, code=str(error.code),
                   title=TITLES.get(error.code, error.code.replace("_", " ").capitalize()),
                   detail=error.message, fields=fields, extra=extra, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(AccordError)
    async def _accord_error(request: Request, exc: AccordError) -> Response:
        return problem_response(problem_of(exc), request)
