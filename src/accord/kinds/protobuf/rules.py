"""The Protobuf change rules, and the buf categories each belongs to.

Every rule names the ``buf breaking`` rules it stands for and the categories
(FILE, PACKAGE, WIRE_JSON, WIRE) that check it. FILE and PACKAGE protect generated
code, WIRE_JSON the binary and JSON encodings, WIRE the binary encoding alone; so
a rename is in FILE, PACKAGE and WIRE_JSON, and a removed field whose number is
not reserved is in all four. Where buf splits one change by how much it breaks
(a type change that keeps the wire format, one that keeps JSON too), accord has a
rule per case, so each change carries exactly the categories that flag it.
"""

from __future__ import annotations

from collections.abc import Mapping

from accord.core.change import Direction, Level, RuleInfo
from accord.kinds.openapi.catalog import Catalog, rule

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
BOTH = Direction.BOTH

FILE, PACKAGE, WIRE_JSON, WIRE = "FILE", "PACKAGE", "WIRE_JSON", "WIRE"
ALL_CATEGORIES = (FILE, PACKAGE, WIRE_JSON, WIRE)
_SOURCE = frozenset({FILE, PACKAGE})
_JSON = frozenset({FILE, PACKAGE, WIRE_JSON})
_WIRE = frozenset({FILE, PACKAGE, WIRE_JSON, WIRE})
_ONLY_FILE = frozenset({FILE})
_ONLY_PACKAGE = frozenset({PACKAGE})

#: rule id -> (categories, buf rules it corresponds to).
_TABLE: list[tuple[RuleInfo, frozenset[str], tuple[str, ...]]] = []


def _r(id: str, level: Level, categories: frozenset[str], buf: tuple[str, ...],
       description: str, hint: str, *, addition: bool = False) -> None:
    _TABLE.append((rule(id, level, BOTH, description, hint, addition=addition), categories, buf))


# --- files and packages ---------------------------------------------------------------
_r("file-removed", B, _ONLY_FILE, ("FILE_NO_DELETE",),
   "A .proto file was removed; code generated from it (and imports of it) no longer exist",
   "Keep the file; move its elements only in a new major version of the package")
_r("file-added", S, _WIRE, (), "A .proto file was added", "Nothing to do", addition=True)
_r("file-package-changed", B, _WIRE, ("FILE_SAME_PACKAGE",),
   "A file's package changed: every element in it has a new full name, so RPC paths, "
   "type URLs in Any and generated code change",
   "Keep the package; put new elements in a new file of the new package")
_r("file-syntax-changed", B, _SOURCE, ("FILE_SAME_SYNTAX",),
   "A file's syntax or edition changed (proto2, proto3, edition 2023, ...), which changes "
   "generated code and the defaults of field presence, enums and UTF-8 checks",
   "Keep the syntax; if you migrate to editions, set features so that behaviour is unchanged")
_r("file-option-changed", B, _SOURCE, (
    "FILE_SAME_GO_PACKAGE", "FILE_SAME_JAVA_PACKAGE", "FILE_SAME_JAVA_OUTER_CLASSNAME",
    "FILE_SAME_JAVA_MULTIPLE_FILES", "FILE_SAME_JAVA_GENERIC_SERVICES",
    "FILE_SAME_CC_GENERIC_SERVICES", "FILE_SAME_PY_GENERIC_SERVICES",
    "FILE_SAME_CC_ENABLE_ARENAS", "FILE_SAME_CSHARP_NAMESPACE", "FILE_SAME_OBJC_CLASS_PREFIX",
    "FILE_SAME_OPTIMIZE_FOR", "FILE_SAME_PHP_CLASS_PREFIX", "FILE_SAME_PHP_METADATA_NAMESPACE",
    "FILE_SAME_PHP_NAMESPACE", "FILE_SAME_RUBY_PACKAGE", "FILE_SAME_SWIFT_PREFIX"),
   "A file option that shapes generated code changed (go_package, java_package, "
   "csharp_namespace, ...): code generated from the file moves or changes form",
   "Restore the option's old value")
_r("package-removed", B, _ONLY_PACKAGE, ("PACKAGE_NO_DELETE",),
   "A package was removed: no file declares it any more",
   "Keep the package until no client uses it")
# --- messages, enums, services, extensions ----------------------------------------
_r("message-removed", B, _SOURCE, ("MESSAGE_NO_DELETE", "PACKAGE_MESSAGE_NO_DELETE"),
   "A message was removed (a nested one is reported on its own too); generated code and "
   "Any type URLs that name it break",
   "Keep the message (mark it deprecated) until no client uses it")
_r("message-added", S, _WIRE, (), "A message was added", "Nothing to do", addition=True)
_r("enum-removed", B, _SOURCE, ("ENUM_NO_DELETE", "PACKAGE_ENUM_NO_DELETE"),
   "An enum was removed from its package", "Keep the enum until no client uses it")
