"""Comparing two effective schemas keyword by keyword.

Each function reads a base and a revision :class:`Shape` and reports through a
:class:`Context`; the direction (and so the level) comes from the rule the
context names, never from here. Nested schemas are in :mod:`.schema_objects`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from accord.core.change import Direction
from accord.kinds.openapi.schema_model import (
    BOUND_KEYS,
    Bound,
    Shape,
    freeze,
    intersect_types,
    tighter,
)
from accord.kinds.openapi.schema_rules import Scope
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
    "maximum": ("max", "maximum"),
    "minimum": ("min", "minimum"),
    # minContains/maxContains bound the items that match `contains`
    "maxContains": ("max-items", "maximum number of items matching contains"),
    "minContains": ("min-items", "minimum number of items matching contains"),
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
        self.out.add(self.engine.catalog.change(f"{scope.prefix}-{concept}", f"{subject} {text}",
                                                node.location))

    def emit_property(self, concept: str, name: str, text: str, node: Node) -> None:
        scope = self.scope
        message = f"{scope.property_noun} '{join(self.where, name)}' {text}"
        self.out.add(self.engine.catalog.change(f"{scope.property_prefix}-{concept}", message,
                                                node.location))

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


def compare_keywords(ctx: Context, b: Shape, r: Shape) -> bool:
    """The keywords about the value itself (not the nested schemas, nor
    oneOf/anyOf groups). False when the types have nothing in common: the
    remaining keywords of a new type are not comparable with the old ones."""
    disjoint = _types(ctx, b, r)
    _nullable(ctx, b, r)
    _default(ctx, b, r)
    if disjoint:
        return False
    _format(ctx, b, r)
    _enum(ctx, b, r)
    if b.extensible_enum is not None and r.extensible_enum is not None:
        _extensible_enum(ctx, b.extensible_enum, r.extensible_enum)
    _pattern(ctx, b, r)
    _bounds(ctx, b, r)
    _multiple_of(ctx, b, r)
    _unique(ctx, b, r)
    _discriminator(ctx, b, r)
    if b.extra is not None or r.extra is not None:
        _content(ctx, b, r)
    return True


def _content(ctx: Context, b: Shape, r: Shape) -> None:
    """contentMediaType and contentEncoding: what a string holds and how it is
    encoded. Any change (set, removed or another value) changes the bytes."""
    for concept, label in (("content-media-type-changed", "contentMediaType"),
                           ("content-encoding-changed", "contentEncoding")):
        media = concept == "content-media-type-changed"
        old = (b.extra.content_media_type if media else b.extra.content_encoding) \
            if b.extra is not None else None
        new = (r.extra.content_media_type if media else r.extra.content_encoding) \
            if r.extra is not None else None
        if old is None and new is None:
            continue
        if old is None:
            assert new is not None
            ctx.emit(concept, f"{label} set to {show(new[0])}", new[1])
        elif new is None:
            ctx.emit(concept, f"{label} {show(old[0])} removed", old[1])
        elif old[0] != new[0]:
            ctx.emit(concept, f"{label} changed from {show(old[0])} to {show(new[0])}", new[1])


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


def _keyword(ctx: Context, concept: str, label: str, old: str | None, new: str | None,
             b_node: Node, r_node: Node) -> None:
    """A single-valued keyword (format, pattern) added, removed or changed."""
    if old == new:
        return
    if old is None:
        ctx.emit(f"{concept}-added", f"{label} {new} added", r_node)
    elif new is None:
        ctx.emit(f"{concept}-removed", f"{label} {old} removed", b_node)
    else:
        ctx.emit(f"{concept}-changed", f"{label} changed from {old} to {new}", r_node)


def _format(ctx: Context, b: Shape, r: Shape) -> None:
    _keyword(ctx, "format", "format", _quoted(b.format), _quoted(r.format),
             b.format_node or b.node, r.format_node or r.node)


def _quoted(value: str | None) -> str | None:
    return None if value is None else f"'{value}'"


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
    _values(ctx, "enum", b.enum_keyword, r.enum_keyword,
            [(v, n) for v, n in be if v is not None], [(v, n) for v, n in re_ if v is not None])


def _values(ctx: Context, concept: str, old_label: str, new_label: str,
            old: list[tuple[Any, Node]], new: list[tuple[Any, Node]]) -> None:
    """Values removed from and added to a list of allowed values."""
    before = {freeze(v) for v, _ in old}
    after = {freeze(v) for v, _ in new}
    for value, node in old:
        if freeze(value) not in after:
            ctx.emit(f"{concept}-value-removed", f"{old_label} value {show(value)} removed", node)
    for value, node in new:
        if freeze(value) not in before:
            ctx.emit(f"{concept}-value-added", f"{new_label} value {show(value)} added", node)


def _extensible_enum(
    ctx: Context, be: list[tuple[Any, Node]], re_: list[tuple[Any, Node]]
) -> None:
    """x-extensible-enum (Zalando): clients must expect values beyond the list,
    so only a value no longer accepted in a request matters."""
    _values(ctx, "extensible-enum", "x-extensible-enum", "x-extensible-enum", be, re_)


def _pattern(ctx: Context, b: Shape, r: Shape) -> None:
    _keyword(ctx, "pattern", "pattern", None if b.pattern is None else show(b.pattern),
             None if r.pattern is None else show(r.pattern),
             b.pattern_node or b.node, r.pattern_node or r.node)


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
        if key == "minContains" and (old is None) != (new is None):
            old, new = old or _one_contained(b), new or _one_contained(r)
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
            ctx.emit(rule, f"{label} {_show_bound(old.value, old.exclusive)} removed", old.node)
        else:
            verb = "decreased" if narrower == upper else "increased"
            text = (f"{label} {verb} from {_show_bound(old.value, old.exclusive)} "
                    f"to {_show_bound(new.value, new.exclusive)}")
            ctx.emit(rule, text, new.node)


def _one_contained(shape: Shape) -> Bound | None:
    """minContains when not written: 1 if the shape has ``contains``."""
    extra = shape.extra
    if extra is None or extra.contains is None:
        return None
    return Bound(1, False, extra.contains_node or shape.node)


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
    # A value mapped to another schema is reported, and the branches (paired by
    # discriminator value) are compared as well.
    for key, (target, node) in bd.mapping.items():
        if key not in rd.mapping:
            ctx.emit("discriminator-mapping-removed", f"discriminator value '{key}' removed",
                     node)
        else:
            new_target, new_node = rd.mapping[key]
            if _repointed(bd.node, target, rd.node, new_target):
                ctx.emit("discriminator-mapping-changed",
                         f"discriminator value '{key}' now maps to {show(new_target)} "
                         f"(was {show(target)})", new_node)
    for key, (_target, node) in rd.mapping.items():
        if key not in bd.mapping:
            ctx.emit("discriminator-mapping-added", f"discriminator value '{key}' added", node)


def _schema_name(target: str) -> str:
    """``#/components/schemas/Cat`` and ``Cat`` (a mapping may name the schema) alike."""
    return target.rsplit("/", 1)[-1]


def _has_schema(node: Node, name: str) -> bool:
    data = node.doc.data
    if not isinstance(data, dict):
        return False
    comps = data.get("components")
    holder = comps.get("schemas") if isinstance(comps, dict) else data.get("definitions")
    return isinstance(holder, dict) and name in holder


def _repointed(old_node: Node, old: str, new_node: Node, new: str) -> bool:
    """Whether a discriminator value now maps to a different schema: the names
    differ, and it is not a rename (the old schema is still there, or the new
    one was there already)."""
    old_name, new_name = _schema_name(old), _schema_name(new)
    if old_name == new_name:
        return False
    return _has_schema(new_node, old_name) or _has_schema(old_node, new_name)
