"""Patterns as languages: the automata agree with the regular expression engine on
random patterns and strings, and inclusion questions get the right answers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.kinds.jsonschema.regex import Lengths, TooLarge, find, language

ATOMS = ["a", "b", "c", ".", r"\d", r"\w", r"\s", "[ab]", "[^a]", "[a-c0-9]", "0", "-"]


@st.composite
def patterns(draw: st.DrawFn, depth: int = 0) -> str:
    # Groups nest one level: nested quantifiers make Python's backtracking engine
    # (the reference here) take exponential time.
    quantifiers = ["", "", "*", "+", "?", "{2}", "{1,2}", "{0,}", "*?"]
    if depth > 0 or draw(st.integers(0, 2)) == 0:
        return draw(st.sampled_from(ATOMS)) + draw(st.sampled_from(quantifiers))
    inner = draw(st.lists(patterns(depth + 1), min_size=1, max_size=3))
    group = "(" + draw(st.sampled_from(["", "?:"])) + "|".join(inner) + ")"
    plain = all(p[-1:] not in "*+?}" for p in inner)
    return group + (draw(st.sampled_from(quantifiers)) if plain else "")


@st.composite
def anchored(draw: st.DrawFn) -> str:
    body = "".join(draw(st.lists(patterns(), min_size=1, max_size=3)))
    return draw(st.sampled_from(["", "^"])) + body + draw(st.sampled_from(["", "$"]))


@settings(max_examples=300, deadline=None)
@given(anchored(), st.lists(st.text(alphabet="abc0- x", max_size=6), min_size=1, max_size=8))
def test_the_automaton_agrees_with_re(pattern, texts):
    lang = language(pattern)
    assert lang is not None, pattern
    for text in texts:
        assert lang.matches(text) == bool(re.search(pattern, text)), (pattern, text)


@settings(max_examples=150, deadline=None)
@given(anchored(), anchored())
def test_witnesses_are_real(first, second):
    a, b = language(first), language(second)
    assert a is not None and b is not None
    try:
        witness = find([a], [b], Lengths(0, 6))
    except TooLarge:
        return
    # Python's "$" also matches before a final newline, and its "." matches "\r":
    # ECMA-262 (what JSON Schema names) differs from it on such strings only.
    if witness is not None and not any(c in witness for c in "\n\r\u2028\u2029"):
        assert re.search(first, witness) and not re.search(second, witness)


@pytest.mark.parametrize("pattern", [r"(a)\1", "(?=a)", "(?!a)", r"\bword", r"\p{L}",
                                     "(?<=a)b", "a^b"])
def test_unsupported_syntax_is_refused(pattern):
    assert language(pattern) is None


def test_inclusion_questions():
    lang = {p: language(p) for p in ("^[a-z]{3}$", "^[a-z]+$", "^S_", "^I_", "[a-z]*")}
    assert find([lang["^[a-z]{3}$"]], [lang["^[a-z]+$"]]) is None
    assert find([lang["^[a-z]+$"]], [lang["^[a-z]{3}$"]]) == "a"
    assert find([lang["^S_"], lang["^I_"]]) is None
    assert find([lang["[a-z]*"]], [], Lengths(0, 0)) == ""
    # lengths: a four-digit code has no string of length 5
    code = language(r"^\d{4}$")
    assert code is not None
    assert find([code], [], Lengths(5, None)) is None
    assert find([code], [], Lengths(0, None, 0, 3)) == "0000"
