"""One schema, normalised across Swagger 2.0, OpenAPI 3.0 and 3.1.

A position in a document (a property, the items of an array, a body) holds a
schema object that may be a ``$ref``, may combine others with ``allOf`` and may
be nullable in three dialect-specific ways. :class:`Side` turns it into

- *parts*: the schema objects that apply together (the position itself, the
  targets of its ``$ref`` chain, every ``allOf`` subschema, recursively, and
  the only non-null branch of a ``oneOf``/``anyOf`` that has just one), and
- a :class:`Shape`: those parts merged into one effective schema (types as a
  set plus a nullable flag, the tightest bounds, the union of properties and
  required names, ...), each keyword remembering the node it came from so
  changes point at the right line.

``allOf`` is merged, not matched: a refactoring that moves properties into an
``allOf`` of shared pieces changes nothing, and an added subschema shows up as
what it really adds (a required property, a tighter bound). Two ``oneOf`` or
``anyOf`` lists that remain after merging are kept as separate groups.
"""

from __future__ import annotations

from typing import Any

from accord.kinds.openapi.schema_model import (
    BOUND_KEYS,
    EMPTY,
    KEYWORDS_2020,
    Bound,
    Conditional,
    Discriminator,
    Extra,
    Group,
    Part,
    Parts,
    PartsKey,
    Shape,
    at,
    bound_tighter,
    freeze,
    intersect_types,
    parts_key,
)
from accord.source import Node, Workspace
from accord.source.workspace import node_below as child
from accord.source.workspace import pointer_token as token


def _types_of(value: Any) -> tuple[frozenset[str] | None, bool]:
    """Declared types (without "null") and whether "null" was among them."""
    declared = value.get("type")
    if isinstance(declared, str):
        return (frozenset(), True) if declared == "null" else (frozenset((declared,)), False)
    if isinstance(declared, list):
        names = [t for t in declared if isinstance(t, str)]
        return frozenset(t for t in names if t != "null"), "null" in names
    return None, False


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


