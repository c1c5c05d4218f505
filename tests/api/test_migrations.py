"""The migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from accord.store import Base, Database


def _drift(db: Database) -> list[object]:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_fresh_sqlite_database_matches_the_models(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'hub.db'}")
    applied = db.upgrade()
    assert applied[0] == "0001"
    assert db.current_revision() == applied[-1]
    assert _drift(db) == []
    assert db.upgrade() == []  # nothing left to apply
    db.dispose()


def test_postgresql_database_matches_the_models(postgres_url):
    db = Database(postgres_url)
    try:
        db.upgrade()
        assert _drift(db) == []
    finally:
        db.dispose()


def test_downgrade_to_base_and_back(tmp_path):
    from alembic import command

    from accord.store.migrate import config

    db = Database(f"sqlite:///{tmp_path / 'hub.db'}")
    db.upgrade()
    command.downgrade(config(db), "base")
    assert db.current_revision() is None
    db.upgrade()
    assert _drift(db) == []
    db.dispose()
