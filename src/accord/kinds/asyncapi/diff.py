"""Comparing two AsyncAPI models: servers, channels, operations and their messages.

Whole-contract changes (servers) come first in the report, then each operation's
changes in the order of the revision's operations. A change in a message that many
operations share (one schema, one place) is reported once, naming them all.
"""

from __future__ import annotations

import re
from dataclasses import replace

from accord.core.change import Change
from accord.kinds.asyncapi.bindings import Site, diff_bindings
from accord.kinds.asyncapi.context import Context, opposite, role
from accord.kinds.asyncapi.match import normalise_address, pair
from accord.kinds.asyncapi.messages import diff_messages
from accord.kinds.asyncapi.model import AsyncAPIModel, Channel, Operation, Server
from accord.kinds.asyncapi.rules import CATALOG
from accord.kinds.asyncapi.security import diff_security, diff_variables
from accord.kinds.jsonschema.engine import Policy
from accord.source import Node


def diff_models(base: AsyncAPIModel, rev: AsyncAPIModel,
                policy: Policy = "strict") -> list[Change]:
    """Every change from ``base`` to ``rev``, de-duplicated, in report order; payloads
    and headers are compared under the JSON Schema engine's ``policy``."""
    ctx = Context(base, rev, policy=policy)
    _servers(ctx)
    channel_pairs = _channels(ctx)
    _operations(ctx, channel_pairs)
    order = [op.label for op in rev.operations.values()]
    order += [op.label for op in base.operations.values() if op.label not in order]
    return merge(ctx.changes, order)


# --- servers ---------------------------------------------------------------------------


def _servers(ctx: Context) -> None:
    pairs, removed, added = pair(ctx.base.servers, ctx.rev.servers)
    for server in removed:
        ctx.add("server-removed", f"server '{server.key}' was removed", server.node)
    for server in added:
        ctx.add("server-added", f"server '{server.key}' was added", server.node)
    for old, new in pairs:
        _server(ctx, old, new)


def _server(ctx: Context, old: Server, new: Server) -> None:
    name = f"server '{new.key}'"
    if (old.protocol or "").lower() != (new.protocol or "").lower():
        ctx.add("server-protocol-changed", f"the protocol of {name} changed from "
                f"{old.protocol} to {new.protocol}", new.node.child("protocol") or new.node)
    if old.protocol_version != new.protocol_version:
        ctx.add("server-protocol-version-changed", f"the protocol version of {name} changed "
                f"from {old.protocol_version} to {new.protocol_version}",
                new.node.child("protocolVersion") or new.node)
    if old.host is not None and new.host is not None and _host(old.host) != _host(new.host):
        ctx.add("server-host-changed", f"the host of {name} changed from {old.host} to "
                f"{new.host}", new.node.child("host") or new.node.child("url") or new.node)
    diff_variables(ctx, name, old.node, new.node)
    diff_security(ctx, name, old.node, new.node, [])
    diff_bindings(ctx, old.bindings, new.bindings, Site("server", name, old.node, new.node, []))


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _host(host: str) -> str:
    """``mqtt://test.mosquitto.org/`` -> ``test.mosquitto.org`` (2.x urls carry a scheme,
    3.0 hosts do not; the protocol is compared on its own)."""
    return _SCHEME.sub("", host.strip()).rstrip("/")


# --- channels ---------------------------------------------------------------------------


def _ops_on(model: AsyncAPIModel, channel: Channel) -> list[str]:
    place = _place(channel)
    return [op.label for op in model.operations.values() if _place(op.channel) == place]


def _address(channel: Channel) -> str | None:
    return normalise_address(channel.address)


def _channels(ctx: Context) -> dict[tuple[str, str], Channel]:
    """Compare the channels; return base channel place -> its revision channel."""
    pairs, removed, added = pair(ctx.base.channels, ctx.rev.channels, _address)
    for channel in removed:
        ctx.add("channel-removed", f"channel '{channel.shown}' was removed", channel.node,
                _ops_on(ctx.base, channel))
    for channel in added:
        ctx.add("channel-added", f"channel '{channel.shown}' was added", channel.node,
                _ops_on(ctx.rev, channel))
    matched: dict[tuple[str, str], Channel] = {}
    for old, new in pairs:
        matched[_place(old)] = new
        _channel(ctx, old, new)
    return matched


