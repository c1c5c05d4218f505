"""The v1 endpoints. Most handlers are plain functions (run in the thread pool):
the services they call are synchronous and may take seconds (a publish). The
reads of the registry are coroutines whose answers the read cache keeps
(:func:`_cached`, ``api/cache.py``): a miss does all its database work in one
worker thread (:func:`_read`, a few at a time) and the rest on the event loop,
which saves the thread hops FastAPI makes for a plain function's dependencies
and response."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from email.utils import format_datetime
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.api import schemas, views
from accord.api.batch import JobOut, Jobs, job_view, prefers_async
from accord.api.cache import Entry, ReadCache, json_answer, key_of
from accord.api.deps import admin, hub, on_loop, reader, require_team, writer
from accord.compat.modes import Mode
from accord.compat.report import check_history
from accord.core.change import Level
from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location
from accord.kinds.protocol import DiffOptions
from accord.runtime.etag import check_if_match, etag_for
from accord.runtime.pagination import PageInfo, PageParams, encode_cursor, page_params
from accord.services import records, registry
from accord.services.candidate import Candidate
from accord.services.jobs import Progress
from accord.services.publish import DEFAULT_RULESET, Force, Hub
from accord.services.tokens import Principal
from accord.store import ContractVersion, Interface

router = APIRouter(prefix="/v1")

HubDep = Annotated[Hub, Depends(hub)]
Reader = Annotated[Principal, Depends(reader)]
Writer = Annotated[Principal, Depends(writer)]
Admin = Annotated[Principal, Depends(admin)]
Paging = Annotated[PageParams, Depends(on_loop(page_params()))]
T = TypeVar("T")
#: The cached reads answer If-None-Match with their ETag (api/cache.py).
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the If-None-Match names the current ETag."}}


#: Reads in worker threads at once, per event loop. More would mostly wait for
#: the interpreter lock, and each switch costs: with 50 clients, 40 threads (the
#: thread pool's size) served a third fewer requests than 4, at three times the p95.
READ_THREADS = 4
_read_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary())


async def _read(the_hub: Hub, read: Callable[[Session], T]) -> T:
    """``read(session)`` in a worker thread: a read handler's one thread hop."""

    def run() -> T:
        with the_hub.db.read() as session:
            return read(session)

    loop = asyncio.get_running_loop()
    limiter = _read_limiters.get(loop)
    if limiter is None:
        limiter = _read_limiters[loop] = anyio.CapacityLimiter(READ_THREADS)
    return await anyio.to_thread.run_sync(run, limiter=limiter)


async def _cached(request: Request, the_hub: Hub, build: Callable[[Session], Response]
                  ) -> Response:
    """The kept answer to this GET (``api/cache.py``), or ``build(session)``'s, kept
    under the registry generation read in the same session; a 304 when the caller's
    ``If-None-Match`` names its ETag."""
    cache: ReadCache = request.app.state.read_cache
    key, route = key_of(request.scope), request.scope.get("route")
    peeked = cache.generations.peek()
    entry = cache.get(key, peeked) if peeked is not None else None
    if entry is None:

        def read(session: Session) -> Entry:
            generation = cache.generations.read(session)
            found = cache.get(key, generation) if generation != peeked else None
            if found is not None:
                return found
            response = build(session)
            return cache.put(key, generation, response, etag=response.headers.get("etag"),
                             route=route)

        entry = await _read(the_hub, read)
    return entry.response(request.headers)


def _page_info(rows: list[Any], has_more: bool, key: Any) -> PageInfo:
    cursor = encode_cursor([key(rows[-1])]) if has_more and rows else None
    return PageInfo(next_cursor=cursor, has_more=has_more)


def _interface_etag(row: Interface | records.InterfaceRecord) -> str:
    return etag_for(f"{row.id}.{row.revision}")


def _deprecation_headers(response: Response, row: records.InterfaceRecord) -> None:
    if row.status == "deprecated" and row.deprecated_at is not None:
        response.headers["Deprecation"] = f"@{int(row.deprecated_at.timestamp())}"
        if row.sunset_at is not None:
            response.headers["Sunset"] = format_datetime(row.sunset_at, usegmt=True)


def _of_deprecated(session: Session, interface_key: str, answer: Response) -> Response:
    """``answer`` about one of an interface's versions, with the interface's
    Deprecation and Sunset headers when it is deprecated."""
    _deprecation_headers(answer, records.interface(session, interface_key))
    return answer


