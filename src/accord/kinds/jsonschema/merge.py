"""Merging the keywords of one schema object into a :class:`Shape`: the allowed types,
the intersection of enums, the tightest bounds, every pattern, and the object and
array keywords kept per object (``additionalProperties`` only speaks of the
properties its own object declares)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from accord.kinds.jsonschema.drafts import Draft
from accord.kinds.jsonschema.model import (
    NO_CHILDREN,
    ArrayPart,
    Bound,
    Children,
    Conditional,
    Contains,
    Group,
    ObjectPart,
    Part,
    Shape,
    fraction,
    freeze,
    meet_types,
    normal_types,
    number,
)
from accord.source import Node
from accord.source.workspace import node_below as child

if TYPE_CHECKING:
    from accord.kinds.jsonschema.shape import Side

def _bound(current: Bound | None, new: Bound, lower: bool) -> Bound:
    if current is None:
        return new
    if lower:
        tighter = new.value > current.value or (new.value == current.value and new.exclusive
                                                and not current.exclusive)
    else:
        tighter = new.value < current.value or (new.value == current.value and new.exclusive
                                                and not current.exclusive)
    return new if tighter else current


def _count(current: tuple[int, Node] | None, get: Callable[[str], Any], node: Node,
           keyword: str, lower: bool) -> tuple[int, Node] | None:
    """The tighter of ``current`` and the count limit ``keyword`` of ``node``."""
    value = get(keyword)
    if not number(value):
        return current
    limit = math.ceil(value) if lower else math.floor(value)
    if current is None or (limit > current[0] if lower else limit < current[0]):
        return (limit, child(node, keyword))
    return current


def merge(side: Side, shape: Shape, part: Part) -> None:
    node, mask = part
    value: dict[str, Any] = node.value
    draft = side.draft_of(node.doc)
    get = value.get if not mask else (lambda k: None if k in mask else value.get(k))
    kind = get("type")
    if isinstance(kind, str | list):
        types = normal_types(t for t in ([kind] if isinstance(kind, str) else kind)
                             if isinstance(t, str))
        if side.nullable and get("nullable") is True:
            types = types | {"null"}
        if shape.type_node is None:
            shape.type_node = child(node, "type")
        shape.types = meet_types(shape.types, types)
    for keyword in ("enum", "const"):
        if keyword in mask or keyword not in value:
            continue
        if keyword == "enum" and not isinstance(value["enum"], list):
            continue
        values = value["enum"] if keyword == "enum" else [value["const"]]
        if shape.enum is None:
            shape.enum = list(values)
            shape.enum_node = child(node, keyword)
            shape.enum_keyword = keyword
        else:
            allowed = {freeze(v) for v in values}
            shape.enum = [v for v in shape.enum if freeze(v) in allowed]
    _numbers(shape, node, get)
    shape.min_length = _count(shape.min_length, get, node, "minLength", True)
    shape.max_length = _count(shape.max_length, get, node, "maxLength", False)
    pattern = get("pattern")
    if isinstance(pattern, str):
        shape.patterns.append((pattern, child(node, "pattern")))
    fmt = get("format")
    if isinstance(fmt, str):
        shape.formats.append((fmt, child(node, "format")))
    for keyword in ("contentEncoding", "contentMediaType"):
        if isinstance(get(keyword), str) and keyword not in shape.content:
            shape.content[keyword] = (value[keyword], child(node, keyword))
    _arrays(shape, node, get, draft)
    _objects(shape, node, get, draft)
    for keyword in ("anyOf", "oneOf"):
        branches = get(keyword)
        if isinstance(branches, list):
            shape.groups.append(Group(keyword, [
                child(node, keyword, i) for i, b in enumerate(branches)
                if isinstance(b, dict | bool)], child(node, keyword), part))
    negated = get("not")
    if isinstance(negated, dict | bool):
        shape.nots.append((child(node, "not"), part))
    condition = get("if")
    if isinstance(condition, dict | bool) and draft is not Draft.DRAFT4:
        then = child(node, "then") if isinstance(get("then"), dict | bool) else None
        other = child(node, "else") if isinstance(get("else"), dict | bool) else None
        if then is not None or other is not None:
            shape.conditionals.append(Conditional(child(node, "if"), then, other, part))

def _numbers(shape: Shape, node: Node, get: Callable[[str], Any]) -> None:
    for keyword, lower in (("minimum", True), ("maximum", False)):
        bound = get(keyword)
        if number(bound):
            flag = get("exclusiveMinimum" if lower else "exclusiveMaximum")
            new = Bound(bound, flag is True, child(node, keyword))
            if lower:
                shape.minimum = _bound(shape.minimum, new, True)
            else:
                shape.maximum = _bound(shape.maximum, new, False)
    for keyword, lower in (("exclusiveMinimum", True), ("exclusiveMaximum", False)):
        bound = get(keyword)
        if number(bound):
            new = Bound(bound, True, child(node, keyword))
            if lower:
                shape.minimum = _bound(shape.minimum, new, True)
            else:
                shape.maximum = _bound(shape.maximum, new, False)
    step = get("multipleOf")
    if number(step) and step > 0:
        shape.multiple_of.append((fraction(step), child(node, "multipleOf")))

def _arrays(shape: Shape, node: Node, get: Callable[[str], Any], draft: Draft) -> None:
    items = get("items")
    prefix_items = get("prefixItems")
    prefix: list[Node] = []
    prefix_keyword = "prefixItems"
    rest: Node | None = None
    rest_keyword = "items"
    if isinstance(prefix_items, list):
        prefix = [child(node, "prefixItems", i) for i in range(len(prefix_items))]
        if isinstance(items, dict | bool):
            rest = child(node, "items")
    elif isinstance(items, list):
        prefix = [child(node, "items", i) for i in range(len(items))]
        prefix_keyword = "items"
        extra = get("additionalItems")
        if isinstance(extra, dict | bool):
            rest = child(node, "additionalItems")
            rest_keyword = "additionalItems"
    elif isinstance(items, dict | bool):
        rest = child(node, "items")
    elif items is None and draft is not Draft.DRAFT2020 \
            and isinstance(get("additionalItems"), dict | bool):
        shape.loose_items.append(child(node, "additionalItems"))
    if prefix or rest is not None:
        shape.arrays.append(ArrayPart(node, prefix, prefix_keyword, rest, rest_keyword))
    shape.min_items = _count(shape.min_items, get, node, "minItems", True)
    shape.max_items = _count(shape.max_items, get, node, "maxItems", False)
    if get("uniqueItems") is True and shape.unique is None:
        shape.unique = child(node, "uniqueItems")
    contains = get("contains")
    if isinstance(contains, dict | bool) and draft is not Draft.DRAFT4:
        low = get("minContains")
        high = get("maxContains")
        shape.contains.append(Contains(
            child(node, "contains"), int(low) if number(low) else 1,
            int(high) if number(high) else None, child(node, "contains"), node))
    extra_items = get("unevaluatedItems")
    if isinstance(extra_items, dict | bool):
        shape.unevaluated_items.append(child(node, "unevaluatedItems"))

def _objects(shape: Shape, node: Node, get: Callable[[str], Any], draft: Draft) -> None:
    props = get("properties")
    patterns = get("patternProperties")
    additional = get("additionalProperties")
    if isinstance(props, dict) or isinstance(patterns, dict) or isinstance(
            additional, dict | bool):
        shape.objects.append(ObjectPart(
            node,
            Children(child(node, "properties")) if isinstance(props, dict)
            else NO_CHILDREN,
            {k: child(node, "patternProperties", k) for k, v in patterns.items()
             if isinstance(v, dict | bool)} if isinstance(patterns, dict) else {},
            child(node, "additionalProperties") if isinstance(additional, dict | bool)
            else None))
    required = get("required")
    if isinstance(required, list):
        for index, name in enumerate(required):
            if isinstance(name, str) and name not in shape.required:
                shape.required[name] = child(node, "required", index)
    shape.min_properties = _count(shape.min_properties, get, node, "minProperties", True)
    shape.max_properties = _count(shape.max_properties, get, node, "maxProperties", False)
    names = get("propertyNames")
    if isinstance(names, dict | bool):
        shape.property_names.append(child(node, "propertyNames"))
    for keyword in ("dependencies", "dependentRequired", "dependentSchemas"):
        table = get(keyword)
        if not isinstance(table, dict):
            continue
        for trigger, dependency in table.items():
            if isinstance(dependency, list) and keyword != "dependentSchemas":
                needed = shape.dependent_required.setdefault(trigger, {})
                for index, name in enumerate(dependency):
                    if isinstance(name, str):
                        needed.setdefault(name, child(node, keyword, trigger, index))
            elif isinstance(dependency, dict | bool) and keyword != "dependentRequired":
                shape.dependent_schemas.setdefault(trigger, []).append(
                    child(node, keyword, trigger))
    extra = get("unevaluatedProperties")
    if isinstance(extra, dict | bool):
        shape.unevaluated_properties.append(child(node, "unevaluatedProperties"))
