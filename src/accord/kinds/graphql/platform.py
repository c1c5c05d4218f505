"""The platform a GraphQL schema is written for: Apollo Federation (a subgraph, 1 or 2)
and AWS AppSync, each chosen by a kind option or detected.

Detection (``auto``, the default) reads what the schema uses without defining it:

- Federation 2: a ``@link`` to ``https://specs.apollo.dev/federation/v2.x``; the
  link's ``import`` and ``as`` say how the schema names each element.
- Federation 1: ``@key``, ``@external``, ``@requires``, ``@provides`` or ``@extends``
  applied and not defined (or defined with a ``_FieldSet`` argument, as a subgraph's
  own printout defines them), or ``_FieldSet`` / ``_Any`` referenced and not defined.
- AppSync: an ``@aws_*`` directive or an ``AWS*`` scalar used and not defined.

A cheap look at the text comes first, so a schema that names none of these (GitHub's,
1 MB) costs a few regular-expression searches. The :class:`Platform` found says which
definitions it supplies (:mod:`accord.kinds.graphql.prelude`), how the schema names
Federation's directives, and which of the schema's elements are the platform's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from accord.kinds.graphql import prelude
from accord.kinds.graphql.defs import BUILTIN_SCALARS, decode_string, named_type

if TYPE_CHECKING:
    from accord.kinds.graphql.defs import Definitions, TypeDef, Use

FEDERATION_CHOICES = ("auto", "off", "1", "2")
APPSYNC_CHOICES = ("auto", "off", "on")
_ALIASES = {"false": "off", "no": "off", "none": "off", "true": "on", "yes": "on",
            "v1": "1", "v2": "2", "1.0": "1", "2.0": "2"}
#: The prefix of Federation directives' canonical names (``federation/key``): how the
#: diff matches ``@key`` with ``@primaryKey`` or ``@federation__key``.
CANONICAL = "federation/"

#: What the text of a schema for each platform holds (one pattern with a literal
#: start each: a search through 1 MB takes well under a millisecond).
_FEDERATION_TEXT = (re.compile(r"@\s*(?:link|key|external|requires|provides|extends)\b"),
                    re.compile(r"_(?:FieldSet|Any)\b"))
_APPSYNC_TEXT = (re.compile(r"@\s*aws_"),
                 re.compile(r"AWS(?:Date|Time|Timestamp|Email|JSON|URL|Phone|IPAddress)"))
#: What a subgraph library adds to a subgraph for the router: printed subgraphs may hold
#: them, as the schema's own or not; they are the platform's.
SUBGRAPH_TYPES = frozenset({"_Service", "_Entity"})
SUBGRAPH_FIELDS = frozenset({"_entities", "_service"})
_FEDERATION_URL = re.compile(r"https?://specs\.apollo\.dev/federation/v(\d+)\.(\d+)/?")
#: The tokens of a printed value: strings, punctuation, names and numbers.
_PRINTED = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:]|[^\s\[\]{}:,"]+')
_FEDERATION1 = frozenset(spec.name for spec in prelude.FEDERATION1)


@dataclass(frozen=True, slots=True)
class PlatformOptions:
    """The ``federation`` and ``appsync`` kind options, as given."""

    #: ``auto``, ``off``, ``on`` (the version the schema's ``@link`` says, else 1), ``1``
    #: or ``2``.
    federation: str = "auto"
    #: ``auto``, ``off`` or ``on``.
    appsync: str = "auto"

    def configure(self, kind: str, options: Mapping[str, Any]) -> PlatformOptions:
        """These options with the ones in ``options`` applied; INVALID_CONFIG naming the
        option for a value it does not take."""
        return PlatformOptions(
            _choice(kind, options, "federation", (*FEDERATION_CHOICES, "on"),
                    "auto, off, on, 1 or 2 (also v1, v2, true, false)") or self.federation,
            _choice(kind, options, "appsync", APPSYNC_CHOICES,
                    "auto, off or on (also true, false)") or self.appsync)

    def candidate(self, texts: Iterable[str]) -> bool:
        """False when no platform can apply to a schema of these texts: both options
        off, or ``auto`` and the text names nothing either platform defines."""
        federation, appsync = self.federation != "off", self.appsync != "off"
        if (federation and self.federation != "auto") or (appsync and self.appsync != "auto"):
            return True
        patterns = (_FEDERATION_TEXT if federation else ()) + (_APPSYNC_TEXT if appsync else ())
        return any(pattern.search(text) is not None for text in texts for pattern in patterns)


def _choice(kind: str, options: Mapping[str, Any], key: str, choices: tuple[str, ...],
            shown: str) -> str | None:
    from accord.kinds.options import option_error

    value = options.get(key)
    if value is None:
        return None
    text = str(value).strip().lower()
    text = _ALIASES.get(text, text)
    if text not in choices:
        raise option_error(kind, key, f"{value!r} is not one of the choices", f"use {shown}")
    return text


@dataclass(frozen=True, slots=True)
class Platform:
    """What a schema's platforms supply and how the schema names it."""

    #: 1 or 2 for a Federation subgraph; None when the schema is none.
    federation: int | None = None
    #: The Federation 2 minor version (``@link``'s; the newest known without one).
    minor: int = 0
    appsync: bool = False
    #: Local directive name -> canonical name, for Federation's (``primaryKey`` ->
    #: ``federation/key``).
    canonical: dict[str, str] = field(default_factory=dict)
    #: The platform's directives and types, by local name, defined by the prelude or
    #: by the schema itself: never compared nor linted.
    directives: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    #: The definitions the schema does not write itself (SDL; empty for none).
    sdl: str = ""
    #: Hints for Federation directives the schema uses by a name it does not have
    #: (not imported, of a later version, of Federation 2 in a Federation 1 subgraph).
    hints: dict[str, str] = field(default_factory=dict)