# --- teams ----------------------------------------------------------------------


@router.get("/teams", response_model=schemas.TeamPage, tags=["teams"], responses=NOT_MODIFIED)
async def list_teams(request: Request, the_hub: HubDep, _: Reader, paging: Paging) -> Any:
    """Teams, by id."""

    def build(session: Session) -> Response:
        page = registry.list_teams(session, limit=paging.limit, after=paging.after)
        return json_answer(schemas.TeamPage(
            data=[views.team(r) for r in page.rows],
            page=_page_info(page.rows, page.has_more, lambda r: r.id)))

    return await _cached(request, the_hub, build)


@router.post("/teams", status_code=201, response_model=schemas.TeamOut, tags=["teams"])
def create_team(body: schemas.TeamIn, response: Response, the_hub: HubDep,
                _: Admin) -> schemas.TeamOut:
    """Register a team (admin)."""
    row = registry.create_team(the_hub.db, body.id, body.name, body.description, body.contact)
    response.headers["Location"] = f"/v1/teams/{row.id}"
    return views.team(row)


@router.get("/teams/{team_id}", response_model=schemas.TeamOut, tags=["teams"],
            responses=NOT_MODIFIED)
async def get_team(team_id: str, request: Request, the_hub: HubDep, _: Reader) -> Any:
    return await _cached(request, the_hub, lambda session: json_answer(
        views.team(registry.get_team(session, team_id))))


# --- participants -----------------------------------------------------------------


@router.get("/participants", response_model=schemas.ParticipantPage, tags=["participants"],
            responses=NOT_MODIFIED)
async def list_participants(request: Request, the_hub: HubDep, _: Reader, paging: Paging,
                            team: Annotated[str | None, Query(max_length=63)] = None) -> Any:
    """Applications that provide or consume interfaces, by id."""

    def build(session: Session) -> Response:
        page = registry.list_participants(session, team=team, limit=paging.limit,
                                          after=paging.after)
        return json_answer(schemas.ParticipantPage(
            data=[views.participant(r) for r in page.rows],
            page=_page_info(page.rows, page.has_more, lambda r: r.id)))

    return await _cached(request, the_hub, build)


@router.post("/participants", status_code=201, response_model=schemas.ParticipantOut,
             tags=["participants"])
def create_participant(body: schemas.ParticipantIn, response: Response, the_hub: HubDep,
                       principal: Writer) -> schemas.ParticipantOut:
    """Register an application of the caller's team."""
    require_team(principal, body.team)
    row = registry.create_participant(the_hub.db, body.id, body.team,
                                      description=body.description, repository=body.repository)
    response.headers["Location"] = f"/v1/participants/{row.id}"
    return views.participant(row)


@router.get("/participants/{participant_id}", response_model=schemas.ParticipantOut,
            tags=["participants"], responses=NOT_MODIFIED)
async def get_participant(participant_id: str, request: Request, the_hub: HubDep,
                          _: Reader) -> Any:
    return await _cached(request, the_hub, lambda session: json_answer(
        views.participant(registry.get_participant(session, participant_id))))


# --- interfaces -------------------------------------------------------------------


@router.get("/interfaces", response_model=schemas.InterfacePage, tags=["interfaces"],
            responses=NOT_MODIFIED)
async def list_interfaces(
    request: Request, the_hub: HubDep, _: Reader, paging: Paging,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    team: Annotated[str | None, Query(max_length=63)] = None,
    status: Annotated[schemas.Status | None, Query()] = None,
    consumer: Annotated[str | None, Query(max_length=63)] = None,
    provider: Annotated[str | None, Query(max_length=63)] = None,
) -> Any:
    """Interfaces in id order, filtered by kind, owner team, status, consumer or provider."""

    def build(session: Session) -> Response:
        page = records.interfaces(
            session, kind=kind, team=team, status=status, consumer=consumer,
            provider=provider, limit=paging.limit, after=paging.after)
        return json_answer(schemas.InterfacePage(
            data=[views.interface(r) for r in page.rows],
            page=_page_info(page.rows, page.has_more, lambda r: r.number)))

    return await _cached(request, the_hub, build)


@router.post("/interfaces", status_code=201, response_model=schemas.InterfaceOut,
             tags=["interfaces"])
