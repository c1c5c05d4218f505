"""The Protobuf kind: gRPC and message contracts written in ``.proto`` files.

``load`` compiles a single ``.proto`` file, a directory of them (a buf repository
by the modules its ``buf.yaml`` or ``buf.work.yaml`` declares) or a ZIP with the
protoc that grpcio-tools ships (one in-process run per tree, imports and the
well-known types included, proto2, proto3 and editions) into a
:class:`~accord.kinds.protobuf.model.ProtoModel` of file descriptors with source
info. ``diff`` compares two models element by element with the checks of
``buf breaking``, grouped in its categories FILE, PACKAGE, WIRE_JSON and WIRE
(docs/protobuf.md). ``lint_rules`` are gRPC conventions (``kinds/protobuf/lint/``).

Options (``kinds: {protobuf: {...}}`` in ``accord.yaml``, or ``--kind-option``):
``include`` lists extra import directories; ``categories`` selects the categories
whose changes count at their full level (default ``FILE``, as buf); without it,
the revision's buf.yaml ``breaking`` section decides (``bufbreaking.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.core.change import Change, RuleInfo
from accord.kinds.protocol import Contract, DiffOptions, models_of

if TYPE_CHECKING:
    from accord.lint.rule import LintRule

__all__ = ["ProtobufKind"]

_OPTIONS = ("include", "categories")


class ProtobufKind:
    """The ``protobuf`` kind plugin."""

    name = "protobuf"
    title = "Protobuf"
    #: Options that name directories of the machine reading the contract: a publish
    #: applies them locally and sends what they found (``Contract.support``) instead.
    local_options = frozenset({"include"})
    #: How one lint finding is suppressed (for the rule reference).
    suppression = ("`// accord:ignore {rule} <reason>` in the element's leading or trailing "
                   "comment")

    def __init__(self, include: Sequence[str] = (),
                 categories: Sequence[str] | None = None) -> None:
        self.include = tuple(include)
        self.categories = tuple(categories) if categories is not None else None

    def configure(self, options: Mapping[str, Any]) -> ProtobufKind:
        from accord.kinds.options import check_known, string_list
        from accord.kinds.protobuf.categories import parse_categories

        check_known(self.name, options, _OPTIONS)
        include = string_list(self.name, options, "include")
        categories = string_list(self.name, options, "categories")
        return ProtobufKind(
            include if include is not None else self.include,
            parse_categories(self.name, categories) if categories is not None
            else self.categories)

    def sniff(self, path: Path, data: Any) -> bool:
        from accord.kinds.protobuf.loader import has_protos, is_proto_zip

        if path.suffix.lower() == ".proto":
            return True
        if path.is_dir():
            return has_protos(path)
        return is_proto_zip(path)

    def load(self, path: Path, display: str | None = None) -> Contract:
        from accord.kinds.protobuf.loader import load_contract

        return load_contract(path, self.name, display=display, include=self.include)

    def preload(self, paths: Sequence[Path]) -> None:
        """Start compiling these directory contracts in child processes (a diff loads
        them after the revision: the two compile on two cores)."""
        from accord.kinds.protobuf.loader import prefetch_tree

        for path in paths:
            prefetch_tree(path, self.include)

    def load_lenient(self, path: Path, display: str | None = None) -> Contract:
        """``load`` for lint: every rule reads spans and comments, so the tree is
        compiled with source info at once (``load`` fetches it on demand, for the
        few elements a diff reports)."""
        from accord.kinds.protobuf.loader import load_contract

        return load_contract(path, self.name, display=display, include=self.include,
                             lazy=False)

    def rules(self) -> Sequence[RuleInfo]:
        from accord.kinds.protobuf.rules import CATALOG

        return list(CATALOG)

    def lint_rules(self) -> Sequence[LintRule]:
        from accord.kinds.protobuf.lint import RULES

        return list(RULES)

    def diff(self, base: Contract, revision: Contract, options: DiffOptions) -> list[Change]:
        from accord.kinds.protobuf.categories import parse_categories
        from accord.kinds.protobuf.diff import diff_models
        from accord.kinds.protobuf.model import ProtoModel

        old, new = models_of(base, revision, ProtoModel, "a Protobuf one",
                             "compare two .proto files, directories or ZIPs of them")
        categories = self.categories
        given = getattr(options, "kind_options", {}).get("categories")
        if given is not None:
            from accord.kinds.options import string_list

            listed = string_list(self.name, {"categories": given}, "categories")
            categories = parse_categories(self.name, listed or ())
        return diff_models(old, new, categories)
