"""Contract kinds: each one a plugin implementing :class:`accord.kinds.protocol.Kind`."""

from __future__ import annotations

from accord.kinds.protocol import Contract, Kind
from accord.kinds.registry import KindRegistry, load_kinds

__all__ = ["Contract", "Kind", "KindRegistry", "load_kinds"]
