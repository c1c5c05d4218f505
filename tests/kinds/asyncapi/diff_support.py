"""A small but complete event contract (Kafka, AMQP and MQTT; sent and received
messages; a reply) and a way to diff it against a mutated copy of itself."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from tests.kinds.asyncapi.support import KIND, Result, run_diff

Spec = dict[str, Any]
Mutation = Callable[[Spec], object]

PLACED = "send orders.{region}.placed"
CANCEL = "receive orders.cancel"
AUDIT = "send orders/audit"


def ref(pointer: str) -> dict[str, str]:
    return {"$ref": pointer}


BASE: Spec = {
    "asyncapi": "3.0.0",
    "info": {"title": "Orders", "version": "1.0.0"},
    "defaultContentType": "application/json",
    "servers": {
        "kafka": {"host": "kafka.example:9092", "protocol": "kafka", "protocolVersion": "3.5"},
        "rabbit": {"host": "rabbit.example", "protocol": "amqp", "protocolVersion": "0.9.1"},
        "mosquitto": {"host": "mqtt.example", "protocol": "mqtt"},
    },
    "channels": {
        "placed": {
            "address": "orders.{region}.placed",
            "servers": [ref("#/servers/kafka"), ref("#/servers/rabbit")],
            "parameters": {"region": {"enum": ["eu", "us"],
                                      "location": "$message.payload#/region"}},
            "bindings": {"kafka": {"topic": "orders.placed", "partitions": 6,
                                   "bindingVersion": "0.5.0"}},
            "messages": {"OrderPlaced": ref("#/components/messages/OrderPlaced"),
                         "OrderRepriced": ref("#/components/messages/OrderRepriced")},
        },
        "cancel": {
            "address": "orders.cancel",
            "bindings": {"amqp": {"is": "routingKey",
                                  "exchange": {"name": "orders", "type": "topic",
                                               "durable": True, "autoDelete": False}}},
            "messages": {"CancelOrder": ref("#/components/messages/CancelOrder")},
        },
        "cancelled": {
            "address": "orders.cancelled",
            "messages": {"OrderCancelled": {"name": "order.cancelled",
                                            "payload": {"type": "object"}}},
        },
        "audit": {
            "address": "orders/audit",
            "bindings": {"amqp": {"is": "queue", "queue": {"name": "audit", "durable": True}}},
            "messages": {"Audited": {"payload": {"type": "string"}}},
        },
    },
    "operations": {
        "publishPlaced": {
            "action": "send",
            "channel": ref("#/channels/placed"),
            "messages": [ref("#/channels/placed/messages/OrderPlaced"),
                         ref("#/channels/placed/messages/OrderRepriced")],
            "bindings": {"kafka": {"clientId": {"type": "string"}}},
        },
        "onCancel": {
            "action": "receive",
            "channel": ref("#/channels/cancel"),
            "reply": {"channel": ref("#/channels/cancelled")},
        },
        "publishAudit": {
            "action": "send",
            "channel": ref("#/channels/audit"),
            "bindings": {"mqtt": {"qos": 1, "retain": False}},
        },
    },
    "components": {
        "schemas": {
            "Order": {"type": "object", "required": ["id"],
                      "properties": {"id": {"type": "string"},
                                     "total": {"type": "number"}}},
        },
        "messages": {
            "OrderPlaced": {
                "name": "order.placed",
                "correlationId": {"location": "$message.header#/correlation_id"},
                "headers": {"type": "object",
                            "properties": {"correlation_id": {"type": "string"}}},
                "payload": ref("#/components/schemas/Order"),
                "bindings": {"kafka": {"key": {"type": "string"}}},
            },
            "OrderRepriced": {
                "name": "order.repriced",
                "payload": ref("#/components/schemas/Order"),
            },
            "CancelOrder": {
                "name": "order.cancel",
                "contentType": "application/json",
                "payload": {"type": "object", "properties": {"id": {"type": "string"}}},
            },
        },
    },
}


def spec() -> Spec:
    return copy.deepcopy(BASE)


def dump(data: Spec) -> str:
    return yaml.safe_dump(data, sort_keys=False)


def diff(tmp_path: Path, mutate: Mutation, *, base: Mutation | None = None) -> Result:
    """Diff the contract (optionally changed by ``base`` first) against a copy
    changed by ``mutate``."""
    old = spec()
    if base is not None:
        base(old)
    new = copy.deepcopy(old)
    mutate(new)
    return run_diff(tmp_path, dump(old), dump(new))


def message(data: Spec, name: str) -> Spec:
    found: Spec = data["components"]["messages"][name]
    return found


__all__ = ["AUDIT", "BASE", "CANCEL", "KIND", "PLACED", "diff", "dump", "message", "ref",
           "spec"]
