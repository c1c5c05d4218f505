"""accord publish and check with a contract that is a directory (a Protobuf tree, a
GraphQL schema directory) or a ZIP of one, against a live hub."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import httpx
import pytest

from accord.cli.imports import directory_bundle
from accord.core.errors import AccordError
from accord.kinds import load_kinds
from tests.api.test_directory_contracts import BILLING, NOTE, TREE, WITH_DUE
from tests.cli.hub.conftest import LiveHub, Run

MANIFEST = """\
team: orders
participant: {name: shop-service}
provides:
  - name: shop
    kind: %s
    contract: %s
    version: %s
    compatibility: BACKWARD
"""


def _service(tmp_path: Path, contract: str = "protos", version: str = "1.0.0",
             kind: str = "protobuf", files: dict[str, str] | None = None) -> Path:
    """A repository with the tree under ``protos/``; its manifest."""
    root = tmp_path / "service"
    for name, text in (TREE if files is None else files).items():
        path = root / "protos" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    manifest = root / "accord.yaml"
    manifest.write_text(MANIFEST % (kind, contract, version))
    return manifest


def _zip(folder: Path, target: Path, prefix: str = "", extra: dict[str, str] | None = None
         ) -> Path:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*.proto")):
            archive.write(path, prefix + path.relative_to(folder).as_posix())
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return target


def _version(hub: LiveHub, version: str) -> dict[str, object]:
    response = httpx.get(f"{hub.url}/v1/interfaces/shop/versions/{version}",
                         headers={"Authorization": f"Bearer {hub.reader}"})
    assert response.status_code == 200, response.text
    found: dict[str, object] = response.json()
    return found


def _zip_names(hub: LiveHub, version: str) -> list[str]:
    response = httpx.get(f"{hub.url}/v1/interfaces/shop/versions/{version}/document",
                         headers={"Authorization": f"Bearer {hub.reader}"})
    assert response.status_code == 200, response.text
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return archive.namelist()


def test_publish_sends_a_directory_and_check_names_its_local_files(
        live_hub: LiveHub, accord: Run, tmp_path: Path) -> None:
    manifest = _service(tmp_path)
    args = ("--hub", live_hub.url, "--token", live_hub.orders)
    done = accord("publish", "-m", manifest, *args)
    assert done.exit_code == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0].split()[1:4] == ["shop", "1.0.0", "published"]
    first = _version(live_hub, "1.0.0")
    assert first["filename"] == "protos/"
    assert _zip_names(live_hub, "1.0.0") == ["billing/billing.proto", "common.proto",
                                             "orders.proto"]
    again = accord("publish", "-m", manifest, "-f", "json", *args)
    assert again.exit_code == 0
    assert again.json()["data"][0]["status"] == 200
    assert _version(live_hub, "1.0.0")["sha256"] == first["sha256"]
    # A field added in the file no other file imports: found, and named by its local path.
    billing = manifest.parent / "protos" / "billing" / "billing.proto"
    billing.write_text(WITH_DUE)
    manifest.write_text(manifest.read_text().replace("version: 1.0.0", "version: 1.1.0"))
    checked = accord("check", "-m", manifest, "--fail-on", "safe", "-f", "github", *args)
    assert checked.exit_code == 1, checked.stdout + checked.stderr
    assert f"file={billing.as_posix()},line=24" in checked.stdout
    assert accord("publish", "-m", manifest, *args).exit_code == 0
    # Removing a field there is breaking under BACKWARD: refused, in the stored file.
    billing.write_text(WITH_DUE.replace(NOTE, ""))
    manifest.write_text(manifest.read_text().replace("version: 1.1.0", "version: 1.2.0"))
    gate = accord("check", "-m", manifest, "-f", "json", *args)
    assert gate.exit_code == 1, gate.stdout + gate.stderr
    [result] = gate.json()["results"]
    changes = result["check"]["compatibility"]["changes"]
    # A breaking change in a minor version: the bump is refused too.
    assert [c["id"] for c in changes] == ["field-removed-unreserved",
                                          "version-bump-insufficient"], changes
    change = changes[0]
    assert change["location"]["file"] == "IF-001@1.1.0/billing/billing.proto"
    refused = accord("publish", "-m", manifest, *args)
    assert refused.exit_code == 1
    assert "INCOMPATIBLE_CHANGE" in refused.stdout
    assert "field-removed-unreserved" in refused.stdout
    # The same directory named on the command line.
    alone = accord("check", manifest.parent / "protos", "--interface", "shop",
                   "--version", "1.2.0", *args)
    assert alone.exit_code == 1, alone.stdout + alone.stderr
    assert "field-removed-unreserved" in alone.stdout


@pytest.mark.parametrize("prefix", ["", "protos/"])
def test_a_zip_is_published_as_the_directory_it_holds(live_hub: LiveHub, accord: Run,
                                                      tmp_path: Path, prefix: str) -> None:
    manifest = _service(tmp_path)
    args = ("--hub", live_hub.url, "--token", live_hub.orders)
    assert accord("publish", "-m", manifest, *args).exit_code == 0
    digest = _version(live_hub, "1.0.0")["sha256"]
    # With or without the top folder, junk of other tools left out: the same files.
    _zip(manifest.parent / "protos", manifest.parent / "protos.zip", prefix,
         {"__MACOSX/._orders.proto": "junk", f"{prefix}.DS_Store": "junk"})
    manifest.write_text(manifest.read_text().replace("contract: protos", "contract: protos.zip"))
    again = accord("publish", "-m", manifest, "-f", "json", *args)
    assert again.exit_code == 0, again.stdout + again.stderr
    assert again.json()["data"][0]["status"] == 200  # the same document: nothing new
    assert _version(live_hub, "1.0.0")["sha256"] == digest
    # A change inside the ZIP is checked like one in the directory.
    (manifest.parent / "protos" / "billing" / "billing.proto").write_text(
        BILLING.replace(NOTE, ""))
    (manifest.parent / "protos.zip").unlink()
    _zip(manifest.parent / "protos", manifest.parent / "protos.zip", prefix)
    manifest.write_text(manifest.read_text().replace("version: 1.0.0", "version: 1.1.0"))
    refused = accord("publish", "-m", manifest, *args)
    assert refused.exit_code == 1
    assert "field-removed-unreserved" in refused.stdout


def test_bad_directory_and_zip_contracts_are_refused_at_the_manifest_line(
        accord: Run, tmp_path: Path) -> None:
    manifest = _service(tmp_path)
    args = ("--hub", "http://127.0.0.1:9", "--token", "unused")
    root = manifest.parent

    def refused(contract: str, words: str) -> None:
        manifest.write_text(MANIFEST % ("protobuf", contract, "1.0.0"))
        done = accord("publish", "-m", manifest, *args)
        assert done.exit_code == 2, done.stdout + done.stderr
        assert f"{manifest}:6:" in done.stderr, done.stderr  # the contract: line
        assert words in done.stderr, done.stderr
        assert "Traceback" not in done.stderr

    refused("../protos", "points outside the manifest's directory")
    (root / "empty" / "sub").mkdir(parents=True)
    refused("empty", "empty is an empty directory")
    (root / "docs").mkdir()
    (root / "docs" / "README.md").write_text("no protos here\n")
    refused("docs", "the protobuf kind reads no directory like it")
    with zipfile.ZipFile(root / "evil.zip", "w") as archive:
        archive.writestr("../evil.proto", 'syntax = "proto3";\n')
    refused("evil.zip", "unsafe member name '../evil.proto'")
    # protoc reads a Latin-1 comment; the hub stores text, so the client refuses it.
    (root / "protos" / "notes.proto").write_bytes(
        b'syntax = "proto3";\npackage shop.v1;\n// caf\xe9\nmessage Note {\n  string id = 1;\n}\n')
    refused("protos", "protos/notes.proto is not UTF-8 text")


def test_an_openapi_directory_is_not_a_contract_of_its_kind(tmp_path: Path) -> None:
    (tmp_path / "openapi").mkdir()
    (tmp_path / "openapi" / "a.yaml").write_text("openapi: 3.0.3\n")
    with pytest.raises(AccordError) as err:
        directory_bundle(load_kinds()["openapi"], tmp_path / "openapi", tmp_path)
    assert "the openapi kind reads no directory like it" in err.value.message


def test_a_graphql_schema_directory_is_published(live_hub: LiveHub, accord: Run,
                                                 tmp_path: Path) -> None:
    schema = {"query.graphql": "type Query {\n  user(id: ID!): User\n}\n",
              "user.graphql": "type User {\n  id: ID!\n  name: String\n}\n"}
    manifest = _service(tmp_path, kind="graphql", files=schema)
    args = ("--hub", live_hub.url, "--token", live_hub.orders)
    done = accord("publish", "-m", manifest, *args)
    assert done.exit_code == 0, done.stdout + done.stderr
    assert _zip_names(live_hub, "1.0.0") == ["query.graphql", "user.graphql"]
    (manifest.parent / "protos" / "user.graphql").write_text("type User {\n  id: ID!\n}\n")
    manifest.write_text(manifest.read_text().replace("version: 1.0.0", "version: 1.1.0"))
    refused = accord("publish", "-m", manifest, *args)
    assert refused.exit_code == 1
    assert "field-removed" in refused.stdout


ORDER_WITH_MONEY = """\
syntax = "proto3";
package shop.v1;
import "dep/v1/money.proto";
// An order.
message Order {
  // Its id.
  string id = 1;
  // What it costs.
  dep.v1.Money total = 2;
}
"""
MONEY = """\
syntax = "proto3";
package dep.v1;
// An amount of money.
message Money {
  // Whole units.
  int64 units = 1;
}
"""


def test_imports_from_an_include_directory_travel_with_the_contract(
        live_hub: LiveHub, accord: Run, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = _service(tmp_path, files={"shop/v1/order.proto": ORDER_WITH_MONEY})
    root = manifest.parent
    (root / "third_party" / "dep" / "v1").mkdir(parents=True)
    (root / "third_party" / "dep" / "v1" / "money.proto").write_text(MONEY)
    manifest.write_text(manifest.read_text() + "kinds:\n  protobuf:\n    include: [third_party]\n")
    # Run from elsewhere: the include directory is read relative to accord.yaml.
    monkeypatch.chdir(tmp_path)
    args = ("--hub", live_hub.url, "--token", live_hub.orders)
    done = accord("publish", "-m", manifest, *args)
    assert done.exit_code == 0, done.stdout + done.stderr
    # The imported file is stored inside the contract; the local option is not sent.
    assert _zip_names(live_hub, "1.0.0") == [".include/dep/v1/money.proto",
                                             "shop/v1/order.proto"]
    interface = httpx.get(f"{live_hub.url}/v1/interfaces/shop",
                          headers={"Authorization": f"Bearer {live_hub.reader}"}).json()
    assert "include" not in (interface.get("kind_options") or {})
    # The hub compiles it: a breaking change in the imported type's use is refused.
    (root / "protos" / "shop" / "v1" / "order.proto").write_text(
        ORDER_WITH_MONEY.replace("dep.v1.Money total = 2;", "int64 total = 2;"))
    manifest.write_text(manifest.read_text().replace("version: 1.0.0", "version: 1.1.0"))
    refused = accord("publish", "-m", manifest, *args, "--format", "json")
    assert refused.exit_code == 1, refused.stdout + refused.stderr
    assert "field-type-changed" in refused.stdout
