"""``anyOf``/``oneOf``, ``not`` and ``if``/``then``/``else``.

Applicators written identically on both sides cancel out. Otherwise a writer's
``anyOf``/``oneOf`` is split into its alternatives (each compared with the
reader on its own: exact for ``anyOf`` and for provably exclusive ``oneOf``
alternatives, else violations are uncertain). Each writer alternative, or the
writer's schema split by type, is matched with the reader alternative that
accepts all of it; for a reader's ``oneOf`` the other alternatives must be
provably disjoint from it, or the overlap is reported. A reader's ``not`` must
exclude nothing the writer accepts: it is covered by a writer ``not`` that
excludes at least as much, or by disjointness. Conditionals are compared
branch by branch when both sides test the same condition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accord.kinds.jsonschema.disjoint import disjoint, value_kinds
from accord.kinds.jsonschema.model import (
    NONE,
    Group,
    Part,
    Parts,
    Shape,
)
from accord.kinds.jsonschema.regex import Lengths, TooLarge, find, language
from accord.kinds.jsonschema.shape import Side
from accord.kinds.jsonschema.values import show
from accord.source import Node

if TYPE_CHECKING:
    from accord.kinds.jsonschema.engine import Result, Walker, Where

_ALTERNATIVES = ("alternative-removed", "alternative-added")
_NOT = ("not-extended", "not-reduced")
_CONDITION = frozenset({"if", "then", "else"})
_NOT_KEYWORD = frozenset({"not"})
Drops = dict[tuple[int, frozenset[str]], frozenset[str]]


def _key(part: Part) -> tuple[int, frozenset[str]]:
    return (id(part[0].value), part[1])


def _mask(walker: Walker, shape: Shape, drops: Drops, extra: Parts = ()) -> Parts:
    out: list[Part] = []
    for node, mask in shape.atoms:
        dropped = drops.get((id(node.value), mask))
        out.append((node, mask | dropped) if dropped else (node, mask))
    if not out:
        out.append((walker.true_node(shape.node), NONE))
    return (*out, *extra)


def _drop(drops: Drops, owner: Part, keywords: frozenset[str]) -> None:
    key = _key(owner)
    drops[key] = drops.get(key, frozenset()) | keywords


def compare(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> bool:
    """Handle the applicators of two shapes; False when there are none."""
    if not (sa.groups or sa.nots or sa.conditionals or sb.groups or sb.nots
            or sb.conditionals):
        return False
    if _cancel(walker, sa, sb, where, out):
        return True
    if sa.groups or sb.groups:
        _groups(walker, sa, sb, where, out)
    elif sa.nots or sb.nots:
        _nots(walker, sa, sb, where, out)
    else:
        _conditionals(walker, sa, sb, where, out)
    return True


def _cancel(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> bool:
    """Leave out applicators both sides write identically."""
    a_drops: Drops = {}
    b_drops: Drops = {}
    used: set[int] = set()
    # What a cancelled writer group still says: the types its alternatives allow.
    kept: list[Part] = []
    for group in sa.groups:
        for index, other in enumerate(sb.groups):
            if index not in used and other.keyword == group.keyword and walker.same(
                    tuple((b, NONE) for b in group.branches),
                    tuple((b, NONE) for b in other.branches)):
                used.add(index)
                _drop(a_drops, group.owner, frozenset({group.keyword}))
                _drop(b_drops, other.owner, frozenset({other.keyword}))
                types = _branch_types(walker, group)
                if types is not None:
                    kept.append((walker.node_for(("group-types", types), group.node,
                                                 {"type": sorted(types)}), NONE))
                break
    used.clear()
    for negated, owner in sa.nots:
        for index, (their_not, other_owner) in enumerate(sb.nots):
            if index not in used and walker.same(((negated, NONE),), ((their_not, NONE),)):
                used.add(index)
                _drop(a_drops, owner, _NOT_KEYWORD)
                _drop(b_drops, other_owner, _NOT_KEYWORD)
                break
    used.clear()
    for cond in sa.conditionals:
        mine = tuple((n, NONE) for n in (cond.condition, cond.then, cond.otherwise)
                     if n is not None)
        for index, their_cond in enumerate(sb.conditionals):
            theirs = tuple((n, NONE) for n in (their_cond.condition, their_cond.then,
                                               their_cond.otherwise) if n is not None)
            if index not in used and (cond.then is None) == (their_cond.then is None) and (
                    cond.otherwise is None) == (their_cond.otherwise is None) and walker.same(
                    mine, theirs):
                used.add(index)
                _drop(a_drops, cond.owner, _CONDITION)
                _drop(b_drops, their_cond.owner, _CONDITION)
                break
    if not a_drops:
        return False
    walker.compare(_mask(walker, sa, a_drops, tuple(kept)), _mask(walker, sb, b_drops), where,
                   out)
    return True


def _branch_types(walker: Walker, group: Group) -> frozenset[str] | None:
    """The JSON types a writer group's alternatives accept between them; None when one
    of them accepts any type."""
    types: set[str] = set()
    for branch in group.branches:
        shape = walker.a.shape(((branch, NONE),))
        if shape.never:
            continue
        if shape.types is None:
            return None
        types |= shape.types
    return frozenset(types)


# --- anyOf / oneOf -------------------------------------------------------------------------


def _exclusive(side: Side, group: Group) -> bool:
    if group.keyword == "anyOf" or len(group.branches) < 2:
        return True
    branches = [((b, NONE),) for b in group.branches]
    return all(disjoint(side, branches[i], side, branches[j])
               for i in range(len(branches)) for j in range(i + 1, len(branches)))


def _groups(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    if sa.groups:
        group = sa.groups[0]
        drops: Drops = {}
        _drop(drops, group.owner, frozenset({group.keyword}))
        doubt = _unless_proved(walker, sa, sb, None if _exclusive(walker.a, group) else
                               f"the base's {group.keyword} alternatives may overlap")
        parts = [_mask(walker, sa, drops, ((b, NONE),)) for b in group.branches]
        if sb.groups:
            other = sb.groups[0]
            b_drops: Drops = {}
            _drop(b_drops, other.owner, frozenset({other.keyword}))
            b_core = _mask(walker, sb, b_drops)
            used: set[int] = set()
            for index, part in enumerate(parts):
                with walker.doubt(doubt):
                    used |= _match(walker, part, group.branches[index], b_core, other, where,
                                   out, (group, index), walker.atoms(sa))
            _added(walker, other, used, where, out)
            return
        for index, part in enumerate(parts):
            here = where if len(parts) == 1 else where.tag(f"<{group.keyword} #{index + 1}>")
            with walker.doubt(doubt):
                walker.compare(part, walker.atoms(sb), here, out)
        return
    other = sb.groups[0]
    b_drops = {}
    _drop(b_drops, other.owner, frozenset({other.keyword}))
    b_core = _mask(walker, sb, b_drops)
    used = _match(walker, walker.atoms(sa), sa.node, b_core, other, where, out, None,
                  walker.atoms(sa))
    _added(walker, other, used, where, out)


def _added(walker: Walker, group: Group, used: set[int], where: Where, out: Result) -> None:
    for index, branch in enumerate(group.branches):
        if index not in used:
            walker.emit(out, _ALTERNATIVES, False, where,
                        f"{group.keyword} alternative #{index + 1} "
                        f"{'added' if not walker.flipped else 'removed'}", None, branch)


def _split_by_type(walker: Walker, part: Parts, group: Group) -> list[Parts]:
    """The writer's conjunction split per type, when the reader's alternatives
    are typed and the writer accepts several types."""
    shape = walker.a.shape(part)
    kinds = value_kinds(shape)
    if len(kinds) < 2 or len(group.branches) < 2 or shape.enum is not None:
        return [part]
    out: list[Parts] = []
    for kind in sorted(kinds):
        names = ["integer"] if kind == "number" and shape.types is not None and (
            "number" not in shape.types) else [kind]
        node = walker.node_for(("type", kind), shape.node, {"type": names[0]})
        out.append((*part, (node, NONE)))
    return out


def _preference(walker: Walker, group: Group, index: int | None,
                branch: Node) -> list[int]:
    """Reader alternatives in the order to try them for a writer alternative."""
    target = walker.a.target(branch)

    def score(j: int) -> tuple[int, int, int]:
        other = walker.b.target(group.branches[j])
        same_place = int(bool(target.pointer) and other.pointer == target.pointer)
        title = isinstance(target.value, dict) and isinstance(other.value, dict) and \
            target.value.get("title") is not None and \
            target.value.get("title") == other.value.get("title")
        return (-same_place, -int(bool(title)), 0 if j == index else 1)

    return sorted(range(len(group.branches)), key=score)


def _match(walker: Walker, part: Parts, branch: Node, b_core: Parts, group: Group,
           where: Where, out: Result, origin: tuple[Group, int] | None,
           writer: Parts) -> set[int]:
    """Match the writer's ``part`` (of its whole schema ``writer``) with the reader
    alternatives; the ones used."""
    used: set[int] = set()
    for piece in _split_by_type(walker, part, group):
        found = _match_one(walker, piece, branch, b_core, group, where, out, origin, writer)
        if found is not None:
            used.add(found)
    return used


def _match_one(walker: Walker, part: Parts, branch: Node, b_core: Parts, group: Group,
               where: Where, out: Result, origin: tuple[Group, int] | None,
               writer: Parts) -> int | None:
    shape = walker.a.shape(part)
    if shape.never:
        return None  # the writer's alternative accepts nothing: nothing to read
    options = [j for j in _preference(walker, group, origin[1] if origin else None, branch)
               if not disjoint(walker.a, part, walker.b,
                               (*b_core, (group.branches[j], NONE)))]
    if not options:
        walker.emit(out, _ALTERNATIVES, True, where,
                    f"values of type {'/'.join(sorted(value_kinds(shape)))} match no "
                    f"{group.keyword} alternative"
                    + (f" (the base's alternative #{origin[1] + 1})" if origin else ""),
                    branch, group.node)
        return None
    single = len(group.branches) == 1

    def here(j: int) -> Where:
        return where if single else where.tag(f"<{group.keyword} #{j + 1}>")

    for j in options:
        result = walker.trial(part, (*b_core, (group.branches[j], NONE)), here(j))
        if result.settled:
            out.link(result)
            if group.keyword == "oneOf":
                _overlaps(walker, part, b_core, group, j, options, origin, branch, where, out,
                          writer)
            return j
    best = options[0]
    if len(options) == 1:
        out.link(walker.trial(part, (*b_core, (group.branches[best], NONE)), here(best)))
    else:
        with walker.doubt("another alternative may accept these values"):
            out.link(walker.trial(part, (*b_core, (group.branches[best], NONE)), here(best)))
    return best


def _overlaps(walker: Walker, part: Parts, b_core: Parts, group: Group, chosen: int,
              options: list[int], origin: tuple[Group, int] | None, branch: Node,
              where: Where, out: Result, writer: Parts) -> None:
    """Report writer values that also match another reader ``oneOf`` alternative:
    certainly when all of them do, or when all values of the other one are the
    writer's; possibly when the two cannot be proved exclusive."""
    twin = walker.swapped()
    quiet = where.tag(f"<oneOf #{chosen + 1}>", quiet=True)
    for k in options:
        if k == chosen or _inherited(walker, origin, group, k):
            continue
        other = (*b_core, (group.branches[k], NONE))
        inside = walker.b.shape(other)
        example = _shared_value(walker, writer, part,
                                (*b_core, (group.branches[chosen], NONE)), other)
        certain = example is not None or (not inside.never and (
            walker.trial(part, other, quiet).settled
            or twin.trial(other, part, quiet).settled))
        concept = "one-of-ambiguous" if certain else "one-of-overlap"
        shown = f" ({show(example[0])}, for one)" if example is not None else ""
        walker.emit(out, concept, True, where,
                    f"values of alternative #{chosen + 1} {'' if certain else 'may '}also "
                    f"match alternative #{k + 1}{shown}", branch, group.branches[k])
        return


