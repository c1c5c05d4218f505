"""accord interfaces list|show, versions and compare against a real hub."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from accord.services import registry
from tests.cli.hub.conftest import EXAMPLES, LiveHub, Run

PAYMENTS = EXAMPLES / "hub" / "payments" / "openapi"
ORDERS = EXAMPLES / "openapi"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHub]:
    """payments (1.0.0, 1.1.0, deprecated with a sunset), orders (1.0.0), ledger (none)."""
    hub = LiveHub(tmp_path_factory.mktemp("hub"))
    registry.create_participant(hub.db, "payments-api", "payments")
    payments = hub.interface(
        "payments", "payments", title="Payments API", provider_id="payments-api",
        consumers=["orders-api", "checkout-web"], compatibility="BACKWARD_TRANSITIVE",
        sla={"latency_ms": {"p95": 250}, "uptime": 99.95},
        rate_limits=[{"tier": "default", "requests": 100, "per_seconds": 60}],
        auth={"method": "oauth2", "scopes": ["payments:read"]},
        support={"email": "payments@example.com"},
        maintenance_windows=[{"day": "sunday", "start": "02:00", "duration_minutes": 120,
                              "timezone": "Europe/Berlin"}])
    hub.publish(payments, PAYMENTS / "payments-v1.0.0.yaml")
    hub.publish(payments, PAYMENTS / "payments-v1.1.0.yaml")
    registry.update_interface(hub.db, payments, {
        "status": "deprecated", "sunset_at": datetime(2030, 6, 30, tzinfo=UTC)},
        expected_revision=None)
    orders = hub.interface("orders", "orders", compatibility="BACKWARD")
    hub.publish(orders, ORDERS / "orders-v1.yaml")
    hub.interface("ledger", "finance-platform")
    yield hub
    hub.stop()


def _as(hub: LiveHub) -> list[str]:
    return ["--hub", hub.url, "--token", hub.reader]


def test_list_is_a_plain_table_when_piped(filled: LiveHub, accord: Run) -> None:
    done = accord("interfaces", "list", *_as(filled))
    assert done.exit_code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["ID", "NAME", "KIND", "TEAM", "STATUS", "LATEST", "PROVIDER",
                                "CONSUMERS"]
    assert lines[1].split()[:7] == ["IF-001", "payments", "openapi", "payments", "deprecated",
                                    "1.1.0", "payments-api"]
    assert lines[3].split()[:6] == ["IF-003", "ledger", "openapi", "finance-platform", "draft",
                                    "-"]
    assert "\x1b[" not in done.stdout  # no colour codes when piped
    # Columns are aligned: every row's second column starts where the header's does.
    assert {line.index(line.split()[1]) for line in lines} == {lines[0].index("NAME")}


def test_list_filters_limits_and_follows_pages(filled: LiveHub, accord: Run,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.cli import hubclient

    monkeypatch.setattr(hubclient, "PAGE_SIZE", 1)
    every = accord("interfaces", "list", "--format", "json", *_as(filled))
    assert [i["id"] for i in every.json()["data"]] == ["IF-001", "IF-002", "IF-003"]
    by_team = accord("interfaces", "list", "--team", "orders", "--format", "json", *_as(filled))
    assert [i["name"] for i in by_team.json()["data"]] == ["orders"]
    by_consumer = accord("interfaces", "list", "--consumer", "checkout-web", "-f", "json",
                         *_as(filled))
    assert [i["name"] for i in by_consumer.json()["data"]] == ["payments"]
    two = accord("interfaces", "list", "--limit", "2", "-f", "json", *_as(filled))
    assert len(two.json()["data"]) == 2
    none = accord("interfaces", "list", "--status", "retired", *_as(filled))
    assert none.exit_code == 0
    assert none.stdout == ""
    assert "no interfaces match" in none.stderr


def test_show_gives_the_metadata_and_the_deprecation(filled: LiveHub, accord: Run) -> None:
    done = accord("interfaces", "show", "payments", *_as(filled))
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("IF-001  payments  (openapi)\n")
    text = " ".join(done.stdout.split())
    for expected in ("owner payments", "provider payments-api",
                     "consumers checkout-web, orders-api", "status deprecated",
                     "p95 250 ms, uptime 99.95 %", "default: 100 per 1m",
                     "oauth2 (payments:read)", "email payments@example.com",
                     "sunday 02:00 for 2h (Europe/Berlin)", "latest 1.1.0, published",
                     "sunset 2030-06-30", "Deprecation header @",
                     "Sunset header Sun, 30 Jun 2030 00:00:00 GMT"):
        assert expected in text, expected
    as_json = accord("interfaces", "show", "IF-001", "--format", "json", *_as(filled))
    body = as_json.json()
    assert body["id"] == "IF-001"
    assert body["latest_version"]["version"] == "1.1.0"


def test_show_of_an_unknown_interface(filled: LiveHub, accord: Run) -> None:
    done = accord("interfaces", "show", "nothing-here", *_as(filled))
    assert done.exit_code == 2
    assert "error[NOT_FOUND]" in done.stderr
    assert "HTTP 404, request id" in done.stderr
    as_json = accord("interfaces", "show", "nothing-here", "-f", "json", *_as(filled))
    error = as_json.json()["error"]
    assert error["code"] == "NOT_FOUND"
    assert error["status"] == 404
    assert error["details"]["request_id"]


def test_versions(filled: LiveHub, accord: Run) -> None:
    done = accord("versions", "payments", *_as(filled))
    assert done.exit_code == 0, done.stderr
    rows = [line.split()[0] for line in done.stdout.splitlines()]
    assert rows == ["VERSION", "1.0.0", "1.1.0"]
    assert "safe" in done.stdout.splitlines()[2]  # 1.1.0's changelog counts
    as_json = accord("versions", "IF-001", "--format", "json", *_as(filled))
    assert [v["version"] for v in as_json.json()["data"]] == ["1.0.0", "1.1.0"]
    empty = accord("versions", "ledger", *_as(filled))
    assert empty.exit_code == 0
    assert "no published version" in empty.stderr


def test_compare_renders_like_diff(filled: LiveHub, accord: Run, tmp_path: Path) -> None:
    text = accord("compare", "payments", "--from", "1.0.0", "--to", "1.1.0", *_as(filled))
    assert text.exit_code == 0, text.stderr
    assert text.stdout.startswith("openapi diff  IF-001@1.0.0 -> IF-001@1.1.0")
    assert "POST /payments/{payment_id}/refunds" in text.stdout
    assert "suggested bump: minor (1.1.0); declared 1.1.0 is enough" in text.stdout
    server = accord("compare", "payments", "--from", "1.0.0", "--to", "1.1.0", "-f", "json",
                    *_as(filled)).json()
    assert server["suggested_bump"] == "minor"
    assert {"interface", "base", "revision", "changes", "summary"} <= set(server)
    sarif_file = tmp_path / "compare.sarif"
    sarif = accord("compare", "IF-001", "--from", "1.0.0", "--to", "1.1.0", "-f", "sarif",
                   "-o", sarif_file, *_as(filled))
    assert sarif.stdout == ""
    log = json.loads(sarif_file.read_text())
    rule_ids = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert rule_ids == {c["id"] for c in server["changes"]}
    junit = accord("compare", "IF-001", "--from", "1.0.0", "--to", "1.1.0", "-f", "junit",
                   *_as(filled))
    assert ET.fromstring(junit.stdout.split("\n", 1)[1]).get("failures") == "0"
    strict = accord("compare", "payments", "--from", "1.0.0", "--to", "1.1.0", "--fail-on",
                    "safe", *_as(filled))
    assert strict.exit_code == 1
    missing = accord("compare", "payments", "--from", "1.0.0", "--to", "9.9.9", *_as(filled))
    assert missing.exit_code == 2
    assert "NOT_FOUND" in missing.stderr
