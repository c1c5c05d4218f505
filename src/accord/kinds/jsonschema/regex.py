"""JSON Schema ``pattern`` values as languages: which strings they accept.

A pattern is an ECMA-262 regular expression that matches anywhere in a string
unless anchored. :func:`language` parses the regular subset of that dialect
(literals, classes, ``. \\d \\w \\s`` and their negations, groups, alternation,
greedy and lazy quantifiers, ``^`` and ``$`` at the ends of top-level
alternatives) into an automaton; :func:`find` searches a product of automata
for a string inside some languages, outside others, with a length in given
ranges, and returns it as a witness. Back-references, look-arounds, word
boundaries and Unicode property classes are not regular or not supported (and
engines that let ``$`` match before a final newline, or ``.`` match a carriage
return, differ from ECMA-262 only on such strings):
:func:`language` returns None and callers treat the question as undecided.
Sizes are capped; past a cap :class:`TooLarge` is raised (also undecided).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

MAX_CHAR = 0x10FFFF
#: Sorted, disjoint, inclusive code point ranges.
Ranges = tuple[tuple[int, int], ...]

#: Caps that keep a pathological pattern from costing more than a few milliseconds.
MAX_NFA_STATES = 4000
MAX_LAYER_STATES = 4000
MAX_STEPS = 4000


class Unsupported(Exception):
    """The pattern uses syntax outside the supported regular subset."""


class TooLarge(Exception):
    """An automaton or a search grew past its cap."""


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


class _NFA:
    """Thompson automaton: epsilon moves and ranged moves per state."""

    def __init__(self) -> None:
        self.eps: list[list[int]] = []
        self.moves: list[list[tuple[Ranges, int]]] = []

    def state(self) -> int:
        if len(self.eps) >= MAX_NFA_STATES:
            raise TooLarge("pattern automaton too large")
        self.eps.append([])
        self.moves.append([])
        return len(self.eps) - 1

    def build(self, tree: Tree, start: int) -> int:
        """Add ``tree`` from ``start``; return its end state."""
        kind = tree[0]
        if kind == "set":
            end = self.state()
            ranges = tree[1]
            assert isinstance(ranges, tuple)
            if ranges:
                self.moves[start].append((ranges, end))
            return end
        if kind == "seq":
            current = start
            items = tree[1]
            assert isinstance(items, tuple)
            for item in items:
                current = self.build(item, current)
            return current
        if kind == "alt":
            end = self.state()
            branches = tree[1]
            assert isinstance(branches, tuple)
            for branch in branches:
                begin = self.state()
                self.eps[start].append(begin)
                self.eps[self.build(branch, begin)].append(end)
            return end
        if kind == "rep":
            _, body, lo, hi = tree
            assert isinstance(body, tuple) and isinstance(lo, int)
            current = start
            for _i in range(lo):
                current = self.build(body, current)
            if hi is None:
                loop = self.state()
                self.eps[current].append(loop)
                self.eps[self.build(body, loop)].append(loop)
                return loop
            assert isinstance(hi, int)
            end = self.state()
            for _i in range(hi - lo):
                self.eps[current].append(end)
                current = self.build(body, current)
            self.eps[current].append(end)
            return end
        raise Unsupported("anchor inside the pattern")


def _strip_anchors(seq: Tree) -> tuple[bool, Tree, bool]:
    inner = seq[1] if seq[0] == "seq" else (seq,)
    assert isinstance(inner, tuple)
    items: list[Tree] = list(inner)
    start = end = False
    while items and items[0] == ("bol",):
        items.pop(0)
        start = True
    while items and items[-1] == ("eol",):
        items.pop()
        end = True
    return start, ("seq", tuple(items)), end


class Language:
    """The strings a pattern matches, as a lazily determinised automaton."""

    def __init__(self, tree: Tree) -> None:
        nfa = _NFA()
        self._nfa = nfa
        start = nfa.state()
        accept = nfa.state()
        branches = tree[1] if tree[0] == "alt" else (tree,)
        assert isinstance(branches, tuple)
        for branch in branches:
            anchored_start, body, anchored_end = _strip_anchors(branch)
            begin = nfa.state()
            nfa.eps[start].append(begin)
            if not anchored_start:
                nfa.moves[begin].append((ANY, begin))
            end = nfa.build(body, begin)
            if not anchored_end:
                nfa.moves[end].append((ANY, end))
            nfa.eps[end].append(accept)
        self._accept = accept
        self._ids: dict[frozenset[int], int] = {}
        self._sets: list[frozenset[int]] = []
        self._trans: dict[int, tuple[list[int], list[int]]] = {}
        self.start = self._intern(self._closure({start}))
        self.dead = self._intern(frozenset())

    def _closure(self, states: set[int]) -> frozenset[int]:
        stack = list(states)
        seen = set(states)
        eps = self._nfa.eps
        while stack:
            for nxt in eps[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return frozenset(seen)

    def _intern(self, states: frozenset[int]) -> int:
        found = self._ids.get(states)
        if found is None:
            if len(self._sets) >= MAX_NFA_STATES:
                raise TooLarge("pattern automaton too large")
            found = len(self._sets)
            self._ids[states] = found
            self._sets.append(states)
        return found

    def accepting(self, state: int) -> bool:
        return self._accept in self._sets[state]

    def transitions(self, state: int) -> tuple[list[int], list[int]]:
        """``(starts, targets)``: from ``starts[i]`` up to the next start, the move
        goes to ``targets[i]`` (the dead state where nothing matches)."""
        found = self._trans.get(state)
        if found is not None:
            return found
        edges = [(lo, hi, target) for nfa_state in self._sets[state]
                 for ranges, target in self._nfa.moves[nfa_state] for lo, hi in ranges]
        cuts = sorted({0, *(lo for lo, _, _ in edges), *(hi + 1 for _, hi, _ in edges
                                                          if hi < MAX_CHAR)})
        starts: list[int] = []
        targets: list[int] = []
        for index, begin in enumerate(cuts):
            end = cuts[index + 1] - 1 if index + 1 < len(cuts) else MAX_CHAR
            reached = {t for lo, hi, t in edges if lo <= begin and end <= hi}
            target = self._intern(self._closure(reached)) if reached else self.dead
            if targets and targets[-1] == target:
                continue
            starts.append(begin)
            targets.append(target)
        found = (starts, targets)
        self._trans[state] = found
        return found

    def step(self, state: int, char: int) -> int:
        starts, targets = self.transitions(state)
        return targets[bisect_right(starts, char) - 1]

    def matches(self, text: str) -> bool:
        """Whether the pattern matches ``text`` (somewhere, unless anchored)."""
        state = self.start
        for char in text:
            state = self.step(state, ord(char))
        return self.accepting(state)


@lru_cache(maxsize=1024)
def language(pattern: str) -> Language | None:
    """The language of ``pattern``, or None when it is outside the supported subset."""
    try:
        return Language(_Parser(pattern).parse())
    except (Unsupported, TooLarge, RecursionError):
        return None


#: Strings without line terminators: what ``.*`` matches anchored.
_ONE_LINE = "^[^\\n\\r\\u2028\\u2029]*$"


@lru_cache(maxsize=1024)
def intended(pattern: str) -> Language | None:
    """The pattern anchored at both ends, when unanchored it matches every string
    (``[a-z]*``: some empty match) but anchored it says something (not ``.*``, not
    the empty pattern); else None."""
    lang = language(pattern)
    if lang is None:
        return None
    body = pattern[1:] if pattern.startswith("^") else pattern
    if body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1]
    anchored = language(f"^(?:{body})$")
    line = language(_ONE_LINE)
    if anchored is None or line is None:
        return None
    try:
        if find([], [lang]) is not None or find([anchored], [], Lengths(1)) is None \
                or find([line], [anchored]) is None:
            return None
    except TooLarge:
        return None
    return anchored


def _pick(lo: int, hi: int) -> int:
    """A readable character in ``[lo, hi]``."""
    for a, b in ((0x61, 0x7A), (0x30, 0x39), (0x41, 0x5A), (0x20, 0x7E)):
        if lo <= b and a <= hi:
            return max(lo, a)
    if 0xD800 <= lo <= 0xDFFF:
        return 0xE000 if hi >= 0xE000 else lo
    return lo


@dataclass(frozen=True, slots=True)
class Lengths:
    """The wanted string lengths: ``[lo, hi]`` (hi None: unbounded), minus ``[not_lo, not_hi]``."""

    lo: int = 0
    hi: int | None = None
    not_lo: int | None = None
    not_hi: int | None = None

    def wanted(self, length: int) -> bool:
        if length < self.lo or (self.hi is not None and length > self.hi):
            return False
        if self.not_lo is None:
            return True
        return not (length >= self.not_lo and (self.not_hi is None or length <= self.not_hi))

    @property
    def settled(self) -> int:
        """From this length on, ``wanted`` no longer changes."""
        bounds = [self.lo, (self.hi or 0) + 1, self.not_lo or 0,
                  (self.not_hi or 0) + 1]
        return max(bounds)


def find(inside: Sequence[Language], outside: Sequence[Language] = (),
         lengths: Lengths = Lengths()) -> str | None:
    """A string in every ``inside`` language, in no ``outside`` one, with a wanted
    length; None when there is none. Raises :class:`TooLarge` past the caps."""
    langs = [*inside, *outside]
    split = len(inside)
    start = tuple(lang.start for lang in langs)
    layer: dict[tuple[int, ...], tuple[tuple[int, ...] | None, int]] = {start: (None, -1)}
    history: list[dict[tuple[int, ...], tuple[tuple[int, ...] | None, int]]] = [layer]
    seen: dict[frozenset[tuple[int, ...]], int] = {}
    settled = lengths.settled
    for length in range(MAX_STEPS):
        if lengths.wanted(length):
            for state in layer:
                if all(langs[i].accepting(s) for i, s in enumerate(state[:split])) and not any(
                        langs[split + i].accepting(s) for i, s in enumerate(state[split:])):
                    return _witness(history, state)
        if lengths.hi is not None and length >= lengths.hi:
            return None
        if length >= settled:
            key = frozenset(layer)
            if key in seen:
                return None
            seen[key] = length
        layer = _advance(langs, split, layer)
        if not layer:
            return None
        history.append(layer)
    raise TooLarge("search too long")


def _advance(langs: list[Language], split: int,
             layer: dict[tuple[int, ...], tuple[tuple[int, ...] | None, int]],
             ) -> dict[tuple[int, ...], tuple[tuple[int, ...] | None, int]]:
    nxt: dict[tuple[int, ...], tuple[tuple[int, ...] | None, int]] = {}
    for state in layer:
        tables = [lang.transitions(s) for lang, s in zip(langs, state, strict=True)]
        cuts = sorted({begin for starts, _ in tables for begin in starts})
        for index, begin in enumerate(cuts):
            target = tuple(targets[bisect_right(starts, begin) - 1]
                           for starts, targets in tables)
            if any(t == langs[i].dead for i, t in enumerate(target[:split])):
                continue  # can never be in every inside language again
            if target not in nxt:
                end = cuts[index + 1] - 1 if index + 1 < len(cuts) else MAX_CHAR
                nxt[target] = (state, _pick(begin, end))
                if len(nxt) > MAX_LAYER_STATES:
                    raise TooLarge("search too wide")
    return nxt


def _witness(history: list[dict[tuple[int, ...], tuple[tuple[int, ...] | None, int]]],
             state: tuple[int, ...]) -> str:
    chars: list[str] = []
    current: tuple[int, ...] | None = state
    for layer in reversed(history):
        assert current is not None
        previous, char = layer[current]
        if char >= 0:
            chars.append(chr(char))
        current = previous
    return "".join(reversed(chars))
