"""Request and response bodies of the HTTP API (pydantic models: they are the
OpenAPI document the hub serves)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, NoReturn, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from accord.core.errors import AccordError, ErrorCode
from accord.runtime.pagination import PageInfo
from accord.services import bundles

Slug = Field(pattern=r"^[a-z][a-z0-9-]{1,62}$", min_length=2, max_length=63,
             examples=["payments"])


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TeamIn(Body):
    id: str = Slug
    name: str | None = Field(None, max_length=200)
    description: str = Field("", max_length=5000)
    contact: dict[str, str] = Field(default_factory=dict)


class TeamOut(BaseModel):
    id: str
    name: str
    description: str
    contact: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class TeamPage(BaseModel):
    data: list[TeamOut]
    page: PageInfo


class ParticipantIn(Body):
    id: str = Slug
    team: str = Slug
    description: str = Field("", max_length=5000)
    repository: str | None = Field(None, max_length=500)


class ParticipantOut(BaseModel):
    id: str
    team: str
    description: str
    repository: str | None
    created_at: datetime
    updated_at: datetime


class ParticipantPage(BaseModel):
    data: list[ParticipantOut]
    page: PageInfo


Status = Literal["draft", "active", "deprecated", "retired"]
Compatibility = Literal["NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD",
                        "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"]


class Latency(Body):
    p50: float | None = Field(None, ge=0)
    p95: float | None = Field(None, ge=0)
    p99: float | None = Field(None, ge=0)


class Sla(Body):
    latency_ms: Latency | None = None
    uptime: float | None = Field(None, ge=0, le=100, description="Percent, e.g. 99.9.")


class RateLimitTier(Body):
    tier: str = Field(max_length=63)
    requests: int = Field(ge=1)
    per_seconds: int = Field(ge=1)
    burst: int | None = Field(None, ge=1)


class Auth(Body):
    method: Literal["oauth2", "bearer", "api-key", "mtls", "basic", "none"]
    scopes: list[str] = Field(default_factory=list, max_length=100)


class Support(Body):
    email: str | None = Field(None, max_length=200)
    slack: str | None = Field(None, max_length=200)
    oncall: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=500)


class MaintenanceWindow(Body):
    day: Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                 "daily"]
    start: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", max_length=5, examples=["02:00"])
    duration_minutes: int = Field(ge=1, le=24 * 60)
    timezone: str = Field("UTC", max_length=64)


#: ``kind_options`` of an interface (and of a check of a new one).
KIND_OPTIONS: Any = Field(
    None, max_length=50,
    description="Options of the interface's kind, applied to every load, lint and diff of "
    "its versions (e.g. `{\"policy\": \"lenient\"}` for `jsonschema`); checked by the "
    "kind, an unknown option or a bad value is refused at `kind_options/<option>`. "
    "Replaces the stored options; `{}` or null: the kind's defaults.",
    examples=[{"policy": "lenient"}])


class InterfaceFields(Body):
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=20000)
    status: Status | None = None
    visibility: Literal["internal", "external"] | None = None
    mode: Literal["sync", "async"] | None = None
    compatibility: Compatibility | None = None
    kind_options: dict[str, Any] | None = KIND_OPTIONS
    ruleset: str | None = Field(None, max_length=100)
    sla: Sla | None = None
    rate_limits: list[RateLimitTier] | None = Field(None, max_length=20)
    auth: Auth | None = None
    support: Support | None = None
    maintenance_windows: list[MaintenanceWindow] | None = Field(None, max_length=20)
    provider: str | None = Field(None, max_length=63)
    consumers: list[str] | None = Field(None, max_length=500)
    sunset_at: datetime | None = None


class InterfaceIn(InterfaceFields):
    name: str = Slug
    kind: str = Field(max_length=32, examples=["openapi"])
    team: str = Slug


class VersionSummary(BaseModel):
    version: str
    sha256: str
    published_at: datetime


class InterfaceOut(BaseModel):
    id: str = Field(examples=["IF-001"])
    name: str
    title: str
    description: str
    kind: str
    team: str
    provider: str | None
    consumers: list[str]
    status: Status
    visibility: str
    mode: str
    compatibility: str
    kind_options: dict[str, Any] = Field(
        description="The options of the interface's kind that its versions are loaded, "
        "linted and diffed with (empty: the kind's defaults).",
        examples=[{"policy": "lenient"}])
    ruleset: str
    sla: dict[str, Any]
    rate_limits: list[RateLimitTier]
    auth: dict[str, Any]
    support: dict[str, Any]
    maintenance_windows: list[MaintenanceWindow]
    deprecated_at: datetime | None
    sunset_at: datetime | None
    latest_version: VersionSummary | None
    created_at: datetime
    updated_at: datetime


class InterfacePage(BaseModel):
    data: list[InterfaceOut]
    page: PageInfo


#: ``files`` of a publish, a check and an import item: a contract's other files.
FILES: Any = Field(
    default_factory=dict, max_length=bundles.MAX_FILES,
    description="The contract's other files, which the document references (`$ref`, "
    "imports): relative path (from the document's directory, `/` between directories, "
    f"at most {bundles.MAX_PATH} characters) -> text. The document and its files together "
    f"hold at most {bundles.MAX_BYTES} bytes (UTF-8); they are stored as one bundle. "
    "A directory contract (`filename` ending in `/`) has every file here, by path "
    "relative to the directory.",
    json_schema_extra={"propertyNames": {"minLength": 1, "maxLength": bundles.MAX_PATH}},
    examples=[{"components/schemas.yaml": "schemas: {}\n"}])

#: ``filename`` of a publish, a check and an import item.
FILENAME_DESCRIPTION = (
    "The file name (its extension tells the format); with files, the entry's path in the "
    "contract's bundle. A name ending in `/` (like `protos/`; `.` for no name) publishes a "
    "directory contract, which the kind reads whole (a tree of `.proto` or GraphQL SDL "
    "files): then document is left out and every file is in files.")
#: ``document`` of a publish and a check.
DOCUMENT: Any = Field(
    None, max_length=32 * 1024 * 1024,
    description="The contract document, as text (YAML, JSON, ...); with files, the entry "
    "file. Required, except for a directory contract (`filename` ending in `/`), which has "
    "none.")


def checked_files(document: str | None, filename: str, files: dict[str, str], *,
                  required: bool = True) -> None:
    """Refuse a bad contract as a validation error at ``document``, ``filename`` or
    ``files/<path>`` (what :class:`~accord.services.bundles.Bundle` would refuse later,
    found early): a missing document (when ``required``, or with ``files``), a
    directory contract with a document or without files, and bad paths."""
    directory = bundles.is_directory(filename)
    if not files and not directory:
        if document is None and required:
            _refuse("document", None, "a document is required (or a directory contract: "
                    "a filename ending in '/' and its files)")
        return
    try:
        if directory and document:
            raise AccordError(ErrorCode.INVALID_REQUEST,
                              "a directory contract has no document: its files are all in "
                              "files", details={"field": "document"})
        if not directory and document is None:
            raise AccordError(ErrorCode.INVALID_REQUEST,
                              "files are given without a document (the entry file)",
                              details={"field": "files"})
        bundles.member_paths(bundles.entry_path(filename), files)
        size = len((document or "").encode()) + sum(len(text.encode())
                                                    for text in files.values())
        if size > bundles.MAX_BYTES:
            raise AccordError(ErrorCode.INVALID_REQUEST,
                              f"the document and its files hold {size} bytes, more than "
                              f"{bundles.MAX_BYTES}", details={"field": "files"})
    except AccordError as exc:
        _refuse(str(exc.details.get("field") or "files"), exc.details.get("path"), exc.message)


def _refuse(field: str, path: object, reason: str) -> NoReturn:
    loc: tuple[str, ...] = (field, str(path)) if field == "files" and path is not None \
        else (field,)
    raise ValidationError.from_exception_data("files", [InitErrorDetails(
        type=PydanticCustomError("invalid_files", "{reason}", {"reason": reason}),
        loc=loc, input=path if path is not None else field)]) from None


class PublishIn(Body):
    document: str | None = DOCUMENT
    filename: str = Field("contract.yaml", max_length=255, description=FILENAME_DESCRIPTION)
    files: dict[str, str] = FILES
    version: str | None = Field(None, max_length=100,
                                description="Default: the version the document declares.")
    force_reason: str | None = Field(
        None, max_length=2000,
        description="Admins only: publish a new major version that fails the "
        "compatibility check, with the reason recorded.")

    @model_validator(mode="after")
    def _files(self) -> Self:
        checked_files(self.document, self.filename, self.files)
        return self


class VersionOut(BaseModel):
    interface: str
    version: str
    sha256: str
    filename: str
    published_by: str
    published_at: datetime
    forced_reason: str | None
    lint: dict[str, Any]
    compatibility: dict[str, Any]
    changelog: list[dict[str, Any]]


class VersionPage(BaseModel):
    data: list[VersionOut]
    page: PageInfo


class CheckIn(Body):
    interface: str = Field(max_length=63, description="Interface id or name.")
    document: str | None = DOCUMENT
    filename: str = Field("contract.yaml", max_length=255, description=FILENAME_DESCRIPTION)
    files: dict[str, str] = FILES
    version: str | None = Field(None, max_length=100)
    kind: str | None = Field(
        None, max_length=32,
        description="For an interface the registry does not have yet: its kind. The "
        "check then lints the first version (there is nothing to compare it with) "
        "instead of answering 404.")
    ruleset: str | None = Field(None, max_length=100,
                                description="With kind: the ruleset of the new interface.")
    kind_options: dict[str, Any] | None = Field(
        None, max_length=50,
        description="The kind options to check with, instead of the interface's own (as a "
        "publish that sets them would); with kind, those of the new interface.",
        examples=[{"policy": "lenient"}])

    @model_validator(mode="after")
    def _files(self) -> Self:
        checked_files(self.document, self.filename, self.files)
        return self


class CheckOut(BaseModel):
    interface: str
    version: str
    passed: bool
    new_interface: bool = Field(
        False, description="The registry has no such interface yet: only lint applied.")
    problems: list[dict[str, Any]]
    lint: dict[str, Any] | None
    compatibility: dict[str, Any] | None


class CompareOut(BaseModel):
    interface: str
    base: str
    revision: str
    changes: list[dict[str, Any]]
    summary: dict[str, int]
    suggested_bump: str


class ChangelogEntry(BaseModel):
    version: str
    published_at: datetime
    changes: list[dict[str, Any]]


class ChangelogPage(BaseModel):
    data: list[ChangelogEntry]
    page: PageInfo


class HealthOut(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unavailable"]
    version: str
