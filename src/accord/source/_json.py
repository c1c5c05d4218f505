"""JSON: fast parsing (orjson, else json) and a lazy pointer -> offset locator."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable
from json.scanner import make_scanner
from typing import Any

try:  # pragma: no cover - orjson is a declared dependency, json is the fallback
    import orjson

    _orjson_loads: Callable[[bytes | str], Any] | None = orjson.loads
except ImportError:  # pragma: no cover
    _orjson_loads = None

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_SCAN: Callable[[str, int], tuple[Any, int]] = make_scanner(_DECODER)  # type: ignore[arg-type]


def _skip(text: str, i: int) -> int:
    """The offset of the first non-whitespace character at or after ``i``."""
    match = _WS.match(text, i)
    return match.end() if match else i


class JsonSyntaxError(Exception):
    """Invalid JSON, with a 1-based line and column."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def parse_json(text: str, raw: bytes | None = None) -> Any:
    """Parse JSON text. ``raw`` (the UTF-8 bytes of ``text``, without a BOM)
    lets orjson skip re-encoding. Raises :class:`JsonSyntaxError`."""
    if _orjson_loads is not None:
        try:
            return _orjson_loads(raw if raw is not None else text)
        except ValueError:
            pass  # re-parse with json below for a precise message (or NaN, huge ints)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonSyntaxError(exc.msg, exc.lineno, exc.colno) from None
    except RecursionError:
        raise JsonSyntaxError("values are nested too deeply", None, None) from None
    except ValueError as exc:  # e.g. an integer with too many digits
        raise JsonSyntaxError(str(exc), None, None) from None


class LineIndex:
    """Offset -> 1-based (line, column), built on first use."""

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        starts = self._starts
        if starts is None:
            starts = [0]
            total = 0
            for text in self._text.split("\n"):
                total += len(text) + 1
                starts.append(total)
            starts.pop()
            self._starts = starts
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1


class JsonLocator:
    """Finds where the value at a JSON pointer starts, walking the text only
    along the requested path. Each container the walk enters is scanned once
    (its members' value offsets are cached); values it does not enter are
    skipped with the C scanner."""

    __slots__ = ("_lines", "_members", "_root", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._root = _skip(text, 0)
        self._members: dict[int, dict[str, int] | list[int]] = {}
        self._lines = LineIndex(text)

    def locate(self, tokens: list[str]) -> tuple[int, int]:
        """(line, column) of the value at ``tokens``, or of its nearest
        existing ancestor."""
        offset = self._root
        for token in tokens:
            found = self._child(offset, token)
            if found is None:
                break
            offset = found
        return self._lines.position(offset)

    def _child(self, offset: int, token: str) -> int | None:
        members = self._members.get(offset)
        if members is None:
            try:
                members = self._scan_container(offset)
            except (StopIteration, ValueError, IndexError, RecursionError):
                return None
            if members is None:
                return None
            self._members[offset] = members
        if isinstance(members, dict):
            return members.get(token)
        if token.isdigit() and token.isascii():
            index = int(token)
            if index < len(members):
                return members[index]
        return None

    def _scan_container(self, start: int) -> dict[str, int] | list[int] | None:
        text = self._text
        opener = text[start : start + 1]
        if opener == "{":
            return self._scan_object(text, start)
        if opener == "[":
            return self._scan_array(text, start)
        return None

    @staticmethod
    def _scan_object(text: str, start: int) -> dict[str, int]:
        ws = _skip
        scan = _SCAN
        members: dict[str, int] = {}
        i = ws(text, start + 1)
        if text[i] == "}":
            return members
        while True:
            key, i = scan(text, i)
            i = ws(text, i)
            if text[i] != ":":
                raise ValueError("expected ':'")
            i = ws(text, i + 1)
            members[key] = i  # a repeated key: the last one wins, as in the data
            _, i = scan(text, i)
            i = ws(text, i)
            if text[i] != ",":
                return members
            i = ws(text, i + 1)

    @staticmethod
    def _scan_array(text: str, start: int) -> list[int]:
        ws = _skip
        scan = _SCAN
        items: list[int] = []
        i = ws(text, start + 1)
        if text[i] == "]":
            return items
        while True:
            items.append(i)
            _, i = scan(text, i)
            i = ws(text, i)
            if text[i] != ",":
                return items
            i = ws(text, i + 1)
