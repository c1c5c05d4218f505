"""POST /oauth/token: the client-credentials grant, and the tokens it mints."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote_plus

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from accord.api import HubConfig, create_app
from accord.services import registry
from accord.services.tokens import create_token
from accord.store import Database, IdempotencyRecord, Token
from tests.api.conftest import ADMIN, Hub

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _id(token: str) -> str:
    return token.split("_")[1]  # acc_<id>_<secret>


def _basic(client_id: str, secret: str) -> dict[str, str]:
    pair = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def _token(hub: Hub, data: str | bytes, headers: dict[str, str] | None = None) -> Any:
    return hub.client.post("/oauth/token", content=data, headers={**FORM, **(headers or {})})


def _error(response: Any, status: int, error: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["Cache-Control"] == "no-store"
    body: dict[str, Any] = response.json()
    assert body["error"] == error
    assert body["code"] == "OAUTH_" + error.upper()
    assert body["status"] == status
    assert body["error_description"] == body["detail"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    return body


def test_basic_client_gets_a_child_token_with_the_same_team_and_scopes(hub: Hub) -> None:
    response = _token(hub, "grant_type=client_credentials", _basic(_id(hub.orders), hub.orders))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Pragma"] == "no-cache"
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "Bearer"
    assert 3590 <= body["expires_in"] <= 3600
    assert body["scope"] == "read write"
    access = body["access_token"]
    assert access.startswith("acc_") and access != hub.orders
    created = hub.client.post("/v1/interfaces", headers=hub.auth(access),
                              json={"name": "orders", "kind": "openapi", "team": "orders"})
    assert created.status_code == 201
    with hub.db.read() as session:
        child = session.get(Token, _id(access))
    assert child is not None
    assert (child.parent_id, child.team_id, child.scopes) == (_id(hub.orders), "orders",
                                                              ["read", "write"])
    assert child.expires_at is not None
    assert child.secret_sha256 == hashlib.sha256(access.encode()).hexdigest()  # hashed only


def test_form_client_with_a_narrower_scope(hub: Hub) -> None:
    data = (f"grant_type=client_credentials&scope=read&client_id={_id(hub.orders)}"
            f"&client_secret={quote_plus(hub.orders)}")
    response = _token(hub, data)
    assert response.status_code == 200, response.text
    assert response.json()["scope"] == "read"
    access = response.json()["access_token"]
    assert hub.client.get("/v1/interfaces", headers=hub.auth(access)).status_code == 200
    refused = hub.client.post("/v1/interfaces", headers=hub.auth(access),
                              json={"name": "orders", "kind": "openapi", "team": "orders"})
    assert refused.status_code == 403


def test_invalid_request(hub: Hub) -> None:
    basic = _basic(_id(hub.orders), hub.orders)
    missing = _error(_token(hub, "scope=read", basic), 400, "invalid_request")
    assert "grant_type" in missing["detail"]
    as_json = hub.client.post("/oauth/token", json={"grant_type": "client_credentials"},
                              headers=basic)
    _error(as_json, 400, "invalid_request")
    repeated = _token(hub, "grant_type=client_credentials&grant_type=client_credentials",
                      basic)
    _error(repeated, 400, "invalid_request")
    twice = _token(hub, f"grant_type=client_credentials&client_secret={quote_plus(hub.orders)}",
                   basic)
    assert "both" in _error(twice, 400, "invalid_request")["hint"]
    not_utf8 = _token(hub, "grant_type=client_credentials&scope=%ff", basic)
    _error(not_utf8, 400, "invalid_request")


def test_invalid_client_is_401_with_basic_challenge(hub: Hub) -> None:
    attempts = [
        _token(hub, "grant_type=client_credentials", _basic(_id(hub.orders), hub.payments)),
        _token(hub, "grant_type=client_credentials", _basic("nobody", hub.orders)),
        _token(hub, "grant_type=client_credentials"),
        _token(hub, "grant_type=client_credentials", hub.auth()),
        _token(hub, "grant_type=client_credentials", {"Authorization": "Basic %%%"}),
        _token(hub, f"grant_type=client_credentials&client_id={_id(hub.orders)}"),
    ]
    for response in attempts:
        _error(response, 401, "invalid_client")
        assert response.headers["WWW-Authenticate"].startswith('Basic realm="accord"')
    # The wrong secret and the unknown client read alike.
    assert attempts[0].json()["detail"] == attempts[1].json()["detail"]
    with hub.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Token).where(
            Token.parent_id.is_not(None))) == 0


def test_invalid_grant_for_a_revoked_or_expired_client(hub: Hub) -> None:
    revoked = create_token(hub.db, team="orders", scopes=["read"]).secret
    expired = create_token(hub.db, team="orders", scopes=["read"]).secret
    with hub.db.write() as session:
        session.execute(update(Token).where(Token.id == _id(revoked))
                        .values(revoked_at=datetime.now(UTC)))
        session.execute(update(Token).where(Token.id == _id(expired))
                        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    for token in (revoked, expired):
        body = _error(_token(hub, "grant_type=client_credentials", _basic(_id(token), token)),
                      400, "invalid_grant")
        assert "revoked or expired" in body["detail"]


def test_unauthorized_client_and_unsupported_grant_type(hub: Hub) -> None:
    basic = _basic(_id(hub.orders), hub.orders)
    access = _token(hub, "grant_type=client_credentials", basic).json()["access_token"]
    _error(_token(hub, "grant_type=client_credentials", _basic(_id(access), access)), 400,
           "unauthorized_client")
    _error(_token(hub, "grant_type=password&username=a&password=b", basic), 400,
           "unsupported_grant_type")


def test_invalid_scope(hub: Hub) -> None:
    basic = _basic(_id(hub.orders), hub.orders)
    beyond = _error(_token(hub, "grant_type=client_credentials&scope=read+admin", basic), 400,
                    "invalid_scope")
    assert "admin" in beyond["detail"]
    _error(_token(hub, "grant_type=client_credentials&scope=delete", basic), 400,
           "invalid_scope")
    _error(_token(hub, "grant_type=client_credentials&scope=read%20%20write", basic), 400,
           "invalid_scope")
    # The bootstrap admin has no team: it mints admin tokens only.
    with hub.db.read() as session:
        admin_id = session.scalars(select(Token.id).where(Token.team_id.is_(None))).one()
    admin = _basic(admin_id, ADMIN)
    _error(_token(hub, "grant_type=client_credentials&scope=read", admin), 400,
           "invalid_scope")
    granted = _token(hub, "grant_type=client_credentials", admin)
    assert granted.status_code == 200 and granted.json()["scope"] == "admin"


def test_a_child_dies_with_its_parent(hub: Hub) -> None:
    parent = create_token(hub.db, team="orders", scopes=["read"]).secret
    children = [_token(hub, "grant_type=client_credentials", _basic(_id(parent), parent))
                .json()["access_token"] for _ in range(2)]
    for child in children:
        assert hub.client.get("/v1/teams", headers=hub.auth(child)).status_code == 200
    with hub.db.write() as session:
        session.execute(update(Token).where(Token.id == _id(parent))
                        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    for child in children:
        assert hub.client.get("/v1/teams", headers=hub.auth(child)).status_code == 401
    with hub.db.write() as session:
        session.execute(update(Token).where(Token.id == _id(parent))
                        .values(expires_at=None, revoked_at=datetime.now(UTC)))
    assert hub.client.get("/v1/teams", headers=hub.auth(children[0])).status_code == 401
    # The child's own expiry counts too.
    live = _token(hub, "grant_type=client_credentials", _basic(_id(hub.orders), hub.orders))
    access = live.json()["access_token"]
    with hub.db.write() as session:
        session.execute(update(Token).where(Token.id == _id(access))
                        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert hub.client.get("/v1/teams", headers=hub.auth(access)).status_code == 401


def test_lifetime_is_configurable_and_capped_by_the_client(db: Database) -> None:
    app = create_app(HubConfig(oauth_token_ttl=timedelta(minutes=5)), db=db)
    client = TestClient(app)
    registry.create_team(db, "orders", "Orders")
    long_lived = create_token(db, team="orders", scopes=["read"]).secret
    short_lived = create_token(db, team="orders", scopes=["read"]).secret
    with db.write() as session:
        session.execute(update(Token).where(Token.id == _id(short_lived))
                        .values(expires_at=datetime.now(UTC) + timedelta(seconds=90)))
    lives = []
    for token in (long_lived, short_lived):
        response = client.post("/oauth/token", content="grant_type=client_credentials",
                               headers={**FORM, **_basic(_id(token), token)})
        assert response.status_code == 200, response.text
        lives.append(response.json()["expires_in"])
    assert 290 <= lives[0] <= 300
    assert 80 <= lives[1] <= 90


def test_tokens_are_never_stored_as_idempotent_responses(hub: Hub) -> None:
    headers = {**_basic(_id(hub.orders), hub.orders), "Idempotency-Key": "same"}
    first = _token(hub, "grant_type=client_credentials", headers)
    second = _token(hub, "grant_type=client_credentials", headers)
    assert first.status_code == second.status_code == 200
    assert first.json()["access_token"] != second.json()["access_token"]
    assert "Idempotent-Replayed" not in second.headers
    with hub.db.read() as session:
        assert session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 0
