"""Long work as jobs: 202 + Location, polling, owner-only visibility, interruption."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from accord.api import HubConfig, batch, create_app
from accord.core.errors import AccordError, ErrorCode
from accord.services.jobs import JobRunner, new_job_id, orphaned
from accord.store import Database, Job
from tests.api.conftest import ADMIN, EXAMPLES, Hub

JOB_ID = re.compile(r"^job_[0-9A-HJKMNP-TV-Z]{26}$")


@pytest.fixture
def jobs_hub(hub: Hub) -> Iterator[Hub]:
    yield hub
    hub.app.state.jobs.shutdown(timeout=10)


def _token_id(secret: str) -> str:
    return secret.split("_")[1]


def _poll(hub: Hub, location: str, token: str | None = None,
          timeout: float = 30.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        response = hub.client.get(location, headers=hub.auth(token))
        assert response.status_code == 200, response.text
        if response.json()["status"] in ("succeeded", "failed"):
            return response
        assert response.headers["Retry-After"] == "1"
        assert time.monotonic() < deadline, "the job did not finish in time"
        time.sleep(0.1)  # well inside the hub's rate limit


def test_respond_async_answers_202_and_the_job_holds_the_result(jobs_hub: Hub) -> None:
    hub = jobs_hub
    document = (EXAMPLES / "orders-v1.yaml").read_text()
    items = [{"team": "orders", "interface": {"name": "orders", "kind": "openapi"},
              "document": document, "filename": "orders-v1.yaml"},
             {"team": "payments", "interface": {"name": "payments", "kind": "openapi"}}]
    response = hub.client.post("/v1/imports", json={"items": items},
                               headers={**hub.auth(), "Prefer": "respond-async, wait=5"})
    assert response.status_code == 202, response.text
    assert response.headers["Preference-Applied"] == "respond-async"
    job = response.json()
    assert JOB_ID.match(job["id"])
    assert response.headers["Location"] == f"/v1/jobs/{job['id']}"
    assert job["type"] == "import"
    assert job["status"] in ("queued", "running", "succeeded")
    assert job["progress"]["total"] == 2

    done = _poll(hub, response.headers["Location"])
    assert "Retry-After" not in done.headers
    finished = done.json()
    assert finished["status"] == "succeeded"
    assert finished["problem"] is None
    assert finished["finished_at"] is not None
    assert finished["progress"] == {"done": 2, "total": 2}
    result = finished["result"]
    assert result["summary"] == {"items": 2, "succeeded": 1, "failed": 1}
    assert result["data"][0]["status"] == 201
    assert result["data"][0]["version"] == "1.0.0"
    assert result["data"][1]["status"] == 403
    assert result["data"][1]["problem"]["code"] == "FORBIDDEN"
    # The work was done: the version is there.
    assert hub.client.get("/v1/interfaces/orders/versions/1.0.0",
                          headers=hub.auth()).status_code == 200
    # The job row holds no document content.
    with hub.db.read() as session:
        row = session.get(Job, job["id"])
        assert row is not None and row.owner == _token_id(hub.orders)
        stored = repr((row.result, row.progress, row.problem))
    assert "openapi:" not in stored and "/orders/{order_id}" not in stored


def test_a_large_batch_runs_as_a_job_without_being_asked(jobs_hub: Hub,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    hub = jobs_hub
    items = [{"team": "orders", "interface": {"name": f"api-{i:02d}", "kind": "openapi"}}
             for i in range(11)]
    response = hub.client.post("/v1/imports", json={"items": items}, headers=hub.auth())
    assert response.status_code == 202
    assert "Preference-Applied" not in response.headers
    result = _poll(hub, response.headers["Location"]).json()["result"]
    assert result["summary"] == {"items": 11, "succeeded": 11, "failed": 0}
    assert [d["interface"] for d in result["data"]] == [f"IF-{n:03d}" for n in range(1, 12)]
    # Ten items run in the request.
    ten = hub.client.post("/v1/imports", headers=hub.auth(), json={"items": [
        {"team": "orders", "interface": {"name": f"api-{i:02d}", "kind": "openapi"}}
        for i in range(10)]})
    assert ten.status_code == 200
    assert ten.json()["summary"]["succeeded"] == 10
    # So do small documents; more bytes than the limit make a job.
    monkeypatch.setattr(batch, "ASYNC_BYTES", 1000)
    big = hub.client.post("/v1/imports", headers=hub.auth(), json={"items": [
        {"team": "orders", "interface": {"name": "orders", "kind": "openapi"},
         "document": (EXAMPLES / "orders-v1.yaml").read_text()}]})
    assert big.status_code == 202
    assert _poll(hub, big.headers["Location"]).json()["result"]["data"][0]["status"] == 201


def test_only_the_creating_token_or_an_admin_sees_a_job(jobs_hub: Hub) -> None:
    hub = jobs_hub
    runner: JobRunner = hub.app.state.jobs
    release = threading.Event()

    def work(progress: Any) -> dict[str, Any]:
        progress(1, 3)
        assert release.wait(20)
        return {"answer": 42}

    row = runner.submit("test", _token_id(hub.orders), work, total=3)
    location = f"/v1/jobs/{row.id}"
    deadline = time.monotonic() + 10
    while (seen := hub.client.get(location, headers=hub.auth())).json()["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert seen.headers["Retry-After"] == "1"
    assert seen.json()["result"] is None
    while seen.json()["progress"] != {"done": 1, "total": 3}:
        assert time.monotonic() < deadline
        time.sleep(0.05)
        seen = hub.client.get(location, headers=hub.auth())
    for stranger in (hub.payments, hub.reader):
        hidden = hub.client.get(location, headers=hub.auth(stranger))
        assert hidden.status_code == 404
        assert hidden.json()["code"] == "NOT_FOUND"
    assert hidden.json()["detail"] == f"job {row.id!r} does not exist"  # as if there were none
    unknown = hub.client.get(f"/v1/jobs/{new_job_id()}", headers=hub.auth())
    assert unknown.status_code == 404
    assert hub.client.get(location).status_code == 401
    assert hub.client.get(location, headers=hub.auth(ADMIN)).status_code == 200

    release.set()
    done = _poll(hub, location)
    assert done.json()["result"] == {"answer": 42}
    assert done.json()["status"] == "succeeded"


def test_a_failing_job_keeps_its_problem(db: Database) -> None:
    from accord.api.errors import problem_of

    db.upgrade()
    runner = JobRunner(db, render_problem=lambda e: problem_of(e).to_dict())
    try:
        def refused(progress: Any) -> dict[str, Any]:
            raise AccordError(ErrorCode.CONFLICT, "not now", hint="later")

        def broken(progress: Any) -> dict[str, Any]:
            raise KeyError("secret-key-name")

        first = runner.submit("test", "owner", refused)
        second = runner.submit("test", "owner", broken)
        assert runner.wait(first.id, 10) and runner.wait(second.id, 10)
        conflict, internal = runner.get(first.id), runner.get(second.id)
        assert conflict is not None and internal is not None
        assert conflict.status == "failed" and conflict.result is None
        assert conflict.problem is not None
        assert (conflict.problem["code"], conflict.problem["status"]) == ("CONFLICT", 409)
        assert conflict.problem["hint"] == "later"
        assert internal.status == "failed" and internal.problem is not None
        assert (internal.problem["code"], internal.problem["status"]) == ("INTERNAL", 500)
        assert "secret-key-name" not in repr(internal.problem)
    finally:
        runner.shutdown(timeout=5)


def test_a_new_start_fails_the_jobs_a_stopped_process_left(hub: Hub) -> None:
    host = socket.gethostname()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(gone.stdout)
    owner = _token_id(hub.orders)
    rows = {
        "job_dead": ("running", f"{host}:{dead_pid}"),
        "job_no_runner": ("queued", None),
        "job_alive": ("running", f"{host}:1"),  # pid 1 lives on
        # This pid, but no runner of this process has it: a restarted container's
        # predecessor (same host name, same pid).
        "job_same_pid": ("running", f"{host}:{os.getpid()}"),
        "job_other_host": ("running", "elsewhere.example:4242"),
        "job_finished": ("succeeded", f"{host}:{dead_pid}"),
    }
    with hub.db.write() as session:
        for job_id, (status, runner) in rows.items():
            session.add(Job(id=job_id, type="import", status=status, owner=owner,
                            runner=runner, progress={"done": 1, "total": 4}))

    # A job that a runner of this process is running right now is left alone.
    release = threading.Event()
    live = hub.app.state.jobs.submit("test", owner, lambda progress: {"ok": release.wait(20)})

    restarted = create_app(HubConfig(), db=hub.db)
    try:
        still = hub.app.state.jobs.get(live.id)
        assert still is not None and still.problem is None
        assert still.status in ("queued", "running")
        release.set()
        assert hub.app.state.jobs.wait(live.id, 10)
        with hub.db.read() as session:
            status = {job_id: session.get(Job, job_id).status  # type: ignore[union-attr]
                      for job_id in [*rows, live.id]}
        assert status == {live.id: "succeeded","job_dead": "failed", "job_no_runner": "failed",
                          "job_same_pid": "failed",
                          "job_alive": "running", "job_other_host": "running",
                          "job_finished": "succeeded"}
        seen = hub.client.get("/v1/jobs/job_dead", headers=hub.auth())
        assert "Retry-After" not in seen.headers
        job = seen.json()
        assert job["problem"]["code"] == "JOB_INTERRUPTED"
        assert job["problem"]["status"] == 503 and job["problem"]["retryable"] is True
        assert job["finished_at"] is not None and job["result"] is None
        assert job["progress"] == {"done": 1, "total": 4}
    finally:
        restarted.state.jobs.shutdown(timeout=5)


def test_shutdown_lets_running_jobs_finish_and_fails_queued_ones(db: Database) -> None:
    db.upgrade()
    runner = JobRunner(db, workers=1)
    started, release = threading.Event(), threading.Event()

    def slow(progress: Any) -> dict[str, Any]:
        started.set()
        assert release.wait(20)
        return {"ok": True}

    running = runner.submit("test", "owner", slow)
    queued = runner.submit("test", "owner", lambda progress: {"ok": True})
    assert started.wait(10)
    threading.Timer(0.2, release.set).start()
    runner.shutdown(timeout=10)
    finished, interrupted = runner.get(running.id), runner.get(queued.id)
    assert finished is not None and finished.status == "succeeded"
    assert interrupted is not None and interrupted.status == "failed"
    assert interrupted.problem is not None
    assert interrupted.problem["code"] == "JOB_INTERRUPTED"
    with pytest.raises(AccordError) as refused:
        runner.submit("test", "owner", lambda progress: {})
    assert refused.value.code is ErrorCode.JOB_INTERRUPTED


def test_job_ids_sort_by_creation_time() -> None:
    earlier, later = new_job_id(now=1_700_000_000.000), new_job_id(now=1_700_000_000.002)
    assert JOB_ID.match(earlier) and JOB_ID.match(later)
    assert earlier < later
    assert len({new_job_id() for _ in range(1000)}) == 1000


def test_orphaned_runners() -> None:
    me = "host-a:100"
    assert orphaned(None, me) and orphaned("", me)
    assert not orphaned("host-b:99999999", me), "another host's job is not ours to judge"
    assert orphaned(me, me), "this pid: only this process's runners know"
    assert orphaned("host-a:99999999", me), "no such process"


def test_a_check_runs_as_a_job_on_request_and_gives_the_same_result(jobs_hub: Hub) -> None:
    hub = jobs_hub
    hub.client.post("/v1/interfaces", json={"name": "orders", "kind": "openapi",
                                            "team": "orders"}, headers=hub.auth())
    assert hub.publish("orders", "orders-v1.yaml").status_code == 201  # type: ignore[attr-defined]
    body = {"interface": "orders", "document": (EXAMPLES / "orders-v1.2.yaml").read_text(),
            "filename": "orders-v1.2.yaml"}
    direct = hub.client.post("/v1/checks", json=body, headers=hub.auth())
    assert direct.status_code == 200, direct.text
    assert direct.json()["passed"] is False

    accepted = hub.client.post("/v1/checks", json=body,
                               headers={**hub.auth(), "Prefer": "respond-async"})
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["type"] == "check"
    done = _poll(hub, accepted.headers["Location"]).json()
    assert done["status"] == "succeeded"
    result = done["result"]
    assert result["passed"] is False
    assert result["compatibility"] == direct.json()["compatibility"]
    assert [p["code"] for p in result["problems"]] == \
        [p["code"] for p in direct.json()["problems"]]


def test_a_large_candidate_is_checked_as_a_job(jobs_hub: Hub,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.api import routes

    hub = jobs_hub
    monkeypatch.setattr(routes, "ASYNC_CHECK_BYTES", 100)
    body = {"interface": "unknown-interface",
            "document": (EXAMPLES / "orders-v1.yaml").read_text(), "filename": "o.yaml"}
    accepted = hub.client.post("/v1/checks", json=body, headers=hub.auth())
    assert accepted.status_code == 202, accepted.text
    assert "Preference-Applied" not in accepted.headers
    done = _poll(hub, accepted.headers["Location"]).json()
    # the job fails as the direct request would have: that interface does not exist
    assert done["status"] == "failed"
    assert done["problem"]["code"] == "NOT_FOUND"
    assert done["problem"]["status"] == 404
