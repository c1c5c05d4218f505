"""Facts about fields and types that syntax and editions features decide.

proto2 and proto3 fix some behaviour per syntax (field presence, open or closed
enums, UTF-8 checks, JSON support); editions make them ``features`` set on the
file, message, enum or field, the innermost winning. ``resolve`` answers for
both, so a file migrated from proto3 to editions with the same behaviour shows
no change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

# FieldDescriptorProto.Type
DOUBLE, FLOAT, INT64, UINT64, INT32, FIXED64, FIXED32, BOOL, STRING, GROUP, MESSAGE, BYTES, \
    UINT32, ENUM, SFIXED32, SFIXED64, SINT32, SINT64 = range(1, 19)
# FieldDescriptorProto.Label
OPTIONAL, REQUIRED, REPEATED = 1, 2, 3

TYPE_NAMES = {DOUBLE: "double", FLOAT: "float", INT64: "int64", UINT64: "uint64",
              INT32: "int32", FIXED64: "fixed64", FIXED32: "fixed32", BOOL: "bool",
              STRING: "string", GROUP: "group", MESSAGE: "message", BYTES: "bytes",
              UINT32: "uint32", ENUM: "enum", SFIXED32: "sfixed32", SFIXED64: "sfixed64",
              SINT32: "sint32", SINT64: "sint64"}

#: Types that share a binary encoding (a reader of one parses the other). An enum is
#: a varint too, but only the values it declares read back as themselves (a closed
#: enum keeps the others as unknown fields), so it shares no group; and string and
#: bytes share one only in the direction string to bytes (bytes need not be UTF-8).
_WIRE_GROUPS = [frozenset({INT32, UINT32, INT64, UINT64, BOOL}),
                frozenset({SINT32, SINT64}), frozenset({FIXED32, SFIXED32}),
                frozenset({FIXED64, SFIXED64})]
#: Pairs that also share their JSON form (both numbers, or both decimal strings).
_JSON_PAIRS = {frozenset({INT32, UINT32}), frozenset({INT64, UINT64}),
               frozenset({FIXED32, SFIXED32}), frozenset({FIXED64, SFIXED64})}

#: Finds an enum's descriptor by its full name (None when it is not compiled).
EnumLookup = Callable[[str], "Any | None"]

# FeatureSet values (descriptor.proto).
_PRESENCE = {1: "explicit", 2: "implicit", 3: "required"}
_ENUM_TYPE = {1: "open", 2: "closed"}
_UTF8 = {2: "verify", 3: "none"}
_JSON_FORMAT = {1: "allow", 2: "legacy-best-effort"}
_ENCODING = {1: "length-prefixed", 2: "delimited"}
_SYNTAX_DEFAULTS = {
    "proto2": {"field_presence": "explicit", "enum_type": "closed", "utf8_validation": "none",
               "json_format": "legacy-best-effort", "message_encoding": "length-prefixed"},
    "proto3": {"field_presence": "implicit", "enum_type": "open", "utf8_validation": "verify",
               "json_format": "allow", "message_encoding": "length-prefixed"},
    "editions": {"field_presence": "explicit", "enum_type": "open", "utf8_validation": "verify",
                 "json_format": "allow", "message_encoding": "length-prefixed"},
}
_FEATURE_VALUES = {"field_presence": _PRESENCE, "enum_type": _ENUM_TYPE,
                   "utf8_validation": _UTF8, "json_format": _JSON_FORMAT,
                   "message_encoding": _ENCODING}


def syntax_of(fdp: Any) -> str:
    return fdp.syntax if fdp.syntax in ("proto3", "editions") else "proto2"


def resolve(feature: str, fdp: Any, scopes: Sequence[Any]) -> str:
    """The value of ``feature`` for the innermost of ``scopes`` (descriptors from the
    outermost message down to the element), falling back to the file and the
    syntax's default."""
    values = _FEATURE_VALUES[feature]
    for scope in reversed(scopes):
        found = _explicit(scope.options, feature, values)
        if found is not None:
            return found
    found = _explicit(fdp.options, feature, values)
    if found is not None:
        return found
    return _SYNTAX_DEFAULTS[syntax_of(fdp)][feature]


