"""One root error for everything accord reports about bad input or bad usage.

Each error carries a stable machine ``code`` (never reworded), a human message,
an optional location and a hint saying what to do. The CLI, the HTTP API and
the web pages each map ``AccordError`` to their medium in exactly one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from accord.core.location import Location


class ErrorCode(StrEnum):
    FILE_NOT_FOUND = "FILE_NOT_FOUND"
    INVALID_SYNTAX = "INVALID_SYNTAX"
    NOT_A_CONTRACT = "NOT_A_CONTRACT"
    UNKNOWN_KIND = "UNKNOWN_KIND"
    DUPLICATE_KIND = "DUPLICATE_KIND"
    KIND_MISMATCH = "KIND_MISMATCH"
    UNSUPPORTED_VERSION = "UNSUPPORTED_VERSION"
    UNRESOLVABLE_REF = "UNRESOLVABLE_REF"
    INVALID_CONTRACT = "INVALID_CONTRACT"
    INVALID_CONFIG = "INVALID_CONFIG"
    INVALID_MANIFEST = "INVALID_MANIFEST"
    UNKNOWN_RULE = "UNKNOWN_RULE"
    USAGE = "USAGE"
    # The hub's registry and publish pipeline.
    NOT_FOUND = "NOT_FOUND"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    INVALID_REQUEST = "INVALID_REQUEST"
    VERSION_REQUIRED = "VERSION_REQUIRED"
    VERSION_EXISTS = "VERSION_EXISTS"
    VERSION_NOT_INCREASING = "VERSION_NOT_INCREASING"
    INCOMPATIBLE_CHANGE = "INCOMPATIBLE_CHANGE"
    LINT_FAILED = "LINT_FAILED"
    FORCE_NOT_ALLOWED = "FORCE_NOT_ALLOWED"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    CONFLICT = "CONFLICT"
    # Jobs and batches.
    JOB_INTERRUPTED = "JOB_INTERRUPTED"
    INTERNAL = "INTERNAL"
    # The command-line client of the hub.
    HUB_UNREACHABLE = "HUB_UNREACHABLE"
    HUB_ERROR = "HUB_ERROR"
    # The OAuth2 token endpoint (RFC 6749 §5.2; the problem also carries `error`).
    OAUTH_INVALID_REQUEST = "OAUTH_INVALID_REQUEST"
    OAUTH_INVALID_CLIENT = "OAUTH_INVALID_CLIENT"
    OAUTH_INVALID_GRANT = "OAUTH_INVALID_GRANT"
    OAUTH_UNAUTHORIZED_CLIENT = "OAUTH_UNAUTHORIZED_CLIENT"
    OAUTH_UNSUPPORTED_GRANT_TYPE = "OAUTH_UNSUPPORTED_GRANT_TYPE"
    OAUTH_INVALID_SCOPE = "OAUTH_INVALID_SCOPE"


class AccordError(Exception):
    """The root of every error accord raises on purpose."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
        details: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
        #: Structured facts for machine readers (the changes that broke a check, ...).
        self.details: dict[str, object] = dict(details or {})

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Keyword-only fields: rebuild explicitly (errors cross process boundaries).
        return (_restore, (self.code, self.message, self.location, self.hint, self.details))

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text} Hint: {self.hint}" if self.hint else text

    def to_dict(self) -> dict[str, object]:
        return {
            "code": str(self.code),
            "message": self.message,
            "location": self.location.to_dict() if self.location else None,
            "hint": self.hint,
            **({"details": self.details} if self.details else {}),
        }


def _restore(
    code: ErrorCode, message: str, location: Location | None, hint: str | None,
    details: Mapping[str, object] | None = None,
) -> AccordError:
    return AccordError(code, message, location=location, hint=hint, details=details)
