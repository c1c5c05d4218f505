"""Comparing two effective schemas keyword by keyword.

Each function reads a base and a revision :class:`Shape` and reports through a
:class:`Context`; the direction (and so the level) comes from the rule the
context names, never from here. Nested schemas (properties, items,
additionalProperties, prefixItems) go back to the engine through
``Context.descend``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from accord.core.change import Direction
from accord.kinds.openapi.schema_rules import SCOPES, Scope
from accord.kinds.openapi.schema_shape import (
    BOUND_KEYS,
    EMPTY,
    Bound,
    Shape,
    Side,
    at,
    freeze,
    intersect_types,
    tighter,
)
from accord.source import Node

if TYPE_CHECKING:
    from accord.kinds.openapi.schema_engine import Engine, Result

_BOUND_NAMES = {
    "maxLength": ("max-length", "maximum length"),
    "minLength": ("min-length", "minimum length"),
    "maxItems": ("max-items", "maximum number of items"),
    "minItems": ("min-items", "minimum number of items"),
    "maxProperties": ("max-properties", "maximum number of properties"),
    "minProperties": ("min-properties", "minimum number of properties"),
    "maximum": ("maximum", "maximum"),
    "minimum": ("minimum", "minimum"),
}


class Context:
    """Where the comparison is: scope (rule prefix, direction), path, and the
    result the changes go to."""

    __slots__ = ("engine", "out", "scope", "where")

    def __init__(self, engine: Engine, scope: Scope, where: str, out: Result) -> None:
        self.engine = engine
        self.scope = scope
        self.where = where
        self.out = out

    @property
    def request(self) -> bool:
        return self.scope.direction is Direction.REQUEST

    def emit(self, concept: str, text: str, node: Node) -> None:
        scope = self.scope
        subject = f"{scope.noun} '{self.where}'" if self.where else scope.noun
        self.out.changes.append(
            self.engine.catalog.change(f"{scope.prefix}-{concept}", f"{subject} {text}",
                                       node.location)
        )

    def emit_property(self, concept: str, name: str, text: str, node: Node) -> None:
        scope = self.scope
        message = f"{scope.property_noun} '{join(self.where, name)}' {text}"
        self.out.changes.append(
            self.engine.catalog.change(f"{scope.property_prefix}-{concept}", message,
                                       node.location)
        )

    def descend(self, base: list[Node], revision: list[Node], scope: Scope, where: str) -> None:
        self.engine.position(base, revision, scope, where, self.out)


def join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def show(value: Any) -> str:
    """A value for a one-line message: strings quoted, others as compact JSON."""
    if isinstance(value, str):
        text = f"'{value}'"
    else:
        try:
            text = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
        except TypeError:
            text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def show_types(types: frozenset[str]) -> str:
    return "/".join(sorted(types)) or "nothing"


def _show_values(values: list[tuple[Any, Node]]) -> str:
    shown = ", ".join(show(v) for v, _ in values[:5])
    return shown + (f" and {len(values) - 5} more" if len(values) > 5 else "")


def _covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def compare_keywords(ctx: Context, b: Shape, r: Shape) -> None:
    """Everything but oneOf/anyOf groups (the engine pairs those)."""
    disjoint = _types(ctx, b, r)
    _nullable(ctx, b, r)
    _default(ctx, b, r)
    if disjoint:
        return  # a new type: its keywords are not comparable with the old ones
    _format(ctx, b, r)
    _enum(ctx, b, r)
    _pattern(ctx, b, r)
    _bounds(ctx, b, r)
    _multiple_of(ctx, b, r)
    _unique(ctx, b, r)
    _discriminator(ctx, b, r)
    _dependent_required(ctx, b, r)
    properties(ctx, b, r)
    _additional(ctx, b, r)
    _items(ctx, b, r)
    _prefix_items(ctx, b, r)


def _types(ctx: Context, b: Shape, r: Shape) -> bool:
    """Report a type change; True when no old value has a valid type any more."""
    bt, rt = b.types, r.types
    if bt == rt:
        return False
    if bt is None:
        assert rt is not None
        ctx.emit("type-narrowed", f"type set to {show_types(rt)} (was unconstrained)",
                 r.type_node or r.node)
        return False
    if rt is None:
        ctx.emit("type-widened", f"type {show_types(bt)} removed (any type is allowed now)",
                 b.type_node or b.node)
        return False
    text = f"from {show_types(bt)} to {show_types(rt)}"
    where = r.type_node or r.node
    if _covers(rt, bt):
        ctx.emit("type-widened", f"type widened {text}", where)
        return False
    if _covers(bt, rt):
        ctx.emit("type-narrowed", f"type narrowed {text}", where)
        return False
    ctx.emit("type-changed", f"type changed {text}", where)
    return not intersect_types(bt, rt)


def _nullable(ctx: Context, b: Shape, r: Shape) -> None:
    if b.nullable == r.nullable:
        return
    if r.nullable:
        ctx.emit("became-nullable", "became nullable", r.nullable_node or r.node)
    else:
        ctx.emit("became-not-nullable", "is no longer nullable", b.nullable_node or b.node)


def _default(ctx: Context, b: Shape, r: Shape) -> None:
    bd, rd = b.default, r.default
    if bd is None and rd is None:
        return
    if bd is None:
        assert rd is not None
        ctx.emit("default-added", f"default {show(rd[0])} added", rd[1])
    elif rd is None:
        ctx.emit("default-removed", f"default {show(bd[0])} removed", bd[1])
    elif freeze(bd[0]) != freeze(rd[0]):
        ctx.emit("default-changed", f"default changed from {show(bd[0])} to {show(rd[0])}",
                 rd[1])


def _format(ctx: Context, b: Shape, r: Shape) -> None:
    bf, rf = b.format, r.format
    if bf == rf:
        return
    if bf is None:
        ctx.emit("format-added", f"format '{rf}' added", r.format_node or r.node)
    elif rf is None:
        ctx.emit("format-removed", f"format '{bf}' removed", b.format_node or b.node)
    else:
        ctx.emit("format-changed", f"format changed from '{bf}' to '{rf}'",
                 r.format_node or r.node)


def _enum(ctx: Context, b: Shape, r: Shape) -> None:
    be, re_ = b.enum, r.enum
    if be is None and re_ is None:
        return
    if be is None:
        assert re_ is not None
        ctx.emit("enum-added", f"restricted to {r.enum_keyword} {_show_values(re_)}",
                 r.enum_node or r.node)
        return
    if re_ is None:
        ctx.emit("enum-removed", f"{b.enum_keyword} removed (was {_show_values(be)})",
                 b.enum_node or b.node)
        return
    # null in an enum goes with nullable (3.0 asks for both): reported as nullability
    old = {freeze(v) for v, _ in be}
    new = {freeze(v) for v, _ in re_}
    for value, node in be:
        if value is not None and freeze(value) not in new:
            ctx.emit("enum-value-removed", f"{b.enum_keyword} value {show(value)} removed", node)
    for value, node in re_:
        if value is not None and freeze(value) not in old:
            ctx.emit("enum-value-added", f"{r.enum_keyword} value {show(value)} added", node)


def _pattern(ctx: Context, b: Shape, r: Shape) -> None:
    bp, rp = b.pattern, r.pattern
    if bp == rp:
        return
    if bp is None:
        ctx.emit("pattern-added", f"pattern {show(rp)} added", r.pattern_node or r.node)
    elif rp is None:
        ctx.emit("pattern-removed", f"pattern {show(bp)} removed", b.pattern_node or b.node)
    else:
        ctx.emit("pattern-changed", f"pattern changed from {show(bp)} to {show(rp)}",
                 r.pattern_node or r.node)


def _show_bound(value: float, exclusive: bool) -> str:
    return f"{value} (exclusive)" if exclusive else f"{value}"


def _within(key: str, bound: Bound | None, value: Any) -> bool:
    """Whether an enum value satisfies a bound (values the bound is not about do)."""
    if bound is None:
        return True
    if key in ("maximum", "minimum"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return True
        size: float = value
    elif isinstance(value, str | list | dict) and key[3:] == _SIZED[type(value)]:
        size = len(value)
    else:
        return True
    if size == bound.value:
        return not bound.exclusive
    return size < bound.value if key.startswith("max") else size > bound.value


_SIZED: dict[type, str] = {str: "Length", list: "Items", dict: "Properties"}


def _enum_within(key: str, bound: Bound | None, shape: Shape) -> bool:
    """Whether the shape is an enum whose every value satisfies ``bound``: the
    bound then changes nothing about what the schema allows."""
    return shape.enum is not None and all(_within(key, bound, v) for v, _ in shape.enum)


def _bounds(ctx: Context, b: Shape, r: Shape) -> None:
    if not b.bounds and not r.bounds:
        return
    for key in BOUND_KEYS:
        old, new = b.bounds.get(key), r.bounds.get(key)
        if old is None and new is None:
            continue
        if old is not None and new is not None and not (
            tighter(key, new, old) or tighter(key, old, new)
        ):
            continue
        narrower = old is None or (new is not None and tighter(key, new, old))
        # An enum whose values all satisfy both bounds makes the change moot
        # (maxLength dropped when an enum of short strings was added).
        if _enum_within(key, new, b) if narrower else _enum_within(key, old, r):
            continue
        concept, label = _BOUND_NAMES[key]
        upper = key.startswith("max")
        rule = f"{concept}-{'decreased' if narrower == upper else 'increased'}"
        if old is None:
            assert new is not None
            ctx.emit(rule, f"{label} set to {_show_bound(new.value, new.exclusive)}", new.node)
        elif new is None:
            ctx.emit(rule, f"{label} removed (was {_show_bound(old.value, old.exclusive)})",
                     old.node)
        else:
            verb = "decreased" if narrower == upper else "increased"
            text = (f"{label} {verb} from {_show_bound(old.value, old.exclusive)} "
                    f"to {_show_bound(new.value, new.exclusive)}")
            ctx.emit(rule, text, new.node)


def _multiple_of(ctx: Context, b: Shape, r: Shape) -> None:
    bm, rm = b.multiple_of, r.multiple_of
    if bm is None and rm is None:
        return
    if bm is None:
        assert rm is not None
        ctx.emit("multiple-of-added", f"multipleOf {rm[0]} added", rm[1])
    elif rm is None:
        ctx.emit("multiple-of-removed", f"multipleOf {bm[0]} removed", bm[1])
    elif bm[0] != rm[0]:
        ctx.emit("multiple-of-changed", f"multipleOf changed from {bm[0]} to {rm[0]}", rm[1])


def _unique(ctx: Context, b: Shape, r: Shape) -> None:
    if r.unique_items is not None and b.unique_items is None:
        ctx.emit("unique-items-added", "items must now be unique", r.unique_items)
    elif b.unique_items is not None and r.unique_items is None:
        ctx.emit("unique-items-removed", "items no longer need to be unique", b.unique_items)


def _mapped(target: str) -> str:
    return target.rsplit("/", 1)[-1]


def _discriminator(ctx: Context, b: Shape, r: Shape) -> None:
    bd, rd = b.discriminator, r.discriminator
    if bd is None and rd is None:
        return
    if bd is None:
        assert rd is not None
        ctx.emit("discriminator-added", f"discriminator {show(rd.property_name)} added", rd.node)
        return
    if rd is None:
        ctx.emit("discriminator-removed", f"discriminator {show(bd.property_name)} removed",
                 bd.node)
        return
    if bd.property_name != rd.property_name:
        ctx.emit("discriminator-property-changed",
                 f"discriminator property changed from {show(bd.property_name)} "
                 f"to {show(rd.property_name)}", rd.node)
    for key, (target, node) in bd.mapping.items():
        now = rd.mapping.get(key)
        if now is None:
            ctx.emit("discriminator-mapping-removed", f"discriminator value '{key}' removed",
                     node)
        elif _mapped(now[0]) != _mapped(target):
            ctx.emit("discriminator-mapping-removed",
                     f"discriminator value '{key}' now maps to '{_mapped(now[0])}' "
                     f"(was '{_mapped(target)}')", now[1])
    for key, (_target, node) in rd.mapping.items():
        if key not in bd.mapping:
            ctx.emit("discriminator-mapping-added", f"discriminator value '{key}' added", node)


def _dependent_required(ctx: Context, b: Shape, r: Shape) -> None:
    if not b.dependent_required and not r.dependent_required:
        return
    for name in {**b.dependent_required, **r.dependent_required}:
        old = b.dependent_required.get(name)
        new = r.dependent_required.get(name)
        old_needs = old[0] if old else frozenset()
        new_needs = new[0] if new else frozenset()
        if new_needs - old_needs:
            names = ", ".join(f"'{n}'" for n in sorted(new_needs - old_needs))
            assert new is not None
            ctx.emit("dependent-required-added", f"now requires {names} whenever '{name}' is "
                     "present", new[1])
        if old_needs - new_needs:
            names = ", ".join(f"'{n}'" for n in sorted(old_needs - new_needs))
            assert old is not None
            ctx.emit("dependent-required-removed", f"no longer requires {names} whenever "
                     f"'{name}' is present", new[1] if new else old[1])


def _visible(side: Side, nodes: list[Node] | None, request: bool) -> bool:
    """Whether a property takes part in this direction (readOnly properties are
    not sent in requests, writeOnly ones not returned in responses)."""
    if not nodes:
        return True
    flag = "readOnly" if request else "writeOnly"
    if len(nodes) == 1:
        value = nodes[0].value
        if isinstance(value, dict) and "$ref" not in value and "allOf" not in value:
            return value.get(flag) is not True
    parts: list[tuple[Node, bool]] = []
    for node in nodes:
        parts.extend(side.parts(node)[0])
    shape = side.shape(tuple(parts))
    return not (shape.read_only if request else shape.write_only)


def properties(ctx: Context, b: Shape, r: Shape) -> None:
    if not (b.properties or r.properties or b.required or r.required):
        return
    names = dict.fromkeys([*b.properties, *b.required, *r.properties, *r.required])
    engine = ctx.engine
    request = ctx.request
    nested = SCOPES[ctx.scope.nested]
    for name in names:
        bnodes, rnodes = b.properties.get(name), r.properties.get(name)
        b_in = bnodes is not None or name in b.required
        r_in = rnodes is not None or name in r.required
        b_req, r_req = name in b.required, name in r.required
        b_vis = b_in and _visible(engine.base, bnodes, request)
        r_vis = r_in and _visible(engine.revision, rnodes, request)
        r_node = rnodes[0] if rnodes else r.required.get(name, r.node)
        b_node = bnodes[0] if bnodes else b.required.get(name, b.node)
        if b_vis and r_vis:
            if r_req and not b_req:
                ctx.emit_property("became-required", name, "became required",
                                  r.required.get(name, r_node))
            elif b_req and not r_req:
                ctx.emit_property("became-optional", name, "became optional", r_node)
            if bnodes and rnodes:
                ctx.descend(bnodes, rnodes, nested, join(ctx.where, name))
        elif b_vis:
            if r_in and request:
                ctx.emit_property("became-read-only", name,
                                  "became read-only (clients may still send it)", r_node)
            elif r_in:
                ctx.emit_property("became-write-only", name,
                                  "became write-only (it is no longer returned)", r_node)
            else:
                ctx.emit_property("removed", name, "removed", b_node)
        elif r_vis:
            if r_req:
                ctx.emit_property("added-required", name, "added as required", r_node)
            else:
                ctx.emit_property("added", name, "added (optional)", r_node)


def _empty(node: Node, key: str) -> list[Node]:
    return [Node(node.doc, node.pointer + "/" + key, EMPTY)]


def _additional(ctx: Context, b: Shape, r: Shape) -> None:
    ba, ra = b.additional, r.additional
    if ba is None and ra is None:
        return
    if ra is False and ba is not False:
        ctx.emit("additional-properties-closed", "no longer allows undeclared properties",
                 r.additional_node or r.node)
    elif ba is False and ra is not False:
        ctx.emit("additional-properties-opened", "now allows undeclared properties",
                 r.additional_node or at(r.node, "additionalProperties"))
    elif isinstance(ba, list) or isinstance(ra, list):
        bnodes = ba if isinstance(ba, list) else _empty(b.node, "additionalProperties")
        rnodes = ra if isinstance(ra, list) else _empty(r.node, "additionalProperties")
        ctx.descend(bnodes, rnodes, SCOPES[ctx.scope.nested], join(ctx.where, "*"))


def _items(ctx: Context, b: Shape, r: Shape) -> None:
    if b.items is None and r.items is None:
        return
    bnodes = b.items if b.items is not None else _empty(b.node, "items")
    rnodes = r.items if r.items is not None else _empty(r.node, "items")
    ctx.descend(bnodes, rnodes, ctx.scope, ctx.where + "[]")


def _prefix_items(ctx: Context, b: Shape, r: Shape) -> None:
    bp, rp = b.prefix_items or [], r.prefix_items or []
    if not bp and not rp:
        return
    if len(bp) != len(rp):
        node = r.prefix_items_node or b.prefix_items_node or r.node
        ctx.emit("prefix-items-changed",
                 f"positional items changed from {len(bp)} to {len(rp)}", node)
    for i in range(min(len(bp), len(rp))):
        ctx.descend([bp[i]], [rp[i]], ctx.scope, f"{ctx.where}[{i}]")
