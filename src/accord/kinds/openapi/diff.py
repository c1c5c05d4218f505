"""Comparing two OpenAPI models: the walk over operations, ordering and de-duplication."""

from __future__ import annotations

from dataclasses import dataclass, field
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

    def add(self, rule_id: str, message: str, node: Node, operation: str | None = None) -> None:
        self.changes.append(self.catalog.change(rule_id, message, node.location, operation))

    def schema(self, base: Node | None, rev: Node | None, site: Site, operation: str) -> None:
        """Hand a pair of schemas (either may be a $ref) to the schema differ."""
        if base is not None and rev is not None:
            self.changes.extend(self.schemas.compare(base, rev, site, operation))


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
    return order(dedupe(ctx.changes), catalog)


def dedupe(changes: list[Change]) -> list[Change]:
    """Drop repeats of one rule at one place for one operation (shared schemas)."""
    seen: set[tuple[str, str | None, str, str | None]] = set()
    out = []
    for change in changes:
        key = (change.rule, change.location.file, change.location.pointer, change.operation)
        if key not in seen:
            seen.add(key)
            out.append(change)
    return out


def order(changes: list[Change], catalog: Catalog) -> list[Change]:
    """Document-wide changes first, then by path, method and rule (catalog order);
    changes that tie keep the order they were found in."""
    rank = {rule.id: i for i, rule in enumerate(catalog)}
    methods = {m.upper(): i for i, m in enumerate(METHODS)}

    def key(change: Change) -> tuple[int, str, int, str, int]:
        if change.operation is None:
            return (0, "", 0, "", rank.get(change.rule, len(rank)))
        method, _, path = change.operation.partition(" ")
        return (1, normalise_path(path), methods.get(method, len(methods)), path,
                rank.get(change.rule, len(rank)))

    return sorted(changes, key=key)
