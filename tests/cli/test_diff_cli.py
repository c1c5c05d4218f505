from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.cli.conftest import EXAMPLES

V1 = EXAMPLES / "orders-v1.yaml"
V11 = EXAMPLES / "orders-v1.1.yaml"
V12 = EXAMPLES / "orders-v1.2.yaml"


def test_additive_release_is_compatible_and_needs_a_minor_bump(run) -> None:
    res = run("diff", V1, V11, "--format", "json")
    assert res.exit_code == 0, res.stderr
    report = res.json()
    assert report["compatible"] is True
    assert report["suggested_bump"] == "minor"
    assert report["version"]["sufficient"] is True
    rules = {c["id"] for c in report["changes"]}
    assert "request-parameter-added" in rules
    assert report["summary"]["breaking"] == 0


def test_transitive_history_names_every_incompatible_version(run) -> None:
    res = run("diff", V1, V11, V12, "--mode", "BACKWARD_TRANSITIVE", "--format", "json")
    assert res.exit_code == 1
    report = res.json()
    assert report["compatible"] is False
    assert report["incompatible_with"] == [str(V11), str(V1)]
    assert report["history"] == [str(V1), str(V11)]
    assert report["suggested_bump"] == "major"
    assert report["version"]["suggested_version"] == "2.0.0"
    by_rule = {c["id"]: c for c in report["changes"]}
    # A new required request-body property breaks old clients...
    assert by_rule["request-property-added-required"]["level"] == "breaking"
    assert by_rule["request-property-added-required"]["operation"] == "POST /orders"
    # ...and 1.2.0 claims only a minor bump.
    assert by_rule["version-bump-insufficient"]["level"] == "breaking"
    # The path parameter rename is not a removal.
    assert "path-parameter-renamed" in by_rule
    removed = [c for c in report["changes"] if c["id"].startswith("operation-removed")]
    assert [c["operation"] for c in removed] == ["POST /orders/{id}/cancel"]


def test_locations_point_into_the_revision(run) -> None:
    report = run("diff", V11, V12, "--format", "json").json()
    change = next(
        c for c in report["changes"] if c["id"] == "request-property-max-length-decreased"
    )
    loc = change["location"]
    assert loc["file"] == str(V12)
    line = V12.read_text().splitlines()[loc["line"] - 1]
    assert "maxLength: 200" in line


def test_text_report_groups_by_operation(run) -> None:
    res = run("diff", V11, V12)
    assert res.exit_code == 1
    assert "POST /orders" in res.stdout
    assert "\x1b[" not in res.stdout  # no colour when not a terminal
    assert "major" in res.stdout


def test_every_format_renders(run, tmp_path: Path) -> None:
    import json

    sarif = run("diff", V11, V12, "--format", "sarif").json()
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"]
    junit = ET.fromstring(run("diff", V11, V12, "--format", "junit").stdout)
    assert junit.tag == "testsuites" and int(junit.get("failures", "0")) > 0
    github = run("diff", V11, V12, "--format", "github").stdout.splitlines()
    assert any(line.startswith("::error file=") for line in github)
    markdown = run("diff", V11, V12, "--format", "markdown").stdout
    assert "POST /orders" in markdown
    out = tmp_path / "report.json"
    res = run("diff", V11, V12, "--format", "json", "--output", out)
    assert res.stdout == "" and json.loads(out.read_text())["kind"] == "openapi"


def test_fail_on_dangerous(run) -> None:
    assert run("diff", V1, V11).exit_code == 0
    # 1.0 -> 1.1 has no dangerous change either; 1.1 -> 1.2 widens a response enum
    res = run("diff", V11, V12, "--fail-on", "dangerous", "--format", "json")
    assert res.exit_code == 1
    assert any(c["level"] == "dangerous" for c in res.json()["changes"])


def test_config_switches_rules_off_and_relevels(run, tmp_path: Path) -> None:
    config = tmp_path / "accord.yaml"
    config.write_text(
        "diff:\n"
        "  rules:\n"
        "    request-property-added-required: off\n"
        "    request-parameter-added: dangerous\n"
    )
    report = run("diff", V1, V11, V12, "--config", config, "--format", "json").json()
    ids = {c["id"]: c["level"] for c in report["changes"]}
    assert "request-property-added-required" not in ids
    report = run("diff", V1, V11, "--config", config, "--format", "json").json()
    assert {c["id"]: c["level"] for c in report["changes"]}[
        "request-parameter-added"
    ] == "dangerous"


