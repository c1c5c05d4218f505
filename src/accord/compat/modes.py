"""Compatibility modes, with the meaning of a schema registry.

For an HTTP API, where the provider serves and clients call:

``BACKWARD``
    The new contract can replace the previous one under its existing clients:
    every request valid before is still accepted, every response a client was
    promised is still what it gets. Checked as ``diff(previous, new)`` having no
    breaking change. Deploy order: provider first, clients at leisure.
``FORWARD``
    Clients built against the new contract still work with a provider that
    serves the previous one (clients upgraded first, or a provider rolled
    back). Checked as ``diff(new, previous)`` having no breaking change.
``FULL``
    Both: providers and clients can upgrade in any order.
``*_TRANSITIVE``
    The same check against every earlier version, not just the previous one,
    so that clients pinned to any published version keep working.
``NONE``
    No compatibility check; changes are still reported.
"""

from __future__ import annotations

from enum import StrEnum


class Mode(StrEnum):
    NONE = "NONE"
    BACKWARD = "BACKWARD"
    BACKWARD_TRANSITIVE = "BACKWARD_TRANSITIVE"
    FORWARD = "FORWARD"
    FORWARD_TRANSITIVE = "FORWARD_TRANSITIVE"
    FULL = "FULL"
    FULL_TRANSITIVE = "FULL_TRANSITIVE"

    @property
    def transitive(self) -> bool:
        return self.value.endswith("_TRANSITIVE")

    @property
    def backward(self) -> bool:
        return self.value.startswith(("BACKWARD", "FULL"))

    @property
    def forward(self) -> bool:
        return self.value.startswith(("FORWARD", "FULL"))

    def pairs(self, count: int) -> list[tuple[int, str]]:
        """``(earlier index, "backward"|"forward")`` checks for the last of ``count`` versions.

        The nearest earlier version comes first.
        """
        if count < 2 or self is Mode.NONE:
            return []
        earlier = range(count - 2, -1, -1) if self.transitive else [count - 2]
        out: list[tuple[int, str]] = []
        for index in earlier:
            if self.backward:
                out.append((index, "backward"))
            if self.forward:
                out.append((index, "forward"))
        return out
