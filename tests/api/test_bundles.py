"""Contracts of several files through the HTTP API: publish, check, import, read back
(on SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from accord.services import diffpool, registry
from accord.services.candidate import Candidate
from accord.services.publish import Hub as PublishHub
from accord.store import ContractVersion, Database, Document
from tests.api.conftest import Hub

SPLIT = Path(__file__).resolve().parents[1] / "fixtures" / "openapi" / "split-orders"
SCHEMAS = "components/schemas.yaml"
ORDER_ID = "      id: {type: string, example: ord_42}\n"


def _files() -> dict[str, str]:
    return {p.relative_to(SPLIT).as_posix(): p.read_text() for p in sorted(SPLIT.rglob("*.yaml"))
            if p.name != "openapi.yaml"}


def _entry(version: str = "1.0.0") -> str:
    return (SPLIT / "openapi.yaml").read_text().replace("version: 1.0.0", f"version: {version}")


def _body(version: str = "1.0.0", files: dict[str, str] | None = None,
          **extra: Any) -> dict[str, Any]:
    return {"document": _entry(version), "filename": "openapi.yaml",
            "files": _files() if files is None else files, **extra}


def _interface(hub: Hub) -> None:
    response = hub.client.post("/v1/interfaces", headers=hub.auth(),
                               json={"name": "orders", "kind": "openapi", "team": "orders"})
    assert response.status_code == 201, response.text


def _publish(hub: Hub, body: dict[str, Any]) -> Any:
    return hub.client.post("/v1/interfaces/IF-001/versions", json=body, headers=hub.auth())


def _without_status(schemas: str) -> str:
    """The schemas file without the order's status (a response property)."""
    return schemas.replace("      status: {type: string, enum: [placed, paid, shipped]}\n",
                           "").replace("[id, status, total]", "[id, total]")


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_split_contract_is_published_once_as_one_bundle(hub: Hub) -> None:
    _interface(hub)
    first = _publish(hub, _body())
    assert first.status_code == 201, first.text
    version = first.json()
    assert version["filename"] == "openapi.yaml"
    # The same files again, listed in another order: the same document, a no-op.
    again = _publish(hub, _body(files=dict(reversed(list(_files().items())))))
    assert again.status_code == 200, again.text
    assert again.json()["sha256"] == version["sha256"]
    with hub.db.read() as session:
        doc = session.get(Document, version["sha256"])
        assert doc is not None and doc.format == "zip"
        assert hashlib.sha256(doc.content).hexdigest() == version["sha256"]
        with zipfile.ZipFile(io.BytesIO(doc.content)) as archive:
            assert archive.namelist() == ["components/schemas.yaml", "openapi.yaml",
                                          "paths/orders.yaml"]
        assert session.scalar(select(ContractVersion.filename)) == "openapi.yaml"


def test_a_change_in_a_referenced_file_is_located_in_that_file(hub: Hub) -> None:
    _interface(hub)
    assert _publish(hub, _body()).status_code == 201
    files = _files()
    files[SCHEMAS] = files[SCHEMAS].replace(ORDER_ID, ORDER_ID + "      note: {type: string}\n")
    added = _publish(hub, _body("1.1.0", files))
    assert added.status_code == 201, added.text
    [change] = added.json()["changelog"]
    assert change["id"] == "response-property-added"
    assert change["location"]["file"] == SCHEMAS
    assert change["location"]["line"] == _line(files[SCHEMAS], "note:")
    # Dropping a response property in that file breaks the consumers of 1.1.0.
    broken = {**files, SCHEMAS: _without_status(files[SCHEMAS])}
    refused = _publish(hub, _body("1.2.0", broken))
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["code"] == "INCOMPATIBLE_CHANGE"
    removed = next(c for c in problem["changes"] if c["id"] == "response-property-removed")
    where = removed["location"]
    assert f"{where['file']}:{where['line']}:{where['column']}" == (
        f"IF-001@1.1.0/{SCHEMAS}:{_line(files[SCHEMAS], 'status: {type: string')}:15")
    versions = hub.client.get("/v1/interfaces/IF-001/versions", headers=hub.auth()).json()
    assert [v["version"] for v in versions["data"]] == ["1.0.0", "1.1.0"]
    compared = hub.client.get("/v1/interfaces/IF-001/compare?from=1.0.0&to=1.1.0",
                              headers=hub.auth()).json()
    assert [c["location"]["file"] for c in compared["changes"]] == [f"IF-001@1.1.0/{SCHEMAS}"]


