from __future__ import annotations

import logging
import re

import anyio
import pytest
from fastapi import FastAPI

from accord.runtime.problems import install_problem_handlers
from accord.runtime.request_id import (
    RequestIdLogFilter,
    RequestIdMiddleware,
    TraceParent,
    current_request_id,
    current_trace_id,
    current_traceparent,
    outgoing_headers,
)
from tests.runtime.support import client_for, problem

pytestmark = pytest.mark.anyio

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


def make_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(RequestIdMiddleware)

    @app.get("/whoami")
    async def whoami(pause: float = 0) -> dict[str, object]:
        await anyio.sleep(pause)
        span = current_traceparent()
        return {
            "request_id": current_request_id(),
            "trace_id": current_trace_id(),
            "span": str(span) if span else None,
            "outgoing": outgoing_headers(),
        }

    @app.get("/boom")
    async def boom() -> None:
        raise ValueError("no")

    return app


async def test_a_request_without_an_id_gets_a_fresh_one() -> None:
    async with client_for(make_app()) as client:
        first = await client.get("/whoami")
        second = await client.get("/whoami")
    rid = first.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", rid)
    assert first.json()["request_id"] == rid
    assert second.headers["x-request-id"] != rid
    # The context does not leak out of the request.
    assert current_request_id() is None and current_trace_id() is None


@pytest.mark.parametrize(
    "incoming",
    ["abc", "req_2024-01-01T00:00:00Z#7", "x" * 200, "~!{}"],
)
async def test_a_usable_incoming_id_is_echoed(incoming: str) -> None:
    async with client_for(make_app()) as client:
        response = await client.get("/whoami", headers={"X-Request-ID": incoming})
    assert response.headers["x-request-id"] == incoming
    assert response.json()["request_id"] == incoming


@pytest.mark.parametrize("incoming", ["x" * 201, "has space", "tab\there", "caf\u00e9", ""])
async def test_an_unusable_incoming_id_is_replaced(incoming: str) -> None:
    async with client_for(make_app()) as client:
        response = await client.get(
            "/whoami", headers=[(b"x-request-id", incoming.encode("latin-1"))]
        )
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])


async def test_errors_carry_the_id_too() -> None:
    async with client_for(make_app()) as client:
        missing = await client.get("/nope", headers={"X-Request-ID": "r-404"})
        boom = await client.get("/boom", headers={"X-Request-ID": "r-500"})
    assert problem(missing, 404, "NOT_FOUND")["request_id"] == "r-404"
    assert missing.headers["x-request-id"] == "r-404"
    assert problem(boom, 500, "INTERNAL")["request_id"] == "r-500"
    assert boom.headers["x-request-id"] == "r-500"
    assert boom.headers["traceparent"].startswith("00-")


async def test_concurrent_requests_keep_their_own_ids() -> None:
    results: dict[str, str] = {}

    async def call(client: object, rid: str, pause: float) -> None:
        response = await client.get(  # type: ignore[attr-defined]
            "/whoami", params={"pause": pause}, headers={"X-Request-ID": rid}
        )
        results[rid] = response.json()["request_id"]

    async with client_for(make_app()) as client, anyio.create_task_group() as tg:
        for n in range(5):
            tg.start_soon(call, client, f"r{n}", 0.02 * (5 - n))
    assert results == {f"r{n}": f"r{n}" for n in range(5)}


async def test_an_incoming_trace_is_continued_in_a_new_span() -> None:
    async with client_for(make_app()) as client:
        response = await client.get(
            "/whoami", headers={"traceparent": PARENT, "tracestate": "congo=t61rcWkgMzE"}
        )
    body = response.json()
    assert body["trace_id"] == TRACE_ID
    echoed = TraceParent.parse(response.headers["traceparent"])
    assert echoed is not None
    assert (echoed.trace_id, echoed.flags) == (TRACE_ID, 1)
    assert echoed.span_id != "00f067aa0ba902b7"
    assert body["span"] == response.headers["traceparent"]
    # What a downstream call should send: this span as its parent.
    assert body["outgoing"] == {
        "X-Request-ID": response.headers["x-request-id"],
        "traceparent": response.headers["traceparent"],
        "tracestate": "congo=t61rcWkgMzE",
    }


