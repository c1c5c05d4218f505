"""Comparing the nested parts of two effective schemas: properties (with
required-ness, readOnly/writeOnly and deprecation with x-sunset), additionalProperties, items,
prefixItems, dependentRequired and the JSON Schema 2020-12 keywords (patternProperties,
propertyNames, dependentSchemas, if/then/else, contains, unevaluatedProperties/Items,
contentSchema). Nested schemas go back to the engine."""

from __future__ import annotations

from datetime import date
from typing import Any

from accord.kinds.openapi.extract import parse_date
from accord.kinds.openapi.schema_compare import Context, join
from accord.kinds.openapi.schema_model import EMPTY, Conditional, Extra, Shape, at, freeze
from accord.kinds.openapi.schema_rules import SCOPES, Scope
from accord.kinds.openapi.schema_shape import Side
from accord.source import Node


def compare_nested(ctx: Context, b: Shape, r: Shape) -> None:
    dependent_required(ctx, b, r)
    properties(ctx, b, r)
    additional_properties(ctx, b, r)
    items(ctx, b, r)
    prefix_items(ctx, b, r)
    if b.extra is not None or r.extra is not None:
        keywords_2020(ctx, b, r)


def dependent_required(ctx: Context, b: Shape, r: Shape) -> None:
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


def visible(side: Side, nodes: list[Node] | None, request: bool) -> bool:
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


def lifecycle(side: Side, nodes: list[Node] | None) -> tuple[Node | None, Any]:
    """The ``deprecated: true`` node of a property (None when it is not
    deprecated) and the value of its ``x-sunset``, if any."""
    if not nodes:
        return None, None
    if len(nodes) == 1:
        value = nodes[0].value
        if isinstance(value, dict) and "$ref" not in value and "allOf" not in value:
            if value.get("deprecated") is not True:
                return None, None
            return at(nodes[0], "deprecated"), value.get("x-sunset")
    flag: Node | None = None
    sunset: Any = None
    for node in nodes:
        for part, _strip in side.parts(node)[0]:
            value = part.value
            if not isinstance(value, dict):
                continue
            if flag is None and value.get("deprecated") is True:
                flag = at(part, "deprecated")
            if sunset is None and "x-sunset" in value:
                sunset = value["x-sunset"]
    return flag, sunset if flag is not None else None


def _deprecation(ctx: Context, name: str, bnodes: list[Node], rnodes: list[Node]) -> None:
    old, _ = lifecycle(ctx.engine.base, bnodes)
    new, sunset = lifecycle(ctx.engine.revision, rnodes)
    if new is not None and old is None:
        day = parse_date(sunset)
        when = (f"with sunset date {day.isoformat()}" if day is not None
                else "without a sunset date")
        ctx.emit_property("deprecated", name, f"was deprecated {when}", new)
    elif old is not None and new is None:
        ctx.emit_property("undeprecated", name, "is no longer deprecated", rnodes[0])


def _removed(ctx: Context, name: str, bnodes: list[Node] | None, b_node: Node) -> None:
    """A removed property; in responses, one deprecated with an x-sunset date
    that has passed was removed as announced."""
    if not ctx.request:
        flag, sunset = lifecycle(ctx.engine.base, bnodes)
        day = parse_date(sunset) if flag is not None else None
        today: date = ctx.engine.today
        if day is not None and day <= today:
            ctx.emit_property("removed-after-sunset", name,
                              f"removed after its sunset date {day.isoformat()}", b_node)
            return
    ctx.emit_property("removed", name, "removed", b_node)


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
        b_vis = b_in and visible(engine.base, bnodes, request)
        r_vis = r_in and visible(engine.revision, rnodes, request)
        r_node = rnodes[0] if rnodes else r.required.get(name, r.node)
        b_node = bnodes[0] if bnodes else b.required.get(name, b.node)
        if b_vis and r_vis:
            if r_req and not b_req:
                ctx.emit_property("became-required", name, "became required",
                                  r.required.get(name, r_node))
            elif b_req and not r_req:
                ctx.emit_property("became-optional", name, "became optional", r_node)
            if bnodes and rnodes:
                _deprecation(ctx, name, bnodes, rnodes)
                ctx.descend(bnodes, rnodes, nested, join(ctx.where, name))
        elif b_vis:
            if r_in and request:
                ctx.emit_property("became-read-only", name,
                                  "became read-only (clients may still send it)", r_node)
            elif r_in:
                ctx.emit_property("became-write-only", name,
                                  "became write-only (it is no longer returned)", r_node)
            else:
                _removed(ctx, name, bnodes, b_node)
        elif r_vis:
            if r_req:
                ctx.emit_property("added-required", name, "added as required", r_node)
            else:
                ctx.emit_property("added", name, "added (optional)", r_node)


def _empty(node: Node, key: str) -> list[Node]:
    return [Node(node.doc, node.pointer + "/" + key, EMPTY)]


def additional_properties(ctx: Context, b: Shape, r: Shape) -> None:
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


def items(ctx: Context, b: Shape, r: Shape) -> None:
    if b.items is None and r.items is None:
        return
    bnodes = b.items if b.items is not None else _empty(b.node, "items")
    rnodes = r.items if r.items is not None else _empty(r.node, "items")
    ctx.descend(bnodes, rnodes, ctx.scope, ctx.where + "[]")


def prefix_items(ctx: Context, b: Shape, r: Shape) -> None:
    bp, rp = b.prefix_items or [], r.prefix_items or []
    if not bp and not rp:
        return
    if len(bp) != len(rp):
        node = r.prefix_items_node or b.prefix_items_node or r.node
        ctx.emit("prefix-items-changed",
                 f"positional items changed from {len(bp)} to {len(rp)}", node)
    for i in range(min(len(bp), len(rp))):
        ctx.descend([bp[i]], [rp[i]], ctx.scope, f"{ctx.where}[{i}]")


