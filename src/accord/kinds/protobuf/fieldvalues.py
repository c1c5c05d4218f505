"""What a field means beyond its type name: its default, and language-specific features.

- A field's default is compared as a value, not as the text protoc keeps: an unset
  default is the type's zero (an enum's first value), ``true`` equals ``1`` when a
  bool became an integer, and an enum default is its number.
- The C++ string representation comes from the legacy ``ctype`` option when it is
  set, else from the ``(pb.cpp).string_type`` feature (field, enclosing messages,
  file), else ``STRING``.
- Java checks UTF-8 when the file option ``java_string_check_utf8`` says so (proto2
  and proto3, or an editions file that sets it) or the ``(pb.java).utf8_validation``
  feature is ``VERIFY`` (editions); otherwise it follows the field's
  ``utf8_validation`` (proto3 and editions verify by default, proto2 does not).

The language features are extensions of ``FeatureSet`` (``pb.cpp`` = 1000,
``pb.java`` = 1001) that the Python runtime does not register, so they are read
from the serialized feature set.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from accord.kinds.protobuf import features as ft

_CPP, _JAVA = 1000, 1001
_CPP_STRING_TYPE, _JAVA_UTF8 = 2, 2
_CTYPE = {0: "STRING", 1: "CORD", 2: "STRING_PIECE"}
_CPP_NAMES = {1: "VIEW", 2: "CORD", 3: "STRING"}
_JAVA_VERIFY = 2
_FLOATS = frozenset({ft.DOUBLE, ft.FLOAT})
_TEXTS = frozenset({ft.STRING, ft.BYTES})

EnumLookup = ft.EnumLookup


# --- defaults ---------------------------------------------------------------------------

def has_default(field: Any) -> bool:
    """Whether a default applies: singular fields of scalar or enum type."""
    return field.label != ft.REPEATED and field.type not in (ft.MESSAGE, ft.GROUP)


def default_of(field: Any, enum_lookup: EnumLookup) -> object:
    """The field's default as a comparable value: a number, or text for strings and
    bytes; the zero of its type when no default is written."""
    written = field.default_value if field.HasField("default_value") else None
    if field.type in _TEXTS:
        return written or ""
    if field.type == ft.ENUM:
        enum = enum_lookup(field.type_name.lstrip("."))
        values = list(enum.value) if enum is not None else []
        if written is None:
            return values[0].number if values else 0
        return next((v.number for v in values if v.name == written), written)
    if written is None:
        return 0
    if field.type == ft.BOOL:
        return 1 if written == "true" else 0
    if field.type in _FLOATS:
        return _float(written)
    try:
        return int(written)
    except ValueError:
        return written


def _float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return 0.0 if value == 0 else value


def same_default(before: object, after: object) -> bool:
    if isinstance(before, float) and isinstance(after, float) and math.isnan(before):
        return math.isnan(after)
    if isinstance(before, str) != isinstance(after, str):
        return not before and not after  # "" and 0 are both "no default"
    return before == after


def shown_default(field: Any) -> str:
    return repr(field.default_value) if field.HasField("default_value") else "(none)"


# --- language features --------------------------------------------------------------

def cpp_string_type(field: Any, fdp: Any, scopes: Sequence[Any]) -> str:
    """``STRING``, ``CORD``, ``VIEW`` or ``STRING_PIECE`` for a string or bytes field."""
    if field.options.HasField("ctype"):
        return _CTYPE.get(field.options.ctype, str(field.options.ctype))
    found = _language_feature([field, *reversed(scopes)], fdp, _CPP, _CPP_STRING_TYPE)
    return _CPP_NAMES.get(found, "STRING") if found is not None else "STRING"


def java_utf8(field: Any, fdp: Any, scopes: Sequence[Any]) -> str:
    """``VERIFY`` or ``NONE``: whether Java checks UTF-8 when parsing a string field."""
    verify = "VERIFY"
    otherwise = ft.resolve("utf8_validation", fdp, [*scopes, field]).upper()
    if ft.syntax_of(fdp) != "editions" or fdp.options.HasField("java_string_check_utf8"):
        return verify if fdp.options.java_string_check_utf8 else otherwise
    found = _language_feature([field, *reversed(scopes)], fdp, _JAVA, _JAVA_UTF8)
    return verify if found == _JAVA_VERIFY else otherwise


def _language_feature(elements: Sequence[Any], fdp: Any, extension: int,
                      number: int) -> int | None:
    for element in [*elements, fdp]:
        options = element.options
        if not options.HasField("features"):
            continue
        found = _varint_in(_submessage(options.features.SerializeToString(), extension),
                           number)
        if found is not None:
            return found
    return None


def _submessage(data: bytes, number: int) -> bytes:
    """The bytes of length-delimited field ``number`` in ``data`` (merged), or b""."""
    out = b""
    for field, wire, value in _fields(data):
        if field == number and wire == 2 and isinstance(value, bytes):
            out += value
    return out


def _varint_in(data: bytes, number: int) -> int | None:
    found = None
    for field, wire, value in _fields(data):
        if field == number and wire == 0 and isinstance(value, int):
            found = value
    return found


def _fields(data: bytes) -> list[tuple[int, int, int | bytes]]:
    out: list[tuple[int, int, int | bytes]] = []
    i = 0
    try:
        while i < len(data):
            key, i = _varint(data, i)
            field, wire = key >> 3, key & 7
            if wire == 0:
                value, i = _varint(data, i)
                out.append((field, wire, value))
            elif wire == 2:
                size, i = _varint(data, i)
                out.append((field, wire, data[i:i + size]))
                i += size
            elif wire in (1, 5):
                i += 8 if wire == 1 else 4
            else:
                break
    except IndexError:
        pass
    return out


def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, i
