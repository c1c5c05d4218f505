"""The ``avro`` kind end to end: registration, detection, loading, versions, and
``accord diff`` under the compatibility modes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.core.errors import AccordError, ErrorCode
from accord.kinds import load_kinds
from accord.kinds.protocol import DiffOptions
from tests.kinds.avro.support import KIND, field, record


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def run(*args: Any) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_the_kind_is_registered_through_its_entry_point():
    assert load_kinds()["avro"].title == "Avro"


def test_detection_by_suffix_and_by_a_named_root(tmp_path):
    registry = load_kinds()
    assert registry.detect(write(tmp_path / "a.avsc", ["null", "string"])).name == "avro"
    assert registry.detect(write(tmp_path / "order.json", record())).name == "avro"
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}
    assert registry.detect(write(tmp_path / "s.json", schema)).name == "jsonschema"
    unnamed = write(tmp_path / "t.json", {"type": "record", "fields": []})
    assert not KIND.sniff(unnamed, json.loads(unnamed.read_text()))


def test_an_invalid_schema_is_a_located_error(tmp_path):
    path = write(tmp_path / "bad.avsc", record(field("id", "strin")))
    with pytest.raises(AccordError) as caught:
        KIND.load(path)
    assert caught.value.code is ErrorCode.INVALID_CONTRACT
    assert "not a valid Avro schema" in caught.value.message
    assert caught.value.location is not None and caught.value.location.line == 1


def test_another_kind_of_document_is_refused(tmp_path):
    path = write(tmp_path / "api.json", {"openapi": "3.1.0", "type": "record", "name": "X"})
    with pytest.raises(AccordError) as caught:
        KIND.load(path)
    assert caught.value.code is ErrorCode.NOT_A_CONTRACT
    assert "--kind openapi" in (caught.value.hint or "")


def test_the_version_is_a_top_level_property_or_none(tmp_path):
    assert KIND.load(write(tmp_path / "a.avsc", record(version="1.2.0"))).version == "1.2.0"
    assert KIND.load(write(tmp_path / "b.avsc", record())).version is None


def test_changes_are_located_in_the_files(tmp_path):
    old = write(tmp_path / "v1.avsc", record(field("id", "string"), field("n", "int")))
    new = write(tmp_path / "v2.avsc", record(field("id", "string"), field("n", "long")))
    changes = KIND.diff(KIND.load(old), KIND.load(new), DiffOptions())
    assert [c.rule for c in changes] == ["avro-type-promoted"]
    lines = new.read_text().splitlines()
    assert changes[0].location.file == str(new)
    assert '"type": "long"' in lines[changes[0].location.line - 1]


@pytest.mark.parametrize(("mode", "code"), [
    ("backward", 0),  # the new reader promotes int to long
    ("forward", 1),  # a reader of v1 cannot read a long as an int
    ("full", 1),
    ("none", 0),
])
def test_modes_run_through_the_compat_layer(tmp_path, mode, code):
    old = write(tmp_path / "v1.avsc", record(field("n", "int")))
    new = write(tmp_path / "v2.avsc", record(field("n", "long")))
    result = run("diff", old, new, "--mode", mode)
    assert result.exit_code == code, result.output


def test_transitive_modes_check_every_earlier_version(tmp_path):
    v1 = write(tmp_path / "v1.avsc", record(field("id", "string")))
    v2 = write(tmp_path / "v2.avsc", record(field("id", "string"), field("n", "int", default=0)))
    # v3 drops n's default: it reads v2's data (which has n), not v1's (which has not).
    v3 = write(tmp_path / "v3.avsc", record(field("id", "string"), field("n", "int")))
    assert run("diff", v1, v2, v3, "--mode", "backward").exit_code == 0
    result = run("diff", v1, v2, v3, "--mode", "backward_transitive")
    assert result.exit_code == 1
    assert "avro-field-default-missing" in result.output


def test_rules_are_listed(tmp_path):
    result = run("rules", "--kind", "avro")
    assert result.exit_code == 0
    assert "avro-field-default-missing" in result.output
