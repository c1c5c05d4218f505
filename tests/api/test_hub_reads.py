"""What the busiest reads show: interfaces as lists and one by one, their versions,
and a re-published version, read without ORM objects or stored reports."""

from __future__ import annotations

import asyncio
import math
import threading
import time
from typing import Any

import httpx
import pytest

from accord.api import routes
from accord.services import records, registry
from accord.store.db import _json_loads
from tests.api.conftest import ADMIN, Hub


def _interface(hub: Hub, name: str, **fields: Any) -> dict[str, Any]:
    response = hub.client.post("/v1/interfaces", headers=hub.auth(), json={
        "name": name, "kind": "openapi", "team": "orders", **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _seed(hub: Hub) -> None:
    for app in ("web", "mobile", "batch"):
        registry.create_participant(hub.db, app, "payments")
    registry.create_participant(hub.db, "checkout", "orders")
    _interface(hub, "orders", provider="checkout", consumers=["web", "batch"],
               sla={"uptime": 99.9}, support={"email": "orders@example.com"})
    _interface(hub, "refunds", consumers=["mobile"], status="active")
    _interface(hub, "ledger")
    assert hub.publish("orders", "orders-v1.yaml").status_code == 201  # type: ignore[attr-defined]
    assert hub.publish("orders", "orders-v1.1.yaml").status_code == 201  # type: ignore[attr-defined]


def test_a_list_shows_what_the_single_read_shows(hub: Hub) -> None:
    _seed(hub)
    listed = hub.client.get("/v1/interfaces", headers=hub.auth()).json()["data"]
    assert [i["id"] for i in listed] == ["IF-001", "IF-002", "IF-003"]
    for item in listed:
        one = hub.client.get(f"/v1/interfaces/{item['id']}", headers=hub.auth())
        assert one.status_code == 200
        assert one.json() == item
    orders = listed[0]
    assert orders["consumers"] == ["batch", "web"]  # sorted
    assert orders["provider"] == "checkout"
    assert orders["sla"] == {"uptime": 99.9}
    assert orders["support"] == {"email": "orders@example.com"}
    assert orders["status"] == "active"  # the first publish activated it
    assert orders["latest_version"]["version"] == "1.1.0"
    assert len(orders["latest_version"]["sha256"]) == 64
    assert listed[1]["latest_version"] is None
    assert listed[2]["consumers"] == []


def test_filters_of_the_list(hub: Hub) -> None:
    _seed(hub)

    def names(query: str) -> list[str]:
        response = hub.client.get(f"/v1/interfaces?{query}", headers=hub.auth())
        assert response.status_code == 200, response.text
        return [i["name"] for i in response.json()["data"]]

    assert names("consumer=mobile") == ["refunds"]
    assert names("consumer=batch") == ["orders"]
    assert names("provider=checkout") == ["orders"]
    assert names("status=active") == ["orders", "refunds"]
    assert names("status=draft") == ["ledger"]
    assert names("kind=openapi&team=orders&limit=1") == ["orders"]
    assert names("kind=asyncapi") == []
    assert names("team=payments") == []


def test_interfaces_and_versions_by_name_or_id(hub: Hub) -> None:
    _seed(hub)
    by_name = hub.client.get("/v1/interfaces/orders", headers=hub.auth())
    by_id = hub.client.get("/v1/interfaces/if-001", headers=hub.auth())
    assert by_name.status_code == by_id.status_code == 200
    assert by_name.json() == by_id.json()
    assert by_name.headers["ETag"] == by_id.headers["ETag"]
    for key in ("orders", "IF-001", "if-001"):
        versions = hub.client.get(f"/v1/interfaces/{key}/versions", headers=hub.auth())
        assert versions.status_code == 200
        data = versions.json()["data"]
        assert [v["version"] for v in data] == ["1.0.0", "1.1.0"]
        assert data[1]["lint"]["summary"] and data[1]["compatibility"]["checks"]
    for missing in ("/v1/interfaces/nope", "/v1/interfaces/IF-404/versions",
                    "/v1/interfaces/nope/versions"):
        response = hub.client.get(missing, headers=hub.auth())
        assert response.status_code == 404
        assert response.json()["code"] == "NOT_FOUND"


def test_a_republished_document_returns_the_stored_version_with_its_reports(hub: Hub) -> None:
    _seed(hub)
    first = hub.client.get("/v1/interfaces/orders/versions/1.1.0", headers=hub.auth()).json()
    again = hub.publish("orders", "orders-v1.1.yaml", token=ADMIN)
    assert again.status_code == 200  # type: ignore[attr-defined]
    body = again.json()  # type: ignore[attr-defined]
    assert body == first
    assert body["lint"]["findings"] is not None and body["compatibility"]["checks"]
    assert body["changelog"]


def test_concurrent_reads_share_a_few_threads(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    _seed(hub)
    lock, running, most = threading.Lock(), [0], [0]
    original = records.interface

    def slow_interface(session: Any, key: str) -> records.InterfaceRecord:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(0.02)
            return original(session, key)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(records, "interface", slow_interface)

    async def read_all() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=hub.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
            return await asyncio.gather(*(
                client.get(f"/v1/interfaces/{key}", headers=hub.auth())
                for key in ["IF-001", "refunds", "if-003"] * 6))

    responses = asyncio.run(read_all())
    assert [r.status_code for r in responses] == [200] * 18
    assert [r.json()["name"] for r in responses[:3]] == ["orders", "refunds", "ledger"]
    assert 1 < most[0] <= routes.READ_THREADS


def test_json_columns_written_with_nan_still_read() -> None:
    # json.dumps writes NaN, which orjson refuses: the standard library reads it.
    value = _json_loads('{"ratio": NaN, "n": [1, 2]}')
    assert math.isnan(value["ratio"]) and value["n"] == [1, 2]
    assert _json_loads(b'{"a": {"b": null}}') == {"a": {"b": None}}
