"""The syntax of JSON Schema ``pattern`` values: ECMA-262 regular expressions
parsed into a small tree (the regular subset :mod:`accord.kinds.jsonschema.regex`
turns into automata).

Supported: literals, classes, ``. \\d \\w \\s`` and their negations, groups,
alternation, greedy and lazy quantifiers, ``^`` and ``$``. Anything else
(back-references, look-arounds, word boundaries, Unicode property classes) raises
:class:`Unsupported`.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_CHAR = 0x10FFFF
#: Sorted, disjoint, inclusive code point ranges.
Ranges = tuple[tuple[int, int], ...]


class Unsupported(Exception):
    """The pattern uses syntax outside the supported regular subset."""


def _norm(ranges: Sequence[tuple[int, int]]) -> Ranges:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return tuple(out)


def _negate(ranges: Ranges) -> Ranges:
    out: list[tuple[int, int]] = []
    nxt = 0
    for lo, hi in ranges:
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= MAX_CHAR:
        out.append((nxt, MAX_CHAR))
    return tuple(out)


def _chars(text: str) -> Ranges:
    return _norm([(ord(c), ord(c)) for c in text])


ANY: Ranges = ((0, MAX_CHAR),)
DOT = _negate(_chars("\n\r\u2028\u2029"))
DIGIT: Ranges = ((0x30, 0x39),)
WORD = _norm([(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
SPACE = _norm([*_chars("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"),
               (0x2000, 0x200A)])
_CLASS_ESCAPES = {"d": DIGIT, "D": _negate(DIGIT), "w": WORD, "W": _negate(WORD),
                  "s": SPACE, "S": _negate(SPACE)}
_CONTROL_ESCAPES = {"t": 9, "n": 10, "v": 11, "f": 12, "r": 13, "0": 0}

# The syntax tree: ("set", Ranges) | ("seq", tuple) | ("alt", tuple) |
# ("rep", node, lo, hi or None) | ("bol",) | ("eol",)
Tree = tuple[object, ...]


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self) -> str | None:
        return self.text[self.pos] if self.pos < len(self.text) else None

    def take(self) -> str:
        if self.pos >= len(self.text):
            raise Unsupported("unexpected end of pattern")
        char = self.text[self.pos]
        self.pos += 1
        return char

    def parse(self) -> Tree:
        tree = self.alternation()
        if self.pos != len(self.text):
            raise Unsupported(f"unexpected {self.text[self.pos]!r}")
        return tree

    def alternation(self) -> Tree:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else ("alt", tuple(branches))

    def sequence(self) -> Tree:
        items: list[Tree] = []
        while (char := self.peek()) is not None and char not in "|)":
            atom = self.atom()
            items.append(self.quantified(atom))
        return ("seq", tuple(items))

    def quantified(self, atom: Tree) -> Tree:
        while True:
            char = self.peek()
            if char in ("*", "+", "?"):
                self.pos += 1
                lo, hi = {"*": (0, None), "+": (1, None), "?": (0, 1)}[char]
            elif char == "{":
                bounds = self._braces()
                if bounds is None:
                    return atom
                lo, hi = bounds
            else:
                return atom
            if atom[0] in ("bol", "eol"):
                raise Unsupported("quantified anchor")
            if self.peek() == "?":  # lazy: the same language
                self.pos += 1
            atom = ("rep", atom, lo, hi)

    def _braces(self) -> tuple[int, int | None] | None:
        """``{n}``, ``{n,}``, ``{n,m}`` (None: a literal brace, as browsers read it)."""
        end = self.text.find("}", self.pos)
        if end < 0:
            return None
        body = self.text[self.pos + 1:end]
        lo_text, comma, hi_text = body.partition(",")
        if not lo_text.isdigit() or (hi_text and not hi_text.isdigit()):
            return None
        lo = int(lo_text)
        hi = (int(hi_text) if hi_text else None) if comma else lo
        if hi is not None and hi < lo:
            raise Unsupported("quantifier range out of order")
        self.pos = end + 1
        return lo, hi

    def atom(self) -> Tree:
        char = self.take()
        if char == "(":
            if self.text.startswith("?:", self.pos):
                self.pos += 2
            elif self.text.startswith("?<", self.pos) and self.text[self.pos + 2:self.pos + 3] \
                    not in ("=", "!"):
                close = self.text.find(">", self.pos)
                if close < 0:
                    raise Unsupported("unterminated group name")
                self.pos = close + 1
            elif self.peek() == "?":
                raise Unsupported("look-around or group flags")
            inner = self.alternation()
            if self.peek() != ")":
                raise Unsupported("unbalanced parenthesis")
            self.pos += 1
            return inner
        if char == "[":
            return ("set", self._class())
        if char == ".":
            return ("set", DOT)
        if char == "^":
            return ("bol",)
        if char == "$":
            return ("eol",)
        if char == "\\":
            return ("set", self._escape(in_class=False))
        if char in "*+?":
            raise Unsupported("nothing to repeat")
        if char == ")":
            raise Unsupported("unbalanced parenthesis")
        return ("set", ((ord(char), ord(char)),))

    def _escape(self, *, in_class: bool) -> Ranges:
        char = self.take()
        if char in _CLASS_ESCAPES:
            return _CLASS_ESCAPES[char]
        if char in _CONTROL_ESCAPES:
            if char == "0" and (self.peek() or "").isdigit():
                raise Unsupported("octal escape")
            code = _CONTROL_ESCAPES[char]
            return ((code, code),)
        if char == "b":
            if in_class:
                return ((8, 8),)
            raise Unsupported("word boundary")
        if char in "B123456789kpP":
            raise Unsupported(f"\\{char}")
        if char == "c":
            letter = self.take()
            if not letter.isascii() or not letter.isalpha():
                raise Unsupported("control escape")
            code = ord(letter) % 32
            return ((code, code),)
        if char in "xu":
            size = 2 if char == "x" else 4
            digits = self.text[self.pos:self.pos + size]
            if len(digits) != size or any(d not in "0123456789abcdefABCDEF" for d in digits):
                raise Unsupported(f"\\{char} escape")
            self.pos += size
            code = int(digits, 16)
            return ((code, code),)
        return ((ord(char), ord(char)),)

    def _class(self) -> Ranges:
        negated = self.peek() == "^"
        if negated:
            self.pos += 1
        ranges: list[tuple[int, int]] = []
        while True:
            char = self.take()
            if char == "]":  # ECMA-262: "[]" matches nothing, "[^]" anything
                break
            low = self._escape(in_class=True) if char == "\\" else ((ord(char), ord(char)),)
            if self.peek() == "-" and self.text[self.pos + 1:self.pos + 2] not in ("]", ""):
                self.pos += 1
                nxt = self.take()
                high = self._escape(in_class=True) if nxt == "\\" else ((ord(nxt), ord(nxt)),)
                if len(low) != 1 or len(high) != 1 or low[0][0] != low[0][1] \
                        or high[0][0] != high[0][1]:
                    raise Unsupported("class range over a class escape")
                if high[0][0] < low[0][0]:
                    raise Unsupported("class range out of order")
                ranges.append((low[0][0], high[0][0]))
            else:
                ranges.extend(low)
        result = _norm(ranges)
        return _negate(result) if negated else result


def parse_pattern(text: str) -> Tree:
    """The syntax tree of ``text``; :class:`Unsupported` outside the subset."""
    return _Parser(text).parse()