_r("enum-added", S, _WIRE, (), "An enum was added", "Nothing to do", addition=True)
_r("service-removed", B, _SOURCE, ("SERVICE_NO_DELETE", "PACKAGE_SERVICE_NO_DELETE"),
   "A service was removed, with every RPC in it: clients calling it get UNIMPLEMENTED",
   "Keep the service (deprecate it) until no client calls it")
_r("service-added", S, _WIRE, (), "A service was added", "Nothing to do", addition=True)
_r("extension-removed", B, _SOURCE, ("EXTENSION_NO_DELETE", "PACKAGE_EXTENSION_NO_DELETE"),
   "An extension field was removed from its package",
   "Keep the extension, or reserve its number in the extended message")
_r("left-package-with-file", B, _ONLY_PACKAGE,
   ("PACKAGE_MESSAGE_NO_DELETE", "PACKAGE_ENUM_NO_DELETE", "PACKAGE_SERVICE_NO_DELETE",
    "PACKAGE_EXTENSION_NO_DELETE"),
   "A message, enum, service or extension left its package with the file that declared "
   "it (the file was removed, or its package changed) while the package lives on in "
   "other files: FILE reports the file's change, PACKAGE each element the package lost",
   "Keep the element in its package, in the file or another one")
_r("moved-to-another-file", B, _ONLY_FILE,
   ("MESSAGE_NO_DELETE", "ENUM_NO_DELETE", "SERVICE_NO_DELETE", "EXTENSION_NO_DELETE"),
   "A message, enum, service or extension moved to another file of the same package: the "
   "wire and the package are unchanged, but code generated per file (Python, Java outer "
   "classes, C++ headers) moves",
   "Move it back, or accept the change if clients only use package-level generated code")
# --- fields -------------------------------------------------------------------------
_r("field-removed-unreserved", B, _WIRE,
   ("FIELD_NO_DELETE", "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
    "FIELD_NO_DELETE_UNLESS_NAME_RESERVED"),
   "A field was removed and its number is not reserved: a later field may reuse the number "
   "and misread data written by old clients",
   "Reserve the number and the name in the message (reserved 4; reserved \"foo\";)")
_r("field-removed-name-unreserved", B, _JSON,
   ("FIELD_NO_DELETE", "FIELD_NO_DELETE_UNLESS_NAME_RESERVED"),
   "A field was removed; its number is reserved but its name is not, so a later field may "
   "take the name and misread old JSON",
   "Reserve the name too (reserved \"foo\";)")
_r("field-removed", B, _SOURCE, ("FIELD_NO_DELETE",),
   "A field was removed with its number and name reserved: encodings are safe, generated "
   "code loses the accessor",
   "Nothing to do for the wire; update code that used the field")
_r("field-added", S, _WIRE, (), "A field was added", "Nothing to do", addition=True)
_r("required-field-added", B, _WIRE, ("MESSAGE_SAME_REQUIRED_FIELDS",),
   "A required field (proto2 required, or features.field_presence = LEGACY_REQUIRED) was "
   "added: messages written by old clients no longer parse",
   "Add the field as optional and enforce it in the application")
_r("required-field-removed", B, _WIRE, ("MESSAGE_SAME_REQUIRED_FIELDS",),
   "A required field was removed (its removal is reported on its own too): readers that "
   "still require it reject messages written without it",
   "Keep the field; required fields can never be removed safely")
_r("field-renumbered", B, _WIRE,
   ("FIELD_NO_DELETE", "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
    "FIELD_NO_DELETE_UNLESS_NAME_RESERVED"),
   "A field kept its name but changed its number, and the old number is not reserved: old "
   "and new writers put the value under different numbers, so each side loses it, and a "
   "later field may reuse the old number",
   "Restore the number; to change the type or meaning, add a new field and reserve the old")
_r("field-renumbered-number-reserved", B, _JSON,
   ("FIELD_NO_DELETE", "FIELD_NO_DELETE_UNLESS_NAME_RESERVED"),
   "A field kept its name but changed its number, and the old number is reserved: values "
   "written under either number are lost to the other side, but never misread",
   "Restore the number; to change the type or meaning, add a new field")
_r("field-number-reused", B, _JSON, ("FIELD_SAME_NAME",),
   "A field number now belongs to a different field (another name and type; the type "
   "change is reported on its own): data written under the old field is read as the new "
   "one",
   "Give the new field an unused number, and reserve the old number and name")
_r("field-renamed", B, _JSON, ("FIELD_SAME_NAME",),
   "A field was renamed (same number): the binary encoding is unchanged, but JSON uses the "
   "name and generated code changes (a changed JSON name is reported on its own too)",
   "Keep the old name; to rename, add a field, deprecate the old one and reserve it later")
