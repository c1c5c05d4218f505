"""Structured logs: one JSON access line per request, errors with their request id,
and never a credential."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from fastapi import APIRouter

from accord.api.logs import JsonFormatter, TextFormatter
from tests.api.conftest import Hub

BAD_TOKEN = "acc_0123456789abcdef_not-a-real-secret-but-still-a-secret"


def _boom_router(secret: str) -> APIRouter:
    router = APIRouter()

    @router.get("/v1/boom/{thing_id}")
    def boom(thing_id: str) -> None:
        # The message quotes data a log must not repeat.
        raise RuntimeError(f"failed with {secret}")

    return router


def _lines(records: list[logging.LogRecord], *, tracebacks: bool = False) -> list[dict[str, Any]]:
    formatter = JsonFormatter(tracebacks=tracebacks)
    return [json.loads(formatter.format(r)) for r in records]


def test_access_lines_errors_and_no_secrets(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    hub.app.include_router(_boom_router(hub.orders))
    caplog.set_level(logging.INFO)
    good = hub.client.get("/v1/teams", headers={**hub.auth(), "X-Request-ID": "req-good"})
    bad = hub.client.get("/v1/teams?cursor=x", headers={"Authorization": f"Bearer {BAD_TOKEN}"})
    failed = hub.client.get("/v1/boom/IF-042", headers=hub.auth())
    assert (good.status_code, bad.status_code, failed.status_code) == (200, 401, 500)
    # No traceback, no exception text in the response.
    assert failed.json()["code"] == "INTERNAL"
    assert "RuntimeError" not in failed.text and hub.orders not in failed.text

    lines = _lines(caplog.records)
    access = [line for line in lines if line["logger"] == "accord.access"]
    assert len(access) == 3
    for line in access:
        assert set(line) >= {"ts", "level", "request_id", "method", "route", "path", "status",
                             "duration_ms"}
        assert line["level"] == "info" and line["method"] == "GET"
        assert line["ts"].endswith("Z") and line["duration_ms"] >= 0
    first, second, third = access
    assert first["request_id"] == "req-good" and first["status"] == 200
    assert first["route"] == "/v1/teams" and first["token_id"] == hub.orders.split("_")[1]
    assert second["status"] == 401 and second["code"] == "UNAUTHENTICATED"
    assert "token_id" not in second and second["path"] == "/v1/teams"  # no query string
    assert second["request_id"] == bad.headers["X-Request-ID"]
    assert third["status"] == 500 and third["code"] == "INTERNAL"
    assert third["route"] == "/v1/boom/{thing_id}" and third["path"] == "/v1/boom/IF-042"
    assert third["request_id"] == failed.headers["X-Request-ID"]

    errors = [line for line in lines if line["logger"] == "accord.errors"]
    assert len(errors) == 1
    assert errors[0]["level"] == "error" and errors[0]["error"] == "RuntimeError"
    assert errors[0]["request_id"] == failed.headers["X-Request-ID"]
    assert errors[0]["route"] == "/v1/boom/{thing_id}"

    output = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    output += "\n".join(TextFormatter().format(r) for r in caplog.records)
    output += "\n".join(repr(r.__dict__) for r in caplog.records)
    for secret in (hub.orders, BAD_TOKEN, "Bearer"):
        assert secret not in output
    assert "Traceback" not in output


def test_tracebacks_only_at_debug(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    hub.app.include_router(_boom_router("nothing secret"))
    caplog.set_level(logging.DEBUG, logger="accord.errors")
    response = hub.client.get("/v1/boom/1")
    assert response.status_code == 500
    records = [r for r in caplog.records if r.name == "accord.errors"]
    assert [r.levelname for r in records] == ["ERROR", "DEBUG"]
    quiet = _lines(records)
    assert "traceback" not in quiet[1] and quiet[1]["exc_type"] == "RuntimeError"
    verbose = _lines(records, tracebacks=True)
    assert "Traceback" in verbose[1]["traceback"]
    assert "raise RuntimeError" in verbose[1]["traceback"]
    assert verbose[1]["request_id"] == response.headers["X-Request-ID"]
    text = TextFormatter().format(records[1])
    assert text.endswith("(RuntimeError)") and "Traceback" not in text
