"""Protocol bindings: Kafka keys, topics and partitions; AMQP exchanges and queues; MQTT
QoS and retain; every other binding field."""

from __future__ import annotations

from pathlib import Path

from accord.core.change import Direction, Level
from tests.kinds.asyncapi.diff_support import AUDIT, CANCEL, PLACED, Spec, diff, message
from tests.kinds.asyncapi.support import check

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
REQ, RESP, BOTH = Direction.REQUEST, Direction.RESPONSE, Direction.BOTH


def test_a_kafka_key_change_breaks_ordering(tmp_path: Path) -> None:
    result = diff(tmp_path, lambda s: message(s, "OrderPlaced")["bindings"]["kafka"].update(
        key={"type": "integer"}))
    change = check(result, "kafka-key-changed", B, RESP, PLACED, "key:")
    assert change.message == "the Kafka key of message 'OrderPlaced' changed"
    assert result.ids == ["kafka-key-changed"]
    # The same key schema written elsewhere is the same key.
    same = diff(tmp_path, lambda s: message(s, "OrderPlaced")["bindings"]["kafka"].update(
        key={"type": "string", "description": "the order id"}))
    assert same.changes == []


def test_a_kafka_key_removed_or_added(tmp_path: Path) -> None:
    removed = diff(tmp_path, lambda s: message(s, "OrderPlaced").pop("bindings"))
    change = check(removed, "kafka-key-removed", B, RESP, PLACED, "key:", base=True)
    assert change.message == "message 'OrderPlaced' no longer declares a Kafka key"
    assert removed.ids == ["kafka-key-removed"]  # not also binding-removed

    added = diff(tmp_path, lambda s: message(s, "OrderRepriced").update(
        bindings={"kafka": {"key": {"type": "string"}, "schemaIdLocation": "header"}}))
    check(added, "kafka-key-added", D, RESP, PLACED, "key:",
          after=("components:", "OrderRepriced:"))
    assert sorted(added.ids) == ["binding-added", "kafka-key-added"]


def test_kafka_topic_and_partitions(tmp_path: Path) -> None:
    result = diff(tmp_path, lambda s: s["channels"]["placed"]["bindings"]["kafka"].update(
        topic="orders.placed.v2", partitions=12, bindingVersion="0.4.0"))
    topic = check(result, "kafka-topic-changed", B, BOTH, PLACED, "topic:")
    assert topic.message == ("the kafka binding's topic of channel 'orders.{region}.placed' "
                             "changed from 'orders.placed' to 'orders.placed.v2'")
    partitions = check(result, "kafka-partitions-changed", D, BOTH, PLACED, "partitions:")
    assert partitions.message.endswith("changed from 6 to 12")
    assert len(result.changes) == 2  # bindingVersion is not a change


def test_amqp_exchange_queue_and_declarations(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        exchange = s["channels"]["cancel"]["bindings"]["amqp"]["exchange"]
        exchange.update(type="direct", durable=False)
        s["channels"]["audit"]["bindings"]["amqp"]["queue"]["name"] = "audit.v2"

    result = diff(tmp_path, mutate)
    exchange = check(result, "amqp-exchange-changed", B, BOTH, CANCEL, "type: direct")
    assert exchange.message == ("the amqp binding's exchange type of channel 'orders.cancel' "
                                "changed from 'topic' to 'direct'")
    check(result, "amqp-declaration-changed", B, BOTH, CANCEL, "durable: false")
    queue = check(result, "amqp-queue-changed", B, BOTH, AUDIT, "name: audit.v2")
    assert queue.message.endswith("changed from 'audit' to 'audit.v2'")


def test_amqp_channel_kind_and_other_fields(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        amqp = s["channels"]["cancel"]["bindings"]["amqp"]
        amqp["is"] = "queue"
        amqp["exchange"]["vhost"] = "/orders"  # a declaration argument
        amqp["exchange"]["x-owner"] = "team"  # neither identity nor declaration

    result = diff(tmp_path, mutate)
    kind = check(result, "amqp-channel-kind-changed", B, BOTH, CANCEL, "is: queue")
    assert kind.message.endswith("changed from 'routingKey' to 'queue'")
    assert result.one("amqp-declaration-changed").message.endswith(
        "exchange vhost of channel 'orders.cancel' changed from none to '/orders'")
    other = check(result, "binding-changed", D, BOTH, CANCEL, "exchange:", after="cancel:")
    assert other.message == "the amqp binding's exchange of channel 'orders.cancel' changed"


def test_mqtt_qos_and_retain(tmp_path: Path) -> None:
    lowered = diff(tmp_path, lambda s: s["operations"]["publishAudit"]["bindings"]["mqtt"]
                   .update(qos=0, retain=True))
    change = check(lowered, "mqtt-qos-lowered", B, RESP, AUDIT, "qos: 0")
    assert change.message == f"the mqtt binding's qos of {AUDIT} changed from 1 to 0"
    retain = check(lowered, "mqtt-retain-changed", D, RESP, AUDIT, "retain: true")
    assert retain.message.endswith("changed from false to true")

    raised = diff(tmp_path, lambda s: s["operations"]["publishAudit"]["bindings"]["mqtt"]
                  .update(qos=2))
    check(raised, "mqtt-qos-raised", S, RESP, AUDIT, "qos: 2")
    # Without a qos, MQTT delivers at most once (0).
    dropped = diff(tmp_path, lambda s: s["operations"]["publishAudit"]["bindings"]["mqtt"]
                   .pop("qos"))
    assert dropped.ids == ["mqtt-qos-lowered"]


def test_other_binding_fields(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        s["operations"]["publishPlaced"]["bindings"]["kafka"] = {
            "groupId": {"type": "string"}}
        s["operations"]["onCancel"]["bindings"] = {"amqp": {"ack": True}}
        s["servers"]["mosquitto"]["bindings"] = {"mqtt": {"clientId": "orders"}}
        del s["channels"]["audit"]["bindings"]

    result = diff(tmp_path, mutate)
    changed = result.of("binding-changed")
    assert sorted(c.message for c in changed) == [
        f"the kafka binding's clientId of {PLACED} was removed",
        f"the kafka binding's groupId of {PLACED} was added",
    ]
    assert all(c.direction is RESP and c.level is D for c in changed)
    added = result.of("binding-added")
    assert sorted((c.message, c.direction) for c in added) == [
        (f"the amqp binding of {CANCEL} was added", REQ),
        ("the mqtt binding of server 'mosquitto' was added", BOTH),
    ]
    removed = check(result, "binding-removed", D, BOTH, AUDIT, "amqp:", base=True,
                     after="audit:")
    assert removed.message == "the amqp binding of channel 'orders/audit' was removed"
