"""Rate limits per credential on the hub: in the database, in memory, in Redis."""

from __future__ import annotations

import contextlib
import re
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from accord.api import HubConfig, create_app
from accord.api.ratelimit import DatabaseRateLimits, parse_rate_limit
from accord.core.errors import AccordError, ErrorCode
from accord.runtime.ratelimit import RateLimits
from accord.services import registry
from accord.services.tokens import create_token
from accord.store import Database, RateLimitCounter
from tests.api.conftest import ADMIN

REDIS = "redis://127.0.0.1:6379/0"
STATE = re.compile(r'"default";r=(\d+);t=(\d+)')


def _clear_of_window_edge(window: int = 60) -> None:
    """Start a counting test early in a window, so its requests share one."""
    left = window - time.time() % window
    if left < 5:
        time.sleep(left + 0.05)


def _app(db: Database, **config: object) -> FastAPI:
    return create_app(HubConfig(admin_token=ADMIN, **config), db=db)  # type: ignore[arg-type]


def _token(db: Database) -> str:
    with contextlib.suppress(AccordError):  # the team exists already
        registry.create_team(db, "orders", "Orders")
    return create_token(db, team="orders", scopes=["read", "write"]).secret


def _get(client: TestClient, token: str, path: str = "/v1/teams") -> Any:
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_the_fourth_request_in_a_window_is_refused_with_retry_after(db: Database) -> None:
    app = _app(db, rate_limit="3/minute", rate_limit_storage="database")
    assert isinstance(app.state.rate_limits, DatabaseRateLimits)
    token = _token(db)
    client = TestClient(app, raise_server_exceptions=False)
    _clear_of_window_edge()
    responses = [_get(client, token) for _ in range(4)]
    for remaining, response in zip((2, 1, 0), responses[:3], strict=True):
        assert response.status_code == 200
        headers = response.headers
        assert headers["RateLimit-Policy"] == '"default";q=3;w=60'
        match = STATE.fullmatch(headers["RateLimit"])
        assert match is not None and int(match[1]) == remaining
        assert 0 < int(match[2]) <= 60
        assert headers["X-RateLimit-Limit"] == "3"
        assert headers["X-RateLimit-Remaining"] == str(remaining)
        assert headers["X-RateLimit-Reset"] == match[2]
    refused = responses[3]
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "RATE_LIMITED" and body["retryable"] is True
    assert body["request_id"] == refused.headers["X-Request-ID"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    with db.read() as session:
        counts = list(session.scalars(select(RateLimitCounter.count)))
    assert counts == [4]
    # Operations endpoints are never limited.
    for _ in range(5):
        assert client.get("/health").status_code == 200
        assert client.get("/metrics").status_code == 200


def test_each_token_has_its_own_quota_and_replicas_share_them(db: Database) -> None:
    first = TestClient(_app(db, rate_limit="2/minute", rate_limit_storage="database"))
    # A second replica on the same database.
    second = TestClient(_app(db, rate_limit="2/minute", rate_limit_storage="database",
                             migrate=False))
    alice, bob = _token(db), _token(db)
    _clear_of_window_edge()
    assert _get(first, alice).status_code == 200
    assert _get(second, alice).status_code == 200
    assert _get(first, alice).status_code == 429
    assert _get(second, alice).status_code == 429
    assert _get(second, bob).status_code == 200
    # Without a token the caller is its address, with a quota of its own.
    assert first.get("/v1/teams").status_code == 401


def test_an_idempotent_replay_is_counted(db: Database) -> None:
    client = TestClient(_app(db, rate_limit="3/minute", rate_limit_storage="database"))
    token = _token(db)
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "one"}
    body = {"name": "orders", "kind": "openapi", "team": "orders"}
    _clear_of_window_edge()
    statuses = [client.post("/v1/interfaces", json=body, headers=headers) for _ in range(4)]
    assert [r.status_code for r in statuses] == [201, 201, 201, 429]
    assert statuses[1].headers["Idempotent-Replayed"] == "true"
    # The replay carries this request's own id and rate-limit state, not the stored ones.
    assert statuses[1].headers["X-RateLimit-Remaining"] == "1"
    assert statuses[1].headers["X-Request-ID"] != statuses[0].headers["X-Request-ID"]


def test_default_storage_follows_the_database_and_off_disables(db: Database) -> None:
    app = _app(db)
    expected = DatabaseRateLimits if db.dialect == "postgresql" else RateLimits
    assert type(app.state.rate_limits) is expected
    assert app.state.rate_limits.policy.limit == 600
    assert app.state.rate_limits.policy.window == 60
    off = TestClient(_app(db, rate_limit="off", migrate=False))
    response = _get(off, _token(db))
    assert response.status_code == 200
    assert "RateLimit" not in response.headers


def test_bad_settings_are_usage_errors(db: Database) -> None:
    assert parse_rate_limit("5000 per hour") is not None
    assert parse_rate_limit(None) is None
    for value in ("3/fortnight", "lots", "1/second;10/minute"):
        with pytest.raises(AccordError) as caught:
            _app(db, rate_limit=value)
        assert caught.value.code is ErrorCode.USAGE
        assert caught.value.hint and "600/minute" in caught.value.hint
    with pytest.raises(AccordError) as storage:
        _app(db, rate_limit_storage="mongodb://x")
    assert storage.value.code is ErrorCode.USAGE


def _redis_up() -> bool:
    try:
        with redis.Redis.from_url(REDIS, socket_connect_timeout=0.5) as client:
            return bool(client.ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """The machine's Redis on 127.0.0.1:6379, started when it is down."""
    if not _redis_up():
        subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1",
                        "--port", "6379", "--save", "", "--appendonly", "no",
                        "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"],
                       check=False, capture_output=True)
        deadline = time.monotonic() + 10
        while not _redis_up():
            if time.monotonic() > deadline:
                pytest.fail("Redis is not running on 127.0.0.1:6379 and could not be started")
            time.sleep(0.1)
    yield REDIS


def test_counters_in_redis(db: Database, redis_url: str) -> None:
    app = _app(db, rate_limit="3/minute", rate_limit_storage=redis_url)
    assert app.state.rate_limits.storage_uri == redis_url
    alice, bob = _token(db), _token(db)
    _clear_of_window_edge()
    # One event loop for the whole client: the Redis pool belongs to it.
    with TestClient(app) as client:
        statuses = [_get(client, alice).status_code for _ in range(4)]
        assert _get(client, bob).status_code == 200
    assert statuses == [200, 200, 200, 429]