def _unless_proved(walker: Walker, sa: Shape, sb: Shape, reason: str | None) -> str | None:
    """``reason`` to doubt violations, unless a value the writer accepts and the
    reader rejects proves the two incompatible anyway (then: None)."""
    if reason is None:
        return None
    a_parts, b_parts = walker.atoms(sa), walker.atoms(sb)
    candidates: list[Any] = [*_SAMPLES, *(sa.enum or ()), *(sb.enum or ())]
    langs = [language(p) for p, _ in sa.patterns]
    if langs and all(lang is not None for lang in langs):
        try:
            found = find([lang for lang in langs if lang is not None], [],
                         Lengths(sa.min_length[0] if sa.min_length else 0, None))
        except TooLarge:
            found = None
        if found is not None:
            candidates.append(found)
    for value in candidates:
        if walker.va.accepts(a_parts, value) and not walker.vb.accepts(b_parts, value):
            return None
    return reason


#: Values tried first when looking for one that two schemas both accept.
_SAMPLES: tuple[Any, ...] = (None, True, False, 0, 1, -1, 0.5, "", "a", "ab", "abc", "abcdef",
                             [], {})


def _shared_value(walker: Walker, writer: Parts, part: Parts, chosen: Parts,
                  other: Parts) -> tuple[Any] | None:
    """A value the writer accepts (as a whole, and in ``part``) that matches both
    reader alternatives: proof that the reader's oneOf rejects it. Tried: samples,
    enums and pattern witnesses."""
    shape, theirs = walker.a.shape(part), walker.b.shape(other)
    candidates: list[Any] = [*_SAMPLES, *(shape.enum or ()), *(theirs.enum or ())]
    langs = [language(p) for p, _ in (*shape.patterns, *theirs.patterns)]
    if langs and all(lang is not None for lang in langs):
        low = max(s.min_length[0] if s.min_length else 0 for s in (shape, theirs))
        try:
            found = find([lang for lang in langs if lang is not None], [], Lengths(low, None))
        except TooLarge:
            found = None
        if found is not None:
            candidates.append(found)
    for value in candidates:
        if walker.va.accepts(part, value) and walker.va.accepts(writer, value) \
                and walker.vb.accepts(chosen, value) and walker.vb.accepts(other, value):
            return (value,)
    return None


