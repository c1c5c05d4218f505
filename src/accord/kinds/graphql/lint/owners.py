"""The elements of a schema that its authors do not own, which convention rules leave
alone: a platform's definitions (Federation's ``FieldSet``, AppSync's ``AWSDateTime``,
whether the prelude supplies them or the schema writes them), and in a Federation
subgraph what another subgraph owns:

- a field marked ``@external`` (or every field of a type marked so): its name, type
  and description are the owning subgraph's;
- what a subgraph library adds for the router (``_Service``, ``_Entity``,
  ``Query._entities``, ``Query._service``), in a printed subgraph;
- a type this subgraph only references or extends: known only from ``extend type``,
  marked ``@extends`` or ``@interfaceObject``, or whose keys are all
  ``resolvable: false`` (a stub; its key fields are the owner's too). The fields it
  adds are its own.

Elements are named by the pointers lint findings carry (``/User``, ``/User/id``).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from accord.kinds.graphql.defs import Definitions, TypeDef, decode_string
from accord.kinds.graphql.fieldset import parse_field_set
from accord.kinds.graphql.model import GraphQLModel
from accord.kinds.graphql.platform import CANONICAL, SUBGRAPH_FIELDS, Platform

_STUB_MARKS = frozenset({CANONICAL + "extends", CANONICAL + "interfaceObject"})


@dataclass(frozen=True, slots=True)
class Ownership:
    #: Pointers of elements not owned, without what they hold.
    elements: frozenset[str] = frozenset()
    #: Pointers of elements not owned, with everything they hold.
    subtrees: frozenset[str] = frozenset()

    def owned(self, pointer: str) -> bool:
        if pointer in self.elements:
            return False
        end = pointer.find("/", 1)
        while end != -1:
            if pointer[:end] in self.subtrees:
                return False
            end = pointer.find("/", end + 1)
        return pointer not in self.subtrees


_CACHE: weakref.WeakKeyDictionary[GraphQLModel, Ownership | None] = weakref.WeakKeyDictionary()


def ownership(model: GraphQLModel) -> Ownership | None:
    """What the model's authors do not own; None when they own it all."""
    if model in _CACHE:
        return _CACHE[model]
    platform = model.platform
    found = _of(model.definitions, platform) if platform is not None else None
    _CACHE[model] = found
    return found


def _of(defs: Definitions, platform: Platform) -> Ownership:
    subtrees = {"/" + name for name in platform.types}
    subtrees.update("/@" + name for name in platform.directives)
    elements: set[str] = set()
    if platform.federation is not None:
        query = defs.root_name("query")
        subtrees.update(f"/{query}/{name}" for name in SUBGRAPH_FIELDS)
        for typedef in defs.types.values():
            if typedef.name not in platform.types:
                _subgraph(typedef, defs, platform.canonical, elements, subtrees)
    return Ownership(frozenset(elements), frozenset(subtrees))


def _subgraph(typedef: TypeDef, defs: Definitions, canonical: dict[str, str],
              elements: set[str], subtrees: set[str]) -> None:
    marks = {canonical.get(use.name) for use in typedef.directives}
    keys = [use for use in typedef.directives if canonical.get(use.name) == CANONICAL + "key"]
    stub = bool(keys) and all(use.args.get("resolvable") == "false" for use in keys)
    if stub or typedef.name in defs.adopted or marks & _STUB_MARKS:
        elements.add("/" + typedef.name)
    key_fields = {selection.name for use in keys if stub
                  for selection in parse_field_set(_text(use.args.get("fields"))) or ()}
    external = CANONICAL + "external"
    for field in typedef.fields.values():
        if external in marks or field.name in key_fields or any(
                canonical.get(use.name) == external for use in field.directives):
            subtrees.add(f"/{typedef.name}/{field.name}")


def _text(printed: str | None) -> str:
    return decode_string(printed) if printed is not None else ""
