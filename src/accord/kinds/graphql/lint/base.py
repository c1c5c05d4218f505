"""What the GraphQL lint rules share: registration, the schema to read, its elements
and where each is written.

Findings are located at the element's line in SDL (its JSON path in an
introspection result) and carry a pointer made of the element's schema coordinate,
``/User/friends/first`` for ``User.friends(first:)``, so that an ``ignore`` entry of
the ``lint`` section can name a type and cover all of its fields.
"""

from __future__ import annotations

import contextlib
import functools
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLInputField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
    GraphQLUnionType,
    Undefined,
    build_ast_schema,
    is_introspection_type,
    is_specified_scalar_type,
)
from graphql.language import Node, NullValueNode

from accord.core.finding import Severity
from accord.core.location import Location
from accord.kinds.graphql.lint.owners import ownership
from accord.kinds.graphql.model import GraphQLModel
from accord.kinds.graphql.validation import schema_document
from accord.lint.rule import Check, Hit, LintOptions, LintRule, registrar

#: Every built-in rule, in registration order (the order of the family modules).
RULES: list[LintRule] = []


_register = registrar(RULES)


def rule(rule_id: str, severity: Severity, description: str, hint: str, *,
         recommended: bool = True, everywhere: bool = False) -> Callable[[Check], Check]:
    """``@rule(id, severity, description, hint)`` registers a check in RULES. Its
    findings on elements the schema's authors do not own (a platform's definitions,
    what another Federation subgraph owns: :mod:`.owners`) are dropped, unless the
    check runs ``everywhere`` (validity)."""
    def register(check: Check) -> Check:
        _register(rule_id, severity, description, hint, recommended=recommended)(
            check if everywhere else _owned_only(check))
        return check

    return register


def _owned_only(check: Check) -> Check:
    @functools.wraps(check)
    def owned(model: Any, options: LintOptions) -> Iterable[Hit]:
        found = ownership(model) if isinstance(model, GraphQLModel) else None
        hits = check(model, options)
        if found is None:
            return hits
        return (hit for hit in hits if found.owned(hit.location.pointer or ""))

    return owned


# --- the schema ------------------------------------------------------------------------

_FALLBACK: weakref.WeakKeyDictionary[GraphQLModel, GraphQLSchema | None] = (
    weakref.WeakKeyDictionary())


def schema_of(model: GraphQLModel) -> GraphQLSchema | None:
    """The schema the rules read: the valid one, else (SDL that graphql-core rejects)
    the one it builds without validation when it can, so a duplicate field does not
    hide every other finding; None when not even that builds."""
    if model.schema is not None:
        return model.schema
    if not model.documents:
        return None
    try:
        if model in _FALLBACK:
            return _FALLBACK[model]
    except TypeError:  # a model that takes no weak reference: build each time
        pass
    built: GraphQLSchema | None
    try:
        built = build_ast_schema(schema_document(model), assume_valid=True,
                                 assume_valid_sdl=True)
    except Exception:  # an invalid schema: graphql-schema-valid reports why
        built = None
    with contextlib.suppress(TypeError):
        _FALLBACK[model] = built
    return built


Composite = GraphQLObjectType | GraphQLInterfaceType


def named_types(schema: GraphQLSchema) -> Iterator[GraphQLNamedType]:
    """The schema's own types: not the introspection types nor the built-in scalars."""
    for named in schema.type_map.values():
        if is_introspection_type(named) or is_specified_scalar_type(named):
            continue
        yield named


def composites(schema: GraphQLSchema) -> Iterator[Composite]:
    """Object and interface types (the types with output fields)."""
    for named in named_types(schema):
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            yield named


def mutations(schema: GraphQLSchema) -> Iterator[tuple[str, GraphQLField]]:
    if schema.mutation_type is not None:
        yield from schema.mutation_type.fields.items()


