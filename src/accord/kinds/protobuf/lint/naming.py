"""Naming: the Protobuf style guide's casing, which every code generator relies on to
produce idiomatic names (``display_name`` becomes ``displayName`` in JSON and Java,
``DisplayName`` in Go and C#).

Fields and oneofs are lower_snake_case; messages, enums, services and RPCs UpperCamelCase;
enum values UPPER_SNAKE_CASE; service names end in ``Service``.
"""

from __future__ import annotations

from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.protobuf.lint.base import (
    LOWER_SNAKE,
    NAME,
    UPPER_CAMEL,
    UPPER_SNAKE,
    hit,
    is_group,
    lower_snake,
    of_kind,
    rule,
    upper_camel,
    upper_snake,
)
from accord.kinds.protobuf.model import ProtoModel
from accord.lint.rule import Hit, LintOptions


@rule("field-name-lower-snake", Severity.WARN,
      "Field and oneof names are lower_snake_case (display_name): code generators derive "
      "each language's accessor and the JSON name (displayName) from it, and a name in "
      "another casing comes out mangled or inconsistent.",
      "rename the field to lower_snake_case; the JSON name follows (or is set with "
      "json_name during a migration)")
def field_names(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    for node in of_kind(model, "field", "oneof"):
        if is_group(node) or LOWER_SNAKE.match(node.name):
            continue
        yield hit(model, node, f"{node.label()} is not lower_snake_case", NAME,
                  hint=f"Rename it to {lower_snake(node.name)}.")


def _upper_camel(model: ProtoModel, kind: str) -> Iterator[Hit]:
    for node in of_kind(model, kind):
        if not UPPER_CAMEL.match(node.name):
            yield hit(model, node, f"{node.label()} is not UpperCamelCase", NAME,
                      hint=f"Rename it to {upper_camel(node.name)}.")


@rule("message-name-upper-camel", Severity.WARN,
      "Message names are UpperCamelCase (InvoiceLine): generated classes and types use "
      "the name as it is written.",
      "rename the message to UpperCamelCase")
def message_names(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    return _upper_camel(model, "message")


@rule("enum-name-upper-camel", Severity.WARN,
      "Enum names are UpperCamelCase (PaymentState): generated types use the name as it "
      "is written, and the values' UPPER_SNAKE_CASE prefix is derived from it.",
      "rename the enum to UpperCamelCase")
def enum_names(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    return _upper_camel(model, "enum")


@rule("enum-value-upper-snake", Severity.WARN,
      "Enum value names are UPPER_SNAKE_CASE (PAYMENT_STATE_SETTLED), the constant style "
      "of every generated language.",
      "rename the value to UPPER_SNAKE_CASE")
def enum_value_names(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    for node in of_kind(model, "enum value"):
        if not UPPER_SNAKE.match(node.name):
            yield hit(model, node, f"{node.label()} is not UPPER_SNAKE_CASE", NAME,
                      hint=f"Rename it to {upper_snake(node.name)}.")


@rule("service-name-upper-camel", Severity.WARN,
      "Service names are UpperCamelCase (InvoiceService): generated clients and server "
      "stubs are named after the service.",
      "rename the service to UpperCamelCase")
def service_names(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    return _upper_camel(model, "service")


@rule("rpc-name-upper-camel", Severity.WARN,
      "RPC names are UpperCamelCase verbs and objects (CreateInvoice): generated methods "
      "and the gRPC path (/billing.v1.InvoiceService/CreateInvoice) use them.",
      "rename the RPC to UpperCamelCase")
def rpc_names(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    return _upper_camel(model, "rpc")


@rule("service-name-suffix", Severity.WARN,
      "Service names end in Service (InvoiceService): the generated client and server "
      "types are then recognisable next to the messages (Invoice, InvoiceServiceClient).",
      "rename the service to <Name>Service")
def service_suffix(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    for node in of_kind(model, "service"):
        if not node.name.endswith("Service"):
            yield hit(model, node, f"{node.label()} does not end in Service", NAME,
                      hint=f"Rename it to {node.name}Service.")
