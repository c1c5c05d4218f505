"""POST /v1/imports: many interfaces and versions in one request, per-item results."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from accord.core.errors import AccordError, ErrorCode
from accord.services import registry
from tests.api.conftest import ADMIN, EXAMPLES, Hub

HUB_EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "hub"


def _document(path: Path) -> dict[str, str]:
    return {"document": path.read_text(), "filename": path.name}


def _item(name: str, team: str = "orders", document: Path | None = None,
          participant: dict[str, Any] | None = None, **interface: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"team": team,
                            "interface": {"name": name, "kind": "openapi", **interface}}
    if participant is not None:
        item["participant"] = participant
    if document is not None:
        item.update(_document(document))
    return item


def _import(hub: Hub, items: list[dict[str, Any]], token: str | None = None,
            expect: int = 200) -> dict[str, Any]:
    response = hub.client.post("/v1/imports", json={"items": items}, headers=hub.auth(token))
    assert response.status_code == expect, response.text
    body: dict[str, Any] = response.json()
    return body


def _interface(hub: Hub, key: str) -> dict[str, Any]:
    response = hub.client.get(f"/v1/interfaces/{key}", headers=hub.auth(ADMIN))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    body["etag"] = response.headers["ETag"]
    return body


def _register(hub: Hub, name: str, team: str, token: str) -> None:
    response = hub.client.post("/v1/interfaces", headers=hub.auth(token),
                               json={"name": name, "kind": "openapi", "team": team})
    assert response.status_code == 201, response.text


def test_a_mixed_batch_succeeds_and_fails_per_item(hub: Hub) -> None:
    _register(hub, "orders", "orders", hub.orders)  # IF-001
    assert hub.publish("IF-001", "orders-v1.yaml").status_code == 201  # type: ignore[attr-defined]
    assert hub.publish("IF-001", "orders-v1.1.yaml").status_code == 201  # type: ignore[attr-defined]
    _register(hub, "payments", "payments", hub.payments)  # IF-002

    body = _import(hub, [
        _item("ledger", document=HUB_EXAMPLES / "ledger/openapi/ledger-v1.0.0.yaml",
              participant={"id": "ledger-service", "description": "Journal entries."},
              title="Ledger API", status="active"),
        _item("orders", document=EXAMPLES / "orders-v1.1.yaml"),  # published already
        _item("orders", document=EXAMPLES / "orders-v1.2.yaml"),  # breaks 1.1.0
        _item("payments-events", team="payments"),  # not the caller's team
        _item("payments", document=HUB_EXAMPLES / "payments/openapi/payments-v1.0.0.yaml"),
    ])
    created, unchanged, refused, other_team, not_owned = body["data"]
    assert body["summary"] == {"items": 5, "succeeded": 2, "failed": 3}
    assert [item["index"] for item in body["data"]] == [0, 1, 2, 3, 4]

    assert created == {"index": 0, "status": 201, "name": "ledger", "interface": "IF-003",
                       "interface_created": True, "version": "1.0.0",
                       "version_created": True, "problem": None, "warnings": []}
    assert unchanged == {"index": 1, "status": 200, "name": "orders", "interface": "IF-001",
                         "interface_created": False, "version": "1.1.0",
                         "version_created": False, "problem": None, "warnings": []}
    assert refused["status"] == 422
    assert refused["interface"] == "IF-001"
    assert refused["version"] is None and refused["version_created"] is False
    assert refused["problem"]["code"] == "INCOMPATIBLE_CHANGE"
    assert refused["problem"]["status"] == 422
    assert refused["problem"]["changes"], "the refused item lists its breaking changes"
    assert {"id", "level", "message"} <= set(refused["problem"]["changes"][0])
    for forbidden in (other_team, not_owned):
        assert forbidden["status"] == 403
        assert forbidden["problem"]["code"] == "FORBIDDEN"
        assert forbidden["version_created"] is False
    assert other_team["interface"] is None
    assert other_team["problem"]["detail"] == ("team 'orders' may not change what team "
                                               "'payments' owns")
    assert not_owned["interface"] == "IF-002"

    # What was stored: the new interface with its provider and version; nothing else.
    ledger = _interface(hub, "ledger")
    assert (ledger["team"], ledger["provider"], ledger["title"]) == ("orders", "ledger-service",
                                                                     "Ledger API")
    assert ledger["latest_version"]["version"] == "1.0.0"
    participant = hub.client.get("/v1/participants/ledger-service", headers=hub.auth()).json()
    assert (participant["team"], participant["description"]) == ("orders", "Journal entries.")
    assert _interface(hub, "orders")["latest_version"]["version"] == "1.1.0"
    assert _interface(hub, "payments")["latest_version"] is None
    missing = hub.client.get("/v1/interfaces/payments-events", headers=hub.auth())
    assert missing.status_code == 404


def test_an_item_problem_is_the_problem_of_the_single_request(hub: Hub) -> None:
    _register(hub, "orders", "orders", hub.orders)
    hub.publish("IF-001", "orders-v1.yaml")
    hub.publish("IF-001", "orders-v1.1.yaml")
    response = hub.client.post("/v1/imports", headers=hub.auth(), json={"items": [
        _item("orders", document=EXAMPLES / "orders-v1.2.yaml")]})
    item = response.json()["data"][0]
    single = hub.publish("IF-001", "orders-v1.2.yaml")
    assert single.status_code == item["status"] == 422  # type: ignore[attr-defined]
    expected = single.json()  # type: ignore[attr-defined]
    problem = item["problem"]
    # The same document, but for the request it came with.
    assert problem.pop("request_id") == response.headers["X-Request-ID"]
    expected.pop("request_id")
    assert problem == expected

    # Refused by the version rules as well: same code and status as alone.
    again = _import(hub, [{**_item("orders", document=EXAMPLES / "orders-v1.yaml"),
                           "version": "1.1.0"}])["data"][0]
    assert (again["status"], again["problem"]["code"]) == (409, "VERSION_EXISTS")


def test_an_interface_keeps_its_kind_and_unknown_kinds_are_refused(hub: Hub) -> None:
    _register(hub, "orders", "orders", hub.orders)
    body = _import(hub, [
        {"team": "orders", "interface": {"name": "orders", "kind": "asyncapi"}},
        {"team": "orders", "interface": {"name": "orders-soap", "kind": "soap"}},
    ])
    mismatch, unknown = body["data"]
    assert mismatch["status"] == 409
    assert mismatch["problem"]["code"] == "CONFLICT"
    assert "'openapi'" in mismatch["problem"]["detail"]
    assert mismatch["interface_created"] is False
    assert unknown["status"] == 422
    assert unknown["problem"]["code"] == "INVALID_REQUEST"
    assert body["summary"]["failed"] == 2


def test_metadata_is_upserted_by_name(hub: Hub) -> None:
    fields = {"title": "Payments API", "status": "active", "compatibility": "BACKWARD",
              "sla": {"latency_ms": {"p95": 250}, "uptime": 99.95},
              "rate_limits": [{"tier": "default", "requests": 100, "per_seconds": 60},
                              {"tier": "checkout", "requests": 50, "per_seconds": 1,
                               "burst": 200}],
              "auth": {"method": "oauth2", "scopes": ["payments:read"]},
              "maintenance_windows": [{"day": "sunday", "start": "02:00",
                                       "duration_minutes": 120}],
              "sunset_at": "2030-06-30T00:00:00Z"}
    participant = {"id": "payments-api", "repository": "https://git.example.com/payments"}
    first = _import(hub, [_item("payments", team="payments", participant=participant,
                                **fields)], token=hub.payments)["data"][0]
    assert (first["status"], first["interface_created"]) == (201, True)
    stored = _interface(hub, "payments")
    assert stored["provider"] == "payments-api"
    assert stored["rate_limits"][1]["burst"] == 200
    assert stored["status"] == "active"

    same = _import(hub, [_item("payments", team="payments", participant=participant,
                               **fields)], token=hub.payments)["data"][0]
    assert (same["status"], same["interface_created"], same["problem"]) == (200, False, None)
    assert _interface(hub, "payments")["etag"] == stored["etag"], "nothing changed: no update"

    changed = _import(hub, [_item("payments", team="payments",
                                  participant={"id": "payments-api",
                                               "description": "Card payments."},
                                  **{**fields, "title": "Card payments"})],
                      token=hub.payments)["data"][0]
    assert changed["status"] == 200
    updated = _interface(hub, "payments")
    assert updated["title"] == "Card payments"
    assert updated["etag"] != stored["etag"]
    assert updated["sla"] == stored["sla"], "fields not given stay as they are"
    app = hub.client.get("/v1/participants/payments-api", headers=hub.auth()).json()
    assert (app["description"], app["repository"]) == ("Card payments.",
                                                       "https://git.example.com/payments")

    # Another team's participant, and a token of another team.
    taken = _import(hub, [_item("orders", participant={"id": "payments-api"})])["data"][0]
    assert (taken["status"], taken["problem"]["code"]) == (403, "FORBIDDEN")
    assert taken["interface"] is None
    # An admin imports for any team; a team must exist.
    admin = _import(hub, [_item("payments-events", team="payments"),
                          _item("ghost-api", team="nobody")], token=ADMIN)
    assert admin["data"][0]["status"] == 201
    assert _interface(hub, "payments-events")["team"] == "payments"
    assert (admin["data"][1]["status"], admin["data"][1]["problem"]["code"]) == (404,
                                                                                 "NOT_FOUND")
    # A read-only token may not import at all.
    refused = hub.client.post("/v1/imports", headers=hub.auth(hub.reader),
                              json={"items": [_item("payments", team="payments")]})
    assert refused.status_code == 403
    assert refused.json()["code"] == "FORBIDDEN"


def test_an_update_that_loses_a_race_is_retried_once(hub: Hub,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _register(hub, "orders", "orders", hub.orders)
    real = registry.update_interface
    calls: list[int | None] = []

    def racing(db: Any, key: str, fields: Any, *, expected_revision: int | None,
               **options: Any) -> Any:
        calls.append(expected_revision)
        if len(calls) == 1:  # someone else's PATCH lands first
            real(db, key, {"description": "theirs"}, expected_revision=None)
            return real(db, key, fields, expected_revision=expected_revision, **options)
        return real(db, key, fields, expected_revision=expected_revision, **options)

    monkeypatch.setattr(registry, "update_interface", racing)
    item = _import(hub, [_item("orders", title="Orders API")])["data"][0]
    assert item["status"] == 200, item
    assert calls == [1, 2]
    stored = _interface(hub, "orders")
    assert (stored["title"], stored["description"]) == ("Orders API", "theirs")


def test_an_unexpected_error_fails_its_item_only(hub: Hub, monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    real = registry.create_interface

    def broken(db: Any, *, name: str, **kwargs: Any) -> Any:
        if name == "boom":
            raise RuntimeError("password=hunter2 in a driver message")
        return real(db, name=name, **kwargs)

    monkeypatch.setattr(registry, "create_interface", broken)
    with caplog.at_level(logging.ERROR, logger="accord.services.imports"):
        response = hub.client.post("/v1/imports", headers=hub.auth(), json={"items": [
            _item("boom"), _item("fine")]})
    assert response.status_code == 200
    boom, fine = response.json()["data"]
    assert boom["status"] == 500
    assert boom["problem"]["code"] == "INTERNAL"
    assert "hunter2" not in response.text and "Traceback" not in response.text
    assert fine["status"] == 201
    logged = [r for r in caplog.records if r.name == "accord.services.imports"]
    assert logged and "RuntimeError" in logged[0].getMessage()
    assert "hunter2" not in caplog.text and logged[0].exc_info is None


def test_an_invalid_batch_is_a_problem_with_field_pointers(hub: Hub) -> None:
    empty = hub.client.post("/v1/imports", headers=hub.auth(), json={"items": []})
    assert empty.status_code == 422
    assert empty.headers["content-type"].startswith("application/problem+json")
    assert empty.json()["code"] == "VALIDATION_FAILED"
    assert [f["pointer"] for f in empty.json()["fields"]] == ["/body/items"]

    many = hub.client.post("/v1/imports", headers=hub.auth(),
                           json={"items": [_item(f"api-{i}") for i in range(101)]})
    assert many.status_code == 422
    assert [f["pointer"] for f in many.json()["fields"]] == ["/body/items"]

    broken = hub.client.post("/v1/imports", headers=hub.auth(), json={"items": [
        {"team": "orders", "interface": {"kind": "openapi"}},
        _item("x-api", rate_limits=[{"tier": "t", "requests": 1, "per_seconds": 1,
                                     "burst": 0}])]})
    assert broken.status_code == 422
    pointers = {f["pointer"] for f in broken.json()["fields"]}
    assert pointers == {"/body/items/0/interface/name",
                        "/body/items/1/interface/rate_limits/0/burst"}

    not_json = hub.client.post("/v1/imports", content=b"{items:",
                               headers={**hub.auth(), "Content-Type": "application/json"})
    assert not_json.status_code == 400
    assert not_json.json()["code"] == "MALFORMED_REQUEST"
    # Nothing of a refused batch was stored.
    assert hub.client.get("/v1/interfaces", headers=hub.auth()).json()["data"] == []


def test_item_outcome_counts(hub: Hub) -> None:
    # The service reports per item without the HTTP layer, errors as AccordError.
    from accord.services.imports import ImportItem, InterfaceSpec, run_import
    from accord.services.tokens import authenticate

    principal = authenticate(hub.db, hub.orders)
    assert principal is not None
    seen: list[tuple[int, int]] = []
    result = run_import(hub.app.state.hub, principal, [
        ImportItem("orders", InterfaceSpec("orders", "openapi")),
        ImportItem("payments", InterfaceSpec("payments", "openapi")),
    ], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]
    assert (result.succeeded, result.failed) == (1, 1)
    error = result.items[1].error
    assert isinstance(error, AccordError) and error.code is ErrorCode.FORBIDDEN


def test_consumers_not_yet_registered_are_warnings_and_link_later(hub: Hub) -> None:
    first = _import(hub, [_item("payments", team="payments",
                                participant={"id": "payments-api"},
                                consumers=["orders-api", "checkout-web"])],
                    token=hub.payments)
    item = first["data"][0]
    assert item["status"] == 201 and item["problem"] is None
    assert len(item["warnings"]) == 2
    assert "'orders-api' is not a registered participant" in item["warnings"][0]
    assert _interface(hub, "payments")["consumers"] == []

    # orders-api registers, declaring what it consumes (its manifest's consumes:)
    second = _import(hub, [_item("orders", participant={"id": "orders-api",
                                                        "consumes": ["payments", "ledger"]})])
    warnings = second["data"][0]["warnings"]
    assert second["data"][0]["status"] == 201
    assert len(warnings) == 1 and "'ledger' is not registered" in warnings[0]
    assert _interface(hub, "payments")["consumers"] == ["orders-api"]

    # declaring it again changes nothing: same ETag
    before = _interface(hub, "payments")["etag"]
    again = _import(hub, [_item("orders", participant={"id": "orders-api",
                                                       "consumes": ["payments"]})])
    assert again["data"][0]["warnings"] == []
    assert _interface(hub, "payments")["etag"] == before


def test_a_refused_item_names_the_version_it_tried(hub: Hub) -> None:
    _import(hub, [_item("orders", document=EXAMPLES / "orders-v1.yaml")])
    attempt = _item("orders", document=EXAMPLES / "orders-v1.2.yaml")
    attempt["version"] = "1.3.0"
    refused = _import(hub, [attempt])
    item = refused["data"][0]
    assert item["status"] == 422
    assert item["problem"]["code"] == "INCOMPATIBLE_CHANGE"
    assert item["version"] == "1.3.0"
    assert item["version_created"] is False
