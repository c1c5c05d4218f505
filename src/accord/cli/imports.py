"""A manifest's provided interfaces as items of ``POST /v1/imports`` (no HTTP here:
``accord publish`` sends them, ``accord serve --demo`` feeds them to the hub)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location, join
from accord.core.manifest import Manifest, ProvidedInterface

#: ProvidedInterface fields that are not the hub interface's metadata.
_NOT_METADATA = frozenset({"name", "kind", "contract", "version", "sunset", "sunset_at",
                           "maintenance_windows"})


def import_items(manifest: Manifest, base_dir: Path, *, file: str = "accord.yaml",
                 default_ruleset: str | None = None,
                 only: str | None = None, version: str | None = None) -> list[dict[str, Any]]:
    """One ``/v1/imports`` item per provided interface (only the one named ``only``
    when given): team, participant, interface metadata, and the contract file's
    text with its file name and version (``version`` overrides the manifest's).

    ``default_ruleset`` is the ruleset of interfaces that name none (the manifest's
    ``lint.extends``). ``file`` names the manifest in error locations. Raises
    ``AccordError(INVALID_MANIFEST)`` for a value the hub cannot take and
    ``FILE_NOT_FOUND`` for an unreadable contract.
    """
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
                              location=Location(join(pointer, "contract"), file),
                              hint="paths are relative to the directory of accord.yaml") from None
        item: dict[str, Any] = {
            "team": manifest.team,
            "participant": participant,
            "interface": interface_fields(iface, pointer, file, default_ruleset),
            "document": document,
            "filename": PurePosixPath(iface.contract).name,
        }
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
