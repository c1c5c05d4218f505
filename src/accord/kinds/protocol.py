"""What a kind provides.

A kind is one contract language (``openapi``, ``asyncapi``, ...). It implements
this small protocol (parse, diff rules and diff, lint rules) and registers an
instance factory under the ``accord.kinds`` entry-point group; the built-in
kinds register the same way as third-party ones. Core code never branches on a kind's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

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
    #: Files a directory contract imports from outside itself (include directories):
    #: the path each takes inside the published directory -> its absolute path. A
    #: publish sends them with the contract's files; the kind reads them from there.
    support: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DiffOptions:
    """Inputs to a diff that are not documents."""

    #: The date deprecation sunsets are compared against.
    today: date = field(default_factory=date.today)
    #: The diffed kind's options (``kinds: {<name>: {...}}`` in ``accord.yaml``, or
    #: ``--kind-option``), as its ``configure`` also received them: a kind whose
    #: options only shape the diff may read them here instead of keeping state.
    kind_options: Mapping[str, Any] = field(default_factory=dict)


@runtime_checkable
class Kind(Protocol):
    """The contract of a kind plugin."""

    #: Registry name: lower-case, stable (``openapi``).
    name: str
    #: Human name (``OpenAPI``).
    title: str

    def sniff(self, path: Path, data: Any) -> bool:
        """True if this kind reads the file at ``path``.

        Detection asks every kind twice: first with ``data`` ``None`` (kinds
        that read other files than YAML/JSON, or directories, claim them here by
        the path alone, cheaply), then with ``data`` the parsed YAML/JSON document.
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


@runtime_checkable
class Configurable(Protocol):
    """A kind that takes options (optional part of the protocol).

    ``configure`` returns a copy of the kind that applies ``options`` (the
    mapping under the kind's name in ``accord.yaml``'s ``kinds:`` section, or
    given with ``--kind-option``) to every later ``load`` and ``diff``. It raises
    ``AccordError`` (``INVALID_CONFIG``) naming the key for an unknown option or a
    bad value; the caller adds where the option was written.
    """

    def configure(self, options: Mapping[str, Any]) -> Kind: ...


@runtime_checkable
class Preloading(Protocol):
    """A kind that can start reading contracts ahead (optional part of the protocol).

    ``preload`` is a hint given by a command that will ``load`` each of ``paths``
    in this process soon (a diff of two versions): the kind may start the work on
    another core. It never raises; ``load`` reports any problem.
    """

    def preload(self, paths: Sequence[Path]) -> None: ...


M = TypeVar("M")


def models_of(base: Contract, revision: Contract, model_type: type[M], what: str,
              hint: str) -> tuple[M, M]:
    """The models of two contracts a kind compares, both of its ``model_type``; a
    contract of another kind is a ``KIND_MISMATCH`` (``what`` names this kind's
    contracts: "an OpenAPI one")."""
    from accord.core.errors import AccordError, ErrorCode

    for contract in (base, revision):
        if not isinstance(contract.model, model_type):
            raise AccordError(ErrorCode.KIND_MISMATCH,
                              f"{contract.source} is a {contract.kind} contract, not {what}",
                              hint=hint)
    return base.model, revision.model


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


#: Top-level properties that name a schema file's version (JSON Schema, Avro: both
#: keep unknown properties).
VERSION_KEYS = ("version", "x-version")


def keyed_contract(kind: str, path: Path, display: str | None, model: Any,
                   document: Any) -> Contract:
    """The contract of a schema file that may name its version in a top-level
    ``version`` (or ``x-version``) property; ``document`` is its ``accord.source``
    document."""
    version = location = None
    data = document.data
    if isinstance(data, dict):
        for key in VERSION_KEYS:
            value = data.get(key)
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                version = str(value)
                location = document.location(f"/{key}")
                break
    return Contract(kind=kind, source=display if display is not None else str(path),
                    version=version, model=model, version_location=location)