@pytest.mark.parametrize("path", ["../x.yaml", "/etc/passwd", "a\\b.yaml", "a\x00b.yaml",
                                  "a/../../x.yaml", "./openapi.yaml", "x" * 256])
def test_bad_file_paths_are_refused_with_a_pointer(hub: Hub, path: str) -> None:
    _interface(hub)
    response = _publish(hub, _body(files={**_files(), path: "x: 1\n"}))
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "VALIDATION_FAILED"
    escaped = path.replace("~", "~0").replace("/", "~1")
    assert [f["pointer"] for f in problem["fields"]] == [f"/body/files/{escaped}"]
    assert repr(path)[:20] in problem["fields"][0]["message"]
    assert hub.client.get("/v1/interfaces/IF-001/versions",
                          headers=hub.auth()).json()["data"] == []


def test_duplicate_names_too_many_files_and_files_without_a_document(hub: Hub) -> None:
    _interface(hub)
    twice = _publish(hub, _body(files={**_files(), "./" + SCHEMAS: "x: 1\n"}))
    assert twice.status_code == 422
    assert twice.json()["fields"][0]["pointer"] == "/body/files/.~1components~1schemas.yaml"
    assert "same file" in twice.json()["fields"][0]["message"]
    climbing = _publish(hub, {**_body(), "filename": "../openapi.yaml"})
    assert climbing.status_code == 422
    assert climbing.json()["fields"][0]["pointer"] == "/body/filename"
    many = _publish(hub, _body(files={f"f{i}.yaml": "" for i in range(501)}))
    assert many.status_code == 422
    assert many.json()["fields"][0]["pointer"] == "/body/files"
    item = {"team": "orders", "interface": {"name": "orders", "kind": "openapi"},
            "files": _files()}
    imported = hub.client.post("/v1/imports", json={"items": [item]}, headers=hub.auth())
    assert imported.status_code == 422
    assert imported.json()["fields"][0]["pointer"] == "/body/items/0/files"


def test_the_document_of_a_bundle_is_a_zip_and_each_file_by_path(hub: Hub) -> None:
    _interface(hub)
    sha = _publish(hub, _body()).json()["sha256"]
    url = "/v1/interfaces/IF-001/versions/1.0.0/document"
    whole = hub.client.get(url, headers=hub.auth())
    assert whole.status_code == 200
    assert whole.headers["content-type"] == "application/zip"
    assert whole.headers["content-disposition"] == 'attachment; filename="IF-001-1.0.0.zip"'
    assert hashlib.sha256(whole.content).hexdigest() == sha
    with zipfile.ZipFile(io.BytesIO(whole.content)) as archive:
        assert archive.read(SCHEMAS).decode() == _files()[SCHEMAS]
    one = hub.client.get(url, params={"path": SCHEMAS}, headers=hub.auth())
    assert one.status_code == 200
    assert one.text == _files()[SCHEMAS]
    assert one.headers["content-type"].startswith("application/yaml")
    entry = hub.client.get(url, params={"path": "openapi.yaml"}, headers=hub.auth())
    assert entry.text == _entry()
    for unknown in ("nope.yaml", "../openapi.yaml", "components"):
        missing = hub.client.get(url, params={"path": unknown}, headers=hub.auth())
        assert missing.status_code == 404, unknown
        assert missing.headers["content-type"].startswith("application/problem+json")
        assert missing.json()["code"] == "NOT_FOUND"


def test_a_single_file_document_is_read_as_before_and_by_its_name(hub: Hub) -> None:
    _interface(hub)
    assert hub.publish("IF-001", "orders-v1.yaml").status_code == 201  # type: ignore[attr-defined]
    url = "/v1/interfaces/IF-001/versions/1.0.0/document"
    whole = hub.client.get(url, headers=hub.auth())
    assert whole.headers["content-type"].startswith("application/yaml")
    with hub.db.read() as session:
        assert session.scalar(select(Document.format)) == "yaml"
    named = hub.client.get(url, params={"path": "orders-v1.yaml"}, headers=hub.auth())
    assert named.content == whole.content
    assert hub.client.get(url, params={"path": "other.yaml"},
                          headers=hub.auth()).status_code == 404