def _explicit(options: Any, feature: str, values: dict[int, str]) -> str | None:
    if not options.HasField("features"):
        return None
    features = options.features
    if not features.HasField(feature):
        return None
    return values.get(getattr(features, feature))


def presence(field: Any, fdp: Any, scopes: Sequence[Any]) -> str:
    """``repeated``, ``required``, ``explicit`` or ``implicit``."""
    if field.label == REPEATED:
        return "repeated"
    if field.label == REQUIRED:
        return "required"
    if syntax_of(fdp) == "proto2":
        return "explicit"
    if field.type in (MESSAGE, GROUP) or field.HasField("oneof_index"):
        return "explicit"
    if syntax_of(fdp) == "proto3":
        return "explicit" if field.proto3_optional else "implicit"
    return str(resolve("field_presence", fdp, [*scopes, field]))


def type_label(field: Any) -> str:
    if field.type in (MESSAGE, ENUM, GROUP):
        return str(field.type_name).lstrip(".")
    return TYPE_NAMES.get(field.type, str(field.type))


def wire_type(field: Any, fdp: Any, scopes: Sequence[Any]) -> int:
    """The field's type as it is encoded: a message field with
    ``features.message_encoding = DELIMITED`` is written as a group."""
    if field.type == MESSAGE and syntax_of(fdp) == "editions" \
            and resolve("message_encoding", fdp, [*scopes, field]) == "delimited":
        return GROUP
    return int(field.type)


def type_change(old: Any, new: Any, old_type: int | None = None,
                new_type: int | None = None, *,
                enums: tuple[EnumLookup, EnumLookup]) -> str | None:
    """None when the types are the same; else the rule for the change:
    ``field-type-changed`` (another binary encoding), ``...-json-incompatible``
    (same binary encoding, another JSON form), ``...-wire-compatible`` (both kept).
    ``*_type``: the encoded types (:func:`wire_type`) when they differ from the
    declared ones; ``enums``: find an enum by full name in the base and the revision."""
    before = old.type if old_type is None else old_type
    after = new.type if new_type is None else new_type
    if before == after and old.type_name == new.type_name:
        return None
    if before in (MESSAGE, GROUP) or after in (MESSAGE, GROUP):
        return "field-type-changed"
    if old.type == new.type == ENUM:
        was = enums[0](old.type_name.lstrip("."))
        now = enums[1](new.type_name.lstrip("."))
        return "field-type-changed-wire-compatible" if same_enum(was, now) \
            else "field-type-changed"
    if old.type == STRING and new.type == BYTES:
        return "field-type-changed-json-incompatible"
    if not any(old.type in g and new.type in g for g in _WIRE_GROUPS):
        return "field-type-changed"
    if frozenset({old.type, new.type}) in _JSON_PAIRS:
        return "field-type-changed-wire-compatible"
    return "field-type-changed-json-incompatible"


def same_enum(old: Any | None, new: Any | None) -> bool:
    """Whether enum ``new`` reads what ``old`` wrote, in binary and JSON: the same
    short name (an enum moved to another package or scope) and every old value kept
    with its number (values may be added)."""
    if old is None or new is None or old.name != new.name:
        return False
    kept = {(v.name, v.number) for v in new.value}
    return all((v.name, v.number) in kept for v in old.value)


def file_syntax(fdp: Any) -> str:
    """``proto2``, ``proto3`` or ``edition 2023`` (as written)."""
    syntax = syntax_of(fdp)
    if syntax != "editions":
        return syntax
    from google.protobuf.descriptor_pb2 import Edition

    name = Edition.Name(fdp.edition) if fdp.edition in Edition.values() else str(fdp.edition)
    return "edition " + name.removeprefix("EDITION_").lower()
