"""Pairing the elements of two versions: by key first, then by what they describe.

A document that is renamed or migrated (AsyncAPI 2.6 to 3.0 renames channels from
their address to an id, and messages from their name to a channel-local key) still
pairs up: what is left after the keys is paired by a second identity (the address,
the message name), and a single leftover on each side is paired as the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping
from typing import TypeVar

T = TypeVar("T")

_TEMPLATE = re.compile(r"\{[^{}]*\}")


def normalise_address(address: str | None) -> str | None:
    """``user/{id}/events`` -> ``user/{}/events``: addresses equal up to parameter names."""
    return _TEMPLATE.sub("{}", address) if address is not None else None


Identity = Callable[[T], Hashable | None]


def pair(base: Mapping[str, T], rev: Mapping[str, T],
         *identities: Identity[T] | tuple[Identity[T], Identity[T]],
         single: bool = False) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """(pairs, removed, added): paired by key, then by each identity in turn (only
    where it is unique on both sides; a pair of functions computes it for the base
    and the revision differently), then, with ``single``, the one leftover on each
    side."""
    pairs: list[tuple[T, T]] = []
    left_base = {k: v for k, v in base.items() if k not in rev}
    left_rev = {k: v for k, v in rev.items() if k not in base}
    pairs.extend((v, rev[k]) for k, v in base.items() if k in rev)
    for identity in identities:
        if not left_base or not left_rev:
            break
        of_base, of_rev = identity if isinstance(identity, tuple) else (identity, identity)
        by_base = _unique(left_base, of_base)
        by_rev = _unique(left_rev, of_rev)
        for ident, key in by_base.items():
            other = by_rev.get(ident)
            if other is not None:
                pairs.append((left_base.pop(key), left_rev.pop(other)))
    if single and len(left_base) == 1 and len(left_rev) == 1:
        pairs.append((left_base.popitem()[1], left_rev.popitem()[1]))
    return pairs, list(left_base.values()), list(left_rev.values())


def _unique(items: Mapping[str, T], identity: Callable[[T], Hashable | None],
            ) -> dict[Hashable, str]:
    seen: dict[Hashable, str] = {}
    twice: set[Hashable] = set()
    for key, value in items.items():
        ident = identity(value)
        if ident is None:
            continue
        if ident in seen:
            twice.add(ident)
        seen[ident] = key
    return {ident: key for ident, key in seen.items() if ident not in twice}
