"""Messages compared within an operation (or a reply), in the role the application
plays for them: sending (read by others: ``response``) or receiving (``request``)."""

from __future__ import annotations

import orjson

from accord.kinds.asyncapi.bindings import Site, diff_bindings
from accord.kinds.asyncapi.context import Context, role
from accord.kinds.asyncapi.formats import media_essence
from accord.kinds.asyncapi.match import pair
from accord.kinds.asyncapi.model import Action, Message
from accord.kinds.asyncapi.payload import payload_changes


def diff_messages(ctx: Context, base: dict[str, Message], rev: dict[str, Message],
                  action: Action, operation: str) -> None:
    """The messages of one operation: removed, added, and each pair compared."""
    direction = role(action)
    pairs, removed, added = pair(
        base, rev, lambda m: m.name,
        (lambda m: _payload_identity(ctx, 0, m), lambda m: _payload_identity(ctx, 1, m)),
        single=True)
    for message in removed:
        ctx.add("message-removed", f"message '{message.key}' was removed from {operation}",
                message.node, operation, direction)
    for message in added:
        rule = "sent-message-added" if action == "send" else "received-message-added"
        verb = "sends" if action == "send" else "accepts"
        ctx.add(rule, f"{operation} {verb} a new message '{message.key}'", message.node,
                operation, direction)
    for old, new in pairs:
        compare_message(ctx, old, new, action, operation)


def _payload_identity(ctx: Context, side: int, message: Message) -> str | None:
    """Unnamed messages (2.x ``oneOf`` alternatives) pair up by an equal payload."""
    payload = message.payload
    if payload is None or payload.node is None:
        return None
    return orjson.dumps(ctx.canonical(side, payload.node),
                        option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode()


def compare_message(ctx: Context, old: Message, new: Message, action: Action,
                    operation: str) -> None:
    direction = role(action)
    ops = [operation]
    name = new.key
    if old.name and new.name and old.name != new.name:
        ctx.add("message-name-changed", f"message '{name}' is now named '{new.name}' "
                f"(was '{old.name}')", new.fields.get("name") or new.node, ops, direction)
    if old.content_type and new.content_type and (
            media_essence(old.content_type) != media_essence(new.content_type)):
        ctx.add("message-content-type-changed",
                f"the content type of message '{name}' changed from '{old.content_type}' "
                f"to '{new.content_type}'", new.content_type_node or new.node, ops, direction)
    old_format = old.payload.format if old.payload is not None else None
    new_format = new.payload.format if new.payload is not None else None
    if old_format and new_format and old_format != new_format:
        declared = new.payload.declared_format if new.payload is not None else None
        ctx.add("message-schema-format-changed",
                f"the schema format of message '{name}' changed from {old_format} to "
                f"{declared or new_format}",
                new.payload.where if new.payload is not None else new.node, ops, direction)
    # Named by the message's name where it has one: a message used under two keys
    # (two channels) changes once.
    said = new.name or name
    payload_changes(ctx, old.payload, new.payload, part="payload", direction=direction,
                    message=said, operations=ops)
    payload_changes(ctx, old.headers, new.headers, part="headers", direction=direction,
                    message=said, operations=ops)
    _correlation(ctx, old, new, ops, action)
    diff_bindings(ctx, old.bindings, new.bindings,
                  Site("message", f"message '{name}'", old.node, new.node, ops, direction))


def _correlation(ctx: Context, old: Message, new: Message, ops: list[str],
                 action: Action) -> None:
    direction = role(action)
    before, after = old.correlation_id, new.correlation_id
    if before is None and after is None:
        return
    if before is None and after is not None:
        ctx.add("correlation-id-added", f"message '{new.key}' declares a correlation id "
                f"({after.location or 'no location'})", after.node, ops, direction)
    elif after is None and before is not None:
        ctx.add("correlation-id-removed", f"message '{new.key}' no longer declares its "
                f"correlation id ({before.location or 'no location'})", new.node, ops,
                direction)
    elif before is not None and after is not None and before.location != after.location:
        ctx.add("correlation-id-changed", f"the correlation id of message '{new.key}' moved "
                f"from {before.location or 'nowhere'} to {after.location or 'nowhere'}",
                after.node, ops, direction)
