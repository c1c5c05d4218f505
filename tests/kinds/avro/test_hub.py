"""Avro contracts through the hub's publish pipeline: an interface of kind ``avro``
under BACKWARD accepts a field added with a default, refuses one added without (the
new reader cannot fill it from old records), and serves the stored schema as JSON;
on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.conftest import Hub, db, postgres_url  # noqa: F401 - fixtures reused


def _schema(version: str, *extra: dict[str, Any]) -> str:
    return json.dumps({
        "type": "record", "name": "OrderPlaced", "namespace": "com.example.orders",
        "version": version,
        "fields": [{"name": "order_id", "type": "string"},
                   {"name": "total_cents", "type": "long"}, *extra]}, indent=2)


@pytest.fixture
def hub(db) -> Iterator[Hub]:  # noqa: F811 - the db fixture of tests/api
    h = Hub(db)
    yield h
    h.client.close()


def _publish(hub: Hub, text: str) -> Any:
    return hub.client.post("/v1/interfaces/IF-001/versions", headers=hub.auth(),
                           json={"document": text, "filename": "order-placed.avsc"})


def test_publish_runs_avro_resolution_under_the_interface_mode(hub: Hub) -> None:
    created = hub.client.post("/v1/interfaces", headers=hub.auth(), json={
        "name": "order-placed", "kind": "avro", "team": "orders",
        "compatibility": "BACKWARD"})
    assert created.status_code == 201, created.text
    assert _publish(hub, _schema("1.0.0")).status_code == 201
    defaulted = _publish(hub, _schema("1.1.0", {"name": "currency", "type": "string",
                                                "default": "EUR"}))
    assert defaulted.status_code == 201, defaulted.text
    assert defaulted.json()["compatibility"]["compatible"] is True
    refused = _publish(hub, _schema("1.2.0", {"name": "currency", "type": "string",
                                              "default": "EUR"},
                                    {"name": "channel", "type": "string"}))
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["code"] == "INCOMPATIBLE_CHANGE"
    assert [c["id"] for c in problem["changes"]] == ["avro-field-default-missing"]
    document = hub.client.get("/v1/interfaces/IF-001/versions/1.1.0/document",
                              headers=hub.auth())
    assert document.status_code == 200
    assert document.headers["content-type"].startswith("application/json")
    assert json.loads(document.text)["fields"][2]["name"] == "currency"