def _place(channel: Channel) -> tuple[str, str]:
    return (str(channel.node.doc.path), channel.node.pointer)


def _channel(ctx: Context, old: Channel, new: Channel) -> None:
    ops = _ops_on(ctx.rev, new) or _ops_on(ctx.base, old)
    name = f"channel '{new.shown}'"
    if old.address is not None and new.address is not None and (
            _address(old) != _address(new)):
        ctx.add("channel-address-changed", f"the address of channel '{new.key}' changed from "
                f"'{old.address}' to '{new.address}'", new.node.child("address") or new.node,
                ops)
    _parameters(ctx, old, new, ops)
    _channel_servers(ctx, old, new, ops)
    diff_bindings(ctx, old.bindings, new.bindings, Site("channel", name, old.node, new.node,
                                                        ops))


def _parameters(ctx: Context, old: Channel, new: Channel, ops: list[str]) -> None:
    for param_name, before in old.parameters.items():
        after = new.parameters.get(param_name)
        if after is None:
            continue  # the address changed: reported as such
        what = f"parameter '{param_name}' of channel '{new.shown}'"
        if before.enum is not None:
            lost = [v for v in before.enum if after.enum is not None and v not in after.enum]
            if lost:
                ctx.add("channel-parameter-value-removed", f"{what} no longer allows "
                        f"{', '.join(repr(v) for v in lost)}", after.node, ops)
        if after.enum is not None:
            new_values = [v for v in after.enum if before.enum is None or v not in before.enum]
            if before.enum is not None and new_values:
                ctx.add("channel-parameter-value-added", f"{what} allows "
                        f"{', '.join(repr(v) for v in new_values)}", after.node, ops)
            elif before.enum is None:
                ctx.add("channel-parameter-value-removed", f"{what} is now limited to "
                        f"{', '.join(repr(v) for v in after.enum)}", after.node, ops)
        if before.location != after.location:
            ctx.add("channel-parameter-location-changed", f"{what} is now read from "
                    f"{after.location or 'nowhere'} (was {before.location or 'nowhere'})",
                    after.node, ops)
        if before.default != after.default or not _same_schema_rest(ctx, before.schema,
                                                                     after.schema):
            ctx.add("channel-parameter-changed", f"the schema or default of {what} changed",
                    after.node, ops)


def _same_schema_rest(ctx: Context, old: Node | None, new: Node | None) -> bool:
    """True when two 2.x parameter schemas agree on everything but enum and default."""
    if old is None or new is None:
        return True  # 3.0 parameters have no schema: enum and default say it all
    a, b = ctx.canonical(0, old), ctx.canonical(1, new)
    if isinstance(a, dict) and isinstance(b, dict):
        a = {k: v for k, v in a.items() if k not in ("enum", "default")}
        b = {k: v for k, v in b.items() if k not in ("enum", "default")}
    return bool(a == b)


def _channel_servers(ctx: Context, old: Channel, new: Channel, ops: list[str]) -> None:
    """A channel limited to fewer servers (an empty list means every server)."""
    before = set(old.servers) or set(ctx.base.servers)
    after = set(new.servers) or set(ctx.rev.servers)
    for server in sorted(before - after):
        if server in ctx.rev.servers:  # a removed server is reported as such
            ctx.add("channel-server-removed", f"channel '{new.shown}' is no longer available "
                    f"on server '{server}'", new.node.child("servers") or new.node, ops)


# --- operations ------------------------------------------------------------------------


def _operations(ctx: Context, channels: dict[tuple[str, str], Channel]) -> None:
    """Operations paired by key, then by (action, channel), then by channel alone
    (an operation that turned around)."""

    def paired_channel(op: Operation) -> tuple[str, str] | None:
        found = channels.get(_place(op.channel))
        return _place(found) if found is not None else None

    def own_channel(op: Operation) -> tuple[str, str]:
        return _place(op.channel)

    pairs, removed, added = pair(
        ctx.base.operations, ctx.rev.operations,
        (lambda op: (op.action, paired_channel(op)), lambda op: (op.action, own_channel(op))),
        (paired_channel, own_channel))
    gone = {_place(c) for c in ctx.base.channels.values()} - set(channels)
    for op in removed:
        if _place(op.channel) in gone:
            continue  # reported with its channel
        ctx.add("operation-removed", f"{op.label} was removed", op.node, op.label,
                role(op.action))
    for op in added:
        ctx.add("operation-added", f"{op.label} was added", op.node, op.label, role(op.action))
    for old, new in pairs:
        _operation(ctx, old, new)


