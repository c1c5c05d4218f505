"""Kind options: accord.yaml's ``kinds:`` section and ``--kind-option``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from accord.core.errors import AccordError
from accord.kinds import load_kinds
from tests.cli.conftest import Result

OPEN_BASE = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {"id": {"type": "string"}}}
# Declares a typed property in an open model: under the strict policy the base could
# already write 'n' with any value, so the revision reads less (breaking); under the
# lenient policy the base never wrote 'n' (safe).
OPEN_REVISION = {**OPEN_BASE, "properties": {"id": {"type": "string"},
                                             "n": {"type": "integer"}}}


@pytest.fixture
def schemas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ACCORD_JSONSCHEMA_POLICY", raising=False)
    base, revision = tmp_path / "a.schema.json", tmp_path / "b.schema.json"
    base.write_text(json.dumps(OPEN_BASE))
    revision.write_text(json.dumps(OPEN_REVISION))
    return base, revision


def _rules(result: Result) -> list[str]:
    return [c["id"] for c in result.json()["changes"]]


def test_strict_by_default(run: Callable[..., Result], schemas: tuple[Path, Path]) -> None:
    result = run("diff", *schemas, "--format", "json")
    assert result.exit_code == 1
    assert _rules(result) == ["jsonschema-property-added-to-open-model"]


def test_policy_from_the_config_file(run: Callable[..., Result], schemas: tuple[Path, Path],
                                     tmp_path: Path) -> None:
    (tmp_path / "accord.yaml").write_text("kinds:\n  jsonschema:\n    policy: lenient\n")
    result = run("diff", *schemas, "--format", "json")
    assert result.exit_code == 0
    assert _rules(result) == ["jsonschema-property-added"]


def test_command_line_overrides_the_file(run: Callable[..., Result],
                                         schemas: tuple[Path, Path], tmp_path: Path) -> None:
    (tmp_path / "accord.yaml").write_text("kinds:\n  jsonschema:\n    policy: lenient\n")
    strict = run("diff", *schemas, "-O", "jsonschema.policy=strict", "--format", "json")
    assert _rules(strict) == ["jsonschema-property-added-to-open-model"]
    # Without a kind prefix the option is for the --kind given.
    short = run("changelog", *schemas, "--kind", "jsonschema", "-O", "policy=strict",
                "--format", "json")
    assert short.exit_code == 0
    assert "jsonschema-property-added-to-open-model" in short.stdout


def test_environment_is_the_fallback(run: Callable[..., Result], schemas: tuple[Path, Path],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_JSONSCHEMA_POLICY", "lenient")
    assert run("diff", *schemas).exit_code == 0
    assert run("diff", *schemas, "-O", "jsonschema.policy=strict").exit_code == 1


def test_draft_option_changes_how_documents_are_read(run: Callable[..., Result],
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # Draft 7 ignores the keywords beside a $ref; 2020-12 applies them.
    base = {"$schema": "http://json-schema.org/draft-07/schema#",
            "definitions": {"s": {"type": "string"}}, "$ref": "#/definitions/s"}
    old, new = tmp_path / "c.schema.json", tmp_path / "d.schema.json"
    old.write_text(json.dumps(base))
    new.write_text(json.dumps({**base, "maxLength": 3}))
    as_declared = run("diff", old, new, "--format", "json")
    assert (as_declared.exit_code, _rules(as_declared)) == (0, [])
    forced = run("diff", old, new, "-O", "jsonschema.draft=2020-12", "--format", "json")
    assert (forced.exit_code, _rules(forced)) == (1, ["jsonschema-max-length-decreased"])


@pytest.mark.parametrize(
    ("config", "message", "pointer", "hint"),
    [
        ("kinds:\n  jsonschema:\n    polcy: lenient\n", "no such option",
         "/kinds/jsonschema/polcy", "did you mean 'policy'?"),
        ("kinds:\n  jsonschema:\n    policy: loose\n", "not one of the choices",
         "/kinds/jsonschema/policy", "use one of: strict, lenient"),
        ("kinds:\n  openapi:\n    x: 1\n", "takes no options", "/kinds/openapi",
         "remove the options of 'openapi'"),
        ("kinds:\n  cobol:\n    x: 1\n", "no installed kind", "/kinds/cobol",
         "installed kinds:"),
        ("kinds: [jsonschema]\n", "must map kind names", "/kinds", "kinds:"),
        ("kinds:\n  jsonschema: strict\n", "must be a mapping", "/kinds/jsonschema", "option"),
    ],
)
def test_bad_options_are_located(run: Callable[..., Result], schemas: tuple[Path, Path],
                                 tmp_path: Path, config: str, message: str, pointer: str,
                                 hint: str) -> None:
    (tmp_path / "accord.yaml").write_text(config)
    for command in ("diff", "lint"):
        args = [*schemas] if command == "diff" else [schemas[0]]
        result = run(command, *args, "--format", "json")
        assert result.exit_code == 2, (command, result.stdout)
        error = json.loads(result.stdout)["error"]
        assert error["code"] == "INVALID_CONFIG"
        assert message in error["message"]
        assert error["location"]["pointer"] == pointer
        assert error["location"]["file"] == "accord.yaml"
        assert error["location"]["line"] >= 1
        assert hint in error["hint"]


def test_bad_command_line_options(run: Callable[..., Result],
                                  schemas: tuple[Path, Path]) -> None:
    no_kind = run("diff", *schemas, "-O", "policy=lenient")
    assert no_kind.exit_code == 2
    assert "names no kind" in no_kind.stderr
    no_value = run("diff", *schemas, "-O", "jsonschema.policy")
    assert no_value.exit_code == 2
    assert "is not KEY=VALUE" in no_value.stderr
    bad = run("diff", *schemas, "-O", "jsonschema.policy=loose", "--format", "json")
    assert json.loads(bad.stdout)["error"]["location"]["file"] == "--kind-option"


def _asyncapi(path: Path, properties: dict[str, object], version: str) -> Path:
    # 2.x 'publish': the application receives these messages from other producers.
    path.write_text(json.dumps({
        "asyncapi": "2.6.0", "info": {"title": "Orders", "version": version},
        "channels": {"orders": {"publish": {"message": {"name": "OrderPlaced", "payload": {
            "type": "object", "properties": properties}}}}}}))
    return path


def test_asyncapi_takes_the_policy(run: Callable[..., Result], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    old = _asyncapi(tmp_path / "old.yaml", {"id": {"type": "string"}}, "1.0.0")
    new = _asyncapi(tmp_path / "new.yaml", {"id": {"type": "string"}, "n": {"type": "integer"}},
                    "1.1.0")
    assert run("diff", old, new).exit_code == 1
    assert run("diff", old, new, "-O", "asyncapi.policy=lenient").exit_code == 0
    with pytest.raises(AccordError, match="no such option"):
        load_kinds().configured({"asyncapi": {"draft": "7"}})


def test_configured_registry_keeps_other_kinds() -> None:
    base = load_kinds()
    configured = base.configured({"jsonschema": {"policy": "lenient"}})
    assert configured["openapi"] is base["openapi"]
    assert configured["jsonschema"] is not base["jsonschema"]
    assert base.configured({}) is base
