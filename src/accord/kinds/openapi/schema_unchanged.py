"""The fast path: which components did not change at all.

A component (a schema, parameter, response, ... under ``components``, or
Swagger 2.0's ``definitions``, ``parameters`` and ``responses``) is unchanged
when its raw value is equal (``==``) in both documents and every ``$ref``
inside it names an unchanged component (the greatest fixed point, so
unchanged cycles stay unchanged). Comparing a schema, or a whole operation,
whose raw value is equal on both sides and whose references all name
unchanged components yields nothing.

References are found by scanning orjson's serialisation, which is far faster
than walking the value in Python.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

import orjson

from accord.core.location import unescape
from accord.source import Document

_REF = re.compile(rb'"\$ref":"((?:[^"\\]|\\.)*)"')
#: Swagger 2.0's top-level component sections.
_SWAGGER_SECTIONS = ("definitions", "parameters", "responses")


def component_of(ref: str) -> str | None:
    """The component a local ``$ref`` points into, as ``section/name``
    (``#/components/schemas/Pet/properties/x`` -> ``schemas/Pet``,
    ``#/definitions/Pet`` -> ``definitions/Pet``)."""
    if not ref.startswith("#/"):
        return None
    parts = ref[2:].split("/", 3)
    if parts[0] == "components" and len(parts) >= 3:
        section, name = parts[1], parts[2]
    elif parts[0] in _SWAGGER_SECTIONS and len(parts) >= 2:
        section, name = parts[0], parts[1]
    else:
        return None
    return f"{unescape(unquote(section))}/{unescape(unquote(name))}"


def _components(doc: Document) -> dict[str, Any]:
    """Every component of ``doc`` by ``section/name``."""
    data = doc.data
    if not isinstance(data, dict):
        return {}
    sections: dict[str, Any] = {}
    comps = data.get("components")
    if isinstance(comps, dict):
        sections.update(comps)
    for name in _SWAGGER_SECTIONS:
        if name in data:
            sections[name] = data[name]
    out: dict[str, Any] = {}
    for section, members in sections.items():
        if isinstance(members, dict):
            for name, value in members.items():
                out[f"{section}/{name}"] = value
    return out


class Unchanged:
    """Per (base document, revision document): the unchanged component names."""

    def __init__(self) -> None:
        self._refs: dict[int, tuple[Any, frozenset[str] | None]] = {}
        self._names: dict[tuple[int, int], frozenset[str]] = {}

    def refs(self, value: Any, doc: Document | None = None) -> frozenset[str] | None:
        """Every ``$ref`` string inside ``value``; None if it cannot be scanned.

        With the ``doc`` that holds ``value`` the answer is cached on the
        document, so a revision checked against many earlier versions scans
        its values once.
        """
        if not isinstance(value, dict | list):
            return frozenset()
        cache = self._refs if doc is None else doc.memo.setdefault("openapi.refs", {})
        found = cache.get(id(value))
        if found is None:
            try:
                raw = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
            except TypeError:
                found = (value, None)
            else:
                refs = frozenset(
                    orjson.loads(b'"' + m + b'"') if b"\\" in m else m.decode()
                    for m in _REF.findall(raw)
                )
                found = (value, refs)
            cache[id(value)] = found  # the value is kept alive: ids stay unique
        return found[1]

    def names(self, base: Document, revision: Document) -> frozenset[str]:
        key = (id(base), id(revision))
        found = self._names.get(key)
        if found is None:
            found = self._compute(_components(base), _components(revision))
            self._names[key] = found
        return found

    def _compute(self, base: dict[str, Any], revision: dict[str, Any]) -> frozenset[str]:
        deps: dict[str, set[str]] = {}
        for name, value in base.items():
            if name not in revision or revision[name] != value:
                continue
            refs = self.refs(value)
            if refs is None:
                continue
            pointed = [component_of(r) for r in refs]
            names = {t for t in pointed if t is not None}
            if len(names) < len(set(pointed)):
                continue  # a reference outside the components: not provably unchanged
            deps[name] = names
        alive = set(deps)
        users: dict[str, list[str]] = {}
        for name, needs in deps.items():
            for target in needs:
                users.setdefault(target, []).append(name)
        queue = [n for n, needs in deps.items() if not needs <= alive]
        while queue:
            name = queue.pop()
            if name not in alive:
                continue
            alive.discard(name)
            queue.extend(u for u in users.get(name, ()) if u in alive)
        return frozenset(alive)

    def same(self, base_doc: Document, rev_doc: Document, value: Any) -> bool:
        """Whether ``value`` (a value of ``rev_doc``, equal to its twin in
        ``base_doc``) references only unchanged components, so comparing the
        two finds nothing."""
        refs = self.refs(value, rev_doc)
        if refs is None:
            return False
        if not refs:
            return True
        names = self.names(base_doc, rev_doc)
        for ref in refs:
            target = component_of(ref)
            if target is None or target not in names:
                return False
        return True
