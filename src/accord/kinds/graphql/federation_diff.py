"""The Federation directives whose changes have levels of their own in a subgraph.

The router composes subgraphs into one supergraph and fetches an entity from a
subgraph by one of the entity's resolvable ``@key``\\ s there: a key removed, made
``resolvable: false`` or given other ``fields`` leaves queries that reached the
entity through this subgraph without a way (``entity-key-removed``,
``entity-key-changed``: breaking), a key added is one more way (safe). An element
that becomes ``@inaccessible`` leaves the supergraph's API (breaking); one that
stops being it joins it (safe). The other Federation directives (``@shareable``,
``@external``, ``@requires``, ``@provides``, ``@override``, ``@tag``, ...) are
directive usages, dangerous both ways.

Uses are matched by their canonical names (``federation/key``), so ``@key``,
``@primaryKey`` (imported ``as``) and ``@federation__key`` are one directive, and
field sets by their canonical form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.kinds.graphql.defs import Use, decode_string
from accord.kinds.graphql.fieldset import canonical_field_set
from accord.kinds.graphql.platform import CANONICAL

if TYPE_CHECKING:
    from accord.kinds.graphql.members import Differ

KEY = CANONICAL + "key"
INACCESSIBLE = CANONICAL + "inaccessible"
#: Directives whose ``fields`` argument is a field set, compared canonically.
FIELD_SETS = frozenset({KEY, CANONICAL + "requires", CANONICAL + "provides"})

Uses = dict[tuple[str, int], Use]


def field_set(use: Use) -> str:
    printed = use.args.get("fields")
    return canonical_field_set(decode_string(printed)) if printed is not None else ""


def same_arguments(canonical: str, old: Use, new: Use) -> bool:
    if old.args == new.args:
        return True
    if canonical not in FIELD_SETS or "fields" not in old.args or "fields" not in new.args:
        return False
    rest = {k: v for k, v in old.args.items() if k != "fields"}
    return rest == {k: v for k, v in new.args.items() if k != "fields"} and \
        field_set(old) == field_set(new)


def federation_usages(differ: Differ, before: Uses, after: Uses, coordinate: str) -> None:
    """Report the changes of ``@key`` and ``@inaccessible`` and take their uses out of
    ``before`` and ``after``: the other uses are compared as any directive's."""
    was = [before.pop(k) for k in [k for k in before if k[0] == KEY]]
    now = [after.pop(k) for k in [k for k in after if k[0] == KEY]]
    if was or now:
        _keys(differ, was, now, coordinate)
    old = before.pop((INACCESSIBLE, 0), None)
    new = after.pop((INACCESSIBLE, 0), None)
    if new is not None and old is None:
        differ.add("inaccessible-added", f"{coordinate} became @{new.name}: it leaves the "
                   "supergraph's API, and queries that select or pass it fail", new, coordinate)
    elif old is not None and new is None:
        differ.add("inaccessible-removed", f"{coordinate} is no longer @{old.name}: it joins "
                   "the supergraph's API", old, coordinate, in_base=True)


def _resolvable(use: Use) -> bool:
    return use.args.get("resolvable", "true") != "false"


def _keys(differ: Differ, was: list[Use], now: list[Use], coordinate: str) -> None:
    old = {field_set(use): use for use in was}
    new = {field_set(use): use for use in now}
    lost = [fields for fields, use in old.items() if _resolvable(use)
            and not (fields in new and _resolvable(new[fields]))]
    gained = [fields for fields, use in new.items() if fields not in old
              or (_resolvable(use) and not _resolvable(old[fields]))]
    if len(lost) == 1 and len(gained) == 1 and lost[0] not in new and gained[0] not in old:
        before, after = old[lost[0]], new[gained[0]]
        differ.add("entity-key-changed", f"The key of {coordinate} changed from "
                   f"@{before.name}(fields: \"{lost[0]}\") to @{after.name}(fields: "
                   f"\"{gained[0]}\"): the router can no longer fetch {coordinate} from this "
                   "subgraph by the old fields", after, coordinate)
        return
    for fields in lost:
        use = old[fields]
        if fields in new:
            differ.add("entity-key-removed", f"@{use.name}(fields: \"{fields}\") of "
                       f"{coordinate} became resolvable: false: the router can no longer fetch "
                       f"{coordinate} from this subgraph by it", new[fields], coordinate)
        else:
            differ.add("entity-key-removed", f"@{use.name}(fields: \"{fields}\") was removed "
                       f"from {coordinate}: the router can no longer fetch {coordinate} from "
                       "this subgraph by it", use, coordinate, in_base=True)
    for fields in gained:
        use = new[fields]
        verb = "became resolvable" if fields in old else "was applied to"
        differ.add("entity-key-added", f"@{use.name}(fields: \"{fields}\") {verb} "
                   f"{coordinate}", use, coordinate)
    for fields, use in old.items():
        if fields not in new and fields not in lost:  # a key that resolved nothing
            differ.add("directive-usage-removed", f"@{use.name}(fields: \"{fields}\", "
                       f"resolvable: false) was removed from {coordinate}", use, coordinate,
                       in_base=True)
