"""Reading Avro schemas out of JSON nodes: parsing with the ``avro`` library, and
finding where each named type is written (the library's objects carry no places)."""

from __future__ import annotations

from avro.errors import AvroException
from avro.name import Names
from avro.schema import Schema, make_avsc_object

from accord.core.errors import AccordError, ErrorCode
from accord.source import Node

_NAMED = frozenset({"record", "error", "enum", "fixed"})


def parse(node: Node, what: str) -> Schema:
    """``node``'s value as an Avro schema, or INVALID_CONTRACT located at it."""
    try:
        return make_avsc_object(node.value, Names())
    except (AvroException, TypeError, ValueError, AttributeError, KeyError) as exc:
        raise AccordError(
            ErrorCode.INVALID_CONTRACT, f"{what} is not a valid Avro schema: {exc}",
            location=node.location,
            hint="write the schema as the Avro specification defines it (a record with a "
                 "name and fields, each field with a name and a type)") from exc


def definitions(node: Node) -> dict[str, Node]:
    """Every named type (record, enum, fixed) written under ``node``, by full name,
    so that a reference to one by name is located where it is defined."""
    found: dict[str, Node] = {}
    stack: list[tuple[Node, str]] = [(node, "")]
    while stack:
        here, namespace = stack.pop()
        value = here.value
        if isinstance(value, list):
            stack += [(c, namespace) for i in range(len(value))
                      if (c := here.child(i)) is not None]
            continue
        if not isinstance(value, dict):
            continue
        kind, name = value.get("type"), value.get("name")
        if kind in _NAMED and isinstance(name, str):
            declared = value.get("namespace")
            space = declared if isinstance(declared, str) else namespace
            full = name if "." in name or not space else f"{space}.{name}"
            found.setdefault(full, here)
            namespace = full.rpartition(".")[0]
        fields = value.get("fields") if kind in ("record", "error") else None
        if isinstance(fields, list):
            stack += [(c, namespace) for i in range(len(fields))
                      if (c := here.child("fields", i, "type")) is not None]
        for key in ("items", "values") if kind in ("array", "map") else ():
            if (child := here.child(key)) is not None:
                stack.append((child, namespace))
        if isinstance(kind, dict | list) and (child := here.child("type")) is not None:
            stack.append((child, namespace))
    return found
