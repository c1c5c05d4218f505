"""The OpenAPI kind (Swagger 2.0, OpenAPI 3.0 and 3.1).

``load`` reads a document through a :class:`~accord.source.Workspace`, detects its
dialect, checks its structure and references, and builds an
:class:`~accord.kinds.openapi.model.OpenAPIModel` (Swagger 2.0 is normalised into
the OpenAPI 3 shape). ``diff`` compares two models operation by operation and
hands every pair of schemas to the schema differ. ``lint_rules`` are the API
conventions of ``accord lint`` (``kinds/openapi/lint/``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.core.change import Change, RuleInfo
from accord.kinds.protocol import Contract, DiffOptions, models_of

if TYPE_CHECKING:
    from accord.lint.rule import LintRule

__all__ = ["OpenAPIKind"]


class OpenAPIKind:
    """The ``openapi`` kind plugin."""

    name = "openapi"
    title = "OpenAPI"

    def sniff(self, path: Path, data: Any) -> bool:
        return isinstance(data, dict) and ("openapi" in data or "swagger" in data)

    def load(self, path: Path, display: str | None = None) -> Contract:
        from accord.kinds.openapi.loader import load_contract

        return load_contract(path, self.name, display=display)

    def load_lenient(self, path: Path, display: str | None = None) -> Contract:
        """``load`` for lint: a structurally broken document (an operation that is a
        list, ``paths`` not a mapping, ...) still loads; the skipped elements' errors
        are in ``model.problems``, which the ``oas-structure`` rule reports."""
        from accord.kinds.openapi.loader import load_contract

        return load_contract(path, self.name, lenient=True, display=display)

    def rules(self) -> Sequence[RuleInfo]:
        from accord.kinds.openapi.rules import CATALOG

        return list(CATALOG)

    def lint_rules(self) -> Sequence[LintRule]:
        from accord.kinds.openapi.lint import RULES

        return list(RULES)

    def diff(self, base: Contract, revision: Contract, options: DiffOptions) -> list[Change]:
        from accord.kinds.openapi.diff import diff_models
        from accord.kinds.openapi.model import OpenAPIModel
        from accord.kinds.openapi.rules import CATALOG

        old, new = models_of(base, revision, OpenAPIModel, "an OpenAPI one",
                             "compare two OpenAPI documents")
        return diff_models(old, new, CATALOG, options.today)
