"""Comparing two OpenAPI models: the walk over operations, ordering and de-duplication."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from accord.core.change import Change
from accord.kinds.openapi import bodies, operations, security, servers
from accord.kinds.openapi.catalog import Catalog
from accord.kinds.openapi.model import METHODS, OpenAPIModel, Operation, normalise_path, sub
from accord.kinds.openapi.schema_engine import Result
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
    #: Schema comparisons (graphs of results) with the operation that reached
    #: them; a change in a shared schema is one node reached from many roots.
    reached: list[tuple[Result, str]] = field(default_factory=list)

    def add(self, rule_id: str, message: str, node: Node, operation: str | None = None) -> None:
        self.changes.append(self.catalog.change(rule_id, message, node.location, operation))

    def schema(self, base: Node | None, rev: Node | None, site: Site, operation: str) -> None:
        """Hand a pair of schemas (either may be a $ref) to the schema differ."""
        if base is not None and rev is not None:
            root = self.schemas.result(base, rev, site)
            if root.changes or root.children:
                self.reached.append((root, operation))


def diff_models(base: OpenAPIModel, rev: OpenAPIModel, catalog: Catalog, today: date,
                ) -> list[Change]:
    """Every change from ``base`` to ``rev``, de-duplicated, in report order."""
    differ = SchemaDiffer(base.workspace, rev.workspace, catalog, base.dialect, rev.dialect,
                          today=today)
    ctx = Context(catalog, differ, base, rev, today)
    servers.diff_servers(ctx, base.servers, rev.servers, None)
    security.diff_security_schemes(ctx)
    diff_component_schemas(ctx)
    same_context = _context(base) == _context(rev)
    for key, op in base.operations.items():
        other = rev.operations.get(key)
        if other is None:
            operations.removed(ctx, op)
            continue
        if same_context and _unchanged(op, other, differ):
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
    if base.webhooks or rev.webhooks:
        diff_webhooks(ctx)
    return merge(ctx.changes, ctx.reached, catalog)


def diff_webhooks(ctx: Context) -> None:
    """OpenAPI 3.1 webhooks, compared like operations with the directions
    inverted: the provider sends the request, subscribers answer it."""
    base, rev = ctx.base.webhooks, ctx.rev.webhooks
    for key, op in base.items():
        other = rev.get(key)
        if other is None:
            ctx.add("webhook-removed", f"{op.label} was removed", op.node, op.label)
            continue
        operations.compare(ctx, op, other)
        bodies.diff_webhook(ctx, op, other, other.label)
    for key, op in rev.items():
        if key not in base:
            ctx.add("webhook-added", f"{op.label} was added", op.node, op.label)


def _component_schemas(model: OpenAPIModel) -> dict[str, Node]:
    """The named schemas: ``components/schemas`` (``definitions`` in Swagger 2.0)."""
    root = model.workspace.root(model.document)
    holder = (root.child("definitions") if model.dialect == "swagger2"
              else root.child("components", "schemas"))
    if holder is None or not isinstance(holder.value, dict):
        return {}
    return {str(name): node for name in holder.value
            if (node := sub(holder, name)) is not None}


def diff_component_schemas(ctx: Context) -> None:
    """Named schemas removed or added, used by an operation or not: generated
    clients turn each into a type."""
    old, new = _component_schemas(ctx.base), _component_schemas(ctx.rev)
    for name, node in old.items():
        if name not in new:
            ctx.add("component-schema-removed", f"component schema '{name}' was removed", node)
    for name, node in new.items():
        if name not in old:
            ctx.add("component-schema-added", f"component schema '{name}' was added", node)


#: Top-level keys that cannot change what an operation means.
_INERT = frozenset({"info", "tags", "externalDocs", "paths", "webhooks"})
#: Component sections an operation uses by name rather than by ``$ref``.
_NAMED = ("securitySchemes",)


def _context(model: OpenAPIModel) -> dict[str, object]:
    """What an operation inherits from its document besides ``$ref`` targets:
    root security, servers, Swagger 2.0 consumes/produces/basePath, security
    scheme definitions."""
    data = model.document.data
    out = {k: v for k, v in data.items() if k not in _INERT and not k.startswith("x-")
           and k != "components" and k not in ("definitions", "parameters", "responses")}
    comps = data.get("components")
    if isinstance(comps, dict):
        out["components"] = {k: comps.get(k) for k in _NAMED}
    return out


def _unchanged(base: Operation, rev: Operation, differ: SchemaDiffer) -> bool:
    """True when comparing the two operations cannot find anything: the same
    path spelling, equal raw operation and path-level values, and every
    ``$ref`` they hold names a component unchanged in both documents."""
    if base.path != rev.path or base.node.value != rev.node.value:
        return False
    base_item, rev_item = _path_item(base), _path_item(rev)
    if base_item is None or rev_item is None:
        return False
    for key in ("parameters", "servers"):
        if base_item.get(key) != rev_item.get(key):
            return False
    unchanged = differ.unchanged
    docs = (base.node.doc, rev.node.doc)
    return (unchanged.same(*docs, rev.node.value)
            and unchanged.same(*docs, rev_item.get("parameters")))


def _path_item(op: Operation) -> dict[str, object] | None:
    paths = op.node.doc.data.get("paths") if isinstance(op.node.doc.data, dict) else None
    item = paths.get(op.path) if isinstance(paths, dict) else None
    return item if isinstance(item, dict) and item.get(op.method) is op.node.value else None


def merge(direct: list[Change], reached: list[tuple[Result, str]],
          catalog: Catalog) -> list[Change]:
    """One change per rule, place and message, listing every operation it
    affects, in report order: document-wide changes first, then by path,
    method and rule (catalog order); ties keep the order they were found in.

    A change in a schema that many operations share is reported once, not once
    per operation; ``Change.operations`` names them all, in report order.
    Operations are bits of an integer mask (bit i = the i-th in report order).
    """
    rule_rank = {rule.id: i for i, rule in enumerate(catalog)}
    methods = {m.upper(): i for i, m in enumerate(METHODS)}

    def op_key(operation: str | None) -> tuple[int, str, int, str]:
        if operation is None:
            return (0, "", 0, "")
        method, _, path = operation.partition(" ")
        return (1, normalise_path(path), methods.get(method, len(methods)), path)

    ops = sorted({c.operation for c in direct} | {op for _, op in reached}, key=op_key)
    index = {op: i for i, op in enumerate(ops)}
    found = [(c, 1 << index[c.operation]) for c in direct]
    found.extend(_masks(reached, index))
    merged: dict[tuple[str, str | None, str, str], list[Any]] = {}
    for seen, (change, mask) in enumerate(found):
        key = (change.rule, change.location.file, change.location.pointer, change.message)
        entry = merged.get(key)
        if entry is None:
            merged[key] = [change, mask, seen]
        else:
            entry[1] |= mask
    last = len(rule_rank)
    ordered = sorted(merged.values(),
                     key=lambda e: (_lowest(e[1]), rule_rank.get(e[0].rule, last), e[2]))
    out = []
    for change, mask, _ in ordered:
        names = [name for name in (ops[i] for i in _bits(mask)) if name is not None]
        first = names[0] if names else None
        if change.operation != first or len(names) > 1:
            change = replace(change, operation=first,
                             operations=tuple(names) if len(names) > 1 else ())
        out.append(change)
    return out


def _masks(reached: list[tuple[Result, str]], index: dict[str | None, int],
           ) -> list[tuple[Change, int]]:
    """Every change in the result graphs with the mask of operations reaching
    it: masks flow from each root down to every node below, in one pass over a
    topological order (repeated only when a cycle sends bits back up)."""
    mask: dict[int, int] = {}
    roots: dict[int, Result] = {}
    for root, operation in reached:
        mask[id(root)] = mask.get(id(root), 0) | (1 << index[operation])
        roots[id(root)] = root
    postorder: list[Result] = []
    visited: set[int] = set()
    for root in roots.values():
        if id(root) in visited:
            continue
        visited.add(id(root))
        stack = [(root, iter(root.children))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                postorder.append(node)
            elif id(child) not in visited:
                visited.add(id(child))
                stack.append((child, iter(child.children)))
    order = postorder[::-1]
    position = {id(node): i for i, node in enumerate(order)}
    again = True
    while again:
        again = False
        for node in order:
            bits = mask.get(id(node), 0)
            if not bits:
                continue
            for child in node.children:
                had = mask.get(id(child), 0)
                if had | bits != had:
                    mask[id(child)] = had | bits
                    again = again or position[id(child)] <= position[id(node)]
    return [(change, mask[id(node)]) for node in order if mask.get(id(node))
            for _, change in node.changes]


def _lowest(mask: int) -> int:
    return (mask & -mask).bit_length() - 1


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out