_NO_EXTRA = Extra()


def keywords_2020(ctx: Context, b: Shape, r: Shape) -> None:
    """The JSON Schema 2020-12 keywords: a schema that newly applies narrows what
    is allowed (added/closed), one that no longer applies widens it
    (removed/opened); a schema on both sides is compared like any other."""
    be, re_ = b.extra or _NO_EXTRA, r.extra or _NO_EXTRA
    nested = SCOPES[ctx.scope.nested]
    where = ctx.where
    for pattern in dict.fromkeys([*be.pattern_properties, *re_.pattern_properties]):
        old, new = be.pattern_properties.get(pattern), re_.pattern_properties.get(pattern)
        if old and new:
            ctx.descend(old, new, nested, join(where, f"<{pattern}>"))
        elif new:
            ctx.emit("pattern-properties-added",
                     f"now constrains properties matching {pattern!r}", new[0])
        elif old:
            ctx.emit("pattern-properties-removed",
                     f"no longer constrains properties matching {pattern!r}", old[0])
    _optional_schema(ctx, be.property_names, be.property_names_node, re_.property_names,
                     re_.property_names_node, "property-names", "propertyNames constraint",
                     f"{where}<propertyNames>")
    for name in dict.fromkeys([*be.dependent_schemas, *re_.dependent_schemas]):
        old, new = be.dependent_schemas.get(name), re_.dependent_schemas.get(name)
        if old and new:
            ctx.descend(old, new, ctx.scope, f"{where}<dependentSchemas {name}>")
        elif new:
            ctx.emit("dependent-schema-added",
                     f"must match a new schema whenever '{name}' is present", new[0])
        elif old:
            ctx.emit("dependent-schema-removed",
                     f"no longer has to match a schema whenever '{name}' is present", old[0])
    _conditional(ctx, _effective(be.conditional), _effective(re_.conditional))
    _optional_schema(ctx, be.contains, be.contains_node, re_.contains, re_.contains_node,
                     "contains", "contains constraint", f"{where}[contains]")
    _unevaluated(ctx, b, be.unevaluated_properties, be.unevaluated_properties_node, r,
                 re_.unevaluated_properties, re_.unevaluated_properties_node, "properties",
                 nested, join(where, "<unevaluated>"))
    _unevaluated(ctx, b, be.unevaluated_items, be.unevaluated_items_node, r,
                 re_.unevaluated_items, re_.unevaluated_items_node, "items", ctx.scope,
                 f"{where}[unevaluated]")
    if be.content_schema is not None or re_.content_schema is not None:
        ctx.descend(be.content_schema or _empty(b.node, "contentSchema"),
                    re_.content_schema or _empty(r.node, "contentSchema"), ctx.scope,
                    f"{where}<contentSchema>")


def _optional_schema(ctx: Context, old: list[Node] | None, old_node: Node | None,
                     new: list[Node] | None, new_node: Node | None, concept: str, what: str,
                     where: str) -> None:
    if old and new:
        ctx.descend(old, new, ctx.scope, where)
    elif new:
        ctx.emit(f"{concept}-added", f"{what} added", new_node or new[0])
    elif old:
        ctx.emit(f"{concept}-removed", f"{what} removed", old_node or old[0])


def _effective(cond: Conditional | None) -> Conditional | None:
    """``if`` without ``then`` or ``else`` constrains nothing."""
    if cond is None or (cond.then is None and cond.otherwise is None):
        return None
    return cond


def _conditional(ctx: Context, old: Conditional | None, new: Conditional | None) -> None:
    if old is None and new is None:
        return
    if old is None:
        assert new is not None
        ctx.emit("conditional-added", "got a conditional constraint (if/then/else)", new.node)
    elif new is None:
        ctx.emit("conditional-removed", "lost its conditional constraint (if/then/else)",
                 old.node)
    elif freeze(old.condition.value) != freeze(new.condition.value):
        ctx.emit("conditional-changed", "changed the if condition of its conditional "
                 "constraint", new.node)
    else:
        for key, was, now in (("then", old.then, new.then), ("else", old.otherwise,
                                                             new.otherwise)):
            if was is not None and now is not None:
                ctx.descend([was], [now], ctx.scope, f"{ctx.where}<{key}>")
            elif now is not None:
                ctx.emit("conditional-added", f"got a '{key}' for its unchanged if condition",
                         now)
            elif was is not None:
                ctx.emit("conditional-removed", f"lost the '{key}' of its if condition", was)


def _unevaluated(ctx: Context, b: Shape, old: list[Node] | bool | None, old_node: Node | None,
                 r: Shape, new: list[Node] | bool | None, new_node: Node | None, what: str,
                 scope: Scope, where: str) -> None:
    """unevaluatedProperties / unevaluatedItems, read like additionalProperties."""
    if old is None and new is None:
        return
    key = f"unevaluated{what.capitalize()}"
    if new is False and old is not False:
        ctx.emit(f"unevaluated-{what}-closed", f"no longer allows unevaluated {what}",
                 new_node or r.node)
    elif old is False and new is not False:
        ctx.emit(f"unevaluated-{what}-opened", f"now allows unevaluated {what}",
                 new_node or at(r.node, key))
    elif isinstance(old, list) or isinstance(new, list):
        ctx.descend(old if isinstance(old, list) else _empty(b.node, key),
                    new if isinstance(new, list) else _empty(r.node, key), scope, where)
