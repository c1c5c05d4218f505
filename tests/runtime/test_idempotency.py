from __future__ import annotations

import itertools
from datetime import timedelta

import anyio
import httpx
import pytest
from fastapi import BackgroundTasks, FastAPI, Response
from pydantic import BaseModel

from accord.runtime.idempotency import (
    IdempotencyMiddleware,
    InFlight,
    InMemoryIdempotencyStore,
    Mismatch,
    Replay,
    Started,
    StoredResponse,
    parse_idempotency_key,
)
from accord.runtime.problems import CONFLICT, UNAVAILABLE, install_problem_handlers
from accord.runtime.request_id import RequestIdMiddleware
from tests.runtime.support import client_for, problem

pytestmark = pytest.mark.anyio


class Order(BaseModel):
    item: str
    quantity: int = 1


class Shop:
    """An app whose POST /orders creates an order, counting handler runs."""

    def __init__(self, **middleware: object) -> None:
        self.runs = 0
        self.ids = itertools.count(1)
        self.fail_next = False
        self.entered = anyio.Event()
        self.release: anyio.Event | None = None
        self.store = InMemoryIdempotencyStore()
        app = FastAPI()
        install_problem_handlers(app)
        app.add_middleware(IdempotencyMiddleware, store=self.store, **middleware)  # type: ignore[arg-type]
        app.add_middleware(RequestIdMiddleware)
        self.app = app

        @app.post("/orders", status_code=201)
        async def create(order: Order, response: Response) -> dict[str, object]:
            self.runs += 1
            self.entered.set()
            if self.release is not None:
                await self.release.wait()
            if self.fail_next:
                self.fail_next = False
                raise RuntimeError("database went away")
            if order.item == "sold-out":
                raise CONFLICT("Sold out.")
            if order.item == "maintenance":
                raise UNAVAILABLE("Try later.")
            order_id = next(self.ids)
            response.headers["Location"] = f"/orders/{order_id}"
            return {"id": order_id, "item": order.item}

        @app.post("/orders/{order_id}/cancel")
        async def cancel(order_id: int) -> dict[str, int]:
            self.runs += 1
            return {"cancelled": order_id}

        @app.patch("/orders/{order_id}")
        async def amend(order_id: int, order: Order) -> dict[str, object]:
            self.runs += 1
            return {"id": order_id, "item": order.item}

    def client(self, token: str = "alice") -> httpx.AsyncClient:
        client = client_for(self.app)
        client.headers["Authorization"] = f"Bearer {token}"
        return client


def key(value: str) -> dict[str, str]:
    return {"Idempotency-Key": value}


async def test_a_retry_replays_the_first_response() -> None:
    shop = Shop()
    async with shop.client() as client:
        first = await client.post("/orders", json={"item": "book"}, headers=key("k1"))
        retry = await client.post("/orders", json={"item": "book"}, headers=key("k1"))
        fresh = await client.post("/orders", json={"item": "book"}, headers=key("k2"))
    assert shop.runs == 2
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json() == {"id": 1, "item": "book"}
    assert retry.headers["location"] == "/orders/1"
    assert retry.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    # Per-request headers belong to the retry, not to the stored response.
    assert retry.headers["x-request-id"] != first.headers["x-request-id"]
    assert fresh.json()["id"] == 2


async def test_the_same_key_with_another_request_is_refused() -> None:
    shop = Shop()
    async with shop.client() as client:
        await client.post("/orders", json={"item": "book"}, headers=key("k1"))
        other_body = await client.post("/orders", json={"item": "pen"}, headers=key("k1"))
        other_path = await client.post("/orders/1/cancel", headers=key("k1"))
        other_query = await client.post("/orders?gift=1", json={"item": "book"}, headers=key("k1"))
    for response in (other_body, other_path, other_query):
        assert problem(response, 422, "IDEMPOTENCY_KEY_REUSED")["retryable"] is False
    assert shop.runs == 1


async def test_concurrent_requests_with_one_key_run_the_handler_once() -> None:
    shop = Shop()
    shop.release = anyio.Event()
    results: list[httpx.Response] = []

    async def post(client: httpx.AsyncClient) -> None:
        results.append(await client.post("/orders", json={"item": "book"}, headers=key("k1")))

    async with shop.client() as client:
        async with anyio.create_task_group() as tg:
            tg.start_soon(post, client)
            await shop.entered.wait()  # the first request is inside the handler
            for _ in range(4):
                tg.start_soon(post, client)
            while len(results) < 4:
                await anyio.sleep(0.001)
            shop.release.set()
        after = await client.post("/orders", json={"item": "book"}, headers=key("k1"))
    assert shop.runs == 1
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201, 409, 409, 409, 409]
    for refused in (r for r in results if r.status_code == 409):
        assert problem(refused, 409, "IDEMPOTENCY_KEY_IN_FLIGHT")["retryable"] is True
        assert refused.headers["retry-after"] == "1"
    assert after.headers["idempotent-replayed"] == "true"
    assert after.json() == {"id": 1, "item": "book"}


