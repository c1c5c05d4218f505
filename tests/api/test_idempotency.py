"""Idempotency-Key on the hub's POSTs, with the records in the database."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from starlette.requests import HTTPConnection

from accord.runtime.callers import caller_key
from accord.runtime.idempotency import request_fingerprint
from accord.services.idempotency import IdempotencyRecords, StoredReply
from accord.services.tokens import create_token
from accord.store import Database, IdempotencyRecord, Interface
from tests.api.conftest import Hub


def _body(name: str = "orders", team: str = "orders") -> bytes:
    return json.dumps({"name": name, "kind": "openapi", "team": team}).encode()


def _post(hub: Hub, body: bytes, key: str, token: str | None = None) -> Any:
    return hub.client.post("/v1/interfaces", content=body, headers={
        **hub.auth(token), "Content-Type": "application/json", "Idempotency-Key": key})


def _scope_of(token: str) -> str:
    return caller_key(HTTPConnection({"type": "http", "headers": [
        (b"authorization", f"Bearer {token}".encode())]}))


def _interfaces(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Interface)) or 0)


def test_concurrent_duplicates_create_one_interface_and_share_its_response(hub: Hub) -> None:
    body = _body()
    start = threading.Barrier(8)

    def attempt(_: int) -> Any:
        start.wait()
        while True:
            response = _post(hub, body, "create-orders-1")
            if response.status_code != 409:
                return response
            assert response.json()["code"] == "IDEMPOTENCY_KEY_IN_FLIGHT"
            assert response.headers["Retry-After"] == "1"
            time.sleep(0.02)

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(attempt, range(8)))
    assert [r.status_code for r in responses] == [201] * 8, [r.text for r in responses]
    assert _interfaces(hub.db) == 1
    assert len({r.content for r in responses}) == 1
    assert {r.json()["id"] for r in responses} == {"IF-001"}
    assert {r.headers["Location"] for r in responses} == {"/v1/interfaces/IF-001"}
    assert len({r.headers["ETag"] for r in responses}) == 1
    replayed = [r for r in responses if r.headers.get("Idempotent-Replayed") == "true"]
    assert len(replayed) == 7
    # Each response has its own request id, replays included.
    assert len({r.headers["X-Request-ID"] for r in responses}) == 8
    with hub.db.read() as session:
        record = session.scalars(select(IdempotencyRecord)).one()
    assert record.in_flight is False
    assert record.status == 201
    assert record.locked_until is None
    assert record.scope == _scope_of(hub.orders)


def test_the_same_key_with_another_body_is_refused(hub: Hub) -> None:
    assert _post(hub, _body("orders"), "k-1").status_code == 201
    reused = _post(hub, _body("orders-events"), "k-1")
    assert reused.status_code == 422
    assert reused.headers["content-type"].startswith("application/problem+json")
    assert reused.json()["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert reused.json()["retryable"] is False
    assert _interfaces(hub.db) == 1


def test_keys_are_scoped_to_the_token(hub: Hub) -> None:
    other_orders = create_token(hub.db, team="orders", scopes=["write"]).secret
    first = _post(hub, _body("alpha"), "shared-key")
    second = _post(hub, _body("beta"), "shared-key", token=other_orders)
    assert (first.status_code, second.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in second.headers
    assert {first.json()["id"], second.json()["id"]} == {"IF-001", "IF-002"}
    # The same body and key from the other token is not a replay of the first.
    third = _post(hub, _body("alpha"), "shared-key-2", token=other_orders)
    again = _post(hub, _body("alpha"), "shared-key-2")
    assert third.status_code == 409  # it ran: the name is taken
    assert again.status_code == 409 and "Idempotent-Replayed" not in again.headers


def _plant(db: Database, token: str, key: str, body: bytes, *, locked_until: datetime) -> None:
    now = datetime.now(UTC)
    with db.write() as session:
        session.add(IdempotencyRecord(
            scope=_scope_of(token), key=key, in_flight=True, headers=[], created_at=now,
            fingerprint=request_fingerprint("POST", "/v1/interfaces", b"", body),
            expires_at=now + timedelta(hours=24), locked_until=locked_until))


def test_an_in_flight_key_answers_409_until_its_lease_runs_out(hub: Hub) -> None:
    body = _body()
    _plant(hub.db, hub.orders, "held", body,
           locked_until=datetime.now(UTC) + timedelta(seconds=60))
    busy = _post(hub, body, "held")
    assert busy.status_code == 409
    assert busy.json()["code"] == "IDEMPOTENCY_KEY_IN_FLIGHT"
    assert busy.json()["retryable"] is True
    assert _interfaces(hub.db) == 0
    # A process died holding this one: its lease has run out, so the key is free.
    _plant(hub.db, hub.orders, "orphaned", body,
           locked_until=datetime.now(UTC) - timedelta(seconds=1))
    taken = _post(hub, body, "orphaned")
    assert taken.status_code == 201, taken.text
    assert "Idempotent-Replayed" not in taken.headers
    replay = _post(hub, body, "orphaned")
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == taken.json()


def test_a_failed_request_frees_its_key(hub: Hub) -> None:
    forbidden = _post(hub, _body(team="payments"), "k-2")
    assert forbidden.status_code == 403
    # A 4xx outcome is stored and replayed as it was.
    replay = _post(hub, _body(team="payments"), "k-2")
    assert replay.status_code == 403 and replay.headers["Idempotent-Replayed"] == "true"
    # A request that never reached the handler (invalid body) is not stored.
    invalid = _post(hub, b'{"name": "x"}', "k-3")
    assert invalid.status_code == 422
    with hub.db.read() as session:
        keys = set(session.scalars(select(IdempotencyRecord.key)))
    assert keys == {"k-2"}


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(2030, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_a_request_that_outlived_its_lease_cannot_settle_the_key(db: Database) -> None:
    db.upgrade()
    clock = _Clock()
    records = IdempotencyRecords(db, lease=timedelta(seconds=60), clock=clock)
    first = records.begin("caller", "k", "fp")
    assert first.outcome == "started"
    assert records.begin("caller", "k", "fp").outcome == "in_flight"
    assert records.begin("caller", "k", "other").outcome == "mismatch"
    clock.now += timedelta(seconds=61)
    second = records.begin("caller", "k", "fp")
    assert second.outcome == "started" and second.lease != first.lease
    late = StoredReply(201, (("location", "/v1/late"),), b"late")
    assert records.complete("caller", "k", late, lease=first.lease) is False
    records.abandon("caller", "k", lease=first.lease)  # not its record any more: kept
    assert records.complete("caller", "k", StoredReply(201, (), b"mine"),
                            lease=second.lease) is True
    replay = records.begin("caller", "k", "fp")
    assert replay.outcome == "replay" and replay.reply is not None
    assert replay.reply.body == b"mine"


def test_expired_records_count_as_absent_and_are_purged(db: Database) -> None:
    db.upgrade()
    clock = _Clock()
    records = IdempotencyRecords(db, ttl=timedelta(hours=24), purge_interval=0, clock=clock)
    assert records.begin("caller", "old", "fp").outcome == "started"
    records.complete("caller", "old", StoredReply(200, (), b"{}"))
    assert records.begin("caller", "old", "fp").outcome == "replay"
    clock.now += timedelta(hours=25)
    # Expired: the same key with another request starts afresh.
    assert records.begin("caller", "old", "new-fp").outcome == "started"
    assert records.begin("caller", "other", "fp").outcome == "started"
    clock.now += timedelta(hours=25)
    assert records.purge() == 2
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 0
