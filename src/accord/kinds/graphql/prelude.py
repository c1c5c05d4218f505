"""The definitions a GraphQL platform supplies to the schemas written for it, as SDL.

An Apollo Federation subgraph applies ``@key``, ``@external``, ... without defining
them (the subgraph library and the composition know them), an AWS AppSync schema
uses ``AWSDateTime`` and ``@aws_iam`` likewise. accord reads such a schema with these
definitions added (:mod:`accord.kinds.graphql.platform` decides when); they are the
platform's, not the contract's, and neither the diff nor lint reports them.

Written from the public specifications: Apollo Federation 1 (the subgraph
specification), Federation 2.0 to 2.9 (each element marked with the minor version
that introduced it) with the link specification 1.0, and AWS AppSync's scalars and
directives. Federation 2 elements are named as ``@link`` imports them (see
:class:`Names`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

#: The file name the prelude's definitions are read under (never reported).
PRELUDE = "<platform definitions>"
#: The newest Federation 2 minor version whose definitions are written here.
LATEST_MINOR = 9

_TYPE_SYSTEM = ("FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR "
                "| ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION")
_ACCESS = "FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM"


@dataclass(frozen=True, slots=True)
class Spec:
    """One directive of a platform: arguments as SDL, ``{Type}`` standing for a type of
    the same specification (named as imported), each with the minor version that
    added it."""

    name: str
    locations: str
    args: tuple[tuple[str, int], ...] = ()
    since: int = 0
    #: The minor version from which the directive is repeatable; None: never.
    repeatable: int | None = None


def _d(name: str, locations: str, *args: str | tuple[str, int], since: int = 0,
       repeatable: int | None = None) -> Spec:
    return Spec(name, locations, tuple((a, since) if isinstance(a, str) else a for a in args),
                since, repeatable)


FEDERATION2 = (
    _d("key", "OBJECT | INTERFACE", "fields: {FieldSet}!", "resolvable: Boolean = true",
       repeatable=0),
    _d("requires", "FIELD_DEFINITION", "fields: {FieldSet}!"),
    _d("provides", "FIELD_DEFINITION", "fields: {FieldSet}!"),
    _d("external", "OBJECT | FIELD_DEFINITION", "reason: String"),
    _d("shareable", "OBJECT | FIELD_DEFINITION", repeatable=2),
    _d("inaccessible", _TYPE_SYSTEM),
    _d("override", "FIELD_DEFINITION", "from: String!", ("label: String", 7)),
    _d("tag", _TYPE_SYSTEM + " | SCHEMA", "name: String!", repeatable=0),
    _d("extends", "OBJECT | INTERFACE"),
    _d("composeDirective", "SCHEMA", "name: String!", since=1, repeatable=1),
    _d("interfaceObject", "OBJECT", since=3),
    _d("authenticated", _ACCESS, since=5),
    _d("requiresScopes", _ACCESS, "scopes: [[{Scope}!]!]!", since=5),
    _d("policy", _ACCESS, "policies: [[{Policy}!]!]!", since=6),
    _d("context", "INTERFACE | OBJECT | UNION", "name: String!", since=8, repeatable=8),
    _d("fromContext", "ARGUMENT_DEFINITION", "field: {ContextFieldValue}", since=8),
    _d("cost", "ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT "
       "| SCALAR", "weight: Int!", since=9),
    _d("listSize", "FIELD_DEFINITION", "assumedSize: Int", "slicingArguments: [String!]",
       "sizedFields: [String!]", "requireOneSlicingArgument: Boolean = true", since=9),
)
#: Federation 2's scalars, with the minor version that added each.
FEDERATION2_TYPES = (("FieldSet", 0), ("Scope", 5), ("Policy", 6), ("ContextFieldValue", 8))

FEDERATION1 = (
    _d("key", "OBJECT | INTERFACE", "fields: _FieldSet!", repeatable=0),
    _d("requires", "FIELD_DEFINITION", "fields: _FieldSet!"),
    _d("provides", "FIELD_DEFINITION", "fields: _FieldSet!"),
    _d("external", "FIELD_DEFINITION"),
    _d("extends", "OBJECT | INTERFACE"),
)
FEDERATION1_TYPES = ("_FieldSet",)

#: The scalar a subgraph's ``_entities`` field takes (both versions).
ANY = "_Any"
LINK = "link"
_LINK_SDL = {
    "link": "directive @link(url: String, as: String, for: link__Purpose, "
            "import: [link__Import]) repeatable on SCHEMA",
    "link__Import": "scalar link__Import",
    "link__Purpose": "enum link__Purpose { SECURITY EXECUTION }",
}

APPSYNC = (
    _d("aws_subscribe", "FIELD_DEFINITION", "mutations: [String]"),
    _d("aws_auth", "FIELD_DEFINITION", "cognito_groups: [String]"),
    _d("aws_api_key", "OBJECT | FIELD_DEFINITION"),
    _d("aws_iam", "OBJECT | FIELD_DEFINITION"),
    _d("aws_oidc", "OBJECT | FIELD_DEFINITION"),
    _d("aws_cognito_user_pools", "OBJECT | FIELD_DEFINITION", "cognito_groups: [String]"),
    _d("aws_lambda", "OBJECT | FIELD_DEFINITION"),
)
APPSYNC_TYPES = ("AWSDate", "AWSTime", "AWSDateTime", "AWSTimestamp", "AWSEmail", "AWSJSON",
                 "AWSURL", "AWSPhone", "AWSIPAddress")


@dataclass(frozen=True, slots=True)
class Names:
    """How a schema names the elements of Federation 2, by its ``@link``: an imported
    element by its own name or the one ``as`` gives it, any other as
    ``namespace__name`` (``@federation__shareable``, ``federation__FieldSet``)."""

    imports: dict[str, str]
    namespace: str = "federation"

    def directive(self, name: str) -> str:
        return self.imports.get("@" + name, f"@{self.namespace}__{name}")[1:]

    def type(self, name: str) -> str:
        return self.imports.get(name, f"{self.namespace}__{name}")


#: Federation 2 with every element imported under its own name (no ``@link`` says
#: otherwise).
ALL_IMPORTED = Names({**{"@" + s.name: "@" + s.name for s in FEDERATION2},
                      **{name: name for name, _ in FEDERATION2_TYPES}})


def directive_sdl(spec: Spec, local: str, minor: int,
                  type_name: Callable[[str], str] = str) -> str:
    args = [text for text, since in spec.args if since <= minor]
    written = ", ".join(args)
    for name, _ in FEDERATION2_TYPES:
        written = written.replace("{" + name + "}", type_name(name))
    repeatable = spec.repeatable is not None and spec.repeatable <= minor
    return (f"directive @{local}{f'({written})' if written else ''}"
            f"{' repeatable' if repeatable else ''} on {spec.locations}")


def federation2_sdl(minor: int, names: Names) -> Iterator[tuple[str, str]]:
    """(local name, SDL) of each Federation 2 definition of version ``2.minor`` and of
    the link specification: directives as ``@name``, types by name."""
    for spec in FEDERATION2:
        if spec.since <= minor:
            local = names.directive(spec.name)
            yield "@" + local, directive_sdl(spec, local, minor, names.type)
    for name, since in FEDERATION2_TYPES:
        if since <= minor:
            yield names.type(name), f"scalar {names.type(name)}"
    for local, sdl in _LINK_SDL.items():
        yield ("@" + local if local == LINK else local), sdl


def plain_sdl(specs: tuple[Spec, ...], types: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(local name, SDL) of each definition of a platform that names its elements as
    they are (Federation 1, AppSync)."""
    for spec in specs:
        yield "@" + spec.name, directive_sdl(spec, spec.name, LATEST_MINOR)
    for name in types:
        yield name, f"scalar {name}"
