"""One root error for everything accord reports about bad input or bad usage.

Each error carries a stable machine ``code`` (never reworded), a human message,
an optional location and a hint saying what to do. The CLI, the HTTP API and
the web pages each map ``AccordError`` to their medium in exactly one place.
"""

from __future__ import annotations

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
    UNKNOWN_RULE = "UNKNOWN_RULE"
    USAGE = "USAGE"


class AccordError(Exception):
    """The root of every error accord raises on purpose."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Keyword-only fields: rebuild explicitly (errors cross process boundaries).
        return (_restore, (self.code, self.message, self.location, self.hint))

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text} Hint: {self.hint}" if self.hint else text

    def to_dict(self) -> dict[str, object]:
        return {
            "code": str(self.code),
            "message": self.message,
            "location": self.location.to_dict() if self.location else None,
            "hint": self.hint,
        }


def _restore(
    code: ErrorCode, message: str, location: Location | None, hint: str | None
) -> AccordError:
    return AccordError(code, message, location=location, hint=hint)