def _inherited(walker: Walker, origin: tuple[Group, int] | None, group: Group,
               index: int) -> bool:
    """Whether reader alternative ``index`` is one of the writer's own ``oneOf``
    alternatives other than the one being matched (so exclusive with it)."""
    if origin is None or origin[0].keyword != "oneOf":
        return False
    mine, position = origin
    theirs = ((group.branches[index], NONE),)
    return any(walker.same(((b, NONE),), theirs) for i, b in enumerate(mine.branches)
               if i != position)


# --- not -------------------------------------------------------------------------------


def _nots(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    a_drops: Drops = {}
    b_drops: Drops = {}
    for _negated, owner in sa.nots:
        _drop(a_drops, owner, _NOT_KEYWORD)
    for _negated, owner in sb.nots:
        _drop(b_drops, owner, _NOT_KEYWORD)
    core = _mask(walker, sa, a_drops)
    twin = walker.swapped()
    quiet = where.tag("<not>", quiet=True)
    # As many nots on each side: they are the same nots, changed.
    used: set[int] = set(range(len(sa.nots))) if len(sa.nots) == len(sb.nots) else set()
    for negated, _owner in sb.nots:
        theirs = ((negated, NONE),)
        trials = [(i, twin.trial(theirs, ((n, NONE),), quiet)) for i, (n, _o)
                  in enumerate(sa.nots)]
        covering = next((i for i, r in trials if r.settled), None)
        if covering is not None:
            used.add(covering)
            walker.emit(out, _NOT, False, where, "the schema under not changed",
                        sa.nots[covering][0], negated)
            continue
        if disjoint(walker.a, core, walker.b, theirs):
            continue
        inside = twin.trial(theirs, core, quiet).settled
        certain = inside and all(r.violates for _i, r in trials)
        with walker.doubt(None if certain else
                          "the values under the revision's not may all be rejected already"):
            walker.emit(out, _NOT, True, where,
                        "values matching the schema under not are rejected" if not
                        walker.flipped else "values matching the schema under not are "
                        "accepted again", sa.nots[0][0] if sa.nots else sa.node, negated)
    for index, (negated, _owner) in enumerate(sa.nots):
        if index not in used:
            walker.emit(out, _NOT, False, where, "the not was removed" if not walker.flipped
                        else "a not was added", negated, None if walker.flipped else sb.node)
    extra: Parts = ()
    doubt = None
    for negated, _owner in sa.nots:
        value = negated.value
        if isinstance(value, dict) and set(value) == {"type"} and sa.types is not None:
            excluded = {value["type"]} if isinstance(value["type"], str) else set(value["type"])
            if "integer" in excluded and "number" in sa.types:
                doubt = "the base's not may exclude the values concerned"
                continue
            remaining = sorted(t for t in sa.types if t not in excluded)
            extra = (*extra, (walker.node_for(("not-type", tuple(remaining)), sa.node,
                                              {"type": remaining}), NONE))
        else:
            doubt = "the base's not may exclude the values concerned"
    with walker.doubt(_unless_proved(walker, sa, sb, doubt)):
        walker.compare((*core, *extra), _mask(walker, sb, b_drops), where, out)


# --- if / then / else --------------------------------------------------------------------


def _conditionals(walker: Walker, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
    a_drops: Drops = {}
    b_drops: Drops = {}
    for cond in sa.conditionals:
        _drop(a_drops, cond.owner, _CONDITION)
    for cond in sb.conditionals:
        _drop(b_drops, cond.owner, _CONDITION)
    core = _mask(walker, sa, a_drops)
    used: set[int] = set()
    for cond in sb.conditionals:
        condition = ((cond.condition, NONE),)
        mine = next((i for i, c in enumerate(sa.conditionals) if i not in used
                     and walker.same(((c.condition, NONE),), condition)), None)
        if mine is not None:
            used.add(mine)
            own = sa.conditionals[mine]
            if cond.then is not None:
                then: Parts = ((own.then, NONE),) if own.then is not None else ()
                walker.compare((*core, (own.condition, NONE), *then), ((cond.then, NONE),),
                               where.tag("<then>", quiet=True), out)
            if cond.otherwise is not None:
                other: Parts = ((own.otherwise, NONE),) if own.otherwise is not None else ()
                with walker.doubt("the base's else branch is compared without its condition"):
                    walker.compare((*core, *other), ((cond.otherwise, NONE),),
                                   where.tag("<else>", quiet=True), out)
            continue
        worst = 0
        if cond.then is not None:
            worst = max(worst, walker.trial((*core, (cond.condition, NONE)),
                                            ((cond.then, NONE),),
                                            where.tag("<then>", quiet=True)).worst)
        if cond.otherwise is not None:
            worst = max(worst, walker.trial(core, ((cond.otherwise, NONE),),
                                            where.tag("<else>", quiet=True)).worst)
        if worst:
            walker.emit(out, "conditional-changed", True, where,
                        "an if/then/else now applies that may reject values the base accepted",
                        sa.node, cond.condition)
    doubt = "the base's if/then/else may exclude the values concerned" if len(used) < len(
        sa.conditionals) else None
    with walker.doubt(_unless_proved(walker, sa, sb, doubt)):
        walker.compare(core, _mask(walker, sb, b_drops), where, out)