def create_interface(body: schemas.InterfaceIn, response: Response, the_hub: HubDep,
                     principal: Writer) -> schemas.InterfaceOut:
    """Register an interface owned by the caller's team; it gets the next ``IF-nnn`` id."""
    require_team(principal, body.team)
    if body.kind not in set(the_hub.kinds):
        raise AccordError(ErrorCode.INVALID_REQUEST, f"unknown kind {body.kind!r}",
                          hint=f"one of {', '.join(sorted(the_hub.kinds))}",
                          details={"field": "kind"})
    created = registry.create_interface(the_hub.db, name=body.name, kind=body.kind,
                                        team_id=body.team, fields=views.interface_fields(body),
                                        kinds=the_hub.kinds)
    with the_hub.db.read() as session:
        row = records.interface(session, created.id)
    response.headers["Location"] = f"/v1/interfaces/{row.id}"
    response.headers["ETag"] = _interface_etag(row)
    return views.interface(row)


@router.get("/interfaces/{interface_id}", response_model=schemas.InterfaceOut,
            tags=["interfaces"], responses=NOT_MODIFIED)
async def get_interface(interface_id: str, request: Request, the_hub: HubDep,
                        _: Reader) -> Any:
    """One interface (by id or name); its ETag guards PATCH."""

    def build(session: Session) -> Response:
        row = records.interface(session, interface_id)
        response = json_answer(views.interface(row), etag=_interface_etag(row))
        _deprecation_headers(response, row)
        return response

    return await _cached(request, the_hub, build)


@router.patch("/interfaces/{interface_id}", response_model=schemas.InterfaceOut,
              tags=["interfaces"])
def update_interface(interface_id: str, body: schemas.InterfaceFields, request: Request,
                     response: Response, the_hub: HubDep,
                     principal: Writer) -> schemas.InterfaceOut:
    """Change an interface's metadata; requires ``If-Match`` with its current ETag."""
    with the_hub.db.read() as session:
        row = registry.get_interface(session, interface_id)
    require_team(principal, row.team_id)
    check_if_match(request.headers, _interface_etag(row), required=True)
    try:
        registry.update_interface(the_hub.db, row.id, views.interface_fields(body),
                                  expected_revision=row.revision, kinds=the_hub.kinds)
    except AccordError as exc:
        if exc.details.get("precondition"):
            check_if_match(request.headers, "\"changed\"", required=True)
        raise
    with the_hub.db.read() as session:
        shown = records.interface(session, row.id)
    response.headers["ETag"] = _interface_etag(shown)
    _deprecation_headers(response, shown)
    return views.interface(shown)


# --- versions ---------------------------------------------------------------------


@router.get("/interfaces/{interface_id}/versions", response_model=schemas.VersionPage,
            tags=["versions"], responses=NOT_MODIFIED)
async def list_versions(interface_id: str, request: Request, the_hub: HubDep, _: Reader,
                        paging: Paging) -> Any:
    """Published versions in publication order."""

    def build(session: Session) -> Response:
        page = registry.list_versions(session, records.interface_id(session, interface_id),
                                      limit=paging.limit, after=paging.after)
        return _of_deprecated(session, interface_id, json_answer(schemas.VersionPage(
            data=[views.version(r) for r in page.rows],
            page=_page_info(page.rows, page.has_more, lambda r: r.seq))))

    return await _cached(request, the_hub, build)


@router.post("/interfaces/{interface_id}/versions", status_code=201,
             response_model=schemas.VersionOut, tags=["versions"],
             responses={200: {"model": schemas.VersionOut,
                              "description": "The same document was already published."}})
def publish_version(interface_id: str, body: schemas.PublishIn, response: Response,
                    the_hub: HubDep, principal: Writer) -> schemas.VersionOut:
    """Publish a contract version: lint, compatibility against the history under the
    interface's mode, version-bump check, then store. A refused version is a
    problem document listing each change."""
    with the_hub.db.read() as session:
        row = registry.get_interface(session, interface_id)
    require_team(principal, row.team_id)
    force = None
    if body.force_reason is not None:
        if not principal.admin:
            raise AccordError(ErrorCode.FORCE_NOT_ALLOWED, "only an admin may force a version",
                              hint="ask an admin, or make the change compatible")
        force = Force(body.force_reason)
    outcome = the_hub.publish(row.id, _candidate(body), published_by=principal.token_id,
                              force=force)
    assert outcome.stored is not None
    if not outcome.created:
        response.status_code = 200
    response.headers["Location"] = f"/v1/interfaces/{row.id}/versions/{outcome.version}"
    return views.version(outcome.stored)


