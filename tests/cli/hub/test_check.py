"""accord check: the hub's dry run as a CI gate, in accord diff's formats and exit codes."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.hub.conftest import EXAMPLES, LiveHub, Run

ORDERS = EXAMPLES / "openapi"
NO_SECURITY = """openapi: 3.1.0
info: {title: Orders, version: 1.1.0}
paths:
  /orders:
    get:
      responses:
        '200': {description: ok}
"""


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHub]:
    """orders (IF-001, BACKWARD) with orders-v1.yaml (1.0.0) published; strict (IF-002), empty."""
    live = LiveHub(tmp_path_factory.mktemp("hub"))
    orders = live.interface("orders", "orders", compatibility="BACKWARD")
    live.publish(orders, ORDERS / "orders-v1.yaml")
    live.interface("strict", "orders")
    yield live
    live.stop()


def _as(hub: LiveHub) -> list[str]:
    return ["--hub", hub.url, "--token", hub.reader]


def test_a_breaking_contract_fails_the_gate(hub: LiveHub, accord: Run) -> None:
    contract = ORDERS / "orders-v1.2.yaml"
    done = accord("check", contract, "--interface", "orders", *_as(hub))
    assert done.exit_code == 1, done.stderr
    out = done.stdout
    assert f"== orders (IF-001) 1.2.0 from {contract}" in out
    assert f"openapi diff  IF-001@1.0.0 -> {contract}" in out
    assert "BREAKING   request-property-added-required" in out
    assert "INCOMPATIBLE under BACKWARD with IF-001@1.0.0" in out
    # Locations in the candidate name the local file, not the hub's copy.
    assert f"{contract}:72:18" in out
    assert "lint under accord:recommended: no errors" in out
    assert "FAIL: the hub would refuse it (INCOMPATIBLE_CHANGE)" in out


def test_a_compatible_contract_passes(hub: LiveHub, accord: Run) -> None:
    done = accord("check", ORDERS / "orders-v1.1.yaml", "-i", "IF-001", *_as(hub))
    assert done.exit_code == 0, done.stdout + done.stderr
    assert "compatible under BACKWARD" in done.stdout
    assert done.stdout.rstrip().endswith("PASS")


def test_fail_on_lowers_the_bar(hub: LiveHub, accord: Run) -> None:
    # 1.0 -> 1.1 has safe changes only: fine at breaking, failing at safe.
    done = accord("check", ORDERS / "orders-v1.1.yaml", "-i", "orders", "--fail-on", "safe",
                  *_as(hub))
    assert done.exit_code == 1
    assert "fail on safe" in " ".join(done.stdout.split())
    assert done.stdout.rstrip().endswith("FAIL: changes at or above safe")


def test_json_report(hub: LiveHub, accord: Run) -> None:
    done = accord("check", ORDERS / "orders-v1.2.yaml", "-i", "orders", "-f", "json", *_as(hub))
    assert done.exit_code == 1
    body = done.json()
    assert body["passed"] is False
    [result] = body["results"]
    assert result["state"] == "checked"
    assert result["interface"] == "IF-001"
    assert result["version"] == "1.2.0"
    assert [p["code"] for p in result["problems"]] == ["INCOMPATIBLE_CHANGE"]
    report = result["check"]["compatibility"]
    assert report["compatible"] is False
    assert report["summary"]["breaking"] == 4


def test_sarif_report_points_at_the_local_file(hub: LiveHub, accord: Run,
                                               tmp_path: Path) -> None:
    target = tmp_path / "check.sarif"
    done = accord("check", ORDERS / "orders-v1.2.yaml", "-i", "orders", "-f", "sarif",
                  "-o", target, *_as(hub))
    assert done.exit_code == 1
    assert done.stdout == ""
    log = json.loads(target.read_text())
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["request-property-added-required"] == "error"
    assert levels["response-property-enum-value-added"] == "warning"
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"] for loc in r.get("locations", [])
            if "physicalLocation" in loc}
    assert str(ORDERS / "orders-v1.2.yaml") in uris
    # The rules are described from the kind's catalog, as accord diff does.
    descriptions = {r["id"]: r["shortDescription"]["text"] for r in run["tool"]["driver"]["rules"]}
    assert descriptions["request-property-added-required"] != "Request property added required"


def test_junit_and_github_reports(hub: LiveHub, accord: Run) -> None:
    junit = accord("check", ORDERS / "orders-v1.2.yaml", "-i", "orders", "-f", "junit",
                   *_as(hub))
    assert junit.exit_code == 1
    root = ET.fromstring(junit.stdout.split("\n", 1)[1])
    assert root.get("name") == "accord check"
    assert int(root.get("failures") or 0) > 0
    github = accord("check", ORDERS / "orders-v1.2.yaml", "-i", "orders", "-f", "github",
                    *_as(hub))
    assert github.exit_code == 1
    assert "::error " in github.stdout
    assert github.stdout.splitlines()[-1].startswith("::error::accord check orders (IF-001)")


def test_lint_errors_refuse_the_first_version(hub: LiveHub, accord: Run,
                                              tmp_path: Path) -> None:
    contract = tmp_path / "strict.yaml"
    contract.write_text(NO_SECURITY)
    done = accord("check", contract, "-i", "strict", *_as(hub))
    assert done.exit_code == 1
    assert "first version: nothing to compare" in done.stdout
    assert "ERROR  security-defined" in done.stdout
    assert "FAIL: the hub would refuse it (LINT_FAILED)" in done.stdout
    sarif = json.loads(accord("check", contract, "-i", "strict", "-f", "sarif",
                              *_as(hub)).stdout)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["security-defined"]
    github = accord("check", contract, "-i", "strict", "-f", "github", *_as(hub)).stdout
    assert f"::error file={contract},line=1,col=1,title=security-defined::" in github


def test_a_published_document_and_a_taken_version(hub: LiveHub, accord: Run,
                                                  tmp_path: Path) -> None:
    same = accord("check", ORDERS / "orders-v1.yaml", "-i", "orders", *_as(hub))
    assert same.exit_code == 0
    assert "already published as 1.0.0: nothing new to check" in same.stdout
    taken = tmp_path / "orders.yaml"
    taken.write_text((ORDERS / "orders-v1.yaml").read_text().replace(
        "title:", "description: changed\n  title:", 1))
    refused = accord("check", taken, "-i", "orders", *_as(hub))
    assert refused.exit_code == 1
    assert "refused: VERSION_EXISTS" in refused.stdout
    junit = accord("check", taken, "-i", "orders", "-f", "junit", *_as(hub))
    root = ET.fromstring(junit.stdout.split("\n", 1)[1])
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("type") == "VERSION_EXISTS"


def test_a_new_interface_passes_with_a_note(hub: LiveHub, accord: Run, tmp_path: Path) -> None:
    folder = tmp_path / "svc"
    shutil.copytree(EXAMPLES / "hub" / "payments", folder)
    done = accord("check", "--manifest", folder / "accord.yaml", *_as(hub))
    assert done.exit_code == 0, done.stderr
    assert "PASS: new interface: nothing to compare" in done.stdout
    body = accord("check", "--manifest", folder / "accord.yaml", "-f", "json", *_as(hub)).json()
    assert body["passed"] is True
    assert body["results"][0]["state"] == "new"
    assert body["results"][0]["contract"] == f"{folder.as_posix()}/openapi/payments-v1.1.0.yaml"


def test_the_manifests_interfaces_are_checked_each(hub: LiveHub, accord: Run,
                                                   tmp_path: Path) -> None:
    (tmp_path / "v1.2.yaml").write_text((ORDERS / "orders-v1.2.yaml").read_text())
    (tmp_path / "new.yaml").write_text(NO_SECURITY)
    (tmp_path / "accord.yaml").write_text(
        f"hub: {hub.url}\nteam: orders\nparticipant: {{name: orders-api}}\nprovides:\n"
        "  - {name: orders, kind: openapi, contract: v1.2.yaml}\n"
        "  - {name: brand-new, kind: openapi, contract: new.yaml}\n"
        "diff:\n  fail_on: dangerous\n")
    done = accord("check", "-m", tmp_path / "accord.yaml", "--token", hub.reader)
    assert done.exit_code == 1
    assert "== orders (IF-001) 1.2.0" in done.stdout
    assert "fail on dangerous" in " ".join(done.stdout.split())  # the manifest's diff.fail_on
    assert "== brand-new" in done.stdout
    assert done.stdout.rstrip().endswith("2 interfaces checked: 0 pass, 2 fail")
    # the hub has no brand-new yet, but lints its first version: no security is an error
    only = accord("check", "-m", tmp_path / "accord.yaml", "-i", "brand-new",
                  "--token", hub.reader)
    assert only.exit_code == 1
    assert "orders" not in only.stdout
    assert "security-defined" in only.stdout
    assert "FAIL: the hub would refuse it (LINT_FAILED)" in only.stdout
    markdown = accord("check", "-m", tmp_path / "accord.yaml", "-f", "markdown",
                      "--token", hub.reader)
    assert "## orders (IF-001) 1.2.0" in markdown.stdout
    assert "**FAIL: the hub would refuse it (INCOMPATIBLE_CHANGE)**" in markdown.stdout


def test_usage_errors(hub: LiveHub, accord: Run, tmp_path: Path) -> None:
    no_interface = accord("check", ORDERS / "orders-v1.2.yaml", *_as(hub))
    assert no_interface.exit_code == 2
    assert "--interface" in no_interface.stderr
    missing = accord("check", tmp_path / "nope.yaml", "-i", "orders", *_as(hub))
    assert missing.exit_code == 2
    assert "cannot read" in missing.stderr
    no_manifest = accord("check", "-m", tmp_path / "accord.yaml", *_as(hub))
    assert no_manifest.exit_code == 2
    assert "does not exist" in no_manifest.stderr
    shutil.copytree(EXAMPLES / "hub" / "orders", tmp_path / "svc")
    typo = accord("check", "-m", tmp_path / "svc" / "accord.yaml", "-i", "order", *_as(hub))
    assert typo.exit_code == 2
    assert "did you mean 'orders'?" in typo.stderr
