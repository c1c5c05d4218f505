"""Enums: a zero value that means "not set", and values prefixed with the enum's name.

An unset enum field reads as its zero value (proto3, editions) or its first value
(proto2), so that value must not carry a meaning: ``PAYMENT_STATE_UNSPECIFIED = 0``.
Enum values are scoped like siblings of their enum (C++ rules), so two enums of one
package cannot both have ``ACTIVE``; the ``PAYMENT_STATE_`` prefix keeps them apart
and keeps the value's meaning clear where it appears alone (logs, JSON).
"""

from __future__ import annotations

from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.protobuf.lint.base import NAME, Node, hit, of_kind, rule, upper_snake
from accord.kinds.protobuf.model import ENUM_VALUE, ProtoModel
from accord.lint.rule import Hit, LintOptions


def unspecified(enum: Node) -> str:
    return f"{upper_snake(enum.name)}_UNSPECIFIED"


def _zero_ok(enum: Node) -> bool:
    return any(v.number == 0 and v.name == unspecified(enum) for v in enum.proto.value)


@rule("enum-zero-value-unspecified", Severity.WARN,
      "An enum's zero value is named <ENUM_NAME>_UNSPECIFIED (PAYMENT_STATE_UNSPECIFIED "
      "= 0) and means only \"not set\": an unset field reads as the zero value, so a "
      "meaningful zero value (ACTIVE = 0) cannot be told apart from a client that never "
      "set the field. A proto2 enum without a zero value defaults to its first value, "
      "which has the same problem.",
      "add <ENUM_NAME>_UNSPECIFIED = 0 as the first value and renumber or rename the "
      "value that held 0 (in a published enum: add the new value and deprecate the old)")
def zero_value(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    for enum in of_kind(model, "enum"):
        if _zero_ok(enum):
            continue
        want = unspecified(enum)
        zeros = [i for i, v in enumerate(enum.proto.value) if v.number == 0]
        if not zeros:
            yield hit(model, enum, f"{enum.label()} has no zero value, so an unset field "
                      f"reads as {enum.proto.value[0].name}", NAME,
                      hint=f"Add {want} = 0 as the first value.")
            continue
        value = enum.proto.value[zeros[0]]
        yield Hit(f"the zero value of {enum.label()} is {value.name}, not {want}",
                  model.location(enum.file, (*enum.path, ENUM_VALUE, zeros[0], NAME)),
                  f"Name the zero value {want}.")


@rule("enum-value-prefix", Severity.WARN,
      "Every value of an enum starts with the enum's name in UPPER_SNAKE_CASE "
      "(PaymentState: PAYMENT_STATE_SETTLED): enum values share their enum's parent "
      "scope, so unprefixed names of two enums clash (protoc rejects a second ACTIVE), "
      "and a bare SETTLED is ambiguous in logs and JSON. Google's AIP-126 asks the "
      "prefix of the zero value only; this rule follows buf's ENUM_VALUE_PREFIX.",
      "rename the values to <ENUM_NAME>_<VALUE>")
def prefix(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    for enum in of_kind(model, "enum"):
        want = upper_snake(enum.name) + "_"
        zero_reported = not _zero_ok(enum)
        bare = [v.name for v in enum.proto.value if not v.name.startswith(want)
                and not (zero_reported and v.number == 0)]
        if not bare:
            continue
        shown = ", ".join(bare[:5]) + (", ..." if len(bare) > 5 else "")
        yield hit(model, enum, f"{len(bare)} of {len(enum.proto.value)} values of "
                  f"{enum.label()} do not start with {want}: {shown}", NAME,
                  hint=f"Rename them to {want}<VALUE> ({want}{bare[0]}).")