def resolve(options: PlatformOptions, defs: Definitions, extensions: list[TypeDef]
            ) -> Platform | None:
    """The platform of a schema read into ``defs`` (its ``extensions`` not merged yet),
    or None."""
    directives, types = _used(defs, extensions)
    federation, link = _federation(options.federation, defs, directives, types)
    appsync = options.appsync == "on" or (options.appsync == "auto" and (
        any(name.startswith("aws_") and name not in defs.directives for name in directives)
        or any(name in prelude.APPSYNC_TYPES and name not in defs.types for name in types)))
    if federation is None and not appsync:
        return None
    written = set(defs.types) | {"@" + name for name in defs.directives}
    supplied: dict[str, str] = {}  # local name (@ for directives) -> SDL
    canonical: dict[str, str] = {}
    hints: dict[str, str] = {}
    minor = 0
    if federation == 1:
        supplied.update(prelude.plain_sdl(prelude.FEDERATION1, prelude.FEDERATION1_TYPES))
        canonical = {name: CANONICAL + name for name in _FEDERATION1}
        hints = {spec.name: f"@{spec.name} is Federation 2's: link it, extend schema @link("
                 f"url: \"https://specs.apollo.dev/federation/v2.{spec.since}\", "
                 f"import: [\"@key\", \"@{spec.name}\"])" for spec in prelude.FEDERATION2
                 if spec.name in directives and spec.name not in _FEDERATION1}
    elif federation == 2:
        names, minor = _names(link)
        supplied.update(prelude.federation2_sdl(minor, names))
        canonical = {names.directive(spec.name): CANONICAL + spec.name
                     for spec in prelude.FEDERATION2 if spec.since <= minor}
        hints = _hints(names, minor, directives)
    if federation is not None:
        supplied[prelude.ANY] = f"scalar {prelude.ANY}"
    if appsync:
        supplied.update(prelude.plain_sdl(prelude.APPSYNC, prelude.APPSYNC_TYPES))
    sdl = "\n".join(text for local, text in supplied.items() if local not in written)
    types = {k for k in supplied if not k.startswith("@")}
    if federation is not None:
        types |= SUBGRAPH_TYPES
    return Platform(federation, minor, appsync, canonical,
                    frozenset(k[1:] for k in supplied if k.startswith("@")), frozenset(types),
                    sdl, hints)


def _federation(option: str, defs: Definitions, directives: set[str], types: set[str]
                ) -> tuple[int | None, Use | None]:
    link = next((use for use in defs.schema_directives if use.name == "link"
                 and _link_version(use) is not None), None)
    if option == "off":
        return None, None
    if option in ("1", "2"):
        return int(option), link if option == "2" else None
    if link is not None:
        return 2, link
    if option == "on" or any(_federation1_use(defs, name) for name in directives & _FEDERATION1) \
            or any(name in ("_FieldSet", prelude.ANY) and name not in defs.types
                   for name in types):
        return 1, None
    return None, None