def unwrap(of: GraphQLType) -> GraphQLType:
    """Without an outer non-null: ``[User!]!`` -> ``[User!]``."""
    return of.of_type if isinstance(of, GraphQLNonNull) else of


def named(of: GraphQLType) -> GraphQLNamedType:
    """The named type inside the wrappers: ``[User!]!`` -> ``User``."""
    while isinstance(of, GraphQLNonNull | GraphQLList):
        of = of.of_type
    assert isinstance(of, GraphQLNamedType)
    return of


def has_default(arg: GraphQLArgument) -> bool:
    """True when the argument declares a default (other than null): graphql-core 3.3
    keeps a default written in SDL in ``default``, one from code in ``default_value``."""
    default = getattr(arg, "default", None)
    if default is not None:
        literal = getattr(default, "literal", None)
        if literal is not None:
            return not isinstance(literal, NullValueNode)
        value = getattr(default, "value", None)
    else:
        value = arg.default_value
    return value is not Undefined and value is not None


def is_list(of: GraphQLType) -> bool:
    return isinstance(unwrap(of), GraphQLList)


def is_entity(of: GraphQLNamedType) -> bool:
    """A type whose values have an identity: an object or interface type with an ``id``
    field of type ID (``Node`` and its implementations), or a union of such types."""
    if isinstance(of, GraphQLUnionType):
        return any(is_entity(member) for member in of.types)
    if isinstance(of, GraphQLObjectType | GraphQLInterfaceType):
        found = of.fields.get("id")
        return found is not None and named(found.type).name == "ID"
    return False


_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def words(name: str) -> list[str]:
    """``createPaymentIntent`` / ``create_payment`` -> lower-case words."""
    return [w.lower() for w in _WORD.findall(name)]


def normalise(name: str) -> str:
    """``idempotency_key`` / ``idempotencyKey`` -> ``idempotencykey``."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


# --- elements and where they are -------------------------------------------------------

Member = GraphQLField | GraphQLInputField | GraphQLArgument | GraphQLEnumValue


@dataclass(frozen=True, slots=True)
class Coordinate:
    """A schema coordinate: ``User``, ``User.name``, ``User.friends(first:)``."""

    type: str
    member: str | None = None
    arg: str | None = None

    def __str__(self) -> str:
        if self.member is None:
            return self.type
        text = f"{self.type}.{self.member}"
        return text if self.arg is None else f"{text}({self.arg}:)"

    @property
    def pointer(self) -> str:
        return "/" + "/".join(p for p in (self.type, self.member, self.arg) if p is not None)

    def of(self, member: str) -> Coordinate:
        return Coordinate(self.type, member)

    def with_arg(self, arg: str) -> Coordinate:
        return Coordinate(self.type, self.member, arg)


def where(model: GraphQLModel, coordinate: Coordinate, node: Node | None = None) -> Location:
    """The element's location, with the coordinate as its pointer: in SDL, the line and
    column of ``node``'s name (a definition's, not its description's), or of ``node``
    itself (a directive); in introspection, the element's place in the JSON."""
    if node is not None and hasattr(node, "description"):
        node = getattr(node, "name", None) or node
    loc = node.loc if node is not None else None
    if loc is None or loc.source is None:
        return replace(model.coordinate_location(str(coordinate)), pointer=coordinate.pointer)
    # The token knows its line: no scan of a large file from its start.
    token = loc.start_token
    return Location(coordinate.pointer, loc.source.name, token.line, token.column)


def node_of(element: GraphQLNamedType | Member) -> Node | None:
    found: Any = element.ast_node
    return found if isinstance(found, Node) else None


def type_where(model: GraphQLModel, of: GraphQLNamedType) -> Location:
    return where(model, Coordinate(of.name), node_of(of))


def member_where(model: GraphQLModel, coordinate: Coordinate, element: Member) -> Location:
    return where(model, coordinate, node_of(element))


def described(text: str | None) -> bool:
    return bool(text and text.strip())

