"""accord's light form of a GraphQL schema: definitions by name, as the diff reads them.

Built from SDL by :mod:`accord.kinds.graphql.sdl` and from introspection JSON by
:mod:`accord.kinds.graphql.introspection`. Types are written as in SDL
(``[String!]!``), values (defaults, directive arguments) in one canonical printed
form, descriptions as :class:`Text` (decoded when read). Each element remembers where it is
written (``file`` and ``at``: an offset in SDL, a JSON pointer in introspection);
:meth:`Definitions.where` turns that into a :class:`Location` only when reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from accord.core.location import Location

if TYPE_CHECKING:
    from accord.kinds.graphql.platform import Platform

#: The built-in scalars every schema has.
BUILTIN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})
#: The directives every schema has without defining them.
BUILTIN_DIRECTIVES = frozenset({"skip", "include", "deprecated", "specifiedBy", "oneOf"})
#: What ``@deprecated`` without a reason means.
DEFAULT_DEPRECATION = "No longer supported"
ROOT_OPERATIONS = ("query", "mutation", "subscription")
DEFAULT_ROOTS = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}


class Text:
    """A description: the string token as written, decoded only when read or when two
    tokens differ (block strings are compared by their value, not their layout)."""

    __slots__ = ("_value", "token")

    def __init__(self, token: str, value: str | None = None) -> None:
        self.token = token
        self._value = value

    @classmethod
    def of(cls, value: str) -> Text:
        import json

        return cls(json.dumps(value, ensure_ascii=False), value)

    @property
    def value(self) -> str:
        if self._value is None:
            from accord.kinds.graphql.strings import string_value

            self._value = string_value(self.token)
        return self._value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Text):
            return NotImplemented
        return self.token == other.token or self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Text({self.value!r})"


@dataclass(slots=True)
class Use:
    """One directive applied to an element: ``@name(arg: value)``."""

    name: str
    args: dict[str, str]
    file: int = 0
    at: int | str = 0


@dataclass(slots=True)
class Member:
    """A field, an argument, an input field or an enum value."""

    name: str
    #: The type as written in SDL (``[ID!]``); empty for enum values.
    type: str = ""
    description: Text | None = None
    args: dict[str, Member] = field(default_factory=dict)
    #: The default value, printed canonically (arguments and input fields).
    default: str | None = None
    directives: list[Use] = field(default_factory=list)
    file: int = 0
    at: int | str = 0

    @property
    def deprecation(self) -> str | None:
        """The deprecation reason (the default one when ``@deprecated`` has none);
        None when the element is not deprecated."""
        for use in self.directives:
            if use.name == "deprecated":
                reason = use.args.get("reason")
                return decode_string(reason) if reason is not None else DEFAULT_DEPRECATION
        return None


@dataclass(slots=True)
class TypeDef:
    """A named type: ``kind`` is OBJECT, INTERFACE, UNION, ENUM, INPUT_OBJECT or SCALAR."""

    name: str
    kind: str
    description: Text | None = None
    #: Fields (objects, interfaces) or input fields (input objects).
    fields: dict[str, Member] = field(default_factory=dict)
    interfaces: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    values: dict[str, Member] = field(default_factory=dict)
    directives: list[Use] = field(default_factory=list)
    file: int = 0
    at: int | str = 0


@dataclass(slots=True)
class DirectiveDef:
    name: str
    description: Text | None = None
    args: dict[str, Member] = field(default_factory=dict)
    locations: list[str] = field(default_factory=list)
    #: None when unknown (an introspection result queried without ``isRepeatable``).
    repeatable: bool | None = False
    file: int = 0
    at: int | str = 0


@dataclass(slots=True)
class Root:
    """One root operation type (``query: Query``)."""

    type: str
    file: int = 0
    at: int | str = 0


@dataclass(slots=True)
class Definitions:
    types: dict[str, TypeDef] = field(default_factory=dict)
    directives: dict[str, DirectiveDef] = field(default_factory=dict)
    #: Root operation types, explicit (``schema { ... }``) or by the default names.
    roots: dict[str, Root] = field(default_factory=dict)
    schema_description: Text | None = None
    #: True when a ``schema { ... }`` definition names the root types.
    schema_defined: bool = False
    schema_directives: list[Use] = field(default_factory=list)
    #: Extensions of types that are not defined: (name, file, at), for validation.
    orphan_extensions: list[tuple[str, int, int | str]] = field(default_factory=list)
    #: Elements defined twice: (what, file, at, file of the first, at of the first).
    duplicates: list[tuple[str, int, int | str, int, int | str]] = field(default_factory=list)
    #: The platform the schema is written for (a Federation subgraph, AppSync), whose
    #: definitions were added to it; None for none.
    platform: Platform | None = None
    #: Types known only from extensions, read as their definitions (a Federation
    #: subgraph's ``extend type User @key(fields: "id")``).
    adopted: set[str] = field(default_factory=set)
    #: Turns (file, at) into a Location.
    locator: Callable[[int, int | str], Location] = field(
        default=lambda file, at: Location(), repr=False)

    def where(self, element: Element) -> Location:
        return self.locator(element.file, element.at)

    def locate(self, coordinate: str) -> Location:
        """Where a schema coordinate is defined; the first file when it is not found."""
        found = self.find(coordinate)
        return self.where(found) if found is not None else self.locator(0, "")

    def find(self, coordinate: str) -> TypeDef | Member | DirectiveDef | None:
        if coordinate.startswith("@"):
            name, _, arg = coordinate[1:].partition("(")
            directive = self.directives.get(name)
            if directive is None or not arg:
                return directive
            return directive.args.get(arg.rstrip(":)"))
        type_name, _, rest = coordinate.partition(".")
        typedef = self.types.get(type_name)
        if typedef is None or not rest:
            return typedef
        name, _, arg = rest.partition("(")
        member = typedef.fields.get(name) or typedef.values.get(name)
        if member is None or not arg:
            return member
        return member.args.get(arg.rstrip(":)"))

    def root_name(self, operation: str) -> str | None:
        root = self.roots.get(operation)
        return root.type if root is not None else None


#: Anything that remembers where it is written.
Element = TypeDef | Member | DirectiveDef | Use | Root


def decode_string(printed: str) -> str:
    """The text of a canonically printed string value (a JSON string)."""
    import json

    try:
        value = json.loads(printed)
    except ValueError:
        return printed
    return value if isinstance(value, str) else printed


def named_type(type_ref: str) -> str:
    """``[User!]!`` -> ``User``."""
    return type_ref.strip("[]!")


def wrappers(type_ref: str) -> str:
    """The wrapping of a type without its name: ``[User!]!`` -> ``[!]!``."""
    name = named_type(type_ref)
    return type_ref.replace(name, "", 1)


def list_item(type_ref: str) -> str | None:
    """The item type of a list type (``[Int!]!`` -> ``Int!``); None for other types."""
    bare = type_ref[:-1] if type_ref.endswith("!") else type_ref
    return bare[1:-1] if bare.startswith("[") else None


def canonical_number(token: str) -> str:
    """A number token as the number it denotes: a float in its shortest form, written
    as an integer when it is one (``1.0``, ``1.00`` and ``1e0`` are all ``1``)."""
    if not any(mark in token for mark in ".eE"):
        return token
    number = float(token)
    if number.is_integer() and abs(number) < 1e21:
        return str(int(number))
    return repr(number)