async def test_a_burst_of_identical_requests_runs_once() -> None:
    shop = Shop()
    shop.release = anyio.Event()
    statuses: list[int] = []

    async def post(client: httpx.AsyncClient) -> None:
        response = await client.post("/orders", json={"item": "book"}, headers=key("burst"))
        statuses.append(response.status_code)

    async with shop.client() as client, anyio.create_task_group() as tg:
        for _ in range(10):
            tg.start_soon(post, client)
        await shop.entered.wait()
        await anyio.sleep(0.01)
        shop.release.set()
    assert shop.runs == 1
    assert sorted(statuses) == [201] + [409] * 9


async def test_keys_are_scoped_to_the_caller() -> None:
    shop = Shop()
    async with shop.client("alice") as alice, shop.client("bob") as bob:
        a = await alice.post("/orders", json={"item": "book"}, headers=key("same"))
        b = await bob.post("/orders", json={"item": "book"}, headers=key("same"))
    assert shop.runs == 2
    assert a.json()["id"] != b.json()["id"]
    assert "idempotent-replayed" not in b.headers


async def test_failures_are_not_stored_so_a_retry_runs_again() -> None:
    shop = Shop()
    shop.fail_next = True
    async with shop.client() as client:
        crashed = await client.post("/orders", json={"item": "book"}, headers=key("k1"))
        retried = await client.post("/orders", json={"item": "book"}, headers=key("k1"))
        unavailable = await client.post("/orders", json={"item": "maintenance"}, headers=key("k2"))
        again = await client.post("/orders", json={"item": "maintenance"}, headers=key("k2"))
    problem(crashed, 500, "INTERNAL")
    assert retried.status_code == 201 and "idempotent-replayed" not in retried.headers
    problem(unavailable, 503, "UNAVAILABLE")
    assert "idempotent-replayed" not in again.headers
    assert shop.runs == 4


async def test_a_cancelled_request_releases_its_key() -> None:
    shop = Shop()
    shop.release = anyio.Event()
    async with shop.client() as client:

        async def post() -> None:
            await client.post("/orders", json={"item": "book"}, headers=key("k1"))

        async with anyio.create_task_group() as tg:
            tg.start_soon(post)
            await shop.entered.wait()
            tg.cancel_scope.cancel()  # the client gives up while the handler runs
        shop.release = None
        retried = await client.post("/orders", json={"item": "book"}, headers=key("k1"))
    assert retried.status_code == 201 and "idempotent-replayed" not in retried.headers
    assert shop.runs == 2


async def test_a_failure_after_the_response_keeps_it_stored() -> None:
    runs = 0

    def audit() -> None:
        raise RuntimeError("audit log unavailable")

    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(IdempotencyMiddleware)

    @app.post("/orders", status_code=201)
    async def create(background: BackgroundTasks) -> dict[str, int]:
        nonlocal runs
        runs += 1
        background.add_task(audit)
        return {"id": runs}

    async with client_for(app) as client:
        first = await client.post("/orders", headers=key("k1"))
        retry = await client.post("/orders", headers=key("k1"))
    assert first.status_code == 201
    assert retry.headers["idempotent-replayed"] == "true" and retry.json() == {"id": 1}
    assert runs == 1


async def test_a_validation_failure_is_not_stored_but_a_domain_error_is() -> None:
    shop = Shop()
    async with shop.client() as client:
        invalid = await client.post("/orders", json={"quantity": "many"}, headers=key("k1"))
        fixed = await client.post("/orders", json={"item": "book"}, headers=key("k1"))
        sold_out = await client.post("/orders", json={"item": "sold-out"}, headers=key("k2"))
        replayed = await client.post("/orders", json={"item": "sold-out"}, headers=key("k2"))
    problem(invalid, 422, "VALIDATION_FAILED")
    assert fixed.status_code == 201
    problem(sold_out, 409, "CONFLICT")
    problem(replayed, 409, "CONFLICT")
    assert replayed.headers["idempotent-replayed"] == "true"
    assert shop.runs == 2  # book and sold-out: the invalid order never reached the handler


