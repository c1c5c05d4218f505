"""Comparing one enum of the base with the same enum of the revision.

Values are matched by number (aliases share one): a number that lost a name is a
rename, a name that moved to another number a renumbering, a number gone a
removal judged by the revision's reservations. Enum reserved ranges include
their end, unlike a message's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from accord.kinds.protobuf import features as ft
from accord.kinds.protobuf.context import DiffContext, Site
from accord.kinds.protobuf.messages import covered, describe_number
from accord.kinds.protobuf.model import ENUM_RESERVED_NAME, ENUM_RESERVED_RANGE, ENUM_VALUE


def _ranges(enum: Any) -> list[tuple[int, int]]:
    return [(r.start, r.end + 1) for r in enum.reserved_range]


def compare_enum(ctx: DiffContext, full: str, old: Any, new: Any, old_site: Site,
                 new_site: Site, old_scopes: Sequence[Any], new_scopes: Sequence[Any]) -> None:
    """``*_scopes``: the enclosing messages, outermost first, ending with the enum."""
    old_by_number: dict[int, list[tuple[int, str]]] = {}
    for i, value in enumerate(old.value):
        old_by_number.setdefault(value.number, []).append((i, value.name))
    new_by_number: dict[int, list[tuple[int, str]]] = {}
    new_by_name: dict[str, tuple[int, int]] = {}
    for j, value in enumerate(new.value):
        new_by_number.setdefault(value.number, []).append((j, value.name))
        new_by_name[value.name] = (j, value.number)
    old_names = {value.name for value in old.value}
    scope = full.rsplit(".", 1)[0] if "." in full else ""
    for number, entries in old_by_number.items():
        if number in new_by_number:
            kept = {name for _, name in new_by_number[number]}
            j = new_by_number[number][0][0]
            for _, name in entries:
                if name not in kept:
                    renamed = ", ".join(sorted(kept - old_names)) or ", ".join(sorted(kept))
                    ctx.emit("enum-value-renamed", f"enum value {name} = {number} of {full} "
                             f"was renamed to {renamed}", new_site.at(ENUM_VALUE, j),
                             _value(scope, name))
            continue
        for i, name in entries:
            if name in new_by_name:
                # The old number is gone, judged like a removal (the name is in use).
                j, moved = new_by_name[name]
                reserved = covered(_ranges(new), number, number + 1)
                ctx.emit("enum-value-renumbered-number-reserved" if reserved
                         else "enum-value-renumbered", f"enum value {name} of {full} changed "
                         f"its number from {number} to {moved}", new_site.at(ENUM_VALUE, j),
                         _value(scope, name))
                continue
            _removed(ctx, full, new, number, name, old_site.at(ENUM_VALUE, i), scope)
    for number, entries in new_by_number.items():
        for j, name in entries:
            if number not in old_by_number and name not in old_names:
                ctx.emit("enum-value-added", f"enum value {name} = {number} was added to "
                         f"{full}", new_site.at(ENUM_VALUE, j), _value(scope, name))
    _reserved(ctx, full, old, new, old_site)
    for feature, label in (("enum_type", "type (open or closed)"), ("json_format",
                                                                   "JSON format")):
        before = ft.resolve(feature, old_site.model.files[old_site.file], old_scopes)
        after = ft.resolve(feature, new_site.model.files[new_site.file], new_scopes)
        if before != after and (feature == "enum_type" or before == "allow"):
            # Gaining JSON support breaks no reader.
            rule = "enum-type-changed" if feature == "enum_type" else "json-format-changed"
            ctx.emit(rule, f"the {label} of enum {full} changed from {before} to {after}",
                     new_site, full)


def _value(scope: str, name: str) -> str:
    # Enum values are scoped like siblings of their enum.
    return f"{scope}.{name}" if scope else name


def _removed(ctx: DiffContext, full: str, new: Any, number: int, name: str, site: Site,
             scope: str) -> None:
    number_ok = covered(_ranges(new), number, number + 1)
    name_ok = name in new.reserved_name
    where = f"enum value {name} = {number} of {full}"
    fix = f"add `{describe_number(number, name, number_ok, name_ok)}` to enum " \
          f"{full.rsplit('.', 1)[-1]}"
    if not number_ok:
        ctx.emit("enum-value-removed-unreserved", f"{where} was removed without reserving "
                 "its number" + ("" if name_ok else " or name"), site, _value(scope, name),
                 hint=fix)
    elif not name_ok:
        ctx.emit("enum-value-removed-name-unreserved",
                 f"{where} was removed; its number is reserved, its name is not", site,
                 _value(scope, name), hint=fix)
    else:
        ctx.emit("enum-value-removed", f"{where} was removed (number and name reserved)",
                 site, _value(scope, name))


def _reserved(ctx: DiffContext, full: str, old: Any, new: Any, old_site: Site) -> None:
    new_ranges = _ranges(new)
    for i, r in enumerate(old.reserved_range):
        if not covered(new_ranges, r.start, r.end + 1):
            text = str(r.start) if r.start == r.end else f"{r.start} to {r.end}"
            ctx.emit("reserved-number-removed", f"enum {full} no longer reserves {text}",
                     old_site.at(ENUM_RESERVED_RANGE, i), full)
    kept = set(new.reserved_name)
    for i, name in enumerate(old.reserved_name):
        if name not in kept:
            ctx.emit("reserved-name-removed", f'enum {full} no longer reserves the name '
                     f'"{name}"', old_site.at(ENUM_RESERVED_NAME, i), full)
