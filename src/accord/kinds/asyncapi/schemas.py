"""The JSON Schema compatibility engine, in the roles of AsyncAPI messages.

The engine (``accord.kinds.jsonschema.engine``) compares a writer's schema with a
reader's. For a message the application **sends**, the revision writes and readers
built on the base read (scope ``sent-schema``: a revision that accepts more is
breaking); for a message it **receives**, the revision reads what producers built on
the base write (scope ``received-schema``: a revision that accepts less is breaking).
Payloads and headers share the scopes; the change messages name which one.
"""

from __future__ import annotations

from typing import Any

from accord.core.change import Change, Direction, RuleInfo
from accord.kinds.asyncapi.model import AsyncAPIModel
from accord.kinds.asyncapi.refs import Resolver, ref_of
from accord.kinds.jsonschema.drafts import DEFAULT, Draft, from_uri
from accord.kinds.jsonschema.engine import CompareContext, Policy, SchemaComparer
from accord.kinds.jsonschema.rules import Scope, catalog_for
from accord.kinds.jsonschema.shape import Side
from accord.kinds.openapi.catalog import Catalog
from accord.source import Document, Node

SENT = Scope("sent-schema", writer="revision", direction=Direction.RESPONSE)
RECEIVED = Scope("received-schema", writer="base", direction=Direction.REQUEST)
SENT_RULES = catalog_for(SENT)
RECEIVED_RULES = catalog_for(RECEIVED)
#: Concepts not reported for messages: a schema whose only change is a title or a
#: description is not compared at all (as nothing else of a message's documentation is).
DROPPED = frozenset({"title-changed", "description-changed"})


def listed(catalog: Catalog) -> list[RuleInfo]:
    """The rules of a scope's catalog that the kind reports."""
    return [r for r in catalog if r.id.split("-schema-", 1)[1] not in DROPPED]


def reported(change: Change) -> bool:
    return change.rule.split("-schema-", 1)[-1] not in DROPPED


def _draft_of(doc: Document) -> Draft:
    """AsyncAPI's schema format extends draft 7; a referenced schema file may say
    otherwise with ``$schema``."""
    data = doc.data
    declared = data.get("$schema") if isinstance(data, dict) else None
    found = from_uri(declared) if isinstance(declared, str) else None
    return found if isinstance(found, Draft) else DEFAULT


def side(model: AsyncAPIModel) -> Side:
    """The engine's view of a model's documents: ``$ref``s resolve in its workspace;
    a remote one (not fetched) reads as a schema that accepts anything, the URL
    itself compared separately."""
    resolver = Resolver(model.workspace)
    remote: dict[tuple[int, str], Node] = {}

    def resolve(node: Node) -> Node:
        if ref_of(node.value) is None:
            return node
        url = resolver.external(node)
        if url is None:
            return model.workspace.deref(node)
        key = (id(node.doc), node.pointer)
        found = remote.get(key)
        if found is None:
            found = remote[key] = Node(node.doc, node.pointer, {"x-accord-remote": url})
        return found

    return Side(resolve, _draft_of)


class Engines:
    """One comparer per role for a pair of models (memo shared by every message)."""

    def __init__(self, base: AsyncAPIModel, rev: AsyncAPIModel,
                 policy: Policy = "strict") -> None:
        self._sides = (side(base), side(rev))
        self._policy: Policy = policy
        self._comparers: dict[Direction, SchemaComparer] = {}

    def comparer(self, direction: Direction) -> SchemaComparer:
        found = self._comparers.get(direction)
        if found is None:
            scope = SENT if direction is Direction.RESPONSE else RECEIVED
            context = CompareContext(base=self._sides[0], revision=self._sides[1],
                                     scope=scope, policy=self._policy)
            found = self._comparers[direction] = SchemaComparer(context)
        return found


def remote_urls(value: Any) -> set[str]:
    """The remote references in a canonical schema (see ``canonical``)."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                found.add(ref)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
