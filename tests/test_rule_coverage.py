"""Every rule in every catalog is emitted by at least one test.

Collected after the test packages (pytest visits ``tests/`` sub-folders before
its own modules), so it sees what the whole suite emitted.
"""

from __future__ import annotations

import pytest

from accord.kinds import load_kinds
from tests.conftest import EMITTED


def test_every_rule_is_emitted_by_some_test(request: pytest.FixtureRequest) -> None:
    session = request.session
    full = not request.config.getoption("keyword") and not request.config.getoption("markexpr")
    modules = {item.path.name for item in session.items}
    if not full or not any(name.startswith("test_schema_") for name in modules):
        pytest.skip("meaningful only when the whole suite runs")
    registry = load_kinds()
    missing = [r.id for name in registry for r in registry[name].rules() if r.id not in EMITTED]
    assert missing == [], f"rules no test triggers: {missing}"
