"""What the OpenAPI lint rules share: registration, locations, path words, schema walks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from accord.core.location import Location, join
from accord.kinds.openapi.model import OpenAPIModel, Operation, Response
from accord.lint.rule import LintRule, registrar
from accord.source import Node

#: Every built-in rule, in registration order (the order of the family modules).
RULES: list[LintRule] = []


#: ``@rule(id, severity, description, hint)`` registers a check in RULES.
rule = registrar(RULES)


def at(node: Node, *tokens: str | int) -> Location:
    """Where ``node``'s child is (or would be: then its nearest existing ancestor)."""
    return node.doc.location(join(node.pointer, *tokens))


def path_node(model: OpenAPIModel, op: Operation) -> Location:
    """The path item's key line: where the path is written."""
    return model.document.location(join("/paths", op.path))


def segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def is_template(segment: str) -> bool:
    return "{" in segment


_VERSION = re.compile(r"v\d+([.-]\w+)?", re.IGNORECASE)


def is_version(segment: str) -> bool:
    return _VERSION.fullmatch(segment) is not None


_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
#: Nouns that are plural (or uncountable) without a final s.
_PLURALS = frozenset({
    "people", "children", "men", "women", "data", "media", "criteria", "metadata", "news",
    "series", "species", "feet", "teeth", "mice", "geese", "indices", "analytics", "info",
    "software", "hardware", "feedback", "equipment", "staff", "information", "content",
    "traffic", "billing", "search", "settings",
})


def words(segment: str) -> list[str]:
    """``line-items`` / ``lineItems`` / ``line_items`` -> ``["line", "items"]``."""
    return [w.lower() for w in _WORD.findall(segment)]


def is_plural(segment: str) -> bool:
    found = words(segment)
    # The head noun of "codes_of_conduct" is "codes".
    if "of" in found[1:]:
        found = found[:found.index("of", 1)]
    if not found:
        return True
    last = found[-1]
    return last in _PLURALS or (last.endswith("s") and not last.endswith("ss")) or last.isdigit()


def status_class(status: str) -> str:
    """``404`` / ``4XX`` -> ``4``; ``default`` -> ``default``."""
    return status if status == "default" else status[:1]


def has_status(op: Operation, *classes: str) -> bool:
    return any(status_class(s) in classes for s in op.responses)


def successes(op: Operation) -> list[Response]:
    return [r for s, r in op.responses.items() if status_class(s) == "2"]


def deref(model: OpenAPIModel, node: Node) -> Node:
    value = node.value
    if isinstance(value, dict) and "$ref" in value:
        return model.workspace.deref(node)
    return node


@dataclass(frozen=True, slots=True)
class Prop:
    """One property of an object schema."""

    name: str
    #: The property as written (its location), and its schema with $ref followed.
    node: Node
    schema: Node


def _token(key: str) -> str:
    if "~" in key or "/" in key:
        return key.replace("~", "~0").replace("/", "~1")
    return key


def _subschemas(schema: Node) -> list[tuple[Node, str]]:
    """(a subschema, the keyword that holds it) for each subschema of ``schema``,
    last first (the order a walk's stack takes them in); memoised per document
    and pointer: several walks visit the same schemas."""
    doc = schema.doc
    pointer = schema.pointer
    cache: dict[str, list[tuple[Node, str]]] | None = doc.memo.get("lint.subschemas")
    if cache is None:
        cache = doc.memo["lint.subschemas"] = {}
    else:
        found = cache.get(pointer)
        if found is not None:
            return found
    value = schema.value
    out: list[tuple[Node, str]] = []
    if "items" in value:
        child = value["items"]
        if isinstance(child, dict):
            out.append((Node(doc, f"{pointer}/items", child), "items"))
    if "additionalProperties" in value:
        child = value["additionalProperties"]
        if isinstance(child, dict):
            out.append((Node(doc, f"{pointer}/additionalProperties", child),
                        "additionalProperties"))
    if "not" in value:
        child = value["not"]
        if isinstance(child, dict):
            out.append((Node(doc, f"{pointer}/not", child), "not"))
    for key in ("allOf", "anyOf", "oneOf", "prefixItems"):
        if key in value:
            members = value[key]
            if isinstance(members, list):
                group = f"{pointer}/{key}/"
                for index, member in enumerate(members):
                    if isinstance(member, dict):
                        out.append((Node(doc, f"{group}{index}", member), key))
    if "properties" in value:
        properties = value["properties"]
        if isinstance(properties, dict):
            holder = f"{pointer}/properties/"
            for name, member in properties.items():
                if isinstance(member, dict):
                    out.append((Node(doc, holder + _token(str(name)), member),
                                "properties"))
    out.reverse()
    cache[pointer] = out
    return out


