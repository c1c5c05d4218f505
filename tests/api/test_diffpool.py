"""Large history checks in worker processes: the same report as in the hub's own
process, a fallback when a worker fails, and the workers' bounded cache."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accord.compat.modes import Mode
from accord.compat.report import check_history
from accord.core.change import Level
from accord.core.location import Location
from accord.kinds import load_kinds
from accord.services import diffpool, registry
from accord.services.candidate import Candidate
from accord.services.publish import Hub
from accord.store import Database
from tests.api.conftest import EXAMPLES


@pytest.fixture
def history(db: Database, tmp_path: Path) -> Hub:
    """Orders 1.0.0 and 1.1.0 published; 1.2.0 (which breaks 1.1.0) not yet."""
    db.upgrade()
    hub = Hub(db)
    registry.create_team(db, "orders")
    registry.create_interface(db, name="orders", kind="openapi", team_id="orders")
    for name in ("orders-v1.yaml", "orders-v1.1.yaml"):
        hub.publish("orders", Candidate((EXAMPLES / name).read_bytes(), name),
                    published_by="test")
    return hub


def _candidate() -> Candidate:
    return Candidate((EXAMPLES / "orders-v1.2.yaml").read_bytes(), "orders-v1.2.yaml")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Every history check goes to the workers; ``calls`` counts the pairs they diffed."""
    if diffpool.shared_pool() is None:
        pytest.skip("one usable core: no diff workers")
    monkeypatch.setattr(diffpool, "PARALLEL_BYTES", 0)
    seen: list[int] = []
    original = diffpool.DiffPool.diff

    def diff(self: diffpool.DiffPool, *args: Any, **kwargs: Any) -> Any:
        out = original(self, *args, **kwargs)
        seen.append(len(out))
        return out

    monkeypatch.setattr(diffpool.DiffPool, "diff", diff)
    yield seen


def _report(hub: Hub) -> dict[str, Any]:
    outcome = hub.evaluate("orders", _candidate())
    assert outcome.compatibility is not None
    return outcome.compatibility.to_dict()


def test_history_pairs_are_those_a_history_check_asks_for() -> None:
    for mode in Mode:
        for count in (2, 3, 6):
            asked: list[tuple[int, int]] = []

            def differ(i: int, j: int, asked: list[tuple[int, int]] = asked) -> list[Any]:
                asked.append((i, j))
                return []

            check_history(kind="openapi", labels=[str(i) for i in range(count)],
                          version_of=lambda i: f"1.{i}.0", mode=mode, fail_on=Level.BREAKING,
                          differ=differ, version_location=Location("", "x"))
            assert diffpool.history_pairs(mode, count) == asked, (mode, count)


def test_workers_report_what_the_hub_reports(history: Hub, calls: list[int],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    in_workers = _report(history)
    assert calls == [2]  # 1.1.0 and 1.0.0 against the candidate, in the workers
    monkeypatch.setattr(diffpool, "PARALLEL_BYTES", 1 << 62)
    here = _report(history)
    assert calls == [2]
    assert in_workers == here
    assert in_workers["incompatible_with"] == ["IF-001@1.1.0", "IF-001@1.0.0"]
    assert any(c["level"] == "breaking" for c in in_workers["changes"])


def test_a_failing_pool_falls_back_to_this_process(history: Hub, calls: list[int],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _report(history)

    def broken(self: diffpool.DiffPool, *args: Any, **kwargs: Any) -> Any:
        raise diffpool.PoolFailed("a worker died")

    monkeypatch.setattr(diffpool.DiffPool, "diff", broken)
    assert _report(history) == expected


def test_a_dead_worker_is_replaced(history: Hub, calls: list[int]) -> None:
    expected = _report(history)
    pool = diffpool.shared_pool()
    assert pool is not None
    for executor in pool._executors:  # kill the workers: the next diff finds them dead
        if executor is not None:
            for process in list(executor._processes.values()):
                process.kill()
                process.join()
    assert _report(history) == expected  # diffed here after the failure
    assert _report(history) == expected  # and in new workers again
    assert calls[-1] == 2


def test_the_worker_cache_keeps_its_budget(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    kind = load_kinds()["openapi"]
    stored = []
    for index, name in enumerate(("orders-v1.yaml", "orders-v1.1.yaml", "orders-v1.2.yaml")):
        path = tmp_path / name
        path.write_bytes((EXAMPLES / name).read_bytes())
        stored.append(diffpool.Stored(index, f"digest-{index}", str(path), name,
                                      f"IF-001@1.{index}.0", path.stat().st_size))
    monkeypatch.setattr(diffpool, "WORKER_CACHE_BYTES", stored[0].size + stored[1].size)
    monkeypatch.setattr(diffpool, "_parsed", type(diffpool._parsed)())
    frozen = gc.get_freeze_count()
    try:
        first = diffpool._load(kind, stored[:2])
        assert first[0].source == "IF-001@1.0.0" and first[1].source == "IF-001@1.1.0"
        assert gc.get_freeze_count() > frozen  # parsed versions are out of the collector's way
        again = diffpool._load(kind, stored[1:2])
        assert again[1] is first[1]  # from the cache
        diffpool._load(kind, stored[2:])  # over budget: the least recently used goes
        assert [key[2] for key in diffpool._parsed] == ["IF-001@1.1.0", "IF-001@1.2.0"]
    finally:
        gc.unfreeze()
