from __future__ import annotations

import pytest

from accord.compat import Mode


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (Mode.NONE, []),
        (Mode.BACKWARD, [(2, "backward")]),
        (Mode.FORWARD, [(2, "forward")]),
        (Mode.FULL, [(2, "backward"), (2, "forward")]),
        (Mode.BACKWARD_TRANSITIVE, [(2, "backward"), (1, "backward"), (0, "backward")]),
        (Mode.FORWARD_TRANSITIVE, [(2, "forward"), (1, "forward"), (0, "forward")]),
        (
            Mode.FULL_TRANSITIVE,
            [(2, "backward"), (2, "forward"), (1, "backward"), (1, "forward"),
             (0, "backward"), (0, "forward")],
        ),
    ],
)
def test_pairs_of_four_versions(mode: Mode, expected: list[tuple[int, str]]) -> None:
    assert mode.pairs(4) == expected


def test_single_version_has_nothing_to_check() -> None:
    assert Mode.FULL_TRANSITIVE.pairs(1) == []
