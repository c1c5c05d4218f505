"""Batch import (``POST /v1/imports``) and the jobs that run long work
(``GET /v1/jobs/{id}``).

An import runs in the request when it is small; a large one (more than
:data:`ASYNC_ITEMS` items or :data:`ASYNC_BYTES` of documents) or one sent with
``Prefer: respond-async`` becomes a job: ``202 Accepted``, ``Location:
/v1/jobs/{id}``, and the job's ``result`` is the body the request would have had.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Self

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, model_validator

from accord.api import views
from accord.api.deps import hub, reader, writer
from accord.api.errors import problem_of
from accord.api.schemas import (
    FILENAME_DESCRIPTION,
    FILES,
    Body,
    InterfaceFields,
    Slug,
    checked_files,
)
from accord.core.errors import AccordError, ErrorCode
from accord.runtime.request_id import request_id_of
from accord.services import bundles
from accord.services.imports import (
    ImportItem,
    ImportResult,
    InterfaceSpec,
    ParticipantSpec,
    run_import,
)
from accord.services.jobs import UNFINISHED, JobRunner, Progress
from accord.services.publish import Hub
from accord.services.tokens import Principal
from accord.store import Database, Job

router = APIRouter(prefix="/v1")

#: A batch with more items than this runs as a job.
ASYNC_ITEMS = 10
#: A batch with more document bytes than this runs as a job.
ASYNC_BYTES = 2 * 1024 * 1024
MAX_ITEMS = 100


def job_runner(db: Database) -> JobRunner:
    """The application's job runner: failed jobs carry the API's problem documents."""
    return JobRunner(db, render_problem=lambda error: problem_of(error).to_dict())


def jobs(request: Request) -> JobRunner:
    found: JobRunner = request.app.state.jobs
    return found


HubDep = Annotated[Hub, Depends(hub)]
Jobs = Annotated[JobRunner, Depends(jobs)]
Reader = Annotated[Principal, Depends(reader)]
Writer = Annotated[Principal, Depends(writer)]


# --- bodies -------------------------------------------------------------------------


class ImportParticipant(Body):
    """The provider application; the item's team owns it."""

    id: str = Slug
    description: str = Field("", max_length=5000)
    repository: str | None = Field(None, max_length=500)
    consumes: list[Annotated[str, Field(min_length=1, max_length=63)]] = Field(
        default_factory=list, max_length=200,
        description="Interfaces (names or IF ids) this application consumes: it is "
        "recorded as their consumer (those not registered yet give a warning).")


class ImportInterface(InterfaceFields):
    """An interface by name: created when absent, else updated to the fields given."""

    name: str = Slug
    kind: str = Field(max_length=32, examples=["openapi"])


class ImportItemIn(Body):
    team: str = Slug
    participant: ImportParticipant | None = None
    interface: ImportInterface
    document: str | None = Field(None, max_length=32 * 1024 * 1024,
                                 description="A contract document to publish, as text (none "
                                 "for a directory contract, whose files are all in files).")
    filename: str = Field("contract.yaml", max_length=255, description=FILENAME_DESCRIPTION)
    files: dict[str, str] = FILES
    version: str | None = Field(None, max_length=100,
                                description="Default: the version the document declares.")

    @model_validator(mode="after")
    def _files(self) -> Self:
        checked_files(self.document, self.filename, self.files, required=False)
        return self

    @property
    def publishes(self) -> bool:
        """Whether the item has a contract to publish: a document, or a directory."""
        return self.document is not None or bundles.is_directory(self.filename)


class ImportIn(Body):
    items: list[ImportItemIn] = Field(min_length=1, max_length=MAX_ITEMS)


class ImportItemOut(BaseModel):
    index: int
    status: int = Field(description="The status the single request would have had.")
    name: str
    interface: str | None = Field(examples=["IF-001"])
    interface_created: bool
    version: str | None
    version_created: bool
    problem: dict[str, Any] | None = Field(
        description="The problem document the single request would have returned.")
    warnings: list[str] = Field(
        default_factory=list,
        description="What the item left out without failing (consumers not yet registered).")


class ImportSummary(BaseModel):
    items: int
    succeeded: int
    failed: int


class ImportOut(BaseModel):
    data: list[ImportItemOut]
    summary: ImportSummary


class JobProgress(BaseModel):
    done: int
    total: int | None


