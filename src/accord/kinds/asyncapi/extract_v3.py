"""AsyncAPI 3.0: channels (address, messages) and operations (``send``/``receive``
on a channel, with an optional ``reply``) are separate sections."""

from __future__ import annotations

from accord.kinds.asyncapi.extract import Extractor, invalid, kind_of, sub
from accord.kinds.asyncapi.model import AsyncAPIModel, Channel, Message, Operation, Reply
from accord.kinds.asyncapi.refs import ref_of
from accord.source import Node

Place = tuple[str, str]


def _place(node: Node) -> Place:
    return (str(node.doc.path), node.pointer)


class _Walk:
    def __init__(self, ex: Extractor) -> None:
        self.ex = ex
        self.channels: dict[str, Channel] = {}
        self.channel_at: dict[Place, Channel] = {}
        self.server_at: dict[Place, str] = {}

    def run(self) -> AsyncAPIModel:
        ex = self.ex
        servers = ex.servers()
        self.server_at = {_place(s.node): key for key, s in servers.items()}
        extra = ex.component_messages()
        entries = ex.guard(
            ex.entries, ex.root.child("channels"), "'channels'",
            "map channel ids to channel objects (with 'address' and 'messages')") or []
        for key, entry in entries:
            channel = ex.guard(self.channel, key, entry)
            if channel is not None:
                self.channels[key] = channel
                self.channel_at.setdefault(_place(channel.node), channel)
        operations: dict[str, Operation] = {}
        entries = ex.guard(
            ex.entries, ex.root.child("operations"), "'operations'",
            "map operation ids to operation objects (with 'action' and 'channel')") or []
        for key, entry in entries:
            op = ex.guard(self.operation, key, entry)
            if op is not None:
                operations[key] = op
        return ex.model(self.channels, operations, servers, extra)

    # --- channels ---------------------------------------------------------------------

    def channel(self, key: str, entry: Node) -> Channel:
        ex = self.ex
        node = ex.mapping(entry, f"channel {key!r}",
                          "a channel has 'address' and 'messages'")
        address = node.value.get("address")
        messages: dict[str, Message] = {}
        for name, raw in ex.entries(sub(node, "messages"), f"the messages of channel {key!r}",
                                    "map message ids to message objects or $refs"):
            message = ex.guard(ex.message, raw, name, f"message {name!r} of channel {key!r}")
            if message is not None:
                messages[name] = message
        servers: list[str] = []
        for ref in ex.guard(ex.items, sub(node, "servers"),
                            f"the servers of channel {key!r}", "list $refs to servers") or []:
            target = ex.guard(ex.follow, ref)
            if target is not None:
                servers.append(self.server_at.get(_place(target), target.pointer.rsplit("/")[-1]))
        return Channel(
            key=key,
            address=str(address) if address is not None else None,
            node=node,
            parameters=ex.parameters(sub(node, "parameters"), key),
            bindings=ex.guard(ex.bindings, sub(node, "bindings"), f"channel {key!r}") or {},
            messages=messages,
            servers=tuple(servers),
        )

    def channel_of(self, holder: Node, what: str) -> Channel:
        """The channel a ``channel: {$ref}`` names."""
        if ref_of(holder.value) is None:
            raise invalid(holder, f"the channel of {what} must be a $ref to a channel, "
                          f"not {kind_of(holder.value)}",
                          "write channel: {$ref: '#/channels/<channel id>'}")
        target = self.ex.follow(holder)
        found = self.channel_at.get(_place(target))
        if found is not None:
            return found
        # A channel object outside 'channels' (in another file): read it where it is.
        key = target.pointer.rsplit("/", 1)[-1] or target.doc.display
        channel = self.channel(key, target)
        self.channel_at[_place(target)] = channel
        return channel

    def messages_of(self, holder: Node | None, channel: Channel | None,
                    what: str) -> dict[str, Message]:
        """The messages an operation (or reply) names; all of its channel's without a list."""
        ex = self.ex
        if holder is None:
            return dict(channel.messages) if channel is not None else {}
        by_place = {m.ident: k for k, m in channel.messages.items()} if channel else {}
        out: dict[str, Message] = {}
        for entry in ex.items(holder, f"the messages of {what}",
                              "list $refs to messages of the operation's channel"):
            target = ex.guard(ex.follow, entry)
            if target is None:
                continue
            key = by_place.get(_place(target))
            if key is not None and channel is not None:
                out[key] = channel.messages[key]
                continue
            message = ex.guard(ex.message, entry, None, f"a message of {what}")
            if message is not None:
                out[message.key] = message
        return out

    # --- operations -------------------------------------------------------------------

    def operation(self, key: str, entry: Node) -> Operation:
        ex = self.ex
        what = f"operation {key!r}"
        node = ex.mapping(entry, what, "an operation has 'action' and 'channel'")
        fields = ex.with_traits(node, what)
        action = node.value.get("action")
        if action not in ("send", "receive"):
            where = sub(node, "action") or node
            raise invalid(where, f"the action of {what} must be 'send' or 'receive', "
                          f"not {action!r}",
                          "write action: send (the application sends the messages) or "
                          "action: receive (it receives them)")
        holder = sub(node, "channel")
        if holder is None:
            raise invalid(node, f"{what} has no 'channel'",
                          "add channel: {$ref: '#/channels/<channel id>'}")
        channel = self.channel_of(holder, what)
        messages = self.messages_of(sub(node, "messages"), channel, what)
        reply = None
        raw_reply = sub(node, "reply")
        if raw_reply is not None:
            reply = ex.guard(self.reply, raw_reply, f"the reply of {what}")
        op_id = node.value.get("operationId")  # not in 3.0, but some documents keep it
        return Operation(
            key=key,
            action=action,
            channel=channel,
            node=node,
            operation_id=op_id if isinstance(op_id, str) else None,
            messages=messages,
            bindings=ex.bindings(fields.get("bindings"), what),
            reply=reply,
        )

    def reply(self, raw: Node, what: str) -> Reply:
        ex = self.ex
        node = ex.mapping(raw, what, "a reply has 'channel' and/or 'address', and 'messages'")
        channel = None
        holder = sub(node, "channel")
        if holder is not None:
            channel = self.channel_of(holder, what)
        address = None
        raw_address = sub(node, "address")
        if raw_address is not None:
            found = ex.mapping(raw_address, f"the address of {what}",
                               "a reply address has 'location' (a runtime expression)")
            location = found.value.get("location")
            address = location if isinstance(location, str) else None
        return Reply(node, channel, address, self.messages_of(sub(node, "messages"), channel,
                                                             what))


def extract(ex: Extractor) -> AsyncAPIModel:
    return _Walk(ex).run()
