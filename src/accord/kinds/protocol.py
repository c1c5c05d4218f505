"""What a kind provides.

A kind is one contract language (``openapi``, ``asyncapi``, ...). It implements
this small protocol (parse, diff rules and diff, lint rules) and registers an
instance factory under the ``accord.kinds`` entry-point group; the built-in
kinds register the same way as third-party ones. Core code never branches on a kind's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from accord.core.change import Change, RuleInfo
from accord.core.location import Location

if TYPE_CHECKING:  # the lint engine reads contracts: import its rule type lazily
    from accord.lint.rule import LintRule


@dataclass(frozen=True, slots=True)
class Contract:
    """One parsed contract document (possibly spread over several files)."""

    kind: str
    #: How the contract was named on input (a path as given), for reports.
    source: str
    #: The version the document declares of itself (``info.version``), if any.
    version: str | None
    #: The kind's own parsed model; only that kind looks inside.
    model: Any = field(repr=False, compare=False)
    #: Where the declared version is written, for version-bump findings.
    version_location: Location | None = None
    #: Every file the contract was read from (absolute paths, the entry first), so
    #: that a publish sends them all; empty: the entry file alone.
    files: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DiffOptions:
    """Inputs to a diff that are not documents."""

    #: The date deprecation sunsets are compared against.
    today: date = field(default_factory=date.today)


@runtime_checkable
class Kind(Protocol):
    """The contract of a kind plugin."""

    #: Registry name: lower-case, stable (``openapi``).
    name: str
    #: Human name (``OpenAPI``).
    title: str

    def sniff(self, path: Path, data: Any) -> bool:
        """True if this kind reads the file at ``path``.

        ``data`` is the parsed YAML/JSON document, or ``None`` when the file is
        not YAML/JSON (such kinds decide by the path alone).
        """
        ...

    def load(self, path: Path, display: str | None = None) -> Contract:
        """Parse and check a contract; raise ``AccordError`` on bad input.

        ``display`` names the file in locations and in ``Contract.source``
        (default: ``path`` as given); files it references are named relative to it.
        """
        ...

    def rules(self) -> Sequence[RuleInfo]:
        """The full catalog of change rules this kind can report."""
        ...

    def diff(self, base: Contract, revision: Contract, options: DiffOptions) -> list[Change]:
        """Every change from ``base`` to ``revision``, at each rule's default level."""
        ...

    def lint_rules(self) -> Sequence[LintRule]:
        """The kind's built-in lint rules; each check reads ``Contract.model``.

        The lint engine (``accord.lint``) applies rulesets, configured
        severities, ignores and suppressions; a rule only reports what it finds.
        """
        ...


def load_for_lint(kind: Kind, path: Path, display: str | None = None) -> Contract:
    """Load ``path`` for linting: through the kind's optional ``load_lenient`` (which
    loads a structurally broken document as far as possible and lets the kind's lint
    rules report its problems as findings), else through ``load``."""
    lenient = getattr(kind, "load_lenient", None)
    if callable(lenient):
        contract = lenient(path, display)
        if isinstance(contract, Contract):
            return contract
    return kind.load(path, display)


def info_contract(kind: str, path: Path, display: str | None, model: Any, root: Any,
                  files: tuple[str, ...] = ()) -> Contract:
    """The contract of a document that declares its version at ``info.version``
    (OpenAPI, AsyncAPI): ``root`` is its root node (``accord.source``)."""
    version_node = root.child("info", "version")
    version = None
    if version_node is not None and version_node.value is not None:
        version = str(version_node.value)
    return Contract(
        kind=kind,
        source=display if display is not None else str(path),
        version=version,
        model=model,
        version_location=version_node.location if version_node is not None else None,
        files=files,
    )
