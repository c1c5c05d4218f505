"""Lint rules for Avro schema files: conventions of Avro practice that keep a schema
evolvable in a schema registry and readable by the teams that consume it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from accord.core.finding import Severity
from accord.kinds.avro.loader import AvroModel
from accord.kinds.avro.parsing import definitions
from accord.lint.rule import Hit, LintOptions, LintRule, registrar
from accord.source import Node

RULES: list[LintRule] = []

#: ``@rule(id, severity, description, hint)`` registers a check in RULES.
rule = registrar(RULES)


def _model(model: Any) -> AvroModel:
    assert isinstance(model, AvroModel)
    return model


def _fields(model: AvroModel) -> Iterator[tuple[str, Node]]:
    """(``Record.field``, the field's node) for every field of every record."""
    for full, node in definitions(model.root).items():
        fields = node.child("fields")
        if fields is None or not isinstance(fields.value, list):
            continue
        for index, value in enumerate(fields.value):
            field = fields.child(index)
            if field is not None and isinstance(value, dict):
                yield f"{full}.{value.get('name')}", field


@rule("avro-namespace", Severity.WARN,
      "Every named type (record, enum, fixed) has a namespace, its own or its enclosing "
      "type's: registries and code generators key types by full name, and two teams' "
      "'Address' records collide without one.",
      "Add \"namespace\": \"com.example.<domain>\" to the top-level type.")
def namespace(model: Any, options: LintOptions) -> Iterable[Hit]:
    for full, node in definitions(_model(model).root).items():
        if "." not in full:
            where = node.child("name") or node
            yield Hit(f"the {node.value.get('type')} '{full}' has no namespace", where.location)


@rule("avro-field-doc", Severity.INFO,
      "Every field has a doc: the schema is the documentation consumers read in the "
      "registry.",
      "Add \"doc\": \"...\" to the field, saying what it holds and in which unit.")
def field_doc(model: Any, options: LintOptions) -> Iterable[Hit]:
    for name, field in _fields(_model(model)):
        if not isinstance(field.value.get("doc"), str) or not field.value["doc"].strip():
            yield Hit(f"field '{name}' has no doc", field.location)


@rule("avro-field-default", Severity.INFO,
      "Every field has a default: a reader whose field has a default still reads data "
      "written without it, so the field can later be removed (or added) compatibly.",
      "Add a default (for an optional field: \"type\": [\"null\", ...], \"default\": null).")
def field_default(model: Any, options: LintOptions) -> Iterable[Hit]:
    for name, field in _fields(_model(model)):
        if "default" not in field.value:
            yield Hit(f"field '{name}' has no default", field.location)


@rule("avro-null-default-first", Severity.ERROR,
      "A null default is only valid when null is the field's type or its union's first "
      "branch: Avro reads a union's default as a value of the first branch, so readers "
      "that need the default fail.",
      "Put \"null\" first in the union (\"type\": [\"null\", ...]), or give a default of "
      "the first branch's type.")
def null_default_first(model: Any, options: LintOptions) -> Iterable[Hit]:
    for name, field in _fields(_model(model)):
        if "default" not in field.value or field.value["default"] is not None:
            continue
        kind = field.value.get("type")
        first = kind[0] if isinstance(kind, list) and kind else kind
        shown = first.get("type") if isinstance(first, dict) else first
        if shown != "null":
            where = field.child("default") or field
            place = "its union's first branch" if isinstance(kind, list) else "its type"
            yield Hit(f"field '{name}' has a null default, but {place} is {shown}",
                      where.location)