_r("field-json-name-changed", B, _JSON, ("FIELD_SAME_JSON_NAME",),
   "A field's JSON name (json_name) changed: JSON written with the old name is not read",
   "Restore the json_name")
_r("field-type-changed", B, _WIRE,
   ("FIELD_SAME_TYPE", "FIELD_WIRE_JSON_COMPATIBLE_TYPE", "FIELD_WIRE_COMPATIBLE_TYPE"),
   "A field's type changed to one with another wire encoding (or another message or enum, "
   "between an enum and an integer, from bytes to string, or a message field changed "
   "between length-prefixed and delimited encoding): old data does not parse as the new "
   "type",
   "Restore the type; add a new field of the new type and deprecate the old one")
_r("field-type-changed-json-incompatible", B, _JSON,
   ("FIELD_SAME_TYPE", "FIELD_WIRE_JSON_COMPATIBLE_TYPE"),
   "A field's type changed to one with the same binary encoding but another JSON form "
   "(int32 to int64: number to string; string to bytes: text to base64)",
   "Restore the type if any client speaks JSON (gRPC-gateway, Connect, JSON logs)")
_r("field-type-changed-wire-compatible", B, _SOURCE, ("FIELD_SAME_TYPE",),
   "A field's type changed to one with the same binary and JSON encoding (int32 to uint32, "
   "fixed32 to sfixed32, or an enum of the same name that keeps every old value, moved "
   "to another package): values may be reinterpreted and generated code changes",
   "Restore the type unless every value fits both")
_r("field-cardinality-changed", B, _WIRE,
   ("FIELD_SAME_CARDINALITY", "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
    "FIELD_WIRE_COMPATIBLE_CARDINALITY"),
   "A field changed between singular and repeated: a singular reader keeps only the last "
   "of the values a repeated writer sends, and does not parse a packed list of numbers",
   "Add a new field with the new cardinality instead")
_r("field-cardinality-changed-wire-compatible", B, _JSON,
   ("FIELD_SAME_CARDINALITY", "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"),
   "A map became a repeated field of its entry message (or back): the binary encoding is "
   "the same, JSON is not (an object versus an array)",
   "Add a new field with the new cardinality instead")
_r("field-required-changed", B, _WIRE,
   ("MESSAGE_SAME_REQUIRED_FIELDS", "FIELD_SAME_CARDINALITY",
    "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", "FIELD_WIRE_COMPATIBLE_CARDINALITY"),
   "A field became required or stopped being required: a side that still requires it "
   "rejects messages without it",
   "Keep the field's label; required fields can never change safely")
_r("field-presence-changed", B, _SOURCE, ("FIELD_SAME_CARDINALITY",),
   "A field's presence changed (proto3 'optional' added or removed, or "
   "features.field_presence EXPLICIT versus IMPLICIT): the encoding is compatible, but "
   "has-accessors appear or vanish and an unset value may read as the default",
   "Restore the presence; presence can only be planned when a field is added")
_r("field-oneof-changed", B, _WIRE, ("FIELD_SAME_ONEOF",),
   "A field moved into, out of or between oneofs: setting one member clears the others, so "
   "readers lose values",
   "Restore the field's oneof; add a new field in the new place instead")
_r("field-default-changed", B, _WIRE, ("FIELD_SAME_DEFAULT",),
   "A field's default value ([default = ...], or the zero of its type when none is "
   "written) changed: an unset field reads as another value on each side. Defaults are "
   "compared as values (true equals 1, an enum default is its number)",
   "Restore the default")
_r("field-option-changed", B, _SOURCE,
   ("FIELD_SAME_JSTYPE", "FIELD_SAME_CPP_STRING_TYPE", "FIELD_SAME_UTF8_VALIDATION",
    "FIELD_SAME_JAVA_UTF8_VALIDATION"),
   "A field option that shapes generated code or parsing changed: jstype, the C++ string "
   "type (ctype, or features.(pb.cpp).string_type on the field, a message or the file), "
   "UTF-8 validation, or Java's UTF-8 check (the file option java_string_check_utf8, "
   "features.(pb.java).utf8_validation, else the field's UTF-8 validation)",
   "Restore the option")
_r("oneof-removed", B, _SOURCE, ("ONEOF_NO_DELETE",),
   "A oneof was removed from a message (its case accessors vanish from generated code)",
   "Keep the oneof")
_r("reserved-number-removed", B, _WIRE,
   ("RESERVED_MESSAGE_NO_DELETE", "RESERVED_ENUM_NO_DELETE"),
   "A reserved number (range) was removed from a message or enum: the number may be reused "
   "and misread old data",
   "Keep the reservation")
