"""Types, enums, numbers and annotations of two shapes (strings: ``strings.py``).

Each check asks whether the reader accepts every value of the writer's for one
keyword family, from the writer's effective constraints: an integer-only or
``multipleOf`` writer's largest value under its maximum, the enum values it
really accepts.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from accord.kinds.jsonschema.model import ALL_TYPES, Bound, Shape, fraction, freeze
from accord.kinds.jsonschema.values import finite_values, show
from accord.source import Node
from accord.source.workspace import node_below as child

if TYPE_CHECKING:
    from accord.kinds.jsonschema.engine import Result, Walker, Where

#: The concept a keyword a value fails names (narrows, widens).
KEYWORD_CONCEPTS: dict[str, tuple[str, str]] = {
    "type": ("type-narrowed", "type-widened"),
    "enum": ("enum-value-removed", "enum-value-added"),
    "const": ("enum-value-removed", "enum-value-added"),
    "minimum": ("minimum-increased", "minimum-decreased"),
    "maximum": ("maximum-decreased", "maximum-increased"),
    "multipleOf": ("multiple-of-narrowed", "multiple-of-relaxed"),
    "minLength": ("min-length-increased", "min-length-decreased"),
    "maxLength": ("max-length-decreased", "max-length-increased"),
    "pattern": ("pattern-narrowed", "pattern-relaxed"),
    "format": ("format-narrowed", "format-widened"),
    "minItems": ("min-items-increased", "min-items-decreased"),
    "maxItems": ("max-items-decreased", "max-items-increased"),
    "uniqueItems": ("unique-items-added", "unique-items-removed"),
    "contains": ("contains-added", "contains-removed"),
    "minProperties": ("min-properties-increased", "min-properties-decreased"),
    "maxProperties": ("max-properties-decreased", "max-properties-increased"),
    "required": ("required-added", "required-removed"),
    "propertyNames": ("property-names-added", "property-names-removed"),
    "dependentRequired": ("dependent-required-added", "dependent-required-removed"),
    "not": ("not-extended", "not-reduced"),
    "anyOf": ("alternative-removed", "alternative-added"),
    "oneOf": ("alternative-removed", "alternative-added"),
    "false": ("schema-forbidden", "schema-allowed"),
}
_ENUM = ("enum-value-removed", "enum-value-added")

def lost(walker: Walker, violation: bool) -> bool:
    """Whether, from base to revision, the difference takes acceptance away."""
    return violation != walker.flipped


def accepted(walker: Walker, violation: bool) -> str:
    return "no longer accepted" if lost(walker, violation) else "newly accepted"


def types_text(types: frozenset[str] | None) -> str:
    if types is None:
        return "any"
    return " or ".join(sorted(types)) if types else "nothing"


# --- annotations ------------------------------------------------------------------------

_NOTES = (("title", "title-changed"), ("description", "description-changed"))
_NOTE_KEYS = ("title", "description", "default", "deprecated", "readOnly", "writeOnly",
              "$id", "id", "$schema")


def _differ(old: Any, new: Any) -> bool:
    """Whether two annotation values differ as JSON (``true`` is not ``1``)."""
    if old == new and type(old) is type(new):
        return isinstance(old, dict | list) and freeze(old) != freeze(new)
    return old != new or type(old) is not type(new)


def notes(walker: Walker, na: Node, nb: Node, where: Where, out: Result) -> None:
    """Annotations of the schema objects written at a position (``na``, ``nb``)."""
    va, vb = na.value, nb.value
    if not isinstance(va, dict) or not isinstance(vb, dict) or va is vb:
        return
    if not any(_differ(va.get(key), vb.get(key)) or ((key in va) != (key in vb))
               for key in _NOTE_KEYS if key in va or key in vb):
        return
    old, new = walker.old_new(va, vb)
    rev_node, rev_value = (na, va) if walker.flipped else (nb, vb)

    def at(key: str) -> tuple[Node, Node]:
        """Where a keyword change is reported: the keyword in the revision, else
        the revision's schema."""
        node = child(rev_node, key) if key in rev_value else rev_node
        return node, node

    for key, concept in _NOTES:
        if _differ(old.get(key), new.get(key)):
            walker.emit(out, concept, False, where, f"{key} changed from {show(old.get(key))} "
                        f"to {show(new.get(key))}", *at(key))
    if ("default" in old) != ("default" in new) or _differ(old.get("default"),
                                                          new.get("default")):
        walker.emit(out, "default-changed", False, where,
                    f"default changed from {show(old.get('default', '(none)'))} to "
                    f"{show(new.get('default', '(none)'))}", *at("default"))
    if (old.get("deprecated") is True) != (new.get("deprecated") is True):
        concept = "deprecated" if new.get("deprecated") is True else "undeprecated"
        text = "now deprecated" if concept == "deprecated" else "no longer deprecated"
        walker.emit(out, concept, False, where, text, *at("deprecated"))
    for key in ("readOnly", "writeOnly"):
        if (old.get(key) is True) != (new.get(key) is True):
            walker.emit(out, "read-only-changed", False, where,
                        f"{key} changed from {bool(old.get(key))} to {bool(new.get(key))}",
                        *at(key))
    for key in ("$id", "id"):
        if isinstance(old.get(key), str) and isinstance(new.get(key), str) \
                and old[key] != new[key]:
            walker.emit(out, "id-changed", False, where,
                        f"{key} changed from {old[key]!r} to {new[key]!r}", *at(key))
    if na.pointer == "" and nb.pointer == "" and isinstance(old.get("$schema"), str) \
            and isinstance(new.get("$schema"), str) and old["$schema"] != new["$schema"]:
        walker.emit(out, "draft-changed", False, where,
                    f"$schema changed from {old['$schema']!r} to {new['$schema']!r}",
                    *at("$schema"))


