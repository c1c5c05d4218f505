"""The database: engine set-up for SQLite and PostgreSQL, sessions, migrations.

SQLite is the embedded default: one file, WAL journal (readers never wait for
the writer), foreign keys on, and write transactions that take the write lock
when they begin (``BEGIN IMMEDIATE``), so two writers queue instead of failing
half-way with "database is locked". PostgreSQL needs nothing special: row locks
(``SELECT ... FOR UPDATE``) serialise what must be serialised.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import orjson
from sqlalchemy import Engine, Select, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from accord.core.errors import AccordError, ErrorCode

_WRITE = "accord_write"
#: Connections a file database keeps open (the server's worker threads share them).
SQLITE_POOL_SIZE = 40
_T = TypeVar("_T")


def default_database_url() -> str:
    """SQLite in the user's data directory (created on first start)."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("accord", appauthor=False))
    return f"sqlite:///{folder / 'hub.db'}"


def _json_loads(text: str | bytes) -> Any:
    """JSON columns as read back: orjson (several times faster than the standard
    library on the stored reports), the standard library for what orjson refuses
    (``NaN``, which ``json.dumps`` writes)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Transactions are begun by the "begin" hook below, not by the driver.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """One database of the hub: engines and session factories for reads and writes."""

    def __init__(self, url: str | None = None, *, echo: bool = False) -> None:
        self.url = url or default_database_url()
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        options: dict[str, Any] = {"echo": echo, "json_deserializer": _json_loads}
        if self.dialect == "sqlite":
            database = parsed.database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
                # Enough connections for the server's threads: a connection past the
                # pool is closed on return and the next one pays connect + PRAGMAs.
                options.update(pool_size=SQLITE_POOL_SIZE, max_overflow=SQLITE_POOL_SIZE)
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        elif self.dialect == "postgresql":
            options.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        else:
            raise AccordError(
                ErrorCode.USAGE, f"unsupported database {parsed.get_backend_name()!r}",
                hint="use sqlite:///path/to/hub.db or postgresql+psycopg://user@host/db")
        try:
            self.engine = create_engine(self.url, **options)
        except ModuleNotFoundError as exc:
            raise AccordError(ErrorCode.USAGE, f"the database driver is not installed: {exc.name}",
                              hint="pip install 'psycopg[binary]' for PostgreSQL") from None
        if self.dialect == "sqlite":
            _sqlite_setup(self.engine)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(**{_WRITE: True}),
                                   expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Database({self.display_url!r})"

    @property
    def display_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading (no write lock on SQLite)."""
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits when the block ends and rolls back on error."""
        with self._write() as session, session.begin():
            yield session

    def lock_for_update(self, statement: Select[_T]) -> Select[_T]:
        """``statement`` with ``FOR UPDATE`` where the database has row locks
        (SQLite's write transaction already holds the whole database)."""
        return statement.with_for_update() if self.dialect == "postgresql" else statement

    def upgrade(self) -> list[str]:
        """Apply pending migrations; returns the revisions applied."""
        from accord.store.migrate import upgrade

        return upgrade(self)

    def current_revision(self) -> str | None:
        from accord.store.migrate import current

        return current(self)

    def dispose(self) -> None:
        self.engine.dispose()
