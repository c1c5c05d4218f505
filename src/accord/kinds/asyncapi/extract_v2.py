"""AsyncAPI 2.0-2.6: channels keyed by their address, holding ``publish`` and
``subscribe`` operations.

The 2.x words describe what *other* applications do: ``subscribe`` means they may
subscribe to messages this application sends (``send``); ``publish`` means they
publish messages this application receives (``receive``).
"""

from __future__ import annotations

from accord.core.errors import AccordError
from accord.kinds.asyncapi.extract import Extractor, invalid, sub
from accord.kinds.asyncapi.model import ACTION_OF_V2, AsyncAPIModel, Channel, Message, Operation
from accord.source import Node

_CHANNEL_HINT = "map each channel address ('user/signedup') to a channel item"


def extract(ex: Extractor) -> AsyncAPIModel:
    servers = ex.servers()
    extra = ex.component_messages()
    channels: dict[str, Channel] = {}
    operations: dict[str, Operation] = {}
    raw = ex.root.child("channels")
    if raw is None:
        ex.tolerate(invalid(ex.root, "the document has no 'channels'",
                            "add 'channels:' (AsyncAPI 2.x requires it; '{}' if empty)"))
    entries = ex.guard(ex.entries, raw, "'channels'", _CHANNEL_HINT) or []
    for name, entry in entries:
        try:
            item = ex.mapping(entry, f"channel {name!r}",
                              "a channel item has 'publish' and/or 'subscribe'")
        except AccordError as error:
            ex.tolerate(error)
            continue
        servers_named = item.value.get("servers")
        channel = Channel(
            key=name,
            address=name,
            node=item,
            parameters=ex.parameters(sub(item, "parameters"), name),
            bindings=ex.guard(ex.bindings, sub(item, "bindings"), f"channel {name!r}") or {},
            messages={},
            servers=tuple(str(s) for s in servers_named) if isinstance(servers_named, list)
            else (),
        )
        channels[name] = channel
        for verb in ("subscribe", "publish"):
            raw_op = sub(item, verb)
            if raw_op is None:
                continue
            op = ex.guard(_operation, ex, raw_op, verb, channel)
            if op is not None:
                key = op.key if op.key not in operations else f"{op.key} ({verb} {name})"
                operations[key] = op
    return ex.model(channels, operations, servers, extra)


def _operation(ex: Extractor, raw: Node, verb: str, channel: Channel) -> Operation:
    what = f"the {verb} operation of channel {channel.key!r}"
    node = ex.mapping(raw, what, "an operation is a mapping with 'message'")
    fields = ex.with_traits(node, what)
    op_id = fields.get("operationId")
    operation_id = op_id.value if op_id is not None and isinstance(op_id.value, str) else None
    action = ACTION_OF_V2[verb]
    messages: dict[str, Message] = {}
    raw_message = sub(node, "message")
    if raw_message is not None:
        for index, message in enumerate(_messages(ex, raw_message, what)):
            key = message.key
            if key in messages:  # two alternatives with one name: keep both
                key = f"{key}#{index}"
            messages[key] = message
    return Operation(
        key=operation_id or f"{action} {channel.key}",
        action=action,
        channel=channel,
        node=node,
        operation_id=operation_id,
        messages=messages,
        bindings=ex.bindings(fields.get("bindings"), what),
    )


def _messages(ex: Extractor, raw: Node, what: str) -> list[Message]:
    """The operation's message, or each alternative of its ``oneOf``."""
    node = ex.mapping(raw, f"the message of {what}",
                      "a message is a mapping with 'payload', or 'oneOf' a list of messages")
    alternatives = sub(node, "oneOf")
    if alternatives is None or not isinstance(alternatives.value, list):
        return [ex.message(raw, None, f"the message of {what}")]
    out = []
    for index, entry in enumerate(ex.items(alternatives, f"the oneOf of {what}",
                                           "list message objects or $refs")):
        message = ex.guard(ex.message, entry, None, f"message {index} of {what}",
                           fallback=f"message#{index}")
        if message is not None:
            out.append(message)
    return out
