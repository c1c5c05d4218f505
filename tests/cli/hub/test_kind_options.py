"""A manifest's kind_options through accord publish and accord check to the hub."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.hub.conftest import LiveHub, Run

DRAFT = "https://json-schema.org/draft/2020-12/schema"
MANIFEST = """\
team: orders
participant:
  name: order-service
provides:
  - name: order-events
    kind: jsonschema
    contract: order.schema.json
{extra}"""


def _schema(version: str, *, added: bool = False) -> str:
    properties = {"id": {"type": "string"}, **({"n": {"type": "integer"}} if added else {})}
    return json.dumps({"$schema": DRAFT, "version": version, "title": "Order",
                       "description": "An order.", "type": "object",
                       "properties": properties})


@pytest.fixture(autouse=True)
def _no_policy_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACCORD_JSONSCHEMA_POLICY", raising=False)


def _service(tmp_path: Path, extra: str) -> Path:
    (tmp_path / "order.schema.json").write_text(_schema("1.0.0"))
    manifest = tmp_path / "accord.yaml"
    manifest.write_text(MANIFEST.format(extra=extra))
    return manifest


def _publish(accord: Run, live_hub: LiveHub, manifest: Path) -> dict[str, object]:
    done = accord("publish", "-m", manifest, "-f", "json", "--hub", live_hub.url,
                  "--token", live_hub.orders)
    item: dict[str, object] = done.json()["data"][0]
    return item


def _revise(manifest: Path) -> None:
    (manifest.parent / "order.schema.json").write_text(_schema("1.1.0", added=True))


def test_the_manifests_options_are_stored_and_applied(live_hub: LiveHub, accord: Run,
                                                      tmp_path: Path) -> None:
    manifest = _service(tmp_path, "    kind_options:\n      policy: lenient\n")
    assert _publish(accord, live_hub, manifest)["status"] == 201
    shown = accord("interfaces", "show", "order-events", "-f", "json", "--hub", live_hub.url,
                   "--token", live_hub.reader).json()
    assert shown["kind_options"] == {"policy": "lenient"}
    text = accord("interfaces", "show", "order-events", "--hub", live_hub.url,
                  "--token", live_hub.reader).stdout
    assert "  kind options   policy=lenient\n" in text
    _revise(manifest)
    checked = accord("check", "-m", manifest, "-f", "json", "--hub", live_hub.url,
                     "--token", live_hub.orders)
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    item = _publish(accord, live_hub, manifest)
    assert item["status"] == 201 and item["version"] == "1.1.0", item


def test_without_options_the_same_version_is_refused(live_hub: LiveHub, accord: Run,
                                                     tmp_path: Path) -> None:
    manifest = _service(tmp_path, "")
    assert _publish(accord, live_hub, manifest)["status"] == 201
    _revise(manifest)
    checked = accord("check", "-m", manifest, "--hub", live_hub.url, "--token", live_hub.orders)
    assert checked.exit_code == 1
    assert "jsonschema-property-added-to-open-model" in checked.stdout
    item = _publish(accord, live_hub, manifest)
    assert item["status"] == 422
    assert item["problem"]["code"] == "INCOMPATIBLE_CHANGE"  # type: ignore[index]


def test_the_kinds_section_is_the_default(live_hub: LiveHub, accord: Run,
                                          tmp_path: Path) -> None:
    manifest = _service(tmp_path, "")
    manifest.write_text(manifest.read_text() + "kinds:\n  jsonschema:\n    policy: lenient\n")
    assert _publish(accord, live_hub, manifest)["status"] == 201
    _revise(manifest)
    assert _publish(accord, live_hub, manifest)["status"] == 201


def test_the_interfaces_own_options_win_over_the_kinds_section(
        live_hub: LiveHub, accord: Run, tmp_path: Path) -> None:
    manifest = _service(tmp_path, "    kind_options:\n      policy: lenient\n"
                        "kinds:\n  jsonschema:\n    policy: strict\n")
    assert _publish(accord, live_hub, manifest)["status"] == 201
    _revise(manifest)
    assert _publish(accord, live_hub, manifest)["status"] == 201


@pytest.mark.parametrize(("extra", "line", "pointer", "hint"), [
    ("    kind_options:\n      policy: lax\n", 9, "/provides/0/kind_options/policy",
     "strict, lenient"),
    ("kinds:\n  jsonschema:\n    polcy: x\n", 10, "/kinds/jsonschema/polcy",
     "did you mean 'policy'?"),
])
def test_a_bad_option_is_refused_at_its_line(live_hub: LiveHub, accord: Run, tmp_path: Path,
                                             extra: str, line: int, pointer: str,
                                             hint: str) -> None:
    manifest = _service(tmp_path, extra)
    for command in ("publish", "check"):
        done = accord(command, "-m", manifest, "-f", "json", "--hub", live_hub.url,
                      "--token", live_hub.orders)
        assert done.exit_code == 2, command
        error = json.loads(done.stdout or done.stderr)["error"]
        assert error["code"] == "INVALID_CONFIG"
        assert error["location"]["pointer"] == pointer
        assert error["location"]["line"] == line
        assert hint in error["hint"]
    listed = accord("interfaces", "list", "-f", "json", "--hub", live_hub.url,
                    "--token", live_hub.reader).json()["data"]
    assert listed == []  # refused before anything was sent
