"""``accord serve --demo``: the example services fill a fresh hub."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from accord.api import HubConfig, create_app
from accord.cli.demo import EXAMPLES, history, load_demo, manifests
from accord.store import Database

ADMIN = "demo-admin-token-for-tests-0123456789"


def test_the_demo_publishes_each_history_and_the_gate_refuses_the_break(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'hub.db'}")
    app = create_app(HubConfig(admin_token=ADMIN, rate_limit="off"), db=db)
    summary = load_demo(app)
    assert summary.teams == ["checkout", "finance-platform", "payments"]
    assert summary.participants == ["checkout-web", "ledger-service", "mobile-app",
                                    "orders-api", "payments-api", "storefront-api"]
    outcomes = [(line.name, line.version, line.outcome) for line in summary.lines]
    assert outcomes == [
        ("ledger", "1.0.0", "published"),
        ("orders", "1.0.0", "published"), ("orders", "1.1.0", "published"),
        ("payments", "1.0.0", "published"), ("payments", "1.1.0", "published"),
        ("payments", "2.0.0", "refused: INCOMPATIBLE_CHANGE"),
        # GraphQL declares no version: the file names give them.
        ("storefront", "1.0.0", "published"), ("storefront", "1.1.0", "published"),
    ]
    assert summary.warnings == []

    with TestClient(app) as client:
        listed = client.get("/v1/interfaces", headers={"Authorization": f"Bearer {ADMIN}"})
        assert listed.status_code == 200
        consumers = {i["name"]: i["consumers"] for i in listed.json()["data"]}
        # linked from both sides: the providers' consumers: and the consumers' consumes:
        assert consumers == {"ledger": ["payments-api"],
                             "orders": ["checkout-web", "mobile-app", "storefront-api"],
                             "payments": ["checkout-web", "orders-api"],
                             "storefront": ["checkout-web", "mobile-app"]}
        kinds = {i["name"]: i["kind"] for i in listed.json()["data"]}
        assert kinds["storefront"] == "graphql"

    again = load_demo(app)  # a second load finds everything in place
    assert again.teams == []
    assert [line.outcome for line in again.lines][:5] == ["unchanged"] * 5
    assert [line.outcome for line in again.lines][-2:] == ["unchanged"] * 2
    db.dispose()


def test_history_orders_the_versions_beside_the_released_contract() -> None:
    payments = EXAMPLES / "payments" / "openapi"
    assert [p.name for p in history(payments / "payments-v1.1.0.yaml")] == [
        "payments-v1.0.0.yaml", "payments-v1.1.0.yaml", "payments-v2.0.0.yaml"]
    unversioned = Path("/nowhere/contract.yaml")
    assert history(unversioned) == [unversioned]


def test_every_example_contract_lints_clean_under_strict() -> None:
    """examples/hub/README.md says so: each contract version of each example service
    has no lint finding under accord:strict, whatever its kind."""
    from accord.kinds import load_kinds
    from accord.kinds.protocol import load_for_lint
    from accord.lint import STRICT, LintRun, lint

    registry = load_kinds()
    checked = []
    for loaded in manifests(EXAMPLES):
        for iface in loaded.manifest.provides:
            kind = registry[iface.kind]
            for contract in history(loaded.path.parent / iface.contract):
                report = lint(load_for_lint(kind, contract), kind.lint_rules(),
                              LintRun(ruleset=STRICT))
                assert report.findings == (), (contract, report.findings[:3])
                checked.append(contract.name)
    assert "storefront-v1.0.0.graphql" in checked and len(checked) >= 8


def test_the_demo_reads_each_manifest_as_publish_does(tmp_path: Path) -> None:
    """A manifest's ``kinds:`` and ``lint:`` sections apply to its interfaces in the
    demo as they do for ``accord publish``: the options are stored with the interface,
    and the contract is judged under them."""
    service = tmp_path / "events"
    service.mkdir()
    schema = ('{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", '
              '"properties": {"id": {"type": "string"}}}')
    (service / "order-v1.0.0.json").write_text(schema, encoding="utf-8")
    (service / "accord.yaml").write_text(
        "team: fulfilment\nparticipant:\n  name: fulfilment-service\n"
        "kinds:\n  jsonschema:\n    policy: lenient\n"
        "lint:\n  extends: accord:minimal\n"
        "provides:\n  - name: order-events\n    kind: jsonschema\n"
        "    contract: order-v1.0.0.json\n    version: 1.0.0\n", encoding="utf-8")
    db = Database(f"sqlite:///{tmp_path / 'hub.db'}")
    app = create_app(HubConfig(admin_token=ADMIN, rate_limit="off"), db=db)
    summary = load_demo(app, tmp_path)
    assert [(line.name, line.outcome) for line in summary.lines] == [
        ("order-events", "published")]
    with TestClient(app) as client:
        shown = client.get("/v1/interfaces/order-events",
                           headers={"Authorization": f"Bearer {ADMIN}"}).json()
    assert shown["kind_options"] == {"policy": "lenient"}
    assert shown["ruleset"] == "accord:minimal"
    db.dispose()
