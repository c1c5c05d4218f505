"""``accord serve``: a real server process with its rate limit and JSON logs."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from accord.api import logs
from accord.api.ratelimit import DatabaseRateLimits
from accord.cli.hub import WORKER_SETTINGS, worker_app
from accord.store import Database

ADMIN = "serve-test-admin-token-0123456789"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_limits_each_credential_and_logs_json_lines(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "ACCORD_ADMIN_TOKEN": ADMIN, "ACCORD_RATE_LIMIT": "3/minute",
           "ACCORD_LOG_FORMAT": "json"}
    server = subprocess.Popen(
        [sys.executable, "-m", "accord", "serve", "--port", str(port),
         "--database-url", f"sqlite:///{tmp_path / 'hub.db'}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("accord serve did not start")
            time.sleep(0.1)
        headers = {"Authorization": f"Bearer {ADMIN}"}
        window = 60 - time.time() % 60
        if window < 5:  # keep the four requests in one rate-limit window
            time.sleep(window + 0.05)
        statuses = [httpx.get(f"{base}/v1/teams", headers=headers).status_code
                    for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
    finally:
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=30)
    lines = [json.loads(line) for line in stderr.splitlines() if line.strip()]
    access = [line for line in lines if line["logger"] == "accord.access"]
    teams = [line for line in access if line["route"] == "/v1/teams"]
    assert [line["status"] for line in teams] == [200, 200, 200, 429]
    assert teams[3]["code"] == "RATE_LIMITED"
    assert all(line["token_id"].startswith("admin-") for line in teams[:3])
    assert not [line for line in lines if line["logger"] == "uvicorn.access"]
    assert any("accord hub on" in line["message"] for line in lines)
    assert ADMIN not in stderr


def test_worker_processes_build_their_app_from_the_settings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    Database(url).upgrade()
    monkeypatch.setenv(WORKER_SETTINGS, json.dumps({
        "database_url": url, "rate_limit": "10/second", "rate_limit_storage": "database",
        "log_format": "text", "log_level": "warning"}))
    configured = []
    monkeypatch.setattr(logs, "configure_logging", lambda *a: configured.append(a))
    app = worker_app()
    try:
        limits = app.state.rate_limits
        assert isinstance(limits, DatabaseRateLimits)
        assert (limits.policy.limit, limits.policy.window) == (10, 1)
        assert app.state.hub.db.url == url
        assert configured == [("text", "warning")]
    finally:
        app.state.hub.db.dispose()
