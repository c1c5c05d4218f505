"""``accord serve --demo``: a hub filled from the example services' manifests.

Every directory under the demo folder with an ``accord.yaml`` is one service's
repository. Its team is registered, then its interfaces are imported through
the same use case as ``POST /v1/imports``, each with its whole history: the
contract files beside the released one, named ``<name>-v<version>.<ext>``, are
published in version order, so a proposed breaking version is refused by the
compatibility gate just as it would be in CI. Consumer-only services register
their application and declare what they consume.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.compat.semver import sort_key
from accord.core.errors import AccordError, ErrorCode
from accord.core.manifest import Manifest

if TYPE_CHECKING:
    from accord.cli.client import Loaded

#: The example services shipped in the repository.
EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "hub"
_VERSIONED = re.compile(r"^(?P<stem>.+)-v(?P<version>\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?)"
                        r"\.(?P<ext>ya?ml|json|graphql|proto)$")


@dataclass
class DemoLine:
    """One published (or refused) version, for the summary."""

    team: str
    interface: str
    name: str
    version: str
    outcome: str


@dataclass
class DemoSummary:
    teams: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    lines: list[DemoLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"teams": self.teams, "participants": self.participants,
                "versions": [vars(line) for line in self.lines], "warnings": self.warnings}


def manifests(folder: Path) -> Iterator[Loaded]:
    """The manifests under ``folder`` (one level deep), by directory name, read as
    ``accord publish`` reads one (with its ``lint:`` and ``kinds:`` defaults)."""
    from accord.cli.client import Loaded
    from accord.core.manifest import parse_manifest
    from accord.source import load_document

    if not folder.is_dir():
        raise AccordError(ErrorCode.FILE_NOT_FOUND, f"{folder} is not a directory",
                          hint="give --demo-dir the folder of example services (each with "
                          "an accord.yaml); the repository has examples/hub")
    for path in sorted(folder.glob("*/accord.yaml")):
        doc = load_document(path, str(path))
        yield Loaded(parse_manifest(doc.data, file=doc.display, locate=doc.location,
                                    base_dir=path.parent), path, doc.data, doc.location)


def history(contract: Path) -> list[Path]:
    """The released contract's versions beside it, oldest first (itself when it is
    not named ``<name>-v<version>``)."""
    named = _VERSIONED.match(contract.name)
    if named is None:
        return [contract]
    found = [(m["version"], p) for p in contract.parent.iterdir()
             if (m := _VERSIONED.match(p.name)) and m["stem"] == named["stem"]]
    return [p for _, p in sorted(found, key=lambda pair: sort_key(pair[0]))]


def _declared(contract: Path) -> str | None:
    named = _VERSIONED.match(contract.name)
    return named["version"] if named else None


def load_demo(app: Any, folder: Path = EXAMPLES) -> DemoSummary:
    """Fill the hub of ``app`` (``create_app(...)``) from the services in ``folder``."""
    from sqlalchemy import select

    from accord.api.batch import ImportIn, import_item
    from accord.cli.imports import import_items
    from accord.services import registry
    from accord.services.imports import run_import
    from accord.services.tokens import Principal
    from accord.store import Participant, Team

    hub = app.state.hub
    admin = Principal(token_id="demo", team=None, scopes=frozenset({"admin"}))
    summary = DemoSummary()
    found = list(manifests(folder))
    for loaded in found:
        manifest = loaded.manifest
        with hub.db.read() as session:
            exists = session.get(Team, manifest.team) is not None
        if not exists:
            registry.create_team(hub.db, manifest.team, manifest.team.replace("-", " ").title())
            summary.teams.append(manifest.team)
    # Two rounds: the second links consumers that registered after their providers.
    for final in (False, True):
        for loaded in found:
            path, manifest = loaded.path, loaded.manifest
            items = import_items(manifest, path.parent, file=str(path),
                                 default_ruleset=loaded.default_ruleset,
                                 default_kind_options=loaded.default_kind_options,
                                 locate=loaded.locate)
            if not items:
                _consumer_only(hub, manifest, summary if final else None)
                continue
            for item in items:
                provided = manifest.provided(item["interface"]["name"])
                assert provided is not None
                files = history(path.parent / provided.contract) if not final else \
                    [path.parent / provided.contract]
                for contract in files:
                    body = {**item, "document": contract.read_text(encoding="utf-8"),
                            "filename": contract.name}
                    if contract.name != item["filename"]:
                        # An earlier version: the one its file name gives (kinds
                        # whose documents declare none, like GraphQL, need it).
                        body.pop("version", None)
                        if _declared(contract) is not None:
                            body["version"] = _declared(contract)
                    parsed = ImportIn.model_validate({"items": [body]})
                    [outcome] = run_import(hub, admin, [import_item(parsed.items[0])]).items
                    if final:
                        summary.warnings += outcome.warnings
                        continue
                    summary.lines.append(DemoLine(
                        manifest.team, outcome.interface or "-", outcome.name,
                        outcome.version or _declared(contract) or "-",
                        "published" if outcome.ok and outcome.version_created else
                        "unchanged" if outcome.ok else
                        f"refused: {outcome.error.code if outcome.error else '?'}"))
    with hub.db.read() as session:
        summary.participants = sorted(session.scalars(select(Participant.id)))
    return summary


def _consumer_only(hub: Any, manifest: Manifest, summary: DemoSummary | None) -> None:
    from accord.services import registry

    name = manifest.participant.name
    try:
        registry.create_participant(hub.db, name, manifest.team,
                                    description=manifest.participant.description or "",
                                    repository=manifest.participant.repository)
    except AccordError as exc:
        if exc.code is not ErrorCode.ALREADY_EXISTS:
            raise
    for used in manifest.consumes:
        try:
            registry.add_consumer(hub.db, str(used.interface), name)
        except AccordError as exc:
            if exc.code is not ErrorCode.NOT_FOUND:
                raise
            if summary is not None:
                summary.warnings.append(f"{name} consumes {used.interface}, which no example "
                                        "service provides")
