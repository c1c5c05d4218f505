"""The GraphQL model: the contract's files, their graphql-core forms, and its problems.

A contract is SDL (one file or several, ``extend`` across files) or an
introspection result (JSON). Reading is layered so that each consumer pays only
for what it reads:

- ``definitions`` (:mod:`accord.kinds.graphql.defs`): a light name-indexed form
  read by accord's own SDL reader; the diff compares it. Built eagerly by ``load``.
- ``documents``: the files parsed by graphql-core (``DocumentNode``), for lint rules.
- ``schema``: the ``GraphQLSchema`` graphql-core builds, or None when the documents
  do not build a valid schema.
- ``errors``: graphql-core's validation problems (``SchemaProblem``), with locations.
- ``platform``: the platform the schema is written for (a Federation subgraph,
  AppSync; :mod:`accord.kinds.graphql.platform`), found under ``options``; both
  the definitions and graphql-core's schema then hold the platform's definitions.

The graphql-core forms are computed on first access and kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from accord.core.location import Location
from accord.kinds.graphql.platform import PlatformOptions

if TYPE_CHECKING:
    from graphql import DocumentNode, GraphQLSchema
    from graphql.language import Node

    from accord.kinds.graphql.defs import Definitions
    from accord.kinds.graphql.platform import Platform
    from accord.lint.suppress import Mark

SourceKind = Literal["sdl", "introspection"]


def line_column(text: str, position: int) -> tuple[int, int]:
    """The 1-based line and column of ``position`` in ``text``; ``\\n``, ``\\r\\n`` and
    ``\\r`` each end a line (graphql-core's ``get_location`` before 3.3 loses a line
    break just before the position)."""
    before = text[:position]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    return line, position - max(before.rfind("\n"), before.rfind("\r"))


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file of a contract: the name it is reported by and its text."""

    display: str
    path: str
    text: str


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    """One reason the documents do not make a valid schema."""

    message: str
    location: Location
    hint: str = ""
    #: Further places the problem involves (the first definition of a duplicate, ...).
    related: tuple[Location, ...] = ()
    #: False for problems the schema is still built despite (rules of the draft
    #: specification that published schemas such as GitHub's do not follow yet).
    fatal: bool = True


@dataclass(frozen=True, eq=False)
class GraphQLModel:
    """One GraphQL contract (see the module docstring)."""

    files: tuple[SourceFile, ...]
    source_kind: SourceKind
    #: The ``__schema`` object of an introspection result (None for SDL).
    introspection: dict[str, Any] | None = field(default=None, repr=False)
    #: The JSON pointer of ``introspection`` in its file (``/data/__schema``).
    introspection_pointer: str = ""
    #: Which platforms the SDL may be written for (the kind's options).
    options: PlatformOptions = field(default_factory=PlatformOptions)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    # --- accord's light form ---------------------------------------------------------
    @property
    def definitions(self) -> Definitions:
        """Types, directives and root types by name, as the diff compares them."""
        found = self._cache.get("definitions")
        if found is None:
            from accord.kinds.graphql.reading import read_definitions

            found = self._cache["definitions"] = read_definitions(self)
        return found

    @property
    def platform(self) -> Platform | None:
        """The platform the SDL is written for; None for none (and for introspection,
        which holds every definition). Cheap for a schema that names no platform's
        element: its text alone says so."""
        if "platform" not in self._cache:
            sdl = self.source_kind == "sdl"
            self._cache["platform"] = self.definitions.platform if sdl and \
                self.options.candidate(f.text for f in self.files) else None
        return self._cache["platform"]  # type: ignore[no-any-return]

    # --- graphql-core forms ----------------------------------------------------------
    @property
    def documents(self) -> tuple[tuple[str, DocumentNode], ...]:
        """(display path, parsed SDL) per file; empty for introspection."""
        if "documents" not in self._cache:
            from accord.kinds.graphql.validation import parse_documents

            sdl = self.source_kind == "sdl"
            self._cache["documents"] = parse_documents(self.files) if sdl else ()
        return self._cache["documents"]  # type: ignore[no-any-return]

    @property
    def schema(self) -> GraphQLSchema | None:
        """The built schema; None when the documents do not build a valid one (a
        problem in ``errors`` is ``fatal``)."""
        self._build()
        return self._cache["schema"]  # type: ignore[no-any-return]

    @property
    def errors(self) -> tuple[SchemaProblem, ...]:
        """Validation problems, in document order; empty for a valid schema."""
        self._build()
        return self._cache["errors"]  # type: ignore[no-any-return]

    def _build(self) -> None:
        if "schema" in self._cache:
            return
        from accord.kinds.graphql.validation import build

        schema, errors = build(self)
        self._cache["schema"] = schema
        self._cache["errors"] = errors

    def suppressions(self) -> Iterator[Mark]:
        """``# accord:ignore RULE REASON`` comments, by the element each covers."""
        from accord.kinds.graphql.suppress import suppressions

        return suppressions(self)

    # --- locations -------------------------------------------------------------------
    def location(self, node: Node | None) -> Location:
        """Where an AST node is written; the (first) file when ``node`` is None or has
        no location (schemas read from introspection)."""
        loc = getattr(node, "loc", None) if node is not None else None
        if loc is None or loc.source is None:
            return self.file_location()
        line, column = line_column(loc.source.body, loc.start)
        return Location("", loc.source.name, line, column)

    def file_location(self) -> Location:
        """The contract's (first) file, at the introspection's ``__schema`` if any."""
        first = self.files[0].display if self.files else None
        if self.source_kind == "introspection":
            return self.json_location(self.introspection_pointer)
        return Location("", first)

    def coordinate_location(self, coordinate: str) -> Location:
        """Where a schema coordinate (``Type``, ``Type.field``, ``Type.field(arg:)``,
        ``@directive``) is defined: its line in SDL, its JSON path in introspection."""
        return self.definitions.locate(coordinate)

    def json_location(self, pointer: str) -> Location:
        doc = self._cache.get("json_document")
        if doc is None:
            from pathlib import Path

            from accord.source import load_document

            first = self.files[0]
            doc = self._cache["json_document"] = load_document(Path(first.path), first.display)
        return doc.location(pointer)
