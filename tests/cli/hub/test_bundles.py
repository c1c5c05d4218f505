"""accord publish and check with a contract split over files ($ref to other files)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import httpx

from accord.cli.imports import contract_bundle
from accord.core.errors import AccordError
from accord.kinds import load_kinds
from tests.cli.hub.conftest import ROOT, LiveHub, Run

SPLIT = ROOT / "tests" / "fixtures" / "openapi" / "split-orders"
SCHEMAS = "components/schemas.yaml"
MANIFEST = """\
team: orders
participant: {name: orders-service}
provides:
  - name: orders
    kind: openapi
    contract: %s
"""


def _service(tmp_path: Path, contract_dir: str = "openapi") -> Path:
    """A repository with the split contract under ``contract_dir``; its manifest."""
    root = tmp_path / "service"
    shutil.copytree(SPLIT, root / contract_dir)
    manifest = root / "accord.yaml"
    manifest.write_text(MANIFEST % f"{contract_dir}/openapi.yaml")
    return manifest


def _zip_names(hub: LiveHub, version: str) -> list[str]:
    response = httpx.get(f"{hub.url}/v1/interfaces/orders/versions/{version}/document",
                         headers={"Authorization": f"Bearer {hub.reader}"})
    assert response.status_code == 200, response.text
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return archive.namelist()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_publish_sends_the_files_a_contract_references(live_hub: LiveHub, accord: Run,
                                                       tmp_path: Path) -> None:
    manifest = _service(tmp_path)
    args = ("--hub", live_hub.url, "--token", live_hub.orders)
    done = accord("publish", "-m", manifest, *args)
    assert done.exit_code == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0].split()[1:4] == ["orders", "1.0.0", "published"]
    assert _zip_names(live_hub, "1.0.0") == ["components/schemas.yaml", "openapi.yaml",
                                             "paths/orders.yaml"]
    again = accord("publish", "-m", manifest, "-f", "json", *args)
    assert again.exit_code == 0
    assert again.json()["data"][0]["status"] == 200
    # A response property added in a referenced file: the check names the local file.
    schemas = manifest.parent / "openapi" / SCHEMAS
    _edit(schemas, "      id: {type: string, example: ord_42}\n",
          "      id: {type: string, example: ord_42}\n      note: {type: string}\n")
    _edit(manifest.parent / "openapi" / "openapi.yaml", "version: 1.0.0", "version: 1.1.0")
    checked = accord("check", "-m", manifest, "--fail-on", "safe", "-f", "github", *args)
    assert checked.exit_code == 1, checked.stdout + checked.stderr
    assert f"file={schemas.as_posix()},line=" in checked.stdout
    published = accord("publish", "-m", manifest, *args)
    assert published.exit_code == 0, published.stdout
    # Dropping a property in that file is refused, located in the stored version's file.
    _edit(schemas, "      status: {type: string, enum: [placed, paid, shipped]}\n", "")
    _edit(schemas, "[id, status, total]", "[id, total]")
    _edit(manifest.parent / "openapi" / "openapi.yaml", "version: 1.1.0", "version: 1.2.0")
    refused = accord("publish", "-m", manifest, *args)
    assert refused.exit_code == 1
    assert "INCOMPATIBLE_CHANGE" in refused.stdout
    assert f"IF-001@1.1.0/{SCHEMAS}:" in refused.stdout


def test_files_above_the_contract_but_inside_the_repository_go_too(
        live_hub: LiveHub, accord: Run, tmp_path: Path) -> None:
    manifest = _service(tmp_path, "specs/orders")
    shared = manifest.parent / "shared"
    shared.mkdir()
    (manifest.parent / "specs" / "orders" / SCHEMAS).rename(shared / "schemas.yaml")
    _edit(manifest.parent / "specs" / "orders" / "paths" / "orders.yaml",
          "../components/schemas.yaml", "../../../shared/schemas.yaml")
    bundle = contract_bundle(load_kinds()["openapi"],
                             manifest.parent / "specs" / "orders" / "openapi.yaml",
                             manifest.parent)
    # The bundle's root is the deepest directory holding every file: the repository's.
    assert bundle.filename == "specs/orders/openapi.yaml"
    assert sorted(bundle.files) == ["../../shared/schemas.yaml", "paths/orders.yaml"]
    done = accord("publish", "-m", manifest, "--hub", live_hub.url, "--token", live_hub.orders)
    assert done.exit_code == 0, done.stdout + done.stderr
    assert _zip_names(live_hub, "1.0.0") == ["shared/schemas.yaml", "specs/orders/openapi.yaml",
                                             "specs/orders/paths/orders.yaml"]


def test_a_file_outside_the_manifests_directory_is_refused(accord: Run, tmp_path: Path,
                                                            live_hub: LiveHub) -> None:
    manifest = _service(tmp_path)
    outside = tmp_path / "elsewhere.yaml"
    shutil.move(manifest.parent / "openapi" / SCHEMAS, outside)
    _edit(manifest.parent / "openapi" / "paths" / "orders.yaml", "../components/schemas.yaml",
          "../../../elsewhere.yaml")
    done = accord("publish", "-m", manifest, "--hub", live_hub.url, "--token", live_hub.orders)
    assert done.exit_code == 2
    assert f"{manifest}:6:" in done.stderr  # the contract: line of the manifest
    assert "outside the manifest's directory" in done.stderr
    try:
        contract_bundle(load_kinds()["openapi"], manifest.parent / "openapi" / "openapi.yaml",
                        manifest.parent)
    except AccordError as exc:
        assert str(outside) in exc.message
    else:
        raise AssertionError("a file outside the manifest's directory was accepted")


def test_check_of_a_contract_file_sends_its_files(live_hub: LiveHub, accord: Run,
                                                  tmp_path: Path) -> None:
    manifest = _service(tmp_path)
    args = ("--hub", live_hub.url, "--token", live_hub.orders)
    assert accord("publish", "-m", manifest, *args).exit_code == 0
    entry = manifest.parent / "openapi" / "openapi.yaml"
    done = accord("check", entry, "--interface", "orders", "-f", "json", *args)
    assert done.exit_code == 0, done.stdout + done.stderr
    [result] = done.json()["results"]
    assert result["state"] == "unchanged"


def test_a_refusal_names_the_local_file_it_found_in(live_hub: LiveHub, accord: Run,
                                                     tmp_path: Path) -> None:
    manifest = _service(tmp_path)
    schemas = manifest.parent / "openapi" / SCHEMAS
    _edit(schemas, "total: {$ref: '#/schemas/Money'}", "total: {type: number, format: double}")
    done = accord("publish", "-m", manifest, "--hub", live_hub.url, "--token", live_hub.orders)
    assert done.exit_code == 1, done.stdout + done.stderr
    assert "LINT_FAILED" in done.stdout
    finding = next(line for line in done.stdout.splitlines() if "money-not-float" in line)
    assert finding.rstrip().endswith(f"{schemas.as_posix()}:29:14"), finding
