"""``accord lint`` end to end: formats, exit codes, configuration, corpora."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from tests.cli.conftest import EXAMPLES, ROOT, Result
from tests.kinds.openapi.lint_support import CLEAN, clean

Run = Callable[..., Result]
SARIF_SCHEMA = ROOT / "tests" / "report" / "schemas" / "sarif-schema-2.1.0.json"
CORPORA = ROOT.parent / "shared" / "corpora" / "openapi"
ORDERS = EXAMPLES / "orders-v1.2.yaml"


def test_text_report_reads_well(run: Run) -> None:
    res = run("lint", ORDERS)
    assert res.exit_code == 0  # only warnings and infos
    lines = res.stdout.splitlines()
    assert lines[0].startswith("openapi lint  ") and "ruleset accord:recommended" in lines[0]
    assert "38:9  /paths/~1orders/post/responses/201" in res.stdout
    assert "WARN   post-create-201-location" in res.stdout
    assert lines[-1] == "passed: no findings at or above error"
    assert "\x1b[" not in res.stdout


def test_fail_severity_and_json(run: Run) -> None:
    res = run("lint", ORDERS, "--format", "json", "--fail-severity", "warn")
    assert res.exit_code == 1
    data = res.json()
    assert set(data) >= {"kind", "contract", "ruleset", "findings", "summary"}
    first = data["findings"][0]
    assert set(first) == {"rule", "severity", "message", "hint", "location"}
    assert set(first["location"]) == {"pointer", "file", "line", "column"}
    assert data["summary"]["warn"] > 0 and data["failed"] is True


def test_clean_spec_passes_strict(run: Run) -> None:
    res = run("lint", CLEAN, "--ruleset", "accord:strict", "--fail-severity", "hint")
    assert res.exit_code == 0 and "No findings." in res.stdout


def test_sarif_is_valid(run: Run) -> None:
    res = run("lint", ORDERS, "--format", "sarif")
    log = res.json()
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert results and all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert {r["level"] for r in results} <= {"error", "warning", "note"}


def test_github_annotations(run: Run) -> None:
    res = run("lint", ORDERS, "--format", "github")
    lines = res.stdout.splitlines()
    assert any(line.startswith("::warning file=") and "title=post-create-201-location" in line
               for line in lines)
    assert lines[-1].startswith("::notice::accord lint")


def test_changed_since(run: Run, tmp_path: Path) -> None:
    spec = clean()
    spec["info"]["version"] = "1.3"
    revision = tmp_path / "rev.yaml"
    revision.write_text(yaml.safe_dump(spec), encoding="utf-8")
    res = run("lint", revision, "--changed-since", CLEAN, "--format", "json")
    assert [f["rule"] for f in res.json()["findings"]] == ["info-version-semver"]
    assert res.json()["changed_since"] == str(CLEAN)


def test_config_file_and_output(run: Run, tmp_path: Path) -> None:
    config = tmp_path / "accord.yaml"
    config.write_text("lint:\n  rules: {post-create-201-location: error}\n", encoding="utf-8")
    out = tmp_path / "report.json"
    res = run("lint", ORDERS, "--config", config, "--format", "json", "--output", out)
    assert res.exit_code == 1 and res.stdout == ""
    assert json.loads(out.read_text())["summary"]["error"] == 1


@pytest.mark.parametrize(("args", "needle"), [
    (("--ruleset", "accord:strickt"), "did you mean 'accord:strict'?"),
    (("--config", "missing.yaml"), "configuration file missing.yaml does not exist"),
    (("--kind", "nope"), "no kind named 'nope'"),
])
def test_bad_usage_exits_2(run: Run, args: tuple[str, ...], needle: str) -> None:
    res = run("lint", ORDERS, *args)
    assert res.exit_code == 2 and needle in res.stderr


def test_bad_config_is_located(run: Run, tmp_path: Path) -> None:
    config = tmp_path / "accord.yaml"
    config.write_text("lint:\n  rules:\n    info-contcat: warn\n", encoding="utf-8")
    res = run("lint", ORDERS, "--config", config, "--format", "json")
    assert res.exit_code == 2
    error = res.json()["error"]
    assert error["code"] == "UNKNOWN_RULE" and error["location"]["line"] == 3
    assert error["hint"] == "did you mean 'info-contact'?"


def test_broken_spec_exits_2(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.0.0\ninfo: [\n", encoding="utf-8")
    res = run("lint", bad)
    assert res.exit_code == 2 and "invalid YAML" in res.stderr


def _corpus(run: Run, name: str) -> list[dict[str, object]]:
    path = CORPORA / name
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    res = run("lint", path, "--format", "json")
    assert res.exit_code == 1
    findings: list[dict[str, object]] = res.json()["findings"]
    return findings


def _has(findings: list[dict[str, object]], rule: str, pointer: str) -> bool:
    return any(f["rule"] == rule and f["location"]["pointer"] == pointer  # type: ignore[index]
               for f in findings)


def test_github_corpus(run: Run) -> None:
    findings = _corpus(run, "github-ghes-3.6.json")
    # No security anywhere in the document (verified: no root or operation 'security').
    assert _has(findings, "security-defined", "")
    # DELETE with a request body (the spec documents one).
    assert _has(findings, "no-body-on-get-delete",
                "/paths/~1applications~1{client_id}~1grant/delete/requestBody")
    # 'remove-token' is a verb segment.
    assert _has(findings, "paths-no-verbs",
                "/paths/~1orgs~1{org}~1actions~1runners~1remove-token")
    # GitHub lists return top-level arrays and paginate with per_page/page.
    assert _has(findings, "collection-envelope",
                "/paths/~1orgs~1{org}~1repos/get/responses/200/content/application~1json/schema")
    assert all(f["location"]["line"] for f in findings)  # type: ignore[index]


def test_stripe_corpus(run: Run) -> None:
    findings = _corpus(run, "stripe-v127.json")
    # info.version is a date (2020-08-27), not a semantic version.
    assert _has(findings, "info-version-semver", "/info/version")
    # snake_case path segments (/v1/payment_intents).
    assert _has(findings, "paths-kebab-case", "/paths/~1v1~1payment_intents")
    # client_secret as a query parameter.
    assert _has(findings, "no-credentials-in-query",
                "/paths/~1v1~1payment_intents~1{intent}/get/parameters/0")
    # Every path carries /v1: no version finding; lists are enveloped with a cursor.
    assert not any(f["rule"] == "version-in-path" for f in findings)
    assert not _has(findings, "collection-paginated", "/paths/~1v1~1customers/get")


def test_a_broken_openapi_document_is_linted_not_refused(tmp_path) -> None:
    from typer.testing import CliRunner

    from accord.cli.app import app

    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n"
        "  /a:\n    get: [not, an, operation]\n"
    )
    res = CliRunner().invoke(app, ["lint", str(broken), "--format", "json"])
    assert res.exit_code == 1, res.stdout
    [finding] = [f for f in __import__("json").loads(res.stdout)["findings"]
                 if f["rule"] == "oas-structure"]
    assert finding["severity"] == "error" and finding["location"]["line"] == 5


def test_markdown_and_junit_formats_are_offered(tmp_path) -> None:
    import xml.etree.ElementTree as ET
    from pathlib import Path

    from typer.testing import CliRunner

    from accord.cli.app import app

    spec = Path(__file__).resolve().parents[2] / "examples" / "openapi" / "orders-v1.2.yaml"
    runner = CliRunner()
    markdown = runner.invoke(app, ["lint", str(spec), "--format", "markdown"])
    assert markdown.exit_code == 0 and "| " in markdown.stdout
    junit = runner.invoke(app, ["lint", str(spec), "--format", "junit"])
    assert junit.exit_code == 0 and ET.fromstring(junit.stdout).tag == "testsuites"
