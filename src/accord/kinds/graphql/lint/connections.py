"""Lists: collections are paginated with cursor connections (the GraphQL Cursor
Connections specification, Relay's), and declared connections follow the specification.

A collection is a list of entities: objects (or interfaces, or unions of them) with an
``id: ID``, which a service stores and which grow without bound. Lists of values
without an identity (``reactionGroups``, the weeks of a calendar) are small and
fixed by their owner, so they stay plain lists. A list is bounded, and fine, when it
takes a page size with a default or a required one (``relatedTopics(first: Int = 3)``)
or looks up the keys it is given (``nodes(ids: [ID!]!)``), and when it is part of a
connection (``nodes``), of a mutation's payload (the elements the mutation changed)
or of a subscription's events.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
)

from accord.core.finding import Severity
from accord.kinds.graphql.lint.base import (
    Composite,
    Coordinate,
    composites,
    has_default,
    is_entity,
    is_list,
    member_where,
    mutations,
    named,
    named_types,
    rule,
    schema_of,
    type_where,
)
from accord.kinds.graphql.model import GraphQLModel
from accord.lint.rule import Hit, LintOptions

#: Arguments that bound how many elements a list returns.
_SIZE_ARGS = frozenset({"first", "last", "limit", "top", "take", "size", "pagesize", "count",
                        "max", "maxresults", "perpage"})


def payload_names(schema: GraphQLSchema) -> set[str]:
    """The types mutations return (their payloads)."""
    return {named(f.type).name for _, f in mutations(schema)}


def is_connection(of: GraphQLNamedType) -> bool:
    return of.name.endswith("Connection")


def _bounded(field: GraphQLField) -> bool:
    for name, arg in field.args.items():
        defaulted = has_default(arg)
        required = isinstance(arg.type, GraphQLNonNull) and not defaulted
        if name.lower() in _SIZE_ARGS and (required or defaulted):
            return True
        if required and is_list(arg.type):  # a lookup by the keys given
            return True
    return False


@rule("collection-connection", Severity.WARN,
      "A field that returns a list of entities (objects with an id: ID, which a service "
      "stores and which grow without bound) is a cursor connection (first/after, "
      "edges/node, pageInfo): a plain list returns the whole collection in one response, "
      "and cannot be paged through consistently while it changes. Lists in connections, "
      "mutation payloads and subscriptions, lookups by keys and lists bounded by a page "
      "size are fine.",
      "return a connection, e.g. friends(first: Int, after: String): UserConnection!, with "
      "UserConnection { edges: [UserEdge!]!, pageInfo: PageInfo! } and "
      "UserEdge { cursor: String!, node: User! }")
def collection_connection(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    exempt = payload_names(schema)
    # A subscription pushes events as they happen: nothing there to page through.
    if schema.subscription_type is not None:
        exempt.add(schema.subscription_type.name)
    for owner in composites(schema):
        if is_connection(owner) or owner.name.endswith("Edge") or owner.name in exempt:
            continue
        for name, field in owner.fields.items():
            element = named(field.type)
            if not is_list(field.type) or not is_entity(element) or _bounded(field):
                continue
            coordinate = Coordinate(owner.name, name)
            yield Hit(f"{coordinate} returns a plain list of {element.name} ({field.type}), "
                      "a collection that can grow without bound",
                      member_where(model, coordinate, field))


def _edge_problems(edge: GraphQLNamedType) -> Iterator[str]:
    if not isinstance(edge, GraphQLObjectType | GraphQLInterfaceType):
        yield f"its edge type {edge.name} is not an object type"
        return
    node, cursor = edge.fields.get("node"), edge.fields.get("cursor")
    if node is None:
        yield f"its edge type {edge.name} has no node field"
    elif is_list(node.type):
        yield f"{edge.name}.node is a list ({node.type}); it holds one element"
    if cursor is None:
        yield f"its edge type {edge.name} has no cursor field"
    elif is_list(cursor.type) or not isinstance(named(cursor.type), GraphQLScalarType):
        yield f"{edge.name}.cursor is {cursor.type}, not an opaque string (String or a scalar)"


def _page_info_problems(page_info: GraphQLField) -> Iterator[str]:
    of = named(page_info.type)
    if not isinstance(page_info.type, GraphQLNonNull) or is_list(page_info.type):
        yield f"pageInfo is {page_info.type}, not a non-null {of.name}"
    if not isinstance(of, GraphQLObjectType):
        yield f"pageInfo's type {of.name} is not an object type"
        return
    for flag in ("hasNextPage", "hasPreviousPage"):
        found = of.fields.get(flag)
        if found is None or str(found.type) != "Boolean!":
            shown = f"is {found.type}" if found is not None else "is missing"
            yield f"{of.name}.{flag} {shown}, not Boolean!"
    for cursor in ("startCursor", "endCursor"):
        found = of.fields.get(cursor)
        if found is None:
            yield f"{of.name}.{cursor} is missing"
        elif is_list(found.type) or not isinstance(named(found.type), GraphQLScalarType):
            yield f"{of.name}.{cursor} is {found.type}, not an opaque string"


def _connection_problems(connection: GraphQLNamedType) -> Iterator[str]:
    if not isinstance(connection, GraphQLObjectType | GraphQLInterfaceType):
        yield "it is not an object type"
        return
    edges, page_info = connection.fields.get("edges"), connection.fields.get("pageInfo")
    if edges is None:
        yield "it has no edges field"
    elif not is_list(edges.type):
        yield f"edges is {edges.type}, not a list of edges"
    else:
        yield from _edge_problems(named(edges.type))
    if page_info is None:
        yield "it has no pageInfo field"
    else:
        yield from _page_info_problems(page_info)


@rule("connection-spec", Severity.WARN,
      "A type named *Connection follows the GraphQL Cursor Connections specification: an "
      "object type with edges (a list of edge objects, each with a cursor and a node) and "
      "pageInfo: PageInfo! (hasNextPage: Boolean!, hasPreviousPage: Boolean!, startCursor, "
      "endCursor). Relay, Apollo and urql paginate by these names.",
      "complete the connection as the message says, e.g. type UserConnection "
      "{ edges: [UserEdge!]!, pageInfo: PageInfo! }")
def connection_spec(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for connection in named_types(schema):
        if not is_connection(connection):
            continue
        problems = list(dict.fromkeys(_connection_problems(connection)))
        if problems:
            yield Hit(f"connection {connection.name} does not follow the Cursor Connections "
                      f"specification: {'; '.join(problems)}", type_where(model, connection))


def _cursor_like(arg: GraphQLArgument | None) -> bool:
    return arg is not None and not is_list(arg.type) and isinstance(
        named(arg.type), GraphQLScalarType)


def _count_like(arg: GraphQLArgument | None) -> bool:
    return arg is not None and not is_list(arg.type) and named(arg.type).name == "Int"


def _paged(field: GraphQLField) -> bool:
    args = field.args
    forward = _count_like(args.get("first")) and _cursor_like(args.get("after"))
    backward = _count_like(args.get("last")) and _cursor_like(args.get("before"))
    return forward or backward


def _connection_fields(schema: GraphQLSchema) -> Iterator[tuple[Composite, str, GraphQLField]]:
    for owner in composites(schema):
        for name, field in owner.fields.items():
            if not is_list(field.type) and is_connection(named(field.type)):
                yield owner, name, field


@rule("connection-arguments", Severity.WARN,
      "A field that returns a connection takes the specification's paging arguments: "
      "first: Int with after (forward), last: Int with before (backward), or both pairs; "
      "clients page with exactly these names.",
      "add first: Int and after: String (and last: Int, before: String to page backwards)")
def connection_arguments(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for owner, name, field in _connection_fields(schema):
        if _paged(field):
            continue
        coordinate = Coordinate(owner.name, name)
        have = ", ".join(field.args) or "none"
        yield Hit(f"{coordinate} returns the connection {named(field.type).name} but takes "
                  f"no first/after or last/before pair (its arguments: {have})",
                  member_where(model, coordinate, field))
