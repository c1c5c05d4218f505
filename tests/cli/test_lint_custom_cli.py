"""Custom lint rules in accord.yaml, and the lint rule listing, end to end."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.cli.conftest import EXAMPLES, ROOT, Result

Run = Callable[..., Result]
ORDERS = EXAMPLES / "orders-v1.2.yaml"
LINT_DOCS = ROOT / "docs" / "rules" / "openapi-lint.md"

SUMMARY_RULE = """\
lint:
  rules:
    operation-summary:
      description: Every operation has a summary, the line docs and changelogs show.
      message: "{{error}}: the operation has no summary"
      hint: add summary (a short phrase) to the operation
      severity: error
      given: $.paths[*][get,put,post,patch,delete]
      then:
        field: summary
        function: truthy
"""


def _config(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "accord.yaml"
    config.write_text(text, encoding="utf-8")
    return config


def test_a_custom_rule_in_the_config(run: Run, tmp_path: Path) -> None:
    config = _config(tmp_path, SUMMARY_RULE)
    res = run("lint", ORDERS, "--config", config)
    assert res.exit_code == 1  # the custom rule is an error
    assert "ERROR  operation-summary  is missing: the operation has no summary" in res.stdout
    assert "hint: add summary (a short phrase) to the operation" in res.stdout


def test_custom_findings_in_json_have_file_and_line(run: Run, tmp_path: Path) -> None:
    config = _config(tmp_path, SUMMARY_RULE)
    res = run("lint", ORDERS, "--config", config, "--format", "json")
    found = [f for f in res.json()["findings"] if f["rule"] == "operation-summary"]
    where = {(f["location"]["pointer"], f["location"]["line"]) for f in found}
    # The summary is missing: the finding points at its operation's line.
    assert where == {("/paths/~1orders/post/summary", 26),
                     ("/paths/~1orders~1{orderId}/get/summary", 44)}
    assert all(f["location"]["file"] == str(ORDERS) and f["location"]["column"]
               and f["severity"] == "error" for f in found)
    assert res.json()["summary"]["error"] == 2


def test_custom_rules_are_in_sarif(run: Run, tmp_path: Path) -> None:
    config = _config(tmp_path, SUMMARY_RULE)
    log = run("lint", ORDERS, "--config", config, "--format", "sarif").json()
    rules = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert "operation-summary" in rules


def test_a_bad_custom_rule_exits_2_with_its_line(run: Run, tmp_path: Path) -> None:
    config = _config(tmp_path, SUMMARY_RULE.replace("function: truthy", "function: present"))
    res = run("lint", ORDERS, "--config", config, "--format", "json")
    assert res.exit_code == 2
    error = res.json()["error"]
    assert error["code"] == "INVALID_CONFIG" and "unknown function 'present'" in error["message"]
    assert error["location"]["line"] == 11 and error["location"]["file"] == str(config)
    assert error["hint"].startswith("functions: truthy, falsy")


def test_lint_rule_listing_formats(run: Run) -> None:
    data = run("rules", "--kind", "openapi", "--lint", "--format", "json").json()
    rules = {r["id"]: r for r in data["openapi"]}
    assert "ignore-without-reason" in rules  # the engine's own rule is listed too
    contact = rules["info-contact"]
    assert set(contact) >= {"id", "severity", "rulesets", "description", "hint"}
    assert set(contact["rulesets"]) == {"accord:recommended", "accord:strict"}
    assert any("accord:recommended" not in r["rulesets"] for r in rules.values())
    text = run("rules", "--kind", "openapi", "--lint").stdout
    assert "lint rules" in text and "info-contact" in text
    markdown = run("rules", "--kind", "openapi", "--lint", "--format", "markdown").stdout
    assert "| [`info-contact`](#info-contact) |" in markdown and "| `xor` |" in markdown
    # every rule has its own section, the target of the table's link
    assert "\n### info-contact\n" in markdown


def test_unknown_rule_hint_names_the_listing(run: Run, tmp_path: Path) -> None:
    config = _config(tmp_path, "lint:\n  rules:\n    zzzzzzzz: warn\n")
    res = run("lint", ORDERS, "--config", config, "--format", "json")
    assert res.exit_code == 2 and "accord rules --lint" in res.json()["error"]["hint"]


def test_the_lint_rules_reference_is_current(run: Run) -> None:
    """docs/rules/openapi-lint.md is generated from the rules: regenerate it with
    `accord rules --kind openapi --lint --format markdown > docs/rules/openapi-lint.md`."""
    assert LINT_DOCS.read_text(encoding="utf-8") == run(
        "rules", "--kind", "openapi", "--lint", "--format", "markdown").stdout


def test_listing_unknown_kind_exits_2(run: Run) -> None:
    res = run("rules", "--kind", "nope", "--lint", "--format", "json")
    assert res.exit_code == 2 and json.loads(res.stdout)["error"]["code"] == "UNKNOWN_KIND"
