"""The AsyncAPI change rules.

Direction says who reads what changed. A message the application **sends** is read
by its consumers: its changes are judged like an HTTP response (``response``), so a
revision may only promise less (accept fewer messages). A message the application
**receives** is written by its producers: judged like a request (``request``), so
the revision may only accept more. Rules listed with ``both`` for a message or an
operation take the role of the operation they are found in; the changes carry it.
"""

from __future__ import annotations

from accord.core.change import Direction, Level, RuleInfo
from accord.kinds.avro.rules import AvroScope, catalog_for
from accord.kinds.openapi.catalog import Catalog, rule

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
REQ, RESP, BOTH = Direction.REQUEST, Direction.RESPONSE, Direction.BOTH

_ROLE = " (the operation's role: response for sent messages, request for received ones)"

RULES: list[RuleInfo] = [
    # --- servers -------------------------------------------------------------------------
    rule("server-added", S, BOTH, "A server was added.", "Nothing to do.", addition=True),
    rule("server-removed", B, BOTH,
         "A server (broker) was removed; applications configured for it lose their "
         "connection.",
         "Keep the server until every producer and consumer has moved to another one."),
    rule("server-protocol-changed", B, BOTH,
         "A server's protocol changed (kafka to amqp, mqtt to ws, ...); clients speak the "
         "old protocol.",
         "Add a server with the new protocol next to the old one, and remove the old "
         "one when nobody uses it."),
    rule("server-protocol-version-changed", D, BOTH,
         "A server's protocol version changed (MQTT 3.1.1 to 5, AMQP 0-9-1 to 1.0).",
         "Check that every client library supports the new protocol version."),
    rule("server-host-changed", D, BOTH,
         "A server's host (url, host or pathname) changed.",
         "Announce the move; keep the old address reachable until clients are "
         "reconfigured."),
    rule("server-variable-added", S, BOTH,
         "A server variable with a default was added to the url or host.",
         "Nothing to do: clients that do not set it get the default.", addition=True),
    rule("server-variable-added-without-default", D, BOTH,
         "A server variable without a default was added: clients configured with the old "
         "address do not set it.",
         "Give the variable a default that keeps the old address."),
    rule("server-variable-removed", D, BOTH,
         "A server variable was removed; clients that set it build another address.",
         "Keep the variable until clients stop setting it."),
    rule("server-variable-value-removed", B, BOTH,
         "A value was removed from a server variable's enum: clients configured with it "
         "no longer have a valid address.",
         "Keep the value until every client has moved to another one."),
    rule("server-variable-values-restricted", B, BOTH,
         "A server variable that took any value now takes only the listed ones.",
         "List every value clients use today, or keep the variable open."),
    rule("server-variable-value-added", S, BOTH, "A server variable allows a new value.",
         "Nothing to do.", addition=True),
    rule("server-variable-default-changed", D, BOTH,
         "A server variable's default changed: clients that do not set it connect "
         "elsewhere.",
         "Announce the change; clients that need the old address must set it."),
    # --- security of servers and operations ------------------------------------------------
    rule("security-added", B, BOTH,
         "A server or operation that allowed anonymous access now requires credentials.",
         "Accept anonymous access alongside the new requirement until every client sends "
         "credentials."),
    rule("security-removed", D, BOTH,
         "A server or operation no longer requires credentials.",
         "Check that opening it is intended; clients keep working."),
    rule("security-requirement-added", S, BOTH,
         "A server or operation accepts a new alternative set of credentials.",
         "Nothing to do.", addition=True),
    rule("security-requirement-removed", B, BOTH,
         "An alternative set of credentials is no longer accepted (removed, or another "
         "scheme is now needed with it).",
         "Keep accepting the old credentials until every client has moved."),
    rule("security-scope-added", B, BOTH,
         "A server or operation needs a scope it did not need before.",
         "Grant the scope to every client first, or accept tokens without it for a while."),
    rule("security-scope-removed", S, BOTH,
         "A server or operation needs fewer scopes.", "Nothing to do."),
    rule("security-scheme-changed", B, BOTH,
         "A security scheme in use changed what clients send (type, where the key goes, "
         "its name, the HTTP scheme, the OpenID Connect URL).",
         "Add the new scheme as an alternative next to the old one instead of changing it."),
    # --- channels ------------------------------------------------------------------------
    rule("channel-added", S, BOTH, "A channel was added.", "Nothing to do.", addition=True),
    rule("channel-removed", B, BOTH,
         "A channel was removed, with every operation on it: producers and consumers on "
         "its address lose each other.",
         "Keep the channel until its producers and consumers have moved; deprecate it "
         "first."),
    rule("channel-address-changed", B, BOTH,
         "A channel's address (topic, queue, routing key, path) changed: applications "
         "still on the old address no longer meet.",
         "Keep the old address (publish to both, or bridge them) until every application "
         "has moved."),
    rule("channel-parameter-value-removed", B, BOTH,
         "A channel parameter no longer allows a value (enum), so an address that existed "
         "is gone.",
         "Keep accepting the value until no application uses the address."),
    rule("channel-parameter-value-added", S, BOTH,
         "A channel parameter allows a new value (enum): a new address exists.",
         "Nothing to do; consumers that subscribe by wildcard see the new address.",
         addition=True),
    rule("channel-parameter-location-changed", D, BOTH,
         "Where a channel parameter's value is taken from in the message "
         "(location) changed.",
         "Check that producers fill the new location."),
    rule("channel-parameter-changed", D, BOTH,
         "A channel parameter's schema or default changed.",
         "Check that the addresses producers and consumers build still agree."),
    rule("channel-server-removed", B, BOTH,
         "A channel is no longer available on a server it was available on.",
         "Keep the channel on the server until its applications have moved."),
    # --- operations ----------------------------------------------------------------------
    rule("operation-added", S, BOTH, "An operation was added" + _ROLE + ".",
         "Nothing to do.", addition=True),
    rule("operation-removed", B, BOTH,
         "An operation was removed" + _ROLE + ": the application no longer sends (or "
         "receives) what it promised to.",
         "Keep the operation until the other side no longer depends on it; deprecate it "
         "first."),
    rule("operation-action-changed", B, BOTH,
         "An operation changed its action (send to receive, or the reverse): the "
         "application now does the opposite.",
         "Add a new operation for the new direction instead of turning the old one "
         "around."),
    rule("operation-id-changed", D, BOTH,
         "An operation's id (3.0 operation key, 2.x operationId) changed.",
         "Keep the id: generated code names its functions after it."),
    rule("operation-reply-added", D, BOTH,
         "An operation now expects (or sends) a reply" + _ROLE + ".",
         "Check that the other side sends (or listens for) the reply."),
    rule("operation-reply-removed", B, BOTH,
         "An operation's reply was removed: requesters wait for replies that never come.",
         "Keep replying until requesters no longer wait for the reply."),
    rule("operation-reply-channel-changed", B, BOTH,
         "The channel (or dynamic address) replies travel on changed.",
         "Keep replying on the old channel until requesters listen on the new one."),
    # --- messages ------------------------------------------------------------------------
    rule("message-removed", B, BOTH,
         "A message was removed from an operation" + _ROLE + ": consumers miss an event "
         "they rely on, or producers send one the application no longer accepts.",
         "Keep the message until the other side no longer sends or expects it."),
    rule("sent-message-added", D, RESP,
         "The application sends a new kind of message on an existing operation: "
         "consumers that do not expect it may fail on it.",
         "Check that consumers ignore messages they do not know (tolerant readers), or "
         "send the new message on a new channel."),
    rule("received-message-added", S, REQ,
         "The application accepts a new kind of message on an existing operation.",
         "Nothing to do.", addition=True),
    rule("message-payload-changed", D, BOTH,
         "A message's payload schema changed, and it is neither a JSON Schema nor an Avro "
         "schema on both sides (RAML, Protobuf, or declared on one side only), so it was "
         "not compared element by element" + _ROLE + ".",
         "Check that readers of the message still accept what writers produce."),
    rule("message-headers-changed", D, BOTH,
         "A message's headers schema changed, and it is not a JSON Schema on both sides, "
         "so it was not compared keyword by keyword" + _ROLE + ".",
         "Check that readers of the message still accept the headers writers set."),
    rule("message-payload-external-changed", D, BOTH,
         "A message's payload (or headers) is a remote schema, and its URL changed: "
         "accord does not fetch it to compare.",
         "Check the two remote schemas for compatibility in their registry."),
    rule("message-schema-format-changed", B, BOTH,
         "A message's schema format changed (JSON Schema to Avro, ...): readers decode "
         "the payload with the old format.",
         "Publish the new format on a new channel or as a new message, next to the old."),
    rule("message-content-type-changed", B, BOTH,
         "A message's content type changed (its own, or the document's "
         "defaultContentType it inherits): readers decode it the old way.",
         "Keep the content type; publish the new encoding as a new message or channel."),
    rule("message-name-changed", D, BOTH,
         "A message's name changed; consumers that dispatch on the name (or a type "
         "header derived from it) no longer recognise it.",
         "Keep the name; add a new message for a new name."),
    rule("correlation-id-added", S, BOTH, "A message declares a correlation id.",
         "Nothing to do.", addition=True),
    rule("correlation-id-removed", B, BOTH,
         "A message no longer declares its correlation id: requesters cannot match "
         "replies to requests.",
         "Keep the correlation id (and keep setting it)."),
    rule("correlation-id-changed", B, BOTH,
         "A message's correlation id moved (its location changed): the other side "
         "reads it where it no longer is.",
         "Keep the old location filled until every reader uses the new one."),
    # --- bindings ------------------------------------------------------------------------
    rule("kafka-key-changed", B, BOTH,
         "A message's Kafka key schema changed: records of one entity may land on another "
         "partition, which breaks per-key ordering and compaction.",
         "Keep the key; if it must change, migrate to a new topic."),
    rule("kafka-key-removed", B, BOTH,
         "A message no longer declares its Kafka key: without a key, records spread over "
         "partitions and lose their per-entity ordering.",
         "Keep the key binding (and keep keying the records)."),
    rule("kafka-key-added", D, BOTH,
         "A message now declares a Kafka key: new records are partitioned differently "
         "from old ones, so ordering across the change is not guaranteed.",
         "Roll it out when consumers do not rely on ordering across the change."),
    rule("kafka-topic-changed", B, BOTH,
         "A channel's Kafka topic (its kafka binding's topic) changed.",
         "Keep producing to the old topic (or mirror it) until consumers have moved."),
    rule("kafka-partitions-changed", D, BOTH,
         "A Kafka topic's partition count changed: keys map to other partitions, so "
         "per-key ordering breaks while old records drain.",
         "Change partitions only when consumers can tolerate reordering, or use a new "
         "topic."),
    rule("amqp-exchange-changed", B, BOTH,
         "An AMQP exchange's name or type changed: publishers and queues bound to the old "
         "exchange no longer meet.",
         "Keep the old exchange (bind it to the new one) until every application has "
         "moved."),
    rule("amqp-queue-changed", B, BOTH,
         "An AMQP queue's name changed: consumers read a queue that no longer fills.",
         "Keep the old queue until its consumers have moved."),
    rule("amqp-channel-kind-changed", B, BOTH,
         "An AMQP channel changed between a queue and a routing key (is).",
         "Keep the channel's kind; add a new channel for the other one."),
    rule("amqp-declaration-changed", B, BOTH,
         "An AMQP exchange or queue changed durable, autoDelete, exclusive or vhost: "
         "clients that declare it with the old arguments fail (PRECONDITION_FAILED).",
         "Declare a new exchange or queue with the new arguments instead."),
    rule("mqtt-qos-lowered", B, BOTH,
         "An operation's MQTT QoS was lowered (at-least-once to at-most-once): messages "
         "may now be lost.",
         "Keep the QoS; lower it only where losing messages is acceptable."),
    rule("mqtt-qos-raised", S, BOTH, "An operation's MQTT QoS was raised.",
         "Nothing to do; consumers may see duplicates at QoS 1, so keep them idempotent."),
    rule("mqtt-retain-changed", D, BOTH,
         "An operation's MQTT retain flag changed: new subscribers get (or no longer get) "
         "the last message on connect.",
         "Check that subscribers do not rely on the retained message."),
    rule("binding-added", S, BOTH, "A protocol binding was added.", "Nothing to do.",
         addition=True),
    rule("binding-removed", D, BOTH,
         "A protocol binding was removed from a server, channel, operation or message.",
         "Check that no client relies on the binding's settings."),
    rule("binding-changed", D, BOTH,
         "A field of a protocol binding changed (Kafka groupId, AMQP deliveryMode, ...).",
         "Check that clients configured with the old value still work."),
]

CATALOG = Catalog(RULES)

#: Avro payloads in the two roles: readers of a sent message hold the base schema
#: (the revision writes); the application reads a received one with the revision.
_SENT_AVRO = AvroScope("sent-avro", RESP, revision_reads=False)
_RECEIVED_AVRO = AvroScope("received-avro", REQ, revision_reads=True)
AVRO_SENT = (catalog_for(_SENT_AVRO, docs=False), _SENT_AVRO)
AVRO_RECEIVED = (catalog_for(_RECEIVED_AVRO, docs=False), _RECEIVED_AVRO)


def all_rules() -> list[RuleInfo]:
    """Every rule the kind reports: its own, then the JSON Schema engine's in the two
    roles (``sent-schema-*`` for sent messages, ``received-schema-*`` for received),
    then Avro's (``sent-avro-*``, ``received-avro-*``)."""
    from accord.kinds.asyncapi.schemas import RECEIVED_RULES, SENT_RULES, listed

    return [*CATALOG, *listed(SENT_RULES), *listed(RECEIVED_RULES), *AVRO_SENT[0],
            *AVRO_RECEIVED[0]]
