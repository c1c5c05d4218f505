"""JSON: fast parsing (orjson, else json) and a lazy pointer -> offset locator."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import accumulate
from json.scanner import make_scanner
from typing import Any

try:  # pragma: no cover - orjson is a declared dependency, json is the fallback
    import orjson

    _orjson_loads: Callable[[bytes | str], Any] | None = orjson.loads
except ImportError:  # pragma: no cover
    _orjson_loads = None

_WS = re.compile(r"[ \t\n\r]*")
_SPACES = re.compile(r" *")
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
    """Offset -> 1-based (line, column), from newline counts per block of
    text (built on first use, at C speed)."""

    __slots__ = ("_before", "_text")

    _BLOCK = 4096

    def __init__(self, text: str) -> None:
        self._text = text
        self._before: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        text = self._text
        before = self._before
        block = self._BLOCK
        if before is None:
            # before[k]: the newlines in text[: k * block].
            count = text.count
            before = list(accumulate(
                (count("\n", i, i + block) for i in range(0, len(text), block)), initial=0))
            self._before = before
        k = offset // block
        if k >= len(before):
            k = len(before) - 1
        line = before[k] + text.count("\n", k * block, offset) + 1
        return line, offset - text.rfind("\n", 0, offset)


def _child_value(value: Any, token: str) -> Any:
    if isinstance(value, dict):
        return value.get(token)
    if isinstance(value, list) and token.isdigit() and int(token) < len(value):
        return value[int(token)]
    return None


class JsonLocator:
    """Finds where the value at a JSON pointer starts, walking the text only
    along the requested path. Each container the walk enters is scanned once
    (its members' value offsets are cached); values it does not enter are
    skipped with the C scanner."""

    __slots__ = ("_bounds", "_data", "_lines", "_members", "_root", "_text")

    def __init__(self, text: str, data: Any = None) -> None:
        self._text = text
        self._data = data
        self._root = _skip(text, 0)
        self._members: dict[int, dict[str, int] | list[int]] = {}
        #: For members of containers scanned by indentation: the offset the
        #: member's text ends before (the next member's, or the closing line's).
        self._bounds: dict[int, int] = {self._root: len(text)}
        self._lines = LineIndex(text)

    def locate(self, tokens: list[str]) -> tuple[int, int]:
        """(line, column) of the value at ``tokens``, or of its nearest
        existing ancestor."""
        offset = self._root
        value = self._data
        for token in tokens:
            found = self._child(offset, token, value)
            if found is None:
                break
            offset = found
            value = _child_value(value, token)
        return self._lines.position(offset)

    def _child(self, offset: int, token: str, value: Any) -> int | None:
        members = self._members.get(offset)
        if members is None:
            try:
                members = self._scan_indented(offset, value)
                if members is None:
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

    def _scan_indented(self, start: int, value: Any) -> dict[str, int] | list[int] | None:
        """Members of a container in pretty-printed JSON, found with ``str.find``.

        Raw newlines occur only between tokens, so in consistently indented
        text a container's members start on the lines indented one step more
        than its opening line, up to its closing bracket. The result is kept
        only if it agrees with the parsed value (same keys, same length);
        otherwise None, and the caller scans token by token.
        """
        text = self._text
        opener = text[start]
        if opener not in "{[" or text[start + 1 : start + 2] != "\n":
            return None
        line_start = text.rfind("\n", 0, start) + 1
        outer = text[line_start : _SPACES.match(text, line_start).end()]  # type: ignore[union-attr]
        inner_end = _SPACES.match(text, start + 2).end()  # type: ignore[union-attr]
        inner = text[start + 2 : inner_end]
        if len(inner) <= len(outer):
            return None
        closer = "\n" + outer + ("}" if opener == "{" else "]")
        bound = self._bounds.get(start)
        # Inside a member's known extent the closing line is its last one.
        end = text.rfind(closer, start, bound) if bound is not None else -1
        if end < 0:
            end = text.find(closer, start)
        if end < 0:
            return None
        step = 1 + len(inner)
        if opener == "{":
            if not isinstance(value, dict):
                return None
            members: dict[str, int] = {}
            offsets: list[int] = []
            ends: list[int] = []
            needle = "\n" + inner + '"'
            line = start + 1
            while line >= 0:
                key, i = _SCAN(text, line + step)
                i = _skip(text, i)
                if text[i] != ":":
                    return None
                offset = members[key] = _skip(text, i + 1)
                offsets.append(offset)
                line = text.find(needle, i, end)
                ends.append(line)
            if members.keys() != value.keys():
                return None
            self._note_bounds(offsets, ends, end)
            return members
        if not isinstance(value, list):
            return None
        items: list[int] = []
        needle = "\n" + inner
        line = start + 1
        while line >= 0:
            first = text[line + step]
            if first not in " \t}]":  # nested closers share the items' indentation
                items.append(line + step)
            line = text.find(needle, line + step, end)
        if len(items) != len(value):
            return None
        self._note_bounds(items, [*items[1:], -1], end)
        return items

    def _note_bounds(self, offsets: list[int], nexts: list[int], end: int) -> None:
        """Remember where each member's text ends: before the next member's
        line, or before the container's closing line."""
        bounds = self._bounds
        for offset, following in zip(offsets, nexts, strict=True):
            if following < 0 or following > end:
                following = end
            bounds[offset] = following

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
