"""`accord diff` and `accord rules` on Protobuf contracts, end to end: the JSON report,
exit codes, kind detection, categories from the command line, bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from tests.cli.conftest import Result
from tests.kinds.protobuf.support import NEW_TREE, OLD_TREE, ROOT, proto3, write

Run = Callable[..., Result]
OLD = proto3("message A {\n  string note = 1;\n  int32 count = 2;\n}\n")


@pytest.fixture
def run() -> Run:
    runner = CliRunner()

    def invoke(*args: str | Path) -> Result:
        res = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        return Result(res.exit_code, res.stdout, res.stderr)

    return invoke


def pair(tmp_path: Path, new: str) -> tuple[Path, Path]:
    return (write(tmp_path / "old", {"a.proto": OLD}) / "a.proto",
            write(tmp_path / "new", {"a.proto": new}) / "a.proto")


def test_the_json_report_of_a_breaking_change(run: Run, tmp_path: Path) -> None:
    old, new = pair(tmp_path, OLD.replace("  int32 count = 2;\n", ""))
    res = run("diff", old, new, "--kind", "protobuf", "--format", "json")
    assert res.exit_code == 1
    report = res.json()
    assert report["kind"] == "protobuf" and report["compatible"] is False
    assert report["suggested_bump"] == "major"
    assert report["changes"] == [{
        "id": "field-removed-unreserved", "level": "breaking", "direction": "both",
        "operation": "shop.v1.A.count", "operations": ["shop.v1.A.count"],
        "location": {"pointer": "/message_type/0/field/1", "file": str(old), "line": 5,
                     "column": 3},
        "message": "field shop.v1.A.count = 2 was removed without reserving its number or "
                   "name",
        "hint": 'add `reserved 2; reserved "count";` to message A'}]


def test_the_kind_is_detected_and_additions_exit_0(run: Run, tmp_path: Path) -> None:
    old, new = pair(tmp_path, OLD.replace("int32 count = 2;", "int32 count = 2;\n  bool x = 3;"))
    res = run("diff", old, new, "--format", "json")
    assert res.exit_code == 0, res.stdout
    report = res.json()
    assert report["kind"] == "protobuf" and report["suggested_bump"] == "minor"
    assert [c["id"] for c in report["changes"]] == ["field-added"]


def test_categories_from_the_command_line(run: Run, tmp_path: Path) -> None:
    old, new = pair(tmp_path, OLD.replace("string note = 1;", "string remark = 1;"))
    assert run("diff", old, new, "--format", "json").exit_code == 1
    wire = run("diff", old, new, "--kind", "protobuf", "--kind-option", "categories=WIRE",
               "--format", "json")
    assert wire.exit_code == 0, wire.stdout
    # The rename and the JSON name it changes: both outside WIRE, as buf judges them.
    assert [(c["id"], c["level"]) for c in wire.json()["changes"]] == [
        ("field-renamed", "dangerous"), ("field-json-name-changed", "dangerous")]
    strict = run("diff", old, new, "-O", "protobuf.categories=WIRE", "--fail-on", "dangerous")
    assert strict.exit_code == 1


def test_the_googleapis_directories(run: Run) -> None:
    res = run("diff", OLD_TREE, NEW_TREE, "--format", "json")
    assert res.exit_code == 1
    report = res.json()
    assert report["summary"] == {"breaking": 1, "dangerous": 0, "safe": 41}
    wire = run("diff", OLD_TREE, NEW_TREE, "-O", "protobuf.categories=WIRE_JSON")
    assert wire.exit_code == 0


def test_bad_input_exits_2_with_a_location_and_a_hint(run: Run, tmp_path: Path) -> None:
    old, _ = pair(tmp_path, OLD)
    bad = write(tmp_path / "bad", {"a.proto": OLD.replace("int32 count = 2;",
                                                          "int32 count = 2")}) / "a.proto"
    res = run("diff", old, bad, "--format", "json")
    assert res.exit_code == 2
    error = res.json()["error"]
    assert error["code"] == "INVALID_SYNTAX" and error["message"] == 'Expected ";".'
    assert error["location"] == {"pointer": "", "file": str(bad), "line": 6, "column": 1}
    assert error["hint"]
    text = run("diff", old, bad)
    assert text.exit_code == 2 and "Traceback" not in text.stdout + text.stderr
    assert f"{bad}:6:1" in text.stderr
    unknown = run("diff", old, old, "-O", "protobuf.categorys=WIRE", "--format", "json")
    assert unknown.exit_code == 2
    assert unknown.json()["error"]["code"] == "INVALID_CONFIG"


def test_the_rule_reference_is_current(run: Run) -> None:
    """docs/rules/protobuf.md is generated: regenerate it with
    `accord rules --kind protobuf --format markdown > docs/rules/protobuf.md`."""
    generated = run("rules", "--kind", "protobuf", "--format", "markdown")
    assert (ROOT / "docs" / "rules" / "protobuf.md").read_text(encoding="utf-8") == \
        generated.stdout


def test_include_in_accord_yaml_is_read_beside_it(run: Run, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An ``include`` written in accord.yaml names directories relative to that file
    (as ``accord publish`` reads it), wherever the command runs; one given with
    --kind-option is relative to the working directory."""
    project = tmp_path / "project"
    write(project / "shared", {"money.proto": proto3("message Money {\n  int64 cents = 1;\n}\n",
                                                     package="common.v1")})
    uses = 'import "money.proto";\n' + "message A {\n  common.v1.Money price = 1;\n}\n"
    old = write(project / "old", {"a.proto": proto3(uses)}) / "a.proto"
    new = write(project / "new", {"a.proto": proto3(uses.replace("  common.v1.Money price = 1;\n",
                                                                 ""))}) / "a.proto"
    config = project / "accord.yaml"
    config.write_text("kinds:\n  protobuf:\n    include: [shared]\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    res = run("diff", old, new, "--config", config, "--format", "json")
    assert res.exit_code == 1, res.stderr
    assert [c["id"] for c in res.json()["changes"]] == ["field-removed-unreserved"]
    # Without the configuration file the import is not found: a located input error.
    res = run("diff", old, new, "--kind", "protobuf", "--format", "json")
    assert res.exit_code == 2 and "money.proto" in res.stderr
    monkeypatch.chdir(project)
    res = run("diff", old, new, "-O", "protobuf.include=shared", "--format", "json")
    assert res.exit_code == 1, res.stderr
