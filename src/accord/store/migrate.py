"""Alembic migrations, run from the installed package (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

if TYPE_CHECKING:
    from accord.store.db import Database

SCRIPTS = Path(__file__).with_name("migrations")


def config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["engine"] = db.engine
    return cfg


def head() -> str | None:
    script = ScriptDirectory(str(SCRIPTS))
    return script.get_current_head()


def current(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database, target: str = "head") -> list[str]:
    """Upgrade to ``target``; the revisions applied, oldest first."""
    before = current(db)
    command.upgrade(config(db), target)
    script = ScriptDirectory(str(SCRIPTS))
    after = current(db)
    if after == before:
        return []
    return [rev.revision for rev in reversed(list(script.iterate_revisions(after, before)))]
