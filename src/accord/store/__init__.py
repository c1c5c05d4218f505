"""Persistence of the hub: SQLAlchemy models, the database, Alembic migrations.

SQLite (embedded, WAL) by default, PostgreSQL for production; the same schema
and migrations for both. Imports only ``accord.core``; the use cases that read
and write these tables live in ``accord.services``.
"""

from __future__ import annotations

from accord.store.db import Database, default_database_url
from accord.store.models import (
    Base,
    ContractVersion,
    Document,
    IdempotencyRecord,
    Interface,
    InterfaceConsumer,
    Job,
    Participant,
    RateLimitCounter,
    Team,
    Token,
)

__all__ = [
    "Base",
    "ContractVersion",
    "Database",
    "Document",
    "IdempotencyRecord",
    "Interface",
    "InterfaceConsumer",
    "Job",
    "Participant",
    "RateLimitCounter",
    "Team",
    "Token",
    "default_database_url",
]
