from __future__ import annotations

import logging
import re

import pytest
from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel, Field
from starlette.applications import Starlette
from starlette.routing import Route

from accord.runtime import problems
from accord.runtime.problems import (
    CONFLICT,
    STANDARD_PROBLEMS,
    FieldError,
    Problem,
    install_problem_handlers,
    json_pointer,
    problem_type_for_status,
    type_uri_for,
)
from accord.runtime.request_id import RequestIdMiddleware
from tests.runtime.support import client_for, problem

pytestmark = pytest.mark.anyio


class Interface(BaseModel):
    name: str = Field(min_length=3)
    owner: str
    tags: list[str] = []


def make_app(**install: str) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app, **install)
    app.add_middleware(RequestIdMiddleware)

    @app.post("/v1/interfaces")
    async def create(interface: Interface, dry_run: bool = False) -> dict[str, str]:
        if interface.name == "taken":
            raise CONFLICT(
                "An interface named 'taken' exists.",
                extra={"existing_id": "IF-001"},
                headers={"Location": "/v1/interfaces/IF-001"},
            )
        return {"name": interface.name}

    @app.get("/v1/interfaces")
    async def listing(limit: int = Query(50, ge=1, le=200)) -> dict[str, int]:
        return {"limit": limit}

    @app.get("/v1/teapot")
    async def teapot() -> None:
        raise HTTPException(status_code=418, detail="Short and stout.")

    @app.get("/v1/forbidden")
    async def forbidden() -> None:
        raise HTTPException(status_code=403)

    @app.get("/v1/boom")
    async def boom() -> None:
        raise RuntimeError("database password is hunter2")

    return app


async def test_a_raised_problem_becomes_problem_json() -> None:
    async with client_for(make_app()) as client:
        response = await client.post("/v1/interfaces", json={"name": "taken", "owner": "t"})
    body = problem(response, 409, "CONFLICT")
    assert body == {
        "type": "https://accord.dev/problems/conflict",
        "title": "Conflict",
        "status": 409,
        "detail": "An interface named 'taken' exists.",
        "code": "CONFLICT",
        "request_id": response.headers["x-request-id"],
        "retryable": False,
        "existing_id": "IF-001",
    }
    assert response.headers["location"] == "/v1/interfaces/IF-001"


async def test_unknown_path_and_wrong_method() -> None:
    async with client_for(make_app()) as client:
        missing = await client.get("/v1/nothing-here")
        wrong = await client.delete("/v1/interfaces")
    assert "detail" not in problem(missing, 404, "NOT_FOUND")
    problem(wrong, 405, "METHOD_NOT_ALLOWED")
    assert "POST" in wrong.headers["allow"]  # Starlette names the first matching route's methods


async def test_http_exceptions_keep_a_custom_detail_and_map_unknown_statuses() -> None:
    async with client_for(make_app()) as client:
        teapot = await client.get("/v1/teapot")
        forbidden = await client.get("/v1/forbidden")
    assert problem(teapot, 418, "HTTP_418")["detail"] == "Short and stout."
    assert "detail" not in problem(forbidden, 403, "FORBIDDEN")


async def test_body_that_is_not_json_is_malformed() -> None:
    async with client_for(make_app()) as client:
        response = await client.post(
            "/v1/interfaces",
            content=b'{"name": "abc",',
            headers={"content-type": "application/json"},
        )
    body = problem(response, 400, "MALFORMED_REQUEST")
    [field] = body["fields"]
    assert field["pointer"] == "/body"
    assert re.search(r"at character \d+", field["message"])


async def test_validation_errors_name_each_field_without_echoing_input() -> None:
    secret = "s3cr3t-value-that-must-not-leak"
    async with client_for(make_app()) as client:
        response = await client.post(
            "/v1/interfaces?dry_run=maybe", json={"name": "ab", "tags": [secret, 7]}
        )
        limit = await client.get("/v1/interfaces?limit=500")
    body = problem(response, 422, "VALIDATION_FAILED")
    pointers = {f["pointer"]: f["message"] for f in body["fields"]}
    assert set(pointers) == {"/body/name", "/body/owner", "/body/tags/1", "/query/dry_run"}
    assert "at least 3" in pointers["/body/name"]
    assert pointers["/body/owner"] == "Field required"
    assert secret not in response.text
    assert problem(limit, 422, "VALIDATION_FAILED")["fields"] == [
        {"pointer": "/query/limit", "message": "Input should be less than or equal to 200"}
    ]


