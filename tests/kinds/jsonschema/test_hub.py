"""JSON Schema contracts through the hub's publish pipeline, unchanged: an interface
of kind ``jsonschema`` under FULL_TRANSITIVE accepts an annotation-only version
and refuses one that breaks earlier readers, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.conftest import Hub, db, postgres_url  # noqa: F401 - fixtures reused

D2020 = "https://json-schema.org/draft/2020-12/schema"


def _schema(version: str, **changes: Any) -> str:
    schema: dict[str, Any] = {
        "$schema": D2020, "$id": "https://example.com/schemas/user-created",
        "version": version, "type": "object", "additionalProperties": False,
        "properties": {"user_id": {"type": "string", "description": "The user."},
                       "email": {"type": "string", "format": "email"}},
        "required": ["user_id"]}
    schema["properties"].update(changes)
    return json.dumps(schema, indent=2)


@pytest.fixture
def hub(db) -> Iterator[Hub]:  # noqa: F811 - the db fixture of tests/api
    h = Hub(db)
    yield h
    h.client.close()


def _publish(hub: Hub, text: str) -> Any:
    return hub.client.post("/v1/interfaces/IF-001/versions", headers=hub.auth(),
                           json={"document": text, "filename": "user-created.json"})


def test_publish_runs_the_json_schema_compatibility_check(hub: Hub) -> None:
    created = hub.client.post("/v1/interfaces", headers=hub.auth(), json={
        "name": "user-created", "kind": "jsonschema", "team": "orders",
        "compatibility": "FULL_TRANSITIVE"})
    assert created.status_code == 201, created.text
    assert _publish(hub, _schema("1.0.0")).status_code == 201
    described = _publish(hub, _schema("1.0.1", user_id={
        "type": "string", "description": "The user's id."}))
    assert described.status_code == 201, described.text
    assert described.json()["compatibility"]["compatible"] is True
    refused = _publish(hub, _schema("1.1.0", nickname={"type": "string"}))
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["code"] == "INCOMPATIBLE_CHANGE"
    # Readers of the earlier (closed) versions reject the new property: FORWARD fails.
    assert {c["id"] for c in problem["changes"]} == {"jsonschema-property-removed-not-covered"}
