"""`accord diff` and `accord lint` of Federation subgraphs and AppSync schemas, end to
end, with the kind's options given by -O and in accord.yaml."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Result
from tests.kinds.graphql.support import write
from tests.kinds.graphql.test_diff_federation import SUBGRAPH as LINKED

Run = Callable[..., Result]
# No @link and no Federation 1 directive: Federation 2 only when told.
SUBGRAPH = '''\
type Product @key(fields: "id") @shareable {
  """The id."""
  id: ID!
  """The name."""
  name: String
}
extend type Review @key(fields: "id") {
  id: ID! @external
}
'''


def test_federation_2_given_with_o_reads_a_subgraph(run: Run, tmp_path: Path) -> None:
    old = write(tmp_path, "old.graphql", SUBGRAPH)
    new = write(tmp_path, "new.graphql", SUBGRAPH.replace('"id") @shareable', '"name") '
                                                          "@shareable"))
    refused = run("diff", old, new, "--format", "json")
    assert refused.exit_code == 2
    assert refused.json()["error"]["message"] == "unknown directive @shareable"
    res = run("diff", old, new, "-O", "graphql.federation=2", "--format", "json")
    assert res.exit_code == 1, res.stdout
    assert [(c["id"], c["operation"], c["level"]) for c in res.json()["changes"]] == [
        ("entity-key-changed", "Product", "breaking")]
    assert res.json()["changes"][0]["location"]["file"] == str(new)


def test_lint_with_federation_2_finds_no_validity_problem(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "schema.graphql", SUBGRAPH)
    res = run("lint", path, "-O", "graphql.federation=2", "--format", "json")
    assert res.exit_code == 0, res.stdout
    findings = res.json()["findings"]
    assert {f["rule"] for f in findings} == {"type-description"}
    assert {f["location"]["pointer"] for f in findings} == {"/Product"}  # not /Review
    bad = run("lint", path, "--format", "json")
    assert bad.exit_code == 1
    assert "graphql-schema-valid" in {f["rule"] for f in bad.json()["findings"]}


@pytest.mark.parametrize(("option", "hint"), [
    ("graphql.federation=3", "use auto, off, on, 1 or 2"),
    ("graphql.appsync=maybe", "use auto, off or on"),
])
def test_a_bad_value_is_refused_with_a_hint(run: Run, tmp_path: Path, option: str,
                                            hint: str) -> None:
    path = write(tmp_path, "schema.graphql", SUBGRAPH)
    res = run("diff", path, path, "-O", option, "--format", "json")
    assert res.exit_code == 2
    error = res.json()["error"]
    assert error["code"] == "INVALID_CONFIG" and hint in error["hint"]


def test_a_bad_value_in_accord_yaml_points_at_it(run: Run, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "schema.graphql", SUBGRAPH)
    write(tmp_path, "accord.yaml", "kinds:\n  graphql:\n    federation: v3\n")
    monkeypatch.chdir(tmp_path)
    res = run("diff", path, path, "--format", "json")
    assert res.exit_code == 2
    error = res.json()["error"]
    assert error["code"] == "INVALID_CONFIG"
    assert error["location"]["file"].endswith("accord.yaml")
    assert (error["location"]["pointer"], error["location"]["line"]) == (
        "/kinds/graphql/federation", 3)


def test_accord_yaml_turns_a_platform_off(run: Run, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "schema.graphql", "type Query { at: AWSDateTime }\n")
    monkeypatch.chdir(tmp_path)
    assert run("diff", path, path).exit_code == 0
    write(tmp_path, "accord.yaml", "kinds:\n  graphql:\n    appsync: off\n")
    res = run("diff", path, path, "--format", "json")
    assert res.exit_code == 2 and res.json()["error"]["message"] == (
        "unknown type AWSDateTime (Query.at)")


def test_a_subgraph_diff_never_loads_graphql_core(tmp_path: Path) -> None:
    """The @link's imports are read without graphql-core: a subgraph's diff stays as
    fast as any schema's."""
    old = write(tmp_path, "old.graphql", LINKED)
    new = write(tmp_path, "new.graphql", LINKED.replace('"id")', '"sku")'))
    script = ("import sys, json\nfrom accord.cli.app import main\n"
              f"sys.argv = ['accord', 'diff', {str(old)!r}, {str(new)!r}, '--format', 'json']\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\n"
              "print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert json.loads(done.stdout)["changes"][0]["id"] == "entity-key-changed"
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert not {m for m in loaded if m == "graphql" or m.startswith("graphql.")}