async def test_unhandled_exception_is_a_bare_500_logged_with_the_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="accord.runtime"):
        async with client_for(make_app()) as client:
            response = await client.get("/v1/boom", headers={"X-Request-ID": "req-boom-1"})
    body = problem(response, 500, "INTERNAL")
    assert body["request_id"] == "req-boom-1"
    assert response.headers["x-request-id"] == "req-boom-1"
    assert "hunter2" not in response.text
    assert "RuntimeError" not in response.text and "Traceback" not in response.text
    [record] = [r for r in caplog.records if r.name == "accord.runtime"]
    assert "req-boom-1" in record.getMessage()
    assert record.exc_info is not None and "hunter2" in str(record.exc_info[1])


async def test_type_base_is_configurable() -> None:
    async with client_for(make_app(type_base="https://errors.example.com/")) as client:
        response = await client.get("/v1/nothing-here")
    assert response.json()["type"] == "https://errors.example.com/not-found"
    with pytest.raises(ValueError, match="must end with"):
        install_problem_handlers(FastAPI(), type_base="https://errors.example.com")


async def test_plain_starlette_app() -> None:
    async def fail(request: object) -> None:
        raise problems.UNAVAILABLE("Maintenance.", headers={"Retry-After": "30"})

    app = Starlette(routes=[Route("/", fail)])
    install_problem_handlers(app)
    async with client_for(app) as client:
        response = await client.get("/")
    body = problem(response, 503, "UNAVAILABLE")
    assert body["retryable"] is True
    assert body["request_id"] is None  # no request-id middleware here
    assert response.headers["retry-after"] == "30"


def test_problem_refuses_what_would_break_the_format() -> None:
    with pytest.raises(ValueError, match="UPPER_SNAKE"):
        Problem(400, "bad-code", "Bad")
    with pytest.raises(ValueError, match="4xx or 5xx"):
        Problem(302, "FOUND", "Found")
    with pytest.raises(ValueError, match="standard ones"):
        Problem(400, "BAD", "Bad", extra={"status": 200})


def test_problem_to_dict_with_fields_and_explicit_type() -> None:
    p = Problem(
        422,
        "NAME_TAKEN",
        "Name taken",
        type_uri="https://example.com/name-taken",
        fields=[FieldError(json_pointer("body", "a/b~c"), "taken")],
    )
    assert p.to_dict(request_id="r1") == {
        "type": "https://example.com/name-taken",
        "title": "Name taken",
        "status": 422,
        "code": "NAME_TAKEN",
        "request_id": "r1",
        "retryable": False,
        "fields": [{"pointer": "/body/a~1b~0c", "message": "taken"}],
    }
    assert Problem(503, "DOWN", "Down").retryable is True
    assert Problem(503, "DOWN", "Down", retryable=False).retryable is False


def test_catalogue_codes_are_stable_unique_upper_snake() -> None:
    codes = [p.code for p in STANDARD_PROBLEMS]
    assert len(codes) == len(set(codes))
    for entry in STANDARD_PROBLEMS:
        assert re.fullmatch(r"[A-Z]+(_[A-Z]+)*", entry.code)
        assert 400 <= entry.status <= 599
        made = entry("detail")
        assert (made.status, made.code, made.retryable) == (
            entry.status,
            entry.code,
            entry.retryable,
        )
    assert type_uri_for("IDEMPOTENCY_KEY_IN_FLIGHT") == (
        "https://accord.dev/problems/idempotency-key-in-flight"
    )
    assert problem_type_for_status(400).code == "MALFORMED_REQUEST"
    assert problem_type_for_status(422).code == "VALIDATION_FAILED"
    assert problem_type_for_status(599).code == "HTTP_599"