def _federation1_use(defs: Definitions, name: str) -> bool:
    """True when the schema uses Federation 1's ``@name`` without defining it, or
    defines it as a printed subgraph does (with a ``_FieldSet`` argument)."""
    found = defs.directives.get(name)
    return found is None or any(named_type(arg.type) == "_FieldSet" for arg in found.args.values())


def _link_version(use: Use) -> tuple[int, int] | None:
    url = use.args.get("url")
    match = _FEDERATION_URL.fullmatch(decode_string(url)) if url is not None else None
    if match is None or match.group(1) != "2":
        return None
    return int(match.group(1)), int(match.group(2))


def _names(link: Use | None) -> tuple[prelude.Names, int]:
    """How the schema names Federation 2's elements, and the version it links."""
    if link is None:
        return prelude.ALL_IMPORTED, prelude.LATEST_MINOR
    version = _link_version(link)
    minor = min(version[1], prelude.LATEST_MINOR) if version is not None else 0
    imports: dict[str, str] = {}
    listed = _printed(link.args.get("import"))
    for item in listed if isinstance(listed, list) else [listed]:
        if isinstance(item, str):
            imports[item] = item
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            name = item["name"]
            alias = item.get("as")
            imports[name] = alias if isinstance(alias, str) else name
            if name.startswith("@") and not imports[name].startswith("@"):
                imports[name] = "@" + imports[name]
    namespace = _printed(link.args.get("as"))
    return prelude.Names(imports, namespace if isinstance(namespace, str) else "federation"), minor


def _printed(value: str | None) -> Any:
    """A directive argument as the reader printed it (``["@key", {as: "@pk", name:
    "@key"}]``), as a Python value; None when it is not one."""
    if value is None:
        return None
    tokens = _PRINTED.findall(value)
    try:
        found, end = _literal(tokens, 0)
    except (IndexError, ValueError):
        return None
    return found if end == len(tokens) else None


def _literal(tokens: list[str], index: int) -> tuple[Any, int]:
    token = tokens[index]
    if token == "[":
        items = []
        index += 1
        while tokens[index] != "]":
            item, index = _literal(tokens, index)
            items.append(item)
        return items, index + 1
    if token == "{":
        fields = {}
        index += 1
        while tokens[index] != "}":
            if tokens[index + 1] != ":":
                raise ValueError("expected ':'")
            fields[tokens[index]], index = _literal(tokens, index + 2)
        return fields, index + 1
    if token.startswith('"'):
        return json.loads(token), index + 1
    if token in "]}:":
        raise ValueError(f"unexpected {token!r}")
    return token, index + 1


def _hints(names: prelude.Names, minor: int, used: set[str]) -> dict[str, str]:
    hints = {}
    for spec in prelude.FEDERATION2:
        local = names.directive(spec.name)
        if spec.name in used and local != spec.name:
            hints[spec.name] = (f"import it, @link(..., import: [\"@{spec.name}\"]), or write "
                                f"@{local}")
        if spec.since > minor and local in used:
            hints[local] = (f"@{spec.name} is defined from Federation 2.{spec.since} on: link "
                            f"that version (https://specs.apollo.dev/federation/v2.{spec.since})")
    return hints


def _used(defs: Definitions, extensions: list[TypeDef]) -> tuple[set[str], set[str]]:
    """The directive names applied and the type names referenced, anywhere."""
    directives = {use.name for use in defs.schema_directives}
    types: set[str] = set()
    for typedef in (*defs.types.values(), *extensions):
        directives.update(use.name for use in typedef.directives)
        for member in (*typedef.fields.values(), *typedef.values.values()):
            directives.update(use.name for use in member.directives)
            types.add(named_type(member.type))
            for arg in member.args.values():
                directives.update(use.name for use in arg.directives)
                types.add(named_type(arg.type))
    for directive in defs.directives.values():
        types.update(named_type(arg.type) for arg in directive.args.values())
    types -= BUILTIN_SCALARS
    return directives, types
