"""The read cache (``api/cache.py``): answers kept per registry generation, exact
after any write, from this app or another, bounded in memory, with 304s."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from starlette.responses import Response

from accord.api import HubConfig, create_app
from accord.api.cache import ReadCache
from accord.services import registry
from accord.services.generation import generations
from accord.services.tokens import create_token
from accord.store import Database, Token
from tests.api.conftest import ADMIN, EXAMPLES, Hub

READS = ("/v1/teams", "/v1/teams/orders", "/v1/participants", "/v1/participants/web",
         "/v1/interfaces?limit=50", "/v1/interfaces/IF-001", "/v1/interfaces/orders",
         "/v1/interfaces/IF-001/versions", "/v1/interfaces/IF-001/versions/1.0.0",
         "/v1/interfaces/IF-001/changelog")


def _seed(hub: Hub) -> None:
    registry.create_participant(hub.db, "web", "payments")
    response = hub.client.post("/v1/interfaces", headers=hub.auth(), json={
        "name": "orders", "kind": "openapi", "team": "orders", "consumers": ["web"]})
    assert response.status_code == 201, response.text
    assert hub.publish("IF-001", "orders-v1.yaml").status_code == 201  # type: ignore[attr-defined]


def _cache(hub: Hub) -> ReadCache:
    cache: ReadCache = hub.app.state.read_cache
    return cache


def _get(client: TestClient, path: str, token: str, **headers: str) -> Any:
    response = client.get(path, headers={"Authorization": f"Bearer {token}", **headers})
    assert response.status_code in (200, 304), (path, response.text)
    return response


def test_a_kept_answer_is_the_answer_and_skips_the_database(hub: Hub) -> None:
    _seed(hub)
    cache = _cache(hub)
    first = {path: _get(hub.client, path, hub.orders) for path in READS}
    hits = cache.hits
    again = {path: _get(hub.client, path, hub.orders) for path in READS}
    assert cache.hits - hits == len(READS)
    for path in READS:
        assert again[path].content == first[path].content, path
        assert again[path].headers["etag"] == first[path].headers["etag"], path
        assert again[path].headers["content-type"] == "application/json"
        assert again[path].headers["x-request-id"] != first[path].headers["x-request-id"]
    one = again["/v1/interfaces/IF-001"].json()
    assert one["consumers"] == ["web"] and one["latest_version"]["version"] == "1.0.0"
    assert again["/v1/interfaces/IF-001/versions/1.0.0"].headers["cache-control"].endswith(
        "immutable")
    # Every reader sees the same answer: another team's read-only token gets the same bytes.
    other = _get(hub.client, "/v1/interfaces?limit=50", hub.reader)
    assert other.content == first["/v1/interfaces?limit=50"].content


def _writes(hub: Hub) -> list[tuple[str, Callable[[], None], Callable[[dict[str, Any]], bool]]]:
    """(name, a write, how the next read of /v1/interfaces/IF-001 shows it)."""

    def status(value: str) -> Callable[[dict[str, Any]], bool]:
        return lambda shown: bool(shown["status"] == value)

    def patch() -> None:
        etag = hub.client.get("/v1/interfaces/IF-001", headers=hub.auth()).headers["etag"]
        response = hub.client.patch("/v1/interfaces/IF-001", json={"title": "Orders"},
                                    headers={**hub.auth(), "If-Match": etag})
        assert response.status_code == 200, response.text

    def publish() -> None:
        response = hub.publish("IF-001", "orders-v1.1.yaml")
        assert response.status_code == 201, response.text  # type: ignore[attr-defined]

    def consumer() -> None:
        assert registry.add_consumer(hub.db, "IF-001", "mobile")

    def deprecate() -> None:
        registry.update_interface(hub.db, "IF-001", {"status": "deprecated"},
                                  expected_revision=None)

    def imported() -> None:
        response = hub.client.post("/v1/imports", headers=hub.auth(), json={"items": [{
            "team": "orders", "interface": {"name": "orders", "kind": "openapi",
                                            "description": "Imported."}}]})
        assert response.status_code == 200, response.text
        assert response.json()["summary"]["failed"] == 0, response.text

    return [
        ("PATCH", patch, lambda shown: shown["title"] == "Orders"),
        ("add a consumer", consumer, lambda shown: shown["consumers"] == ["mobile", "web"]),
        ("publish", publish, lambda shown: shown["latest_version"]["version"] == "1.1.0"),
        ("import", imported, lambda shown: shown["description"] == "Imported."),
        ("deprecate", deprecate, status("deprecated")),
    ]


def test_every_write_is_seen_by_the_very_next_read(hub: Hub) -> None:
    _seed(hub)
    registry.create_participant(hub.db, "mobile", "payments")
    for name, write, shows in _writes(hub):
        before = _get(hub.client, "/v1/interfaces/IF-001", hub.reader)
        assert _get(hub.client, "/v1/interfaces/IF-001", hub.reader).content == before.content
        write()
        assert len(_cache(hub)) == 0, name  # a write of this process drops what was kept
        after = _get(hub.client, "/v1/interfaces/IF-001", hub.reader)
        assert shows(after.json()), name
        listed = _get(hub.client, "/v1/interfaces?limit=50", hub.reader).json()["data"]
        assert listed[0] == after.json(), name
    assert "Deprecation" in after.headers
    # Teams and participants too.
    teams = _get(hub.client, "/v1/teams", hub.reader).json()["data"]
    registry.create_team(hub.db, "shipping")
    assert len(_get(hub.client, "/v1/teams", hub.reader).json()["data"]) == len(teams) + 1
    registry.create_participant(hub.db, "courier", "shipping")
    shown = _get(hub.client, "/v1/participants?team=shipping", hub.reader).json()["data"]
    assert [p["id"] for p in shown] == ["courier"]


def test_each_registry_write_raises_the_generation_and_nothing_else_does(db: Database) -> None:
    db.upgrade()
    generation = generations(db)

    def now() -> int:
        with db.read() as session:
            return generation.read(session)

    seen = [now()]

    def raised() -> bool:
        seen.append(now())
        return seen[-1] > seen[-2]

    registry.create_team(db, "orders")
    assert raised()
    registry.create_participant(db, "web", "orders")
    assert raised()
    registry.create_interface(db, name="orders", kind="openapi", team_id="orders")
    assert raised()
    registry.update_interface(db, "IF-001", {"title": "Orders"}, expected_revision=None)
    assert raised()
    registry.add_consumer(db, "IF-001", "web")
    assert raised()
    # A refused write rolls back, its bump with it; a token is not the registry.
    with pytest.raises(Exception, match="already exists"):
        registry.create_team(db, "orders")
    assert not raised()
    create_token(db, team="orders", scopes=["read"])
    assert not raised()
    assert generation.peek() in (None, seen[-1])


def test_two_apps_on_one_database_see_each_others_writes(db: Database) -> None:
    other_db = Database(db.url)
    first = TestClient(create_app(HubConfig(admin_token=ADMIN), db=db))
    second = TestClient(create_app(HubConfig(migrate=False), db=other_db))
    try:
        registry.create_team(db, "orders")
        token = create_token(db, team="orders", scopes=["read", "write"]).secret
        auth = {"Authorization": f"Bearer {token}"}
        assert _get(second, "/v1/interfaces", token).json()["data"] == []
        assert _get(second, "/v1/interfaces", token).json()["data"] == []  # kept
        created = first.post("/v1/interfaces", headers=auth,
                             json={"name": "orders", "kind": "openapi", "team": "orders"})
        assert created.status_code == 201, created.text
        assert [i["id"] for i in _get(second, "/v1/interfaces", token).json()["data"]] == [
            "IF-001"]
        etag = _get(second, "/v1/interfaces/IF-001", token).headers["etag"]
        patched = second.patch("/v1/interfaces/IF-001", json={"title": "Orders"},
                               headers={**auth, "If-Match": etag})
        assert patched.status_code == 200, patched.text
        assert _get(first, "/v1/interfaces/IF-001", token).json()["title"] == "Orders"
        body = {"document": (EXAMPLES / "orders-v1.yaml").read_text(),
                "filename": "orders-v1.yaml"}
        assert _get(first, "/v1/interfaces/IF-001/versions", token).json()["data"] == []
        assert second.post("/v1/interfaces/IF-001/versions", json=body,
                           headers=auth).status_code == 201
        versions = _get(first, "/v1/interfaces/IF-001/versions", token).json()["data"]
        assert [v["version"] for v in versions] == ["1.0.0"]
    finally:
        first.close()
        second.close()
        other_db.dispose()


def test_if_none_match_gets_a_304_until_the_answer_changes(hub: Hub) -> None:
    _seed(hub)
    for path in ("/v1/interfaces?limit=50", "/v1/interfaces/IF-001",
                 "/v1/interfaces/IF-001/versions"):
        first = _get(hub.client, path, hub.reader)
        tag = first.headers["etag"]
        for _ in range(2):  # from the handler, then from the middleware
            cached = _get(hub.client, path, hub.reader, **{"If-None-Match": tag})
            assert cached.status_code == 304 and cached.content == b"", path
            assert cached.headers["etag"] == tag and "x-request-id" in cached.headers
        assert _get(hub.client, path, hub.reader,
                    **{"If-None-Match": '"other"'}).status_code == 200
    # A write that leaves a page as it was keeps its tag; one that changes it does not.
    listed = _get(hub.client, "/v1/interfaces/IF-001/versions", hub.reader).headers["etag"]
    registry.create_team(hub.db, "shipping")
    assert _get(hub.client, "/v1/interfaces/IF-001/versions", hub.reader,
                **{"If-None-Match": listed}).status_code == 304
    assert hub.publish("IF-001", "orders-v1.1.yaml").status_code == 201  # type: ignore[attr-defined]
    changed = _get(hub.client, "/v1/interfaces/IF-001/versions", hub.reader,
                   **{"If-None-Match": listed})
    assert changed.status_code == 200 and changed.headers["etag"] != listed


def test_a_kept_answer_still_checks_the_caller(hub: Hub, caplog: pytest.LogCaptureFixture
                                               ) -> None:
    _seed(hub)
    path = "/v1/interfaces/IF-001"
    _get(hub.client, path, hub.reader)
    _get(hub.client, path, hub.reader)
    assert hub.client.get(path).status_code == 401
    assert hub.client.get(path, headers={"Authorization": "Bearer acc_x_nope"}
                          ).status_code == 401
    token = create_token(hub.db, team="payments", scopes=["read"])
    _get(hub.client, path, token.secret)
    with hub.db.write() as session:
        session.execute(update(Token).where(Token.id == token.id)
                        .values(revoked_at=datetime.now(UTC)))
    assert hub.client.get(path, headers=hub.auth(token.secret)).status_code == 401
    # A hit is logged and counted like any answer, under its route and token.
    caplog.set_level("INFO", logger="accord.access")
    hits = _cache(hub).hits
    _get(hub.client, path, hub.reader)
    assert _cache(hub).hits == hits + 1
    line = [r for r in caplog.records if r.name == "accord.access"][-1]
    fields = line.accord  # type: ignore[attr-defined]
    assert fields["route"] == "/v1/interfaces/{interface_id}" and fields["status"] == 200
    assert fields["token_id"] == hub.reader.split("_")[1]
    metrics = hub.client.get("/metrics").text
    assert ('accord_http_requests_total{method="GET",route="/v1/interfaces/{interface_id}",'
            'status="2xx"}') in metrics
    assert f'accord_read_cache_lookups_total{{result="hit"}} {float(hits + 1)}' in metrics
    assert f"accord_read_cache_bytes {float(_cache(hub).bytes)}" in metrics


def test_kept_answers_carry_the_rate_limit_headers(db: Database) -> None:
    client = TestClient(create_app(HubConfig(admin_token=ADMIN, rate_limit="100/minute"),
                                   db=db))
    with client:
        registry.create_team(db, "orders")
        for n in range(3):
            response = _get(client, "/v1/teams", ADMIN)
            assert response.headers["ratelimit"].startswith(f'"default";r={99 - n};t=')
            assert response.headers["x-ratelimit-limit"] == "100"
        assert _cache_of(client).hits >= 1


def _cache_of(client: TestClient) -> ReadCache:
    cache: ReadCache = client.app.state.read_cache  # type: ignore[attr-defined]
    return cache


def _response(size: int) -> Response:
    return Response(b"x" * size, media_type="application/json")


def test_the_cache_is_bounded_by_bytes_least_recently_used_first(db: Database) -> None:
    cache = ReadCache(db, max_bytes=20_000, max_entry_bytes=8_000)
    for n in range(10):
        cache.put((f"/v1/things/{n}", b""), 7, _response(4_000))
        assert cache.bytes <= 20_000
    kept = [n for n in range(10) if cache.get((f"/v1/things/{n}", b""), 7) is not None]
    assert kept == [6, 7, 8, 9]  # four of ~4.3 KB fit
    assert cache.get(("/v1/things/6", b""), 7) is not None  # now the most recent
    cache.put(("/v1/things/10", b""), 7, _response(4_000))
    assert cache.get(("/v1/things/7", b""), 7) is None  # the least recently used went
    assert cache.get(("/v1/things/6", b""), 7) is not None
    entry = cache.put(("/v1/large", b""), 7, _response(9_000))
    assert entry.body == b"x" * 9_000 and cache.get(("/v1/large", b""), 7) is None
    # Another generation: nothing kept is current.
    assert cache.get(("/v1/things/6", b""), 8) is None and len(cache) == 0
    assert cache.bytes == 0


def test_an_app_keeps_within_its_bound(hub: Hub) -> None:
    cache = _cache(hub)
    cache.max_bytes = 6_000
    for n in range(12):
        registry.create_team(hub.db, f"team-{n:02d}", description="x" * 300)
    for n in range(12):
        shown = _get(hub.client, f"/v1/teams/team-{n:02d}", hub.reader).json()
        assert shown["id"] == f"team-{n:02d}"
    assert 0 < len(cache) < 12 and cache.bytes <= 6_000
