"""A real hub for the client's tests: uvicorn on a free 127.0.0.1 port in a thread,
a SQLite database of its own, teams and tokens made through the services."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from accord.api import HubConfig, create_app
from accord.cli.app import app
from accord.services import registry
from accord.services.candidate import Candidate
from accord.services.tokens import create_token
from accord.store import Database

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
ADMIN = "admin-secret-for-client-tests-0123456789"


class LiveHub:
    """The hub, served over a real socket."""

    def __init__(self, folder: Path) -> None:
        self.db = Database(f"sqlite:///{folder / 'hub.db'}")
        self.app = create_app(HubConfig(admin_token=ADMIN), db=self.db)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(self.app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]},
                                       daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the hub did not start")
            time.sleep(0.01)
        self.admin = ADMIN
        for team in ("payments", "checkout", "finance-platform", "orders"):
            registry.create_team(self.db, team, team.replace("-", " ").title())
        # The example manifests name these consumers; an import does not create them.
        for consumer in ("checkout-web", "mobile-app", "orders-api"):
            registry.create_participant(self.db, consumer, "checkout")
        self.payments = create_token(self.db, team="payments", scopes=["read", "write"]).secret
        self.checkout = create_token(self.db, team="checkout", scopes=["read", "write"]).secret
        self.finance = create_token(self.db, team="finance-platform",
                                    scopes=["read", "write"]).secret
        self.orders = create_token(self.db, team="orders", scopes=["read", "write"]).secret
        self.reader = create_token(self.db, team="payments", scopes=["read"]).secret

    def interface(self, name: str, team: str, **fields: Any) -> str:
        row = registry.create_interface(self.db, name=name, kind="openapi", team_id=team,
                                        fields=fields)
        return row.id

    def publish(self, interface: str, path: Path) -> None:
        self.app.state.hub.publish(interface, Candidate(path.read_bytes(), path.name),
                                   published_by="tests")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries of unreachable hubs without the wait (HubClient's own tests set theirs)."""
    import accord.cli.hubclient

    monkeypatch.setattr(accord.cli.hubclient, "BACKOFF", 0.0)


@pytest.fixture
def live_hub(tmp_path: Path) -> Iterator[LiveHub]:
    hub = LiveHub(tmp_path)
    yield hub
    hub.stop()


@pytest.fixture(scope="module")
def shared_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHub]:
    """One hub for a module whose tests do not change it."""
    hub = LiveHub(tmp_path_factory.mktemp("hub"))
    yield hub
    hub.stop()


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


Run = Callable[..., Result]


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def accord(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """``accord ARGS`` in-process; no hub or token from the environment unless given."""
    monkeypatch.delenv("ACCORD_HUB_URL", raising=False)
    monkeypatch.delenv("ACCORD_TOKEN", raising=False)
    monkeypatch.setenv("ACCORD_CONFIG_DIR", str(config_dir))
    runner = CliRunner()

    def invoke(*args: str | Path, env: dict[str, str] | None = None,
               input: str | None = None) -> Result:
        res = runner.invoke(app, [str(a) for a in args], env=env, input=input,
                            catch_exceptions=False)
        return Result(res.exit_code, res.stdout, res.stderr)

    return invoke
