"""The hub under test, on SQLite and on the PostgreSQL of this machine.

Every API test runs against both databases (``hub`` is parametrised). PostgreSQL
is started when it is down; each test session works in a database of its own,
emptied between tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from accord.api import HubConfig, create_app
from accord.services import registry
from accord.services.tokens import create_token
from accord.store import Base, Database

ADMIN = "admin-secret-for-tests-0123456789"
PG_SERVER = os.environ.get("ACCORD_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "openapi"


def _postgres_up() -> bool:
    import psycopg

    try:
        psycopg.connect(PG_SERVER.replace("+psycopg", "") + "/test", connect_timeout=3).close()
        return True
    except psycopg.OperationalError:
        return False


def _start_postgres() -> None:
    root = Path("/etc/postgresql")
    versions = sorted(p.name for p in root.iterdir()) if root.is_dir() else []
    if versions and shutil.which("pg_ctlcluster"):
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main",
                        "start"], check=False, capture_output=True)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    if not _postgres_up():
        _start_postgres()
    if not _postgres_up():
        pytest.fail("PostgreSQL is not running on 127.0.0.1:5432 and could not be started")
    import psycopg

    name = f"accord_test_{uuid.uuid4().hex[:8]}"
    admin_dsn = PG_SERVER.replace("+psycopg", "") + "/test"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_PG_DB: dict[str, Database] = {}


def _database(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    if request.param == "sqlite":
        return Database(f"sqlite:///{tmp_path / 'hub.db'}")
    url = request.getfixturevalue("postgres_url")
    db = _PG_DB.get(url)
    if db is None:
        db = _PG_DB[url] = Database(url)
        db.upgrade()
    tables = ", ".join(f'"{t.name}"' for t in reversed(Base.metadata.sorted_tables))
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} CASCADE"))
    return db


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    return _database(request, tmp_path)


class Hub:
    """A client of the hub under test, with tokens for two teams and an admin."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.app = create_app(HubConfig(admin_token=ADMIN), db=db)
        self.client = TestClient(self.app, raise_server_exceptions=False)
        registry.create_team(db, "orders", "Orders")
        registry.create_team(db, "payments", "Payments")
        self.orders = create_token(db, team="orders", scopes=["read", "write"]).secret
        self.payments = create_token(db, team="payments", scopes=["read", "write"]).secret
        self.reader = create_token(db, team="payments", scopes=["read"]).secret

    def auth(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.orders}"}

    def publish(self, interface: str, example: str, token: str | None = None,
                **extra: object) -> object:
        body = {"document": (EXAMPLES / example).read_text(), "filename": example, **extra}
        return self.client.post(f"/v1/interfaces/{interface}/versions", json=body,
                                headers=self.auth(token))


@pytest.fixture
def hub(db: Database) -> Iterator[Hub]:
    h = Hub(db)
    yield h
    h.client.close()
