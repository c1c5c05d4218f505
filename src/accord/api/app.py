"""The hub application: ``create_app(HubConfig(...))``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import anyio
from fastapi import FastAPI, Request

from accord import __version__
from accord.api import batch, errors, metrics, middleware, oauth, openapi, routes, tokens
from accord.api.schemas import HealthOut
from accord.runtime.problems import UNAVAILABLE, install_problem_handlers, problem_response
from accord.services.publish import Hub
from accord.services.tokens import ensure_admin_token
from accord.store import Database


@dataclass(frozen=True)
class HubConfig:
    database_url: str | None = None
    #: Sets (or keeps) an admin credential on start.
    admin_token: str | None = None
    #: Apply pending migrations on start.
    migrate: bool = True
    #: Requests per credential ("600/minute", "10/second"...); None or "off": no limit.
    rate_limit: str | None = "600/minute"
    #: Where rate limits count: "memory", "database" or "redis://host:port/db"
    #: (None: memory on SQLite, the database on PostgreSQL).
    rate_limit_storage: str | None = None
    #: How long an Idempotency-Key's response is replayed.
    idempotency_ttl: timedelta = timedelta(hours=24)
    #: How long an in-flight Idempotency-Key is held before another request may take it.
    idempotency_lease: timedelta = timedelta(seconds=60)
    #: Lifetime of the access tokens of /oauth/token.
    oauth_token_ttl: timedelta = timedelta(hours=1)


def create_app(config: HubConfig | None = None, *, db: Database | None = None) -> FastAPI:
    config = config or HubConfig()
    database = db or Database(config.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await anyio.to_thread.run_sync(jobs.shutdown)
        await middleware.aclose(app)
        database.dispose()

    if config.migrate:
        database.upgrade()
    if config.admin_token:
        ensure_admin_token(database, config.admin_token)
    # Jobs run in this process; the ones a stopped process left unfinished fail now.
    jobs = batch.job_runner(database)
    jobs.mark_interrupted()

    app = FastAPI(
        title="accord hub",
        version=__version__,
        summary="The registry of the interfaces between teams, and the gate every new "
        "contract version passes.",
        openapi_url="/v1/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
        contact={"name": "accord maintainers", "url": "https://accord.dev"},
        servers=[{"url": "/", "description": "this hub"}],
    )
    app.state.hub = Hub(database)
    install_problem_handlers(app)
    errors.install(app)
    openapi.install(app)
    middleware.install(app, config, database)
    app.include_router(routes.router)
    app.include_router(tokens.router)
    app.include_router(batch.router)
    app.include_router(oauth.router)
    app.include_router(metrics.router)
    app.state.jobs = jobs

    @app.get("/health", tags=["operations"], response_model=HealthOut,
             responses={503: {"description": "Not ready: the database does not answer."}})
    def health(request: Request) -> Any:
        """Liveness and readiness: 200 when the database answers, else a 503 problem."""
        from sqlalchemy import text

        try:
            with database.read() as session:
                session.execute(text("SELECT 1"))
        except Exception:  # any failure means "not ready"
            return problem_response(UNAVAILABLE(
                "the database does not answer", extra={"database": "unavailable",
                                                       "version": __version__}), request)
        return HealthOut(status="ok", database="ok", version=__version__)

    return app
