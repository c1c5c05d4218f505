"""GraphQL contracts through the hub: a single SDL file, then a schema split over
files (an entry importing the others) published as one bundle, with the compatibility
check of the publish pipeline (SQLite)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accord.cli.imports import contract_bundle
from accord.store import Database
from tests.api.conftest import Hub
from tests.kinds.graphql.support import KIND, write

ENTRY = '# import * from "types/user.graphql"\ntype Query {\n  user(id: ID!): User\n}\n'
USER = "type User {\n  id: ID!\n  name: String\n}\n"


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    h = Hub(Database(f"sqlite:///{tmp_path / 'hub.db'}"))
    response = h.client.post("/v1/interfaces", headers=h.auth(),
                             json={"name": "users-graph", "kind": "graphql", "team": "orders"})
    assert response.status_code == 201, response.text
    yield h
    h.client.close()


def publish(hub: Hub, version: str, user: str = USER, **extra: Any) -> Any:
    body = {"document": ENTRY, "filename": "schema.graphql", "version": version,
            "files": {"types/user.graphql": user}, **extra}
    return hub.client.post("/v1/interfaces/IF-001/versions", json=body, headers=hub.auth())


def test_the_cli_bundles_an_entry_with_the_files_it_imports(tmp_path: Path) -> None:
    entry = write(tmp_path, "graph/schema.graphql", ENTRY)
    write(tmp_path, "graph/types/user.graphql", USER)
    bundle = contract_bundle(KIND, entry, tmp_path)
    assert bundle.filename == "schema.graphql"
    assert bundle.files == {"types/user.graphql": USER}


def test_a_single_file_schema_is_published(hub: Hub) -> None:
    body = {"document": "type Query { me: Int }\n", "filename": "schema.graphql",
            "version": "1.0.0"}
    response = hub.client.post("/v1/interfaces/IF-001/versions", json=body,
                               headers=hub.auth())
    assert response.status_code == 201, response.text
    assert response.json()["version"] == "1.0.0"


def test_a_split_schema_is_published_and_checked_file_by_file(hub: Hub) -> None:
    first = publish(hub, "1.0.0")
    assert first.status_code == 201, first.text
    added = publish(hub, "1.1.0", USER.replace("  name: String\n",
                                               "  name: String\n  email: String\n"))
    assert added.status_code == 201, added.text
    [change] = added.json()["changelog"]
    assert (change["id"], change["operation"]) == ("field-added", "User.email")
    assert change["location"]["file"] == "types/user.graphql"
    assert change["location"]["line"] == 4
    # Removing a field that was never deprecated is breaking: a minor version is refused.
    removed = publish(hub, "1.2.0", "type User {\n  id: ID!\n}\n")
    assert removed.status_code == 422, removed.text
    problem = removed.json()
    assert problem["code"] == "INCOMPATIBLE_CHANGE"
    [breaking] = problem["changes"]
    assert (breaking["id"], breaking["operation"]) == ("field-removed", "User.name")
    assert breaking["location"]["file"] == "IF-001@1.1.0/types/user.graphql"
    assert problem["suggested_bump"] == "major"


def test_an_invalid_schema_is_refused_with_its_location(hub: Hub) -> None:
    """The pipeline lints first (the lenient load): graphql-core's problem is a finding."""
    response = publish(hub, "1.0.0", "type User {\n  id: ID!\n  id: String\n}\n")
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "LINT_FAILED"
    [finding] = problem["findings"]
    assert finding["message"] == "Field 'User.id' can only be defined once."
    assert finding["location"]["file"] == "types/user.graphql"
    assert (finding["location"]["line"], finding["location"]["column"]) == (3, 3)
