"""Loading a history of contract versions lazily: each parsed once, two kept at a time."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location
from accord.kinds import Contract, Kind, KindRegistry


class History:
    """The contracts at ``paths``, loaded on demand.

    The last one (the revision) stays loaded; of the earlier ones only the most
    recently used is kept, which matches the nearest-first order of history checks.
    """

    def __init__(self, registry: KindRegistry, paths: Sequence[Path], kind: str | None) -> None:
        self.paths = list(paths)
        _exists(self.paths[-1])
        chosen = registry[kind] if kind else registry.detect(self.paths[-1])
        preload = getattr(chosen, "preload", None)
        if callable(preload) and len(self.paths) == 2 and self.paths[0].exists():
            # A pair: the kind may start reading the base while the revision loads.
            # (Longer histories are diffed by forked workers, which must not inherit
            # the children such a kind starts.)
            preload(self.paths[:1])
        self._revision = chosen.load(self.paths[-1])
        # The revision lives until the end: keep the cyclic collector from
        # scanning its millions of objects again and again (and, in forked
        # workers, from touching the pages they share).
        gc.freeze()
        self.kind: Kind = registry[self._revision.kind]
        self._cached: tuple[int, Contract] | None = None

    def __getitem__(self, index: int) -> Contract:
        last = len(self.paths) - 1
        if index == last:
            return self._revision
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        path = self.paths[index]
        _exists(path)
        # Every version is read as the revision's kind: a document of another
        # kind fails that kind's own checks with a located error.
        contract = self.kind.load(path)
        self._cached = (index, contract)
        return contract

    @property
    def revision(self) -> Contract:
        return self._revision


def _exists(path: Path) -> None:
    if not path.exists():
        raise AccordError(
            ErrorCode.FILE_NOT_FOUND,
            f"{path} does not exist",
            location=Location("", str(path)),
            hint="check the path; contracts are read from files or directories",
        )