# --- types ---------------------------------------------------------------------------------


def integral(shape: Shape) -> bool:
    """Whether every number the shape accepts is an integer."""
    if shape.types is not None and "integer" in shape.types and "number" not in shape.types:
        return True
    return any(step.denominator == 1 for step, _ in shape.multiple_of)


def types(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> set[str]:
    """Report type differences; the kinds both accept, whose keywords are compared next."""
    ta = sa.types if sa.types is not None else ALL_TYPES
    tb = sb.types if sb.types is not None else ALL_TYPES
    lost_kinds: list[str] = []
    for kind in ta:
        if kind == "number" and "number" not in tb:
            if "integer" not in tb or not integral(sa):
                lost_kinds.append(kind)
        elif kind == "integer":
            if "integer" not in tb and "number" not in tb:
                lost_kinds.append(kind)
        elif kind not in tb:
            lost_kinds.append(kind)
    gained = [k for k in tb if (k == "number" and "number" not in ta) or (
        k == "integer" and "integer" not in ta and "number" not in ta) or (
        k not in ("number", "integer") and k not in ta)]
    old, new = walker.old_new(sa.types, sb.types)
    text = f"type changed from {types_text(old)} to {types_text(new)}"
    a_node = sa.type_node or sa.node
    b_node = sb.type_node or sb.node
    numeric = {"number", "integer"}
    shared = {k for k in ta if (k in tb) or (k in numeric and tb & numeric)}
    if lost_kinds and not shared:
        walker.emit(out, "type-changed", True, where, text, a_node, b_node)
        return set()
    if lost_kinds:
        walker.emit(out, ("type-narrowed", "type-widened"), True, where, text, a_node, b_node)
    elif gained:
        walker.emit(out, ("type-narrowed", "type-widened"), False, where, text, a_node, b_node)
    kinds = {("number" if k in numeric else k) for k in shared}
    return kinds


# --- enums ---------------------------------------------------------------------------------


def enum_values(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    """The writer lists its values: check each against the reader."""
    assert sa.enum is not None
    a_parts = walker.atoms(sa)
    b_parts = walker.atoms(sb)
    values = [v for v in sa.enum if walker.va.check(a_parts, v) is None]
    failures: dict[tuple[str, str, str], tuple[tuple[str, str], Any, list[Any], str]] = {}
    for value in values:
        failed = walker.vb.check(b_parts, value)
        if failed is None:
            continue
        concept = KEYWORD_CONCEPTS.get(failed.keyword, _ENUM)
        node = failed.node or sb.node
        key = (concept[0], node.doc.display, node.pointer)
        found = failures.setdefault(key, (concept, node, [], failed.detail))
        found[2].append(value)
    for concept, node, rejected, detail in failures.values():
        shown = ", ".join(show(v) for v in rejected[:5]) + (" ..." if len(rejected) > 5 else "")
        text = f"{shown} {accepted(walker, True)}" + (
            f" ({detail})" if len(rejected) == 1 else "")
        walker.emit(out, concept, True, where, text, sa.enum_node or sa.node, node)
    if sb.enum is None:
        walker.emit(out, ("enum-added", "enum-removed"), False, where,
                    "values restricted to an enum" if lost(walker, False)
                    else f"the {sa.enum_keyword} restriction was removed",
                    sa.enum_node or sa.node, sb.node)
        return
    known = {freeze(v) for v in sa.enum}
    extra = [v for v in sb.enum if freeze(v) not in known and walker.vb.accepts(b_parts, v)]
    if extra:
        shown = ", ".join(show(v) for v in extra[:5])
        walker.emit(out, _ENUM, False, where, f"{shown} {accepted(walker, False)}",
                    sa.enum_node or sa.node, sb.enum_node or sb.node)


def enum_restricted(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    """The reader lists its values, the writer does not."""
    assert sb.enum is not None
    listed = ", ".join(show(v) for v in sb.enum[:5]) + (" ..." if len(sb.enum) > 5 else "")
    candidates = finite_values(sa)
    concept = ("enum-added", "enum-removed")
    if candidates is not None:
        a_parts, b_parts = walker.atoms(sa), walker.atoms(sb)
        rejected = [v for v in candidates if walker.va.accepts(a_parts, v)
                    and not walker.vb.accepts(b_parts, v)]
        if rejected:
            walker.emit(out, concept, True, where,
                        f"values restricted to {listed}: "
                        f"{', '.join(show(v) for v in rejected[:3])} {accepted(walker, True)}",
                        sa.node, sb.enum_node or sb.node)
        return
    doubt = "the base's pattern may allow only listed values" if sa.patterns else None
    with walker.doubt(doubt):
        text = f"values restricted to {listed}" if lost(walker, True) \
            else f"the restriction to {listed} was removed"
        walker.emit(out, concept, True, where, text, sa.node, sb.enum_node or sb.node)


# --- numbers ---------------------------------------------------------------------------------


def step(shape: Shape) -> Fraction | None:
    """Every number the shape accepts is a multiple of this (None: no such step)."""
    found: Fraction | None = Fraction(1) if shape.types is not None and (
        "integer" in shape.types and "number" not in shape.types) else None
    for value, _node in shape.multiple_of:
        found = value if found is None else _lcm(found, value)
    return found


def _lcm(a: Fraction, b: Fraction) -> Fraction:
    return Fraction(math.lcm(a.numerator, b.numerator), math.gcd(a.denominator, b.denominator))


def _frac(value: int | float) -> Fraction:
    return fraction(value)


def _effective(bound: Bound | None, unit: Fraction | None,
               upper: bool) -> tuple[Fraction | int | float, bool] | None:
    """A writer's bound as (value, inclusive), moved to the last multiple of ``unit``
    (ints and floats compare exactly with each other: no conversion without a unit)."""
    if bound is None:
        return None
    if unit is None:
        return bound.value, not bound.exclusive
    value = _frac(bound.value)
    steps = value / unit
    count = math.floor(steps) if upper else math.ceil(steps)
    if bound.exclusive and count == steps:
        count += -1 if upper else 1
    return count * unit, True


def _show_bound(bound: Bound | None) -> str:
    if bound is None:
        return "none"
    return f"{show(bound.value)}{' (exclusive)' if bound.exclusive else ''}"


def numbers(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    if not (sa.minimum or sa.maximum or sb.minimum or sb.maximum or sa.multiple_of
            or sb.multiple_of):
        return
    unit = step(sa)
    low = _effective(sa.minimum, unit, False)
    high = _effective(sa.maximum, unit, True)
    if low is not None and high is not None and (
            low[0] > high[0] or (low[0] == high[0] and not (low[1] and high[1]))):
        return  # the writer accepts no number at all
    for upper, a_bound, b_bound, limit in ((True, sa.maximum, sb.maximum, high),
                                            (False, sa.minimum, sb.minimum, low)):
        concept = ("maximum-decreased", "maximum-increased") if upper else (
            "minimum-increased", "minimum-decreased")
        violation = False
        if b_bound is not None:
            b_value = b_bound.value
            if limit is None:
                violation = True
            else:
                beyond = limit[0] > b_value if upper else limit[0] < b_value
                violation = beyond or (limit[0] == b_value and limit[1] and b_bound.exclusive)
        if violation or _looser(a_bound, b_bound, upper):
            name = "maximum" if upper else "minimum"
            old, new = walker.old_new(_show_bound(a_bound), _show_bound(b_bound))
            walker.emit(out, concept, violation, where, f"{name} changed from {old} to {new}",
                        a_bound.node if a_bound else sa.node, b_bound.node if b_bound else sb.node)
    _multiples(walker, sa, sb, unit, where, out)


def _looser(a: Bound | None, b: Bound | None, upper: bool) -> bool:
    """Whether the reader's bound as written accepts more than the writer's."""
    if a is None:
        return False
    if b is None:
        return True
    if a.value != b.value:
        return b.value > a.value if upper else b.value < a.value
    return a.exclusive and not b.exclusive


def _multiples(walker: Walker, sa: Shape, sb: Shape, unit: Fraction | None, where: Where,
               out: Result) -> None:
    if not sa.multiple_of and not sb.multiple_of:
        return
    violation = any(unit is None or (unit / value).denominator != 1
                    for value, _ in sb.multiple_of)
    b_unit = step(sb)
    reverse = any(b_unit is None or (b_unit / value).denominator != 1
                  for value, _ in sa.multiple_of)
    old, new = walker.old_new(", ".join(str(v) for v, _ in sa.multiple_of) or "none",
                              ", ".join(str(v) for v, _ in sb.multiple_of) or "none")
    text = f"multipleOf changed from {old} to {new}"
    a_node = sa.multiple_of[0][1] if sa.multiple_of else sa.node
    b_node = sb.multiple_of[0][1] if sb.multiple_of else sb.node
    if violation and reverse and sa.multiple_of:
        walker.emit(out, "multiple-of-changed", True, where, text, a_node, b_node)
    elif violation or reverse:
        walker.emit(out, ("multiple-of-narrowed", "multiple-of-relaxed"), violation, where,
                    text, a_node, b_node)
