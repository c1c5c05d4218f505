"""The effective schema at one position, built from every schema that applies there.

A position holds a conjunction of schema objects: the one written there, what
its ``$ref`` names, the branches of its ``allOf``, recursively. :class:`Side`
flattens such a conjunction into *atoms* (schema objects, each with the
keywords left out of it: a ``oneOf`` being compared branch by branch) and
merges them (:mod:`~accord.kinds.jsonschema.merge`) into one
:class:`~accord.kinds.jsonschema.model.Shape`. Shapes are memoised per
conjunction; each keyword keeps the node it was written at, for locations. A
side also keeps the serialised form of values, for the engine's equality checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from accord.kinds.jsonschema.drafts import Draft
from accord.kinds.jsonschema.merge import merge
from accord.kinds.jsonschema.model import (
    ALL_TYPES,
    ANNOTATIONS,
    NONE,
    REFS,
    Part,
    Parts,
    PartsKey,
    Shape,
    json_type,
    parts_key,
)
from accord.kinds.jsonschema.resolver import REF_KEYWORDS, unserialisable
from accord.source import Document, Node
from accord.source.workspace import node_below as child

__all__ = ["Side"]


def _dump(value: Any) -> bytes:
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        return unserialisable(value)


class Side:
    """One side of a comparison: how its references resolve, which draft each
    document is written in, and its memoised shapes."""

    def __init__(self, resolve: Callable[[Node], Node], draft_of: Callable[[Document], Draft],
                 *, nullable: bool = True, digests: dict[int, bytes] | None = None,
                 refs: dict[int, bool] | None = None) -> None:
        self.resolve = resolve
        self.draft_of = draft_of
        #: read OpenAPI's ``nullable: true`` as "null is also allowed"
        self.nullable = nullable
        self._shapes: dict[PartsKey, Shape] = {}
        #: serialised values by id (``digests``: ones already made while loading)
        self.digests: dict[int, bytes] = digests if digests is not None else {}
        self._cores: dict[int, bytes] = {}
        self._refs: dict[int, bool] = refs if refs is not None else {}
        self._referring: dict[int, frozenset[str]] = {}
        #: engines' own derived data (keyed by engine)
        self.memo: dict[str, Any] = {}

    def has_ref(self, value: Any) -> bool:
        """Whether a reference keyword occurs anywhere in the value (a ``"$ref"`` key
        inside an enum counts too: it only costs a fast path)."""
        if not isinstance(value, dict | list):
            return False
        found = self._refs.get(id(value))
        if found is None:
            digest = self.digest(value)
            found = b'"$ref"' in digest or b'Ref"' in digest
            self._refs[id(value)] = found
        return found

    def referring(self, table: dict[str, Any]) -> frozenset[str]:
        """The names of a ``properties``-like table whose schemas contain a reference."""
        found = self._referring.get(id(table))
        if found is None:
            has = self.has_ref
            found = frozenset(name for name, value in table.items() if has(value))
            self._referring[id(table)] = found
        return found

    def core_digest(self, value: Any) -> bytes:
        """:meth:`digest` of a schema object without its own annotations: equal core
        digests (and no references) mean equal instance sets."""
        key = id(value)
        found = self._cores.get(key)
        if found is None:
            if isinstance(value, dict) and not ANNOTATIONS.isdisjoint(value):
                found = _dump({k: v for k, v in value.items() if k not in ANNOTATIONS})
            else:
                found = self.digest(value)
            self._cores[key] = found
        return found

    def digest(self, value: Any) -> bytes:
        """The value serialised: equal digests are equal JSON (``true`` is not ``1``)."""
        key = id(value)
        found = self.digests.get(key)
        if found is None:
            found = _dump(value)
            self.digests[key] = found
        return found

    def target(self, node: Node) -> Node:
        """``node`` with its references followed (the schema written there)."""
        seen: set[int] = set()
        while isinstance(node.value, dict) and any(
                isinstance(node.value.get(k), str) for k in REFS) and id(node.value) not in seen:
            seen.add(id(node.value))
            if self.draft_of(node.doc).ref_siblings_apply and len(node.value) > 1:
                break
            node = self.resolve(node)
        return node

    def flatten(self, parts: Parts) -> tuple[list[Part], bool]:
        """The atoms of a conjunction, and whether ``false`` is one of them."""
        out: list[Part] = []
        never = False
        seen: set[tuple[int, frozenset[str]]] = set()
        stack = list(reversed(parts))
        while stack:
            node, mask = stack.pop()
            value = node.value
            if value is False:
                never = True
                continue
            if not isinstance(value, dict):
                continue
            if "not" not in mask and (value.get("not") is True or value.get("not") == {}):
                never = True  # the negation of a schema that accepts everything
                continue
            key = (id(value), mask)
            if key in seen:
                continue
            seen.add(key)
            pushed: list[Part] = []
            ref = next((k for k in REF_KEYWORDS if k not in mask
                        and isinstance(value.get(k), str)), None)
            if ref is not None:
                target = self.resolve(node)
                if not self.draft_of(node.doc).ref_siblings_apply:
                    stack.append((target, NONE))
                    continue
                pushed.append((target, NONE))
                mask = mask | REFS
            branches = value.get("allOf") if "allOf" not in mask else None
            if isinstance(branches, list):
                pushed.extend((child(node, "allOf", i), NONE) for i, b in enumerate(branches)
                              if isinstance(b, dict | bool))
                mask = mask | {"allOf"}
            out.append((node, mask))
            stack.extend(reversed(pushed))
        return out, never

    def shape(self, parts: Parts) -> Shape:
        key = parts_key(parts)
        found = self._shapes.get(key)
        if found is None:
            found = self._build(parts)
            self._shapes[key] = found
        return found

    def shape_of(self, node: Node) -> Shape:
        return self.shape(((node, NONE),))

    def _build(self, parts: Parts) -> Shape:
        atoms, never = self.flatten(parts)
        primary = atoms[0][0] if atoms else parts[0][0]
        shape = Shape(primary, atoms, never)
        for part in atoms:
            merge(self, shape, part)
            if shape.never:
                break
        if not shape.never:
            shape.contradictions = shape.find_contradictions()
        empty = {kind for kind, _, _ in shape.contradictions}
        if empty:
            # Constraints that exclude every value of a type remove the type.
            allowed = shape.types if shape.types is not None else ALL_TYPES
            shape.types = frozenset(allowed - empty - (
                {"integer"} if "number" in empty else set()))
        if shape.types is not None and not shape.types:
            shape.never = True
        if shape.enum is not None and shape.types is not None:
            shape.enum = [v for v in shape.enum if shape.allows(json_type(v))]
        if shape.enum is not None and not shape.enum:
            shape.never = True
        return shape
