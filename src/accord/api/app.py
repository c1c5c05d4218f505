"""The hub application: ``create_app(HubConfig(...))``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response

from accord import __version__
from accord.api import errors, routes
from accord.runtime.problems import install_problem_handlers
from accord.runtime.request_id import RequestIdMiddleware
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


def create_app(config: HubConfig | None = None, *, db: Database | None = None) -> FastAPI:
    config = config or HubConfig()
    database = db or Database(config.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        database.dispose()

    if config.migrate:
        database.upgrade()
    if config.admin_token:
        ensure_admin_token(database, config.admin_token)

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
    app.add_middleware(RequestIdMiddleware)
    app.include_router(routes.router)

    @app.get("/health", tags=["operations"])
    def health() -> Response:
        """Liveness and readiness: 200 when the database answers, else 503."""
        from sqlalchemy import text

        ok = True
        try:
            with database.read() as session:
                session.execute(text("SELECT 1"))
        except Exception:  # any failure means "not ready"
            ok = False
        body: dict[str, Any] = {"status": "ok" if ok else "unavailable",
                                "database": "ok" if ok else "unavailable",
                                "version": __version__}
        return JSONResponse(body, status_code=200 if ok else 503)

    return app
