"""Loading AsyncAPI 2.x and 3.0 into one model: roles, messages, traits, bindings,
references, and bad input reported with a location and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.errors import AccordError, ErrorCode
from accord.kinds import load_kinds
from tests.kinds.asyncapi.support import KIND, model, write

V2 = """
asyncapi: '2.6.0'
info: {title: Accounts, version: 1.0.0}
defaultContentType: application/json
servers:
  prod: {url: 'kafka://broker:9092', protocol: kafka, protocolVersion: '3.5'}
channels:
  user/signedup:
    parameters: {}
    subscribe:
      operationId: userSignedUp
      bindings:
        kafka: {groupId: {type: string}}
      message:
        $ref: '#/components/messages/UserSignedUp'
  user/delete:
    publish:
      message:
        oneOf:
          - {name: DeleteUser, payload: {type: object}}
          - {name: PurgeUser, payload: {type: object}, contentType: application/avro}
components:
  messages:
    UserSignedUp:
      name: user.signedup
      schemaFormat: application/vnd.aai.asyncapi+json;version=2.6.0
      correlationId: {location: '$message.header#/correlation_id'}
      traits:
        - $ref: '#/components/messageTraits/common'
      payload: {type: object, properties: {id: {type: string}}}
      bindings:
        kafka: {key: {type: string}}
  messageTraits:
    common:
      headers: {type: object, properties: {trace: {type: string}}}
      contentType: application/cloudevents+json
"""

V3 = """
asyncapi: 3.0.0
info: {title: Accounts, version: 1.0.0}
servers:
  prod: {host: 'broker:9092', pathname: /v1, protocol: kafka}
channels:
  signedUp:
    address: user/{userId}/signedup
    parameters:
      userId: {enum: [a, b], default: a, location: '$message.payload#/id'}
    messages:
      signedUp: {$ref: '#/components/messages/UserSignedUp'}
      other: {name: Other, payload: {type: string}}
    servers: [{$ref: '#/servers/prod'}]
  replies:
    address: null
    messages:
      ack: {payload: {type: object}}
operations:
  sendSignedUp:
    action: send
    channel: {$ref: '#/channels/signedUp'}
    messages: [{$ref: '#/channels/signedUp/messages/signedUp'}]
    traits: [{bindings: {kafka: {clientId: {type: string}}}}]
  receiveAll:
    action: receive
    channel: {$ref: '#/channels/signedUp'}
    reply:
      channel: {$ref: '#/channels/replies'}
      address: {location: '$message.header#/replyTo'}
components:
  messages:
    UserSignedUp:
      name: user.signedup
      contentType: application/json
      payload:
        schemaFormat: application/vnd.apache.avro;version=1.9.0
        schema: {type: record, name: User, fields: [{name: id, type: string}]}
      traits:
        - contentType: text/plain
          headers: {type: object, properties: {trace: {type: string}}}
