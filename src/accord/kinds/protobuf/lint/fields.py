"""Fields: numbers of removed fields stay reserved, reserved names are real names, no
``required`` fields, and errors travel as gRPC status rather than response fields.

Whether a *removed* field's number and name were reserved is only visible in a diff
(``accord diff`` reports it). Lint sees one version, so it checks what one version
shows: a gap in a message's field numbers below its highest number is the trace of a
removed field (or a deliberate hole) and should be reserved either way; and reserved
names must be spelled as the fields they guard. Enum numbers are often meaningful
(codes), so their gaps are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from accord.core.finding import Severity
from accord.kinds.protobuf.lint.base import (
    FEATURE_LEGACY_REQUIRED,
    FIELD_LABEL_REQUIRED,
    IDENTIFIER,
    LOWER_SNAKE,
    NAME,
    UPPER_SNAKE,
    Node,
    full,
    hit,
    lower_snake,
    of_kind,
    rule,
    short,
    upper_snake,
)
from accord.kinds.protobuf.model import (
    ENUM_RESERVED_NAME,
    MESSAGE_FIELD,
    MESSAGE_RESERVED_NAME,
    ProtoModel,
)
from accord.lint.rule import Hit, LintOptions


def gaps(message: Any) -> list[tuple[int, int]]:
    """Inclusive ranges of numbers below the highest field number of ``message`` (a
    DescriptorProto) that no field, reserved range or extension range covers."""
    numbers = {f.number for f in message.field}
    if not numbers:
        return []
    taken = [(n, n + 1) for n in numbers]
    taken += [(r.start, r.end) for r in message.reserved_range]
    taken += [(r.start, r.end) for r in message.extension_range]
    out: list[tuple[int, int]] = []
    expected = 1
    top = max(numbers)
    for start, end in sorted(taken):
        if start > expected:
            out.append((expected, min(start, top) - 1))
        expected = max(expected, end)
        if expected > top:
            break
    return out


def _ranges(found: list[tuple[int, int]]) -> str:
    return ", ".join(str(a) if a == b else f"{a} to {b}" for a, b in found)


@rule("field-numbers-reserved", Severity.WARN,
      "A message whose field numbers have gaps below its highest number reserves them "
      "(reserved 3, 5 to 7;): a gap is usually a removed field, and a new field that "
      "reuses its number is read as the old one by every client still running old code "
      "- silently corrupting data. Deliberate holes are cheap to reserve too.",
      "reserve the missing numbers (and the removed fields' names): `reserved 3; "
      "reserved \"old_name\";`", recommended=False)
def numbers_reserved(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    for message in of_kind(model, "message"):
        found = gaps(message.proto)
        if found:
            text = _ranges(found)
            yield hit(model, message, f"{message.label()} leaves field numbers {text} "
                      "unused and not reserved", NAME, hint=f"Add `reserved {text};` (and "
                      "reserve the names of the fields that had these numbers).")


@rule("reserved-names-valid", Severity.WARN,
      "Reserved names are spelled as the names they guard: lower_snake_case in messages, "
      "UPPER_SNAKE_CASE in enums. A reserved name is compared exactly, so \"FooBar\" or "
      "\"foo bar\" (protoc only warns about the latter) reserves nothing a field or value "
      "of the right style could be named.",
      "spell the reserved name as the removed field or value was (reserved \"foo_bar\";)")
def reserved_names(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    for node in of_kind(model, "message", "enum"):
        is_message = node.kind == "message"
        pattern, part = ((LOWER_SNAKE, MESSAGE_RESERVED_NAME) if is_message
                         else (UPPER_SNAKE, ENUM_RESERVED_NAME))
        fix = lower_snake if is_message else upper_snake
        for i, name in enumerate(node.proto.reserved_name):
            if not IDENTIFIER.match(name):
                problem = "is not a valid identifier"
            elif not pattern.match(name):
                problem = "is not " + ("lower_snake_case" if is_message else
                                       "UPPER_SNAKE_CASE")
            else:
                continue
            yield Hit(f"reserved name '{name}' of {node.label()} {problem}",
                      model.location(node.file, (*node.path, part, i)),
                      f"Reserve {fix(name.replace(' ', '_'))!r} instead.")


def _required(model: ProtoModel, field: Node) -> bool:
    if field.proto.label == FIELD_LABEL_REQUIRED:
        return True
    # Editions: LEGACY_REQUIRED on the field, or inherited from a message or the file.
    scopes: list[Any] = []
    node: Node | None = field
    while node is not None:
        scopes.append(node.proto)
        node = node.parent
    scopes.append(model.files[field.file])
    for proto in scopes:
        options = proto.options
        if options.HasField("features") and options.features.HasField("field_presence"):
            return bool(options.features.field_presence == FEATURE_LEGACY_REQUIRED)
    return False


@rule("field-not-required", Severity.WARN,
      "No field is required (proto2 `required`, editions LEGACY_REQUIRED): a required "
      "field can never be removed or made optional without breaking every reader that "
      "still checks it, and a parser rejects a whole message for missing it. proto3 "
      "dropped required for this reason; validate presence in the service instead.",
      "make the field optional and validate its presence in the service (and document "
      "it as required in its comment)")
def not_required(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    for field in of_kind(model, "field"):
        if _required(model, field):
            yield hit(model, field, f"{field.label()} is required", NAME)


STATUS = "google.rpc.Status"
#: Field names that report an outcome inside a response.
_OUTCOME = frozenset({"success", "succeeded", "successful", "ok", "failed", "failure",
                      "error", "errors", "err", "error_code", "error_message", "error_msg",
                      "error_details", "error_description"})


@rule("errors-as-status", Severity.WARN,
      "RPCs report failure with a gRPC status code and google.rpc error details "
      "(AIP-193), not with fields of the response (success, error, error_code, ...): "
      "clients, retry policies, proxies and monitoring all act on the status, and a "
      "failed call that returns OK is counted, cached and retried as a success. A "
      "google.rpc.Status field (per-item results of a batch) is accepted.",
      "return an error status (INVALID_ARGUMENT, FAILED_PRECONDITION, ...) with "
      "google.rpc details such as ErrorInfo or BadRequest, and drop the field")
def errors_as_status(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    roots = set(model.roots)
    seen: set[str] = set()
    for rpc in of_kind(model, "rpc"):
        name = full(rpc.proto.output_type)
        message = model.messages.get(name)
        if message is None or message.file not in roots or name in seen:
            continue
        seen.add(name)
        for i, fld in enumerate(message.descriptor.field):
            if fld.name in _OUTCOME and full(fld.type_name) != STATUS:
                yield Hit(f"the response {short(name)} of rpc '{rpc.full_name}' reports "
                          f"its outcome in field '{fld.name}'",
                          model.location(message.file, (*message.path, MESSAGE_FIELD, i)))