def test_check_takes_files(hub: Hub) -> None:
    _interface(hub)
    assert _publish(hub, _body()).status_code == 201
    files = _files()
    files[SCHEMAS] = _without_status(files[SCHEMAS])
    answer = hub.client.post("/v1/checks", headers=hub.auth(),
                             json={"interface": "orders", **_body("1.1.0", files)})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["passed"] is False
    assert [p["code"] for p in body["problems"]] == ["INCOMPATIBLE_CHANGE"]
    changes = body["compatibility"]["changes"]
    removed = next(c for c in changes if c["id"] == "response-property-removed")
    assert removed["location"]["file"] == f"IF-001@1.0.0/{SCHEMAS}"
    # Without the files the entry's references cannot be resolved.
    alone = hub.client.post("/v1/checks", headers=hub.auth(),
                            json={"interface": "orders", **_body("1.1.0", {})})
    assert alone.status_code == 422
    assert alone.json()["code"] == "UNRESOLVABLE_REF"
    new = hub.client.post("/v1/checks", headers=hub.auth(),
                          json={"interface": "billing", "kind": "openapi", **_body()})
    assert new.status_code == 200 and new.json()["new_interface"] is True
    bad = hub.client.post("/v1/checks", headers=hub.auth(), json={
        "interface": "orders", **_body(files={"../up.yaml": "x: 1\n"})})
    assert bad.status_code == 422
    assert bad.json()["fields"][0]["pointer"] == "/body/files/..~1up.yaml"


def test_import_items_take_files(hub: Hub) -> None:
    item = {"team": "orders", "interface": {"name": "orders", "kind": "openapi"}, **_body()}
    done = hub.client.post("/v1/imports", json={"items": [item]}, headers=hub.auth())
    assert done.status_code == 200, done.text
    [result] = done.json()["data"]
    assert result["status"] == 201 and result["version"] == "1.0.0"
    again = hub.client.post("/v1/imports", json={"items": [item]}, headers=hub.auth())
    assert again.json()["data"][0]["status"] == 200
    bad = {**item, "files": {"/abs.yaml": "x: 1\n"}}
    refused = hub.client.post("/v1/imports", json={"items": [bad]}, headers=hub.auth())
    assert refused.status_code == 422
    assert refused.json()["fields"][0]["pointer"] == "/body/items/0/files/~1abs.yaml"
    document = hub.client.get("/v1/interfaces/orders/versions/1.0.0/document",
                              params={"path": "paths/orders.yaml"}, headers=hub.auth())
    assert document.text == _files()["paths/orders.yaml"]


def test_large_bundle_histories_are_diffed_in_the_workers_alike(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    if diffpool.shared_pool() is None:
        pytest.skip("one usable core: no diff workers")
    db.upgrade()
    hub = PublishHub(db)
    registry.create_team(db, "orders")
    registry.create_interface(db, name="orders", kind="openapi", team_id="orders")
    files = {path: text.encode() for path, text in _files().items()}
    added = {**files, SCHEMAS: files[SCHEMAS].replace(
        ORDER_ID.encode(), ORDER_ID.encode() + b"      note: {type: string}\n")}
    for version, contents in (("1.0.0", files), ("1.1.0", added)):
        hub.publish("orders", Candidate(_entry(version).encode(), "openapi.yaml", files=contents),
                    published_by="test")
    candidate = Candidate(_entry("1.2.0").encode(), "openapi.yaml", files={
        **added, SCHEMAS: _without_status(added[SCHEMAS].decode()).encode()})
    calls: list[int] = []
    original = diffpool.DiffPool.diff

    def diff(self: diffpool.DiffPool, *args: Any, **kwargs: Any) -> Any:
        out = original(self, *args, **kwargs)
        calls.append(len(out))
        return out

    monkeypatch.setattr(diffpool.DiffPool, "diff", diff)
    monkeypatch.setattr(diffpool, "PARALLEL_BYTES", 0)
    in_workers = hub.evaluate("orders", candidate).compatibility
    assert calls == [2]
    monkeypatch.setattr(diffpool, "PARALLEL_BYTES", 1 << 62)
    here = hub.evaluate("orders", candidate).compatibility
    assert calls == [2]
    assert in_workers is not None and here is not None
    assert in_workers.to_dict() == here.to_dict()
    files_named = {c.location.file for c in in_workers.changes}
    assert f"IF-001@1.1.0/{SCHEMAS}" in files_named
