"""A manifest's provided interfaces as items of ``POST /v1/imports`` (no HTTP here:
``accord publish`` sends them, ``accord serve --demo`` feeds them to the hub).

A contract may reference other files (``$ref``): each is loaded here with its kind,
which names the files it read (``Contract.files``), and they are sent with it.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location, join
from accord.core.manifest import Locate, Manifest, ProvidedInterface

if TYPE_CHECKING:
    from accord.kinds import Kind

#: ProvidedInterface fields that are not the hub interface's metadata.
_NOT_METADATA = frozenset({"name", "kind", "contract", "version", "sunset", "sunset_at",
                           "maintenance_windows"})


def import_items(manifest: Manifest, base_dir: Path, *, file: str = "accord.yaml",
                 default_ruleset: str | None = None,
                 only: str | None = None, version: str | None = None,
                 locate: Locate | None = None) -> list[dict[str, Any]]:
    """One ``/v1/imports`` item per provided interface (only the one named ``only``
    when given): team, participant, interface metadata, and the contract file's
    text with its file name and version (``version`` overrides the manifest's).

    ``default_ruleset`` is the ruleset of interfaces that name none (the manifest's
    ``lint.extends``). ``file`` names the manifest in error locations (``locate``, the
    manifest document's ``location``, adds lines). A contract
    that references other files sends them as ``files`` (and ``filename`` is then
    the entry's path in the bundle). Raises ``AccordError(INVALID_MANIFEST)`` for a
    value the hub cannot take or a referenced file outside ``base_dir``,
    ``FILE_NOT_FOUND`` for an unreadable contract, and the kind's own error for one
    it cannot read.
    """
    from accord.kinds import load_kinds

    kinds = load_kinds()
    where = locate or (lambda pointer: Location(pointer, file))
    participant: dict[str, Any] = {"id": manifest.participant.name}
    if manifest.participant.description is not None:
        participant["description"] = manifest.participant.description
    if manifest.participant.repository is not None:
        participant["repository"] = manifest.participant.repository
    if manifest.consumes:
        participant["consumes"] = [str(used.interface) for used in manifest.consumes]
    items = []
    for index, iface in enumerate(manifest.provides):
        if only is not None and iface.name != only:
            continue
        pointer = join("/provides", index)
        contract = base_dir / iface.contract
        try:
            document = contract.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise AccordError(ErrorCode.FILE_NOT_FOUND, f"cannot read {iface.contract}: {exc}",
                              location=where(join(pointer, "contract")),
                              hint="paths are relative to the directory of accord.yaml") from None
        item: dict[str, Any] = {
            "team": manifest.team,
            "participant": participant,
            "interface": interface_fields(iface, pointer, file, default_ruleset),
            "document": document,
            "filename": PurePosixPath(iface.contract).name,
        }
        if iface.kind in kinds:
            bundle = contract_bundle(kinds[iface.kind], contract, base_dir,
                                     where(join(pointer, "contract")))
            item.update(bundle.fields())
        chosen = version or iface.version
        if chosen is not None:
            item["version"] = chosen
        items.append(item)
    return items


def interface_fields(iface: ProvidedInterface, pointer: str, file: str,
                     default_ruleset: str | None = None) -> dict[str, Any]:
    """The interface's metadata in the hub API's shape (``schemas.InterfaceFields``
    plus name and kind): rate-limit windows in seconds, maintenance windows in
    minutes, the sunset date as ``sunset_at``."""
    plain = iface.to_dict()
    out: dict[str, Any] = {"name": iface.name, "kind": iface.kind}
    out.update({k: v for k, v in plain.items() if k not in _NOT_METADATA})
    if out.get("status") == "draft":
        # The manifest's default: a new interface starts as draft anyway, and the first
        # version makes it active, which sending "draft" again would try to undo.
        del out["status"]
    if "ruleset" not in out and default_ruleset:
        out["ruleset"] = default_ruleset
    if iface.sunset is not None:
        out["sunset_at"] = f"{iface.sunset.isoformat()}T00:00:00Z"
    if iface.maintenance_windows:
        windows = []
        for number, window in enumerate(iface.maintenance_windows):
            minutes, rest = divmod(window.duration, 60)
            if rest or not 1 <= minutes <= 24 * 60:
                raise AccordError(
                    ErrorCode.INVALID_MANIFEST,
                    f"the maintenance window lasts {window.duration} s; the hub takes whole "
                    "minutes from 1m to 24h",
                    location=Location(join(pointer, "maintenance_windows", number, "duration"),
                                      file),
                    hint="write the duration in minutes or hours, like 90m or 2h")
            windows.append({"day": window.day, "start": window.start,
                            "duration_minutes": minutes, "timezone": window.timezone})
        out["maintenance_windows"] = windows
    return out


@dataclass(frozen=True)
class ContractBundle:
    """What a contract sends: the entry's path in the bundle and the other files by
    path relative to the entry's directory (empty: the entry alone)."""

    filename: str
    files: dict[str, str] = field(default_factory=dict)

    def fields(self) -> dict[str, Any]:
        return {"filename": self.filename, "files": self.files} if self.files else {}


def contract_bundle(kind: Kind, contract: Path, base_dir: Path | None,
                    where: Location | None = None) -> ContractBundle:
    """The files ``contract`` consists of, read by its kind. With ``base_dir`` (the
    manifest's directory) every file must lie inside it, symlinks resolved, as the
    contract itself must: else INVALID_MANIFEST at ``where``. The bundle's root is the
    deepest directory holding them all."""
    from accord.kinds.protocol import load_for_lint

    entry = contract.resolve()
    loaded = load_for_lint(kind, contract)
    others = [Path(name) for name in loaded.files if Path(name) != entry]
    if not others:
        return ContractBundle(contract.name)
    if base_dir is not None:
        root = base_dir.resolve()
        for other in others:
            if not other.is_relative_to(root):
                raise AccordError(
                    ErrorCode.INVALID_MANIFEST,
                    f"{contract} references {other}, which is outside the manifest's "
                    "directory", location=where,
                    hint="keep every file of a contract in the repository, at or below "
                    "accord.yaml's directory, so the manifest and the files travel together")
    top = Path(os.path.commonpath([entry.parent, *(p.parent for p in others)]))
    files: dict[str, str] = {}
    for other in others:
        try:
            text = other.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise AccordError(ErrorCode.FILE_NOT_FOUND, f"cannot read {other}: {exc}",
                              location=where) from None
        files[posixpath.relpath(other.as_posix(), entry.parent.as_posix())] = text
    return ContractBundle(entry.relative_to(top).as_posix(), files)


def local_names(filename: str, files: dict[str, Any], contract: str) -> dict[str, str]:
    """How the hub names a contract's files (by path in the bundle) -> the local paths
    (``contract`` is the entry's, as shown to the user)."""
    out = {filename: contract}
    base, local = posixpath.dirname(filename), posixpath.dirname(contract)
    for key in files:
        out[posixpath.normpath(posixpath.join(base, key))] = posixpath.normpath(
            posixpath.join(local, key))
    return out
