"""The event-contract lint rules: the clean contract passes every rule, and each rule
fires on a mutation of it (at the element it names) and accepts the alternatives it
documents."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.core import Finding
from accord.kinds.asyncapi.lint.naming import is_past, tense_words
from accord.lint import RECOMMENDED, LintRun
from tests.kinds.asyncapi.support import FIXTURES, findings

CLEAN = FIXTURES / "lint" / "clean.yaml"
Spec = dict[str, Any]
Mutation = Callable[[Spec], object]


def clean() -> Spec:
    data: Spec = yaml.safe_load(CLEAN.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def lint_spec(tmp_path: Path, spec: Spec, rule: str | None = None,
              run: LintRun | None = None) -> list[Finding]:
    return findings(tmp_path, yaml.safe_dump(spec, sort_keys=False), rule, run)


def pointers(tmp_path: Path, mutate: Mutation, rule: str) -> list[str]:
    """The pointers ``rule`` reports on the clean contract changed by ``mutate``; each
    finding also has a line, so it points into the file."""
    spec = clean()
    mutate(spec)
    found = lint_spec(tmp_path, spec, rule)
    assert all(f.location.line is not None and f.location.file for f in found)
    return [f.location.pointer for f in found]


def messages(spec: Spec) -> Spec:
    found: Spec = spec["components"]["messages"]
    return found


def payload(spec: Spec, name: str) -> Spec:
    """The schema of a message's payload (under its multi-format schema object)."""
    found: Spec = messages(spec)[name]["payload"]["schema"]
    return found


def data(spec: Spec, name: str) -> Spec:
    found: Spec = payload(spec, name)["allOf"][1]["properties"]["data"]["properties"]
    return found


PLACED = "/components/messages/OrderPlaced"
UPDATED = "/components/messages/OrderUpdated"


def test_the_clean_contract_passes_every_rule(tmp_path: Path) -> None:
    assert lint_spec(tmp_path, clean()) == []


def test_the_corpus_rules_run_in_the_recommended_ruleset(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        del messages(spec)["OrderPlaced"]["payload"]["schemaFormat"]

    spec = clean()
    mutate(spec)
    strict = {f.rule for f in lint_spec(tmp_path, spec)}
    recommended = {f.rule for f in lint_spec(tmp_path, spec, run=LintRun(ruleset=RECOMMENDED))}
    # schema-format-declared is strict-only: the AsyncAPI default is well defined.
    assert "schema-format-declared" in strict and "schema-format-declared" not in recommended


# --- naming ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "user.created", "InvoiceVoided", "UserSignedUp", "OrderPlacedEventV2", "payment.sent",
    "memberJoinedChannel", "order_shipped", "file.written", "orders.placed.v1"])
def test_past_tense_names(name: str) -> None:
    assert any(is_past(word) for word in tense_words(name)), name


@pytest.mark.parametrize("name", [
    "createUser", "user.create", "OrderShipping", "turnOnOff", "user.update", "ProcessFeed",
    "speed.exceed"])
def test_names_that_are_not_past_tense(name: str) -> None:
    assert not any(is_past(word) for word in tense_words(name)), name