class JobOut(BaseModel):
    id: str = Field(examples=["job_01JD3X5Q2M8ZK7V4N6R9T0BCDE"])
    type: str
    status: Literal["queued", "running", "succeeded", "failed"]
    created_at: datetime
    finished_at: datetime | None
    progress: JobProgress | None
    result: dict[str, Any] | None = Field(description="The job's result once it succeeded.")
    problem: dict[str, Any] | None = Field(description="The problem once it failed.")


def job_view(row: Job) -> JobOut:
    progress = JobProgress(**row.progress) if row.progress else None
    return JobOut(id=row.id, type=row.type, status=row.status,  # type: ignore[arg-type]
                  created_at=row.created_at, finished_at=row.finished_at, progress=progress,
                  result=row.result, problem=row.problem)


# --- imports ------------------------------------------------------------------------


def import_item(body: ImportItemIn) -> ImportItem:
    """The use case's item of a validated request item."""
    participant = None
    if body.participant is not None:
        participant = ParticipantSpec(
            body.participant.id,
            body.participant.model_dump(exclude_unset=True, exclude={"id", "consumes"}))
    return ImportItem(
        team=body.team, participant=participant,
        interface=InterfaceSpec(body.interface.name, body.interface.kind,
                                views.interface_fields(body.interface)),
        consumes=tuple(body.participant.consumes) if body.participant is not None else (),
        document=(body.document or "").encode() if body.publishes else None,
        filename=body.filename, version=body.version,
        files={path: text.encode() for path, text in body.files.items()})


def import_body(result: ImportResult, request_id: str | None) -> ImportOut:
    data = []
    for item in result.items:
        problem = None
        if item.error is not None:
            found = problem_of(item.error)
            status, problem = found.status, found.to_dict(request_id=request_id)
        else:
            status = 201 if item.created else 200
        data.append(ImportItemOut(
            index=item.index, status=status, name=item.name, interface=item.interface,
            interface_created=item.interface_created, version=item.version,
            version_created=item.version_created, problem=problem, warnings=item.warnings))
    return ImportOut(data=data, summary=ImportSummary(
        items=len(result.items), succeeded=result.succeeded, failed=result.failed))


def prefers_async(request: Request) -> bool:
    """Whether the request asks ``Prefer: respond-async`` (RFC 7240)."""
    tokens = (part.split(";")[0].strip().lower()
              for value in request.headers.getlist("prefer") for part in value.split(","))
    return "respond-async" in tokens


@router.post(
    "/imports", response_model=ImportOut, tags=["imports"],
    responses={202: {"model": JobOut,
                     "description": "Accepted as a job (large batch, or Prefer: respond-async); "
                     "poll the Location.",
                     "headers": {"Location": {"description": "/v1/jobs/{id}",
                                              "schema": {"type": "string"}}}}})
def import_batch(body: ImportIn, request: Request, the_hub: HubDep, runner: Jobs,
                 principal: Writer) -> Any:
    """Register or update many interfaces and publish their contract versions; every
    item succeeds or fails on its own, with the status and problem its single
    request would have had."""
    items = [import_item(i) for i in body.items]
    request_id = request_id_of(request.scope)
    asked = prefers_async(request)
    size = sum(item.size for item in items)
    if not (asked or len(items) > ASYNC_ITEMS or size > ASYNC_BYTES):
        return import_body(run_import(the_hub, principal, items), request_id)

    def work(progress: Progress) -> dict[str, Any]:
        result = run_import(the_hub, principal, items, progress=progress)
        return import_body(result, request_id).model_dump(mode="json")

    row = runner.submit("import", principal.token_id, work, total=len(items))
    headers = {"Location": f"/v1/jobs/{row.id}"}
    if asked:
        headers["Preference-Applied"] = "respond-async"
    return JSONResponse(job_view(row).model_dump(mode="json"), status_code=202,
                        headers=headers)


# --- jobs -----------------------------------------------------------------------------


@router.get("/jobs/{job_id}", response_model=JobOut, tags=["jobs"])
def get_job(job_id: Annotated[str, Path(max_length=40)], response: Response, runner: Jobs,
            principal: Reader) -> JobOut:
    """A job's status, progress and, once finished, its result or problem. Only the
    token that started it (or an admin) sees it; ``Retry-After`` while it runs."""
    row = runner.get(job_id)
    if row is None or not (principal.admin or row.owner == principal.token_id):
        # 404 for someone else's job too: its existence is not theirs to know.
        raise AccordError(ErrorCode.NOT_FOUND, f"job {job_id!r} does not exist",
                          hint="use the Location of the 202 response that started it, with "
                          "the same token")
    if row.status in UNFINISHED:
        response.headers["Retry-After"] = "1"
    return job_view(row)
