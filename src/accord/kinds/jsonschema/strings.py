"""Strings: the lengths a writer's strings really have (its patterns and fixed-length
formats included), patterns compared as regular languages with an example string
for each violation, formats by known inclusions, content encoding and media type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.kinds.jsonschema.model import Shape
from accord.kinds.jsonschema.regex import (
    Language,
    Lengths,
    TooLarge,
    find,
    intended,
    language,
)
from accord.kinds.jsonschema.scalars import accepted
from accord.kinds.jsonschema.values import format_ok, show

if TYPE_CHECKING:
    from accord.kinds.jsonschema.engine import Result, Walker, Where

#: (narrower, wider) formats: every value of the first is a value of the second.
SUBFORMATS = frozenset({
    ("email", "idn-email"), ("hostname", "idn-hostname"), ("uri", "iri"),
    ("uri", "uri-reference"), ("uri", "iri-reference"), ("iri", "iri-reference"),
    ("uri-reference", "iri-reference"), ("int32", "int64"), ("float", "double"),
})
#: Formats of numbers (OpenAPI's), compared where numbers are.
NUMERIC_FORMATS = frozenset({"int32", "int64", "float", "double"})
#: The lengths every value of a format has.
FORMAT_LENGTHS: dict[str, tuple[int, int | None]] = {
    "date": (10, 10), "uuid": (36, 36), "ipv4": (7, 15), "ipv6": (2, 45),
    "date-time": (19, None), "time": (8, None),
}


def _lengths(shape: Shape) -> tuple[int, int | None]:
    low = shape.min_length[0] if shape.min_length else 0
    high = shape.max_length[0] if shape.max_length else None
    for fmt, _ in shape.formats:
        bounds = FORMAT_LENGTHS.get(fmt)
        if bounds is not None:
            low = max(low, bounds[0])
            if bounds[1] is not None:
                high = bounds[1] if high is None else min(high, bounds[1])
    return low, high


def _languages(shape: Shape) -> tuple[list[Language], bool]:
    """The languages of the shape's patterns, and whether some could not be read."""
    found: list[Language] = []
    missing = False
    for pattern, _ in shape.patterns:
        lang = language(pattern)
        if lang is None:
            missing = True
        else:
            found.append(lang)
    return found, missing


def _witness(langs: list[Language], outside: list[Language], low: int,
             high: int | None) -> tuple[str | None, bool]:
    """A string of the writer outside the reader (or None), and whether that is certain."""
    if high is not None and low > high:
        return None, True
    if not langs and not outside:
        return "x" * low, True
    try:
        return find(langs, outside, Lengths(low, high)), True
    except TooLarge:
        return None, False


