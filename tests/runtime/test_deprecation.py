from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest
from fastapi import Depends, FastAPI, Response

from accord.runtime.deprecation import Deprecation, DeprecationMiddleware, deprecated
from accord.runtime.problems import NOT_FOUND, install_problem_handlers
from tests.runtime.support import client_for

pytestmark = pytest.mark.anyio

SINCE = datetime(2026, 1, 1, tzinfo=UTC)
SUNSET = datetime(2026, 7, 1, 2, 0, tzinfo=timezone(timedelta(hours=2)))
OLD = Deprecation(SINCE, SUNSET, "https://docs.example.com/migrate-to-v2")


def make_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(
        DeprecationMiddleware,
        routes={
            "GET /v1/things/{thing_id}": OLD,
            "/v1/legacy": Deprecation(SINCE),
        },
    )

    @app.get("/v1/things/{thing_id}", deprecated=True)
    async def get_thing(thing_id: str, response: Response) -> dict[str, str]:
        if thing_id == "missing":
            raise NOT_FOUND()
        response.headers.append("Link", '</v2/things/1>; rel="successor-version"')
        return {"id": thing_id}

    @app.delete("/v1/things/{thing_id}", status_code=204)
    async def delete_thing(thing_id: str) -> None:
        return None

    @app.get("/v1/legacy", deprecated=True)
    async def read_legacy() -> dict[str, str]:
        return {}

    @app.post("/v1/legacy", deprecated=True)
    async def write_legacy() -> dict[str, str]:
        return {}

    @app.get("/v1/single", deprecated=True, dependencies=[Depends(deprecated(OLD))])
    async def single() -> dict[str, str]:
        return {}

    return app


async def test_deprecated_routes_announce_deprecation_and_sunset() -> None:
    async with client_for(make_app()) as client:
        response = await client.get("/v1/things/1")
        missing = await client.get("/v1/things/missing")
        deleted = await client.delete("/v1/things/1")
    assert response.headers["deprecation"] == "@1767225600"
    assert response.headers["sunset"] == "Wed, 01 Jul 2026 00:00:00 GMT"
    assert parsedate_to_datetime(response.headers["sunset"]) == SUNSET
    assert response.headers.get_list("link") == [
        '</v2/things/1>; rel="successor-version"',
        '<https://docs.example.com/migrate-to-v2>; rel="deprecation"',
    ]
    # Error responses of the route carry them too; the route's other methods do not.
    assert missing.status_code == 404 and missing.headers["deprecation"] == "@1767225600"
    assert deleted.status_code == 204 and "deprecation" not in deleted.headers


async def test_an_any_method_entry_and_the_dependency() -> None:
    async with client_for(make_app()) as client:
        legacy_get = await client.get("/v1/legacy")
        legacy_post = await client.post("/v1/legacy")
        single = await client.get("/v1/single")
        document = (await client.get("/openapi.json")).json()
    for response in (legacy_get, legacy_post):
        assert response.headers["deprecation"] == "@1767225600"
        assert "sunset" not in response.headers and "link" not in response.headers
    assert single.headers["sunset"] == "Wed, 01 Jul 2026 00:00:00 GMT"
    assert document["paths"]["/v1/single"]["get"]["deprecated"] is True


def test_a_sunset_before_the_deprecation_is_refused() -> None:
    with pytest.raises(ValueError, match="before the deprecation"):
        Deprecation(SINCE, SINCE - timedelta(seconds=1))
    Deprecation(SINCE, SINCE)  # the same instant is allowed
    with pytest.raises(ValueError, match="timezone-aware"):
        Deprecation(datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="link target"):
        Deprecation(SINCE, link="https://example.com/a b")


def test_a_future_deprecation_and_the_header_order() -> None:
    later = Deprecation(datetime(2030, 1, 1, tzinfo=UTC))
    assert later.headers() == [("Deprecation", "@1893456000")]


def test_route_table_errors() -> None:
    async def app(scope: object, receive: object, send: object) -> None:
        return None

    with pytest.raises(ValueError, match="METHOD"):
        DeprecationMiddleware(app, routes={"get /v1/x": OLD})