def _candidate(body: schemas.PublishIn | schemas.CheckIn) -> Candidate:
    return Candidate((body.document or "").encode(), body.filename, body.version,
                     files={path: text.encode() for path, text in body.files.items()})


def _version_row(the_hub: Hub, interface_id: str, version: str) -> ContractVersion:
    with the_hub.db.read() as session:
        row = registry.get_interface(session, interface_id)
        found = session.scalar(select(ContractVersion).where(
            ContractVersion.interface_id == row.id, ContractVersion.version == version))
    if found is None:
        raise registry.not_found(f"version of {row.id}", version)
    return found


@router.get("/interfaces/{interface_id}/versions/{version}", response_model=schemas.VersionOut,
            tags=["versions"], responses=NOT_MODIFIED)
async def get_version(interface_id: str, version: str, request: Request, the_hub: HubDep,
                      _: Reader) -> Any:

    def build(session: Session) -> Response:
        # Its own session, after the generation was read: rows as new or newer.
        row = _version_row(the_hub, interface_id, version)
        return _of_deprecated(session, interface_id, json_answer(
            views.version(row), etag=etag_for(row.document_sha256),
            headers={"Cache-Control": "private, max-age=31536000, immutable"}))

    return await _cached(request, the_hub, build)


_MEDIA = {"json": "application/json", "avsc": "application/json", "yaml": "application/yaml",
          "proto": "text/plain",
          "graphql": "application/graphql"}
_IMMUTABLE = "private, max-age=31536000, immutable"


@router.get("/interfaces/{interface_id}/versions/{version}/document", tags=["versions"],
            response_class=Response,
            responses={200: {"content": {
                "application/yaml": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "string"}},
                "application/zip": {"schema": {"type": "string", "format": "binary"}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
                "description": "The document as published: the file of a one-file contract; "
                "for a contract of several files the ZIP of all of them "
                "(`<interface>-<version>.zip`), or with `path` the one file."}})
def get_document(interface_id: str, version: str, the_hub: HubDep, _: Reader,
                 path: Annotated[str | None, Query(
                     min_length=1, max_length=255,
                     description="One file of a contract of several files, by its path in "
                     "the bundle (the entry's is the version's `filename`; a directory "
                     "contract's files by their paths in the directory).")] = None
                 ) -> Response:
    """The raw document as published (its bytes, unchanged)."""
    from accord.services import bundles
    from accord.services.documents import blob_of, file_format

    row = _version_row(the_hub, interface_id, version)
    with the_hub.db.read() as session:
        blob = blob_of(session, row.document_sha256)
    name, content = row.filename, blob.content
    if blob.is_bundle and path is None:
        return Response(content, media_type="application/zip", headers={
            "ETag": etag_for(row.document_sha256),
            "Content-Disposition":
                f'attachment; filename="{row.interface_id}-{row.version}.zip"',
            "Cache-Control": _IMMUTABLE})
    if path is not None:
        found = bundles.read_member(content, path) if blob.is_bundle else (
            content if path == row.filename else None)
        if found is None:
            raise AccordError(ErrorCode.NOT_FOUND,
                              f"{row.interface_id} {row.version} has no file {path!r}",
                              hint="the version's filename names its entry file; GET the "
                              "document without path for all files (a ZIP)")
        name, content = path, found
    media = _MEDIA.get(file_format(name), "application/octet-stream")
    tag = etag_for(row.document_sha256 if path is None else f"{row.document_sha256}/{path}")
    return Response(content, media_type=media, headers={
        "ETag": tag,
        "Content-Disposition": f'inline; filename="{_quoted(name.rsplit("/", 1)[-1])}"',
        "Cache-Control": _IMMUTABLE})


def _quoted(name: str) -> str:
    """A file name fit for a quoted header parameter (ASCII, no quote or backslash)."""
    return "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
                   for c in name)


@router.get("/interfaces/{interface_id}/changelog", response_model=schemas.ChangelogPage,
            tags=["versions"], responses=NOT_MODIFIED)