def test_event_name_past_tense(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        messages(spec)["OrderPlaced"]["name"] = "placeOrder"
        messages(spec)["CancelOrderCommand"]["name"] = "cancelOrder"  # still a command key

    spec = clean()
    mutate(spec)
    found = lint_spec(tmp_path, spec, "event-name-past-tense")
    assert [(f.location.pointer, f.message) for f in found] == [
        (f"{PLACED}/name", "message 'OrderPlaced' is named 'placeOrder', which is not in the "
         "past tense")]
    lines = (tmp_path / "events.yaml").read_text().splitlines()
    assert lines[found[0].location.line - 1].strip() == "name: placeOrder"  # type: ignore[operator]


def test_requests_and_replies_are_not_events(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        spec["channels"]["cancelled"] = {"address": "orders.cancelled", "messages": {
            "Ack": {"name": "ackCancel", "payload": {"schemaFormat": "application/schema+json"
                                                     ";version=draft-07",
                                                     "schema": {"type": "object"}}}}}
        spec["operations"]["onCancelOrder"]["reply"] = {
            "channel": {"$ref": "#/channels/cancelled"}}
        messages(spec)["CancelOrderCommand"]["name"] = "cancelOrder"

    assert pointers(tmp_path, mutate, "event-name-past-tense") == []
    assert pointers(tmp_path, mutate, "envelope-event-id") == []


def test_updated_events_say_what_changed(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        del data(spec, "OrderUpdated")["changed_fields"]

    assert pointers(tmp_path, mutate, "updated-event-says-what-changed") == [UPDATED]

    def previous(spec: Spec) -> None:  # the old values say what changed too
        mutate(spec)
        data(spec, "OrderUpdated")["previous"] = {"type": "object"}

    assert pointers(tmp_path, previous, "updated-event-says-what-changed") == []

    def described(spec: Spec) -> None:
        mutate(spec)
        messages(spec)["OrderUpdated"]["description"] = "Sent when the order_id is reassigned."

    assert pointers(tmp_path, described, "updated-event-says-what-changed") == []

    def vague(spec: Spec) -> None:
        mutate(spec)
        messages(spec)["OrderUpdated"]["description"] = "Sent when an order was updated."

    assert pointers(tmp_path, vague, "updated-event-says-what-changed") == [UPDATED]


# --- the envelope ------------------------------------------------------------------------

ENVELOPE_RULES = ["envelope-event-id", "envelope-occurred-at", "envelope-schema-version",
                  "envelope-correlation-id", "envelope-causation-id", "envelope-subject",
                  "envelope-producer"]


def _bare(spec: Spec) -> None:
    """OrderPlaced without its envelope: only its data."""
    payload(spec, "OrderPlaced")["allOf"].pop(0)
    del messages(spec)["OrderPlaced"]["examples"]


def test_every_envelope_field_is_a_rule(tmp_path: Path) -> None:
    spec = clean()
    _bare(spec)
    found = [f for f in lint_spec(tmp_path, spec) if f.rule.startswith("envelope-")]
    assert sorted(f.rule for f in found) == sorted(ENVELOPE_RULES)
    assert {f.location.pointer for f in found} == {PLACED}
    by_rule = {f.rule: f.message for f in found}
    assert by_rule["envelope-event-id"] == "message 'OrderPlaced' carries no unique event id"
    assert by_rule["envelope-occurred-at"] == "message 'OrderPlaced' carries no time it occurred"


@pytest.mark.parametrize("fields", [
    # CloudEvents attributes, in the payload (structured mode)...
    {"id": "string", "source": "string", "specversion": "string", "type": "string"},
    # ...or as Kafka headers (binary mode) with their ce_ prefix.
    {"ce_id": "string", "ce_source": "string", "ce_specversion": "string", "ce_type": "string"},
])
def test_a_cloudevents_envelope_satisfies_every_envelope_rule(
        tmp_path: Path, fields: dict[str, str]) -> None:
    spec = clean()
    _bare(spec)
    holder = "headers" if "ce_id" in fields else None
    props = {name: {"type": kind} for name, kind in fields.items()}
    if holder:
        messages(spec)["OrderPlaced"]["headers"]["properties"].update(props)
    else:
        payload(spec, "OrderPlaced")["allOf"][0]["properties"].update(props)
    assert [f.rule for f in lint_spec(tmp_path, spec) if f.rule.startswith("envelope-")] == []


def test_the_cloudevents_content_type_satisfies_the_envelope(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        _bare(spec)
        messages(spec)["OrderPlaced"]["contentType"] = "application/cloudevents+json"

    for rule in ENVELOPE_RULES:
        assert pointers(tmp_path, mutate, rule) == []


def test_envelope_spellings_and_places(tmp_path: Path) -> None:
    """camelCase, an envelope object (metadata), headers, and the message's own
    correlationId all count."""
    def mutate(spec: Spec) -> None:
        _bare(spec)
        payload(spec, "OrderPlaced")["allOf"][0]["properties"]["metadata"] = {
            "type": "object", "properties": {
                "eventId": {"type": "string"}, "occurredAt": {"type": "string"},
                "schemaVersion": {"type": "string"}, "causedBy": {"type": "string"},
                "aggregateId": {"type": "string"}}}
        messages(spec)["OrderPlaced"]["headers"]["properties"]["Producer"] = {"type": "string"}
        messages(spec)["OrderPlaced"]["correlationId"] = {
            "location": "$message.header#/traceparent"}

    for rule in ENVELOPE_RULES:
        assert pointers(tmp_path, mutate, rule) == [], rule


def test_avro_payloads_are_not_judged_by_their_fields(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        messages(spec)["OrderPlaced"]["payload"] = {
            "schemaFormat": "application/vnd.apache.avro;version=1.9.0",
            "schema": {"type": "record", "name": "Order", "fields": []}}
        del messages(spec)["OrderPlaced"]["examples"]

    spec = clean()
    mutate(spec)
    assert lint_spec(tmp_path, spec) == []


# --- delivery ---------------------------------------------------------------------------


def test_ordering_key_documented(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        del messages(spec)["OrderPlaced"]["bindings"]

    assert pointers(tmp_path, mutate, "ordering-key-documented") == [PLACED]

    def described(spec: Spec) -> None:
        mutate(spec)
        spec["channels"]["orderPlaced"]["description"] = "Partitioned by order id."

    assert pointers(tmp_path, described, "ordering-key-documented") == []

    def extension(spec: Spec) -> None:
        mutate(spec)
        spec["operations"]["publishOrderPlaced"]["x-partition-key"] = "order_id"

    assert pointers(tmp_path, extension, "ordering-key-documented") == []

    def sequenced(spec: Spec) -> None:
        mutate(spec)
        payload(spec, "OrderPlaced")["allOf"][1]["properties"]["sequence"] = {
            "type": "integer"}

    assert pointers(tmp_path, sequenced, "ordering-key-documented") == []


def test_duplicates_handled(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        del payload(spec, "OrderPlaced")["allOf"][0]  # the envelope, with event_id
        del messages(spec)["OrderPlaced"]["examples"]

    assert pointers(tmp_path, mutate, "duplicates-handled") == [PLACED]

    def described(spec: Spec) -> None:
        mutate(spec)
        messages(spec)["OrderPlaced"]["description"] = "Consumers must process it idempotently."

    assert pointers(tmp_path, described, "duplicates-handled") == []

    def exactly_once(spec: Spec) -> None:
        mutate(spec)
        spec["operations"]["publishOrderPlaced"]["bindings"] = {"mqtt": {"qos": 2}}

    assert pointers(tmp_path, exactly_once, "duplicates-handled") == []


# --- schemas ---------------------------------------------------------------------------


def test_payload_typed(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        data(spec, "OrderPlaced")["note"] = {"description": "free text"}
        data(spec, "OrderPlaced")["tags"] = {"type": "array", "items": {}}
        del messages(spec)["CancelOrderCommand"]["payload"]

    spec = clean()
    mutate(spec)
    found = lint_spec(tmp_path, spec, "payload-typed")
    assert sorted((f.location.pointer, f.message) for f in found) == sorted([
        ("/components/messages/CancelOrderCommand",
         "message 'CancelOrderCommand' has no payload schema"),
        (f"{PLACED}/payload/schema/allOf/1/properties/data/properties/note",
         "payload field 'data.note' of message 'OrderPlaced' has no type"),
        (f"{PLACED}/payload/schema/allOf/1/properties/data/properties/tags/items",
         "payload field 'data.tags[]' of message 'OrderPlaced' has no type"),
    ])


def test_payload_typed_accepts_enums_consts_refs_and_compositions(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        props = data(spec, "OrderPlaced")
        props["status"] = {"enum": ["new", "paid"]}
        props["kind"] = {"const": "order"}
        props["envelope"] = {"$ref": "#/components/schemas/Envelope"}
        props["amount"] = {"oneOf": [{"type": "number"}, {"type": "string"}]}

    assert pointers(tmp_path, mutate, "payload-typed") == []
    untyped_root = pointers(tmp_path, lambda s: messages(s)["CancelOrderCommand"]["payload"]
                            .update(schema={}), "payload-typed")
    assert untyped_root == ["/components/messages/CancelOrderCommand/payload/schema"]


def test_headers_typed(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        headers = messages(spec)["OrderPlaced"]["headers"]
        del headers["type"]
        headers["properties"]["retries"] = {"minimum": 0}

    assert sorted(pointers(tmp_path, mutate, "headers-typed")) == [
        f"{PLACED}/headers", f"{PLACED}/headers/properties/retries"]


def test_examples_valid(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        example = messages(spec)["OrderPlaced"]["examples"][0]
        example["payload"]["data"]["total"] = "twelve"
        example["headers"]["traceparent"] = 7
        data(spec, "OrderPlaced")["total"]["examples"] = [12.5, "a lot"]

    spec = clean()
    mutate(spec)
    found = lint_spec(tmp_path, spec, "examples-valid")
    assert sorted((f.location.pointer, f.message) for f in found) == sorted([
        (f"{PLACED}/examples/0/payload", "the example does not match its schema: 'twelve' is "
         "not of type 'number' (at $.data.total)"),
        (f"{PLACED}/examples/0/headers", "the example does not match its schema: 7 is not of "
         "type 'string' (at $.traceparent)"),
        (f"{PLACED}/payload/schema/allOf/1/properties/data/properties/total/examples/1",
         "the example does not match its schema: 'a lot' is not of type 'number'"),
    ])


def test_examples_of_a_v2_document(tmp_path: Path) -> None:
    text = """
    asyncapi: '2.4.0'
    info: {title: x, version: '1'}
    channels:
      user/signedup:
        subscribe:
          message:
            name: user.signedup
            payload: {type: object, properties: {age: {type: integer, minimum: 0}}}
            examples:
              - payload: {age: -1}
              - payload: {age: 3}
    """
    found = findings(tmp_path, text, "examples-valid")
    assert [f.location.pointer for f in found] == [
        "/channels/user~1signedup/subscribe/message/examples/0/payload"]
    assert found[0].message.endswith("-1 is less than the minimum of 0 (at $.age)")


# --- encoding ---------------------------------------------------------------------------


def test_content_type_declared(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        del spec["defaultContentType"]
        messages(spec)["OrderUpdated"]["contentType"] = "application/json"

    assert sorted(pointers(tmp_path, mutate, "content-type-declared")) == [
        "/components/messages/CancelOrderCommand", PLACED]


def test_schema_format_declared(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        messages(spec)["CancelOrderCommand"]["payload"] = {"type": "object"}

    assert pointers(tmp_path, mutate, "schema-format-declared") == [
        "/components/messages/CancelOrderCommand/payload"]
    text = """
    asyncapi: '2.6.0'
    info: {title: x, version: '1'}
    defaultContentType: application/json
    channels:
      a:
        subscribe:
          message:
            schemaFormat: application/schema+json;version=draft-07
            payload: {type: string}
    """
    assert findings(tmp_path, text, "schema-format-declared") == []


# --- structure and suppressions ------------------------------------------------------------


def test_structure_problems_are_findings(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        spec["operations"]["broken"] = {"action": "emit",
                                        "channel": {"$ref": "#/channels/orderPlaced"}}

    spec = clean()
    mutate(spec)
    found = lint_spec(tmp_path, spec, "asyncapi-structure")
    assert [(f.location.pointer, f.severity.value) for f in found] == [
        ("/operations/broken/action", "error")]
    assert "must be 'send' or 'receive'" in found[0].message


def test_a_finding_is_suppressed_with_a_reason(tmp_path: Path) -> None:
    def mutate(spec: Spec) -> None:
        message = messages(spec)["OrderPlaced"]
        message["name"] = "placeOrder"
        message["x-accord-ignore"] = [{"rule": "event-name-past-tense",
                                       "reason": "published before the naming rules"}]

    assert pointers(tmp_path, mutate, "event-name-past-tense") == []


@pytest.mark.parametrize(("pointer", "value"), [
    (("components", "schemas", "Envelope", "properties"), [1]),
    (("components", "schemas", "Envelope", "properties", "event_id", "type"), "uuid"),
    (("components", "schemas", "Envelope", "properties", "producer"), {"$ref": "http://x/y"}),
    (("components", "messages", "OrderPlaced", "examples"), {"payload": 1}),
    (("components", "messages", "OrderPlaced", "bindings", "kafka"), "key"),
    (("channels", "orderPlaced", "messages"), [1]),
])
def test_malformed_elements_do_not_stop_the_other_rules(
        tmp_path: Path, pointer: tuple[str, ...], value: Any) -> None:
    """Schemas the validator cannot use, examples that are not a list, bindings that are
    not mappings: linted as far as possible, never a crash."""
    spec = clean()
    holder = spec
    for key in pointer[:-1]:
        holder = holder[key]
    holder[pointer[-1]] = value
    found = lint_spec(tmp_path, spec)
    assert all(f.location.line for f in found)
    assert {f.rule for f in found} - set(ENVELOPE_RULES) <= {
        "asyncapi-structure", "payload-typed", "examples-valid", "ordering-key-documented",
        "duplicates-handled"}
