"""Data: examples are valid against their schemas (they end up in docs, mocks and SDK
tests, where a wrong example misleads every reader).

Validated with the ``jsonschema`` library: OpenAPI 3.0 and Swagger 2.0 schemas as
JSON Schema draft 4 with ``nullable: true`` honoured, OpenAPI 3.1 as 2020-12.
``$ref`` inside a schema resolves in the workspace's documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

from accord.core.finding import Severity
from accord.kinds.openapi.lint.base import all_schemas, deref, rule
from accord.kinds.openapi.model import MediaType, OpenAPIModel
from accord.lint.rule import Hit, LintOptions
from accord.source import Node

#: The validation message is cut to this many characters (it quotes the instance).
_MESSAGE_LIMIT = 200
_MEMO = "lint.example-validators"

Validate = Callable[[Node, Any], str | None]


def _nullable(original: Any) -> Any:
    """A draft 4 keyword that lets ``None`` through where the schema says ``nullable``."""

    def check(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
        if instance is None and isinstance(schema, dict) and schema.get("nullable") is True:
            return
        yield from original(validator, value, instance, schema)

    return check


def _validator_class(dialect: str) -> Any:
    from jsonschema import Draft4Validator, Draft202012Validator, validators

    if dialect == "oas31":
        return Draft202012Validator
    keywords = Draft4Validator.VALIDATORS
    return validators.extend(Draft4Validator, {  # type: ignore[no-untyped-call]
        "type": _nullable(keywords["type"]), "enum": _nullable(keywords["enum"])})


def _short(text: str) -> str:
    return text if len(text) <= _MESSAGE_LIMIT else text[:_MESSAGE_LIMIT - 3] + "..."


def _make_validate(model: OpenAPIModel) -> Validate:
    """A validation function over the model's documents (memoised per model)."""
    memo = model.workspace.memo
    found: Validate | None = memo.get(_MEMO)
    if found is not None:
        return found
    from jsonschema.exceptions import best_match
    from referencing import Registry
    from referencing.jsonschema import DRAFT4, DRAFT202012

    spec = DRAFT202012 if model.dialect == "oas31" else DRAFT4
    registry: Registry[Any] = Registry().with_resources(
        (doc.path.as_uri(), spec.create_resource(doc.data))
        for doc in model.workspace.documents())
    cls = _validator_class(model.dialect)
    validators: dict[tuple[str, str], Any] = {}

    def validate(schema: Node, instance: Any) -> str | None:
        key = (schema.doc.path.as_uri(), schema.pointer)
        validator = validators.get(key)
        if validator is None:
            ref = f"{key[0]}#{quote(schema.pointer, safe='/~')}"
            validator = validators[key] = cls({"$ref": ref}, registry=registry)
        try:
            error = best_match(validator.iter_errors(instance))
        except (RecursionError, re.error, LookupError, TypeError, ValueError):
            return None  # a schema the validator cannot use: other rules report it
        if error is None:
            return None
        path = error.json_path if error.absolute_path else ""
        return _short(error.message) + (f" (at {path})" if path else "")

    memo[_MEMO] = validate
    return validate


def _example_values(model: OpenAPIModel, holder: Node) -> Iterator[Node]:
    """``example``, and each ``examples`` entry's ``value``, of a media type or parameter."""
    single = holder.child("example")
    if single is not None:
        yield single
    examples = holder.child("examples")
    if examples is None or not isinstance(examples.value, dict):
        return
    for name in examples.value:
        entry = examples.child(str(name))
        if entry is None or str(name).startswith("x-"):
            continue
        found = deref(model, entry).child("value")
        if found is not None:
            yield found


def _media(model: OpenAPIModel) -> Iterator[MediaType]:
    for op in model.operations.values():
        if op.request_body is not None:
            yield from op.request_body.content.values()
        for response in op.responses.values():
            yield from response.content.values()


def _pairs(model: OpenAPIModel) -> Iterator[tuple[Node, Node]]:
    """(an example, the schema it illustrates), each example once."""
    if model.dialect != "swagger2":
        for media in _media(model):
            if media.schema is not None:
                for value in _example_values(model, media.node):
                    yield value, media.schema
        for op in model.operations.values():
            for param in op.parameters.values():
                if param.schema is not None and param.content_type is None:
                    for value in _example_values(model, param.node):
                        yield value, param.schema
    for schema, _ in all_schemas(model):
        example = schema.child("example")
        if example is not None:
            yield example, schema


@rule("examples-valid", Severity.WARN,
      "Examples (a media type's or parameter's example/examples, a schema's example) are "
      "valid against their schemas: they end up in documentation, mocks and SDK tests, "
      "where a wrong example misleads every reader.",
      "correct the example (or the schema, if the example shows what the API really does)")
def valid_examples(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    seen: set[tuple[int, str]] = set()
    validate: Validate | None = None
    for value, schema in _pairs(model):
        key = (id(value.doc), value.pointer)
        if key in seen:
            continue
        seen.add(key)
        validate = validate or _make_validate(model)
        problem = validate(schema, value.value)
        if problem is not None:
            yield Hit(f"the example does not match its schema: {problem}", value.location)