_r("reserved-name-removed", B, _WIRE,
   ("RESERVED_MESSAGE_NO_DELETE", "RESERVED_ENUM_NO_DELETE"),
   "A reserved name was removed from a message or enum: the name may be reused and misread "
   "old JSON",
   "Keep the reservation")
_r("extension-range-removed", B, _SOURCE, ("EXTENSION_MESSAGE_NO_DELETE",),
   "An extension range was removed from a message: extensions declared by others in it no "
   "longer compile",
   "Keep the extension range")
_r("json-format-changed", B, _JSON, ("MESSAGE_SAME_JSON_FORMAT", "ENUM_SAME_JSON_FORMAT"),
   "A message or enum lost its JSON support (features.json_format ALLOW to "
   "LEGACY_BEST_EFFORT, or a proto3 file that became proto2); gaining it breaks nothing",
   "Restore the json_format feature")
_r("message-descriptor-accessor-removed", B, _SOURCE,
   ("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR",),
   "A message set no_standard_descriptor_accessor: generated code loses its descriptor "
   "accessor",
   "Remove the option")
# --- enums -----------------------------------------------------------------------------
_r("enum-value-removed-unreserved", B, _WIRE,
   ("ENUM_VALUE_NO_DELETE", "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
    "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED"),
   "An enum value was removed and its number is not reserved: a later value may reuse the "
   "number and misread old data",
   "Reserve the number and the name in the enum (reserved 3; reserved \"FOO\";)")
_r("enum-value-removed-name-unreserved", B, _JSON,
   ("ENUM_VALUE_NO_DELETE", "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED"),
   "An enum value was removed; its number is reserved but its name is not, so JSON that "
   "spells the name may be misread later",
   "Reserve the name too (reserved \"FOO\";)")
_r("enum-value-removed", B, _SOURCE, ("ENUM_VALUE_NO_DELETE",),
   "An enum value was removed with its number and name reserved: generated code loses the "
   "constant",
   "Nothing to do for the wire; update code that used the value")
_r("enum-value-added", S, _WIRE, (),
   "An enum value was added (readers of closed proto2 enums keep it as an unknown field)",
   "Make sure readers handle values they do not know", addition=True)
_r("enum-value-renamed", B, _JSON, ("ENUM_VALUE_SAME_NAME",),
   "An enum value was renamed (same number): JSON spells enum values by name",
   "Keep the old name, as an alias (option allow_alias = true) if you need the new one")
_r("enum-value-renumbered", B, _WIRE,
   ("ENUM_VALUE_NO_DELETE", "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
    "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED"),
   "An enum value kept its name but changed its number, and the old number is not "
   "reserved: old data means another value",
   "Restore the number")
_r("enum-value-renumbered-number-reserved", B, _JSON,
   ("ENUM_VALUE_NO_DELETE", "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED"),
   "An enum value kept its name but changed its number, and the old number is reserved: "
   "the binary encoding reads old values as unknown, JSON reads the name as the new number",
   "Restore the number")
_r("enum-type-changed", B, _SOURCE, ("ENUM_SAME_TYPE",),
   "An enum changed between open and closed (features.enum_type, or the syntax default): "
   "unknown values are kept in the field or moved to unknown fields",
   "Restore the enum type")
# --- services --------------------------------------------------------------------------
_r("rpc-removed", B, _SOURCE, ("RPC_NO_DELETE",),
   "An RPC was removed: clients calling it get UNIMPLEMENTED",
   "Keep the RPC (deprecate it) until no client calls it")
_r("rpc-added", S, _WIRE, (), "An RPC was added", "Nothing to do", addition=True)
_r("rpc-request-type-changed", B, _WIRE, ("RPC_SAME_REQUEST_TYPE",),
   "An RPC's request message type changed", "Add a new RPC with the new request type")
_r("rpc-response-type-changed", B, _WIRE, ("RPC_SAME_RESPONSE_TYPE",),
   "An RPC's response message type changed", "Add a new RPC with the new response type")
_r("rpc-streaming-changed", B, _WIRE,
   ("RPC_SAME_CLIENT_STREAMING", "RPC_SAME_SERVER_STREAMING"),
   "An RPC changed between unary and streaming (client or server side): stubs call it "
   "another way",
   "Add a new RPC with the new streaming shape")
_r("rpc-idempotency-changed", B, _WIRE, ("RPC_SAME_IDEMPOTENCY_LEVEL",),
   "An RPC's idempotency_level option changed: clients may retry (or use GET) differently",
   "Restore the idempotency level")

CATALOG = Catalog(info for info, _, _ in _TABLE)
#: rule id -> the buf categories whose rules flag the change.
CATEGORIES: Mapping[str, frozenset[str]] = {info.id: cats for info, cats, _ in _TABLE}
#: rule id -> the buf rules it corresponds to.
BUF_RULES: Mapping[str, tuple[str, ...]] = {info.id: buf for info, _, buf in _TABLE}
