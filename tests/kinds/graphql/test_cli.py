"""`accord diff` and `accord rules` on GraphQL contracts, end to end: the JSON
contract, exit codes, kind detection, bad input, the generated rule reference."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Result
from tests.kinds.graphql.support import GITHUB_NEW, GITHUB_OLD, ROOT, write

Run = Callable[..., Result]
V1 = "type Query { user(id: ID!): User }\ntype User { id: ID! name: String }\n"
V11 = V1.replace("name: String", "name: String\n  email: String")
V2 = V1.replace("user(id: ID!): User", "user(id: ID!, org: ID!): User")


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path, Path]:
    return (write(tmp_path, "v1.graphql", V1), write(tmp_path, "v11.graphql", V11),
            write(tmp_path, "v2.graphql", V2))


def test_a_compatible_revision_exits_0(run: Run, versions: tuple[Path, Path, Path]) -> None:
    v1, v11, _ = versions
    res = run("diff", v1, v11, "--format", "json")
    assert res.exit_code == 0, res.stdout
    report = res.json()
    assert report["kind"] == "graphql" and report["compatible"] is True
    assert report["suggested_bump"] == "minor"
    assert report["summary"] == {"breaking": 0, "dangerous": 0, "safe": 1}
    (change,) = report["changes"]
    assert change == {
        "id": "field-added", "level": "safe", "direction": "response",
        "operation": "User.email", "operations": ["User.email"],
        "location": {"pointer": "", "file": str(v11), "line": 3, "column": 3},
        "message": "Field User.email: String was added", "hint": "Nothing to do."}


def test_a_breaking_revision_exits_1(run: Run, versions: tuple[Path, Path, Path]) -> None:
    v1, _, v2 = versions
    res = run("diff", v1, v2, "--kind", "graphql", "--format", "json")
    assert res.exit_code == 1
    report = res.json()
    assert report["compatible"] is False and report["suggested_bump"] == "major"
    assert [(c["id"], c["operation"], c["direction"]) for c in report["changes"]] == [
        ("argument-added-required", "Query.user(org:)", "request")]


@pytest.mark.parametrize("fmt", ["text", "markdown", "sarif", "junit", "github"])
def test_every_format_keeps_the_exit_codes(run: Run, versions: tuple[Path, Path, Path],
                                           fmt: str) -> None:
    v1, v11, v2 = versions
    assert run("diff", v1, v11, "--format", fmt).exit_code == 0
    breaking = run("diff", v1, v2, "--format", fmt)
    assert breaking.exit_code == 1 and "argument-added-required" in breaking.stdout


def test_the_kind_is_detected_from_content(run: Run, tmp_path: Path) -> None:
    old = write(tmp_path, "old-schema", V1)
    new = write(tmp_path, "new-schema", V2)
    report = run("diff", old, new, "--format", "json").json()
    assert report["kind"] == "graphql" and report["summary"]["breaking"] == 1


def test_bad_input_exits_2_with_a_location_and_a_hint(run: Run, tmp_path: Path,
                                                     versions: tuple[Path, Path, Path]) -> None:
    bad = write(tmp_path, "bad.graphql", "type Query {\n  a: Int\n  a: String\n}\n")
    res = run("diff", versions[0], bad, "--format", "json")
    assert res.exit_code == 2
    error = res.json()["error"]
    assert error["code"] == "INVALID_CONTRACT"
    assert error["message"] == "Query.a is defined more than once"
    assert error["location"] == {"pointer": "", "file": str(bad), "line": 3, "column": 3}
    assert error["hint"] == "remove or rename one of the definitions"
    text = run("diff", versions[0], bad)
    assert text.exit_code == 2 and f"{bad}:3:3" in text.stderr + text.stdout
    assert "Traceback" not in text.stderr + text.stdout
    syntax = run("diff", versions[0], write(tmp_path, "syntax.graphql", "type Query {"))
    assert syntax.exit_code == 2 and "syntax.graphql:1:13" in syntax.stderr + syntax.stdout


@pytest.mark.skipif(not GITHUB_OLD.is_file(), reason="shared corpus missing")
def test_the_corpus_pair_through_the_cli(run: Run) -> None:
    res = run("diff", GITHUB_OLD, GITHUB_NEW, "--format", "json")
    assert res.exit_code == 1
    report = res.json()
    assert report["summary"] == {"breaking": 42, "dangerous": 74, "safe": 447}
    assert len(report["changes"]) == 563 and report["suggested_bump"] == "major"


def test_the_rule_reference_is_current(run: Run) -> None:
    """docs/rules/graphql.md is generated: regenerate it with
    `accord rules --kind graphql --format markdown > docs/rules/graphql.md`."""
    generated = run("rules", "--kind", "graphql", "--format", "markdown")
    assert (ROOT / "docs" / "rules" / "graphql.md").read_text(encoding="utf-8") == (
        generated.stdout)


def test_the_rule_catalog_lists_every_rule_once(run: Run) -> None:
    rules = json.loads(run("rules", "--kind", "graphql", "--format", "json").stdout)["graphql"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) == 85
    assert all(r["description"].endswith(".") and r["hint"] for r in rules)
    levels = {r["id"]: r["level"] for r in rules}
    assert levels["field-removed"] == "breaking"
    assert levels["deprecated-field-removed"] == "dangerous"
    assert levels["enum-value-added"] == "dangerous"


def test_diff_never_loads_graphql_core(versions: tuple[Path, Path, Path]) -> None:
    """graphql-core costs 0.2 s to import and 0.7 s to parse GitHub's schema: the diff
    reads SDL with accord's own reader."""
    v1, _, v2 = versions
    script = ("import sys, json\nfrom accord.cli.app import main\n"
              f"sys.argv = ['accord', 'diff', {str(v1)!r}, {str(v2)!r}, '--format', 'json']\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\n"
              "print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "accord.kinds.graphql.diff" in loaded  # the run did diff
    assert not {m for m in loaded if m == "graphql" or m.startswith("graphql.")}
