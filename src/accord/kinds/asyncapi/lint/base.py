"""What the AsyncAPI lint rules share: registration, and the messages to check."""

from __future__ import annotations

import re

from accord.core.location import Location
from accord.kinds.asyncapi.model import AsyncAPIModel, Message
from accord.kinds.asyncapi.refs import Resolver
from accord.lint.rule import LintRule, registrar
from accord.source import Node

#: Every built-in rule, in registration order (the order of the family modules).
RULES: list[LintRule] = []


#: ``@rule(id, severity, description, hint)`` registers a check in RULES.
rule = registrar(RULES)


# --- messages and their roles --------------------------------------------------------

#: Last words of a message name that mark it as a command, request or reply rather
#: than an event (event-naming and envelope rules do not apply to those).
_NOT_EVENT_WORDS = frozenset({
    "command", "cmd", "request", "req", "query", "reply", "response", "result", "ack",
    "nack", "error", "ping", "pong", "heartbeat", "subscribe", "unsubscribe",
})

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def words(name: str) -> list[str]:
    """``order.placed`` / ``OrderPlaced`` / ``order_placed_v2`` -> lower-case words."""
    return [w.lower() for w in _WORD.findall(name)]


def named(message: Message) -> str | None:
    """The name a message is known by: its ``name``, else its key when that is not a
    placeholder (an unnamed 2.x message is keyed ``message`` or ``message#1``)."""
    if message.name:
        return message.name
    if message.key == "message" or message.key.startswith("message#"):
        return None
    return message.key


def events(model: AsyncAPIModel) -> list[Message]:
    """The messages that are events: not a request that gets a reply, not a reply, and
    not named or keyed as a command, request or reply (``CancelOrderCommand``)."""
    exempt: set[tuple[str, str]] = set()
    for op in model.operations.values():
        if op.reply is not None:
            exempt.update(m.ident for m in op.messages.values())
            exempt.update(m.ident for m in op.reply.messages.values())
    out = []
    for message in model.messages:
        if message.ident in exempt:
            continue
        # A command by its name or by its key (CancelOrderCommand: {name: cancelOrder}).
        names = {named(message), message.key}
        if any((found := words(name)) and found[-1] in _NOT_EVENT_WORDS
               for name in names if name):
            continue
        out.append(message)
    return out


def where(message: Message) -> Location:
    return message.node.location


def label(message: Message) -> str:
    return f"message '{message.key}'"


# --- schemas ---------------------------------------------------------------------------

#: Objects that commonly hold an envelope's metadata next to the event's data.
_ENVELOPE_HOLDERS = frozenset({"metadata", "meta", "envelope", "header", "headers", "context",
                               "attributes", "event"})


def normalise(name: str) -> str:
    """``event_id`` / ``eventId`` / ``Event-ID`` / ``ce_id`` -> ``eventid`` / ``id``."""
    text = name.lower()
    if text.startswith(("ce_", "ce-")):
        text = text[3:]
    return re.sub(r"[^a-z0-9]", "", text)


def resolve(model: AsyncAPIModel, node: Node) -> Node:
    value = node.value
    if isinstance(value, dict) and isinstance(value.get("$ref"), str):
        resolver = Resolver(model.workspace)
        if resolver.external(node) is not None:
            return node
        return model.workspace.deref(node)
    return node


def properties(model: AsyncAPIModel, schema: Node | None, depth: int = 0
               ) -> dict[str, Node]:
    """An object schema's properties by name (``allOf``/``anyOf``/``oneOf`` branches
    merged, ``$ref`` followed), each the property's schema as written."""
    out: dict[str, Node] = {}
    if schema is None or depth > 8:
        return out
    schema = resolve(model, schema)
    if not isinstance(schema.value, dict):
        return out
    holder = schema.child("properties")
    if holder is not None and isinstance(holder.value, dict):
        for key in holder.value:
            child = holder.child(str(key))
            if child is not None:
                out.setdefault(str(key), child)
    for keyword in ("allOf", "anyOf", "oneOf"):
        branches = schema.child(keyword)
        if branches is not None and isinstance(branches.value, list):
            for index in range(len(branches.value)):
                branch = branches.child(index)
                for key, child in properties(model, branch, depth + 1).items():
                    out.setdefault(key, child)
    return out


#: Objects that commonly hold the event's own data inside an envelope.
DATA_HOLDERS = frozenset({"data", "payload", "body"})


def field_names(model: AsyncAPIModel, message: Message,
                within: frozenset[str] = _ENVELOPE_HOLDERS) -> set[str]:
    """The normalised names of the fields a message carries: payload and headers
    properties, and those of the objects among them named in ``within`` (by default
    an envelope object such as ``metadata: {...}``)."""
    names: set[str] = set()
    for schema in (message.payload, message.headers):
        if schema is None or not schema.json_schema:
            continue
        for key, child in properties(model, schema.node).items():
            names.add(normalise(key))
            if key.lower() in within:
                names.update(normalise(k) for k in properties(model, child))
    return names


def texts(model: AsyncAPIModel, message: Message) -> str:
    """Every description that speaks for a message: its own (description, summary,
    title) and those of the operations and channels that carry it."""
    parts = [message.text("description"), message.text("summary"), message.text("title")]
    for op in model.operations_of(message):
        parts += [op.text("description"), op.text("summary")]
        value = op.channel.node.value
        if isinstance(value, dict) and isinstance(value.get("description"), str):
            parts.append(value["description"])
    return "\n".join(p for p in parts if p)
