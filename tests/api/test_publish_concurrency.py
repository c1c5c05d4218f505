"""Concurrent publishes: never two versions with one number, never a half-written one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from accord.core.errors import AccordError, ErrorCode
from accord.services import registry
from accord.services.candidate import Candidate
from accord.services.publish import Hub
from accord.store import ContractVersion, Database, Document
from tests.api.conftest import EXAMPLES


def test_racing_publishes_of_one_version_number_store_exactly_one(db: Database) -> None:
    db.upgrade()
    registry.create_team(db, "orders")
    interface = registry.create_interface(db, name="orders", kind="openapi", team_id="orders")
    hub = Hub(db)
    base = (EXAMPLES / "orders-v1.yaml").read_bytes()
    hub.publish(interface.id, Candidate(base, "orders.yaml"), published_by="t")
    # Eight different documents (a comment apart), all claiming version 1.1.0.
    candidates = [Candidate((EXAMPLES / "orders-v1.1.yaml").read_bytes() + f"# {i}\n".encode(),
                            "orders.yaml") for i in range(8)]

    def attempt(candidate: Candidate) -> str:
        try:
            hub.publish(interface.id, candidate, published_by="t")
            return "stored"
        except AccordError as exc:
            return str(exc.code)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(attempt, candidates))
    assert results.count("stored") == 1, results
    assert set(results) <= {"stored", str(ErrorCode.VERSION_EXISTS)}
    with db.read() as session:
        versions = list(session.scalars(select(ContractVersion.version).where(
            ContractVersion.interface_id == interface.id).order_by(ContractVersion.seq)))
        documents = session.scalar(select(func.count()).select_from(Document))
    assert versions == ["1.0.0", "1.1.0"]
    assert documents == 2  # no orphan document from a losing attempt


def test_a_failure_inside_the_write_leaves_nothing(db: Database,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db.upgrade()
    registry.create_team(db, "orders")
    interface = registry.create_interface(db, name="orders", kind="openapi", team_id="orders")
    hub = Hub(db)

    import accord.services.publish as publish

    monkeypatch.setattr(publish, "ContractVersion", _Exploding)
    with pytest.raises(RuntimeError):
        hub.publish(interface.id, Candidate((EXAMPLES / "orders-v1.yaml").read_bytes(),
                                            "orders.yaml"), published_by="t")
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0
        assert session.scalar(select(func.count()).select_from(ContractVersion)) == 0


class _Exploding(ContractVersion):
    """A version row whose insert fails after the document row was written."""

    def __init__(self, **kwargs: object) -> None:
        raise RuntimeError("disk full")
