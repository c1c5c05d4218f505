"""A value with its ``$ref``s inlined and annotations dropped, for "did it change" tests.

Two schemas that differ only in where they are written (inline or in components, in
one file or another), in descriptions, titles or examples, have the same canonical
form. A reference cycle becomes ``{"$cycle": <depth>}``; a remote reference stays
``{"$ref": <url>}``.
"""

from __future__ import annotations

from typing import Any

from accord.kinds.asyncapi.refs import Resolver, ref_of
from accord.source import Node

#: Keywords that document a schema without constraining it.
ANNOTATIONS = frozenset({"description", "title", "examples", "example", "$comment", "summary",
                         "externalDocs", "doc"})


#: Keywords whose value is a mapping of names (to schemas), not of keywords.
_NAMED = frozenset({"properties", "patternProperties", "definitions", "$defs",
                    "dependentSchemas", "dependencies"})
#: Keywords whose value is instance data, kept as written.
_DATA = frozenset({"enum", "const", "default"})


def canonical(resolver: Resolver, node: Node | None) -> Any:
    if node is None:
        return None
    return _walk(resolver, node.value, node, [], names=False)


def _walk(resolver: Resolver, value: Any, where: Node, stack: list[tuple[str, str]], *,
          names: bool) -> Any:
    if isinstance(value, dict):
        ref = ref_of(value) if not names else None
        if ref is not None:
            external = resolver.external(where)
            if external is not None:
                return {"$ref": external}
            target = resolver.ws.deref(where)
            place = (str(target.doc.path), target.pointer)
            if place in stack:
                return {"$cycle": len(stack) - stack.index(place)}
            stack.append(place)
            try:
                return _walk(resolver, target.value, target, stack, names=False)
            finally:
                stack.pop()
        out = {}
        for key in sorted(value, key=str):
            text = str(key)
            if not names and (text in ANNOTATIONS or text.startswith("x-")):
                continue
            child = value[key]
            if not names and text in _DATA:
                out[text] = child
                continue
            out[text] = _walk(resolver, child, Node(where.doc, f"{where.pointer}/"
                                                    f"{_escape(text)}", child), stack,
                              names=not names and text in _NAMED)
        return out
    if isinstance(value, list):
        return [_walk(resolver, item, Node(where.doc, f"{where.pointer}/{i}", item), stack,
                      names=False)
                for i, item in enumerate(value)]
    return value


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
