"""Objects: properties by name, property-name regions, required, counts, names,
dependencies.

A property name falls in one region of each side: declared (``properties``),
matched by some ``patternProperties``, or neither (``additionalProperties``,
else ``unevaluatedProperties``, else anything: an open content model). The
schemas that apply to a name are compared for every declared name, for each
pattern's region, and for the names no pattern matches. A name declared on one
side only is compared with what the other side applies to it there, and
reported once, with the reason when the reader rejects something.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from accord.kinds.jsonschema.model import NONE, Children, Parts, Shape, property_parts
from accord.kinds.jsonschema.regex import TooLarge, find, language
from accord.kinds.jsonschema.shape import Side
from accord.source import Node

if TYPE_CHECKING:
    from accord.kinds.jsonschema.engine import Result, Walker, Where

_REMOVED = ("property-removed-not-covered", "property-removed")
_PATTERN_ADDED = ("pattern-property-added-not-covered", "pattern-property-added")
_PATTERN_REMOVED = ("pattern-property-removed-not-covered", "pattern-property-removed")


def _added(open_model: bool) -> tuple[str, str]:
    return ("property-added-to-open-model" if open_model else "property-added-not-covered",
            "property-added")


def anything(side: Side, parts: Parts) -> bool:
    """Whether the conjunction accepts every value (nothing, ``true`` or ``{}``)."""
    return all(node.value is True or node.value == {} for node, _ in parts)


def compare(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    if not sa.has_objects and not sb.has_objects:
        return
    _properties(walker, sa, sb, where, out)
    _required(walker, sa, sb, where, out)
    _patterns(walker, sa, sb, where, out)
    _others(walker, sa, sb, where, out)
    _counts(walker, sa, sb, where, out)
    _names(walker, sa, sb, where, out)
    _dependencies(walker, sa, sb, where, out)


def _or_true(walker: Walker, parts: Parts, shape: Shape) -> Parts:
    return parts or ((walker.true_node(shape.node), NONE),)


def _declared_at(shape: Shape, name: str) -> Node | None:
    for part in shape.objects:
        found = part.properties.get(name)
        if found is not None:
            return found
    return None


def _summary(walker: Walker, pair: tuple[str, str], a_parts: Parts | None, b_parts: Parts,
             sa: Shape, sb: Shape, here: Where, out: Result, text: str,
             a_node: Node | None, b_node: Node | None) -> None:
    """One change for a name declared on one side, leveled by whether the reader
    accepts every value the writer may write there (``a_parts`` None: none)."""
    worst = 0
    reasons = ""
    if a_parts is not None:
        result = walker.trial(_or_true(walker, a_parts, sa), _or_true(walker, b_parts, sb), here)
        worst = result.worst
        reasons = result.reasons(here.subject) if worst else ""
    violation = worst > 0
    if reasons:
        text = f"{text}: {reasons}"
    with walker.doubt("the comparison of its values was not decided" if worst == 1 else None):
        walker.emit(out, pair, violation, here, text, a_node, b_node)


def _plain(shape: Shape) -> Mapping[str, Node] | None:
    """The declared properties, when nothing else applies to them (one
    ``properties``, no patterns, nothing unevaluated)."""
    if len(shape.objects) == 1 and not shape.objects[0].patterns \
            and not shape.unevaluated_properties:
        return shape.objects[0].properties
    return None


def _properties(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    a_plain, b_plain = _plain(sa), _plain(sb)
    if isinstance(a_plain, Children) and isinstance(b_plain, Children):
        names = _plain_properties(walker, a_plain, b_plain, where, out)
    else:
        names = [*sa.declared(), *(n for n in sb.declared() if n not in sa.declared())]
    a_set, b_set = set(sa.declared()), set(sb.declared())
    for name in names:
        a_parts = property_parts(sa, name)
        b_parts = property_parts(sb, name)
        here = where.prop(name)
        if name in a_set and name in b_set:
            walker.compare(_or_true(walker, a_parts, sa), _or_true(walker, b_parts, sb), here,
                           out)
            continue
        added = (name in b_set) != walker.flipped  # from base to revision
        text = "property added" if added else "property removed"
        if name in b_set:
            open_model = anything(walker.a, a_parts)
            pair = _added(open_model) if not walker.flipped else _REMOVED
            writes = None if walker.lenient and open_model else a_parts
            _summary(walker, pair, writes, b_parts, sa, sb, here, out, text, None,
                     _declared_at(sb, name))
        else:
            pair = _REMOVED if not walker.flipped else _added(anything(walker.b, b_parts))
            _summary(walker, pair, a_parts, b_parts, sa, sb, here, out, text,
                     _declared_at(sa, name), None)


def _plain_properties(walker: Walker, a_plain: Children, b_plain: Children, where: Where,
                      out: Result) -> list[str]:
    """Compare the properties both sides declare (one ``properties`` each, nothing
    else applying); the names declared on one side only, for the general path."""
    a_raw, b_raw = a_plain.raw, b_plain.raw
    a_digest, b_digest = walker.a.digest, walker.b.digest
    a_known, b_known = walker.a.digests, walker.b.digests
    refer = walker.a.referring(a_raw)
    alone: list[str] = []
    for name, va in a_raw.items():
        vb = b_raw.get(name, _MISSING)
        if vb is _MISSING:
            alone.append(name)
        # Most properties of two versions are written identically: skip those.
        elif va is not vb and ((a_known.get(id(va)) or a_digest(va)) != (
                b_known.get(id(vb)) or b_digest(vb)) or name in refer):
            walker.compare(((a_plain[name], NONE),), ((b_plain[name], NONE),),
                           where.prop(name), out, known_different=True)
    alone.extend(name for name in b_raw if name not in a_raw)
    return alone


_MISSING = object()


def _required(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    concept = ("required-added", "required-removed")
    for name, node in sb.required.items():
        if name in sa.required:
            continue
        if any(name in needed and trigger in sa.required
               for trigger, needed in sa.dependent_required.items()):
            continue
        text = f"property {name!r} became required" if not walker.flipped \
            else f"property {name!r} is no longer required"
        declared = _declared_at(sb, name)
        filled = declared is not None and any(
            isinstance(n.value, dict) and "default" in n.value
            for n in (declared, walker.b.target(declared)))
        # A reader's default fills the property in where the writer left it out
        # (as registries count it); one that validates before applying defaults
        # still rejects those objects.
        with walker.doubt("the reader gives it a default" if filled else None):
            walker.emit(out, concept, True, where, text, sa.node, node)
    for name, node in sa.required.items():
        if name not in sb.required:
            text = f"property {name!r} is no longer required" if not walker.flipped \
                else f"property {name!r} became required"
            walker.emit(out, concept, False, where, text, node, sb.node)


def _relation(pattern: str, other: str) -> str:
    """``sub`` (every name matching ``pattern`` matches ``other``), ``disjoint``,
    ``overlap`` or ``unknown``."""
    if pattern == other:
        return "sub"
    mine, theirs = language(pattern), language(other)
    if mine is None or theirs is None:
        return "unknown"
    try:
        if find([mine], [theirs]) is None:
            return "sub"
        if find([mine, theirs]) is None:
            return "disjoint"
    except TooLarge:
        return "unknown"
    return "overlap"


def _region(shape: Shape, pattern: str) -> tuple[Parts, bool]:
    """The schemas for names matching ``pattern`` (and no declared name), and whether
    that is exact (other patterns of the shape may overlap it only partly)."""
    found: list[tuple[Node, frozenset[str]]] = []
    exact = True
    evaluated = False
    for part in shape.objects:
        applies_all = False
        overlaps = False
        for other, schema in part.patterns.items():
            relation = _relation(pattern, other)
            if relation == "sub":
                found.append((schema, NONE))
                applies_all = True
            elif relation != "disjoint":
                overlaps = True
                exact = False
        if not applies_all and not overlaps and part.additional is not None:
            found.append((part.additional, NONE))
        evaluated = evaluated or applies_all or part.additional is not None
    if not evaluated:
        found.extend((n, NONE) for n in shape.unevaluated_properties)
    return tuple(found), exact


def _pattern_node(shape: Shape, pattern: str) -> Node | None:
    for part in shape.objects:
        found = part.patterns.get(pattern)
        if found is not None:
            return found
    return None


def _patterns(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    a_keys = sa.pattern_keys()
    b_keys = sb.pattern_keys()
    if not a_keys and not b_keys:
        return
    for pattern in [*a_keys, *(k for k in b_keys if k not in a_keys)]:
        a_parts, a_exact = _region(sa, pattern)
        b_parts, b_exact = _region(sb, pattern)
        here = where.tag(f".<{pattern}>", "property")
        doubt = None if a_exact and b_exact else \
            "patternProperties overlap in a way the engine cannot split exactly"
        with walker.doubt(doubt):
            if pattern in a_keys and pattern in b_keys:
                walker.compare(_or_true(walker, a_parts, sa), _or_true(walker, b_parts, sb),
                               here, out)
                continue
            added = (pattern in b_keys) != walker.flipped
            text = "patternProperties entry added" if added else \
                "patternProperties entry removed"
            if pattern in b_keys:
                pair = _PATTERN_ADDED if not walker.flipped else _PATTERN_REMOVED
                open_model = anything(walker.a, a_parts)
                writes = None if walker.lenient and open_model else a_parts
                _summary(walker, pair, writes, b_parts, sa, sb, here, out, text, None,
                         _pattern_node(sb, pattern))
            else:
                pair = _PATTERN_REMOVED if not walker.flipped else _PATTERN_ADDED
                _summary(walker, pair, a_parts, b_parts, sa, sb, here, out, text,
                         _pattern_node(sa, pattern), None)


def _other_parts(shape: Shape) -> tuple[Parts, Node | None]:
    """The schemas for names no keyword declares or matches, and where they are."""
    extra = [(p.additional, NONE) for p in shape.objects if p.additional is not None]
    if not extra:
        extra = [(n, NONE) for n in shape.unevaluated_properties]
    node = extra[0][0] if extra else None
    return tuple(extra), node


def _others_exist(sa: Shape, sb: Shape) -> bool:
    """Whether some property name matches no pattern of either side."""
    langs = [language(p) for p in {*sa.pattern_keys(), *sb.pattern_keys()}]
    if not langs or any(lang is None for lang in langs):
        return True
    try:
        return find([], [lang for lang in langs if lang is not None]) is not None
    except TooLarge:
        return True


def _others(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    a_parts, _ = _other_parts(sa)
    b_parts, _ = _other_parts(sb)
    if not a_parts and not b_parts:
        return
    if walker.lenient and anything(walker.a, a_parts):
        return  # writers do not write undeclared properties
    if not _others_exist(sa, sb):
        return
    here = where.tag(".*", "additional-properties")
    walker.compare(_or_true(walker, a_parts, sa), _or_true(walker, b_parts, sb), here, out)


def _closed_count(walker: Walker, shape: Shape) -> int | None:
    """How many properties an object can have at most when its model is closed."""
    parts, _ = _other_parts(shape)
    if not parts or shape.pattern_keys():
        return None
    if not walker.a.shape(parts).never:
        return None
    return sum(1 for name in shape.declared()
               if not walker.a.shape(_or_true(walker, property_parts(shape, name),
                                              shape)).never)


def _counts(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    a_min = max(sa.min_properties[0] if sa.min_properties else 0, len(sa.required))
    raw_a_min = sa.min_properties[0] if sa.min_properties else 0
    b_min = sb.min_properties[0] if sb.min_properties else 0
    if b_min > a_min or raw_a_min > b_min:
        old, new = walker.old_new(raw_a_min, b_min)
        walker.emit(out, ("min-properties-increased", "min-properties-decreased"),
                    b_min > a_min, where, f"minProperties changed from {old} to {new}",
                    sa.min_properties[1] if sa.min_properties else sa.node,
                    sb.min_properties[1] if sb.min_properties else sb.node)
    raw_a_max = sa.max_properties[0] if sa.max_properties else None
    b_max = sb.max_properties[0] if sb.max_properties else None
    if b_max is None and raw_a_max is None:
        return
    a_max = raw_a_max
    if b_max is not None and (a_max is None or a_max > b_max):
        closed = _closed_count(walker, sa)
        if closed is not None:
            a_max = closed if a_max is None else min(a_max, closed)
    violation = b_max is not None and (a_max is None or a_max > b_max)
    looser = raw_a_max is not None and (b_max is None or b_max > raw_a_max)
    if violation or looser:
        old, new = walker.old_new(raw_a_max if raw_a_max is not None else "none",
                                  b_max if b_max is not None else "none")
        walker.emit(out, ("max-properties-decreased", "max-properties-increased"), violation,
                    where, f"maxProperties changed from {old} to {new}",
                    sa.max_properties[1] if sa.max_properties else sa.node,
                    sb.max_properties[1] if sb.max_properties else sb.node)


_STRING = {"type": "string"}


def _names(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    concept = ("property-names-added", "property-names-removed")
    if not sb.property_names:
        if sa.property_names:
            walker.emit(out, concept, False, where, "propertyNames changed",
                        sa.property_names[0], sb.node)
        return
    string = walker.node_for("string", sa.node, _STRING)
    b_parts = tuple((n, NONE) for n in sb.property_names)
    here = where.tag("<propertyNames>", "property-names")
    if sa.property_names:
        a_parts = ((string, NONE), *((n, NONE) for n in sa.property_names))
        walker.compare(a_parts, b_parts, here, out)
        return
    other, _ = _other_parts(sa)
    if not other or not walker.a.shape(other).never or sa.pattern_keys():
        result = walker.trial(((string, NONE),), b_parts, here)
        if result.worst:
            with walker.doubt("the comparison of names was not decided"
                              if result.worst == 1 else None):
                walker.emit(out, concept, True, where,
                            f"propertyNames now restricts names: {result.reasons()}",
                            sa.node, sb.property_names[0])
        return
    refused = [name for name in sa.declared()
               if not walker.vb.accepts(b_parts, name)
               and not walker.a.shape(_or_true(walker, property_parts(sa, name), sa)).never]
    if refused:
        walker.emit(out, concept, True, where,
                    f"propertyNames refuses {', '.join(map(repr, refused[:5]))}",
                    sa.node, sb.property_names[0])


def _dependencies(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    concept = ("dependent-required-added", "dependent-required-removed")
    for trigger, needed in sb.dependent_required.items():
        have = sa.dependent_required.get(trigger, {})
        present = property_parts(sa, trigger)
        if present and walker.a.shape(present).never:
            continue  # the writer never writes the trigger
        for name, node in needed.items():
            if name in have or name in sa.required:
                continue
            walker.emit(out, concept, True, where,
                        f"{name!r} is {'now' if not walker.flipped else 'no longer'} required "
                        f"when {trigger!r} is present", sa.node, node)
    for trigger, needed in sa.dependent_required.items():
        for name, node in needed.items():
            if name not in sb.dependent_required.get(trigger, {}):
                walker.emit(out, concept, False, where,
                            f"{name!r} is {'no longer' if not walker.flipped else 'now'} "
                            f"required when {trigger!r} is present", node, sb.node)
    schema_concept = ("dependent-schema-added", "dependent-schema-removed")
    for trigger, b_nodes in sb.dependent_schemas.items():
        a_nodes = sa.dependent_schemas.get(trigger, [])
        a_dep = tuple((n, NONE) for n in a_nodes)
        b_parts = tuple((n, NONE) for n in b_nodes)
        if walker.same(a_dep, b_parts):
            continue
        with_trigger = walker.node_for(("present", trigger), sa.node,
                                       {"type": "object", "required": [trigger]})
        a_all = walker.atoms(sa, ((with_trigger, NONE), *a_dep))
        if a_dep and not walker.lenient and walker.a.shape(a_all).never \
                and not walker.a.shape(a_dep).never:
            # No object with the trigger passes the writer's dependent schema (a
            # schema for the trigger's value, as written): strict compares the two
            # dependent schemas as written, as registries do.
            walker.compare(a_dep, b_parts, where.tag(f"<when {trigger}>"), out)
            continue
        here = where.tag(f"<when {trigger}>", quiet=True)
        result = walker.trial(a_all, b_parts, here)
        if a_nodes:
            out.link(result)
        elif result.worst:
            with walker.doubt("the comparison was not decided" if result.worst == 1 else None):
                walker.emit(out, schema_concept, True, where,
                            f"a schema now applies when {trigger!r} is present: "
                            f"{result.reasons()}", sa.node, b_nodes[0])
    for trigger, a_nodes in sa.dependent_schemas.items():
        if trigger not in sb.dependent_schemas:
            walker.emit(out, schema_concept, False, where,
                        f"the schema that applied when {trigger!r} is present was removed",
                        a_nodes[0], sb.node)
