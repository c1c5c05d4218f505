from __future__ import annotations

import logging
import re

import pytest
from fastapi import FastAPI

from accord.runtime.problems import install_problem_handlers
from accord.runtime.ratelimit import RateLimitMiddleware, RateLimitPolicy, RateLimits
from accord.runtime.request_id import RequestIdMiddleware
from tests.runtime.support import client_for, problem

pytestmark = pytest.mark.anyio

STATE = re.compile(r'"default";r=(\d+);t=(\d+)')


def make_app(limits: RateLimits, **options: object) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(RateLimitMiddleware, limits=limits, **options)  # type: ignore[arg-type]
    app.add_middleware(RequestIdMiddleware)

    @app.get("/v1/things")
    async def things() -> list[str]:
        return []

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_headers_count_down_then_429_with_retry_after() -> None:
    app = make_app(RateLimits(RateLimitPolicy(limit=3, window=60)))
    async with client_for(app) as client:
        responses = [await client.get("/v1/things", headers=bearer("t1")) for _ in range(4)]
    for remaining, response in zip((2, 1, 0), responses, strict=False):
        assert response.status_code == 200
        assert response.headers["ratelimit-policy"] == '"default";q=3;w=60'
        match = STATE.fullmatch(response.headers["ratelimit"])
        assert match is not None
        assert int(match[1]) == remaining
        assert 0 < int(match[2]) <= 60
        assert response.headers["x-ratelimit-limit"] == "3"
        assert response.headers["x-ratelimit-remaining"] == str(remaining)
        assert response.headers["x-ratelimit-reset"] == match[2]  # delta seconds, like t
    refused = responses[3]
    body = problem(refused, 429, "RATE_LIMITED")
    assert body["retryable"] is True
    assert body["request_id"] == refused.headers["x-request-id"]
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.headers["x-ratelimit-remaining"] == "0"


async def test_each_credential_and_each_address_has_its_own_quota() -> None:
    limits = RateLimits(RateLimitPolicy(limit=1, window=60))
    app = make_app(limits)
    async with client_for(app) as client, client_for(app, client_ip="198.51.100.9") as other:
        assert (await client.get("/v1/things", headers=bearer("alice"))).status_code == 200
        assert (await client.get("/v1/things", headers=bearer("alice"))).status_code == 429
        assert (await client.get("/v1/things", headers=bearer("bob"))).status_code == 200
        # Without a token the caller is its address.
        assert (await client.get("/v1/things")).status_code == 200
        assert (await client.get("/v1/things")).status_code == 429
        assert (await other.get("/v1/things")).status_code == 200


async def test_exempt_paths_and_unkeyed_requests_are_not_limited() -> None:
    app = make_app(
        RateLimits(RateLimitPolicy(limit=1, window=60)),
        key=lambda connection: None if connection.headers.get("x-internal") else "everyone",
    )
    async with client_for(app) as client:
        health = [await client.get("/health") for _ in range(3)]
        internal = [await client.get("/v1/things", headers={"x-internal": "1"}) for _ in range(3)]
    assert all(r.status_code == 200 and "ratelimit" not in r.headers for r in health + internal)


@pytest.mark.parametrize("strategy", ["moving-window", "sliding-window-counter"])
async def test_other_window_strategies(strategy: str) -> None:
    limits = RateLimits(RateLimitPolicy(limit=2, window=30, name="burst"), strategy=strategy)  # type: ignore[arg-type]
    async with client_for(make_app(limits)) as client:
        statuses = [(await client.get("/v1/things")).status_code for _ in range(3)]
        last = await client.get("/v1/things")
    assert statuses == [200, 200, 429]
    assert last.headers["ratelimit-policy"] == '"burst";q=2;w=30'
    assert last.headers["ratelimit"].startswith('"burst";r=0;t=')


async def test_two_replicas_share_counters_in_redis(redis_url: str, namespace: str) -> None:
    policy = RateLimitPolicy(limit=3, window=60)
    first = RateLimits(policy, storage_uri=redis_url, namespace=namespace)
    second = RateLimits(policy, storage_uri=redis_url, namespace=namespace)
    try:
        async with client_for(make_app(first)) as a, client_for(make_app(second)) as b:
            seen = [
                await a.get("/v1/things", headers=bearer("shared")),
                await b.get("/v1/things", headers=bearer("shared")),
                await a.get("/v1/things", headers=bearer("shared")),
                await b.get("/v1/things", headers=bearer("shared")),
                await a.get("/v1/things", headers=bearer("shared")),
            ]
            elsewhere = await b.get("/v1/things", headers=bearer("someone-else"))
    finally:
        await first.aclose()
        await second.aclose()
    assert [r.status_code for r in seen] == [200, 200, 200, 429, 429]
    assert [r.headers["x-ratelimit-remaining"] for r in seen] == ["2", "1", "0", "0", "0"]
    assert elsewhere.status_code == 200


async def test_a_storage_outage_lets_requests_through(caplog: pytest.LogCaptureFixture) -> None:
    # Port 9 (discard) on localhost: nothing listens, the connection is refused at once.
    limits = RateLimits(storage_uri="redis://127.0.0.1:9/0")
    strict = RateLimits(storage_uri="redis://127.0.0.1:9/0", fail_open=False)
    try:
        with caplog.at_level(logging.WARNING, logger="accord.runtime"):
            async with client_for(make_app(limits)) as client:
                response = await client.get("/v1/things")
            async with client_for(make_app(strict)) as client:
                failed = await client.get("/v1/things")
    finally:
        await limits.aclose()
        await strict.aclose()
    assert response.status_code == 200
    assert "ratelimit" not in response.headers
    assert any("rate limit storage failed" in r.getMessage() for r in caplog.records)
    problem(failed, 500, "INTERNAL")


def test_configuration_errors() -> None:
    with pytest.raises(ValueError):
        RateLimitPolicy(limit=0)
    with pytest.raises(ValueError):
        RateLimitPolicy(name='has "quotes"')
    with pytest.raises(ValueError):
        RateLimits(storage_uri="memcached://localhost:11211")
    with pytest.raises(ValueError):
        RateLimits(strategy="leaky-bucket")  # type: ignore[arg-type]
