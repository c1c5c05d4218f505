"""`accord diff`, `accord lint` and `accord rules` on AsyncAPI contracts, end to end:
formats, exit codes, modes, bad input, and the generated rule references."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Result
from tests.kinds.asyncapi.support import FIXTURES, ROOT

V1 = FIXTURES / "orders-1.0.0.yaml"
V11 = FIXTURES / "orders-1.1.0.yaml"
V2 = FIXTURES / "orders-2.0.0.yaml"
Run = Callable[..., Result]


def test_a_compatible_revision_exits_0(run: Run) -> None:
    res = run("diff", V1, V11, "--format", "json")
    assert res.exit_code == 0, res.stdout
    report = res.json()
    assert report["kind"] == "asyncapi" and report["compatible"] is True
    assert report["suggested_bump"] == "minor"
    assert [(c["id"], c["level"], c["direction"]) for c in report["changes"]] == [
        ("channel-added", "safe", "both"), ("operation-added", "safe", "response")]
    assert report["summary"] == {"breaking": 0, "dangerous": 0, "safe": 2}


def test_a_breaking_revision_exits_1(run: Run) -> None:
    res = run("diff", V11, V2, "--format", "json")
    assert res.exit_code == 1
    report = res.json()
    assert report["compatible"] is False and report["suggested_bump"] == "major"
    change = report["changes"][0]
    assert change["id"] == "kafka-key-changed" and change["operation"] == "send orders.placed"
    assert change["location"]["file"] == str(V2) and change["location"]["line"] == 53


def test_forward_mode_reads_the_diff_the_other_way(run: Run) -> None:
    """FORWARD: consumers of the new contract against a producer of the old one; the
    operation the revision added is one the old version lacks."""
    res = run("diff", V1, V11, "--mode", "FORWARD", "--format", "json")
    assert res.exit_code == 1
    check = res.json()["checks"][0]
    assert check["check"] == "forward" and not check["compatible"]
    assert [v["id"] for v in check["violations"]] == ["channel-removed"]


def test_history_and_transitive_modes(run: Run) -> None:
    res = run("diff", V1, V11, V2, "--mode", "BACKWARD_TRANSITIVE", "--format", "json")
    assert res.exit_code == 1
    report = res.json()
    assert report["incompatible_with"] == [str(V11), str(V1)]


@pytest.mark.parametrize("fmt", ["text", "markdown", "sarif", "junit", "github"])
def test_every_format_keeps_the_exit_codes(run: Run, fmt: str) -> None:
    assert run("diff", V1, V11, "--format", fmt).exit_code == 0
    breaking = run("diff", V11, V2, "--format", fmt)
    assert breaking.exit_code == 1 and "kafka-key-changed" in breaking.stdout


def test_bad_input_exits_2_with_a_location(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("asyncapi: 3.0.0\ninfo: {title: x, version: '1'}\nchannels: {c: {}}\n"
                   "operations:\n  go: {action: emit, channel: {$ref: '#/channels/c'}}\n")
    res = run("diff", V1, bad, "--format", "json")
    assert res.exit_code == 2
    error = res.json()["error"]
    assert error["code"] == "INVALID_CONTRACT"
    assert error["location"]["file"] == str(bad) and error["location"]["line"] == 5
    assert "send" in error["hint"] and "Traceback" not in res.stdout + res.stderr
    text = run("diff", V1, bad)
    assert text.exit_code == 2 and f"{bad}:5:" in text.stderr + text.stdout


def test_lint_exit_codes_and_json(run: Run, tmp_path: Path) -> None:
    res = run("lint", V1, "--format", "json")
    report = res.json()
    assert report["kind"] == "asyncapi" and res.exit_code == (1 if report["failed"] else 0)
    broken = tmp_path / "broken.yaml"
    broken.write_text("asyncapi: 3.0.0\ninfo: {title: x, version: '1'}\n"
                      "operations:\n  go: {action: emit}\n")
    structure = run("lint", broken, "--format", "json")
    assert structure.exit_code == 1
    found = [f for f in structure.json()["findings"] if f["rule"] == "asyncapi-structure"]
    assert found and found[0]["location"]["line"] == 4
    missing = run("lint", tmp_path / "nope.yaml", "--format", "json")
    assert missing.exit_code == 2 and missing.json()["error"]["code"] == "FILE_NOT_FOUND"


@pytest.mark.parametrize(("page", "args"), [
    ("asyncapi.md", ()), ("asyncapi-lint.md", ("--lint",))])
def test_the_rule_references_are_current(run: Run, page: str, args: tuple[str, ...]) -> None:
    """docs/rules/asyncapi.md and asyncapi-lint.md are generated: regenerate them with
    `accord rules --kind asyncapi [--lint] --format markdown > docs/rules/<page>`."""
    generated = run("rules", "--kind", "asyncapi", *args, "--format", "markdown")
    assert (ROOT / "docs" / "rules" / page).read_text(encoding="utf-8") == generated.stdout


def test_the_rule_catalog_lists_every_rule_once(run: Run) -> None:
    rules = json.loads(run("rules", "--kind", "asyncapi", "--format", "json").stdout)["asyncapi"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) >= 45
    assert all(r["description"].endswith(".") and r["hint"] for r in rules)
