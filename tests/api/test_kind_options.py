"""An interface's kind options: part of its registry record, checked by the kind
when written, and applied to every publish, check and compare of its versions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord.api import HubConfig, create_app
from accord.services import diffpool, registry
from accord.services.candidate import Candidate
from accord.services.publish import Hub as Pipeline
from accord.store import Database
from tests.api.conftest import ADMIN, Hub

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _schema(version: str, **properties: Any) -> str:
    """An open object model (no additionalProperties) with these properties."""
    return json.dumps({"$schema": DRAFT, "version": version, "title": "Order",
                       "description": "An order.", "type": "object",
                       "properties": {"id": {"type": "string"}, **properties}})


V1 = _schema("1.0.0")
# Declares a typed property in the open model. Strict: the 1.0.0 writer could
# already send 'n' with any value, which 1.1.0 refuses (breaking). Lenient: writers
# never send undeclared properties, so 'n' is new (safe).
V2 = _schema("1.1.0", n={"type": "integer"})


@pytest.fixture(autouse=True)
def _no_policy_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACCORD_JSONSCHEMA_POLICY", raising=False)
    monkeypatch.delenv("ACCORD_JSONSCHEMA_DRAFT", raising=False)


def _create(hub: Hub, name: str = "order-events", kind: str = "jsonschema",
            **fields: Any) -> Any:
    return hub.client.post("/v1/interfaces", json={"name": name, "kind": kind,
                                                   "team": "orders", **fields},
                           headers=hub.auth())


def _publish(hub: Hub, interface: str, document: str) -> Any:
    return hub.client.post(f"/v1/interfaces/{interface}/versions",
                           json={"document": document, "filename": "order.schema.json"},
                           headers=hub.auth())


def _pointers(answer: Any) -> list[str]:
    return [f["pointer"] for f in answer.json()["fields"]]


def test_lenient_options_accept_a_property_added_to_an_open_model(hub: Hub) -> None:
    created = _create(hub, kind_options={"policy": "lenient"})
    assert created.status_code == 201, created.text
    assert created.json()["kind_options"] == {"policy": "lenient"}
    assert _publish(hub, "order-events", V1).status_code == 201
    second = _publish(hub, "order-events", V2)
    assert second.status_code == 201, second.text
    assert [c["id"] for c in second.json()["changelog"]] == ["jsonschema-property-added"]
    assert second.json()["changelog"][0]["level"] == "safe"
    compared = hub.client.get("/v1/interfaces/order-events/compare",
                              params={"from": "1.0.0", "to": "1.1.0"}, headers=hub.auth())
    assert compared.status_code == 200
    assert compared.json()["summary"]["breaking"] == 0
    assert [c["id"] for c in compared.json()["changes"]] == ["jsonschema-property-added"]


def test_the_default_strict_policy_refuses_it(hub: Hub) -> None:
    created = _create(hub)
    assert created.json()["kind_options"] == {}
    assert _publish(hub, "order-events", V1).status_code == 201
    refused = _publish(hub, "order-events", V2)
    assert refused.status_code == 422
    assert refused.json()["code"] == "INCOMPATIBLE_CHANGE"
    assert [c["id"] for c in refused.json()["changes"]] == [
        "jsonschema-property-added-to-open-model"]


@pytest.mark.parametrize(("kind", "options", "pointer", "hint"), [
    ("jsonschema", {"policy": "loose"}, "/body/kind_options/policy", "strict, lenient"),
    ("jsonschema", {"polcy": "lenient"}, "/body/kind_options/polcy", "did you mean 'policy'"),
    ("jsonschema", {"draft": "draft-99"}, "/body/kind_options/draft", "2020-12"),
    ("openapi", {"policy": "lenient"}, "/body/kind_options", "remove the options"),
])
def test_a_bad_option_is_refused_at_its_pointer(hub: Hub, kind: str, options: dict[str, Any],
                                                pointer: str, hint: str) -> None:
    refused = _create(hub, kind=kind, kind_options=options)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "INVALID_REQUEST"
    assert _pointers(refused) == [pointer]
    assert hint in refused.json()["hint"]
    listed = hub.client.get("/v1/interfaces", headers=hub.auth()).json()["data"]
    assert listed == []  # nothing half-written


def test_patch_sets_them_and_the_read_cache_sees_it(hub: Hub) -> None:
    _create(hub)
    assert _publish(hub, "order-events", V1).status_code == 201
    before = hub.client.get("/v1/interfaces/order-events", headers=hub.auth())
    assert before.json()["kind_options"] == {}
    cached = hub.client.get("/v1/interfaces/order-events", headers=hub.auth())
    assert cached.headers["etag"] == before.headers["etag"]
    bad = hub.client.patch("/v1/interfaces/order-events", json={"kind_options": {"policy": 1}},
                           headers={**hub.auth(), "If-Match": before.headers["etag"]})
    assert bad.status_code == 422 and _pointers(bad) == ["/body/kind_options/policy"]
    changed = hub.client.patch("/v1/interfaces/order-events",
                               json={"kind_options": {"policy": "lenient"}},
                               headers={**hub.auth(), "If-Match": before.headers["etag"]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["kind_options"] == {"policy": "lenient"}
    after = hub.client.get("/v1/interfaces/order-events", headers=hub.auth())
    assert after.json()["kind_options"] == {"policy": "lenient"}
    assert after.headers["etag"] not in (before.headers["etag"], None)
    listed = hub.client.get("/v1/interfaces", headers=hub.auth()).json()["data"]
    assert listed[0]["kind_options"] == {"policy": "lenient"}
    assert _publish(hub, "order-events", V2).status_code == 201
    # null (or {}) goes back to the kind's defaults (the publish changed the ETag)
    current = hub.client.get("/v1/interfaces/order-events", headers=hub.auth())
    reset = hub.client.patch("/v1/interfaces/order-events", json={"kind_options": None},
                             headers={**hub.auth(), "If-Match": current.headers["etag"]})
    assert reset.status_code == 200 and reset.json()["kind_options"] == {}


def test_a_check_uses_the_stored_options_or_the_ones_given(hub: Hub) -> None:
    _create(hub)
    _publish(hub, "order-events", V1)
    body = {"interface": "order-events", "document": V2, "filename": "order.schema.json"}
    strict = hub.client.post("/v1/checks", json=body, headers=hub.auth())
    assert strict.status_code == 200 and strict.json()["passed"] is False
    lenient = hub.client.post("/v1/checks", json={**body, "kind_options": {"policy": "lenient"}},
                              headers=hub.auth())
    assert lenient.status_code == 200 and lenient.json()["passed"] is True
    bad = hub.client.post("/v1/checks", json={**body, "kind_options": {"strictness": "x"}},
                          headers=hub.auth())
    assert bad.status_code == 422 and _pointers(bad) == ["/body/kind_options/strictness"]
    new = hub.client.post("/v1/checks", json={
        **body, "interface": "unknown-yet", "kind": "jsonschema",
        "kind_options": {"draft": "nope"}}, headers=hub.auth())
    assert new.status_code == 422 and _pointers(new) == ["/body/kind_options/draft"]


def test_an_import_sets_them(hub: Hub) -> None:
    def item(document: str, options: dict[str, Any]) -> dict[str, Any]:
        return {"team": "orders", "document": document, "filename": "order.schema.json",
                "interface": {"name": "order-events", "kind": "jsonschema",
                              "kind_options": options}}

    first = hub.client.post("/v1/imports", json={"items": [item(V1, {"policy": "lenient"})]},
                            headers=hub.auth())
    assert first.status_code == 200 and first.json()["summary"]["failed"] == 0, first.text
    second = hub.client.post("/v1/imports", json={"items": [item(V2, {"policy": "lenient"})]},
                             headers=hub.auth())
    assert second.json()["data"][0]["status"] == 201, second.text
    bad = hub.client.post("/v1/imports", json={"items": [item(V2, {"policy": "lax"})]},
                          headers=hub.auth()).json()["data"][0]
    assert bad["status"] == 422
    assert [f["pointer"] for f in bad["problem"]["fields"]] == ["/body/kind_options/policy"]
    shown = hub.client.get("/v1/interfaces/order-events", headers=hub.auth()).json()
    assert shown["kind_options"] == {"policy": "lenient"}


def test_the_options_survive_a_restart(db: Database) -> None:
    first = Hub(db)
    assert _create(first, kind_options={"policy": "lenient"}).status_code == 201
    assert _publish(first, "order-events", V1).status_code == 201
    first.client.close()
    again = Database(db.url)  # a new process's view: nothing kept in memory
    try:
        app = create_app(HubConfig(admin_token=ADMIN), db=again)
        with TestClient(app) as client:
            auth = {"Authorization": f"Bearer {ADMIN}"}
            shown = client.get("/v1/interfaces/order-events", headers=auth)
            assert shown.json()["kind_options"] == {"policy": "lenient"}
            published = client.post("/v1/interfaces/order-events/versions", headers=auth,
                                     json={"document": V2, "filename": "order.schema.json"})
            assert published.status_code == 201, published.text
    finally:
        again.dispose()


# --- the diff workers -------------------------------------------------------------


@pytest.fixture
def in_workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Every history check goes to the worker processes; the pairs they diffed."""
    if diffpool.shared_pool() is None:
        pytest.skip("one usable core: no diff workers")
    monkeypatch.setattr(diffpool, "PARALLEL_BYTES", 0)
    seen: list[int] = []
    original = diffpool.DiffPool.diff

    def diff(self: diffpool.DiffPool, *args: Any, **kwargs: Any) -> Any:
        out = original(self, *args, **kwargs)
        seen.append(len(out))
        return out

    monkeypatch.setattr(diffpool.DiffPool, "diff", diff)
    yield seen


@pytest.mark.parametrize("policy", ["strict", "lenient"])
def test_the_diff_workers_apply_the_options(db: Database, in_workers: list[int],
                                            policy: str) -> None:
    db.upgrade()
    pipeline = Pipeline(db)
    registry.create_team(db, "orders")
    registry.create_interface(db, name="order-events", kind="jsonschema", team_id="orders",
                              fields={"kind_options": {"policy": policy}})
    for document in (V1, _schema("1.0.1")):
        pipeline.publish("order-events", Candidate(document.encode(), "order.schema.json"),
                         published_by="test")
    outcome = pipeline.evaluate("order-events", Candidate(_schema(
        "1.1.0", n={"type": "integer"}).encode(), "order.schema.json"))
    assert in_workers == [2]  # 1.0.1 and 1.0.0 against the candidate, in the workers
    assert outcome.passed is (policy == "lenient")
    assert outcome.compatibility is not None
    rules = [c.rule for c in outcome.compatibility.changes]
    assert rules == (["jsonschema-property-added"] if policy == "lenient" else [
        "jsonschema-property-added-to-open-model", "version-bump-insufficient"])
