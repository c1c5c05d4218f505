"""An introspection result (``{"data": {"__schema": ...}}`` or ``{"__schema": ...}``)
read into :mod:`accord.kinds.graphql.defs`, each element located by its JSON pointer.

Introspection lists what SDL leaves implicit (the built-in scalars and directives,
the ``__`` types); they are left out so that SDL and introspection compare alike.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location
from accord.kinds.graphql.defs import (
    BUILTIN_DIRECTIVES,
    BUILTIN_SCALARS,
    DEFAULT_DEPRECATION,
    ROOT_OPERATIONS,
    Definitions,
    DirectiveDef,
    Member,
    Root,
    Text,
    TypeDef,
    Use,
)

_KINDS = frozenset({"OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT", "SCALAR"})
_HINT = "pass the result of the standard introspection query (graphql-js getIntrospectionQuery)"


def schema_of(data: Any) -> tuple[dict[str, Any], str] | None:
    """The ``__schema`` object of an introspection result and its pointer, if it is one."""
    if not isinstance(data, dict):
        return None
    inner = data.get("data")
    if isinstance(inner, dict) and isinstance(inner.get("__schema"), dict):
        return inner["__schema"], "/data/__schema"
    if isinstance(data.get("__schema"), dict):
        return data["__schema"], "/__schema"
    return None


def read_introspection(schema: dict[str, Any], pointer: str,
                       locator: Callable[[int, int | str], Location]) -> Definitions:
    defs = Definitions(locator=locator)
    reader = _Reader(pointer, locator)
    types = _list(schema, "types", pointer, locator)
    for index, raw in enumerate(types):
        where = f"{pointer}/types/{index}"
        typedef = reader.type(raw, where)
        if typedef is None:
            continue
        if typedef.name in defs.types:
            first = defs.types[typedef.name]
            defs.duplicates.append((typedef.name, 0, where, first.file, first.at))
        else:
            defs.types[typedef.name] = typedef
    for index, raw in enumerate(_list(schema, "directives", pointer, locator, required=False)):
        where = f"{pointer}/directives/{index}"
        name = reader.name(raw, where)
        if name in BUILTIN_DIRECTIVES:
            continue
        defs.directives[name] = DirectiveDef(
            name, _text(raw.get("description")), reader.args(raw, where),
            [str(loc) for loc in raw.get("locations") or ()],
            bool(raw["isRepeatable"]) if "isRepeatable" in raw else None, 0, where)
    for operation in ROOT_OPERATIONS:
        root = schema.get(f"{operation}Type")
        if isinstance(root, dict) and isinstance(root.get("name"), str):
            defs.roots[operation] = Root(root["name"], 0, f"{pointer}/{operation}Type")
    defs.schema_description = _text(schema.get("description"))
    return defs


def _text(value: Any) -> Text | None:
    return Text.of(value) if isinstance(value, str) else None


def _list(raw: dict[str, Any], key: str, pointer: str,
          locator: Callable[[int, int | str], Location], required: bool = True) -> list[Any]:
    value = raw.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise AccordError(ErrorCode.INVALID_CONTRACT,
                          f"the introspection result's '{key}' is not a list of objects",
                          location=locator(0, f"{pointer}/{key}" if key in raw else pointer),
                          hint=_HINT)
    return value


class _Reader:
    def __init__(self, pointer: str, locator: Callable[[int, int | str], Location]) -> None:
        self.pointer = pointer
        self.locator = locator

    def fail(self, message: str, where: str) -> AccordError:
        return AccordError(ErrorCode.INVALID_CONTRACT, message, location=self.locator(0, where),
                           hint=_HINT)

    def name(self, raw: dict[str, Any], where: str) -> str:
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            raise self.fail("an element of the introspection result has no name", where)
        return name

    def type(self, raw: dict[str, Any], where: str) -> TypeDef | None:
        name = self.name(raw, where)
        kind = raw.get("kind")
        if kind not in _KINDS:
            raise self.fail(f"type {name} has an unknown kind {kind!r}", where)
        if name.startswith("__") or (kind == "SCALAR" and name in BUILTIN_SCALARS):
            return None
        typedef = TypeDef(name, kind, _text(raw.get("description")), file=0, at=where)
        if kind in ("OBJECT", "INTERFACE"):
            typedef.fields = self.members(raw, "fields", where, output=True)
            typedef.interfaces = self.names(raw, "interfaces", where)
        elif kind == "INPUT_OBJECT":
            typedef.fields = self.members(raw, "inputFields", where, output=False)
            if raw.get("isOneOf"):
                typedef.directives.append(Use("oneOf", {}, 0, where))
        elif kind == "UNION":
            typedef.members = self.names(raw, "possibleTypes", where)
        elif kind == "ENUM":
            typedef.values = self.members(raw, "enumValues", where, output=False)
        elif raw.get("specifiedByURL") or raw.get("specifiedByUrl"):
            url = raw.get("specifiedByURL") or raw.get("specifiedByUrl")
            typedef.directives.append(Use("specifiedBy", {"url": json.dumps(url)}, 0, where))
        return typedef

    def names(self, raw: dict[str, Any], key: str, where: str) -> list[str]:
        return [self.name(item, f"{where}/{key}/{i}")
                for i, item in enumerate(raw.get(key) or ()) if isinstance(item, dict)]

    def members(self, raw: dict[str, Any], key: str, where: str,
                output: bool) -> dict[str, Member]:
        found: dict[str, Member] = {}
        for index, item in enumerate(raw.get(key) or ()):
            at = f"{where}/{key}/{index}"
            if not isinstance(item, dict):
                raise self.fail(f"an entry of '{key}' is not an object", at)
            member = Member(self.name(item, at), description=_text(item.get("description")),
                            file=0, at=at)
            if "type" in item:
                member.type = self.type_ref(item["type"], f"{at}/type")
            if output:
                member.args = self.args(item, at)
            elif isinstance(item.get("defaultValue"), str):
                member.default = canonical_value(item["defaultValue"], member.type)
            if item.get("isDeprecated"):
                reason = item.get("deprecationReason")
                member.directives.append(Use("deprecated", {
                    "reason": json.dumps(reason if isinstance(reason, str) else DEFAULT_DEPRECATION,
                                         ensure_ascii=False)}, 0, at))
            found[member.name] = member
        return found

    def args(self, raw: dict[str, Any], where: str) -> dict[str, Member]:
        return self.members(raw, "args", where, output=False)

    def type_ref(self, raw: Any, where: str) -> str:
        if not isinstance(raw, dict):
            raise self.fail("a type reference is not an object", where)
        kind = raw.get("kind")
        if kind == "NON_NULL":
            return self.type_ref(raw.get("ofType"), f"{where}/ofType") + "!"
        if kind == "LIST":
            return "[" + self.type_ref(raw.get("ofType"), f"{where}/ofType") + "]"
        return self.name(raw, where)


def canonical_value(printed: str, of: str) -> str:
    """A default value of type ``of`` as introspection prints it, in the SDL reader's
    canonical form."""
    from accord.kinds.graphql.sdl import read_value

    return read_value(printed, of)
