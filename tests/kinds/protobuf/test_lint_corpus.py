"""The Protobuf lint rules on real contracts (googleapis) and through the CLI, and the
generated rule reference."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.kinds.protobuf import ProtobufKind
from accord.lint import STRICT, LintRun, lint
from tests.kinds.protobuf.lint_support import CLEAN, CLEAN_NAME, ROOT, mutate

GOOGLEAPIS = ROOT.parent / "shared" / "corpora" / "protobuf" / "googleapis-2026-08-21"
needs_corpus = pytest.mark.skipif(not GOOGLEAPIS.is_dir(), reason="googleapis corpus absent")


def invoke(*args: str | Path) -> tuple[int, str]:
    res = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return res.exit_code, res.stdout


@needs_corpus
def test_googleapis_lints_with_the_counts_checked_by_hand() -> None:
    kind = ProtobufKind()
    report = lint(kind.load(GOOGLEAPIS), kind.lint_rules(), LintRun(ruleset=STRICT))
    counts = Counter(f.rule for f in report.findings)
    # 59 files sit in unversioned packages: google.api (33 files), google.type (17),
    # google.rpc (4), google.rpc.context (2), google.logging.type (2), google.longrunning.
    assert counts["package-versioned"] == 59
    # 14 of the 16 services do not end in Service (Publisher, Subscriber, ApiKeys, ...).
    assert counts["service-name-suffix"] == 14
    # No service comment mentions a deadline or timeout.
    assert counts["rpc-deadline-documented"] == 16
    # Of 110 RPCs, only pubsub's CreateTopic(Topic) and CreateSubscription(Subscription)
    # take a request that is not <Rpc>Request.
    assert counts["rpc-request-message"] == 2
    # Every one of the 12 Create* RPCs lacks a request_id (googleapis' own AIP-155 is
    # recent and these APIs predate it).
    assert counts["rpc-idempotency-key"] == 12
    # Zero values such as google.rpc.Code.OK and google.logging.type.LogSeverity.DEFAULT.
    assert counts["enum-zero-value-unspecified"] == 11
    # googleapis is documented throughout: two nested enums lack a comment.
    assert counts["comment-enum"] == 2
    assert counts["comment-message"] == counts["comment-rpc"] == counts["comment-service"] == 0
    # Only the contract's files are linted: google/protobuf (imports) never appears.
    assert all("google/protobuf/" not in (f.location.file or "") for f in report.findings)
    assert all(f.location.line for f in report.findings)


@needs_corpus
def test_the_cli_lints_googleapis_without_an_input_error() -> None:
    code, out = invoke("lint", GOOGLEAPIS, "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["kind"] == "protobuf" and not report["failed"]
    pubsub = [f for f in report["findings"] if f["rule"] == "rpc-request-message"
              and f["location"]["file"].endswith("google/pubsub/v1/pubsub.proto")]
    assert [(f["location"]["line"], f["location"]["pointer"]) for f in pubsub] == [
        (56, "/service/0/method/0/input_type"), (1259, "/service/1/method/0/input_type")]


def test_the_cli_reports_findings_of_a_mutated_contract(tmp_path: Path) -> None:
    path = tmp_path / CLEAN_NAME
    path.parent.mkdir(parents=True)
    path.write_text(mutate(CLEAN, ("int64 total_minor = 4;", "int64 totalMinor = 4;")))
    imports = ROOT / "tests" / "kinds" / "protobuf" / "lint_fixtures" / "imports"
    config = tmp_path / "accord.yaml"
    config.write_text(f"kinds:\n  protobuf:\n    include: [{imports}]\n")
    code, out = invoke("lint", tmp_path, "--format", "json", "--config", config)
    assert code == 0, out
    found = json.loads(out)["findings"]
    assert [(f["rule"], f["location"]["line"]) for f in found] == [
        ("field-name-lower-snake", 40)]
    assert path.read_text().splitlines()[39].strip() == "int64 totalMinor = 4;"


def test_the_rule_reference_is_current() -> None:
    """docs/rules/protobuf-lint.md is generated: regenerate it with
    `accord rules --kind protobuf --lint --format markdown > docs/rules/protobuf-lint.md`."""
    code, out = invoke("rules", "--kind", "protobuf", "--lint", "--format", "markdown")
    assert code == 0
    assert (ROOT / "docs" / "rules" / "protobuf-lint.md").read_text(encoding="utf-8") == out
