"""Operations and messages compared in the application's role: what it sends is judged
like a response (``response``), what it receives like a request (``request``)."""

from __future__ import annotations

from pathlib import Path

from accord.core.change import Direction, Level
from tests.kinds.asyncapi.diff_support import (
    AUDIT,
    CANCEL,
    PLACED,
    Spec,
    diff,
    message,
    ref,
)
from tests.kinds.asyncapi.support import check

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
REQ, RESP, BOTH = Direction.REQUEST, Direction.RESPONSE, Direction.BOTH


def test_identical_contracts_have_no_changes(tmp_path: Path) -> None:
    assert diff(tmp_path, lambda s: None).changes == []


def test_descriptions_and_moving_a_schema_inline_change_nothing(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        s["info"]["description"] = "Order events."
        placed = message(s, "OrderPlaced")
        placed["payload"] = {"type": "object", "required": ["id"], "description": "An order",
                             "properties": {"id": {"type": "string", "title": "Id"},
                                            "total": {"type": "number"}}}
        placed["summary"] = "An order was placed."

    assert diff(tmp_path, mutate).changes == []


def test_a_removed_send_operation_is_breaking_for_its_consumers(tmp_path: Path) -> None:
    result = diff(tmp_path, lambda s: s["operations"].pop("publishAudit"))
    change = check(result, "operation-removed", B, RESP, AUDIT, "publishAudit:", base=True)
    assert change.message == f"{AUDIT} was removed"


def test_a_removed_receive_operation_is_breaking_for_its_producers(tmp_path: Path) -> None:
    result = diff(tmp_path, lambda s: s["operations"].pop("onCancel"))
    check(result, "operation-removed", B, REQ, CANCEL, "onCancel:", base=True)


def test_an_added_operation_is_safe(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        s["operations"]["listenPlaced"] = {"action": "receive",
                                           "channel": ref("#/channels/placed")}

    result = diff(tmp_path, mutate)
    change = check(result, "operation-added", S, REQ, "receive orders.{region}.placed",
                   "listenPlaced:")
    assert change.addition


def test_an_operation_that_turns_around(tmp_path: Path) -> None:
    result = diff(tmp_path, lambda s: s["operations"]["publishAudit"].update(action="receive"))
    change = check(result, "operation-action-changed", B, BOTH, "receive orders/audit",
                   "action: receive", after="publishAudit:")
    assert change.message == f"{AUDIT} now receives its messages (it sent them)"
    assert result.ids == ["operation-action-changed"]


def test_a_renamed_operation_is_paired_by_action_and_channel(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        s["operations"]["emitAudit"] = s["operations"].pop("publishAudit")

    result = diff(tmp_path, mutate)
    change = check(result, "operation-id-changed", D, RESP, AUDIT, "emitAudit:")
    assert change.message == f"the id of {AUDIT} changed from 'publishAudit' to 'emitAudit'"


def test_removing_a_sent_message_is_breaking(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        s["operations"]["publishPlaced"]["messages"].pop()

    result = diff(tmp_path, mutate)
    change = check(result, "message-removed", B, RESP, PLACED, "OrderRepriced:", base=True,
                   after=("components:", "messages:"))
    assert change.message == f"message 'OrderRepriced' was removed from {PLACED}"


def test_a_new_sent_message_is_dangerous_and_a_new_received_one_safe(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        s["channels"]["placed"]["messages"]["OrderShipped"] = {
            "name": "order.shipped", "payload": {"type": "object"}}
        s["operations"]["publishPlaced"]["messages"].append(
            ref("#/channels/placed/messages/OrderShipped"))
        s["channels"]["cancel"]["messages"]["CancelAll"] = {
            "name": "order.cancel_all", "payload": {"type": "object"}}

    result = diff(tmp_path, mutate)
    sent = check(result, "sent-message-added", D, RESP, PLACED, "OrderShipped:")
    assert sent.message == f"{PLACED} sends a new message 'OrderShipped'"
    received = check(result, "received-message-added", S, REQ, CANCEL, "CancelAll:")
    assert received.addition and not sent.addition


def test_one_schema_change_is_judged_in_each_role(tmp_path: Path) -> None:
    """The Order schema is the payload of two sent messages and, here, of the received
    CancelOrder: a revision that accepts more (id no longer required) breaks the
    consumers of what the application sends, and is safe for what it receives."""
    def base(s: Spec) -> None:
        message(s, "CancelOrder")["payload"] = ref("#/components/schemas/Order")

    def mutate(s: Spec) -> None:
        del s["components"]["schemas"]["Order"]["required"]

    result = diff(tmp_path, mutate, base=base)
    sent = check(result, "sent-schema-required-removed", B, RESP, PLACED, "Order:",
                 after="schemas:")
    # One change for the shared schema, not one per message that uses it.
    assert sent.message == "'Order': property 'id' is no longer required"
    received = check(result, "received-schema-required-removed", S, REQ, CANCEL, "Order:",
                     after="schemas:")
    assert received.addition and not sent.addition
    assert len(result.changes) == 2


def test_a_narrower_sent_payload_is_safe_and_a_narrower_received_one_breaks(
        tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        s["components"]["schemas"]["Order"]["properties"]["total"]["minimum"] = 0
        message(s, "CancelOrder")["payload"]["required"] = ["id"]

    result = diff(tmp_path, mutate)
    sent = check(result, "sent-schema-minimum-increased", S, RESP, PLACED, "minimum: 0")
    assert sent.message.startswith("'Order.total': ")
    received = check(result, "received-schema-required-added", B, REQ, CANCEL, "- id",
                     after=("components:", "  messages:", "CancelOrder:"))
    assert received.message == "'order.cancel payload': property 'id' became required"


def test_one_message_on_two_operations_is_reported_once(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        s["components"]["messages"]["OrderRepriced"]["payload"] = {"type": "string"}

    def base(s: Spec) -> None:  # the audit channel carries OrderRepriced too
        s["channels"]["audit"]["messages"] = {
            "Audited": ref("#/components/messages/OrderRepriced")}

    result = diff(tmp_path, mutate, base=base)
    change = result.one("sent-schema-type-changed")
    assert change.affects == (PLACED, AUDIT)
    assert change.message == "'order.repriced payload': type changed from object to string"


def test_headers_and_payload_declared_or_dropped(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        message(s, "OrderPlaced")["headers"]["properties"]["correlation_id"]["type"] = [
            "string", "integer"]
        del message(s, "CancelOrder")["payload"]
        message(s, "CancelOrder")["headers"] = {"type": "object"}

    result = diff(tmp_path, mutate)
    headers = check(result, "sent-schema-type-widened", B, RESP, PLACED, "type:",
                    after=("components:", "  messages:", "correlation_id:"))
    assert headers.message.startswith("'order.placed headers.correlation_id': ")
    payload = result.one("message-payload-changed")
    assert (payload.direction, payload.operation, payload.level) == (REQ, CANCEL, D)
    assert payload.message == "the payload of message 'order.cancel' is no longer declared"
    declared = check(result, "message-headers-changed", D, REQ, CANCEL, "headers:",
                     after=("components:", "CancelOrder:"))
    assert declared.message == ("the headers of message 'order.cancel' is now declared (it "
                                "was unspecified)")


def test_a_payload_of_another_format_is_compared_as_a_whole(tmp_path: Path) -> None:
    def base(s: Spec) -> None:
        message(s, "CancelOrder")["payload"] = {
            "schemaFormat": "application/raml+yaml;version=1.0",
            "schema": {"type": "object", "doc": "a cancellation",
                       "properties": {"id": "string"}}}

    def mutate(s: Spec) -> None:
        message(s, "CancelOrder")["payload"]["schema"]["properties"]["reason"] = "string"

    result = diff(tmp_path, mutate, base=base)
    change = check(result, "message-payload-changed", D, REQ, CANCEL, "payload:",
                   after=("components:", "CancelOrder:"))
    assert change.message == "the payload of message 'order.cancel' changed"
    doc_only = diff(tmp_path, lambda s: message(s, "CancelOrder")["payload"]["schema"]
                    .update(doc="the order"), base=base)
    assert doc_only.changes == []  # annotations are not changes


def test_remote_refs_inside_a_json_schema(tmp_path: Path) -> None:
    url = "https://schemas.example/money-{}.json"

    def base(s: Spec) -> None:
        s["components"]["schemas"]["Order"]["properties"]["total"] = ref(url.format(1))

    result = diff(tmp_path, lambda s: s["components"]["schemas"]["Order"]["properties"][
        "total"].update({"$ref": url.format(2)}), base=base)
    changes = result.of("message-payload-external-changed")
    assert [c.message for c in changes] == [
        f"the payload of message '{name}' refers to other remote schemas: {url.format(2)} "
        f"(was {url.format(1)})" for name in ("order.placed", "order.repriced")]
    assert diff(tmp_path, lambda s: None, base=base).changes == []


def test_a_remote_payload_is_compared_by_its_url(tmp_path: Path) -> None:
    url = "https://registry.example/schemas/Order-{}.avsc"

    def base(s: Spec) -> None:
        message(s, "OrderRepriced")["payload"] = {
            "schemaFormat": "application/vnd.apache.avro;version=1.9.0",
            "schema": ref(url.format(1))}

    def mutate(s: Spec) -> None:
        message(s, "OrderRepriced")["payload"]["schema"] = ref(url.format(2))

    result = diff(tmp_path, mutate, base=base)
    change = check(result, "message-payload-external-changed", D, RESP, PLACED, "payload:",
                   after=("components:", "  messages:", "OrderRepriced:"))
    assert change.message == (f"the payload of message 'order.repriced' is a remote schema, "
                              f"now {url.format(2)} (was {url.format(1)})")
    assert diff(tmp_path, lambda s: None, base=base).changes == []


def test_schema_format_and_content_type(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        s["defaultContentType"] = "application/avro"  # inherited by all but CancelOrder
        message(s, "CancelOrder")["payload"] = {
            "schemaFormat": "application/vnd.apache.avro+json;version=1.9.0",
            "schema": {"type": "record", "name": "Cancel", "fields": []}}

    result = diff(tmp_path, mutate)
    formats = check(result, "message-schema-format-changed", B, REQ, CANCEL, "payload:",
                    after=("components:", "  messages:", "CancelOrder:"))
    assert formats.message == ("the schema format of message 'CancelOrder' changed from "
                               "asyncapi to application/vnd.apache.avro+json;version=1.9.0")
    types = result.of("message-content-type-changed")
    # OrderCancelled is the reply the application sends to CancelOrder.
    assert sorted(c.message for c in types) == [
        "the content type of message 'Audited' changed from 'application/json' to "
        "'application/avro'",
        "the content type of message 'OrderCancelled' changed from 'application/json' to "
        "'application/avro'",
        "the content type of message 'OrderPlaced' changed from 'application/json' to "
        "'application/avro'",
        "the content type of message 'OrderRepriced' changed from 'application/json' to "
        "'application/avro'",
    ]
    assert all(c.level is B and c.direction is RESP for c in types)
    assert "message-payload-changed" not in result.ids  # the format change says it all


def test_content_type_parameters_do_not_count(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        message(s, "CancelOrder")["contentType"] = "Application/JSON; charset=utf-8"

    assert diff(tmp_path, mutate).changes == []


def test_message_renamed(tmp_path: Path) -> None:
    result = diff(tmp_path, lambda s: message(s, "CancelOrder").update(name="order.cancelled"))
    change = check(result, "message-name-changed", D, REQ, CANCEL, "name: order.cancelled",
                   after=("components:", "CancelOrder:"))
    assert change.message == "message 'CancelOrder' is now named 'order.cancelled' " \
        "(was 'order.cancel')"


def test_correlation_ids(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        message(s, "OrderPlaced")["correlationId"] = {"location": "$message.payload#/id"}
        message(s, "CancelOrder")["correlationId"] = {"location": "$message.header#/cid"}
        message(s, "OrderRepriced")["correlationId"] = {"location": "$message.header#/cid"}

    result = diff(tmp_path, mutate)
    moved = check(result, "correlation-id-changed", B, RESP, PLACED, "correlationId:",
                  after="components:")
    assert moved.message == ("the correlation id of message 'OrderPlaced' moved from "
                             "$message.header#/correlation_id to $message.payload#/id")
    added = result.of("correlation-id-added")
    assert sorted((c.direction, c.level) for c in added) == [(REQ, S), (RESP, S)]
    back = diff(tmp_path, lambda s: message(s, "OrderPlaced").pop("correlationId"))
    removed = check(back, "correlation-id-removed", B, RESP, PLACED, "OrderPlaced:",
                    after=("components:", "  messages:"))
    assert removed.message == ("message 'OrderPlaced' no longer declares its correlation id "
                               "($message.header#/correlation_id)")
