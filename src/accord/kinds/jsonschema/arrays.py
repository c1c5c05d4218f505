"""Arrays: items by position (tuples, then the rest), lengths, uniqueness, contains."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.kinds.jsonschema.model import NONE, Parts, Shape, item_parts, prefix_length

if TYPE_CHECKING:
    from accord.kinds.jsonschema.engine import Result, Walker, Where


def _has_arrays(shape: Shape) -> bool:
    return bool(shape.arrays or shape.min_items or shape.max_items or shape.unique
                or shape.contains or shape.unevaluated_items)


def compare(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    # Strict: a reader's additionalItems without a tuple holds for every item.
    loose: Parts = () if walker.lenient else tuple((n, NONE) for n in sb.loose_items)
    if not _has_arrays(sa) and not _has_arrays(sb) and not loose:
        return
    a_min = sa.min_items[0] if sa.min_items else 0
    limit = sa.max_items[0] if sa.max_items else None
    if limit is not None and a_min > limit:
        return  # the writer accepts no array
    declared = max(prefix_length(sa), prefix_length(sb))
    cap = limit
    for index in range(declared + 1):
        if cap is not None and index >= cap:
            break
        a_parts = item_parts(sa, index)
        b_parts = (*item_parts(sb, index), *loose)
        if not a_parts and not b_parts:
            continue
        rest = index == declared
        here = where.tag("[]" if rest else f"[{index}]",
                         "additional-items" if rest else "schema")
        walker.compare(_or_true(walker, a_parts, sa), _or_true(walker, b_parts, sb), here, out)
        if (limit is None or index < limit) and a_parts and walker.a.shape(a_parts).never:
            limit = index  # the writer's arrays end before this item
    if limit is not None and a_min > limit:
        return
    _lengths(walker, sa, sb, a_min, limit, where, out)
    if sb.unique is not None and sa.unique is None:
        walker.emit(out, ("unique-items-added", "unique-items-removed"),
                    limit is None or limit > 1, where, "uniqueItems changed", sa.node, sb.unique)
    elif sa.unique is not None and sb.unique is None:
        walker.emit(out, ("unique-items-added", "unique-items-removed"), False, where,
                    "uniqueItems changed", sa.unique, sb.node)
    _contains(walker, sa, sb, a_min, limit, where, out)


def _or_true(walker: Walker, parts: Parts, shape: Shape) -> Parts:
    return parts or ((walker.true_node(shape.node), NONE),)


def _lengths(walker: Walker, sa: Shape, sb: Shape, a_min: int, a_max: int | None,
             where: Where, out: Result) -> None:
    b_max = sb.max_items[0] if sb.max_items else None
    raw_a_max = sa.max_items[0] if sa.max_items else None
    violation = b_max is not None and (a_max is None or a_max > b_max)
    looser = raw_a_max is not None and (b_max is None or b_max > raw_a_max)
    if violation or looser:
        old, new = walker.old_new(raw_a_max if raw_a_max is not None else "none",
                                  b_max if b_max is not None else "none")
        walker.emit(out, ("max-items-decreased", "max-items-increased"), violation, where,
                    f"maxItems changed from {old} to {new}",
                    sa.max_items[1] if sa.max_items else sa.node,
                    sb.max_items[1] if sb.max_items else sb.node)
    b_min = sb.min_items[0] if sb.min_items else 0
    if b_min != a_min:
        old, new = walker.old_new(a_min, b_min)
        walker.emit(out, ("min-items-increased", "min-items-decreased"), b_min > a_min, where,
                    f"minItems changed from {old} to {new}",
                    sa.min_items[1] if sa.min_items else sa.node,
                    sb.min_items[1] if sb.min_items else sb.node)


def _contains(walker: Walker, sa: Shape, sb: Shape, a_min: int, a_max: int | None,
              where: Where, out: Result) -> None:
    used: set[int] = set()
    concept = ("contains-added", "contains-removed")
    for cb in sb.contains:
        if cb.minimum == 0 and cb.maximum is None:
            continue
        here = where.tag("[contains]")
        covered = False
        for index, ca in enumerate(sa.contains):
            result = walker.trial(((ca.schema, NONE),), ((cb.schema, NONE),), here)
            if len(sa.contains) == 1 or not result.violates:
                used.add(index)
                out.link(result)
                if ca.minimum < cb.minimum:
                    old, new = walker.old_new(ca.minimum, cb.minimum)
                    walker.emit(out, concept, True, where,
                                f"minContains changed from {old} to {new}", ca.node, cb.node)
                covered = True
                break
        if not covered and cb.minimum > 0:
            witness = a_min == 0  # the empty array
            with walker.doubt(None if witness else "every array of the base may already "
                              "contain such an item"):
                walker.emit(out, concept, True, where, "arrays must now contain a matching item"
                            if not walker.flipped else "arrays need no longer contain a "
                            "matching item", sa.node, cb.node)
        if cb.maximum is not None and not (a_max is not None and a_max <= cb.maximum):
            same = [ca for ca in sa.contains if ca.maximum is not None
                    and ca.maximum <= cb.maximum and walker.same(((ca.schema, NONE),),
                                                               ((cb.schema, NONE),))]
            if not same:
                with walker.doubt("the base may not produce that many matching items"):
                    walker.emit(out, concept, True, where,
                                f"at most {cb.maximum} matching items allowed", sa.node, cb.node)
    for index, ca in enumerate(sa.contains):
        if index not in used and ca.minimum > 0:
            walker.emit(out, concept, False, where, "the contains requirement changed",
                        ca.node, sb.node)