def _props(model: OpenAPIModel, schema: Node) -> list[Prop]:
    """The properties ``schema`` declares itself (memoised per document and pointer)."""
    doc = schema.doc
    pointer = schema.pointer
    cache: dict[str, list[Prop]] | None = doc.memo.get("lint.props")
    if cache is None:
        cache = doc.memo["lint.props"] = {}
    else:
        found = cache.get(pointer)
        if found is not None:
            return found
    out: list[Prop] = []
    properties = schema.value.get("properties")
    if isinstance(properties, dict):
        holder = f"{pointer}/properties/"
        deref_node = model.workspace.deref
        for name, member in properties.items():
            if isinstance(member, dict):
                text = str(name)
                raw = Node(doc, holder + _token(text), member)
                out.append(Prop(text, raw, deref_node(raw) if "$ref" in member else raw))
    cache[pointer] = out
    return out


def walk_properties(model: OpenAPIModel, roots: list[Node]) -> list[Prop]:
    """Every property of every schema reachable from ``roots``, each schema once."""
    seen: set[tuple[int, str]] = set()
    out: list[Prop] = []
    stack = list(reversed(roots))
    pop = stack.pop
    push = stack.extend
    while stack:
        schema = pop()
        value = schema.value
        if isinstance(value, dict) and "$ref" in value:
            schema = model.workspace.deref(schema)
            value = schema.value
        key = (id(schema.doc), schema.pointer)
        if key in seen or not isinstance(value, dict):
            continue
        seen.add(key)
        if "properties" in value:
            out += _props(model, schema)
        push([n for n, _ in _subschemas(schema)])
    return out


def walk_schemas(model: OpenAPIModel, roots: list[Node],
                 after: Sequence[tuple[Node, str]] = ()) -> list[tuple[Node, str]]:
    """Every schema reachable from ``roots`` ($ref followed), each once, with the
    keyword that led to it (``root``, ``items``, ``allOf``, ``properties``, ...).

    ``after``: the result of an earlier walk, extended rather than repeated."""
    seen: set[tuple[int, str]] = {(id(n.doc), n.pointer) for n, _ in after}
    out: list[tuple[Node, str]] = list(after)
    stack: list[tuple[Node, str]] = [(n, "root") for n in reversed(roots)]
    pop = stack.pop
    push = stack.extend
    deref_node = model.workspace.deref
    while stack:
        raw, via = pop()
        schema = raw
        value = raw.value
        if isinstance(value, dict) and "$ref" in value:
            schema = deref_node(raw)
            value = schema.value
        key = (id(schema.doc), schema.pointer)
        if key in seen or not isinstance(value, dict):
            continue
        seen.add(key)
        out.append((schema, via))
        push(_subschemas(schema))
    return out


def body_roots(model: OpenAPIModel, *, responses: bool = True) -> list[Node]:
    """The schemas of request bodies (and of responses)."""
    roots: list[Node] = []
    for op in model.operations.values():
        bodies = [*(op.request_body.content.values() if op.request_body else ())]
        if responses:
            for response in op.responses.values():
                bodies += response.content.values()
        roots += [m.schema for m in bodies if m.schema is not None]
    return roots


def component_schemas(model: OpenAPIModel) -> list[Node]:
    root = model.workspace.root(model.document)
    holder = root.child("definitions") if model.dialect == "swagger2" else root.child(
        "components", "schemas")
    if holder is None or not isinstance(holder.value, dict):
        return []
    return [n for k in holder.value if (n := holder.child(str(k))) is not None]


def request_properties(model: OpenAPIModel) -> list[Prop]:
    """Properties of request bodies (memoised per model: several rules read them)."""
    memo = model.workspace.memo
    if "lint.request-properties" not in memo:
        roots = [media.schema for op in model.operations.values() if op.request_body
                 for media in op.request_body.content.values() if media.schema is not None]
        memo["lint.request-properties"] = walk_properties(model, roots)
    found: list[Prop] = memo["lint.request-properties"]
    return found


def all_properties(model: OpenAPIModel) -> list[Prop]:
    """Properties of every component schema and every body (memoised per model)."""
    memo = model.workspace.memo
    if "lint.all-properties" not in memo:
        out: list[Prop] = []
        for schema, _ in all_schemas(model):
            if "properties" in schema.value:
                out += _props(model, schema)
        memo["lint.all-properties"] = out
    found: list[Prop] = memo["lint.all-properties"]
    return found


def body_schemas(model: OpenAPIModel) -> list[tuple[Node, str]]:
    """Every schema of a request or response body (memoised per model)."""
    memo = model.workspace.memo
    if "lint.body-schemas" not in memo:
        memo["lint.body-schemas"] = walk_schemas(model, body_roots(model))
    found: list[tuple[Node, str]] = memo["lint.body-schemas"]
    return found


def all_schemas(model: OpenAPIModel) -> list[tuple[Node, str]]:
    """Every schema of the components and the bodies (memoised per model)."""
    memo = model.workspace.memo
    if "lint.all-schemas" not in memo:
        # The bodies' walk first: most component schemas are reached through it.
        memo["lint.all-schemas"] = walk_schemas(model, component_schemas(model),
                                                after=body_schemas(model))
    found: list[tuple[Node, str]] = memo["lint.all-schemas"]
    return found
