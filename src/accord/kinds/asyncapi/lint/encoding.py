"""Encoding: how to decode a message is declared, not guessed.

A message's content type is its own ``contentType`` or the document's
``defaultContentType``. Its schema format is ``schemaFormat`` (AsyncAPI 2.x: on the
message; 3.0: a multi-format schema object as the payload); without one, the AsyncAPI
schema format is meant, which registries and code generators then have to assume.
"""

from __future__ import annotations

from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.asyncapi.lint.base import label, rule, where
from accord.kinds.asyncapi.model import AsyncAPIModel
from accord.lint.rule import Hit, LintOptions


@rule("content-type-declared", Severity.WARN,
      "Every message has a content type: its own contentType, or the document's "
      "defaultContentType. Consumers pick their deserializer by it (JSON, Avro, "
      "Protobuf, CloudEvents).",
      "add defaultContentType: application/json at the top of the document, or "
      "contentType on the message")
def content_type(model: AsyncAPIModel, options: LintOptions) -> Iterator[Hit]:
    for message in model.messages:
        if message.content_type is None:
            yield Hit(f"{label(message)} has no content type, and the document has no "
                      "defaultContentType", where(message))


@rule("schema-format-declared", Severity.INFO,
      "Every message payload declares its schema format (schemaFormat): schema "
      "registries and code generators need to know which schema language they read "
      "rather than assume the AsyncAPI default.",
      "declare the format, e.g. schemaFormat: application/schema+json;version=draft-07 "
      "(AsyncAPI 2.x: on the message; 3.0: payload: {schemaFormat: ..., schema: ...})",
      recommended=False)
def schema_format(model: AsyncAPIModel, options: LintOptions) -> Iterator[Hit]:
    for message in model.messages:
        payload = message.payload
        if payload is not None and payload.declared_format is None:
            yield Hit(f"the payload of {label(message)} does not declare its schema format",
                      payload.where.location)
