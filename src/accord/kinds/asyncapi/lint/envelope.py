"""The event envelope: every event carries the metadata consumers need to deduplicate,
order, trace and attribute it (DESIGN.md: ``event_id``, ``schema_version``,
``occurred_at``, ``producer``, ``correlation_id``, ``causation_id``, ``subject``).

A field counts wherever the message carries it: a payload or headers property, or a
property of an envelope object among them (``metadata``, ``meta``, ``envelope``,
``context``, ...). Names are compared without case and separators (``event_id``,
``eventId`` and ``Event-ID`` are one name; a ``ce_``/``ce-`` prefix, as CloudEvents'
Kafka and AMQP headers have it, is dropped). A CloudEvents envelope (``id``,
``source``, ``specversion`` and ``type`` together, or the content type
``application/cloudevents+json``) satisfies every envelope rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.asyncapi.formats import media_essence
from accord.kinds.asyncapi.lint.base import events, field_names, label, rule, where
from accord.kinds.asyncapi.model import AsyncAPIModel, Message
from accord.lint.rule import Check, Hit, LintOptions

_CLOUDEVENTS = frozenset({"id", "source", "specversion", "type"})
_CLOUDEVENTS_TYPES = frozenset({"application/cloudevents+json",
                                "application/cloudevents-batch+json"})

#: Accepted names (normalised) for each envelope field, as documented in docs/asyncapi.md.
EVENT_ID = frozenset({"eventid", "id", "messageid", "msgid", "eventuuid"})
OCCURRED_AT = frozenset({"occurredat", "occurredon", "occurred", "eventtime", "time",
                         "timestamp", "ts"})
SCHEMA_VERSION = frozenset({"schemaversion", "eventversion", "version", "specversion",
                            "dataschema", "schemaid", "schemauri"})
CORRELATION_ID = frozenset({"correlationid", "correlation", "conversationid"})
CAUSATION_ID = frozenset({"causationid", "causation", "causedby", "causedbyid"})
SUBJECT = frozenset({"subject", "subjectid", "aggregateid", "aggregate", "entityid",
                     "resourceid", "resource"})
PRODUCER = frozenset({"producer", "producedby", "source", "emitter", "emittedby", "origin",
                      "publisher", "service"})


def cloudevent(model: AsyncAPIModel, message: Message, names: set[str]) -> bool:
    content = message.content_type
    if content is not None and media_essence(content) in _CLOUDEVENTS_TYPES:
        return True
    return names >= _CLOUDEVENTS


def _envelope_rule(rule_id: str, severity: Severity, what: str, accepted: frozenset[str],
                   why: str, example: str, *, correlation_object: bool = False) -> Check:
    shown = ", ".join(sorted(accepted))

    @rule(rule_id, severity,
          f"Every event carries {'the' if what.startswith('time') else 'a'} {what} in its "
          f"payload or headers: {why}. Accepted names "
          f"(any case, with or without _ or -): {shown}; a CloudEvents envelope also "
          "counts.",
          f"add {example} to the payload (or headers, or an envelope object such as "
          "metadata)")
    def check(model: AsyncAPIModel, options: LintOptions) -> Iterator[Hit]:
        for message in events(model):
            names = field_names(model, message)
            if names & accepted or cloudevent(model, message, names):
                continue
            if correlation_object and message.correlation_id is not None:
                continue
            if message.payload is not None and not message.payload.json_schema:
                continue  # an Avro or remote schema: its fields are not visible here
            yield Hit(f"{label(message)} carries no {what}", where(message))

    check.__name__ = rule_id.replace("-", "_")
    return check


_envelope_rule(
    "envelope-event-id", Severity.WARN, "unique event id", EVENT_ID,
    "consumers deduplicate redelivered events by it, and logs and replies refer to it",
    "event_id (a UUID set once by the producer)")
_envelope_rule(
    "envelope-occurred-at", Severity.WARN, "time it occurred", OCCURRED_AT,
    "consumers order, window and expire events by when they happened, not by when they "
    "arrived", "occurred_at (an RFC 3339 date-time)")
_envelope_rule(
    "envelope-schema-version", Severity.WARN, "schema version", SCHEMA_VERSION,
    "consumers pick the right reader while old and new versions are in flight",
    "schema_version (the event schema's version, e.g. 1.2.0)")
_envelope_rule(
    "envelope-correlation-id", Severity.INFO, "correlation id", CORRELATION_ID,
    "it ties together every event and request of one business transaction",
    "correlation_id (or declare the message's correlationId)", correlation_object=True)
_envelope_rule(
    "envelope-causation-id", Severity.INFO, "causation id", CAUSATION_ID,
    "it names the event or command that caused this one, so chains can be traced",
    "causation_id (the id of the message that caused this event)")
_envelope_rule(
    "envelope-subject", Severity.INFO, "subject", SUBJECT,
    "consumers route, partition and filter by the entity the event is about",
    "subject (the id of the entity the event is about)")
_envelope_rule(
    "envelope-producer", Severity.INFO, "producer", PRODUCER,
    "consumers and operators see which application emitted it",
    "producer (the emitting application's name)")

#: The accepted names, for the documentation and the other rules.
ENVELOPE: dict[str, frozenset[str]] = {
    "event id": EVENT_ID, "occurred at": OCCURRED_AT, "schema version": SCHEMA_VERSION,
    "correlation id": CORRELATION_ID, "causation id": CAUSATION_ID, "subject": SUBJECT,
    "producer": PRODUCER,
}

__all__ = ["ENVELOPE", "EVENT_ID"]
