"""The GraphQL kind: SDL (one file, a directory, or an entry importing others) and
introspection results.

``load`` reads the contract with accord's fast SDL reader into light definitions
(:mod:`accord.kinds.graphql.defs`) and checks them (:mod:`.check`); ``diff`` compares
two such definitions by name with graphql-inspector's change types at accord's three
levels (:mod:`.rules`, :mod:`.diff`). ``load_lenient`` (lint) leaves validation
problems in ``GraphQLModel.errors``, where graphql-core's complete validation puts
them; the lint rules read graphql-core's documents and schema (``kinds/graphql/lint``).

Options (``kinds: {graphql: {...}}`` in ``accord.yaml``, or ``--kind-option``):
``federation`` (``auto``, ``off``, ``on``, ``1``, ``2``) and ``appsync`` (``auto``,
``off``, ``on``) say whether SDL is read as an Apollo Federation subgraph or an AWS
AppSync schema, with the platform's definitions (:mod:`.platform`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.core.change import Change, RuleInfo
from accord.kinds.graphql.platform import PlatformOptions
from accord.kinds.protocol import Contract, DiffOptions, models_of

if TYPE_CHECKING:
    from accord.lint.rule import LintRule

__all__ = ["GraphQLKind"]

_SDL_SUFFIXES = frozenset({".graphql", ".graphqls", ".gql"})
#: Files whose content is never SDL, whatever it looks like.
_NOT_SDL = frozenset({".proto", ".json", ".yaml", ".yml", ".zip", ".txt", ".md"})
_SDL_START = re.compile(
    r'\A(?:\s+|#[^\n]*\n|"""[\s\S]*?"""|"[^"\n]*")*'
    r"(?:type|interface|input|enum|union|scalar|directive|schema|extend)\s+[_A-Za-z{@]")


class GraphQLKind:
    """The ``graphql`` kind plugin."""

    name = "graphql"
    title = "GraphQL"
    #: How one lint finding is suppressed (for the rule reference).
    suppression = ("`# accord:ignore {rule} <reason>` on the line before the element (or "
                   "after it on its line)")

    def __init__(self, options: PlatformOptions | None = None) -> None:
        self.options = options if options is not None else PlatformOptions()

    def configure(self, options: Mapping[str, Any]) -> GraphQLKind:
        from accord.kinds.options import check_known

        check_known(self.name, options, ("federation", "appsync"))
        return GraphQLKind(self.options.configure(self.name, options))

    def sniff(self, path: Path, data: Any) -> bool:
        suffix = path.suffix.lower()
        if suffix in _SDL_SUFFIXES:
            return True
        if data is not None:
            from accord.kinds.graphql.introspection import schema_of

            if schema_of(data) is not None:
                return True
            # SDL such as "type Query { me: Int }" also reads as a YAML mapping.
        if path.is_dir():  # as the loader reads a directory, without importing it
            return any(p.suffix.lower() in _SDL_SUFFIXES and p.is_file()
                       for p in path.rglob("*"))
        if suffix in _NOT_SDL or not path.is_file():
            return False
        try:
            with path.open("r", encoding="utf-8") as handle:
                head = handle.read(8192)
        except (OSError, UnicodeDecodeError):
            return False
        return _SDL_START.match(head) is not None

    def load(self, path: Path, display: str | None = None) -> Contract:
        from accord.kinds.graphql.loader import load_contract

        return load_contract(path, self.name, display=display, options=self.options)

    def load_lenient(self, path: Path, display: str | None = None) -> Contract:
        """``load`` for lint: a schema graphql-core does not build (a field defined
        twice, an unknown type, ...) still loads; its problems are in
        ``model.errors`` with their locations, and ``schema`` is None."""
        from accord.kinds.graphql.loader import load_contract

        return load_contract(path, self.name, lenient=True, display=display,
                             options=self.options)

    def rules(self) -> Sequence[RuleInfo]:
        from accord.kinds.graphql.rules import CATALOG

        return list(CATALOG)

    def lint_rules(self) -> Sequence[LintRule]:
        try:
            from accord.kinds.graphql.lint import RULES
        except ModuleNotFoundError as exc:
            if exc.name != "accord.kinds.graphql.lint":
                raise
            return []
        return list(RULES)

    def diff(self, base: Contract, revision: Contract, options: DiffOptions) -> list[Change]:
        from accord.kinds.graphql.diff import diff_definitions
        from accord.kinds.graphql.model import GraphQLModel

        old, new = models_of(base, revision, GraphQLModel, "a GraphQL one",
                             "compare two GraphQL schemas")
        return diff_definitions(old.definitions, new.definitions)
