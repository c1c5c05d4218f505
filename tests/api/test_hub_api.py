"""The HTTP API v1 end to end: registry, publish pipeline and conventions."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import ADMIN, EXAMPLES, Hub


def _interface(hub: Hub, name: str = "orders", team: str = "orders",
               token: str | None = None, **fields: Any) -> dict[str, Any]:
    response = hub.client.post("/v1/interfaces", headers=hub.auth(token),
                               json={"name": name, "kind": "openapi", "team": team, **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_every_response_carries_a_request_id_and_errors_are_problems(hub: Hub) -> None:
    response = hub.client.get("/v1/interfaces", headers={"X-Request-ID": "abc-123"})
    assert response.status_code == 401
    assert response.headers["X-Request-ID"] == "abc-123"
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 401
    assert body["code"] == "UNAUTHENTICATED"
    assert body["request_id"] == "abc-123"
    assert "Bearer" in response.headers["WWW-Authenticate"]
    missing = hub.client.get("/v1/interfaces/IF-999", headers=hub.auth())
    assert missing.status_code == 404
    assert missing.json()["code"] == "NOT_FOUND"
    assert len(missing.headers["X-Request-ID"]) >= 16


def test_create_interface_gets_sequential_ids_location_and_etag(hub: Hub) -> None:
    first = hub.client.post("/v1/interfaces", headers=hub.auth(),
                            json={"name": "orders", "kind": "openapi", "team": "orders",
                                  "compatibility": "BACKWARD",
                                  "sla": {"latency_ms": {"p95": 200}, "uptime": 99.9}})
    assert first.status_code == 201, first.text
    assert first.json()["id"] == "IF-001"
    assert first.headers["Location"] == "/v1/interfaces/IF-001"
    assert first.headers["ETag"].startswith('"')
    assert first.json()["sla"]["uptime"] == 99.9
    assert first.json()["status"] == "draft"
    second = _interface(hub, "orders-events")
    assert second["id"] == "IF-002"
    # by name, too
    assert hub.client.get("/v1/interfaces/orders-events",
                          headers=hub.auth()).json()["id"] == "IF-002"


def test_a_team_publishes_only_to_its_own_interfaces(hub: Hub) -> None:
    _interface(hub)
    other = hub.client.post("/v1/interfaces", headers=hub.auth(hub.payments),
                            json={"name": "x-api", "kind": "openapi", "team": "orders"})
    assert other.status_code == 403
    assert other.json()["code"] == "FORBIDDEN"
    refused = hub.publish("IF-001", "orders-v1.yaml", token=hub.payments)
    assert refused.status_code == 403  # type: ignore[attr-defined]
    read_only = hub.publish("IF-001", "orders-v1.yaml", token=hub.reader)
    assert read_only.status_code == 403  # type: ignore[attr-defined]
    assert "scope" in read_only.json()["detail"]  # type: ignore[attr-defined]


def test_publish_checks_compatibility_and_refuses_breaking_minor(hub: Hub) -> None:
    _interface(hub)
    v1 = hub.publish("IF-001", "orders-v1.yaml")
    assert v1.status_code == 201, v1.text  # type: ignore[attr-defined]
    assert v1.headers["Location"] == "/v1/interfaces/IF-001/versions/1.0.0"  # type: ignore[attr-defined]
    v11 = hub.publish("IF-001", "orders-v1.1.yaml")
    assert v11.status_code == 201  # type: ignore[attr-defined]
    assert v11.json()["compatibility"]["compatible"] is True  # type: ignore[attr-defined]
    # 1.2.0 removes a response property: breaking under BACKWARD_TRANSITIVE
    v12 = hub.publish("IF-001", "orders-v1.2.yaml")
    assert v12.status_code == 422  # type: ignore[attr-defined]
    problem = v12.json()  # type: ignore[attr-defined]
    assert problem["code"] == "INCOMPATIBLE_CHANGE"
    assert problem["suggested_bump"] == "major"
    rules = {c["id"] for c in problem["changes"]}
    assert "response-property-removed" in rules
    assert all(c["level"] == "breaking" for c in problem["changes"])
    versions = hub.client.get("/v1/interfaces/IF-001/versions", headers=hub.auth()).json()
    assert [v["version"] for v in versions["data"]] == ["1.0.0", "1.1.0"]
    assert hub.client.get("/v1/interfaces/IF-001", headers=hub.auth()).json()["status"] == \
        "active"


def test_same_document_again_is_a_no_op_and_versions_are_immutable(hub: Hub) -> None:
    _interface(hub)
    assert hub.publish("IF-001", "orders-v1.yaml").status_code == 201  # type: ignore[attr-defined]
    again = hub.publish("IF-001", "orders-v1.yaml")
    assert again.status_code == 200  # type: ignore[attr-defined]
    assert again.json()["version"] == "1.0.0"  # type: ignore[attr-defined]
    other = hub.publish("IF-001", "orders-v1.1.yaml", version="1.0.0")
    assert other.status_code == 409  # type: ignore[attr-defined]
    assert other.json()["code"] == "VERSION_EXISTS"  # type: ignore[attr-defined]
    older = hub.publish("IF-001", "orders-v1.1.yaml", version="0.9.0")
    assert older.status_code == 409  # type: ignore[attr-defined]
    assert older.json()["code"] == "VERSION_NOT_INCREASING"  # type: ignore[attr-defined]


def test_admin_forces_a_major_version_with_a_reason(hub: Hub) -> None:
    _interface(hub)
    hub.publish("IF-001", "orders-v1.1.yaml")
    not_admin = hub.publish("IF-001", "orders-v1.2.yaml", version="2.0.0",
                            force_reason="checkout migrated")
    assert not_admin.status_code == 403  # type: ignore[attr-defined]
    minor = hub.publish("IF-001", "orders-v1.2.yaml", token=ADMIN, version="1.2.0",
                        force_reason="checkout migrated")
    assert minor.status_code == 403  # type: ignore[attr-defined]
    assert minor.json()["code"] == "FORCE_NOT_ALLOWED"  # type: ignore[attr-defined]
    forced = hub.publish("IF-001", "orders-v1.2.yaml", token=ADMIN, version="2.0.0",
                         force_reason="checkout migrated")
    assert forced.status_code == 201, forced.text  # type: ignore[attr-defined]
    assert forced.json()["forced_reason"] == "checkout migrated"  # type: ignore[attr-defined]


def test_version_document_changelog_and_compare(hub: Hub) -> None:
    _interface(hub)
    hub.publish("IF-001", "orders-v1.yaml")
    hub.publish("IF-001", "orders-v1.1.yaml")
    document = hub.client.get("/v1/interfaces/IF-001/versions/1.0.0/document",
                              headers=hub.auth())
    assert document.status_code == 200
    assert document.content == (hub_examples() / "orders-v1.yaml").read_bytes()
    assert document.headers["content-type"].startswith("application/yaml")
    log = hub.client.get("/v1/interfaces/IF-001/changelog", headers=hub.auth()).json()
    assert [e["version"] for e in log["data"]] == ["1.1.0", "1.0.0"]
    assert log["data"][0]["changes"] and log["data"][1]["changes"] == []
    compared = hub.client.get("/v1/interfaces/IF-001/compare?from=1.1.0&to=1.0.0",
                              headers=hub.auth()).json()
    assert compared["summary"]["breaking"] >= 1  # going back removes what 1.1.0 added
    files = {c["location"]["file"] for c in compared["changes"]}
    assert all(f.startswith("IF-001@1.") for f in files), files


def hub_examples() -> Any:
    from tests.api.conftest import EXAMPLES

    return EXAMPLES


def test_patch_needs_if_match_and_refuses_a_stale_etag(hub: Hub) -> None:
    _interface(hub)
    current = hub.client.get("/v1/interfaces/IF-001", headers=hub.auth())
    tag = current.headers["ETag"]
    missing = hub.client.patch("/v1/interfaces/IF-001", headers=hub.auth(),
                               json={"title": "Orders API"})
    assert missing.status_code == 428
    assert missing.json()["code"] == "PRECONDITION_REQUIRED"
    done = hub.client.patch("/v1/interfaces/IF-001", headers={**hub.auth(), "If-Match": tag},
                            json={"title": "Orders API", "status": "active"})
    assert done.status_code == 200, done.text
    assert done.json()["title"] == "Orders API"
    assert done.headers["ETag"] != tag
    stale = hub.client.patch("/v1/interfaces/IF-001", headers={**hub.auth(), "If-Match": tag},
                             json={"title": "Again"})
    assert stale.status_code == 412
    assert stale.json()["code"] == "PRECONDITION_FAILED"
    cached = hub.client.get("/v1/interfaces/IF-001",
                            headers={**hub.auth(), "If-None-Match": done.headers["ETag"]})
    assert cached.status_code == 304


def test_deprecated_interfaces_send_deprecation_and_sunset(hub: Hub) -> None:
    _interface(hub, status="active")
    tag = hub.client.get("/v1/interfaces/IF-001", headers=hub.auth()).headers["ETag"]
    hub.client.patch("/v1/interfaces/IF-001", headers={**hub.auth(), "If-Match": tag},
                     json={"status": "deprecated", "sunset_at": "2027-06-30T00:00:00Z"})
    got = hub.client.get("/v1/interfaces/IF-001", headers=hub.auth())
    assert got.headers["Deprecation"].startswith("@")
    assert got.headers["Sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT"
    # ... and so does everything about its versions
    assert hub.publish("IF-001", "orders-v1.yaml").status_code == 201  # type: ignore[attr-defined]
    for path in ("/v1/interfaces/IF-001/versions", "/v1/interfaces/IF-001/versions/1.0.0",
                 "/v1/interfaces/IF-001/changelog"):
        about = hub.client.get(path, headers=hub.auth())
        assert about.status_code == 200, path
        assert about.headers["Deprecation"] == got.headers["Deprecation"], path
        assert about.headers["Sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT", path


def test_versions_of_an_active_interface_carry_no_deprecation(hub: Hub) -> None:
    _interface(hub, status="active")
    assert hub.publish("IF-001", "orders-v1.yaml").status_code == 201  # type: ignore[attr-defined]
    listed = hub.client.get("/v1/interfaces/IF-001/versions", headers=hub.auth())
    assert listed.status_code == 200
    assert "Deprecation" not in listed.headers and "Sunset" not in listed.headers


def test_lists_paginate_with_cursors_and_filter(hub: Hub) -> None:
    for i in range(5):
        _interface(hub, f"api-{i}")
    _interface(hub, "pay-api", team="payments", token=hub.payments)
    seen: list[str] = []
    url = "/v1/interfaces?limit=2&team=orders"
    while True:
        page = hub.client.get(url, headers=hub.auth()).json()
        seen += [i["name"] for i in page["data"]]
        if not page["page"]["has_more"]:
            assert page["page"]["next_cursor"] is None
            break
        url = f"/v1/interfaces?limit=2&team=orders&after={page['page']['next_cursor']}"
    assert seen == [f"api-{i}" for i in range(5)]
    bad = hub.client.get("/v1/interfaces?after=not-a-cursor", headers=hub.auth())
    assert bad.status_code == 400
    assert bad.json()["code"] == "INVALID_CURSOR"
    too_big = hub.client.get("/v1/interfaces?limit=1000", headers=hub.auth())
    assert too_big.status_code in (400, 422)
    assert too_big.json()["fields"]


def test_check_is_a_dry_run(hub: Hub) -> None:
    _interface(hub)
    hub.publish("IF-001", "orders-v1.1.yaml")
    body = {"interface": "orders", "document": (hub_examples() / "orders-v1.2.yaml").read_text(),
            "filename": "orders.yaml"}
    checked = hub.client.post("/v1/checks", headers=hub.auth(), json=body)
    assert checked.status_code == 200, checked.text
    result = checked.json()
    assert result["passed"] is False
    assert result["problems"][0]["code"] == "INCOMPATIBLE_CHANGE"
    assert result["compatibility"]["compatible"] is False
    versions = hub.client.get("/v1/interfaces/IF-001/versions", headers=hub.auth()).json()
    assert len(versions["data"]) == 1


def test_health_and_openapi(hub: Hub) -> None:
    health = hub.client.get("/health")
    assert health.status_code == 200
    assert health.json()["database"] == "ok"
    spec = hub.client.get("/v1/openapi.json").json()
    assert "/v1/interfaces/{interface_id}/versions" in spec["paths"]


def test_bad_json_and_unknown_fields_are_problems_with_fields(hub: Hub) -> None:
    broken = hub.client.post("/v1/interfaces", headers={**hub.auth(),
                                                        "Content-Type": "application/json"},
                             content=b"{not json")
    assert broken.status_code == 400
    assert broken.json()["code"] == "MALFORMED_REQUEST"
    unknown = hub.client.post("/v1/interfaces", headers=hub.auth(),
                              json={"name": "x-api", "kind": "openapi", "team": "orders",
                                    "colour": "red"})
    assert unknown.status_code == 422
    assert any("colour" in f["pointer"] for f in unknown.json()["fields"])
    kind = hub.client.post("/v1/interfaces", headers=hub.auth(),
                           json={"name": "x-api", "kind": "soap", "team": "orders"})
    assert kind.status_code == 422
    assert kind.json()["fields"][0]["pointer"] == "/body/kind"


def test_a_check_of_an_interface_not_yet_registered_lints_the_first_version(hub: Hub) -> None:
    body = {"interface": "brand-new", "document": (EXAMPLES / "orders-v1.yaml").read_text(),
            "filename": "orders-v1.yaml"}
    unknown = hub.client.post("/v1/checks", json=body, headers=hub.auth())
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "NOT_FOUND"

    checked = hub.client.post("/v1/checks", json={**body, "kind": "openapi"},
                              headers=hub.auth())
    assert checked.status_code == 200, checked.text
    result = checked.json()
    assert result["new_interface"] is True
    assert result["interface"] == "brand-new"
    assert result["compatibility"] is None
    assert result["lint"]["summary"]["error"] == 0
    assert result["passed"] is True
    assert result["version"] == "1.0.0"

    wrong = hub.client.post("/v1/checks", json={**body, "kind": "cobol"}, headers=hub.auth())
    assert wrong.status_code == 422
    assert wrong.json()["fields"][0]["pointer"] == "/body/kind"