def strings(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    if not (sa.min_length or sa.max_length or sa.patterns or sa.formats or sa.content
            or sb.min_length or sb.max_length or sb.patterns or sb.formats or sb.content):
        return
    low, high = _lengths(sa)
    langs, unread = _languages(sa)
    doubt = "a pattern of the base could not be analysed" if unread else None
    for upper, a_limit, b_limit in ((True, sa.max_length, sb.max_length),
                                    (False, sa.min_length, sb.min_length)):
        violation = False
        certain = True
        if b_limit is not None:
            lo, hi = (max(low, b_limit[0] + 1), high) if upper else (low, min(
                b_limit[0] - 1, high) if high is not None else b_limit[0] - 1)
            found, certain = _witness(langs, [], lo, hi) if (hi is None or lo <= hi) \
                else (None, True)
            violation = found is not None or not certain
        looser = a_limit is not None and (b_limit is None or (
            b_limit[0] > a_limit[0] if upper else b_limit[0] < a_limit[0]))
        if violation or looser:
            name = "maxLength" if upper else "minLength"
            concept = ("max-length-decreased", "max-length-increased") if upper else (
                "min-length-increased", "min-length-decreased")
            old, new = walker.old_new(a_limit[0] if a_limit else "none",
                                      b_limit[0] if b_limit else "none")
            with walker.doubt(doubt if violation else None), walker.doubt(
                    None if certain else "the patterns were too large to analyse"):
                walker.emit(out, concept, violation, where, f"{name} changed from {old} to {new}",
                            a_limit[1] if a_limit else sa.node,
                            b_limit[1] if b_limit else sb.node)
    _patterns(walker, sa, sb, langs, doubt, where, out)
    formats(walker, sa, sb, where, out)
    for key in ("contentEncoding", "contentMediaType"):
        a_item, b_item = sa.content.get(key), sb.content.get(key)
        if b_item is not None and (a_item is None or a_item[0] != b_item[0]):
            violation = True
        elif a_item is not None and b_item is None:
            violation = False
        else:
            continue
        old, new = walker.old_new(a_item[0] if a_item else "none",
                                  b_item[0] if b_item else "none")
        walker.emit(out, ("content-narrowed", "content-relaxed"), violation, where,
                    f"{key} changed from {old} to {new}", a_item[1] if a_item else sa.node,
                    b_item[1] if b_item else sb.node)


def _patterns(walker: Walker, sa: Shape, sb: Shape, langs: list[Language], doubt: str | None,
              where: Where, out: Result) -> None:
    a_texts = {p for p, _ in sa.patterns}
    b_texts = {p for p, _ in sb.patterns}
    if a_texts == b_texts:
        return
    low, high = _lengths(sa)
    b_low, b_high = _lengths(sb)
    low = max(low, b_low)
    high = b_high if high is None else (high if b_high is None else min(high, b_high))
    reported = False
    for pattern, node in sb.patterns:
        if pattern in a_texts:
            continue
        old, new = walker.old_new(" and ".join(sorted(a_texts)) or "none", pattern)
        text = f"pattern changed from {old} to {new}"
        target = language(pattern)
        reading = ""
        meant = None if walker.lenient or target is None or where.kind == "property-names" \
            else intended(pattern)
        if meant is not None:
            # Strict, as registries: a reader's pattern that any string matches
            # unanchored is held to what it says anchored.
            target, reading = meant, f"; read as ^(?:{pattern})$, unanchored it matches " \
                "every string"
        witness, certain = (None, False) if target is None else _witness(
            langs, [target], low, high)
        if target is None or not certain:
            walker.emit(out, "pattern-undecided", True, where, text,
                        sa.patterns[0][1] if sa.patterns else sa.node, node)
            reported = True
            continue
        if witness is None:
            continue
        reported = True
        why = doubt
        if why is None and any(not format_ok(witness, f) for f, _ in sa.formats):
            why = "the example string is not valid in the base's format"
        concept: str | tuple[str, str] = ("pattern-narrowed", "pattern-relaxed")
        if len(sa.patterns) == 1 and langs and len(langs) == 1:
            # Named with the writer's pattern read the same way as the reader's.
            own = (intended(sa.patterns[0][0]) if meant is not None else None) or langs[0]
            try:
                back = find([target], [own], Lengths(low, high))
            except TooLarge:
                back = None
            if back is not None:
                concept = "pattern-replaced"
        with walker.doubt(why):
            walker.emit(out, concept, True, where,
                        f"{text} ({show(witness)} {accepted(walker, True)}{reading})",
                        sa.patterns[0][1] if sa.patterns else sa.node, node)
    if not reported:
        removed = [(p, n) for p, n in sa.patterns if p not in b_texts]
        added = [(p, n) for p, n in sb.patterns if p not in a_texts]
        old, new = walker.old_new(" and ".join(sorted(a_texts)) or "none",
                                  " and ".join(sorted(b_texts)) or "none")
        walker.emit(out, ("pattern-narrowed", "pattern-relaxed"), False, where,
                    f"pattern changed from {old} to {new}",
                    removed[0][1] if removed else sa.node, added[0][1] if added else sb.node)


def formats(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result, *,
            numeric: bool = False) -> None:
    """Compare the formats of strings, or (``numeric``) OpenAPI's number formats."""
    a_formats = {f for f, _ in sa.formats if (f in NUMERIC_FORMATS) == numeric}
    b_formats = {f for f, _ in sb.formats if (f in NUMERIC_FORMATS) == numeric}
    if a_formats == b_formats:
        return
    old, new = walker.old_new(" and ".join(sorted(a_formats)) or "none",
                              " and ".join(sorted(b_formats)) or "none")
    text = f"format changed from {old} to {new}"
    a_node = next((n for f, n in sa.formats if f in a_formats), sa.node)
    for fmt, node in sb.formats:
        if fmt not in b_formats:
            continue
        if fmt in a_formats or any((f, fmt) in SUBFORMATS for f in a_formats):
            continue
        if a_formats and not any((fmt, f) in SUBFORMATS for f in a_formats):
            walker.emit(out, "format-changed", True, where, text, a_node, node)
        else:
            walker.emit(out, ("format-narrowed", "format-widened"), True, where, text, a_node,
                        node)
        return
    walker.emit(out, ("format-narrowed", "format-widened"), False, where, text, a_node,
                next((n for f, n in sb.formats if f in b_formats), sb.node))
