"""graphql-core's view of a contract: parsed documents, the built schema, its problems.

A schema written for a platform (:mod:`accord.kinds.graphql.platform`) is built with
the platform's definitions, and a Federation subgraph's extensions of undefined
object types and interfaces as their definitions; a subgraph needs no query root
type (the router's supergraph has one). Problems never point into the platform's
definitions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location
from accord.kinds.graphql.model import SchemaProblem, line_column
from accord.kinds.graphql.prelude import PRELUDE

if TYPE_CHECKING:
    from graphql import DefinitionNode, DocumentNode, GraphQLError, GraphQLSchema

    from accord.kinds.graphql.model import GraphQLModel, SourceFile
    from accord.kinds.graphql.platform import Platform

#: Problems that do not stop the schema from being built.
_SOFT = re.compile(r"is not deprecated, so implementation field .* must not be deprecated")
_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"can only be defined once|There can be only one|already exists"),
     "remove or rename one of the definitions"),
    (re.compile(r"Unknown type"), "define the type, or correct its name"),
    (re.compile(r"Unknown directive"), "define the directive, or correct its name"),
    (re.compile(r"Interface field .* expected but"),
     "add the interface's field to the type (with a compatible type and the same arguments)"),
    (re.compile(r"Interface field argument .* expected but"),
     "give the field the interface's arguments"),
    (re.compile(r"must be an Output Type|must be an output type"),
     "use an object, interface, union, enum or scalar type for fields"),
    (re.compile(r"must be an Input Type|must be an input type"),
     "use an input object, enum or scalar type for arguments and input fields"),
    (re.compile(r"Root type|root type"), "make the root operation types object types"),
    (_SOFT, "deprecate the interface's field too, or stop deprecating the implementation's"),
)
_DUPLICATE = re.compile(r"can only be defined once|There can be only one|already exists")
_UNKNOWN_DIRECTIVE = re.compile(r"Unknown directive '@([_A-Za-z][_0-9A-Za-z]*)'")
#: What a Federation subgraph may leave to the supergraph.
_SUBGRAPH_OPTIONAL = frozenset({"Query root type must be provided."})
_DEFAULT_HINT = "fix the schema: graphql-core (the reference implementation) rejects it"


def hint_for(message: str) -> str:
    for pattern, hint in _HINTS:
        if pattern.search(message):
            return hint
    return _DEFAULT_HINT


def parse_documents(files: tuple[SourceFile, ...]) -> tuple[tuple[str, DocumentNode], ...]:
    """Each SDL file parsed by graphql-core; AccordError on a syntax error."""
    from graphql import GraphQLSyntaxError, Source, parse

    documents = []
    for file in files:
        try:
            documents.append((file.display, parse(Source(file.text, file.display))))
        except GraphQLSyntaxError as exc:
            line = column = None
            if exc.positions:
                line, column = line_column(file.text, next(iter(exc.positions)))
            raise AccordError(
                ErrorCode.INVALID_SYNTAX,
                f"GraphQL syntax error: {exc.message.removeprefix('Syntax Error: ')}",
                location=Location("", file.display, line, column),
                hint="fix the SDL at this place",
            ) from None
    return tuple(documents)


def build(model: GraphQLModel) -> tuple[GraphQLSchema | None, tuple[SchemaProblem, ...]]:
    """The schema graphql-core builds from the model, and its validation problems."""
    from graphql import build_ast_schema, validate_schema
    from graphql.validation.validate import validate_sdl

    schema: GraphQLSchema | None
    if model.source_kind == "introspection":
        schema, problem = _client_schema(model)
        if problem is not None:
            return None, (problem,)
    else:
        document = schema_document(model)
        errors = validate_sdl(document)
        if errors:
            return None, tuple(_problem(model, e) for e in errors)
        schema = build_ast_schema(document, assume_valid_sdl=True)
    assert schema is not None
    # The draft rules are checked here rather than left to graphql-core, which checks
    # them from 3.3 on only: the findings must not depend on the installed version.
    errors = [e for e in validate_schema(schema) if not _SOFT.search(e.message)]
    platform = model.platform
    if platform is not None and platform.federation is not None:
        errors = [e for e in errors if e.message not in _SUBGRAPH_OPTIONAL]
    errors.extend(_draft_errors(schema))
    problems = tuple(_problem(model, e) for e in errors)
    return (None if any(p.fatal for p in problems) else schema), problems


def schema_document(model: GraphQLModel) -> DocumentNode:
    """The definitions of every file as one document, with the platform's (if any)."""
    from graphql import DocumentNode

    definitions = [d for _, doc in model.documents for d in doc.definitions]
    platform = model.platform
    if platform is not None:
        definitions = _with_platform(definitions, platform)
    return DocumentNode(definitions=tuple(definitions))


