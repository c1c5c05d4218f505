"""Comparing two OpenAPI models: the walk over operations, ordering and de-duplication."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from accord.core.change import Change
from accord.kinds.openapi import bodies, operations, security, servers
from accord.kinds.openapi.catalog import Catalog
from accord.kinds.openapi.model import METHODS, OpenAPIModel, normalise_path
from accord.kinds.openapi.schemas import SchemaDiffer, Site
from accord.source import Node


@dataclass(slots=True)
class Context:
    """What every comparison step needs, and where it puts its changes."""

    catalog: Catalog
    schemas: SchemaDiffer
    base: OpenAPIModel
    rev: OpenAPIModel
    today: date
    changes: list[Change] = field(default_factory=list)
    #: Schema changes with the operation they were reached from; a change in a
    #: shared schema is one object reached from many operations.
    reached: list[tuple[Change, str]] = field(default_factory=list)

    def add(self, rule_id: str, message: str, node: Node, operation: str | None = None) -> None:
        self.changes.append(self.catalog.change(rule_id, message, node.location, operation))

    def schema(self, base: Node | None, rev: Node | None, site: Site, operation: str) -> None:
        """Hand a pair of schemas (either may be a $ref) to the schema differ."""
        if base is not None and rev is not None:
            self.reached.extend((c, operation) for c in self.schemas.compare(base, rev, site))


def diff_models(base: OpenAPIModel, rev: OpenAPIModel, catalog: Catalog, today: date,
                ) -> list[Change]:
    """Every change from ``base`` to ``rev``, de-duplicated, in report order."""
    differ = SchemaDiffer(base.workspace, rev.workspace, catalog, base.dialect, rev.dialect)
    ctx = Context(catalog, differ, base, rev, today)
    servers.diff_servers(ctx, base.servers, rev.servers, None)
    security.diff_security_schemes(ctx)
    for key, op in base.operations.items():
        other = rev.operations.get(key)
        if other is None:
            operations.removed(ctx, op)
            continue
        label = other.label
        operations.compare(ctx, op, other)
        operations.diff_parameters(ctx, op, other, label)
        bodies.diff_request_body(ctx, op, other, label)
        bodies.diff_responses(ctx, op, other, label)
        security.diff_operation_security(ctx, op, other, label)
        servers.diff_operation_servers(ctx, op, other, label)
    for key, op in rev.operations.items():
        if key not in base.operations:
            operations.added(ctx, op)
    found = [(c, c.operation) for c in ctx.changes]
    found.extend(ctx.reached)
    return merge(order(found, catalog))


Reached = tuple[Change, "str | None"]


def order(found: Iterable[Reached], catalog: Catalog) -> list[Reached]:
    """Document-wide changes first, then by path, method and rule (catalog order);
    changes that tie keep the order they were found in."""
    rank = {rule.id: i for i, rule in enumerate(catalog)}
    methods = {m.upper(): i for i, m in enumerate(METHODS)}
    keys: dict[str | None, tuple[int, str, int, str]] = {}

    def op_key(operation: str | None) -> tuple[int, str, int, str]:
        if operation not in keys:
            if operation is None:
                keys[operation] = (0, "", 0, "")
            else:
                method, _, path = operation.partition(" ")
                keys[operation] = (1, normalise_path(path), methods.get(method, len(methods)),
                                   path)
        return keys[operation]

    return sorted(found, key=lambda f: (op_key(f[1]), rank.get(f[0].rule, len(rank))))


def merge(found: Iterable[Reached]) -> list[Change]:
    """One change per rule, place and message, listing every operation it affects.

    A change in a schema that many operations share is reported once, not once
    per operation; ``Change.operations`` names them all, in report order.
    """
    merged: dict[tuple[str, str | None, str, str], tuple[Change, dict[str, None]]] = {}
    for change, operation in found:
        key = (change.rule, change.location.file, change.location.pointer, change.message)
        entry = merged.get(key)
        if entry is None:
            entry = merged[key] = (change, {})
        if operation is not None:
            entry[1][operation] = None  # an ordered set
    out = []
    for change, seen in merged.values():
        ops = list(seen)
        first = ops[0] if ops else None
        if change.operation != first or len(ops) > 1:
            change = replace(change, operation=first, operations=tuple(ops) if len(ops) > 1
                             else ())
        out.append(change)
    return out
