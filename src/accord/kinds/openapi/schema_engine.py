"""The traversal behind :class:`~accord.kinds.openapi.schemas.SchemaDiffer`.

Results form a graph, not a tree. Every *noded* comparison (a site's root, and
any position whose schema involves a ``$ref``) gets one :class:`Result`:
its own changes plus edges to the noded comparisons below it. Results are
memoised by (base parts, revision parts, scope, path label), so a component
compared once is never compared again, and nothing is copied along the many
paths that reach it. A comparison that meets a pair already in progress (a
recursive schema) adds an edge to it and stops: the changes of that pair are
reported once, by the comparison in progress, and the edge makes every other
root that reaches the cycle see them too. Flattening a root walks the graph
once, deduplicating by (rule, file, pointer).

Path labels restart at every direct ``$ref``: a change inside component
``Address`` reads ``request property 'Address.city'`` wherever Address is used.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from accord.core.change import Change
from accord.core.location import unescape
from accord.kinds.openapi.catalog import Catalog
from accord.kinds.openapi.schema_compare import Context, compare_keywords, show_types
from accord.kinds.openapi.schema_match import Branch, match
from accord.kinds.openapi.schema_model import Group, Parts, PartsKey, Shape
from accord.kinds.openapi.schema_objects import compare_nested
from accord.kinds.openapi.schema_rules import Scope
from accord.kinds.openapi.schema_shape import Side
from accord.kinds.openapi.schema_unchanged import Unchanged
from accord.source import Node

#: How many schemas deep one comparison may go (each level costs a few frames).
MAX_DEPTH = 1000

NodeKey = tuple[PartsKey, PartsKey, str, str]
PairKey = tuple[PartsKey, PartsKey, str]

_COMPONENT = re.compile(r"^/(?:components/schemas|definitions)/([^/]+)$")


#: What makes two changes the same: rule, file and pointer.
ChangeKey = tuple[str, str | None, str]


class Result:
    """The changes of one noded comparison and the noded comparisons below it."""

    __slots__ = ("changes", "children")

    def __init__(self) -> None:
        self.changes: list[tuple[ChangeKey, Change]] = []
        self.children: list[Result] = []

    def add(self, change: Change) -> None:
        loc = change.location
        self.changes.append(((change.rule, loc.file, loc.pointer), change))


def component_name(node: Node) -> str | None:
    """``Pet`` for the node at ``/components/schemas/Pet`` (or ``/definitions/Pet``)."""
    found = _COMPONENT.match(node.pointer)
    return unescape(found.group(1)) if found else None


def label_of(node: Node) -> str:
    """A short name for a schema reached through ``$ref``."""
    if node.pointer:
        return unescape(node.pointer.rsplit("/", 1)[-1])
    return PurePath(node.doc.display).stem


class Engine:
    def __init__(self, base: Side, revision: Side, catalog: Catalog, today: date) -> None:
        self.base = base
        self.revision = revision
        self.catalog = catalog
        #: the day x-sunset dates of removed properties are compared with
        self.today = today
        self.unchanged = Unchanged()
        #: finished noded comparisons (None: nothing changed below)
        self.memo: dict[NodeKey, Result | None] = {}
        self._active: dict[PairKey, Result] = {}
        self._depth = 0

    # -- positions and units ----------------------------------------------------

    def position(
        self,
        base: list[Node],
        revision: list[Node],
        scope: Scope,
        where: str,
        out: Result,
        *,
        keep_where: bool = False,
        noded: bool = False,
    ) -> None:
        """Compare the schemas at one position (several nodes: merged allOf
        definitions of one property)."""
        if len(base) == 1 and len(revision) == 1:
            b, r = base[0], revision[0]
            bv, rv = b.value, r.value
            if bv is rv or (bv == rv and self.unchanged.same(b.doc, r.doc, rv)):
                return
            bparts, bref = self.base.parts(b)
            rparts, rref = self.revision.parts(r)
            if not keep_where:
                # Paths restart at a referenced component (the revision decides:
                # a reference replaced by an inline schema keeps the path).
                target = self._direct_target(r, self.revision)
                if target is not None:
                    where = label_of(target)
        else:
            bparts, bref = self._concat(self.base, base)
            rparts, rref = self._concat(self.revision, revision)
        self.unit(bparts, rparts, scope, where, out, noded or bref or rref)

    @staticmethod
    def _direct_target(node: Node, side: Side) -> Node | None:
        value = node.value
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            return side.deref(node)
        return None

    @staticmethod
    def _concat(side: Side, nodes: list[Node]) -> tuple[Parts, bool]:
        parts: list[tuple[Node, bool]] = []
        has_ref = False
        for node in nodes:
            found, ref = side.parts(node)
            parts.extend(found)
            has_ref |= ref
        return tuple(parts), has_ref

    def unit(
        self, bparts: Parts, rparts: Parts, scope: Scope, where: str, out: Result, noded: bool
    ) -> None:
        if not noded:
            self._compare(bparts, rparts, scope, where, out)
            return
        pair: PairKey = (self.base.key(bparts), self.revision.key(rparts), scope.prefix)
        key: NodeKey = (*pair, where)
        if key in self.memo:
            done = self.memo[key]
            if done is not None:
                out.children.append(done)
            return
        active = self._active.get(pair)
        if active is not None:  # a recursive schema: assume equal, link to the result
            out.children.append(active)
            return
        result = Result()
        self._active[pair] = result
        try:
            self._compare(bparts, rparts, scope, where, result)
        finally:
            del self._active[pair]
        if result.changes or result.children:
            self.memo[key] = result
            out.children.append(result)
        else:
            self.memo[key] = None

    def _compare(self, bparts: Parts, rparts: Parts, scope: Scope, where: str, out: Result) -> None:
        if self._depth >= MAX_DEPTH:
            return  # deeper than any real document: stop rather than exhaust the stack
        self._depth += 1
        try:
            self._compare_shapes(bparts, rparts, scope, where, out)
        finally:
            self._depth -= 1

    def _compare_shapes(
        self, bparts: Parts, rparts: Parts, scope: Scope, where: str, out: Result
    ) -> None:
        b = self.base.shape(bparts)
        r = self.revision.shape(rparts)
        ctx = Context(self, scope, where, out)
        if bool(b.groups) == bool(r.groups):
            if compare_keywords(ctx, b, r):
                compare_nested(ctx, b, r)
            for bg, rg in zip(b.groups, r.groups, strict=False):
                self._branches(ctx, b, bg, r, rg)
            self._extra_groups(ctx, b.groups, r.groups)
        elif r.groups:
            self._lift(ctx, bparts, b, rparts, r, composite_is_revision=True)
        else:
            self._lift(ctx, rparts, r, bparts, b, composite_is_revision=False)

    # -- oneOf / anyOf ----------------------------------------------------------

    def _extra_groups(self, ctx: Context, base: list[Group], revision: list[Group]) -> None:
        for group in revision[len(base):]:
            ctx.emit("all-of-added", f"{group.keyword} with {len(group.branches)} alternatives "
                     "added to its allOf", group.node)
        for group in base[len(revision):]:
            ctx.emit("all-of-removed", f"{group.keyword} with {len(group.branches)} "
                     "alternatives removed from its allOf", group.node)

    def _branch_info(self, side: Side, node: Node, index: int, owner: Shape | None) -> Branch:
        target = side.deref(node)
        shape = side.shape_at(node)
        ref_name = component_name(target) if target is not node else None
        tags: set[str] = set()
        disc = owner.discriminator if owner is not None else None
        if disc is not None:
            ref = node.value.get("$ref") if isinstance(node.value, dict) else None
            for key, (mapped, _n) in disc.mapping.items():
                if ref is not None and (mapped == ref or mapped.rsplit("/", 1)[-1] == ref_name):
                    tags.add(key)
            if disc.property_name and disc.property_name in shape.properties:
                prop = side.shape_at(shape.properties[disc.property_name][0])
                if prop.enum is not None and len(prop.enum) == 1:
                    tags.add(str(prop.enum[0][0]))
        return Branch(index, ref_name, shape.title, frozenset(tags), shape.types,
                      frozenset(shape.properties), _features(shape))

    def _branches(self, ctx: Context, b: Shape, bg: Group, r: Shape, rg: Group) -> None:
        binfo = [self._branch_info(self.base, n, i, b) for i, n in enumerate(bg.branches)]
        rinfo = [self._branch_info(self.revision, n, i, r) for i, n in enumerate(rg.branches)]
        pairs, removed, added = match(binfo, rinfo)
        for i, j in pairs:
            self.position([bg.branches[i]], [rg.branches[j]], ctx.scope, ctx.where, ctx.out)
        self._report_branches(ctx, bg, removed, rg, added)

    def _report_branches(
        self, ctx: Context, bg: Group | None, removed: list[Branch], rg: Group | None,
        added: list[Branch],
    ) -> None:
        if bg is not None:
            concept = "one-of-removed" if bg.keyword == "oneOf" else "any-of-removed"
            for info in removed:
                ctx.emit(concept, f"{bg.keyword} alternative {_branch_label(info)} removed",
                         bg.branches[info.index])
        if rg is not None:
            concept = "one-of-added" if rg.keyword == "oneOf" else "any-of-added"
            for info in added:
                ctx.emit(concept, f"{rg.keyword} alternative {_branch_label(info)} added",
                         rg.branches[info.index])

    def _lift(
        self, ctx: Context, plain_parts: Parts, plain: Shape, comp_parts: Parts,
        comp: Shape, *, composite_is_revision: bool,
    ) -> None:
        """One side is a plain schema, the other a oneOf/anyOf: the plain one is
        a single alternative, compared with the matching branch (merged with the
        keywords around the oneOf); the other branches are added or removed."""
        comp_side = self.revision if composite_is_revision else self.base
        group = comp.groups[0]
        first = plain_parts[0][0]
        plain_info = Branch(0, component_name(first), plain.title, frozenset(), plain.types,
                            frozenset(plain.properties), _features(plain))
        infos = [self._branch_info(comp_side, n, i, comp) for i, n in enumerate(group.branches)]
        wrapper = tuple((node, True) for node, _ in comp_parts)
        if composite_is_revision:
            pairs, _none, others = match([plain_info], infos, force=True)
            for _i, j in pairs:
                conj = wrapper + comp_side.parts(group.branches[j])[0]
                self.unit(plain_parts, conj, ctx.scope, ctx.where, ctx.out, True)
            self._report_branches(ctx, None, [], group, others)
            self._extra_groups(ctx, [group], comp.groups)
        else:
            pairs, others, _none = match(infos, [plain_info], force=True)
            for i, _j in pairs:
                conj = wrapper + comp_side.parts(group.branches[i])[0]
                self.unit(conj, plain_parts, ctx.scope, ctx.where, ctx.out, True)
            self._report_branches(ctx, group, others, None, [])
            self._extra_groups(ctx, comp.groups, [group])

    # -- flattening ---------------------------------------------------------------

    def flatten(self, root: Result) -> list[Change]:
        """Every change reachable from ``root``, each (rule, file, pointer) once."""
        out: list[Change] = []
        seen: set[ChangeKey] = set()
        visited: set[int] = {id(root)}
        pending: list[Result] = [root]
        while pending:
            result = pending.pop()
            for key, change in result.changes:
                if key not in seen:
                    seen.add(key)
                    out.append(change)
            for child in reversed(result.children):
                if id(child) not in visited:
                    visited.add(id(child))
                    pending.append(child)
        return out


def _branch_label(info: Branch) -> str:
    if info.ref_name or info.title:
        return f"'{info.label}'"
    if info.types:
        return f"#{info.index + 1} ({show_types(info.types)})"
    return f"#{info.index + 1}"


def _features(shape: Shape) -> frozenset[str]:
    """What tells two branches of the same type apart, for matching."""
    found = {f"bound:{k}" for k in shape.bounds}
    if shape.format:
        found.add(f"format:{shape.format}")
    if shape.pattern:
        found.add(f"pattern:{shape.pattern}")
    if shape.enum is not None:
        found.update(f"enum:{v!r}" for v, _ in shape.enum[:50])
    if shape.items is not None:
        found.add("items")
    if shape.nullable:
        found.add("nullable")
    return frozenset(found)
