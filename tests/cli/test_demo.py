"""``accord serve --demo``: the example services fill a fresh hub."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from accord.api import HubConfig, create_app
from accord.cli.demo import EXAMPLES, history, load_demo
from accord.store import Database

ADMIN = "demo-admin-token-for-tests-0123456789"


def test_the_demo_publishes_each_history_and_the_gate_refuses_the_break(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'hub.db'}")
    app = create_app(HubConfig(admin_token=ADMIN, rate_limit="off"), db=db)
    summary = load_demo(app)
    assert summary.teams == ["checkout", "finance-platform", "payments"]
    assert summary.participants == ["checkout-web", "ledger-service", "mobile-app",
                                    "orders-api", "payments-api"]
    outcomes = [(line.name, line.version, line.outcome) for line in summary.lines]
    assert outcomes == [
        ("ledger", "1.0.0", "published"),
        ("orders", "1.0.0", "published"), ("orders", "1.1.0", "published"),
        ("payments", "1.0.0", "published"), ("payments", "1.1.0", "published"),
        ("payments", "2.0.0", "refused: INCOMPATIBLE_CHANGE"),
    ]
    assert summary.warnings == []

    with TestClient(app) as client:
        listed = client.get("/v1/interfaces", headers={"Authorization": f"Bearer {ADMIN}"})
        assert listed.status_code == 200
        consumers = {i["name"]: i["consumers"] for i in listed.json()["data"]}
        # linked from both sides: the providers' consumers: and the consumers' consumes:
        assert consumers == {"ledger": ["payments-api"],
                             "orders": ["checkout-web", "mobile-app"],
                             "payments": ["checkout-web", "orders-api"]}

    again = load_demo(app)  # a second load finds everything in place
    assert again.teams == []
    assert [line.outcome for line in again.lines][:5] == ["unchanged"] * 5
    db.dispose()


def test_history_orders_the_versions_beside_the_released_contract() -> None:
    payments = EXAMPLES / "payments" / "openapi"
    assert [p.name for p in history(payments / "payments-v1.1.0.yaml")] == [
        "payments-v1.0.0.yaml", "payments-v1.1.0.yaml", "payments-v2.0.0.yaml"]
    unversioned = Path("/nowhere/contract.yaml")
    assert history(unversioned) == [unversioned]
