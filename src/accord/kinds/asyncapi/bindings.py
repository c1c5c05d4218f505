"""Protocol bindings compared: the fields with known consequences get their own rule
(Kafka keys, topics and partitions; AMQP exchanges and queues; MQTT QoS and retain),
every other field is a ``binding-changed``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from accord.core.change import Direction
from accord.kinds.asyncapi.context import Context
from accord.source import Node

Level = Literal["server", "channel", "operation", "message"]

_AMQP_DECLARATION = ("durable", "autoDelete", "exclusive", "vhost")
#: Fields with a rule of their own, by (level, protocol); compared here, not generically.
_HANDLED: dict[tuple[str, str], frozenset[str]] = {
    ("message", "kafka"): frozenset({"key"}),
    ("channel", "kafka"): frozenset({"topic", "partitions"}),
    ("channel", "amqp"): frozenset({"is", "exchange", "queue"}),
    ("operation", "mqtt"): frozenset({"qos", "retain"}),
}
_IGNORED = frozenset({"bindingVersion"})


@dataclass(frozen=True, slots=True)
class Site:
    """Where the bindings are and whom their changes affect."""

    level: Level
    #: ``channel 'orders'``, ``message 'OrderPlaced'``: how messages name the owner.
    owner: str
    base: Node
    rev: Node
    operations: list[str]
    direction: Direction | None = None


def diff_bindings(ctx: Context, base: dict[str, Node], rev: dict[str, Node], site: Site,
                  ) -> None:
    for protocol in [*base, *(p for p in rev if p not in base)]:
        old, new = base.get(protocol), rev.get(protocol)
        cmp = _Compare(ctx, site, protocol, old, new)
        handled = _HANDLED.get((site.level, protocol), frozenset())
        if site.level == "message" and protocol == "kafka":
            cmp.kafka_key()
            if old is None or new is None:
                # A Kafka binding with only a key is reported by the key's rule alone.
                present = old if new is None else new
                fields = present.value if present is not None and isinstance(
                    present.value, dict) else {}
                if fields and not set(map(str, fields)) - handled - _IGNORED:
                    continue
        if old is None:
            cmp.add("binding-added", f"the {protocol} binding of {site.owner} was added",
                    new)
            continue
        if new is None:
            cmp.add("binding-removed", f"the {protocol} binding of {site.owner} was removed",
                    old, base_side=True)
            continue
        if site.level == "channel" and protocol == "kafka":
            cmp.kafka_channel()
        elif site.level == "channel" and protocol == "amqp":
            cmp.amqp_channel()
        elif site.level == "operation" and protocol == "mqtt":
            cmp.mqtt_operation()
        cmp.others(handled | _IGNORED)


class _Compare:
    def __init__(self, ctx: Context, site: Site, protocol: str, old: Node | None,
                 new: Node | None) -> None:
        self.ctx, self.site, self.protocol = ctx, site, protocol
        self.old, self.new = old, new

    def add(self, rule: str, message: str, where: Node | None, *,
            base_side: bool = False) -> None:
        fallback = self.site.base if base_side else self.site.rev
        self.ctx.add(rule, message, where or fallback, self.site.operations,
                     self.site.direction)

    def field(self, node: Node | None, *path: str) -> Node | None:
        return node.child(*path) if node is not None else None

    def value(self, node: Node | None, *path: str) -> Any:
        found = self.field(node, *path)
        return found.value if found is not None else None

    def _say(self, name: str) -> str:
        return f"the {self.protocol} binding's {name} of {self.site.owner}"

    # --- Kafka --------------------------------------------------------------------------

    def kafka_key(self) -> None:
        old, new = self.field(self.old, "key"), self.field(self.new, "key")
        if old is None and new is None:
            return
        if old is None:
            self.add("kafka-key-added", f"{self.site.owner} now declares a Kafka key", new)
        elif new is None:
            self.add("kafka-key-removed", f"{self.site.owner} no longer declares a Kafka key",
                     old, base_side=True)
        elif not self.ctx.same(old, new):
            self.add("kafka-key-changed", f"the Kafka key of {self.site.owner} changed", new)

    def kafka_channel(self) -> None:
        old, new = self.value(self.old, "topic"), self.value(self.new, "topic")
        if old != new:
            self.add("kafka-topic-changed", f"{self._say('topic')} changed from "
                     f"{_show(old)} to {_show(new)}", self.field(self.new, "topic"))
        old, new = self.value(self.old, "partitions"), self.value(self.new, "partitions")
        if old != new:
            self.add("kafka-partitions-changed", f"{self._say('partitions')} changed from "
                     f"{_show(old)} to {_show(new)}", self.field(self.new, "partitions"))

    # --- AMQP ---------------------------------------------------------------------------

    def amqp_channel(self) -> None:
        old, new = self.value(self.old, "is"), self.value(self.new, "is")
        if (old or "routingKey") != (new or "routingKey"):
            self.add("amqp-channel-kind-changed", f"{self._say('is')} changed from "
                     f"{_show(old)} to {_show(new)}", self.field(self.new, "is"))
        for part, identity in (("exchange", ("name", "type")), ("queue", ("name",))):
            for name in identity:
                old, new = self.value(self.old, part, name), self.value(self.new, part, name)
                if old != new:
                    rule = "amqp-exchange-changed" if part == "exchange" else "amqp-queue-changed"
                    self.add(rule, f"{self._say(f'{part} {name}')} changed from {_show(old)} "
                             f"to {_show(new)}", self.field(self.new, part, name)
                             or self.field(self.new, part))
            for name in _AMQP_DECLARATION:
                old, new = self.value(self.old, part, name), self.value(self.new, part, name)
                if old != new:
                    self.add("amqp-declaration-changed",
                             f"{self._say(f'{part} {name}')} changed from {_show(old)} to "
                             f"{_show(new)}", self.field(self.new, part, name)
                             or self.field(self.new, part))
            rest = {*identity, *_AMQP_DECLARATION}
            old_rest = _without(self.value(self.old, part), rest)
            new_rest = _without(self.value(self.new, part), rest)
            if old_rest != new_rest:
                self.add("binding-changed", f"{self._say(part)} changed",
                         self.field(self.new, part))

    # --- MQTT ---------------------------------------------------------------------------

    def mqtt_operation(self) -> None:
        old, new = self.value(self.old, "qos"), self.value(self.new, "qos")
        old_qos, new_qos = _qos(old), _qos(new)
        if old_qos != new_qos:
            rule = "mqtt-qos-lowered" if new_qos < old_qos else "mqtt-qos-raised"
            self.add(rule, f"{self._say('qos')} changed from {old_qos} to {new_qos}",
                     self.field(self.new, "qos"))
        old, new = self.value(self.old, "retain"), self.value(self.new, "retain")
        if bool(old) != bool(new):
            self.add("mqtt-retain-changed", f"{self._say('retain')} changed from "
                     f"{bool(old)} to {bool(new)}".replace("True", "true")
                     .replace("False", "false"), self.field(self.new, "retain"))

    # --- everything else ------------------------------------------------------------------

    def others(self, skip: frozenset[str]) -> None:
        old = self.old.value if self.old is not None and isinstance(self.old.value, dict) else {}
        new = self.new.value if self.new is not None and isinstance(self.new.value, dict) else {}
        for name in [*old, *(k for k in new if k not in old)]:
            if name in skip:
                continue
            before, after = self.field(self.old, str(name)), self.field(self.new, str(name))
            if before is not None and after is not None and self.ctx.same(before, after):
                continue
            if after is None:
                change = "was removed"
            elif before is None:
                change = "was added"
            else:
                change = "changed"
            self.add("binding-changed", f"{self._say(str(name))} {change}", after or before,
                     base_side=after is None)


def _without(value: Any, keys: set[str]) -> Any:
    if not isinstance(value, dict):
        return value
    return {k: v for k, v in value.items() if k not in keys}


def _qos(value: Any) -> int:
    """MQTT's default QoS is 0 (at most once)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _show(value: Any) -> str:
    return "none" if value is None else repr(value) if isinstance(value, str) else str(value)
