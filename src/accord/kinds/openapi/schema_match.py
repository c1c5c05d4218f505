"""Pairing the branches of two ``oneOf``/``anyOf`` lists.

Branches are paired, in this order, by: the name their ``$ref`` points to,
their title, their discriminator value (from the mapping, or a one-value enum
or const of the discriminator property), and finally structural similarity:
compatible types required, then the most similar first (the overlap of
property names, then of their other features: format, enum values, bounds...).
Paired branches are compared with each other; the rest are added or removed
alternatives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Branch:
    """What matching needs to know about one branch."""

    index: int
    ref_name: str | None
    title: str | None
    tags: frozenset[str]
    types: frozenset[str] | None
    properties: frozenset[str]
    #: everything else that tells similar branches apart (keywords and values)
    features: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        if self.ref_name:
            return self.ref_name
        if self.title:
            return self.title
        if self.types:
            return "/".join(sorted(self.types))
        return f"#{self.index + 1}"


Pairs = list[tuple[int, int]]


def _compatible(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    if a is None or b is None:
        return a is b
    if a & b:
        return True
    numeric = {"integer", "number"}
    return bool(a & numeric and b & numeric)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _score(a: Branch, b: Branch) -> float:
    types = 1.0 if a.types == b.types else 0.5
    return types + _jaccard(a.properties, b.properties) + 0.5 * _jaccard(a.features, b.features)


def match(
    base: list[Branch], revision: list[Branch], *, force: bool = False
) -> tuple[Pairs, list[Branch], list[Branch]]:
    """Pairs of (base index, revision index), unpaired base, unpaired revision.

    ``force``: pair the best candidates even when nothing says they are the
    same (used when one side has a single plain schema).
    """
    pairs: Pairs = []
    left = {b.index: b for b in base}
    right = {r.index: r for r in revision}

    keys: list[Callable[[Branch], list[str]]] = [
        lambda b: [b.ref_name] if b.ref_name else [],
        lambda b: [b.title] if b.title else [],
        lambda b: sorted(b.tags),
    ]
    for key in keys:
        index_l = _unique(left.values(), key)
        index_r = _unique(right.values(), key)
        for tag, i in index_l.items():
            j = index_r.get(tag)
            if j is not None and i in left and j in right:
                pairs.append((i, j))
                del left[i], right[j]

    candidates: list[tuple[float, int, int]] = []
    for a in left.values():
        for b in right.values():
            if not _compatible(a.types, b.types):
                continue
            if a.properties and b.properties and not a.properties & b.properties:
                continue
            candidates.append((_score(a, b), a.index, b.index))
    if force and not candidates:
        candidates = [(_score(a, b), a.index, b.index) for a in left.values()
                      for b in right.values()]
    for _value, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i in left and j in right:
            pairs.append((i, j))
            del left[i], right[j]
    pairs.sort()
    return pairs, list(left.values()), list(right.values())


def _unique(branches: Iterable[Branch], key: Callable[[Branch], list[str]]) -> dict[str, int]:
    """Tag -> branch index, for tags that name exactly one branch."""
    seen: dict[str, int] = {}
    dup: set[str] = set()
    for branch in branches:
        for tag in key(branch):
            if tag in seen:
                dup.add(tag)
            seen[tag] = branch.index
    return {t: i for t, i in seen.items() if t not in dup}
