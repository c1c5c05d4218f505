"""Validity: the documents make a valid schema (graphql-core, the reference
implementation, builds and validates it).

``GraphQLKind.load_lenient`` keeps graphql-core's validation problems in
``GraphQLModel.errors`` (a field defined twice, an unknown type, an object that
does not implement its interface's fields, ...); ``graphql-schema-valid`` reports
each one where it is written, and the other rules still read what can be built.
Problems that only the working draft of the specification defines (graphql-core 3.3
marks them not fatal) are ``graphql-schema-draft`` warnings: published schemas such
as GitHub's predate them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from graphql.language import Node

from accord.core.finding import Severity
from accord.core.location import Location
from accord.kinds.graphql.lint.base import Coordinate, rule
from accord.kinds.graphql.model import GraphQLModel
from accord.lint.rule import Hit, LintOptions

RULE_ID = "graphql-schema-valid"
DRAFT_RULE_ID = "graphql-schema-draft"


def _hits(model: GraphQLModel, *, fatal: bool) -> Iterator[Hit]:
    used: dict[str, int] = {}
    for problem in model.errors:
        if getattr(problem, "fatal", True) is not fatal:
            continue
        pointer = problem.location.pointer or _enclosing(model, problem.location)
        # Two problems of one element stay two findings (the engine keeps one per pointer).
        used[pointer] = used.get(pointer, 0) + 1
        if used[pointer] > 1:
            pointer = f"{pointer}/{used[pointer]}"
        yield Hit(problem.message, replace(problem.location, pointer=pointer),
                  hint=problem.hint or None)


@rule(RULE_ID, Severity.ERROR,
      "The documents make a valid GraphQL schema: no type, field or argument defined "
      "twice, every referenced type and directive defined, objects implement their "
      "interfaces' fields. Servers, code generators and gateways refuse an invalid schema.",
      "fix the element as the message says; the GraphQL specification's type system "
      "validation gives each requirement")
def schema_valid(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    return _hits(model, fatal=True)


@rule(DRAFT_RULE_ID, Severity.WARN,
      "The schema also passes the validation rules that the working draft of the GraphQL "
      "specification adds (graphql-js 17, graphql-core 3.3), such as: a field is not "
      "deprecated while the interface field it implements is not. Servers built on "
      "those versions refuse the schema; published schemas (GitHub's) predate some rules.",
      "fix the element as the message says (deprecate the interface field too, or drop "
      "the implementation's deprecation)", everywhere=True)
def schema_draft(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    return _hits(model, fatal=False)


def _contains(node: Node, line: int, column: int) -> bool:
    loc = node.loc
    if loc is None:
        return False
    start, end = loc.start_token, loc.end_token
    last = end.column + max(1, len(end.value or ""))
    return (start.line, start.column) <= (line, column) <= (end.line, last)


def _name(node: Any) -> str | None:
    name = getattr(node, "name", None)
    return getattr(name, "value", None)


def _inside(nodes: Sequence[Any] | None, line: int, column: int) -> Any | None:
    for node in nodes or ():
        if isinstance(node, Node) and _contains(node, line, column):
            return node
    return None


def _enclosing(model: GraphQLModel, location: Location) -> str:
    """The coordinate of the element written at ``location`` (the innermost
    definition, field, argument or enum value around it), as a pointer; empty when
    none encloses it."""
    if location.line is None:
        return ""
    line, column = location.line, location.column or 1
    for display, document in model.documents:
        if display != location.file:
            continue
        definition = _inside(document.definitions, line, column)
        type_name = _name(definition)
        if definition is None or type_name is None:
            return "/schema" if definition is not None else ""
        if type(definition).__name__.startswith("Directive"):
            type_name = "@" + type_name
        member = _inside(getattr(definition, "fields", None) or getattr(
            definition, "values", None), line, column)
        args = getattr(member if member is not None else definition, "arguments", None)
        arg = _inside(args, line, column)
        if member is None and arg is not None:  # a directive definition's argument
            return Coordinate(type_name, _name(arg)).pointer
        coordinate = Coordinate(type_name, _name(member) if member is not None else None,
                                _name(arg) if arg is not None else None)
        return coordinate.pointer
    return ""
