"""Where something is: a JSON pointer into a document, and its place in a file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """A JSON pointer plus, where known, the file and 1-based line and column."""

    pointer: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where} ({self.pointer or '/'})" if self.pointer else where

    def to_dict(self) -> dict[str, object]:
        return {
            "pointer": self.pointer,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }


def escape(token: str) -> str:
    """Escape one reference token for a JSON pointer (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    """Append reference tokens to a pointer: ``join("/paths", "/users")`` -> ``/paths/~1users``."""
    return pointer + "".join("/" + escape(str(t)) for t in tokens)


def split(pointer: str) -> list[str]:
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]
