"""Directory contracts through the HTTP API (on SQLite and PostgreSQL): a Protobuf tree
whose files do not all import each other, published with ``filename: "protos/"`` and
every file in ``files``, stored as one bundle and read back whole by the kind."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from sqlalchemy import select

from accord.services import diffpool, registry
from accord.services.candidate import Candidate
from accord.services.publish import Hub as PublishHub
from accord.store import ContractVersion, Database, Document
from tests.api.conftest import Hub

COMMON = """\
syntax = "proto3";

package shop.v1;

// Money is an amount in a currency.
message Money {
  // The ISO 4217 code.
  string currency_code = 1;
  // Whole units.
  int64 units = 2;
}
"""
ORDERS = """\
syntax = "proto3";

package shop.v1;

import "common.proto";

// Orders places orders.
service OrderService {
  // Gets one order.
  rpc GetOrder(GetOrderRequest) returns (Order);
}

// Asks for one order.
message GetOrderRequest {
  // The order's id.
  string id = 1;
}

// An order.
message Order {
  // The order's id.
  string id = 1;
  // What it costs.
  Money total = 2;
}
"""
# Imported by no other file, and importing none: a second service.
BILLING = """\
syntax = "proto3";

package shop.v1;

// Billing sends invoices.
service BillingService {
  // Gets one invoice.
  rpc GetInvoice(GetInvoiceRequest) returns (Invoice);
}

// Asks for one invoice.
message GetInvoiceRequest {
  // The invoice's id.
  string id = 1;
}

