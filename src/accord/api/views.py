"""Rows -> response bodies."""

from __future__ import annotations

from typing import Any

from accord.api import schemas
from accord.services.records import InterfaceRecord
from accord.store import ContractVersion, Participant, Team


def team(row: Team) -> schemas.TeamOut:
    return schemas.TeamOut(id=row.id, name=row.name, description=row.description,
                           contact=row.contact, created_at=row.created_at,
                           updated_at=row.updated_at)


def participant(row: Participant) -> schemas.ParticipantOut:
    return schemas.ParticipantOut(id=row.id, team=row.team_id, description=row.description,
                                  repository=row.repository, created_at=row.created_at,
                                  updated_at=row.updated_at)


def interface(row: InterfaceRecord) -> schemas.InterfaceOut:
    latest = row.latest
    summary = None
    if latest is not None:
        summary = schemas.VersionSummary(version=latest.version, sha256=latest.document_sha256,
                                         published_at=latest.created_at)
    return schemas.InterfaceOut(
        id=row.id, name=row.name, title=row.title, description=row.description, kind=row.kind,
        team=row.team_id, provider=row.provider_id, consumers=list(row.consumers),
        status=row.status,  # type: ignore[arg-type]
        visibility=row.visibility, mode=row.mode, compatibility=row.compatibility,
        kind_options=row.kind_options, ruleset=row.ruleset, sla=row.sla,
        rate_limits=row.rate_limits, auth=row.auth,
        support=row.support, maintenance_windows=row.maintenance_windows,
        deprecated_at=row.deprecated_at, sunset_at=row.sunset_at, latest_version=summary,
        created_at=row.created_at, updated_at=row.updated_at)


def version(row: ContractVersion) -> schemas.VersionOut:
    return schemas.VersionOut(
        interface=row.interface_id, version=row.version, sha256=row.document_sha256,
        filename=row.filename, published_by=row.published_by, published_at=row.created_at,
        forced_reason=row.forced_reason, lint=row.lint, compatibility=row.compatibility,
        changelog=row.changelog)


def interface_fields(body: schemas.InterfaceFields) -> dict[str, Any]:
    """The fields a request sets (absent ones stay as they are)."""
    data = body.model_dump(exclude_unset=True, exclude={"name", "kind", "team"})
    if "provider" in data:
        data["provider_id"] = data.pop("provider")
    return data