def _with_platform(definitions: list[DefinitionNode], platform: Platform
                   ) -> list[DefinitionNode]:
    from graphql import (
        InterfaceTypeDefinitionNode,
        InterfaceTypeExtensionNode,
        ObjectTypeDefinitionNode,
        ObjectTypeExtensionNode,
        Source,
        TypeDefinitionNode,
        parse,
    )

    if platform.sdl:
        definitions = [*definitions, *parse(Source(platform.sdl, PRELUDE)).definitions]
    if platform.federation is None:
        return definitions
    defined = {d.name.value for d in definitions if isinstance(d, TypeDefinitionNode)}
    adopted: list[DefinitionNode] = []
    for node in definitions:
        if isinstance(node, ObjectTypeExtensionNode | InterfaceTypeExtensionNode) \
                and node.name.value not in defined:
            defined.add(node.name.value)
            kind = (ObjectTypeDefinitionNode if isinstance(node, ObjectTypeExtensionNode)
                    else InterfaceTypeDefinitionNode)
            node = kind(loc=node.loc, name=node.name, description=None,
                        directives=node.directives, interfaces=node.interfaces,
                        fields=node.fields)
        adopted.append(node)
    return adopted


def _draft_errors(schema: GraphQLSchema) -> Iterator[GraphQLError]:
    """The working draft's rule for interfaces: an implementation field is deprecated
    only when the interface field it implements is."""
    from graphql import GraphQLError, GraphQLInterfaceType, GraphQLObjectType

    for type_ in schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            continue
        for interface in type_.interfaces:
            if not isinstance(interface, GraphQLInterfaceType):
                continue
            for name, interface_field in interface.fields.items():
                field = type_.fields.get(name)
                if (field is None or field.deprecation_reason is None
                        or interface_field.deprecation_reason is not None):
                    continue
                node = field.ast_node
                directive = next((d for d in (node.directives or ()) if d.name.value
                                  == "deprecated"), None) if node is not None else None
                nodes = [n for n in (directive, node.type if node is not None else None)
                         if n is not None]
                yield GraphQLError(
                    f"Interface field {interface.name}.{name} is not deprecated, so "
                    f"implementation field {type_.name}.{name} must not be deprecated.",
                    nodes or None)


def _client_schema(model: GraphQLModel) -> tuple[GraphQLSchema | None, SchemaProblem | None]:
    from graphql import build_client_schema

    introspection: Any = {"__schema": model.introspection}
    try:
        return build_client_schema(introspection, assume_valid=True), None
    except (TypeError, ValueError, KeyError) as exc:
        message = str(exc).strip() or "the introspection result is malformed"
        return None, SchemaProblem(
            message, model.file_location(),
            "pass the complete result of the standard introspection query")


def _problem(model: GraphQLModel, error: GraphQLError) -> SchemaProblem:
    nodes = [n for n in (error.nodes or ()) if n.loc is not None
             and getattr(n.loc.source, "name", None) != PRELUDE]
    locations = [model.location(n) for n in nodes]
    if len(locations) > 1 and _DUPLICATE.search(error.message):
        locations.reverse()  # the repeated definition first, then the one it repeats
    if not locations:
        locations = [_coordinate_of(model, error.message)]
    soft = _SOFT.search(error.message) is not None
    return SchemaProblem(error.message, locations[0], _hint(model, error.message),
                         tuple(locations[1:]), fatal=not soft)


def _hint(model: GraphQLModel, message: str) -> str:
    """The platform's hint for a directive it names otherwise, else the usual one."""
    unknown = _UNKNOWN_DIRECTIVE.search(message)
    platform = model.platform if unknown is not None else None
    if unknown is not None and platform is not None and unknown.group(1) in platform.hints:
        return platform.hints[unknown.group(1)]
    return hint_for(message)


def _coordinate_of(model: GraphQLModel, message: str) -> Location:
    """For problems without AST nodes (introspection): the first coordinate named."""
    for candidate in re.findall(r"[_A-Za-z][_0-9A-Za-z]*(?:\.[_A-Za-z][_0-9A-Za-z]*)?", message):
        if model.definitions.find(candidate) is not None:
            return model.definitions.locate(candidate)
    return model.file_location()
