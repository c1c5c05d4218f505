"""Schemas: payloads and headers are typed, and examples are valid against them.

Only JSON Schema-like schemas are read (the AsyncAPI schema format, JSON Schema,
OpenAPI schema objects); Avro, RAML, Protobuf and remote schemas are left alone.
Examples are validated with the ``jsonschema`` library: the AsyncAPI schema format as
JSON Schema draft 7 (which it extends), JSON Schema by its ``$schema`` (draft 7 when
absent), OpenAPI schema objects as draft 4 with ``nullable`` honoured. ``$ref``s
resolve in the workspace's documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

from accord.core.finding import Severity
from accord.kinds.asyncapi.lint.base import label, resolve, rule, where
from accord.kinds.asyncapi.model import AsyncAPIModel, Message, Schema
from accord.lint.rule import Hit, LintOptions
from accord.source import Node

#: Keywords that say what type of value a schema admits.
_TYPING = ("type", "enum", "const", "allOf", "anyOf", "oneOf", "not", "$ref")
_BRANCHES = ("allOf", "anyOf", "oneOf")
_MESSAGE_LIMIT = 200
_MEMO = "asyncapi.lint.example-validators"

Validate = Callable[[Schema, Node, Any], str | None]


def _typed(value: Any) -> bool:
    return isinstance(value, dict) and any(k in value for k in _TYPING)


def _untyped(model: AsyncAPIModel, node: Node, path: str, *, require: bool,
             seen: set[tuple[str, str]]) -> Iterator[tuple[Node, str]]:
    """(schema as written, its path such as ``customer.tags[]``) for each schema below
    ``node`` that admits any type; a composition branch (``allOf: [{properties: ...}]``)
    need not repeat the type."""
    if require and not _typed(node.value):
        yield node, path
    target = resolve(model, node)
    place = (str(target.doc.path), target.pointer)
    if place in seen or not isinstance(target.value, dict):
        return
    seen.add(place)
    holder = target.child("properties")
    if holder is not None and isinstance(holder.value, dict):
        for key in holder.value:
            child = holder.child(str(key))
            if child is not None:
                inner = f"{path}.{key}" if path else str(key)
                yield from _untyped(model, child, inner, require=True, seen=seen)
    for keyword, suffix in (("items", "[]"), ("additionalProperties", ".*")):
        child = target.child(keyword)
        if child is not None and isinstance(child.value, dict):
            yield from _untyped(model, child, path + suffix, require=True, seen=seen)
    for keyword in _BRANCHES:
        branches = target.child(keyword)
        if branches is not None and isinstance(branches.value, list):
            for index in range(len(branches.value)):
                branch = branches.child(index)
                if branch is not None:
                    yield from _untyped(model, branch, path, require=False, seen=seen)


@rule("payload-typed", Severity.WARN,
      "Every message declares a typed payload schema, and every property in it has a "
      "type: consumers generate readers from it, and an untyped field accepts anything "
      "the producer happens to send.",
      "declare the payload (payload: {type: object, properties: ...}) and give each "
      "property a type (or enum, const, $ref or a composition)")
def payload_typed(model: AsyncAPIModel, options: LintOptions) -> Iterator[Hit]:
    seen: set[tuple[str, str]] = set()
    for message in model.messages:
        payload = message.payload
        if payload is None:
            yield Hit(f"{label(message)} has no payload schema", where(message))
            continue
        if not payload.json_schema or payload.node is None:
            continue
        for node, path in _untyped(model, payload.node, "", require=True, seen=seen):
            what = f"payload field '{path}'" if path else "the payload"
            yield Hit(f"{what} of {label(message)} has no type", node.location)


@rule("headers-typed", Severity.WARN,
      "A message's headers schema is an object (type: object) whose properties are typed: "
      "brokers carry headers as named values, and consumers read them by name and type.",
      "write headers as {type: object, properties: {<header>: {type: string}}}")
def headers_typed(model: AsyncAPIModel, options: LintOptions) -> Iterator[Hit]:
    seen: set[tuple[str, str]] = set()
    for message in model.messages:
        headers = message.headers
        if headers is None or not headers.json_schema or headers.node is None:
            continue
        root = resolve(model, headers.node)
        if not isinstance(root.value, dict) or root.value.get("type") != "object":
            yield Hit(f"the headers of {label(message)} are not an object schema "
                      "(type: object)", headers.where.location)
        for node, path in _untyped(model, headers.node, "", require=False, seen=seen):
            yield Hit(f"header '{path}' of {label(message)} has no type", node.location)


# --- examples ------------------------------------------------------------------------------


def _nullable(original: Any) -> Any:
    """A draft 4 keyword that lets ``None`` through where the schema says ``nullable``."""

    def check(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
        if instance is None and isinstance(schema, dict) and schema.get("nullable") is True:
            return
        yield from original(validator, value, instance, schema)

    return check


def _make_validate(model: AsyncAPIModel) -> Validate:
    """A validation function over the model's documents (memoised per model)."""
    memo = model.workspace.memo
    found: Validate | None = memo.get(_MEMO)
    if found is not None:
        return found
    from jsonschema import Draft4Validator, Draft7Validator, validators
    from jsonschema.exceptions import best_match
    from referencing import Registry
    from referencing.jsonschema import DRAFT7

    registry: Registry[Any] = Registry().with_resources(
        (doc.path.as_uri(), DRAFT7.create_resource(doc.data))
        for doc in model.workspace.documents())
    keywords = Draft4Validator.VALIDATORS
    openapi = validators.extend(Draft4Validator, {  # type: ignore[no-untyped-call]
        "type": _nullable(keywords["type"]), "enum": _nullable(keywords["enum"])})
    cache: dict[tuple[str, str, str], Any] = {}

    def validator_class(schema: Schema, node: Node) -> Any:
        if schema.format == "openapi":
            return openapi
        declared = node.value.get("$schema") if isinstance(node.value, dict) else None
        if schema.format == "jsonschema" and isinstance(declared, str):
            return validators.validator_for({"$schema": declared}, default=Draft7Validator)
        return Draft7Validator

    def validate(schema: Schema, node: Node, instance: Any) -> str | None:
        target = resolve(model, node)
        key = (target.doc.path.as_uri(), target.pointer, schema.format)
        validator = cache.get(key)
        if validator is None:
            ref = f"{key[0]}#{quote(target.pointer, safe='/~')}"
            cls = validator_class(schema, target)
            validator = cache[key] = cls({"$ref": ref}, registry=registry)
        try:
            error = best_match(validator.iter_errors(instance))
        except Exception:
            # A malformed or remote schema the validator cannot use (it raises its own
            # errors, or Python's): the structure and typing rules report what they can.
            return None
        while error is not None and error.context:
            # oneOf/anyOf: explain the branch that came closest (fewest errors).
            branches: dict[object, list[Any]] = {}
            for inner in error.context:
                branch = inner.relative_schema_path
                branches.setdefault(branch[0] if branch else None, []).append(inner)
            closest: list[Any] = min(branches.values(), key=len)
            error = best_match(closest)
        if error is None:
            return None
        path = error.json_path if error.absolute_path else ""
        text = str(error.message)
        text = text if len(text) <= _MESSAGE_LIMIT else text[:_MESSAGE_LIMIT - 3] + "..."
        return text + (f" (at {path})" if path else "")

    memo[_MEMO] = validate
    return validate


