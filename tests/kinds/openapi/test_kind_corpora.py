"""The kind on real contracts: Stripe and GitHub Enterprise Server releases."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from accord.kinds.openapi.rules import OPERATION_RULES
from accord.kinds.openapi.schema_engine import Result
from accord.kinds.openapi.schema_unchanged import Unchanged
from accord.kinds.protocol import Contract, DiffOptions
from tests.kinds.openapi.test_kind_support import KIND

CORPORA = Path(__file__).resolve().parents[3].parent / "shared" / "corpora" / "openapi"
OPERATION_IDS = {rule.id for rule in OPERATION_RULES}
TODAY = DiffOptions(today=date(2025, 6, 1))

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not available")


class NullDiffer:
    def __init__(self, *args: Any) -> None:
        self.unchanged = Unchanged()

    def result(self, *args: Any) -> Result:
        return Result()


@pytest.fixture(scope="module")
def contracts() -> dict[str, Contract]:
    names = ["stripe-v100", "stripe-v127", "github-ghes-3.5", "github-ghes-3.6"]
    return {name: KIND.load(CORPORA / f"{name}.json") for name in names}


def _operation_changes(base: Contract, rev: Contract) -> Counter[str]:
    changes = KIND.diff(base, rev, TODAY)
    return Counter(c.rule for c in changes if c.rule in OPERATION_IDS)


def test_stripe(contracts: dict[str, Contract]) -> None:
    base, rev = contracts["stripe-v100"], contracts["stripe-v127"]
    assert len(base.model.operations) == 390 and len(rev.model.operations) == 417
    found = _operation_changes(base, rev)
    assert found == {"operation-added": 27, "request-parameter-added": 3,
                     "request-body-became-optional": 1, "component-schema-added": 60,
                     # renamed to payment_pages_checkout_session_shipping_address_collection
                     "component-schema-removed": 1}


def test_github(contracts: dict[str, Contract]) -> None:
    changes = KIND.diff(contracts["github-ghes-3.5"], contracts["github-ghes-3.6"], TODAY)
    found = Counter(c.rule for c in changes if c.rule in OPERATION_IDS)
    assert found["operation-added"] == 19
    assert found["operation-removed"] == 5
    removed = [c for c in changes if c.rule == "request-parameter-removed"]
    assert [(c.operation, c.message) for c in removed] == [
        ("GET /repos/{owner}/{repo}/commits", "query parameter 'committer' was removed")]
    # 3.5 left some path parameters undeclared; declaring them in 3.6 adds nothing
    assert found["request-parameter-added-required"] == 0
    # the schema of the removed GET /app/installation-requests went with it
    [schema] = [c for c in changes if c.rule == "component-schema-removed"]
    assert schema.message == "component schema 'integration-installation-request' was removed"
    assert found["component-schema-added"] == 20


def test_a_contract_has_no_changes_against_itself(contracts: dict[str, Contract]) -> None:
    for name in ("stripe-v127", "github-ghes-3.6"):
        assert KIND.diff(contracts[name], contracts[name], TODAY) == []


