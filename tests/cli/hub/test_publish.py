"""accord publish: the manifests of examples/hub through POST /v1/imports."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.cli.hub.conftest import EXAMPLES, LiveHub, Run

SERVICES = EXAMPLES / "hub"


def _service(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(SERVICES / name, folder)
    return folder / "accord.yaml"


def test_publishing_the_example_services(live_hub: LiveHub, accord: Run) -> None:
    tokens = {"ledger": live_hub.finance, "payments": live_hub.payments,
              "orders": live_hub.checkout}
    # In this order: each names the one before as a consumer's provider.
    for name in ("payments", "orders", "ledger"):
        done = accord("publish", "--manifest", SERVICES / name / "accord.yaml",
                      "--hub", live_hub.url, "--token", tokens[name])
        assert done.exit_code == 0, done.stdout + done.stderr
        [line, summary] = done.stdout.splitlines()
        assert line.split()[1:4] == [name, "1.0.0" if name == "ledger" else "1.1.0",
                                     "published"]
        assert "(new interface)" in line
        assert summary == "1 interface: 1 published, 0 refused"
    listed = accord("interfaces", "list", "-f", "json", "--hub", live_hub.url,
                    "--token", live_hub.reader).json()["data"]
    assert {i["name"]: i["latest_version"]["version"] for i in listed} == {
        "ledger": "1.0.0", "payments": "1.1.0", "orders": "1.1.0"}
    payments = next(i for i in listed if i["name"] == "payments")
    assert payments["provider"] == "payments-api"
    assert payments["rate_limits"][1] == {"tier": "checkout", "requests": 50, "per_seconds": 1,
                                          "burst": 200}
    assert payments["maintenance_windows"][0]["duration_minutes"] == 120
    # The same manifest again: nothing new.
    again = accord("publish", "-m", SERVICES / "payments" / "accord.yaml", "-f", "json",
                   "--hub", live_hub.url, "--token", live_hub.payments)
    assert again.exit_code == 0
    body = again.json()
    assert body["summary"] == {"items": 1, "succeeded": 1, "failed": 0}
    assert body["data"][0]["status"] == 200
    assert body["data"][0]["version_created"] is False


def test_a_breaking_version_is_refused_with_its_changes(live_hub: LiveHub, accord: Run,
                                                        tmp_path: Path) -> None:
    manifest = _service(tmp_path, "payments")
    first = accord("publish", "-m", manifest, "--hub", live_hub.url, "--token", live_hub.payments)
    assert first.exit_code == 0, first.stdout + first.stderr
    manifest.write_text(manifest.read_text().replace("payments-v1.1.0.yaml",
                                                     "payments-v2.0.0.yaml"))
    done = accord("publish", "-m", manifest, "--hub", live_hub.url, "--token", live_hub.payments)
    assert done.exit_code == 1
    lines = done.stdout.splitlines()
    cells = lines[0].split()
    assert cells[:2] == ["IF-001", "payments"]
    assert cells[3:5] == ["refused", "INCOMPATIBLE_CHANGE:"]
    assert "hint:" in lines[1]
    # The changes, grouped by operation as accord diff's text report shows them.
    assert any(line.strip() == "POST /payments/{payment_id}/capture" for line in lines)
    assert any(line.lstrip().startswith("BREAKING   operation-removed") for line in lines)
    assert lines[-1] == "1 interface: 0 published, 1 refused"


def test_version_needs_one_interface(live_hub: LiveHub, accord: Run, tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text((SERVICES / "ledger" / "openapi" /
                                        "ledger-v1.0.0.yaml").read_text())
    manifest = tmp_path / "accord.yaml"
    manifest.write_text("team: finance-platform\nparticipant: {name: ledger-service}\n"
                        "provides:\n  - {name: ledger, kind: openapi, contract: api.yaml}\n"
                        "  - {name: ledger-copy, kind: openapi, contract: api.yaml}\n")
    args = ["--hub", live_hub.url, "--token", live_hub.finance]
    both = accord("publish", "-m", manifest, "--version", "1.0.1", *args)
    assert both.exit_code == 2
    assert "--interface" in both.stderr
    one = accord("publish", "-m", manifest, "--interface", "ledger-copy", "--version", "3.0.0",
                 "-f", "json", *args)
    assert one.exit_code == 0, one.stdout + one.stderr
    [item] = one.json()["data"]
    assert (item["name"], item["version"]) == ("ledger-copy", "3.0.0")
    # The manifest names no status; publishing again leaves the now active interface be.
    again = accord("publish", "-m", manifest, "--interface", "ledger-copy", "--version", "3.0.0",
                   *args)
    assert again.exit_code == 0, again.stdout
    assert again.stdout.split()[3] == "unchanged"


def test_another_teams_token_is_refused_per_item(live_hub: LiveHub, accord: Run) -> None:
    done = accord("publish", "-m", SERVICES / "ledger" / "accord.yaml", "--hub", live_hub.url,
                  "--token", live_hub.payments)
    assert done.exit_code == 1
    assert "refused  FORBIDDEN" in done.stdout
    reader = accord("publish", "-m", SERVICES / "ledger" / "accord.yaml", "--hub", live_hub.url,
                    "--token", live_hub.reader)
    assert reader.exit_code == 2  # the request itself is not allowed: an auth error
    assert "FORBIDDEN" in reader.stderr or "UNAUTHENTICATED" in reader.stderr


def test_publish_input_errors(live_hub: LiveHub, accord: Run, tmp_path: Path) -> None:
    manifest = _service(tmp_path, "orders")
    manifest.write_text(manifest.read_text().replace("per: 1m", "per: 1 minute"))
    done = accord("publish", "-m", manifest, "--hub", live_hub.url, "--token", live_hub.checkout)
    assert done.exit_code == 2
    assert "INVALID_MANIFEST" in done.stderr
    assert "accord.yaml:" in done.stderr  # with the place in the file
    as_json = accord("publish", "-m", manifest, "-f", "json", "--hub", live_hub.url)
    assert as_json.json()["error"]["code"] == "INVALID_MANIFEST"


def test_lint_errors_are_listed_at_the_local_file(live_hub: LiveHub, accord: Run,
                                                  tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text("openapi: 3.1.0\ninfo: {title: A, version: 1.0.0}\n"
                                       "paths:\n  /a:\n    get:\n      responses:\n"
                                       "        '200': {description: ok}\n")
    manifest = tmp_path / "accord.yaml"
    manifest.write_text("team: payments\nparticipant: {name: payments-api}\n"
                        "provides:\n  - {name: lintme, kind: openapi, contract: api.yaml}\n")
    done = accord("publish", "-m", manifest, "--hub", live_hub.url, "--token", live_hub.payments)
    assert done.exit_code == 1
    lines = done.stdout.splitlines()
    assert lines[0].split()[3:5] == ["refused", "LINT_FAILED:"]
    assert lines[2].split()[:2] == ["error", "security-defined"]
    assert lines[2].endswith(f"{(tmp_path / 'api.yaml').as_posix()}:1:1")


def test_a_large_import_runs_as_a_job_and_is_waited_for(
        live_hub: LiveHub, accord: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.cli.hubclient import HubClient

    jobs: list[str] = []
    wait = HubClient.wait_for_job

    def spy(self: HubClient, accepted: httpx.Response) -> Any:
        jobs.append(accepted.headers["Location"])
        return wait(self, accepted)

    monkeypatch.setattr(HubClient, "wait_for_job", spy)
    (tmp_path / "ledger.yaml").write_text(
        (SERVICES / "ledger" / "openapi" / "ledger-v1.0.0.yaml").read_text())
    names = [f"ledger-{n:02d}" for n in range(12)]  # more than the hub runs in the request
    manifest = tmp_path / "accord.yaml"
    manifest.write_text("team: finance-platform\nparticipant: {name: ledger-service}\n"
                        "provides:\n" + "".join(
                            f"  - {{name: {n}, kind: openapi, contract: ledger.yaml}}\n"
                            for n in names))
    done = accord("publish", "-m", manifest, "-f", "json", "--hub", live_hub.url,
                  "--token", live_hub.finance)
    assert done.exit_code == 0, done.stdout + done.stderr
    body = done.json()
    assert body["summary"] == {"items": 12, "succeeded": 12, "failed": 0}
    assert [i["name"] for i in body["data"]] == names
    assert all(i["version_created"] for i in body["data"])
    assert len(jobs) == 1
    assert jobs[0].startswith("/v1/jobs/")
