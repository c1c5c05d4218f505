"""Servers, channels (addresses, parameters, servers) and replies."""

from __future__ import annotations

from pathlib import Path

from accord.core.change import Direction, Level
from tests.kinds.asyncapi.diff_support import CANCEL, PLACED, Spec, diff, ref
from tests.kinds.asyncapi.support import check, run_diff

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
REQ, RESP, BOTH = Direction.REQUEST, Direction.RESPONSE, Direction.BOTH


def test_servers_removed_added_and_changed(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        servers = s["servers"]
        del servers["mosquitto"]
        servers["nats"] = {"host": "nats.example", "protocol": "nats"}
        servers["kafka"].update(protocol="kafka-secure", protocolVersion="3.7",
                                host="kafka2.example:9093")

    result = diff(tmp_path, mutate)
    check(result, "server-removed", B, BOTH, None, "mosquitto:", base=True)
    assert check(result, "server-added", S, BOTH, None, "nats:").addition
    protocol = check(result, "server-protocol-changed", B, BOTH, None, "kafka-secure")
    assert protocol.message == "the protocol of server 'kafka' changed from kafka to kafka-secure"
    check(result, "server-protocol-version-changed", D, BOTH, None, "protocolVersion: '3.7'")
    host = check(result, "server-host-changed", D, BOTH, None, "kafka2.example")
    assert host.message == ("the host of server 'kafka' changed from kafka.example:9092 to "
                            "kafka2.example:9093")
    assert result.changes[0].operation is None  # whole-contract changes come first


def test_a_removed_channel_takes_its_operations_along(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        del s["channels"]["audit"]
        del s["operations"]["publishAudit"]

    result = diff(tmp_path, mutate)
    change = check(result, "channel-removed", B, BOTH, "send orders/audit", "audit:",
                   base=True, after="channels:")
    assert change.message == "channel 'orders/audit' was removed"
    assert "operation-removed" not in result.ids


def test_an_added_channel_is_safe(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        s["channels"]["refunds"] = {"address": "orders.refunds"}

    result = diff(tmp_path, mutate)
    assert check(result, "channel-added", S, BOTH, None, "refunds:").addition


def test_a_changed_address_is_breaking(tmp_path: Path) -> None:
    result = diff(tmp_path, lambda s: s["channels"]["cancel"].update(address="orders.cancel.v2"))
    change = check(result, "channel-address-changed", B, BOTH, "receive orders.cancel.v2",
                   "orders.cancel.v2")
    assert change.message == ("the address of channel 'cancel' changed from 'orders.cancel' "
                              "to 'orders.cancel.v2'")


def test_a_renamed_parameter_keeps_the_address(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        placed = s["channels"]["placed"]
        placed["address"] = "orders.{area}.placed"
        placed["parameters"] = {"area": placed["parameters"].pop("region")}

    assert diff(tmp_path, mutate).changes == []


def test_a_channel_renamed_in_3_0_is_paired_by_its_address(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        s["channels"]["auditTrail"] = s["channels"].pop("audit")
        s["operations"]["publishAudit"]["channel"] = ref("#/channels/auditTrail")

    assert diff(tmp_path, mutate).changes == []


def test_channel_parameters(tmp_path: Path) -> None:
    def mutate(s: Spec) -> None:
        s["channels"]["placed"]["parameters"]["region"] = {
            "enum": ["eu", "apac"], "location": "$message.header#/region", "default": "eu"}

    result = diff(tmp_path, mutate)
    what = "parameter 'region' of channel 'orders.{region}.placed'"
    removed = check(result, "channel-parameter-value-removed", B, BOTH, PLACED, "region:",
                    after="parameters:")
    assert removed.message == f"{what} no longer allows 'us'"
    added = check(result, "channel-parameter-value-added", S, BOTH, PLACED, "region:",
                  after="parameters:")
    assert added.message == f"{what} allows 'apac'" and added.addition
    located = check(result, "channel-parameter-location-changed", D, BOTH, PLACED, "region:",
                    after="parameters:")
    assert located.message == (f"{what} is now read from $message.header#/region (was "
                               "$message.payload#/region)")
    check(result, "channel-parameter-changed", D, BOTH, PLACED, "region:", after="parameters:")


def test_a_parameter_limited_to_values_loses_the_others(tmp_path: Path) -> None:
    def base(s: Spec) -> None:
        del s["channels"]["placed"]["parameters"]["region"]["enum"]

    result = diff(tmp_path, lambda s: s["channels"]["placed"]["parameters"]["region"].update(
        enum=["eu"]), base=base)
    change = result.one("channel-parameter-value-removed")
    assert change.message.endswith("is now limited to 'eu'")


def test_v2_parameter_schemas(tmp_path: Path) -> None:
    doc = """
    asyncapi: '2.6.0'
    info: {title: x, version: '1'}
    channels:
      user/{id}:
        parameters:
          id: {schema: {type: string, SCHEMA}}
        subscribe: {message: {payload: {type: string}}}
    """
    result = run_diff(tmp_path, doc.replace("SCHEMA", "maxLength: 10"),
                      doc.replace("SCHEMA", "maxLength: 5"))
    assert result.ids == ["channel-parameter-changed"]
    assert run_diff(tmp_path, doc.replace("SCHEMA", "maxLength: 10"),
                    doc.replace("SCHEMA", "maxLength: 10, description: x")).changes == []


def test_a_channel_taken_off_a_server(tmp_path: Path) -> None:
    result = diff(tmp_path, lambda s: s["channels"]["placed"]["servers"].pop())
    change = check(result, "channel-server-removed", B, BOTH, PLACED, "servers:",
                   after="placed:")
    assert change.message == ("channel 'orders.{region}.placed' is no longer available on "
                              "server 'rabbit'")
    # A channel without servers is on every server: listing some takes it off the others.
    limited = diff(tmp_path, lambda s: s["channels"]["cancel"].update(
        servers=[ref("#/servers/rabbit")]))
    assert sorted(c.message.rsplit(" ", 1)[-1] for c in limited.of("channel-server-removed")) \
        == ["'kafka'", "'mosquitto'"]


def test_replies(tmp_path: Path) -> None:
    """The reply of a receive operation is sent by the application: its messages are
    compared like sent ones."""
    def mutate(s: Spec) -> None:
        s["channels"]["cancelled"]["messages"]["OrderCancelled"]["payload"] = {
            "type": "object", "required": ["id"]}

    result = diff(tmp_path, mutate)
    change = result.one("sent-schema-required-added")
    assert (change.direction, change.operation, change.level) == (RESP, f"{CANCEL} reply", S)
    wider = diff(tmp_path, lambda s: s["channels"]["cancelled"]["messages"]["OrderCancelled"][
        "payload"].pop("type"))
    assert [(c.rule, c.level) for c in wider.changes] == [("sent-schema-type-widened", B)]

    moved = diff(tmp_path, lambda s: s["operations"]["onCancel"]["reply"].update(
        channel=ref("#/channels/audit")))
    change = check(moved, "operation-reply-channel-changed", B, RESP, CANCEL, "reply:")
    assert change.message == f"the reply of {CANCEL} now travels on orders/audit (was " \
        "orders.cancelled)"

    gone = diff(tmp_path, lambda s: s["operations"]["onCancel"].pop("reply"))
    check(gone, "operation-reply-removed", B, RESP, CANCEL, "onCancel:")

    added = diff(tmp_path, lambda s: s["operations"]["publishAudit"].update(
        reply={"address": {"location": "$message.header#/replyTo"}}))
    check(added, "operation-reply-added", D, REQ, "send orders/audit", "reply:",
          after="publishAudit:")


def test_reply_address_changes(tmp_path: Path) -> None:
    def base(s: Spec) -> None:
        s["operations"]["onCancel"]["reply"]["address"] = {
            "location": "$message.header#/replyTo"}

    result = diff(tmp_path, lambda s: s["operations"]["onCancel"]["reply"].update(
        address={"location": "$message.header#/reply_to"}), base=base)
    assert result.one("operation-reply-channel-changed").message.endswith(
        "now travels on $message.header#/reply_to (was $message.header#/replyTo)")