@pytest.mark.parametrize(
    ("header", "status"),
    [
        ("k" * 255, 201),
        ("k" * 256, 400),
        ('"quoted key"', 201),
        ("tab\tkey", 400),
        ('"', 400),
        ("a\\b", 400),
    ],
)
async def test_key_syntax(header: str, status: int) -> None:
    shop = Shop()
    async with shop.client() as client:
        response = await client.post("/orders", json={"item": "book"}, headers=key(header))
    assert response.status_code == status
    if status == 400:
        problem(response, 400, "INVALID_IDEMPOTENCY_KEY")


async def test_a_quoted_key_is_the_same_key_as_a_bare_one() -> None:
    shop = Shop()
    async with shop.client() as client:
        await client.post("/orders", json={"item": "book"}, headers=key("abc"))
        retry = await client.post("/orders", json={"item": "book"}, headers=key('"abc"'))
    assert retry.headers["idempotent-replayed"] == "true"


async def test_required_routes_refuse_requests_without_a_key() -> None:
    shop = Shop(required=["/orders/{order_id}/cancel"])
    async with shop.client() as client:
        refused = await client.post("/orders/7/cancel")
        allowed = await client.post("/orders", json={"item": "book"})
        everywhere = Shop(required=True)
        async with everywhere.client() as strict:
            also_refused = await strict.post("/orders", json={"item": "book"})
    problem(refused, 400, "IDEMPOTENCY_KEY_REQUIRED")
    problem(also_refused, 400, "IDEMPOTENCY_KEY_REQUIRED")
    assert allowed.status_code == 201
    assert shop.runs == 1 and everywhere.runs == 0


async def test_only_the_configured_methods_take_part() -> None:
    shop = Shop()
    async with shop.client() as client:
        for _ in range(2):
            await client.patch("/orders/1", json={"item": "pen"}, headers=key("p1"))
    assert shop.runs == 2
    patched = Shop(methods=["POST", "PATCH"])
    async with patched.client() as client:
        await client.patch("/orders/1", json={"item": "pen"}, headers=key("p1"))
        retry = await client.patch("/orders/1", json={"item": "pen"}, headers=key("p1"))
    assert patched.runs == 1
    assert retry.headers["idempotent-replayed"] == "true"


async def test_stored_responses_keep_no_per_request_headers() -> None:
    # Idempotency outside the request-id middleware: a replay would show any stored id.
    app = FastAPI()

    @app.post("/orders", status_code=201)
    async def create(response: Response) -> dict[str, int]:
        response.headers["Location"] = "/orders/1"
        response.headers["X-RateLimit-Remaining"] = "9"
        return {"id": 1}

    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(IdempotencyMiddleware)
    async with client_for(app) as client:
        first = await client.post("/orders", headers=key("k1"))
        retry = await client.post("/orders", headers=key("k1"))
    assert "x-request-id" in first.headers and "traceparent" in first.headers
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.headers["location"] == "/orders/1"
    assert retry.headers["content-type"] == "application/json"
    for per_request in ("x-request-id", "traceparent", "x-ratelimit-remaining"):
        assert per_request not in retry.headers


async def test_memory_store_semantics_and_expiry() -> None:
    now = [1000.0]
    store = InMemoryIdempotencyStore(ttl=timedelta(hours=24), clock=lambda: now[0])
    done = StoredResponse(201, (("content-type", "application/json"),), b"{}")
    assert isinstance(await store.begin("alice", "k", "fp1"), Started)
    assert isinstance(await store.begin("alice", "k", "fp1"), InFlight)
    assert isinstance(await store.begin("alice", "k", "fp2"), Mismatch)
    await store.complete("alice", "k", done)
    assert await store.begin("alice", "k", "fp1") == Replay(done)
    await store.abandon("alice", "k")  # a completed record stays
    assert await store.begin("alice", "k", "fp1") == Replay(done)
    assert isinstance(await store.begin("alice", "other", "fp1"), Started)
    await store.abandon("alice", "other")
    assert isinstance(await store.begin("alice", "other", "fp1"), Started)
    now[0] += 24 * 3600 - 1
    assert isinstance(await store.begin("alice", "k", "fp2"), Mismatch)
    now[0] += 1
    assert isinstance(await store.begin("alice", "k", "fp2"), Started)
    assert len(store) == 1  # the expired records are gone


def test_stored_response_round_trips_through_json() -> None:
    response = StoredResponse(201, (("location", "/orders/1"),), b"\x00\xff binary")
    assert StoredResponse.from_dict(response.to_dict()) == response


def test_parse_idempotency_key() -> None:
    assert parse_idempotency_key(" 8e03978e-40d5-43e8 ") == "8e03978e-40d5-43e8"
    assert parse_idempotency_key('"a \\"b\\" c"') == 'a "b" c'
    for bad in ("", '""', '"a\\b"', '"a"b"', "\u00e9", '"abc\\"'):
        assert parse_idempotency_key(bad) is None, bad
