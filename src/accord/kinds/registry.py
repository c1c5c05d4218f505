"""Finding kinds through the ``accord.kinds`` entry-point group."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location
from accord.kinds.protocol import Contract, Kind

ENTRY_POINT_GROUP = "accord.kinds"


class KindRegistry(Mapping[str, Kind]):
    """An immutable name -> kind mapping built once per process or test."""

    def __init__(self, kinds: Iterable[Kind]) -> None:
        self._kinds: dict[str, Kind] = {}
        for kind in kinds:
            if not isinstance(kind, Kind):
                raise AccordError(
                    ErrorCode.INVALID_CONTRACT,
                    f"{kind!r} does not implement the kind protocol",
                    hint="a kind provides name, title, sniff, load, rules and diff",
                )
            if kind.name in self._kinds:
                raise AccordError(
                    ErrorCode.DUPLICATE_KIND,
                    f"two kinds claim the name {kind.name!r}: "
                    f"{type(self._kinds[kind.name]).__module__} and {type(kind).__module__}",
                    hint="uninstall one of the packages, or rename its kind",
                )
            self._kinds[kind.name] = kind

    def __getitem__(self, name: str) -> Kind:
        try:
            return self._kinds[name]
        except KeyError:
            raise AccordError(
                ErrorCode.UNKNOWN_KIND,
                f"no kind named {name!r}",
                hint=f"installed kinds: {', '.join(sorted(self._kinds)) or 'none'}",
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def detect(self, path: Path) -> Kind:
        """The kind that reads ``path``, by asking each kind to sniff it."""
        from accord.source import load_tree_or_none

        data = load_tree_or_none(path)
        for kind in self._kinds.values():
            if kind.sniff(path, data):
                return kind
        raise AccordError(
            ErrorCode.NOT_A_CONTRACT,
            f"{path} is not a contract any installed kind reads",
            location=Location("", str(path), 1, 1),
            hint=f"pass --kind with one of: {', '.join(sorted(self._kinds))}",
        )

    def load(self, path: Path, kind: str | None = None) -> Contract:
        return (self[kind] if kind else self.detect(path)).load(path)


def _instantiate(ep: EntryPoint) -> Any:
    factory = ep.load()
    return factory()


def load_kinds(extra: Iterable[Kind] = ()) -> KindRegistry:
    """All kinds registered under the entry-point group, plus ``extra`` ones."""
    # An editable install can list the same entry point twice; count it once.
    unique = {(ep.name, ep.value): ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    found = [_instantiate(ep) for ep in unique.values()]
    return KindRegistry([*found, *extra])
