"""What every comparison step of the AsyncAPI diff shares, and where changes go."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from accord.core.change import Change, Direction
from accord.core.location import Location
from accord.kinds.asyncapi.canonical import canonical
from accord.kinds.asyncapi.model import Action, AsyncAPIModel
from accord.kinds.asyncapi.refs import Resolver
from accord.kinds.asyncapi.rules import CATALOG
from accord.kinds.asyncapi.schemas import Engines
from accord.kinds.jsonschema.engine import Policy
from accord.source import Node


def role(action: Action) -> Direction:
    """Sent messages are read by others, like responses; received ones are written by
    others, like requests."""
    return Direction.RESPONSE if action == "send" else Direction.REQUEST


def opposite(action: Action) -> Action:
    return "receive" if action == "send" else "send"


@dataclass(slots=True)
class Context:
    base: AsyncAPIModel
    rev: AsyncAPIModel
    changes: list[Change] = field(default_factory=list)
    resolvers: tuple[Resolver, Resolver] = field(init=False)
    #: The JSON Schema engine's policy for payloads and headers (``strict``/``lenient``).
    policy: Policy = "strict"
    _engines: Engines | None = None
    #: Canonical forms by (side, file, pointer, value): a shared schema is inlined once.
    _canonical: dict[tuple[int, str, str, int], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.resolvers = (Resolver(self.base.workspace), Resolver(self.rev.workspace))

    def add(self, rule_id: str, message: str, where: Node | Location,
            operations: list[str] | str | None = None, direction: Direction | None = None,
            ) -> Change:
        location = where if isinstance(where, Location) else where.location
        ops = [operations] if isinstance(operations, str) else list(operations or [])
        change = CATALOG.change(rule_id, message, location, ops[0] if ops else None)
        if direction is not None and change.direction is not direction:
            change = replace(change, direction=direction)
        if len(ops) > 1:
            change = replace(change, operations=tuple(ops))
        self.changes.append(change)
        return change

    @property
    def engines(self) -> Engines:
        """The JSON Schema engine's comparers for this pair of models."""
        if self._engines is None:
            self._engines = Engines(self.base, self.rev, self.policy)
        return self._engines

    def canonical(self, side: int, node: Node | None) -> Any:
        """``node``'s canonical form in the base (``side`` 0) or revision (1)."""
        if node is None:
            return None
        # The value's identity too: a trait-merged value shares its pointer with the
        # message's own one.
        key = (side, str(node.doc.path), node.pointer, id(node.value))
        if key not in self._canonical:
            self._canonical[key] = canonical(self.resolvers[side], node)
        return self._canonical[key]

    def same(self, base: Node | None, rev: Node | None) -> bool:
        return bool(self.canonical(0, base) == self.canonical(1, rev))