"""


def test_kind_is_registered_and_detected_from_content(tmp_path: Path) -> None:
    registry = load_kinds()
    assert registry["asyncapi"].title == "AsyncAPI"
    path = write(tmp_path, "events.txt", V3)  # no telling suffix: the content decides
    assert registry.detect(path).name == "asyncapi"
    assert registry.load(path).kind == "asyncapi"


def test_v2_subscribe_is_send_and_publish_is_receive(tmp_path: Path) -> None:
    m = model(tmp_path, V2)
    assert (m.version, m.major) == ("2.6.0", 2)
    ops = {op.label: op for op in m.operations.values()}
    assert set(ops) == {"send user/signedup", "receive user/delete"}
    send = ops["send user/signedup"]
    assert send.action == "send" and send.operation_id == "userSignedUp"
    assert send.key == "userSignedUp"
    receive = ops["receive user/delete"]
    assert receive.key == "receive user/delete"  # no operationId: action and channel
    assert list(receive.messages) == ["DeleteUser", "PurgeUser"]


def test_v2_message_fields_traits_and_bindings(tmp_path: Path) -> None:
    m = model(tmp_path, V2)
    message = m.operations["userSignedUp"].messages["user.signedup"]
    assert message.name == "user.signedup"
    assert message.payload is not None and message.payload.format == "asyncapi"
    assert message.payload.node is not None and message.payload.node.value["type"] == "object"
    # 2.x traits are merged with JSON Merge Patch: the trait's values win.
    assert message.content_type == "application/cloudevents+json"
    assert message.headers is not None and message.headers.node is not None
    assert "trace" in message.headers.node.value["properties"]
    assert message.correlation_id is not None
    assert message.correlation_id.location == "$message.header#/correlation_id"
    assert set(message.bindings) == {"kafka"}
    assert m.operations["userSignedUp"].bindings["kafka"].value == {"groupId": {"type": "string"}}
    server = m.servers["prod"]
    assert (server.protocol, server.protocol_version, server.host) == (
        "kafka", "3.5", "kafka://broker:9092")
    # A message without its own content type inherits the document's default.
    purge = m.operations["receive user/delete"].messages
    assert purge["DeleteUser"].content_type == "application/json"
    assert purge["PurgeUser"].content_type == "application/avro"


def test_v3_channels_operations_and_reply(tmp_path: Path) -> None:
    m = model(tmp_path, V3)
    assert (m.version, m.major) == ("3.0.0", 3)
    channel = m.channels["signedUp"]
    assert channel.address == "user/{userId}/signedup" and channel.servers == ("prod",)
    param = channel.parameters["userId"]
    assert (param.enum, param.default, param.location) == (
        ("a", "b"), "a", "$message.payload#/id")
    send = m.operations["sendSignedUp"]
    assert send.action == "send" and send.label == "send user/{userId}/signedup"
    assert list(send.messages) == ["signedUp"]  # the listed subset of the channel's
    assert set(send.bindings) == {"kafka"}  # from the operation trait
    receive = m.operations["receiveAll"]
    assert list(receive.messages) == ["signedUp", "other"]  # no list: all of them
    assert receive.reply is not None and receive.reply.address == "$message.header#/replyTo"
    assert receive.reply.channel is m.channels["replies"]
    assert m.channels["replies"].address is None and m.channels["replies"].shown == "replies"
    assert list(receive.reply.messages) == ["ack"]
    assert m.servers["prod"].host == "broker:9092/v1"


def test_v3_multi_format_schema_and_traits_that_do_not_override(tmp_path: Path) -> None:
    m = model(tmp_path, V3)
    message = m.operations["sendSignedUp"].messages["signedUp"]
    assert message.payload is not None
    assert message.payload.format == "avro"
    assert message.payload.declared_format == "application/vnd.apache.avro;version=1.9.0"
    assert message.payload.node is not None and message.payload.node.value["type"] == "record"
    assert not message.payload.json_schema
    # 3.0 traits fill in only what the message does not say itself.
    assert message.content_type == "application/json"
    assert message.headers is not None and message.headers.format == "asyncapi"
    # Every distinct message once: components and channel messages, shared ones once.
    keys = sorted(msg.key for msg in m.messages)
    # A component message goes by its component key, a channel's own by its key there.
    assert keys == ["UserSignedUp", "ack", "other"]


def test_relative_file_refs_and_remote_schemas(tmp_path: Path) -> None:
    write(tmp_path, "api/common/messages.yaml", """
    placed:
      name: order.placed
      payload: {$ref: './schemas.yaml#/Order'}
    avro:
      payload:
        schemaFormat: application/vnd.apache.avro;version=1.9.0
        schema: {$ref: 'https://registry.example/schemas/Order.avsc'}
    """)
    write(tmp_path, "api/common/schemas.yaml",
          "Order: {type: object, properties: {id: {type: string}}}\n")
    m = model(tmp_path, """
    asyncapi: 3.0.0
    info: {title: Orders, version: 1.0.0}
    channels:
      orders:
        address: orders
        messages:
          placed: {$ref: 'common/messages.yaml#/placed'}
          avro: {$ref: 'common/messages.yaml#/avro'}
    operations:
      publish: {action: send, channel: {$ref: '#/channels/orders'}}
    """, name="api/orders.yaml")
    messages = m.operations["publish"].messages
    payload = messages["placed"].payload
    assert payload is not None and payload.node is not None
    assert payload.node.doc.display.endswith("/api/common/schemas.yaml")
    remote = messages["avro"].payload
    assert remote is not None and remote.node is None
    assert remote.external == "https://registry.example/schemas/Order.avsc"


@pytest.mark.parametrize(("text", "code", "needle", "words"), [
    ("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n", ErrorCode.NOT_A_CONTRACT,
     "openapi", "no 'asyncapi' key"),
    ("asyncapi: 1.2.0\ninfo: {title: x, version: '1'}\n", ErrorCode.UNSUPPORTED_VERSION,
     "asyncapi", "'1.2.0' is not supported"),
    ("asyncapi: 3.0.0\ninfo: {title: x, version: '1'}\nchannels: {c: {address: c}}\n"
     "operations:\n  go:\n    action: publish\n    channel: {$ref: '#/channels/c'}\n",
     ErrorCode.INVALID_CONTRACT, "action: publish", "must be 'send' or 'receive'"),
    ("asyncapi: 3.0.0\ninfo: {title: x, version: '1'}\noperations:\n  go: {action: send}\n",
     ErrorCode.INVALID_CONTRACT, "go:", "has no 'channel'"),
    ("asyncapi: 3.0.0\ninfo: {title: x, version: '1'}\noperations:\n  go:\n    action: send\n"
     "    channel: {$ref: '#/channels/missing'}\n", ErrorCode.UNRESOLVABLE_REF, "$ref",
     "does not exist"),
    ("asyncapi: '2.6.0'\ninfo: {title: x, version: '1'}\nchannels:\n  c:\n    subscribe:\n"
     "      message: [a, b]\n", ErrorCode.INVALID_CONTRACT, "message:", "must be a mapping"),
    ("asyncapi: '2.6.0'\ninfo: {title: x, version: '1'}\nchannels:\n  c:\n    subscribe:\n"
     "      message: {$ref: 'https://example.com/m.yaml'}\n", ErrorCode.INVALID_CONTRACT,
     "$ref", "remote URL"),
    ("asyncapi: 3.0.0\ninfo: {title: x\n", ErrorCode.INVALID_SYNTAX, None, "invalid YAML"),
])
def test_bad_input_is_located_with_a_hint(tmp_path: Path, text: str, code: ErrorCode,
                                          needle: str | None, words: str) -> None:
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(AccordError) as caught:
        KIND.load(path)
    error = caught.value
    assert error.code is code, error
    assert words in error.message and error.hint
    assert error.location is not None and error.location.file == str(path)
    if needle is not None:
        lines = text.splitlines()
        expected = next(i for i, line in enumerate(lines, 1) if needle in line)
        assert error.location.line == expected, error


def test_lenient_load_keeps_structural_problems(tmp_path: Path) -> None:
    m = model(tmp_path, """
    asyncapi: 3.0.0
    info: {title: x, version: '1'}
    channels:
      good: {address: good, messages: {m: {payload: {type: string}}}}
      bad: [not, a, channel]
    operations:
      fine: {action: send, channel: {$ref: '#/channels/good'}}
      broken: {action: publish, channel: {$ref: '#/channels/good'}}
    """, lenient=True)
    assert list(m.operations) == ["fine"] and list(m.channels) == ["good"]
    messages = sorted(p.message for p in m.problems)
    assert messages == ["channel 'bad' must be a mapping, not a list",
                        "the action of operation 'broken' must be 'send' or 'receive', "
                        "not 'publish'"]
    assert all(p.location is not None and p.location.line for p in m.problems)


def test_a_missing_info_is_an_error_unless_lenient(tmp_path: Path) -> None:
    text = "asyncapi: 3.0.0\nchannels: {}\n"
    with pytest.raises(AccordError, match="no 'info'"):
        model(tmp_path, text)
    assert [p.message for p in model(tmp_path, text, lenient=True).problems] == [
        "the document has no 'info' mapping"]


def test_contract_version_and_location(tmp_path: Path) -> None:
    path = write(tmp_path, "events.yaml", V3)
    contract = KIND.load(path, display="IF-007@1.0.0/events.yaml")
    assert contract.version == "1.0.0" and contract.source == "IF-007@1.0.0/events.yaml"
    assert contract.version_location is not None
    assert contract.version_location.file == "IF-007@1.0.0/events.yaml"
    assert contract.version_location.line == 2


def test_json_documents_load(tmp_path: Path) -> None:
    m = model(tmp_path, '{"asyncapi": "2.0.0", "info": {"title": "x", "version": "1"}, '
              '"channels": {"a": {"subscribe": {"message": {"payload": {"type": "string"}}}}}}',
              name="events.json")
    assert m.major == 2 and m.operations["send a"].action == "send"