// An invoice.
message Invoice {
  // The invoice's id.
  string id = 1;
  // A note on the invoice.
  string note = 2;
}
"""
NOTE = "  // A note on the invoice.\n  string note = 2;\n"
WITHOUT_NOTE = BILLING.replace(NOTE, "")
WITH_DUE = BILLING.replace(NOTE, NOTE + "  // When it is due.\n  string due_date = 3;\n")
TREE = {"common.proto": COMMON, "orders.proto": ORDERS, "billing/billing.proto": BILLING}


def _interface(hub: Hub, kind: str = "protobuf", name: str = "shop") -> None:
    response = hub.client.post("/v1/interfaces", headers=hub.auth(), json={
        "name": name, "kind": kind, "team": "orders", "compatibility": "BACKWARD"})
    assert response.status_code == 201, response.text


def _publish(hub: Hub, version: str, files: dict[str, str], filename: str = "protos/",
             **extra: Any) -> Any:
    body = {"filename": filename, "version": version, "files": files, **extra}
    return hub.client.post("/v1/interfaces/IF-001/versions", json=body, headers=hub.auth())


def _tree(billing: str = BILLING) -> dict[str, str]:
    return {**TREE, "billing/billing.proto": billing}


def test_a_directory_is_published_as_one_bundle_and_republished_as_a_no_op(hub: Hub) -> None:
    _interface(hub)
    first = _publish(hub, "1.0.0", _tree())
    assert first.status_code == 201, first.text
    version = first.json()
    assert version["filename"] == "protos/"
    # The lint report names the candidate's files below the directory's name.
    files = {f["location"]["file"] for f in version["lint"]["findings"]}
    assert files <= {"protos/orders.proto", "protos/billing/billing.proto"}, files
    again = _publish(hub, "1.0.0", _tree())
    assert again.status_code == 200, again.text
    assert again.json()["sha256"] == version["sha256"]
    # The directory's name is for display only: the same files are the same document.
    renamed = _publish(hub, "1.0.0", _tree(), filename=".")
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["sha256"] == version["sha256"]
    with hub.db.read() as session:
        assert session.scalar(select(Document.format)) == "zip"
        assert len(list(session.scalars(select(ContractVersion)))) == 1


def test_the_stored_directory_reads_back_as_a_zip_and_file_by_file(hub: Hub) -> None:
    _interface(hub)
    assert _publish(hub, "1.0.0", _tree()).status_code == 201
    url = "/v1/interfaces/IF-001/versions/1.0.0/document"
    whole = hub.client.get(url, headers=hub.auth())
    assert whole.status_code == 200
    assert whole.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(whole.content)) as archive:
        assert archive.namelist() == ["billing/billing.proto", "common.proto", "orders.proto"]
        assert archive.comment == b"./"
        assert archive.read("billing/billing.proto").decode() == BILLING
    one = hub.client.get(url, params={"path": "billing/billing.proto"}, headers=hub.auth())
    assert one.status_code == 200
    assert one.text == BILLING
    missing = hub.client.get(url, params={"path": "protos/"}, headers=hub.auth())
    assert missing.status_code == 404


def test_a_field_removed_in_a_file_nothing_imports_is_refused_in_that_file(hub: Hub) -> None:
    _interface(hub)
    assert _publish(hub, "1.0.0", _tree()).status_code == 201
    # A field added in the file nobody imports: safe, and in the changelog.
    added = _publish(hub, "1.1.0", _tree(WITH_DUE))
    assert added.status_code == 201, added.text
    [change] = added.json()["changelog"]
    assert (change["id"], change["operation"]) == ("field-added", "shop.v1.Invoice.due_date")
    assert change["location"]["file"] == "protos/billing/billing.proto"
    assert change["location"]["line"] == 24  # "  string due_date = 3;"
    # Removing a field there without reserving it is breaking under BACKWARD.
    check = hub.client.post("/v1/checks", headers=hub.auth(), json={
        "interface": "shop", "filename": "protos/", "version": "1.2.0",
        "files": _tree(WITH_DUE.replace(NOTE, ""))})
    assert check.status_code == 200, check.text
    assert check.json()["passed"] is False
    refused = _publish(hub, "1.2.0", _tree(WITH_DUE.replace(NOTE, "")))
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["code"] == "INCOMPATIBLE_CHANGE"
    assert problem["detail"] == "1.2.0 breaks BACKWARD against IF-001@1.1.0"
    [breaking] = problem["changes"]
    assert (breaking["id"], breaking["operation"]) == ("field-removed-unreserved",
                                                       "shop.v1.Invoice.note")
    # Located in the stored version's copy of that file, at the removed field.
    assert breaking["location"]["file"] == "IF-001@1.1.0/billing/billing.proto"
    assert (breaking["location"]["line"], breaking["location"]["column"]) == (22, 3)
    assert check.json()["problems"][0]["changes"] == problem["changes"]
    compared = hub.client.get("/v1/interfaces/IF-001/compare", headers=hub.auth(),
                              params={"from": "1.0.0", "to": "1.1.0"})
    assert compared.status_code == 200, compared.text
    assert [c["id"] for c in compared.json()["changes"]] == ["field-added"]
    assert compared.json()["changes"][0]["location"]["file"] == (
        "IF-001@1.1.0/billing/billing.proto")


def test_an_import_item_publishes_a_directory(hub: Hub) -> None:
    item = {"team": "orders", "interface": {"name": "shop", "kind": "protobuf"},
            "filename": "protos/", "files": _tree(), "version": "1.0.0"}
    response = hub.client.post("/v1/imports", json={"items": [item]}, headers=hub.auth())
    assert response.status_code == 200, response.text
    [outcome] = response.json()["data"]
    assert (outcome["status"], outcome["version"], outcome["version_created"]) == (
        201, "1.0.0", True)


@pytest.mark.parametrize(("body", "pointer", "message"), [
    ({"filename": "protos/", "files": {"../up.proto": COMMON}}, "/body/files/..~1up.proto",
     "outside the contract's root"),
    ({"filename": "protos/", "files": {}}, "/body/files", "has no files"),
    ({"filename": "protos/", "files": TREE, "document": COMMON}, "/body/document",
     "has no document"),
    ({"filename": "../protos/", "files": TREE}, "/body/filename", "outside the contract's root"),
    ({"filename": "/", "files": TREE}, "/body/filename", "absolute path"),
    ({"filename": "orders.proto", "files": TREE}, "/body/files",
     "files are given without a document"),
    ({"filename": "orders.proto"}, "/body/document", "a document is required"),
])
def test_bad_directory_contracts_are_refused_with_a_pointer(
        hub: Hub, body: dict[str, Any], pointer: str, message: str) -> None:
    _interface(hub)
    response = hub.client.post("/v1/interfaces/IF-001/versions", headers=hub.auth(),
                               json={"version": "1.0.0", **body})
    assert response.status_code == 422, response.text
    [field] = response.json()["fields"]
    assert field["pointer"] == pointer
    assert message in field["message"]
    check = hub.client.post("/v1/checks", headers=hub.auth(),
                            json={"interface": "shop", "version": "1.0.0", **body})
    assert check.status_code == 422, check.text
    assert check.json()["fields"][0]["pointer"] == pointer


def test_an_import_item_with_an_empty_directory_is_refused(hub: Hub) -> None:
    item = {"team": "orders", "interface": {"name": "shop", "kind": "protobuf"},
            "filename": "protos/"}
    response = hub.client.post("/v1/imports", json={"items": [item]}, headers=hub.auth())
    assert response.status_code == 422, response.text
    assert response.json()["fields"][0]["pointer"] == "/body/items/0/files"


def test_a_graphql_schema_directory_is_checked_file_by_file(hub: Hub) -> None:
    _interface(hub, kind="graphql", name="users-graph")
    schema = {"query.graphql": "type Query {\n  user(id: ID!): User\n}\n",
              "user.graphql": "type User {\n  id: ID!\n  name: String\n}\n",
              "billing/invoice.graphql": "type Invoice {\n  id: ID!\n  note: String\n}\n"}
    first = _publish(hub, "1.0.0", schema, filename="graph/")
    assert first.status_code == 201, first.text
    removed = _publish(hub, "1.1.0", {**schema,
                                      "billing/invoice.graphql": "type Invoice {\n  id: ID!\n}\n"},
                       filename="graph/")
    assert removed.status_code == 422, removed.text
    [breaking] = removed.json()["changes"]
    assert (breaking["id"], breaking["operation"]) == ("field-removed", "Invoice.note")
    assert breaking["location"]["file"] == "IF-001@1.0.0/billing/invoice.graphql"
    assert breaking["location"]["line"] == 3


def test_large_directory_histories_are_diffed_in_the_workers_alike(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    if diffpool.shared_pool() is None:
        pytest.skip("one usable core: no diff workers")
    db.upgrade()
    hub = PublishHub(db)
    registry.create_team(db, "orders")
    registry.create_interface(db, name="shop", kind="protobuf", team_id="orders")

    def candidate(version: str, billing: str) -> Candidate:
        return Candidate(b"", "protos/", version,
                         files={k: v.encode() for k, v in _tree(billing).items()})

    for version, billing in (("1.0.0", BILLING), ("1.1.0", WITH_DUE)):
        hub.publish("shop", candidate(version, billing), published_by="test")
    calls: list[int] = []
    original = diffpool.DiffPool.diff

    def diff(self: diffpool.DiffPool, *args: Any, **kwargs: Any) -> Any:
        out = original(self, *args, **kwargs)
        calls.append(len(out))
        return out

    monkeypatch.setattr(diffpool.DiffPool, "diff", diff)
    monkeypatch.setattr(diffpool, "PARALLEL_BYTES", 0)
    removed = candidate("1.2.0", WITH_DUE.replace(NOTE, ""))
    in_workers = hub.evaluate("shop", removed).compatibility
    assert calls == [2]
    monkeypatch.setattr(diffpool, "PARALLEL_BYTES", 1 << 62)
    here = hub.evaluate("shop", removed).compatibility
    assert calls == [2]
    assert in_workers is not None and here is not None
    assert in_workers.to_dict() == here.to_dict()
    assert "IF-001@1.1.0/billing/billing.proto" in {c.location.file
                                                     for c in in_workers.changes}
