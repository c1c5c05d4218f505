"""JSON: fast parsing (orjson, else json) and a lazy pointer -> offset locator."""

from __future__ import annotations

import json
import json.encoder
import re
from bisect import bisect_left
from collections.abc import Callable
from contextlib import suppress
from itertools import accumulate, repeat
from json.scanner import make_scanner
from typing import Any

try:  # pragma: no cover - orjson is a declared dependency, json is the fallback
    import orjson

    _orjson_loads: Callable[[bytes | str], Any] | None = orjson.loads
    _orjson_dumps: Callable[[Any], bytes] | None = orjson.dumps
except ImportError:  # pragma: no cover
    _orjson_loads = _orjson_dumps = None

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

    _BLOCK = 1024

    def __init__(self, text: str) -> None:
        self._text = text
        self._before: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        text = self._text
        before = self._before
        block = self._BLOCK
        if before is None:
            # before[k]: the newlines in text[: k * block].
            size = len(text)
            counts = map(
                text.count, repeat("\n"), range(0, size, block), range(block, size + block, block))
            before = self._before = list(accumulate(counts, initial=0))
        # Count from the nearest block boundary.
        k = (offset + block // 2) // block
        if k >= len(before):
            k = len(before) - 1
        boundary = k * block
        if boundary > offset:
            line = before[k] - text.count("\n", offset, boundary) + 1
        else:
            line = before[k] + text.count("\n", boundary, offset) + 1
        return line, offset - text.rfind("\n", 0, offset)


#: Where the members of a container found so far start, by key or index. An
#: empty dict also stands for a value with no members to find.
_Members = dict[str, int] | list[int]

_MISSING: Any = object()

_encode: Callable[[str], str] = json.encoder.encode_basestring
_encode_ascii: Callable[[str], str] = json.encoder.encode_basestring_ascii

# Compiled per indentation (shared by all locators): a member line of an
# object (group 1: the raw key; the match ends where the value starts) and an
# item line of an array (the match ends where the item starts).
_KEY_LINES: dict[str, re.Pattern[str]] = {}
_ITEM_LINES: dict[str, re.Pattern[str]] = {}


def _key_lines(inner: str) -> re.Pattern[str]:
    pattern = _KEY_LINES.get(inner)
    if pattern is None:
        pattern = _KEY_LINES[inner] = re.compile(
            "\n" + inner + r'"((?:[^"\\\n]|\\.)*)"[ \t\n\r]*:[ \t\n\r]*')
    return pattern


def _item_lines(inner: str) -> re.Pattern[str]:
    pattern = _ITEM_LINES.get(inner)
    if pattern is None:
        # Closers of nested containers share the items' indentation.
        pattern = _ITEM_LINES[inner] = re.compile("\n" + inner + r"(?=[^ \t}\]])")
    return pattern


class JsonLocator:
    """Finds where the value at a JSON pointer starts, walking the text only
    along the requested path.

    In pretty-printed JSON the members of a container start on the lines
    indented one step more than its opening line. For an object, the line of
    a requested key is searched for with ``str.find`` (which skips quickly
    over other text): only between the nearest members found before and
    after it in the parsed value's order (the text's order), and past what is
    known of the one before, so the text is mostly searched once, and never
    beyond the last member asked for. The value found must agree with the
    parsed one. This needs each key to have a single line, so it is done only
    if no object in the text repeats a key (checked once, for the whole text).

    Otherwise, and for arrays, a container has all its member lines found in
    one regular-expression pass, kept if they agree with the parsed value
    (same keys, same length; a repeated key's last line wins, as in the
    data). Anything else (compact JSON, other layouts) is scanned token by
    token with the C scanner.
    """

    __slots__ = (
        "_bounds", "_data", "_ends", "_found", "_last", "_limits", "_lines", "_nodes", "_offsets",
        "_order", "_outer", "_prefix", "_ranks", "_root", "_step", "_text", "_unique", "_values",
    )

    def __init__(self, text: str, data: Any = None) -> None:
        self._text = text
        self._data = data
        self._root = _skip(text, 0)
        #: Per container entered (by offset): its members found so far.
        self._nodes: dict[int, _Members] = {}
        # Objects searched member by member (see _search), and arrays found
        # by a search, not entered yet, by offset. (Dicts of plain values
        # rather than an object each, for less work for the garbage collector.)
        #: The parsed value.
        self._values: dict[int, Any] = {}
        #: "\n" and the indentation of the opening line, until checked.
        self._outer: dict[int, str] = {}
        #: "\n" and the indentation of the members, once checked.
        self._prefix: dict[int, str] = {}
        #: An offset the text ends before.
        self._limits: dict[int, int] = {}
        #: Where the value of the last member found (in the parsed order) starts.
        self._last: dict[int, int] = {}
        #: Once two members are found: the keys' ranks in the parsed order,
        #: the ranks of the members found, ascending, and where their values start.
        self._order: dict[int, dict[str, int]] = {}
        self._ranks: dict[int, list[int]] = {}
        self._offsets: dict[int, list[int]] = {}
        #: For members of containers enumerated whole: the offset the
        #: member's text ends before (the next member's, or the closing line's).
        self._bounds: dict[int, int] = {self._root: len(text)}
        #: For containers enumerated whole: where their closing line starts.
        self._ends: dict[int, int] = {}
        #: Results by pointer.
        self._found: dict[tuple[str, ...], tuple[int, int]] = {}
        self._lines = LineIndex(text)
        #: The indentation step seen last (the likely one of the next object).
        self._step = "  "
        #: Whether no object repeats a key (see _keys_unique), once checked.
        self._unique: bool | None = None

    def locate(self, tokens: list[str]) -> tuple[int, int]:
        """(line, column) of the value at ``tokens``, or of its nearest
        existing ancestor."""
        key = tuple(tokens)
        found = self._found.get(key)
        if found is not None:
            return found
        nodes = self._nodes
        offset = self._root
        child: int | None
        for depth, token in enumerate(tokens):
            node = nodes.get(offset)
            if node is None:
                node = nodes[offset] = self._enter(offset, tokens, depth)
            if isinstance(node, dict):
                child = node.get(token)
                if child is None:
                    child = self._search(offset, token)
                    if child is None:
                        break
            elif token.isdigit() and token.isascii() and int(token) < len(node):
                child = node[int(token)]
            else:
                break
            offset = child
        found = self._found[key] = self._lines.position(offset)
        return found

    def _value(self, tokens: list[str], depth: int) -> Any:
        """The parsed value at ``tokens[:depth]`` (None where there is none)."""
        value = self._data
        for token in tokens[:depth]:
            if isinstance(value, dict):
                value = value.get(token)
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                return None
        return value

    def _enter(self, start: int, tokens: list[str], depth: int) -> _Members:
        """The members of the container at ``start`` (``tokens[:depth]``):
        none yet for an object to search member by member."""
        value = self._values.pop(start, _MISSING)
        if value is _MISSING:
            value = self._value(tokens, depth)
        else:  # an array found by a search
            self._outer.pop(start)
            self._limits.pop(start)
        text = self._text
        opener = text[start : start + 1]
        if opener == "{" and isinstance(value, dict):
            if text.startswith("\n", start + 1) and self._keys_unique():
                line_start = text.rfind("\n", 0, start) + 1
                outer = _SPACES.match(text, line_start).end() - line_start  # type: ignore[union-attr]
                self._values[start] = value
                self._outer[start] = "\n" + " " * outer
                self._limits[start] = self._bounds.get(start, len(text))
                return {}
        elif opener != "[" or not isinstance(value, list):
            return self._scan_container(start)
        return self._thorough(start, value)

    def _keys_unique(self) -> bool:
        """Whether no object in the text repeats a key (so the parsed data
        has a member for each key in the text; searching an object for a key
        finds its only line). Checked once: the text has as many ``":`` as
        the data written out by orjson (keys, and ``\\"`` before a colon in
        strings; a repeated key adds one, and can only be offset by other
        spellings than ``\\"`` and ``":``)."""
        unique = self._unique
        if unique is None:
            unique = False
            if _orjson_dumps is not None and isinstance(self._data, dict | list):
                with suppress(TypeError, ValueError):  # e.g. an integer beyond 64 bits
                    unique = _orjson_dumps(self._data).count(b'":') == self._text.count('":')
            self._unique = unique
        return unique

    def _enumerate(
        self, start: int, value: Any, inner: str, outer: int, bound: int | None
    ) -> _Members | None:
        """All members of a container in pretty-printed JSON: those on the
        lines indented ``inner``, up to its closing line (indented ``outer``
        spaces). Kept only if they agree with the parsed value (same keys,
        same length); otherwise None."""
        text = self._text
        closer = "\n" + " " * outer + ("}" if text[start] == "{" else "]")
        # Inside a member's known extent the closing line is its last one.
        end = text.rfind(closer, start, bound) if bound is not None else -1
        if end < 0:
            end = text.find(closer, start)
        if end < 0:
            return None
        if text[start] == "[":
            items = [match.end() for match in _item_lines(inner).finditer(text, start, end)]
            if len(items) != len(value):
                return None
            self._ends[start] = end
            self._bounds.update(zip(items, [*items[1:], end], strict=True))
            return items
        members: dict[str, int] = {}
        offsets: list[int] = []
        lines: list[int] = []
        for match in _key_lines(inner).finditer(text, start, end):
            key = match.group(1)
            if "\\" in key:
                key = _SCAN(text, match.start(1) - 1)[0]
            offset = members[key] = match.end()  # a repeated key: the last one wins
            offsets.append(offset)
            lines.append(match.start())
        if members.keys() != value.keys():
            return None
        self._ends[start] = end
        lines.append(end)
        self._bounds.update(zip(offsets, lines[1:], strict=True))
        return members

    def _search(self, start: int, token: str) -> int | None:
        """Where the member ``token`` of an object searched member by member
        starts (None if it has no such member).

        Its line is ``\\n<indentation>"<key>": ``, after what is known of the
        nearest member found before it (in the parsed order) and before the
        nearest one found after it. The value that follows must agree with
        the parsed one (of the same kind; an equal scalar); if not, all the
        object's members are found the thorough way.
        """
        value = self._values.get(start)
        if value is None:
            return None
        child = value.get(token, _MISSING)
        if child is _MISSING:
            return None
        text = self._text
        prefix = self._prefix.get(start)
        if prefix is None:  # first search: the members must be indented deeper
            outer = self._outer.pop(start)
            prefix = outer + self._step
            if not text.startswith(prefix + '"', start + 1):
                prefix = self._indentation(start, outer)
                if prefix is None:
                    return self._thoroughly(start, token)
            self._prefix[start] = prefix
        ranks = self._ranks.get(start)
        if ranks is None and start in self._last:  # a second member: keep them in order
            order = self._order[start] = dict(zip(value, range(len(value)), strict=True))
            ((first, first_offset),) = self._nodes[start].items()  # type: ignore[union-attr]
            ranks = self._ranks[start] = [order[first]]
            self._offsets[start] = [first_offset]
        if ranks is None:  # the first member asked for
            low = start
            high = self._limits[start]
        else:
            offsets = self._offsets[start]
            rank = self._order[start][token]
            i = bisect_left(ranks, rank)
            low = self._furthest(offsets[i - 1]) if i else start
            high = offsets[i] if i < len(ranks) else self._limits[start]
        head = prefix + _encode(token) + ": "
        line = text.find(head, low, high)
        if line >= 0:
            offset = line + len(head)
        else:
            offset = self._find_key(prefix, token, low, high)
            if offset < 0:  # not laid out as expected
                return self._thoroughly(start, token)
        opener = text[offset : offset + 1]
        if opener == "{" or opener == "[":
            if type(child) is not (dict if opener == "{" else list):
                return self._thoroughly(start, token)
            if offset not in self._nodes:  # (unless reached some other way already)
                self._values[offset] = child
                self._outer[offset] = prefix
                self._limits[offset] = high
                if opener == "{":
                    self._nodes[offset] = {}
        elif not self._is_scalar(offset, child):
            return self._thoroughly(start, token)
        if ranks is None:
            self._last[start] = offset
        else:
            if i == len(ranks):
                self._last[start] = offset
            ranks.insert(i, rank)
            offsets.insert(i, offset)
        self._nodes[start][token] = offset  # type: ignore[call-overload]
        return offset

    def _indentation(self, start: int, outer: str) -> str | None:
        """``\\n`` and the indentation of the first line inside the object at
        ``start``, if deeper than ``outer``; else None."""
        text = self._text
        if not text.startswith("\n", start + 1):
            return None
        inner_end = _SPACES.match(text, start + 2).end()  # type: ignore[union-attr]
        if inner_end - start - 1 <= len(outer):
            return None
        self._step = " " * (inner_end - start - 1 - len(outer))
        return text[start + 1 : inner_end]

    def _find_key(self, prefix: str, token: str, low: int, high: int) -> int:
        """Where the value of the member ``token`` starts, its line being
        indented ``prefix``, written otherwise than ``"<key>": <value>``
        (other spacing, or the key escaped to ASCII); -1 if none is found."""
        text = self._text
        head = prefix + _encode(token)
        line = text.find(head, low, high)
        if line < 0 and not token.isascii():
            head = prefix + _encode_ascii(token)
            line = text.find(head, low, high)
        if line < 0:
            return -1
        offset = _skip(text, line + len(head))
        return _skip(text, offset + 1) if text.startswith(":", offset) else -1

    def _thoroughly(self, start: int, token: str) -> int | None:
        """Find all members of the object at ``start`` the thorough way,
        instead of searching it member by member; where ``token`` starts."""
        value = self._values.pop(start)
        for fields in (self._outer, self._prefix, self._limits, self._last, self._order,
                       self._ranks, self._offsets):
            fields.pop(start, None)
        members = self._thorough(start, value)
        self._nodes[start] = members
        return members.get(token) if isinstance(members, dict) else None

    def _thorough(self, start: int, value: Any) -> _Members:
        """All members of the container at ``start``: enumerated whole if
        laid out as expected, else scanned token by token."""
        text = self._text
        members: _Members | None = None
        if text.startswith("\n", start + 1):
            line_start = text.rfind("\n", 0, start) + 1
            outer = _SPACES.match(text, line_start).end() - line_start  # type: ignore[union-attr]
            inner_end = _SPACES.match(text, start + 2).end()  # type: ignore[union-attr]
            if inner_end - start - 2 > outer:
                try:
                    members = self._enumerate(
                        start, value, text[start + 2 : inner_end], outer, self._bounds.get(start))
                except (StopIteration, ValueError, IndexError, RecursionError):
                    return {}
        return self._scan_container(start) if members is None else members

    def _furthest(self, offset: int) -> int:
        """The furthest offset known to lie within the value at ``offset``:
        the end of a container enumerated whole, else where the value of its
        last member found starts (recursively)."""
        ends = self._ends
        last = self._last
        while True:
            end = ends.get(offset)
            if end is not None:
                return end
            inner = last.get(offset)
            if inner is None:
                return offset
            offset = inner

    def _is_scalar(self, offset: int, scalar: Any) -> bool:
        """Whether the text at ``offset`` is the JSON for ``scalar``."""
        try:
            parsed = _SCAN(self._text, offset)[0]
        except (StopIteration, ValueError, RecursionError):
            return False
        return type(parsed) is type(scalar) and parsed == scalar

    def _scan_container(self, start: int) -> _Members:
        """The members of the container at ``start``, scanned token by token
        (an empty dict if there is none or the text is not valid there)."""
        text = self._text
        opener = text[start : start + 1]
        try:
            if opener == "{":
                return self._scan_object(text, start)
            if opener == "[":
                return self._scan_array(text, start)
        except (StopIteration, ValueError, IndexError, RecursionError):
            pass
        return {}

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
