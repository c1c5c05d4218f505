"""Suite-wide fixtures and the record of which change rules the tests emit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from accord.kinds.openapi.catalog import Catalog

#: Every rule id some test made a kind emit (read by tests/test_rule_coverage.py).
EMITTED: set[str] = set()


@pytest.fixture(autouse=True, scope="session")
def _record_emitted_rules() -> Iterator[None]:
    original = Catalog.change

    def change(self: Catalog, rule_id: str, *args: Any, **kwargs: Any) -> Any:
        EMITTED.add(rule_id)
        return original(self, rule_id, *args, **kwargs)

    Catalog.change = change  # type: ignore[method-assign]
    yield
    Catalog.change = original  # type: ignore[method-assign]