def test_bad_config_is_located(run, tmp_path: Path) -> None:
    config = tmp_path / "accord.yaml"
    config.write_text("diff:\n  rules:\n    operation-removd: off\n")
    res = run("diff", V1, V11, "--config", config)
    assert res.exit_code == 2
    assert "operation-removed" in res.stderr  # the did-you-mean hint
    assert res.stderr.startswith(f"error[UNKNOWN_RULE] {config} (/diff/rules/operation-removd)")
    config.write_text("diff:\n  rules:\n    operation-removed: loud\n")
    res = run("diff", V1, V11, "--config", config, "--format", "json")
    assert res.exit_code == 2
    err = res.json()["error"]
    assert err["code"] == "INVALID_CONFIG" and err["location"]["line"] == 3


def test_bad_input_is_one_paragraph_with_location(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.0\ninfo:\n  title: x\n  version: [1\npaths: {}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "accord", "diff", str(V1), str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{broken}:" in proc.stderr and "hint:" in proc.stderr


def test_missing_file_and_unsupported_version(run, tmp_path: Path) -> None:
    res = run("diff", V1, tmp_path / "nope.yaml", "--format", "json")
    assert res.exit_code == 2 and res.json()["error"]["code"] == "FILE_NOT_FOUND"
    old = tmp_path / "old.yaml"
    old.write_text("swagger: '1.2'\ninfo: {title: x, version: '1'}\npaths: {}\n")
    res = run("diff", old, V1, "--format", "json")
    assert res.exit_code == 2
    err = res.json()["error"]
    assert err["code"] == "UNSUPPORTED_VERSION" and err["location"]["line"] == 1


def test_diff_needs_two_contracts(run) -> None:
    res = run("diff", V1)
    assert res.exit_code == 2


def test_changelog_groups_by_operation(run) -> None:
    res = run("changelog", V11, V12, "--format", "markdown")
    assert res.exit_code == 0
    assert "Breaking changes" in res.stdout and "POST /orders" in res.stdout
    data = run("changelog", V11, V12, "--format", "json").json()
    assert data["revision_version"] == "1.2.0"
    assert {s["title"] for s in data["sections"]} >= {"Breaking changes"}


def test_rules_catalog(run) -> None:
    res = run("rules", "--kind", "openapi", "--format", "json")
    rules = res.json()["openapi"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) >= 150
    for rule in rules:
        assert rule["level"] in {"breaking", "dangerous", "safe"}
        assert rule["description"] and rule["hint"]
        assert rule["id"] == rule["id"].lower() and " " not in rule["id"]
    assert run("rules", "--kind", "nope").exit_code == 2


def test_the_rules_reference_is_current(run) -> None:
    """docs/rules/openapi.md is generated from the catalog: regenerate it with
    `accord rules --kind openapi --format markdown > docs/rules/openapi.md`."""
    page = EXAMPLES.parents[1] / "docs" / "rules" / "openapi.md"
    assert page.read_text(encoding="utf-8") == run("rules", "--kind", "openapi",
                                                    "--format", "markdown").stdout


def test_unresolvable_ref_names_the_ref(run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "openapi: 3.0.3\ninfo: {title: x, version: 1.0.0}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        '200':\n          $ref: '#/components/responses/Nope'\n"
    )
    res = run("diff", V1, broken, "--format", "json")
    assert res.exit_code == 2
    err = res.json()["error"]
    assert err["code"] == "UNRESOLVABLE_REF"
    assert err["location"]["file"] == str(broken) and err["location"]["line"] == 8
    assert err["hint"]


def test_a_document_that_is_not_openapi(run, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("asyncapi: 2.6.0\ninfo: {title: x, version: 1.0.0}\nchannels: {}\n")
    res = run("diff", V1, other, "--format", "json")
    assert res.exit_code == 2
    assert res.json()["error"]["code"] == "NOT_A_CONTRACT"
    res = run("diff", other, V1)
    assert res.exit_code == 2
    first, hint = res.stderr.splitlines()[:2]  # one line each, also when piped
    assert first.startswith(f"error[NOT_A_CONTRACT] {other}:1:1: ")
    assert "not an OpenAPI document" in first and hint.startswith("  hint: ")
