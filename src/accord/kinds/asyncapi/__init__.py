"""The AsyncAPI kind (AsyncAPI 2.0-2.6 and 3.0): event contracts.

``load`` reads a document through a :class:`~accord.source.Workspace` (local and
relative-file ``$ref``s; remote schema references are kept as external schemas) and
builds one :class:`~accord.kinds.asyncapi.model.AsyncAPIModel` for both major
versions, operations seen from the application (``send``/``receive``; a 2.x
``subscribe`` is a ``send``). ``diff`` compares two models channel by channel and
operation by operation, role-aware: messages the application sends are compared
like HTTP responses, messages it receives like requests (docs/asyncapi.md).
``lint_rules`` are the event-contract conventions (``kinds/asyncapi/lint/``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.core.change import Change, RuleInfo
from accord.kinds.protocol import Contract, DiffOptions, models_of

if TYPE_CHECKING:
    from accord.kinds.jsonschema.engine import Policy
    from accord.lint.rule import LintRule

__all__ = ["AsyncAPIKind"]


class AsyncAPIKind:
    """The ``asyncapi`` kind plugin."""

    name = "asyncapi"
    title = "AsyncAPI"

    def __init__(self, policy: Policy = "strict") -> None:
        #: The JSON Schema engine's policy for payloads and headers.
        self.policy: Policy = policy

    def configure(self, options: Mapping[str, Any]) -> AsyncAPIKind:
        """Options: ``policy`` (``strict`` or ``lenient``, as the jsonschema kind's)."""
        from accord.kinds.options import check_known, choice

        check_known(self.name, options, ("policy",))
        return AsyncAPIKind("lenient" if choice(self.name, options, "policy",
                                                ("strict", "lenient")) == "lenient"
                            else self.policy)

    def sniff(self, path: Path, data: Any) -> bool:
        return isinstance(data, dict) and "asyncapi" in data

    def load(self, path: Path, display: str | None = None) -> Contract:
        from accord.kinds.asyncapi.loader import load_contract

        return load_contract(path, self.name, display=display)

    def load_lenient(self, path: Path, display: str | None = None) -> Contract:
        """``load`` for lint: a structurally broken document (an operation without a
        channel, ``channels`` that is a list, ...) still loads; the skipped elements'
        errors are in ``model.problems``, which ``asyncapi-structure`` reports."""
        from accord.kinds.asyncapi.loader import load_contract

        return load_contract(path, self.name, lenient=True, display=display)

    def rules(self) -> Sequence[RuleInfo]:
        from accord.kinds.asyncapi.rules import all_rules

        return all_rules()

    def lint_rules(self) -> Sequence[LintRule]:
        from accord.kinds.asyncapi.lint import RULES

        return list(RULES)

    def diff(self, base: Contract, revision: Contract, options: DiffOptions) -> list[Change]:
        from accord.kinds.asyncapi.diff import diff_models
        from accord.kinds.asyncapi.model import AsyncAPIModel

        old, new = models_of(base, revision, AsyncAPIModel, "an AsyncAPI one",
                             "compare two AsyncAPI documents")
        return diff_models(old, new, self.policy)
