"""Finding kinds through the ``accord.kinds`` entry-point group."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location
from accord.kinds.protocol import Configurable, Contract, Kind

#: Where an option was written, for errors: (option key or None) -> Location.
Locate = Callable[[str, str | None], Location]

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

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def get(self, name: str, default: Any = None) -> Any:
        return self._kinds.get(name, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def configured(self, options: Mapping[str, Mapping[str, Any]],
                   locate: Locate | None = None) -> KindRegistry:
        """A registry whose kinds apply ``options`` (kind name -> that kind's
        options); kinds without options are shared. ``locate(kind, key)`` says where
        an option was written, for errors."""
        if not options:
            return self

        def where(name: str, key: str | None) -> Location | None:
            return locate(name, key) if locate is not None else None

        kinds = dict(self._kinds)
        for name, values in options.items():
            if name not in self._kinds:
                raise AccordError(
                    ErrorCode.INVALID_CONFIG, f"options for {name!r}, which is no installed kind",
                    location=where(name, None),
                    hint=f"installed kinds: {', '.join(sorted(self._kinds))}")
            if not values:
                continue
            kind = self._kinds[name]
            if not isinstance(kind, Configurable):
                raise AccordError(
                    ErrorCode.INVALID_CONFIG, f"the {name} kind takes no options",
                    location=where(name, None), hint=f"remove the options of {name!r}")
            try:
                kinds[name] = kind.configure(values)
            except AccordError as exc:
                if exc.location is not None:
                    raise
                key = exc.details.get("option")
                raise AccordError(exc.code, exc.message,
                                  location=where(name, key if isinstance(key, str) else None),
                                  hint=exc.hint, details=exc.details) from None
        configured = KindRegistry([])
        configured._kinds = kinds
        return configured

    def detect(self, path: Path) -> Kind:
        """The kind that reads ``path``, by asking each kind to sniff it."""
        # Kinds that read other files than YAML/JSON (.proto trees, SDL) claim them by
        # the path alone: ask them first, before paying for a YAML parser.
        for kind in self._kinds.values():
            if kind.sniff(path, None):
                return kind
        from accord.source import load_tree_or_none

        data = load_tree_or_none(path)
        if data is not None:
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
