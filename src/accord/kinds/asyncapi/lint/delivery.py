"""Delivery: what a consumer can rely on about order and duplicates.

Brokers keep order only within a scope (a Kafka partition, chosen by the record key; an
SQS FIFO message group; a single queue) and deliver at least once, so every event
contract says which scope is ordered and how a consumer recognises a duplicate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.asyncapi.lint.base import events, field_names, label, rule, texts, where
from accord.kinds.asyncapi.lint.envelope import EVENT_ID
from accord.kinds.asyncapi.model import AsyncAPIModel, Message
from accord.lint.rule import Hit, LintOptions
from accord.source import Node

_ORDERING_TEXT = re.compile(
    r"\b(ordering|ordered|in order|out of order|partition(s|ed|ing)?|sequenc(e|ed|ing)|"
    r"message group|per[- ]key)\b", re.IGNORECASE)
_ORDERING_FIELDS = frozenset({"partitionkey", "orderingkey", "sequence", "sequencenumber",
                              "seq", "messagegroupid", "groupid"})
_ORDERING_EXTENSIONS = ("x-partition-key", "x-ordering-key", "x-message-group")
_DUPLICATES_TEXT = re.compile(
    r"\b(idempoten\w*|de-?dup\w*|duplicates?|duplicated|exactly[- ]once)\b", re.IGNORECASE)


def _kafka_key(message: Message) -> bool:
    kafka = message.bindings.get("kafka")
    return kafka is not None and isinstance(kafka.value, dict) and "key" in kafka.value


def _extension(model: AsyncAPIModel, message: Message) -> bool:
    holders = [message.node.value] + [op.node.value for op in model.operations_of(message)]
    holders += [op.channel.node.value for op in model.operations_of(message)]
    return any(isinstance(h, dict) and any(k in h for k in _ORDERING_EXTENSIONS)
               for h in holders)


@rule("ordering-key-documented", Severity.WARN,
      "Every event says in which scope it is ordered: a Kafka key binding (the partition "
      "key), an ordering field (partition_key, sequence, message_group_id), an "
      "x-partition-key / x-ordering-key extension, or a description that says how events "
      "are ordered or partitioned. Consumers otherwise assume an order the broker does not "
      "keep.",
      "declare the Kafka key (bindings: {kafka: {key: {type: string}}}) or say in the "
      "description which events keep their order (e.g. 'ordered per order id: the "
      "partition key is order_id')")
def ordering(model: AsyncAPIModel, options: LintOptions) -> Iterator[Hit]:
    for message in events(model):
        if _kafka_key(message) or _extension(model, message):
            continue
        if field_names(model, message) & _ORDERING_FIELDS:
            continue
        if _ORDERING_TEXT.search(texts(model, message)):
            continue
        yield Hit(f"{label(message)} does not say in which scope it is ordered",
                  where(message))


@rule("duplicates-handled", Severity.WARN,
      "Every event lets consumers handle duplicates: brokers deliver at least once, so "
      "the event carries a unique id to deduplicate by (event_id, id, message_id, ...), or "
      "its description says how duplicates are handled (idempotent processing, "
      "deduplication, exactly-once delivery).",
      "add event_id (a UUID set once by the producer) and say that consumers deduplicate "
      "by it, or describe why processing it twice is harmless")
def duplicates(model: AsyncAPIModel, options: LintOptions) -> Iterator[Hit]:
    for message in events(model):
        if field_names(model, message) & EVENT_ID:
            continue
        if _DUPLICATES_TEXT.search(texts(model, message)):
            continue
        if any(_qos(op.bindings) == 2 for op in model.operations_of(message)):
            continue  # MQTT exactly once
        if message.payload is not None and not message.payload.json_schema:
            continue  # an Avro or remote schema: its fields are not visible here
        yield Hit(f"{label(message)} has no event id and does not say how duplicates are "
                  "handled", where(message))


def _qos(bindings: dict[str, Node]) -> int | None:
    mqtt = bindings.get("mqtt")
    value = mqtt.value if mqtt is not None else None
    qos = value.get("qos") if isinstance(value, dict) else None
    return qos if isinstance(qos, int) else None
