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

from accord.kinds.jsonschema.regex_syntax import (
    ANY,
    MAX_CHAR,
    Ranges,
    Tree,
    Unsupported,
    parse_pattern,
)

#: Caps that keep a pathological pattern from costing more than a few milliseconds.
MAX_NFA_STATES = 4000
MAX_LAYER_STATES = 4000
MAX_STEPS = 4000


class TooLarge(Exception):
    """An automaton or a search grew past its cap."""


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
        return Language(parse_pattern(pattern))
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
