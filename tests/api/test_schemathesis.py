"""A bounded property-based run against the hub's own OpenAPI document: no server
error, and every response (status, content type, headers, body) is one the
document declares."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accord.api import HubConfig, create_app
from accord.services import registry
from accord.services.candidate import Candidate
from accord.services.publish import Hub
from accord.store import Database

ADMIN = "admin-secret-for-schemathesis-0123456789"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "openapi"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def hub_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('st') / 'hub.db'}")
    app = create_app(HubConfig(admin_token=ADMIN), db=db)
    registry.create_team(db, "payments", "Payments")
    row = registry.create_interface(db, name="orders", kind="openapi", team_id="payments",
                                    fields={})
    Hub(db).publish(row.id, Candidate((EXAMPLES / "orders-v1.yaml").read_bytes(),
                                      "orders-v1.yaml", None), published_by="test")
    yield schemathesis.openapi.from_asgi("/v1/openapi.json", app)
    db.dispose()


def test_the_hub_keeps_its_own_contract(hub_schema: Any) -> None:
    failures: list[str] = []
    operations = 0
    for result in hub_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(max_examples=12, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {ADMIN}"},
                                   checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report all
            failures.append(f"{operation.label}: {exc}")
    assert operations >= 15
    assert not failures, "\n\n".join(failures)
