"""What the Protobuf lint rules share: registration, the contract's elements, and names.

Checks read only the contract's own files (``ProtoModel.roots``), never imports or
well-known types; a type an RPC refers to may still come from an import.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from accord.core.location import Location
from accord.kinds.protobuf.model import (
    ENUM_VALUE,
    FILE_ENUM,
    FILE_MESSAGE,
    FILE_SERVICE,
    MESSAGE_ENUM,
    MESSAGE_FIELD,
    MESSAGE_NESTED,
    MESSAGE_ONEOF,
    SERVICE_METHOD,
    ProtoModel,
)
from accord.lint.rule import Hit, LintRule, registrar

#: Every built-in rule, in registration order (the order of the family modules).
RULES: list[LintRule] = []

#: ``name`` is the field number of every element's name in descriptor.proto.
NAME = 1
METHOD_INPUT = 2
METHOD_OUTPUT = 3
FIELD_TYPE_STRING = 9
FIELD_TYPE_GROUP = 10
FIELD_LABEL_REQUIRED = 2
FEATURE_LEGACY_REQUIRED = 3


#: ``@rule(id, severity, description, hint)`` registers a check in RULES.
rule = registrar(RULES)


# --- elements --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    """One declared element of a contract file: a message, field, oneof, enum, enum
    value, service or RPC."""

    #: ``message``, ``field``, ``oneof``, ``enum``, ``enum value``, ``service``, ``rpc``.
    kind: str
    name: str
    #: Fully qualified, without the leading dot (``billing.v1.Invoice.status``).
    full_name: str
    file: str
    path: tuple[int, ...]
    proto: Any = field(repr=False, compare=False)
    parent: Node | None = field(default=None, repr=False, compare=False)

    def label(self) -> str:
        return f"{self.kind} '{self.full_name}'"


def where(model: ProtoModel, node: Node, *sub: int) -> Location:
    """The location of ``node`` (or of its part ``sub``, e.g. ``NAME``)."""
    return model.location(node.file, (*node.path, *sub))


def hit(model: ProtoModel, node: Node, message: str, *sub: int,
        hint: str | None = None) -> Hit:
    return Hit(message, where(model, node, *sub), hint)


#: The elements of the model linted last: every rule walks the same model in turn.
_last: tuple[weakref.ref[ProtoModel], tuple[Node, ...]] | None = None


def nodes(model: ProtoModel) -> tuple[Node, ...]:
    """Every element of the contract's own files, in declaration order. Map entries
    (compiler-made messages) are left out, and so are proto3 ``optional``'s synthetic
    oneofs."""
    global _last
    if _last is not None and _last[0]() is model:
        return _last[1]
    found = tuple(_walk(model))
    _last = (weakref.ref(model), found)
    return found


def _walk(model: ProtoModel) -> Iterator[Node]:
    for file, fdp in model.own():
        scope = fdp.package
        for i, msg in enumerate(fdp.message_type):
            yield from _message(file, scope, msg, (FILE_MESSAGE, i), None)
        for i, enum in enumerate(fdp.enum_type):
            yield from _enum(file, scope, enum, (FILE_ENUM, i), None)
        for i, svc in enumerate(fdp.service):
            service = Node("service", svc.name, _join(scope, svc.name), file,
                           (FILE_SERVICE, i), svc)
            yield service
            for j, method in enumerate(svc.method):
                yield Node("rpc", method.name, _join(service.full_name, method.name), file,
                           (*service.path, SERVICE_METHOD, j), method, service)


def of_kind(model: ProtoModel, *kinds: str) -> Iterator[Node]:
    return (n for n in nodes(model) if n.kind in kinds)


def _message(file: str, scope: str, msg: Any, path: tuple[int, ...],
             parent: Node | None) -> Iterator[Node]:
    if msg.options.map_entry:
        return
    node = Node("message", msg.name, _join(scope, msg.name), file, path, msg, parent)
    yield node
    synthetic = {f.oneof_index for f in msg.field
                 if f.HasField("oneof_index") and f.proto3_optional}
    for i, one in enumerate(msg.oneof_decl):
        if i not in synthetic:
            yield Node("oneof", one.name, _join(node.full_name, one.name), file,
                       (*path, MESSAGE_ONEOF, i), one, node)
    for i, fld in enumerate(msg.field):
        yield Node("field", fld.name, _join(node.full_name, fld.name), file,
                   (*path, MESSAGE_FIELD, i), fld, node)
    for i, nested in enumerate(msg.nested_type):
        yield from _message(file, node.full_name, nested, (*path, MESSAGE_NESTED, i), node)
    for i, enum in enumerate(msg.enum_type):
        yield from _enum(file, node.full_name, enum, (*path, MESSAGE_ENUM, i), node)


def _enum(file: str, scope: str, enum: Any, path: tuple[int, ...],
          parent: Node | None) -> Iterator[Node]:
    node = Node("enum", enum.name, _join(scope, enum.name), file, path, enum, parent)
    yield node
    for i, value in enumerate(enum.value):
        # Enum values are scoped like siblings of their enum (C++ rules).
        yield Node("enum value", value.name, _join(scope, value.name), file,
                   (*path, ENUM_VALUE, i), value, node)


def _join(scope: str, name: str) -> str:
    return f"{scope}.{name}" if scope else name


def is_group(node: Node) -> bool:
    """A proto2 group: its field's name is the lower-cased type name (compiler-made)."""
    return node.kind == "field" and node.proto.type == FIELD_TYPE_GROUP


# --- names -----------------------------------------------------------------------------

LOWER_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
UPPER_CAMEL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def upper_snake(name: str) -> str:
    """``PaymentState`` -> ``PAYMENT_STATE``; ``HTTPMethod`` -> ``HTTP_METHOD``."""
    return _BOUNDARY.sub("_", name).upper()


def lower_snake(name: str) -> str:
    """``displayName`` -> ``display_name``."""
    return _BOUNDARY.sub("_", name).lower()


def upper_camel(name: str) -> str:
    """``payment_state`` / ``PAYMENT_STATE`` -> ``PaymentState``."""
    parts = re.split(r"[_\W]+", name)
    return "".join(p[:1].upper() + (p[1:].lower() if p.isupper() else p[1:])
                   for p in parts if p)


def starts_with_word(name: str, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` that begins the UpperCamel ``name`` as a whole word
    (``CreateBook`` begins with ``Create``; ``Created`` and ``Payment`` do not)."""
    for word in words:
        rest = name[len(word):]
        if name.startswith(word) and (not rest or rest[0].isupper() or rest[0].isdigit()):
            return word
    return None


def short(type_ref: str) -> str:
    """``.google.protobuf.Empty`` -> ``Empty``."""
    return type_ref.rsplit(".", 1)[-1]


def full(type_ref: str) -> str:
    """``.google.protobuf.Empty`` -> ``google.protobuf.Empty``."""
    return type_ref[1:] if type_ref.startswith(".") else type_ref


def text_of(model: ProtoModel, node: Node) -> str:
    """The comments attached to ``node`` (leading and trailing)."""
    return model.comments(node.file, node.path)
