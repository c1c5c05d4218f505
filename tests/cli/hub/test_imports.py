"""Manifests as ``/v1/imports`` items."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from accord.cli.imports import import_items
from accord.core.errors import AccordError, ErrorCode
from accord.core.manifest import Manifest, parse_manifest
from tests.cli.hub.conftest import EXAMPLES


def _manifest(path: Path) -> Manifest:
    return parse_manifest(yaml.safe_load(path.read_text()), file=str(path), base_dir=path.parent)


def test_the_payments_manifest_becomes_one_item() -> None:
    folder = EXAMPLES / "hub" / "payments"
    [item] = import_items(_manifest(folder / "accord.yaml"), folder)
    assert item["team"] == "payments"
    assert item["participant"] == {
        "id": "payments-api",
        "description": "Card payments for orders, captures and refunds.",
        "repository": "https://git.example.com/payments/payments-api",
        "consumes": ["ledger"]}  # the manifest's consumes:
    assert item["document"] == (folder / "openapi" / "payments-v1.1.0.yaml").read_text()
    assert item["filename"] == "payments-v1.1.0.yaml"
    assert "version" not in item  # the contract's own
    iface = item["interface"]
    assert iface["name"] == "payments"
    assert iface["kind"] == "openapi"
    assert iface["compatibility"] == "BACKWARD_TRANSITIVE"
    assert iface["rate_limits"] == [
        {"tier": "default", "requests": 100, "per_seconds": 60},
        {"tier": "checkout", "requests": 50, "per_seconds": 1, "burst": 200}]
    assert iface["maintenance_windows"] == [
        {"day": "sunday", "start": "02:00", "duration_minutes": 120,
         "timezone": "Europe/Berlin"}]
    assert iface["sla"] == {"latency_ms": {"p50": 80, "p95": 250, "p99": 600}, "uptime": 99.95}
    assert iface["auth"] == {"method": "oauth2", "scopes": ["payments:read", "payments:write"]}
    assert iface["consumers"] == ["orders-api", "checkout-web"]
    assert not {"contract", "version", "sunset"} & set(iface)


def _write(folder: Path, extra: str) -> Manifest:
    (folder / "api.yaml").write_text("openapi: 3.1.0\ninfo: {title: A, version: 1.0.0}\n"
                                     "paths: {}\n")
    (folder / "accord.yaml").write_text(
        "team: payments\nparticipant: {name: payments-api}\nprovides:\n"
        "  - {name: api, kind: openapi, contract: api.yaml" + extra + "}\n"
        "  - {name: other, kind: openapi, contract: api.yaml}\n")
    return _manifest(folder / "accord.yaml")


def test_sunset_version_ruleset_and_one_interface(tmp_path: Path) -> None:
    manifest = _write(tmp_path, ", status: deprecated, sunset: 2026-06-30, version: 1.2.0")
    items = import_items(manifest, tmp_path, default_ruleset="accord:strict")
    assert [i["interface"]["name"] for i in items] == ["api", "other"]
    assert items[0]["interface"]["sunset_at"] == "2026-06-30T00:00:00Z"
    assert items[0]["interface"]["status"] == "deprecated"
    assert items[0]["version"] == "1.2.0"
    assert items[0]["interface"]["ruleset"] == "accord:strict"
    assert items[0]["participant"] == {"id": "payments-api"}
    assert "status" not in items[1]["interface"]  # draft, the default: the hub decides
    [only] = import_items(manifest, tmp_path, only="other", version="2.0.0")
    assert only["interface"]["name"] == "other"
    assert only["version"] == "2.0.0"


def test_a_window_of_seconds_is_refused_at_its_place(tmp_path: Path) -> None:
    manifest = _write(tmp_path, ", maintenance_windows: [{day: monday, start: '01:00', "
                      "duration: 90s}]")
    with pytest.raises(AccordError) as caught:
        import_items(manifest, tmp_path, file="svc/accord.yaml")
    assert caught.value.code is ErrorCode.INVALID_MANIFEST
    assert caught.value.location is not None
    assert caught.value.location.pointer == "/provides/0/maintenance_windows/0/duration"
    assert caught.value.location.file == "svc/accord.yaml"
    assert caught.value.hint is not None and "2h" in caught.value.hint