def _schema_examples(model: AsyncAPIModel, schema: Node,
                     seen: set[tuple[str, str]]) -> Iterator[tuple[Node, Node]]:
    """(an example, the subschema it illustrates) for every ``examples`` entry and
    ``example`` of a schema and its subschemas, each subschema once."""
    target = resolve(model, schema)
    place = (str(target.doc.path), target.pointer)
    if place in seen or not isinstance(target.value, dict):
        return
    seen.add(place)
    examples = target.child("examples")
    if examples is not None and isinstance(examples.value, list):
        for index in range(len(examples.value)):
            example = examples.child(index)
            if example is not None:
                yield example, target
    single = target.child("example")
    if single is not None:
        yield single, target
    children: list[Node] = []
    for keyword in ("properties", "patternProperties"):
        holder = target.child(keyword)
        if holder is not None and isinstance(holder.value, dict):
            children += [c for k in holder.value if (c := holder.child(str(k))) is not None]
    for keyword in ("items", "additionalProperties", "not"):
        child = target.child(keyword)
        if child is not None and isinstance(child.value, dict):
            children.append(child)
    for keyword in _BRANCHES:
        branches = target.child(keyword)
        if branches is not None and isinstance(branches.value, list):
            children += [c for i in range(len(branches.value))
                         if (c := branches.child(i)) is not None]
    for child in children:
        yield from _schema_examples(model, child, seen)


def _message_examples(message: Message) -> Iterator[tuple[Node, Schema]]:
    """(an example's payload or headers, the schema it illustrates)."""
    examples = message.fields.get("examples")
    if examples is None or not isinstance(examples.value, list):
        return
    for index in range(len(examples.value)):
        entry = examples.child(index)
        if entry is None or not isinstance(entry.value, dict):
            continue
        for part, schema in (("payload", message.payload), ("headers", message.headers)):
            value = entry.child(part)
            if value is not None and schema is not None:
                yield value, schema


@rule("examples-valid", Severity.WARN,
      "Message examples (examples[].payload and .headers) and schema examples are valid "
      "against their schemas: they end up in documentation, mocks and consumer tests, "
      "where a wrong example misleads every reader.",
      "correct the example (or the schema, if the example shows what is really sent)")
def examples_valid(model: AsyncAPIModel, options: LintOptions) -> Iterator[Hit]:
    validate: Validate | None = None
    done: set[tuple[str, str]] = set()
    seen: set[tuple[str, str]] = set()
    for message in model.messages:
        pairs: list[tuple[Node, Schema, Node]] = []
        for value, schema in _message_examples(message):
            if schema.json_schema and schema.node is not None:
                pairs.append((value, schema, schema.node))
        for part in (message.payload, message.headers):
            if part is not None and part.json_schema and part.node is not None:
                pairs += [(value, part, sub)
                          for value, sub in _schema_examples(model, part.node, seen)]
        for value, schema, node in pairs:
            key = (str(value.doc.path), value.pointer)
            if key in done:
                continue
            done.add(key)
            validate = validate or _make_validate(model)
            problem = validate(schema, node, value.value)
            if problem is not None:
                yield Hit(f"the example does not match its schema: {problem}", value.location)
