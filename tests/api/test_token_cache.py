"""Remembered tokens: no query for a token checked a moment ago, revocation through
this process at once, through another process within ``TTL_SECONDS``, expiry exact."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, update

from accord.services import registry, token_cache
from accord.services.tokens import Principal, authenticate, create_token
from accord.store import Database, Token
from tests.api.conftest import Hub


def _id(secret: str) -> str:
    return secret.split("_")[1]


@pytest.fixture
def queries(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


def _token(db: Database) -> str:
    db.upgrade()
    registry.create_team(db, "orders")
    return create_token(db, team="orders", scopes=["read"]).secret


def _elsewhere(db: Database) -> Database:
    """Another Database on the same data: what another process or replica would do."""
    return Database(db.url)


def test_a_token_checked_a_moment_ago_needs_no_query(db: Database,
                                                     queries: list[str]) -> None:
    secret = _token(db)
    first = authenticate(db, secret)
    assert isinstance(first, Principal) and first.team == "orders"
    queries.clear()
    assert authenticate(db, secret) == first
    assert token_cache.remembered(db, secret) == first
    assert not [q for q in queries if "tokens" in q]
    assert authenticate(db, secret + "x") is None  # failures are looked up, never remembered
    assert [q for q in queries if "tokens" in q]
    assert authenticate(db, secret + "x") is None


def test_a_revocation_here_counts_at_once(db: Database) -> None:
    secret = _token(db)
    assert authenticate(db, secret) is not None
    with db.write() as session:
        session.execute(update(Token).where(Token.id == _id(secret))
                        .values(revoked_at=datetime.now(UTC)))
    assert token_cache.remembered(db, secret) is None
    assert authenticate(db, secret) is None


def test_a_rolled_back_change_keeps_what_is_remembered(db: Database) -> None:
    secret = _token(db)
    known = authenticate(db, secret)
    with pytest.raises(RuntimeError), db.write() as session:
        session.execute(update(Token).where(Token.id == _id(secret))
                        .values(revoked_at=datetime.now(UTC)))
        raise RuntimeError("abort")
    assert token_cache.remembered(db, secret) == known
    assert authenticate(db, secret) == known


def test_a_revocation_elsewhere_counts_within_the_bound(db: Database,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(token_cache, "TTL_SECONDS", 0.5)
    secret = _token(db)
    assert authenticate(db, secret) is not None
    other = _elsewhere(db)
    try:
        with other.write() as session:
            session.execute(update(Token).where(Token.id == _id(secret))
                            .values(revoked_at=datetime.now(UTC)))
    finally:
        other.dispose()
    assert authenticate(db, secret) is not None  # remembered: this process did not see it
    time.sleep(0.6)
    assert authenticate(db, secret) is None


def test_an_expiry_counts_exactly(db: Database) -> None:
    secret = _token(db)
    other = _elsewhere(db)
    try:
        with other.write() as session:
            session.execute(update(Token).where(Token.id == _id(secret))
                            .values(expires_at=datetime.now(UTC) + timedelta(seconds=0.4)))
    finally:
        other.dispose()
    assert authenticate(db, secret) is not None
    time.sleep(0.5)
    assert token_cache.remembered(db, secret) is None
    assert authenticate(db, secret) is None


def test_the_api_refuses_a_token_revoked_elsewhere_within_the_bound(
        hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(token_cache, "TTL_SECONDS", 0.5)
    assert hub.client.get("/v1/interfaces", headers=hub.auth()).status_code == 200
    other = _elsewhere(hub.db)
    try:
        with other.write() as session:
            session.execute(update(Token).where(Token.id == _id(hub.orders))
                            .values(revoked_at=datetime.now(UTC)))
    finally:
        other.dispose()
    deadline = time.monotonic() + 0.5 + 0.5
    while hub.client.get("/v1/interfaces", headers=hub.auth()).status_code == 200:
        assert time.monotonic() < deadline, "a revoked token outlived the bound"
        time.sleep(0.05)
    refused = hub.client.get("/v1/interfaces", headers=hub.auth())
    assert refused.status_code == 401 and refused.json()["code"] == "UNAUTHENTICATED"


def test_remembered_tokens_are_bounded() -> None:
    recent: token_cache.RecentTokens[str] = token_cache.RecentTokens(max_entries=2)
    for name in ("a", "b", "c"):
        recent.put(name, name.upper(), None)
    assert recent.get("a") is None  # the least recently used went first
    assert recent.get("b") == "B" and recent.get("c") == "C"
    recent.put("d", "D", datetime.now(UTC) - timedelta(seconds=1))  # already expired
    assert recent.get("d") is None
    recent.forget("b")
    assert recent.get("b") is None and recent.get("c") == "C"