class Side:
    """One document set (base or revision): $ref resolution, parts and shapes, cached."""

    def __init__(self, workspace: Workspace, dialect: str) -> None:
        self.workspace = workspace
        self.dialect = dialect
        self._nullable_keys = ("nullable", "x-nullable")
        self._derefs: dict[int, Node] = {}
        self._parts: dict[tuple[int, bool], tuple[Parts, bool]] = {}
        self._shapes: dict[PartsKey, Shape] = {}
        self._keys: dict[int, tuple[Parts, PartsKey]] = {}

    # -- references -----------------------------------------------------------

    def deref(self, node: Node) -> Node:
        value = node.value
        if not (isinstance(value, dict) and "$ref" in value):
            return node
        found = self._derefs.get(id(value))
        if found is None:
            found = self.workspace.deref(node)
            self._derefs[id(value)] = found
        return found

    def is_null_schema(self, node: Node) -> bool:
        value = self.deref(node).value
        if not isinstance(value, dict):
            return False
        types, null = _types_of(value)
        return null and types is not None and not types

    # -- parts ----------------------------------------------------------------

    def parts(self, node: Node, strip: bool = False) -> tuple[Parts, bool]:
        """The parts at ``node``, and whether a ``$ref`` was followed to find them."""
        if node.value is EMPTY:  # a stand-in: one object at many places, never cached
            return ((node, strip),), False
        key = (id(node.value), strip)
        found = self._parts.get(key)
        if found is None:
            out: list[Part] = []
            has_ref = self._collect(node, strip, out, set())
            found = (tuple(out) or ((node, strip),), has_ref)
            self._parts[key] = found
        return found

    def _collect(self, node: Node, strip: bool, out: list[Part], seen: set[int]) -> bool:
        value = node.value
        if id(value) in seen:
            return False
        seen.add(id(value))
        if not isinstance(value, dict):
            if isinstance(value, bool):  # 3.1 boolean schemas
                out.append((node, strip))
            return False
        has_ref = False
        if isinstance(value.get("$ref"), str):
            has_ref = True
            self._collect(self.deref(node), strip, out, seen)
            if self.dialect != "oas31" or len(value) == 1:
                return True
        out.append((node, strip))
        all_of = value.get("allOf")
        if isinstance(all_of, list):
            for i in range(len(all_of)):
                has_ref |= self._collect(child(node, "allOf", i), False, out, seen)
        if not strip:
            for keyword in ("oneOf", "anyOf"):
                branches = value.get(keyword)
                if isinstance(branches, list):
                    real = self._real_branches(node, keyword, branches)
                    if len(real) == 1:
                        has_ref |= self._collect(real[0], False, out, seen)
        return has_ref

    def _real_branches(self, node: Node, keyword: str, branches: list[Any]) -> list[Node]:
        nodes = [child(node, keyword, i) for i in range(len(branches))]
        return [n for n in nodes if not self.is_null_schema(n)]

    def key(self, parts: Parts) -> PartsKey:
        """The identity of a parts tuple, cached (the tuple is kept alive with it)."""
        found = self._keys.get(id(parts))
        if found is None or found[0] is not parts:
            found = (parts, parts_key(parts))
            self._keys[id(parts)] = found
        return found[1]

    # -- shapes ---------------------------------------------------------------

    def shape(self, parts: Parts) -> Shape:
        if len(parts) == 1 and parts[0][0].value is EMPTY:
            return Shape(node=parts[0][0])
        key = self.key(parts)
        found = self._shapes.get(key)
        if found is None:
            found = self._build(parts)
            self._shapes[key] = found
        return found

    def shape_at(self, node: Node) -> Shape:
        return self.shape(self.parts(node)[0])

    def _build(self, parts: Parts) -> Shape:
        shape = Shape(node=parts[0][0])
        for node, strip in parts:
            value = node.value
            if value is False:
                shape.never = True
            elif isinstance(value, dict):
                self._merge(shape, node, value, strip)
        if shape.types is None and not shape.groups:
            self._infer_type(shape)
        return shape

    def _infer_type(self, shape: Shape) -> None:
        extra = shape.extra
        if shape.properties or shape.required or shape.additional is not None or any(
            k in shape.bounds for k in ("maxProperties", "minProperties")
        ) or (extra is not None and (
            extra.pattern_properties or extra.property_names is not None
            or extra.unevaluated_properties is not None
        )):
            shape.types = frozenset({"object"})
        elif shape.items is not None or shape.prefix_items is not None or any(
            k in shape.bounds for k in ("maxItems", "minItems", "maxContains", "minContains")
        ) or (extra is not None and (
            extra.contains is not None or extra.unevaluated_items is not None
        )):
            shape.types = frozenset({"array"})

    def _merge(self, shape: Shape, node: Node, value: dict[str, Any], strip: bool) -> None:
        if shape.title is None and isinstance(value.get("title"), str):
            shape.title = value["title"]
        types, null = _types_of(value)
        if types is not None and (types or not null):
            if shape.types is None:
                shape.types, shape.type_node = types, at(node, "type")
            else:
                shape.types = intersect_types(shape.types, types)
        if null:
            shape.nullable, shape.nullable_node = True, at(node, "type")
        for key in self._nullable_keys:
            if value.get(key) is True:
                shape.nullable, shape.nullable_node = True, at(node, key)
        fmt = value.get("format")
        if shape.format is None and isinstance(fmt, str):
            shape.format, shape.format_node = fmt, at(node, "format")
        self._merge_enum(shape, node, value)
        extensible = value.get("x-extensible-enum")
        if isinstance(extensible, list) and shape.extensible_enum is None:
            shape.extensible_enum = [(v, child(node, "x-extensible-enum", i))
                                     for i, v in enumerate(extensible)]
        pattern = value.get("pattern")
        if shape.pattern is None and isinstance(pattern, str):
            shape.pattern, shape.pattern_node = pattern, at(node, "pattern")
        self._merge_bounds(shape, node, value)
        step = _number(value.get("multipleOf"))
        if step is not None and shape.multiple_of is None:
            shape.multiple_of = (step, at(node, "multipleOf"))
        if value.get("uniqueItems") is True and shape.unique_items is None:
            shape.unique_items = at(node, "uniqueItems")
        if value.get("readOnly") is True:
            shape.read_only = True
        if value.get("writeOnly") is True:
            shape.write_only = True
        if "default" in value and shape.default is None:
            shape.default = (value["default"], at(node, "default"))
        self._merge_object(shape, node, value)
        self._merge_array(shape, node, value)
        discriminator = value.get("discriminator")
        if shape.discriminator is None and discriminator is not None:
            shape.discriminator = self._discriminator(node, discriminator)
        self._merge_groups(shape, node, value, strip)
        if not KEYWORDS_2020.isdisjoint(value):
            self._merge_2020(shape, node, value)

    @staticmethod
    def _merge_2020(shape: Shape, node: Node, value: dict[str, Any]) -> None:
        """The JSON Schema 2020-12 keywords (OpenAPI 3.1): schemas merge like
        ``additionalProperties`` and ``items`` do, the first value wins otherwise."""
        extra = shape.extra
        if extra is None:
            extra = shape.extra = Extra()
        for holder, target in (("patternProperties", extra.pattern_properties),
                               ("dependentSchemas", extra.dependent_schemas)):
            found = value.get(holder)
            if isinstance(found, dict):
                for key, sub in found.items():
                    if isinstance(sub, dict) or sub is False:  # true constrains nothing
                        target.setdefault(str(key), []).append(child(node, holder, key))
        if isinstance(value.get("propertyNames"), dict) or value.get("propertyNames") is False:
            if extra.property_names is None:
                extra.property_names = []
                extra.property_names_node = at(node, "propertyNames")
            extra.property_names.append(child(node, "propertyNames"))
        if isinstance(value.get("contains"), dict | bool):
            if extra.contains is None:
                extra.contains, extra.contains_node = [], at(node, "contains")
            extra.contains.append(child(node, "contains"))
        if isinstance(value.get("contentSchema"), dict):
            extra.content_schema = [*(extra.content_schema or []), child(node, "contentSchema")]
        if extra.conditional is None and isinstance(value.get("if"), dict | bool):
            extra.conditional = Conditional(
                child(node, "if"),
                child(node, "then") if isinstance(value.get("then"), dict | bool) else None,
                child(node, "else") if isinstance(value.get("else"), dict | bool) else None,
                at(node, "if"))
        for key in ("contentMediaType", "contentEncoding"):
            text = value.get(key)
            if isinstance(text, str):
                if key == "contentMediaType" and extra.content_media_type is None:
                    extra.content_media_type = (text, at(node, key))
                elif key == "contentEncoding" and extra.content_encoding is None:
                    extra.content_encoding = (text, at(node, key))
        for key in ("unevaluatedProperties", "unevaluatedItems"):
            found = value.get(key)
            props = key == "unevaluatedProperties"
            current = extra.unevaluated_properties if props else extra.unevaluated_items
            where = at(node, key)
            if found is False:
                current = False
            elif isinstance(found, dict) and current is not False:
                current = [*(current if isinstance(current, list) else []), child(node, key)]
            else:
                continue
            if props:
                if extra.unevaluated_properties_node is None or current is False:
                    extra.unevaluated_properties_node = where
                extra.unevaluated_properties = current
            else:
                if extra.unevaluated_items_node is None or current is False:
                    extra.unevaluated_items_node = where
                extra.unevaluated_items = current

    def _merge_enum(self, shape: Shape, node: Node, value: dict[str, Any]) -> None:
        allowed: list[tuple[Any, Node]] | None = None
        keyword = "enum"
        enum = value.get("enum")
        if isinstance(enum, list):
            allowed = [(v, child(node, "enum", i)) for i, v in enumerate(enum)]
        if "const" in value:
            const = (value["const"], child(node, "const"))
            keyword = "const"
            if allowed is None:
                allowed = [const]
            else:
                keep = freeze(const[0])
                allowed = [(v, n) for v, n in allowed if freeze(v) == keep]
        if allowed is None:
            return
        if shape.enum is None:
            shape.enum, shape.enum_keyword = allowed, keyword
            shape.enum_node = at(node, keyword)
        else:
            keep_all = {freeze(v) for v, _ in allowed}
            shape.enum = [(v, n) for v, n in shape.enum if freeze(v) in keep_all]

    def _merge_bounds(self, shape: Shape, node: Node, value: dict[str, Any]) -> None:
        for key in BOUND_KEYS:
            number = _number(value.get(key))
            exclusive = False
            where = key
            if key in ("maximum", "minimum"):
                flag_key = "exclusiveMaximum" if key == "maximum" else "exclusiveMinimum"
                flag = value.get(flag_key)
                if flag is True:  # 2.0 / 3.0: a modifier of maximum/minimum
                    exclusive = number is not None
                else:  # 3.1: a bound of its own
                    limit = _number(flag)
                    if limit is not None and (
                        number is None or bound_tighter(key, limit, True, number, False)
                    ):
                        number, exclusive, where = limit, True, flag_key
            if number is None or (key == "minContains" and number == 1):
                continue  # minContains 1 is the default when contains is set
            old = shape.bounds.get(key)
            if old is None or bound_tighter(key, number, exclusive, old.value, old.exclusive):
                shape.bounds[key] = Bound(number, exclusive, at(node, where))

    def _merge_object(self, shape: Shape, node: Node, value: dict[str, Any]) -> None:
        props = value.get("properties")
        if isinstance(props, dict):
            doc, prefix, known = node.doc, node.pointer + "/properties/", shape.properties
            for name, prop in props.items():
                found = Node(doc, prefix + token(name), prop)
                if name in known:
                    known[name].append(found)
                else:
                    known[name] = [found]
        required = value.get("required")
        if isinstance(required, list):  # a 2.0 parameter's boolean `required` is not this
            for i, name in enumerate(required):
                if isinstance(name, str) and name not in shape.required:
                    shape.required[name] = child(node, "required", i)
        extra = value.get("additionalProperties")
        if extra is False:
            shape.additional, shape.additional_node = False, at(node, "additionalProperties")
        elif isinstance(extra, dict) and shape.additional is not False:
            if shape.additional is None or shape.additional is True:
                shape.additional = []
                shape.additional_node = at(node, "additionalProperties")
            assert isinstance(shape.additional, list)
            shape.additional.append(child(node, "additionalProperties"))
        dependent = value.get("dependentRequired")
        if isinstance(dependent, dict):
            for name, needs in dependent.items():
                if isinstance(needs, list) and name not in shape.dependent_required:
                    shape.dependent_required[name] = (
                        frozenset(n for n in needs if isinstance(n, str)),
                        child(node, "dependentRequired", name),
                    )

    def _merge_array(self, shape: Shape, node: Node, value: dict[str, Any]) -> None:
        items = value.get("items")
        if isinstance(items, dict):
            shape.items = [*(shape.items or []), child(node, "items")]
        elif isinstance(items, list) and shape.prefix_items is None:  # draft-4 tuple form
            shape.prefix_items = [child(node, "items", i) for i in range(len(items))]
            shape.prefix_items_node = at(node, "items")
        prefix = value.get("prefixItems")
        if isinstance(prefix, list) and shape.prefix_items is None:
            shape.prefix_items = [child(node, "prefixItems", i) for i in range(len(prefix))]
            shape.prefix_items_node = at(node, "prefixItems")

    def _merge_groups(self, shape: Shape, node: Node, value: dict[str, Any], strip: bool) -> None:
        for keyword in ("oneOf", "anyOf"):
            branches = value.get(keyword)
            if not isinstance(branches, list):
                continue
            real = self._real_branches(node, keyword, branches)
            if len(real) < len(branches):  # a {type: null} branch (3.1)
                shape.nullable, shape.nullable_node = True, at(node, keyword)
            if len(real) >= 2 and not strip:
                shape.groups.append(Group(keyword, real, at(node, keyword)))

    def _discriminator(self, node: Node, value: Any) -> Discriminator:
        where = child(node, "discriminator")
        if isinstance(value, str):  # Swagger 2.0: the property name itself
            return Discriminator(value, {}, where)
        if not isinstance(value, dict):
            return Discriminator(None, {}, where)
        name = value.get("propertyName")
        mapping: dict[str, tuple[str, Node]] = {}
        raw = value.get("mapping")
        if isinstance(raw, dict):
            for key, target in raw.items():
                if isinstance(target, str):
                    mapping[str(key)] = (target, child(where, "mapping", key))
        return Discriminator(name if isinstance(name, str) else None, mapping, where)