async def changelog(interface_id: str, request: Request, the_hub: HubDep, _: Reader,
                    paging: Paging) -> Any:
    """What each version changed from the one before it, newest first."""

    def build(session: Session) -> Response:
        page = registry.list_versions(session, records.interface_id(session, interface_id),
                                      limit=paging.limit, after=paging.after,
                                      newest_first=True)
        data = [schemas.ChangelogEntry(version=r.version, published_at=r.created_at,
                                       changes=r.changelog) for r in page.rows]
        return _of_deprecated(session, interface_id, json_answer(schemas.ChangelogPage(
            data=data, page=_page_info(page.rows, page.has_more, lambda r: r.seq))))

    return await _cached(request, the_hub, build)


@router.get("/interfaces/{interface_id}/compare", response_model=schemas.CompareOut,
            tags=["versions"])
def compare(interface_id: str, the_hub: HubDep, _: Reader,
            from_: Annotated[str, Query(alias="from", max_length=100)],
            to: Annotated[str, Query(max_length=100)]) -> schemas.CompareOut:
    """The changes between two published versions (any order)."""
    base = _version_row(the_hub, interface_id, from_)
    revision = _version_row(the_hub, interface_id, to)
    with the_hub.db.read() as session:
        interface = registry.get_interface(session, interface_id)
        options = interface.kind_options
        kind = the_hub.kind_of(interface.kind, options)
        old = the_hub.stored_contract(session, kind, base, options)
        new = the_hub.stored_contract(session, kind, revision, options)
    changes = kind.diff(old, new, DiffOptions(kind_options=dict(options)))
    report = check_history(kind=kind.name, labels=[old.source, new.source],
                           version_of=[base.version, revision.version].__getitem__,
                           mode=Mode.NONE, fail_on=Level.BREAKING,
                           differ=lambda i, j: changes,
                           version_location=new.version_location or Location("", new.source),
                           version_level=None)
    return schemas.CompareOut(interface=interface.id, base=base.version,
                              revision=revision.version,
                              changes=[c.to_dict() for c in report.changes],
                              summary=report.summary(),
                              suggested_bump=str(report.version.suggested))


# --- checks -----------------------------------------------------------------------


#: A candidate larger than this is checked as a job (202 + Location).
ASYNC_CHECK_BYTES = 2 * 1024 * 1024


@router.post("/checks", response_model=schemas.CheckOut, tags=["checks"],
             responses={202: {"model": JobOut, "description": "Accepted as a job (a large "
                              "document, or Prefer: respond-async); poll the Location."}})
def run_check(body: schemas.CheckIn, request: Request, the_hub: HubDep, runner: Jobs,
              principal: Reader) -> Any:
    """Dry run of the publish pipeline: lint and compatibility of a candidate against
    the registry; nothing is stored. Large documents (or ``Prefer: respond-async``)
    are checked as a job."""
    candidate = _candidate(body)
    asked = prefers_async(request)
    size = len(candidate.content) + sum(len(data) for data in candidate.files.values())
    if not asked and size <= ASYNC_CHECK_BYTES:
        return _check(the_hub, body, candidate)

    def work(progress: Progress) -> dict[str, Any]:
        return _check(the_hub, body, candidate).model_dump(mode="json")

    row = runner.submit("check", principal.token_id, work, total=1)
    headers = {"Location": f"/v1/jobs/{row.id}"}
    if asked:
        headers["Preference-Applied"] = "respond-async"
    return JSONResponse(job_view(row).model_dump(mode="json"), status_code=202,
                        headers=headers)


def _check(the_hub: Hub, body: schemas.CheckIn, candidate: Candidate) -> schemas.CheckOut:
    from accord.api.errors import problem_of

    new = False
    try:
        outcome = the_hub.evaluate(body.interface, candidate, kind_options=body.kind_options)
    except AccordError as exc:
        if exc.code is not ErrorCode.NOT_FOUND or body.kind is None:
            raise
        new = True
        outcome = the_hub.evaluate_new(body.interface, body.kind, candidate,
                                       ruleset=body.ruleset or DEFAULT_RULESET,
                                       kind_options=body.kind_options)
    problems = [problem_of(p).to_dict() for p in outcome.problems]
    return schemas.CheckOut(
        interface=outcome.interface_id, version=outcome.version, passed=outcome.passed,
        new_interface=new,
        problems=problems, lint=outcome.lint.to_dict() if outcome.lint else None,
        compatibility=outcome.compatibility.to_dict() if outcome.compatibility else None)

