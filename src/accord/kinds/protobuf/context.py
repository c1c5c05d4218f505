"""What every comparison step shares: both models and the list of changes found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from accord.core.change import Change
from accord.kinds.protobuf.model import ProtoModel
from accord.kinds.protobuf.rules import CATALOG


@dataclass(frozen=True, slots=True)
class Site:
    """Where an element is: its model, file (proto path) and descriptor path."""

    model: ProtoModel
    file: str
    path: tuple[int, ...]

    def at(self, *steps: int) -> Site:
        return Site(self.model, self.file, (*self.path, *steps))


@dataclass
class DiffContext:
    """Where the comparison is, and what it found (located when it is done)."""

    base: ProtoModel
    revision: ProtoModel
    found: list[tuple[str, str, Site, str | None, str | None]] = field(default_factory=list)

    def emit(self, rule: str, message: str, site: Site, operation: str | None = None,
             hint: str | None = None) -> None:
        self.found.append((rule, message, site, operation, hint))

    def changes(self) -> list[Change]:
        for model in (self.base, self.revision):
            model.prepare_sources(site.file for _, _, site, _, _ in self.found
                                  if site.model is model)
        out = []
        for rule, message, site, operation, hint in self.found:
            change = CATALOG.change(rule, message, site.model.location(site.file, site.path),
                                    operation=operation)
            out.append(change if hint is None else replace(change, hint=hint))
        return out


def quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)
