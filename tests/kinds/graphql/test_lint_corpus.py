"""The GraphQL lint rules on real and other inputs: GitHub's public schema, an
introspection result, the command line, and the generated rule reference."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from graphql import build_schema, introspection_from_schema
from typer.testing import CliRunner

from accord.cli.app import app
from accord.core import Finding
from accord.lint import RECOMMENDED, STRICT, LintRun, lint
from tests.cli.conftest import Result
from tests.kinds.graphql.test_lint import CLEAN, KIND, changed

ROOT = Path(__file__).resolve().parents[3]
GITHUB = ROOT.parent / "shared" / "corpora" / "graphql" / "github-2023-10-11.graphql"
Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    runner = CliRunner()

    def invoke(*args: str | Path) -> Result:
        res = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        return Result(res.exit_code, res.stdout, res.stderr)

    return invoke


@pytest.fixture(scope="module")
def github() -> list[Finding]:
    contract = KIND.load_lenient(GITHUB)
    return list(lint(contract, KIND.lint_rules(), LintRun(ruleset=STRICT)).findings)


def coordinates(found: list[Finding], rule: str) -> list[str]:
    return [f.location.pointer for f in found if f.rule == rule]


def test_github_counts_per_rule(github: list[Finding]) -> None:
    # Counted by hand in the SDL: every one of the 216 mutations returns a payload
    # without userErrors (GitHub reports errors at the top level); 81 input objects are
    # named without Input (AuditLogOrder, CommitMessage, ...); 22 fields have no
    # description of their own nor an interface's (14 interfaces' id fields, 8 edge
    # fields); 6 implementation fields are deprecated while the interface field is not.
    assert Counter(f.rule for f in github) == {
        "mutation-user-errors": 216, "input-type-name-suffix": 81, "field-description": 22,
        "graphql-schema-draft": 6, "collection-connection": 5, "state-field-enum": 4,
        "id-field-type": 2}
    assert all(f.location.file == str(GITHUB) and f.location.line for f in github)


def test_github_small_rules_name_their_elements(github: list[Finding]) -> None:
    assert coordinates(github, "state-field-enum") == [
        "/RepositoryCodeownersError/kind", "/SecurityAdvisoryIdentifier/type",
        "/TreeEntry/type", "/UserEmailMetadata/type"]
    assert coordinates(github, "id-field-type") == [
        "/ProjectV2IterationFieldIteration/id", "/ProjectV2SingleSelectFieldOption/id"]
    # Topic.relatedTopics(first: Int = 3) is bounded, Query.nodes(ids:) a lookup, and the
    # payloads' lists (UpdateTeamsRepositoryPayload.teams) the elements changed.
    assert coordinates(github, "collection-connection") == [
        "/Query/codesOfConduct", "/Query/licenses", "/Query/marketplaceCategories",
        "/SponsorsListing/featuredItems", "/Status/contexts"]
    assert "/TeamDiscussion/url" in coordinates(github, "graphql-schema-draft")


def test_github_follows_the_connection_and_mutation_conventions(
        github: list[Finding]) -> None:
    rules = {f.rule for f in github}
    assert not rules & {"connection-spec", "connection-arguments", "mutation-input-object",
                        "mutation-payload-type", "money-mutation-idempotency-key",
                        "graphql-schema-valid", "deprecated-reason", "type-description"}


def test_github_has_no_error_in_the_recommended_ruleset() -> None:
    report = lint(KIND.load_lenient(GITHUB), KIND.lint_rules(), LintRun(ruleset=RECOMMENDED))
    assert report.summary()["error"] == 0 and not report.failed
    assert "input-type-name-suffix" not in {f.rule for f in report.findings}


def introspection(tmp_path: Path, sdl: str) -> Path:
    path = tmp_path / "schema.json"
    result = {"data": introspection_from_schema(build_schema(sdl))}
    path.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return path


def test_an_introspection_result_is_linted_like_its_sdl(tmp_path: Path) -> None:
    clean = introspection(tmp_path, CLEAN)
    assert lint(KIND.load_lenient(clean), KIND.lint_rules(), LintRun(ruleset=STRICT)
                ).findings == ()
    path = introspection(tmp_path, changed(("  quantity: Int!\n}", "  quantity: Int!\n"
                                            "  \"\"\"Its state.\"\"\"\n  status: String\n}")))
    found = lint(KIND.load_lenient(path), KIND.lint_rules(), LintRun(ruleset=STRICT)).findings
    assert [(f.rule, f.location.pointer) for f in found] == [
        ("state-field-enum", "/OrderLine/status")]
    # At the field's object in the JSON, whose first member is its name.
    lines = path.read_text().splitlines()[(found[0].location.line or 0) - 1:]
    assert lines[0].strip() == "{" and lines[1].strip() == '"name": "status",'


def test_lint_reports_an_invalid_schema_as_findings(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "broken.graphql"
    path.write_text("type Query {\n  me: User\n  me: User\n}\n\ntype User {\n  id: ID!\n"
                    "  friend: Person\n}\n", encoding="utf-8")
    res = run("lint", path, "--format", "json")
    assert res.exit_code == 1
    found = [(f["rule"], f["location"]["pointer"], f["location"]["line"])
             for f in res.json()["findings"] if f["rule"] == "graphql-schema-valid"]
    assert found == [("graphql-schema-valid", "/Query/me", 3),
                     ("graphql-schema-valid", "/User/friend", 8)]


def test_lint_refuses_unreadable_sdl_with_exit_2(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.graphql"
    path.write_text("type Query {\n  me: \n}\n", encoding="utf-8")
    res = run("lint", path, "--format", "json")
    assert res.exit_code == 2 and res.json()["error"]["code"] == "INVALID_SYNTAX"


def test_the_lint_rule_reference_is_current(run: Run) -> None:
    """docs/rules/graphql-lint.md is generated: regenerate it with
    `accord rules --kind graphql --lint --format markdown > docs/rules/graphql-lint.md`."""
    generated = run("rules", "--kind", "graphql", "--lint", "--format", "markdown")
    assert (ROOT / "docs" / "rules" / "graphql-lint.md").read_text(
        encoding="utf-8") == generated.stdout
