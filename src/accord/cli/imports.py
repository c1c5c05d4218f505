"""A manifest's provided interfaces as items of ``POST /v1/imports`` (no HTTP here:
``accord publish`` sends them, ``accord serve --demo`` feeds them to the hub).

A contract may reference other files (``$ref``): each is loaded here with its kind,
which names the files it read (``Contract.files``), and they are sent with it. A
contract that is a directory, or a ZIP, is sent as a directory contract
(``cli/directories.py``): ``filename`` its name and ``/``, every file in ``files``.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from accord.cli.config import beside
from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location, join
from accord.core.manifest import Locate, Manifest, ProvidedInterface

if TYPE_CHECKING:
    from accord.kinds import Kind, KindRegistry

#: ProvidedInterface fields that are not the hub interface's metadata.
_NOT_METADATA = frozenset({"name", "kind", "contract", "version", "sunset", "sunset_at",
                           "maintenance_windows", "kind_options"})


def import_items(manifest: Manifest, base_dir: Path, *, file: str = "accord.yaml",
                 default_ruleset: str | None = None,
                 default_kind_options: Mapping[str, Mapping[str, Any]] | None = None,
                 only: str | None = None, version: str | None = None,
                 locate: Locate | None = None) -> list[dict[str, Any]]:
    """One ``/v1/imports`` item per provided interface (only the one named ``only``
    when given): team, participant, interface metadata, and the contract file's
    text with its file name and version (``version`` overrides the manifest's).

    ``default_ruleset`` is the ruleset of interfaces that name none (the manifest's
    ``lint.extends``), ``default_kind_options`` the kind options of those that give
    none (the file's ``kinds:`` section, by kind name); the kind checks the options,
    which then load the contract (``INVALID_CONFIG`` at the option). ``file`` names
    the manifest in error locations (``locate``, the manifest document's
    ``location``, adds lines). A contract that references other files sends them
    as ``files`` (and ``filename`` is then the entry's path in the bundle). Raises
    ``AccordError(INVALID_MANIFEST)`` for a value the hub cannot take or a
    referenced file outside ``base_dir``, ``FILE_NOT_FOUND`` for an unreadable
    contract, and the kind's own error for one
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
        at = where(join(pointer, "contract"))
        item: dict[str, Any] = {
            "team": manifest.team,
            "participant": participant,
            "interface": interface_fields(iface, pointer, file, default_ruleset),
        }
        kind: Kind | None = None
        if iface.kind in kinds:
            options = interface_kind_options(kinds, iface, pointer, default_kind_options,
                                             where)
            if options is not None:
                # Options naming this machine's directories stay here (what they find
                # is sent with the contract), read relative to the manifest.
                local: frozenset[str] = getattr(kinds[iface.kind], "local_options",
                                                frozenset())
                item["interface"]["kind_options"] = {k: v for k, v in options.items()
                                                     if k not in local}
                options = {k: beside(base_dir, v) if k in local else v
                           for k, v in options.items()}
            kind = kinds.configured({iface.kind: options})[iface.kind] if options else (
                kinds[iface.kind])
        if is_directory_contract(contract):
            item.update(directory_bundle(kind, contract, base_dir, at).fields())
        else:
            try:
                item["document"] = contract.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise AccordError(ErrorCode.FILE_NOT_FOUND,
                                  f"cannot read {iface.contract}: {exc}", location=at,
                                  hint="paths are relative to the directory of accord.yaml"
                                  ) from None
            item["filename"] = PurePosixPath(iface.contract).name
            if kind is not None:
                item.update(contract_bundle(kind, contract, base_dir, at).fields())
        chosen = version or iface.version
        if chosen is not None:
            item["version"] = chosen
        items.append(item)
    return items


def interface_kind_options(kinds: KindRegistry, iface: ProvidedInterface, pointer: str,
                           defaults: Mapping[str, Mapping[str, Any]] | None,
                           where: Locate) -> dict[str, Any] | None:
    """The interface's ``kind_options`` (else the ``kinds:`` section's for its kind;
    None when neither gives any), checked by the kind: a bad one is refused at its
    place in the manifest."""
    if iface.kind_options is not None:
        options, at = dict(iface.kind_options), join(pointer, "kind_options")
    elif defaults is not None and iface.kind in defaults:
        options, at = dict(defaults[iface.kind] or {}), join("/kinds", iface.kind)
    else:
        return None
    kinds.configured({iface.kind: options},
                     lambda _name, key: where(join(at, key) if key is not None else at))
    return options


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
    path relative to the entry's directory (empty: the entry alone); for a directory
    contract (``directory``), its name and ``/`` and every file, relative to it."""

    filename: str
    files: dict[str, str] = field(default_factory=dict)
    directory: bool = False

    def fields(self) -> dict[str, Any]:
        """The request fields (besides a file contract's ``document``)."""
        if self.directory or self.files:
            return {"filename": self.filename, "files": self.files}
        return {}


def is_directory_contract(contract: Path) -> bool:
    """Whether ``contract`` is sent as a directory contract: a directory, or a ZIP."""
    return contract.is_dir() or (contract.suffix.lower() == ".zip" and contract.is_file())


def directory_bundle(kind: Kind | None, contract: Path, base_dir: Path | None,
                     where: Location | None = None) -> ContractBundle:
    """The directory contract ``contract`` (a directory, or a ZIP of one) as its kind
    reads it (``kind`` None: no local kind reads it; every file goes), named after the
    directory (the ZIP without its extension)."""
    from accord.cli.directories import directory_files, zip_files

    if contract.is_dir():
        files = directory_files(kind, contract, base_dir=base_dir, where=where,
                                shown=str(contract))
        name = contract.resolve().name
    else:
        files = zip_files(kind, contract, where=where, shown=str(contract))
        name = contract.stem
    return ContractBundle(f"{name or '.'}/", files, directory=True)


def contract_bundle(kind: Kind, contract: Path, base_dir: Path | None,
                    where: Location | None = None) -> ContractBundle:
    """The files ``contract`` consists of, read by its kind. With ``base_dir`` (the
    manifest's directory) every file must lie inside it, symlinks resolved, as the
    contract itself must: else INVALID_MANIFEST at ``where``. The bundle's root is the
    deepest directory holding them all. A directory or a ZIP is a directory contract
    (:func:`directory_bundle`)."""
    from accord.kinds.protocol import load_for_lint

    if is_directory_contract(contract):
        return directory_bundle(kind, contract, base_dir, where)
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
    (``contract`` is the entry's, as shown to the user; a directory contract's files
    are named below its name, and below ``contract``)."""
    from accord.services.bundles import display_name, entry_path, is_directory

    if is_directory(filename):
        try:
            name = display_name(entry_path(filename))
        except AccordError:
            name = filename.rstrip("/")
        out = {filename: contract, name: contract}
        for key in files:
            local = posixpath.join(contract, key)
            out[posixpath.join(name, key)] = local
            out[posixpath.normpath(posixpath.join(name, key))] = local
        return out
    out = {filename: contract}
    base, local = posixpath.dirname(filename), posixpath.dirname(contract)
    for key in files:
        out[posixpath.normpath(posixpath.join(base, key))] = posixpath.normpath(
            posixpath.join(local, key))
    return out