def _operation(ctx: Context, old: Operation, new: Operation) -> None:
    label = new.label
    direction = role(new.action)
    if old.action != new.action:
        done = {"send": "sent", "receive": "received"}
        ctx.add("operation-action-changed", f"{old.label} now {new.action}s its messages "
                f"(it {done[old.action]} them)", new.node.child("action") or new.node, label)
        return  # nothing else compares across opposite roles
    named = (old.operation_id is not None or ctx.base.major == 3) and (
        new.operation_id is not None or ctx.rev.major == 3)
    old_id = old.operation_id or old.key
    new_id = new.operation_id or new.key
    if named and old_id != new_id:
        ctx.add("operation-id-changed", f"the id of {label} changed from '{old_id}' to "
                f"'{new_id}'", new.node, label, direction)
    diff_security(ctx, label, old.node, new.node, [label], direction)
    diff_bindings(ctx, old.bindings, new.bindings,
                  Site("operation", label, old.node, new.node, [label], direction))
    diff_messages(ctx, old.messages, new.messages, new.action, label)
    _reply(ctx, old, new)


def _reply(ctx: Context, old: Operation, new: Operation) -> None:
    label = new.label
    before, after = old.reply, new.reply
    if before is None and after is None:
        return
    # The reply travels the other way: to a receive operation, the application replies.
    reply_action = opposite(new.action)
    direction = role(reply_action)
    if before is None and after is not None:
        ctx.add("operation-reply-added", f"{label} now has a reply", after.node, label,
                direction)
        return
    if after is None and before is not None:
        ctx.add("operation-reply-removed", f"{label} no longer has a reply", new.node, label,
                direction)
        return
    assert before is not None and after is not None
    old_where = normalise_address(before.channel.address) if before.channel else None
    new_where = normalise_address(after.channel.address) if after.channel else None
    if old_where != new_where or before.address != after.address:
        shown_old = before.address or (before.channel.shown if before.channel else "none")
        shown_new = after.address or (after.channel.shown if after.channel else "none")
        ctx.add("operation-reply-channel-changed", f"the reply of {label} now travels on "
                f"{shown_new} (was {shown_old})", after.node, label, direction)
    diff_messages(ctx, before.messages, after.messages, reply_action, f"{label} reply")


# --- report order ----------------------------------------------------------------------


def merge(changes: list[Change], order: list[str]) -> list[Change]:
    """One change per rule, place, message and direction, naming every operation it
    affects; whole-contract changes first, then by operation, then by catalog order."""
    rank = {rule.id: i for i, rule in enumerate(CATALOG)}
    position = {label: i for i, label in enumerate(order)}

    def place(label: str) -> int:
        return position.get(label.removesuffix(" reply"), len(position))

    merged: dict[tuple[object, ...], tuple[Change, list[str], int]] = {}
    for seen, change in enumerate(changes):
        key = (change.rule, change.location.file, change.location.pointer, change.message,
               change.direction, change.level)
        entry = merged.get(key)
        if entry is None:
            merged[key] = (change, list(change.affects), seen)
        else:
            entry[1].extend(op for op in change.affects if op not in entry[1])

    def sort_key(entry: tuple[Change, list[str], int]) -> tuple[int, int, int]:
        change, ops, seen = entry
        first = min((place(op) for op in ops), default=-1)
        return (first, rank.get(change.rule, len(rank)), seen)

    out = []
    for change, ops, _ in sorted(merged.values(), key=sort_key):
        ordered = sorted(ops, key=place)
        out.append(replace(change, operation=ordered[0] if ordered else None,
                           operations=tuple(ordered) if len(ordered) > 1 else ()))
    return out
