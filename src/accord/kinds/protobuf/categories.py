"""Selecting buf's categories: which changes count at their full level.

A change whose rule is in none of the selected categories is not dropped: it is
reported one level lower (breaking -> dangerous, dangerous -> safe), with the
categories that would flag it named in its message. So a team that checks only
WIRE still sees a field rename, as dangerous, and ``accord diff`` exits 0 on it
unless ``--fail-on dangerous`` is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from accord.core.change import Change, Level
from accord.kinds.protobuf.rules import ALL_CATEGORIES, CATEGORIES, FILE

DEFAULT = (FILE,)
LOWER = {Level.BREAKING: Level.DANGEROUS, Level.DANGEROUS: Level.SAFE, Level.SAFE: Level.SAFE}


def parse_categories(kind: str, values: Iterable[str]) -> tuple[str, ...]:
    """The categories named (case-insensitive), or INVALID_CONFIG naming a bad one."""
    from accord.kinds.options import option_error

    out: list[str] = []
    for value in values:
        name = value.strip().upper().replace("-", "_")
        if name not in ALL_CATEGORIES:
            raise option_error(kind, "categories", f"unknown category {value!r}",
                               f"use any of: {', '.join(ALL_CATEGORIES)}")
        if name not in out:
            out.append(name)
    if not out:
        raise option_error(kind, "categories", "no category given",
                           f"use any of: {', '.join(ALL_CATEGORIES)}")
    return tuple(out)


def apply(changes: Sequence[Change], selected: Sequence[str] | None) -> list[Change]:
    """``changes`` with those outside the selected categories one level lower."""
    chosen = frozenset(selected or DEFAULT)
    out = []
    for change in changes:
        cats = CATEGORIES.get(change.rule, frozenset())
        if change.addition or cats & chosen:
            out.append(change)
            continue
        names = ", ".join(c for c in ALL_CATEGORIES if c in cats)
        out.append(replace(change, level=LOWER[change.level],
                           message=f"{change.message} (only {names} flag this; "
                                   f"checked: {', '.join(sorted(chosen))})"))
    return out