async def test_an_invalid_traceparent_starts_a_new_trace_and_drops_tracestate() -> None:
    async with client_for(make_app()) as client:
        response = await client.get(
            "/whoami",
            headers={"traceparent": PARENT.upper(), "tracestate": "congo=t61rcWkgMzE"},
        )
        twice = await client.get(
            "/whoami",
            headers=[(b"traceparent", PARENT.encode()), (b"traceparent", PARENT.encode())],
        )
    body = response.json()
    assert body["trace_id"] not in (None, TRACE_ID)
    assert "tracestate" not in body["outgoing"]
    assert twice.json()["trace_id"] != TRACE_ID


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (PARENT, True),
        (f"  {PARENT}\t", True),
        (f"00-{TRACE_ID}-00f067aa0ba902b7-00", True),
        # A later version may append fields; we read the first four.
        (f"01-{TRACE_ID}-00f067aa0ba902b7-01-extra", True),
        (f"cc-{TRACE_ID}-00f067aa0ba902b7-01", True),
        (f"01-{TRACE_ID}-00f067aa0ba902b7-01extra", False),
        (f"00-{TRACE_ID}-00f067aa0ba902b7-01-extra", False),
        (f"ff-{TRACE_ID}-00f067aa0ba902b7-01", False),
        (f"00-{'0' * 32}-00f067aa0ba902b7-01", False),
        (f"00-{TRACE_ID}-{'0' * 16}-01", False),
        (f"00-{TRACE_ID.upper()}-00f067aa0ba902b7-01", False),
        (f"00-{TRACE_ID[:-1]}-00f067aa0ba902b7-01", False),
        (f"00-{TRACE_ID}-00f067aa0ba902b7-1", False),
        (f"00_{TRACE_ID}_00f067aa0ba902b7_01", False),
        (f"0g-{TRACE_ID}-00f067aa0ba902b7-01", False),
        ("", False),
    ],
)
def test_traceparent_parsing_follows_the_specification(value: str, valid: bool) -> None:
    parsed = TraceParent.parse(value)
    assert (parsed is not None) is valid
    if parsed is not None:
        assert str(parsed).startswith(f"00-{TRACE_ID}-00f067aa0ba902b7-")


def test_new_traces_and_child_spans() -> None:
    root = TraceParent.new()
    assert TraceParent.parse(str(root)) == root
    child = root.child()
    assert (child.trace_id, child.flags) == (root.trace_id, root.flags)
    assert child.span_id != root.span_id
    assert TraceParent(TRACE_ID, "00f067aa0ba902b7", 1).sampled


async def test_a_long_tracestate_is_cut_at_whole_members() -> None:
    members = [f"v{n:02d}=" + "x" * 40 for n in range(20)]  # 44 chars each
    async with client_for(make_app()) as client:
        response = await client.get(
            "/whoami", headers={"traceparent": PARENT, "tracestate": ",".join(members)}
        )
    state = response.json()["outgoing"]["tracestate"]
    assert len(state) <= 512
    assert state.split(",") == members[: len(state.split(","))]
    assert len(state.split(",")) == 11


async def test_the_log_filter_adds_the_request_id(caplog: pytest.LogCaptureFixture) -> None:
    app = FastAPI()
    app.add_middleware(RequestIdMiddleware)
    log = logging.getLogger("tests.runtime.request")

    @app.get("/")
    async def index() -> dict[str, str]:
        log.warning("handling")
        return {}

    caplog.handler.addFilter(RequestIdLogFilter())
    async with client_for(app) as client:
        response = await client.get("/", headers={"traceparent": PARENT})
    log.warning("outside")
    inside, outside = (r for r in caplog.records if r.name == "tests.runtime.request")
    assert inside.request_id == response.headers["x-request-id"]  # type: ignore[attr-defined]
    assert inside.trace_id == TRACE_ID  # type: ignore[attr-defined]
    assert outside.request_id is None  # type: ignore[attr-defined]
