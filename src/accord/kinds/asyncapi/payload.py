"""Payload and headers compatibility: the one place message schemas are compared.

JSON Schema-like schemas (AsyncAPI's own schema format, JSON Schema, OpenAPI schema
objects) go to the JSON Schema compatibility engine (``accord.kinds.jsonschema``) in
the role of the message (``schemas.py``). Avro schemas are compared by Avro's
schema-resolution rules (``accord.kinds.avro.engine``), in the same roles: readers of a sent
message hold the base schema, the application reads a received one with the
revision. For other formats (RAML, Protobuf), and where one side declares no schema,
a schema whose canonical form changed (references inlined, annotations dropped) is
one dangerous change.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from accord.core.change import Change, Direction
from accord.kinds.asyncapi.context import Context
from accord.kinds.asyncapi.model import Schema
from accord.kinds.asyncapi.schemas import RECEIVED_RULES, SENT_RULES, remote_urls, reported

Part = Literal["payload", "headers"]


def payload_changes(ctx: Context, base: Schema | None, rev: Schema | None, *, part: Part,
                    direction: Direction, message: str, operations: list[str]) -> list[Change]:
    """The changes from ``base`` to ``rev`` (a message's payload or headers schema)
    for a message read in ``direction`` (``response``: sent by the application,
    ``request``: received by it). Added to ``ctx`` and returned."""
    if base is None and rev is None:
        return []
    start = len(ctx.changes)
    what = f"the {part} of message '{message}'"
    if base is not None and rev is not None and base.format != rev.format:
        return []  # the schema format changed: reported once, for the message
    if (base is not None and base.external) or (rev is not None and rev.external):
        old = base.external if base is not None else None
        new = rev.external if rev is not None else None
        if old != new:
            where = rev.where if rev is not None else base.where  # type: ignore[union-attr]
            ctx.add("message-payload-external-changed",
                    f"{what} is a remote schema, now {new or 'inline'} (was {old or 'inline'})",
                    where, operations, direction)
        return ctx.changes[start:]
    if ctx.same(base.node if base else None, rev.node if rev else None):
        return []
    if base is not None and rev is not None and base.node is not None and \
            rev.node is not None and base.json_schema and rev.json_schema:
        found = _engine(ctx, base, rev, direction, f"{message} {part}", operations)
        if len(operations) > 1:
            found = [replace(c, operations=tuple(operations)) for c in found]
        ctx.changes.extend(found)
        old_urls = remote_urls(ctx.canonical(0, base.node))
        new_urls = remote_urls(ctx.canonical(1, rev.node))
        if not found and old_urls != new_urls:
            ctx.add("message-payload-external-changed",
                    f"{what} refers to other remote schemas: "
                    f"{', '.join(sorted(new_urls - old_urls)) or 'none'} "
                    f"(was {', '.join(sorted(old_urls - new_urls)) or 'none'})",
                    rev.where, operations, direction)
        return ctx.changes[start:]
    if base is not None and rev is not None and base.avro is not None and \
            rev.avro is not None:
        found = _avro(base, rev, direction, what, operations)
        ctx.changes.extend(found)
        return ctx.changes[start:]
    rule = "message-payload-changed" if part == "payload" else "message-headers-changed"
    if base is None:
        ctx.add(rule, f"{what} is now declared (it was unspecified)",
                rev.where, operations, direction)  # type: ignore[union-attr]
    elif rev is None:
        ctx.add(rule, f"{what} is no longer declared", base.where, operations, direction)
    else:
        ctx.add(rule, f"{what} changed", rev.where, operations, direction)
    return ctx.changes[start:]


def _engine(ctx: Context, base: Schema, rev: Schema, direction: Direction, label: str,
            operations: list[str]) -> list[Change]:
    """The engine's changes (annotation-only concepts left out); a schema too deep
    for it is one dangerous "undecided" change."""
    operation = operations[0] if operations else None
    try:
        found = ctx.engines.comparer(direction).compare(
            base.source or base.node, rev.source or rev.node,  # type: ignore[arg-type]
            operation=operation, label=label)
    except RecursionError:
        catalog = SENT_RULES if direction is Direction.RESPONSE else RECEIVED_RULES
        prefix = "sent" if direction is Direction.RESPONSE else "received"
        return [catalog.change(f"{prefix}-schema-undecided",
                               f"'{label}': the schemas are nested too deeply to compare",
                               rev.where.location, operation)]
    return [c for c in found if reported(c)]



def _avro(base: Schema, rev: Schema, direction: Direction, what: str,
          operations: list[str]) -> list[Change]:
    """Avro's resolution rules in the message's role; docs are not compared (as no
    annotation of a message schema is)."""
    from accord.kinds.asyncapi.rules import AVRO_RECEIVED, AVRO_SENT
    from accord.kinds.avro.engine import Comparison

    assert base.avro is not None and rev.avro is not None
    assert base.node is not None and rev.node is not None
    sent = direction is Direction.RESPONSE
    catalog, scope = AVRO_SENT if sent else AVRO_RECEIVED
    found = Comparison(base.avro, rev.avro, base.node, rev.node,
                       revision_reads=scope.revision_reads, label=what, docs=False).run()
    operation = operations[0] if operations else None
    changes = [catalog.change(scope.rule_id(d.concept), d.message, d.where.location, operation)
               for d in found]
    if len(operations) > 1:
        changes = [replace(c, operations=tuple(operations)) for c in changes]
    return changes
