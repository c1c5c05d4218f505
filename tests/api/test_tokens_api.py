"""/v1/tokens: admins mint, read and revoke tokens over the API."""

from __future__ import annotations

from tests.api.conftest import ADMIN, Hub


def test_an_admin_mints_a_team_token_that_works_once_shown(hub: Hub) -> None:
    made = hub.client.post("/v1/tokens", headers=hub.auth(ADMIN),
                           json={"team": "orders", "scopes": ["read", "write"], "name": "ci"})
    assert made.status_code == 201, made.text
    body = made.json()
    assert made.headers["Location"] == f"/v1/tokens/{body['id']}"
    assert made.headers["Cache-Control"] == "no-store"
    assert body["token"].startswith(f"acc_{body['id']}_")
    assert (body["team"], body["scopes"], body["name"]) == ("orders", ["read", "write"], "ci")
    assert body["revoked_at"] is None
    # the new token acts for its team
    created = hub.client.post("/v1/interfaces", headers=hub.auth(body["token"]),
                              json={"name": "orders", "kind": "openapi", "team": "orders"})
    assert created.status_code == 201, created.text
    # its metadata never shows the secret again
    shown = hub.client.get(f"/v1/tokens/{body['id']}", headers=hub.auth(ADMIN))
    assert shown.status_code == 200
    assert "token" not in shown.json()
    assert body["token"] not in shown.text


def test_a_revoked_token_stops_working_at_once_on_this_replica(hub: Hub) -> None:
    made = hub.client.post("/v1/tokens", headers=hub.auth(ADMIN),
                           json={"team": "orders", "scopes": ["read"]}).json()
    assert hub.client.get("/v1/teams", headers=hub.auth(made["token"])).status_code == 200
    gone = hub.client.delete(f"/v1/tokens/{made['id']}", headers=hub.auth(ADMIN))
    assert gone.status_code == 204
    refused = hub.client.get("/v1/teams", headers=hub.auth(made["token"]))
    assert refused.status_code == 401
    assert refused.json()["code"] == "UNAUTHENTICATED"
    again = hub.client.delete(f"/v1/tokens/{made['id']}", headers=hub.auth(ADMIN))
    assert again.status_code == 204  # revoking twice changes nothing
    assert hub.client.get(f"/v1/tokens/{made['id']}",
                          headers=hub.auth(ADMIN)).json()["revoked_at"] is not None


def test_only_admins_manage_tokens_and_bad_requests_are_located(hub: Hub) -> None:
    body = {"team": "orders", "scopes": ["read"]}
    assert hub.client.post("/v1/tokens", json=body).status_code == 401
    forbidden = hub.client.post("/v1/tokens", headers=hub.auth(hub.orders), json=body)
    assert forbidden.status_code == 403
    assert hub.client.delete("/v1/tokens/abc", headers=hub.auth(hub.orders)).status_code == 403
    unknown = hub.client.delete("/v1/tokens/does-not-exist", headers=hub.auth(ADMIN))
    assert unknown.status_code == 404
    bad = hub.client.post("/v1/tokens", headers=hub.auth(ADMIN),
                          json={"team": "orders", "scopes": ["root"]})
    assert bad.status_code == 422
    assert bad.json()["fields"][0]["pointer"] == "/body/scopes/0"
    no_team = hub.client.post("/v1/tokens", headers=hub.auth(ADMIN),
                              json={"team": "nobody", "scopes": ["read"]})
    assert no_team.status_code == 404
    teamless = hub.client.post("/v1/tokens", headers=hub.auth(ADMIN), json={"scopes": ["read"]})
    assert teamless.status_code == 422  # a token without a team must be an admin token


def test_token_creation_is_never_replayed_from_storage(hub: Hub) -> None:
    headers = {**hub.auth(ADMIN), "Idempotency-Key": "same-key-twice"}
    first = hub.client.post("/v1/tokens", headers=headers,
                            json={"team": "orders", "scopes": ["read"]})
    second = hub.client.post("/v1/tokens", headers=headers,
                             json={"team": "orders", "scopes": ["read"]})
    assert first.status_code == second.status_code == 201
    assert "Idempotent-Replayed" not in second.headers
    assert first.json()["token"] != second.json()["token"]
    from sqlalchemy import select

    from accord.store import IdempotencyRecord

    with hub.db.read() as session:
        stored = list(session.scalars(select(IdempotencyRecord)))
    assert all(first.json()["token"].encode() not in (r.body or b"") for r in stored)
