"""A buf repository published as a directory contract: the bundle carries buf.yaml (or
buf.work.yaml and the directories' buf.yaml) and the module files only, and the hub
reads the same modules from it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.cli.directories import directory_files
from accord.kinds.protobuf import ProtobufKind
from tests.cli.hub.conftest import LiveHub
from tests.kinds.protobuf.support import KIND, write

MANIFEST = """\
team: orders
participant: {name: shop-service}
provides:
  - name: shop
    kind: protobuf
    contract: repo
    version: %s
    compatibility: BACKWARD
"""
ORDER = """\
syntax = "proto3";
package acme.v1;
import "dep/v1/rate.proto";
// An order.
message Order {
  // Its id.
  string id = 1;
  // Its rate.
  dep.v1.Rate rate = 2;
  // A note.
  string note = 3;
}
"""
REPO = {
    "buf.yaml": "version: v2\nmodules:\n  - path: proto\n    excludes: [proto/acme/scratch]\n"
                "  - path: vendor\n",
    "proto/acme/v1/order.proto": ORDER,
    "proto/acme/scratch/wip.proto": 'syntax = "proto3";\npackage acme.scratch;\n',
    "vendor/dep/v1/rate.proto": 'syntax = "proto3";\npackage dep.v1;\n'
                                "// A rate.\nmessage Rate {\n  // Per mille.\n  int32 pm = 1;\n}\n",
    "tools/gen.proto": 'syntax = "proto3";\npackage tools;\n',
}


@pytest.fixture
def live_hub(tmp_path: Path) -> Iterator[LiveHub]:
    hub = LiveHub(tmp_path / "hub")
    yield hub
    hub.stop()


def publish(manifest: Path, hub: LiveHub, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv("ACCORD_CONFIG_DIR", str(manifest.parent / "config"))
    monkeypatch.delenv("ACCORD_HUB_URL", raising=False)
    monkeypatch.delenv("ACCORD_TOKEN", raising=False)
    done = CliRunner().invoke(app, ["publish", "-m", str(manifest), "--hub", hub.url,
                                    "--token", hub.orders], catch_exceptions=False)
    return done.exit_code, done.stdout + done.stderr


def test_a_buf_repository_is_published_with_its_buf_yaml_and_read_alike_by_the_hub(
        live_hub: LiveHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    service = tmp_path / "service"
    write(service / "repo", REPO)
    manifest = service / "accord.yaml"
    manifest.write_text(MANIFEST % "1.0.0")
    code, said = publish(manifest, live_hub, monkeypatch)
    assert code == 0, said
    response = httpx.get(f"{live_hub.url}/v1/interfaces/shop/versions/1.0.0/document",
                         headers={"Authorization": f"Bearer {live_hub.reader}"})
    assert response.status_code == 200, response.text
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        # The modules' files and buf.yaml; not the excluded or module-less ones.
        assert archive.namelist() == ["buf.yaml", "proto/acme/v1/order.proto",
                                      "vendor/dep/v1/rate.proto"]
        archive.extractall(tmp_path / "stored")
    assert KIND.load(tmp_path / "stored").model.roots == \
        KIND.load(service / "repo").model.roots == ("acme/v1/order.proto", "dep/v1/rate.proto")
    # The hub compiles the stored version by its modules: a field removed is found in it.
    order = service / "repo/proto/acme/v1/order.proto"
    order.write_text(ORDER.replace("  // A note.\n  string note = 3;\n", ""))
    manifest.write_text(MANIFEST % "2.0.0")
    code, said = publish(manifest, live_hub, monkeypatch)
    assert code == 1, said
    assert "field-removed-unreserved" in said
    assert "IF-001@1.0.0/proto/acme/v1/order.proto:11:3" in said


def test_a_workspace_sends_its_buf_work_yaml_and_each_directorys_buf_yaml(
        tmp_path: Path) -> None:
    repo = write(tmp_path / "repo", {
        "buf.work.yaml": "version: v1\ndirectories: [api, deps]\n",
        "api/acme/v1/order.proto": ORDER,
        "deps/buf.yaml": "version: v1\nbuild:\n  excludes: [old]\n",
        "deps/buf.lock": "version: v1\n",
        "deps/dep/v1/rate.proto": REPO["vendor/dep/v1/rate.proto"],
        "deps/old/old.proto": 'syntax = "proto3";\npackage old;\n'})
    files = directory_files(ProtobufKind(), repo, base_dir=None, where=None, shown="repo")
    assert sorted(files) == ["api/acme/v1/order.proto", "buf.work.yaml", "deps/buf.lock",
                             "deps/buf.yaml", "deps/dep/v1/rate.proto"]
    sent = write(tmp_path / "sent", files)
    assert KIND.load(sent).model.roots == KIND.load(repo).model.roots
