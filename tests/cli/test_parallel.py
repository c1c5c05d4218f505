"""History checks run on several processes and agree with one process."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from accord.cli import parallel
from accord.core import AccordError, ErrorCode, Location
from tests.cli.conftest import EXAMPLES


def _history(tmp_path: Path) -> list[Path]:
    """Five versions, so that the check has four earlier ones (enough for workers)."""
    names = ["orders-v1.yaml", "orders-v1.yaml", "orders-v1.1.yaml", "orders-v1.1.yaml",
             "orders-v1.2.yaml"]
    out = []
    for i, name in enumerate(names):
        target = tmp_path / f"v{i}.yaml"
        shutil.copy(EXAMPLES / name, target)
        out.append(target)
    return out


def test_workers_and_one_process_agree(run, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    files = _history(tmp_path)
    calls: list[int] = []
    original = parallel.run_all

    def spy(task, indices):
        calls.append(len(indices))
        return original(task, indices)

    monkeypatch.setattr("accord.cli.diff.run_all", spy)
    together = run("diff", *files, "--mode", "FULL_TRANSITIVE", "--format", "json")
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    alone = run("diff", *files, "--mode", "FULL_TRANSITIVE", "--format", "json")
    assert calls == [4, 4]
    assert together.exit_code == alone.exit_code == 1
    assert together.json() == alone.json()
    assert together.json()["incompatible_with"] == [str(f) for f in reversed(files[:-1])]


def test_an_error_in_a_worker_reaches_the_user(run, tmp_path: Path) -> None:
    files = _history(tmp_path)
    files[0].write_text("openapi: 3.0.3\ninfo: {title: x, version: 1.0.0}\npaths: [\n")
    res = run("diff", *files, "--mode", "BACKWARD_TRANSITIVE", "--format", "json")
    assert res.exit_code == 2
    error = res.json()["error"]
    assert error["code"] == "INVALID_SYNTAX" and error["location"]["file"] == str(files[0])


def test_errors_cross_process_boundaries() -> None:
    error = AccordError(ErrorCode.UNRESOLVABLE_REF, "no such ref",
                        location=Location("/a", "f.yaml", 3, 4), hint="fix it")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.message, copy.location, copy.hint) == (
        error.code, error.message, error.location, error.hint)


def test_few_tasks_run_here() -> None:
    seen = list(parallel.run_all(lambda i: parallel.Outcome(i, None, {}), [2, 1]))
    assert [o.index for o in seen] == [2, 1]
