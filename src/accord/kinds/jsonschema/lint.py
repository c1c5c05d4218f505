"""Lint rules for standalone JSON Schema documents: what makes a payload schema
safe to evolve and easy to consume."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from accord.core.finding import Severity
from accord.core.location import join
from accord.kinds.jsonschema.loader import JsonSchemaModel
from accord.kinds.jsonschema.model import search
from accord.kinds.jsonschema.resolver import REF_KEYWORDS, subschemas
from accord.lint.rule import Hit, LintOptions, LintRule, registrar
from accord.source import Node

RULES: list[LintRule] = []
_TYPED = ("type", "enum", "const", *REF_KEYWORDS, "anyOf", "oneOf", "allOf", "not")


#: ``@rule(id, severity, description, hint)`` registers a check in RULES.
rule = registrar(RULES)


def _schemas(model: JsonSchemaModel) -> Iterator[tuple[Node, Node | None]]:
    """Every schema of the entry document with the schema it sits in (None: the root)."""
    stack: list[tuple[Node, Node | None]] = [(model.root, None)]
    while stack:
        node, parent = stack.pop()
        yield node, parent
        stack.extend((sub, node) for sub in reversed(list(subschemas(node))))


def _model(model: Any) -> JsonSchemaModel:
    assert isinstance(model, JsonSchemaModel)
    return model


@rule("jsonschema-schema-declared", Severity.WARN,
      "The document declares its draft with $schema, so every tool reads it the same way "
      "(without it, tools guess, and drafts differ on $ref and tuples).",
      "Add \"$schema\": \"https://json-schema.org/draft/2020-12/schema\" (or the draft the "
      "schema is written in) at the top.")
def schema_declared(model: Any, options: LintOptions) -> Iterable[Hit]:
    found = _model(model)
    data = found.root.value
    if isinstance(data, dict) and "$schema" not in data:
        yield Hit(f"no $schema: read as {found.draft.value} ({found.draft_source})",
                  found.document.location(""))


@rule("jsonschema-id-declared", Severity.INFO,
      "The document names itself with $id, so other schemas and registries can refer to it "
      "and relative references have a stable base.",
      "Add \"$id\": \"https://example.com/schemas/<name>\" at the top.")
def id_declared(model: Any, options: LintOptions) -> Iterable[Hit]:
    found = _model(model)
    data = found.root.value
    if isinstance(data, dict) and not isinstance(data.get(found.draft.id_keyword), str):
        yield Hit(f"no {found.draft.id_keyword}", found.document.location(""))


def _properties(node: Node) -> Iterator[tuple[str, Node]]:
    props = node.value.get("properties") if isinstance(node.value, dict) else None
    if isinstance(props, dict):
        for name, value in props.items():
            yield name, Node(node.doc, join(node.pointer, "properties", name), value)


@rule("jsonschema-property-type", Severity.WARN,
      "Every property says what its values are (type, enum, const, a $ref or a "
      "composition): an untyped property accepts anything, and any later constraint breaks "
      "the writers that relied on that.",
      "Add a type to the property (or enum/const, or a $ref to a definition).")
def property_type(model: Any, options: LintOptions) -> Iterable[Hit]:
    for node, _parent in _schemas(_model(model)):
        for name, prop in _properties(node):
            value = prop.value
            if isinstance(value, dict) and not any(k in value for k in _TYPED):
                yield Hit(f"property {name!r} has no type", prop.location)


@rule("jsonschema-additional-properties-explicit", Severity.INFO,
      "Every object schema decides whether undeclared properties are allowed "
      "(additionalProperties or unevaluatedProperties): an open content model makes adding "
      "a typed property a breaking change for readers, a closed one makes it safe.",
      "Add \"additionalProperties\": false (closed) or true (open, deliberately).")
def additional_properties_explicit(model: Any, options: LintOptions) -> Iterable[Hit]:
    for node, parent in _schemas(_model(model)):
        value = node.value
        if not isinstance(value, dict) or "properties" not in value:
            continue
        if "additionalProperties" in value or "unevaluatedProperties" in value:
            continue
        if parent is not None and "/allOf/" in node.pointer[len(parent.pointer):] + "/":
            continue  # a part of a composition: the composed schema decides
        yield Hit("the object schema does not decide on undeclared properties",
                  node.location)


@rule("jsonschema-property-description", Severity.INFO,
      "Every top-level property has a description: consumers of an event read the schema "
      "to learn what each field means.",
      "Add a description to the property (or to the definition it refers to).")
def property_description(model: Any, options: LintOptions) -> Iterable[Hit]:
    found = _model(model)
    side = found.side
    for name, prop in _properties(found.root):
        target = side.target(prop)
        if not any(isinstance(v, dict) and isinstance(v.get("description"), str)
                   and v["description"].strip() for v in (prop.value, target.value)):
            yield Hit(f"property {name!r} has no description", prop.location)


@rule("jsonschema-required-declared", Severity.WARN,
      "Every name in required is a declared property: a typo there requires a property no "
      "writer sends, and rejects every instance.",
      "Declare the property under properties, or fix the name in required.")
def required_declared(model: Any, options: LintOptions) -> Iterable[Hit]:
    for node, _parent in _schemas(_model(model)):
        value = node.value
        if not isinstance(value, dict) or not isinstance(value.get("required"), list):
            continue
        props = value.get("properties")
        if not isinstance(props, dict):
            continue
        patterns = value.get("patternProperties")
        for index, name in enumerate(value["required"]):
            if not isinstance(name, str) or name in props:
                continue
            if isinstance(patterns, dict) and any(search(p, name) for p in patterns):
                continue
            yield Hit(f"required names {name!r}, which properties does not declare",
                      node.doc.location(join(node.pointer, "required", index)))


@rule("jsonschema-satisfiable", Severity.ERROR,
      "Each schema's constraints leave some value of each type it allows: a minimum above "
      "the maximum, minLength above maxLength, minItems above maxItems, or more required "
      "properties than maxProperties reject every value of that type, so every writer "
      "that sends one fails validation (usually two bounds swapped or a typo).",
      "Fix the bounds so that the lower one is at most the upper one (or drop the type if "
      "it is meant to be excluded).")
def satisfiable(model: Any, options: LintOptions) -> Iterable[Hit]:
    found = _model(model)
    side = found.side
    for node, _parent in _schemas(found):
        if not isinstance(node.value, dict):
            continue
        shape = side.shape_of(node)
        for _kind, why, where in shape.contradictions:
            if where.pointer.startswith(node.pointer + "/") and \
                    where.pointer.count("/") == node.pointer.count("/") + 1:
                yield Hit(why, where.location)
