"""End-to-end diffs of contracts split across files, and of cyclic schemas."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "openapi"


def test_split_contract_changes_point_into_the_referenced_file(run) -> None:
    res = run(
        "diff",
        FIXTURES / "split-v1" / "openapi.yaml",
        FIXTURES / "split-v2" / "openapi.yaml",
        "--format",
        "json",
    )
    assert res.exit_code == 1, res.stdout + res.stderr
    report = res.json()
    changes = report["changes"]
    # One change in the shared Pet schema, naming both operations that return it.
    [optional] = [c for c in changes if c["id"] == "response-property-became-optional"]
    assert optional["operations"] == ["GET /pets", "GET /pets/{petId}"]
    loc = optional["location"]
    assert loc["file"].endswith("pet.yaml") and "split-v2" in loc["file"]
    line = (
        (FIXTURES / "split-v2" / "schemas" / "pet.yaml").read_text().splitlines()[loc["line"] - 1]
    )
    assert line.strip().startswith("name:")
    lowered = [c for c in changes if c["id"] == "request-parameter-max-decreased"]
    assert len(lowered) == 1 and lowered[0]["location"]["file"].endswith("parameters.yaml")
    # 2.3.0 -> 2.4.0 is not enough for a breaking change
    assert report["version"]["sufficient"] is False
    assert report["version"]["suggested_version"] == "3.0.0"


def test_cyclic_schemas_terminate(tmp_path: Path) -> None:
    """Mutually recursive schemas, allOf cycles and self-references: no hang."""
    spec = """
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /nodes:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Tree'}
components:
  schemas:
    Node:
      type: object
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        parent: {$ref: '#/components/schemas/Node'}
        tree: {$ref: '#/components/schemas/Tree'}
        label: {type: string, maxLength: LEN}
    Tree:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            root: {$ref: '#/components/schemas/Node'}
            size: {type: integer}
    Base:
      anyOf:
        - $ref: '#/components/schemas/Tree'
        - type: object
          properties:
            id: {type: string}
"""
    base, rev = tmp_path / "a.yaml", tmp_path / "b.yaml"
    base.write_text(spec.replace("LEN", "100"))
    rev.write_text(spec.replace("LEN", "10"))
    proc = subprocess.run(
        [sys.executable, "-m", "accord", "diff", str(base), str(rev), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert '"request-property-max-length-decreased"' in proc.stdout


def test_changes_in_cycles_name_every_operation_that_reaches_them(run, tmp_path: Path) -> None:
    """A change inside mutually recursive schemas, reached by two operations
    through different entry points of the cycle, names both operations."""
    spec = """
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}
  /b:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/B'}}}
  /c:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: string}}}
components:
  schemas:
    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}, x: {type: string}}}
    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}, y: {type: string, LIMIT}}}
"""
    base, rev = tmp_path / "a.yaml", tmp_path / "b.yaml"
    base.write_text(spec.replace("LIMIT", "maxLength: 10"))
    rev.write_text(spec.replace("LIMIT", "maxLength: 20"))
    report = run("diff", base, rev, "--format", "json").json()
    [change] = [c for c in report["changes"] if c["id"] != "version-bump-insufficient"]
    assert change["id"] == "response-property-max-length-increased"
    assert change["operations"] == ["GET /a", "GET /b"]
