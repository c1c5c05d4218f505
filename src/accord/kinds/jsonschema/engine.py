"""The JSON Schema compatibility engine: which instances each schema accepts.

Stable API (the ``jsonschema`` kind and sibling kinds such as ``asyncapi`` use it)::

    side = Side(resolve, draft_of)          # per document set: $ref resolution, drafts
    context = CompareContext(base=side_a, revision=side_b, scope=STANDALONE,
                             policy="strict")
    changes = compare_schemas(base_node, revision_node, context=context)
    # or, for many pairs of one document pair (memo shared):
    comparer = SchemaComparer(context)
    changes = comparer.compare(base_node, revision_node, operation="...", label="payload")

``base_node`` and ``revision_node`` are :class:`accord.source.Node` values of
already-loaded documents; ``resolve(node)`` returns the schema a node's
``$ref`` names (``Workspace.deref`` fits), ``draft_of(document)`` the draft it
is written in. ``scope`` names the rules (``<prefix>-<concept>``) and says which
version writes the data: ``writer="base"`` (the revision reads what the base
wrote: BACKWARD) or ``"revision"`` (the revision writes for readers of the
base). :func:`~accord.kinds.jsonschema.rules.catalog_for` lists a scope's rules.

How it decides. The writer's schema W and the reader's schema R are compared
position by position (properties by name, items by index, the schemas under
``additionalProperties`` and ``patternProperties`` region by region), each
keyword asking "does R accept every instance W accepts here?". A difference
where it does not is a *violation*, reported with the concept that names the
change from base to revision at the level the scope gives it (breaking for the
writer's side of the contract); a difference where it does is reported at its
safe level. Enums are decided by validating each value; patterns by comparing
their regular languages; ``anyOf``/``oneOf`` alternatives are matched to the
alternative that covers them (``oneOf`` only when the others are provably
exclusive); ``not``, ``if``/``then``/``else`` and ``dependentSchemas`` are
compared when both sides have them, the rest of the schema around them
separately. Where the engine cannot decide, or had to leave out a constraint of
the writer that might exclude the values concerned, a violation is reported as
dangerous, its message saying why. Under the strict policy a few schemas are
read as schema registries read them, which only adds violations, so a safe
verdict still holds for the instance sets (docs/jsonschema.md, "Against schema
registries"). Every comparison is memoised per pair of schemas; a pair met again
while being compared (a recursive schema) is assumed compatible, which is sound
for the finite instances JSON has.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Literal

from accord.core.change import Change, Level
from accord.core.location import Location, unescape
from accord.kinds.jsonschema.model import NONE, Part, Parts, PartsKey, Shape, parts_key
from accord.kinds.jsonschema.rules import STANDALONE, Scope, catalog_for
from accord.kinds.jsonschema.shape import Side
from accord.kinds.jsonschema.values import Validator
from accord.kinds.openapi.catalog import Catalog
from accord.source import Node

__all__ = ["CompareContext", "Policy", "SchemaComparer", "Side", "compare_schemas"]

Policy = Literal["strict", "lenient"]
#: How many schemas deep one comparison goes (each level costs up to ~15 frames).
MAX_DEPTH = 50
_RANK = {Level.SAFE: 0, Level.DANGEROUS: 1, Level.BREAKING: 2}


@dataclass(frozen=True, slots=True)
class CompareContext:
    """What a comparison needs besides the two schemas."""

    base: Side
    revision: Side
    scope: Scope = STANDALONE
    #: ``strict``: exact instance sets. ``lenient``: writers are assumed never to
    #: write properties their schema does not declare, even where it allows them.
    policy: Policy = "strict"


@dataclass(frozen=True, slots=True)
class Where:
    """A position for messages: a path such as ``order.items[].sku``, and what
    kind of schema sits there (it names what a ``false`` schema there means)."""

    path: str = ""
    kind: str = "schema"
    #: Inside a comparison the engine set up (a dependent schema against the whole
    #: object, ...): only violations are reported there, not every difference.
    quiet: bool = False

    @property
    def subject(self) -> str:
        return f"'{self.path}'" if self.path else "the schema"

    def prop(self, name: str, kind: str = "property") -> Where:
        return Where(f"{self.path}.{name}" if self.path else name, kind, self.quiet)

    def tag(self, text: str, kind: str = "schema", *, quiet: bool = False) -> Where:
        return Where(f"{self.path}{text}", kind, self.quiet or quiet)


@dataclass(frozen=True, slots=True)
class Pending:
    """A change not yet built: locations cost a lookup, made only for reported ones."""

    catalog: Catalog
    rule: str
    level: Level
    message: str
    node: Node

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.node.doc.display, self.node.pointer)

    def build(self, locate: Callable[[Node], Location] | None = None) -> Change:
        where = locate(self.node) if locate is not None else self.node.location
        change = self.catalog.change(self.rule, self.message, where)
        return change if change.level is self.level else change.with_level(self.level)


class Result:
    """The changes of one comparison and the comparisons below it."""

    __slots__ = ("changes", "children", "worst")

    def __init__(self) -> None:
        self.changes: list[Pending] = []
        self.children: list[Result] = []
        self.worst = 0

    def add(self, change: Pending) -> None:
        self.changes.append(change)
        self.worst = max(self.worst, _RANK[change.level])

    def link(self, child: Result) -> None:
        self.children.append(child)
        self.worst = max(self.worst, child.worst)

    @property
    def violates(self) -> bool:
        return self.worst == 2

    @property
    def settled(self) -> bool:
        """True when nothing here could be a violation."""
        return self.worst == 0

    def pending(self) -> list[Pending]:
        """Every change reachable from here, each (rule, file, pointer) once."""
        out: list[Pending] = []
        seen: set[tuple[str, str, str]] = set()
        visited = {id(self)}
        stack: list[Result] = [self]
        while stack:
            result = stack.pop()
            for change in result.changes:
                key = change.key
                if key not in seen:
                    seen.add(key)
                    out.append(change)
            for child in reversed(result.children):
                if id(child) not in visited:
                    visited.add(id(child))
                    stack.append(child)
        return out

    def flatten(self, locate: Callable[[Node], Location] | None = None) -> list[Change]:
        return [p.build(locate) for p in self.pending()]

    def reasons(self, subject: str = "", limit: int = 2) -> str:
        """The first violations below, for a summary message about ``subject``."""
        found = [c.message for c in self.pending() if c.level is not Level.SAFE][:limit]
        prefix = f"{subject}: "
        return "; ".join(m[len(prefix):] if subject and m.startswith(prefix) else m
                         for m in found)


_NEVER_CONCEPTS = {
    "schema": ("schema-forbidden", "schema-allowed"),
    "property": ("schema-forbidden", "schema-allowed"),
    "additional-properties": ("additional-properties-closed", "additional-properties-opened"),
    "additional-items": ("additional-items-closed", "additional-items-opened"),
}


class Walker:
    """One comparison of a writer's schemas with a reader's (see the module docstring).

    ``a`` is the writer's side, ``b`` the reader's; ``flipped`` when the writer
    is the revision, so that changes are still named from base to revision.
    """

    def __init__(self, context: CompareContext, *, flipped: bool | None = None,
                 twin: Walker | None = None) -> None:
        self.context = context
        self.flipped = (context.scope.writer == "revision") if flipped is None else flipped
        # A violation is a breaking change of the scope whose writer is ``a``.
        self.scope = replace(context.scope, writer="revision" if self.flipped else "base")
        self.a = context.revision if self.flipped else context.base
        self.b = context.base if self.flipped else context.revision
        self.lenient = context.policy == "lenient"
        self.catalog: Catalog = _catalog(self.scope)
        self.va = Validator(self.a)
        self.vb = Validator(self.b)
        self.memo: dict[tuple[Any, ...], Result] = {}
        self._active: dict[tuple[Any, ...], Result] = {}
        self._depth = 0
        self.doubts: tuple[str, ...] = ()
        self._twin = twin
        self.synthetic: dict[Any, Node] = {}

    def swapped(self) -> Walker:
        """The same comparison with writer and reader exchanged (for ``not``)."""
        if self._twin is None:
            self._twin = Walker(self.context, flipped=not self.flipped, twin=self)
        return self._twin

    # -- reporting --------------------------------------------------------------------

    def emit(self, out: Result, concept: str | tuple[str, str], violation: bool, where: Where,
             text: str, a_node: Node | None, b_node: Node | None) -> None:
        """Report one difference. ``concept`` is a name, or a (narrows, widens)
        pair named from base to revision; ``violation``: the reader rejects
        something the writer may produce here."""
        if where.quiet and not violation:
            return
        if isinstance(concept, tuple):
            concept = concept[0] if violation != self.flipped else concept[1]
        revision = a_node if self.flipped else b_node
        base = b_node if self.flipped else a_node
        node = revision if revision is not None else base
        assert node is not None
        message = f"{where.subject}: {text}"
        if violation and self.doubts:
            message += f" (not certain: {self.doubts[-1]})"
        rule = self.scope.rule_id(concept)
        level = self.catalog[rule].level
        assert not (violation and level is Level.SAFE), concept
        if violation and self.doubts and level is Level.BREAKING:
            level = Level.DANGEROUS
        out.add(Pending(self.catalog, rule, level, message, node))

    def old_new(self, a_value: Any, b_value: Any) -> tuple[Any, Any]:
        """(base value, revision value) of a writer value and a reader value."""
        return (b_value, a_value) if self.flipped else (a_value, b_value)

    @contextmanager
    def doubt(self, reason: str | None) -> Iterator[None]:
        """Violations found inside are not certain (``reason`` says why)."""
        if reason is None:
            yield
            return
        saved = self.doubts
        self.doubts = (*saved, reason)
        try:
            yield
        finally:
            self.doubts = saved

    # -- positions -----------------------------------------------------------------------

    def true_node(self, near: Node) -> Node:
        """A schema that allows everything, located at ``near``."""
        return Node(near.doc, near.pointer, True)

    def node_for(self, kind: Hashable, near: Node, value: Any) -> Node:
        """A synthetic schema (stable per key, so memoisation still works)."""
        key = (kind, id(near.doc), near.pointer)
        found = self.synthetic.get(key)
        if found is None:
            found = Node(near.doc, near.pointer, value)
            self.synthetic[key] = found
        return found

    def same(self, a: Parts, b: Parts) -> bool:
        """Whether two conjunctions are written identically, with no reference
        inside whose target could differ."""
        if len(a) != len(b):
            return False
        for (na, ma), (nb, mb) in zip(a, b, strict=True):
            if ma != mb:
                return False
            va, vb = na.value, nb.value
            if va is vb and na.doc is nb.doc:
                continue
            if not isinstance(va, dict | list):
                if va != vb or type(va) is not type(vb):
                    return False
                continue
            # Serialised, equal means equal as JSON (to Python, true == 1).
            if self.a.digest(va) != self.b.digest(vb) or self.a.has_ref(va):
                return False
        return True

    def relabel(self, where: Where, a: Parts, b: Parts) -> Where:
        """Paths restart at a referenced schema: a change inside ``Address`` reads
        ``'Address.city'`` wherever Address is used (the revision decides)."""
        parts = a if self.flipped else b
        if len(parts) != 1:
            return where
        node = parts[0][0]
        value = node.value
        if isinstance(value, dict) and isinstance(value.get("$ref"), str) and len(value) == 1:
            side = self.a if self.flipped else self.b
            target = side.target(node)
            if target is not node:
                label = unescape(target.pointer.rsplit("/", 1)[-1]) if target.pointer else \
                    target.doc.display.rsplit("/", 1)[-1].split(".", 1)[0]
                return Where(label, where.kind, where.quiet)
        return where

    def compare(self, a: Parts, b: Parts, where: Where, out: Result, *,
                known_different: bool = False) -> None:
        """Compare the writer's conjunction ``a`` with the reader's ``b``."""
        if not known_different and self.same(a, b):
            return
        if len(a) == 1 and len(b) == 1 and not a[0][1] and not b[0][1]:
            # A schema moved behind a $ref (or back) compares as its target.
            ta, tb = self.a.target(a[0][0]), self.b.target(b[0][0])
            if (ta is not a[0][0] or tb is not b[0][0]) and self.same(((ta, NONE),),
                                                                      ((tb, NONE),)):
                return
            va, vb = a[0][0].value, b[0][0].value
            if isinstance(va, dict) and isinstance(vb, dict) and \
                    self.a.core_digest(va) == self.b.core_digest(vb) and not self.a.has_ref(va):
                # Only annotations differ (a description edited): nothing else to compare.
                result = Result()
                scalars.notes(self, a[0][0], b[0][0], where, result)
                out.link(result)
                return
        where = self.relabel(where, a, b)
        out.link(self.unit(a, b, where))

    def trial(self, a: Parts, b: Parts, where: Where) -> Result:
        """The comparison's result, not (yet) reported anywhere."""
        if self.same(a, b):
            return Result()
        return self.unit(a, b, self.relabel(where, a, b))

    def unit(self, a: Parts, b: Parts, where: Where) -> Result:
        ka: PartsKey = parts_key(a)
        kb: PartsKey = parts_key(b)
        doubt = self.doubts[-1] if self.doubts else None
        pair = (ka, kb, where.kind, where.quiet, doubt)
        key = (*pair, where.path)
        done = self.memo.get(key)
        if done is not None:
            return done
        active = self._active.get(pair)
        if active is not None:  # a recursive schema: assume compatible, link to it
            return active
        result = Result()
        self._active[pair] = result
        try:
            if self._depth < MAX_DEPTH:
                self._depth += 1
                try:
                    self._compare(a, b, where, result)
                finally:
                    self._depth -= 1
            else:
                self.emit(result, "undecided", True, where,
                          f"schemas nested more than {MAX_DEPTH} levels deep were not compared",
                          a[0][0], b[0][0])
        finally:
            del self._active[pair]
        self.memo[key] = result
        return result

    def _compare(self, a: Parts, b: Parts, where: Where, out: Result) -> None:
        sa = self.a.shape(a)
        sb = self.b.shape(b)
        scalars.notes(self, sa.node, sb.node, where, out)
        if sa.never or sb.never:
            if sa.never != sb.never:
                pair = _NEVER_CONCEPTS.get(where.kind, _NEVER_CONCEPTS["schema"])
                violation = sb.never
                closed = sa.never if self.flipped else sb.never
                text = "no value is accepted any more (a false schema)" if closed \
                    else "values are accepted where none were"
                self.emit(out, pair, violation, where, text, sa.node, sb.node)
            return
        if applicators.compare(self, sa, sb, where, out):
            return
        self.core(sa, sb, where, out)

    def core(self, sa: Shape, sb: Shape, where: Where, out: Result) -> None:
        """Compare two shapes keyword by keyword (no applicators left to handle)."""
        if sa.enum is not None:
            scalars.enum_values(self, sa, sb, where, out)
            return
        kinds = scalars.types(self, sa, sb, where, out)
        if sb.enum is not None:
            scalars.enum_restricted(self, sa, sb, where, out)
            return
        if "number" in kinds:
            scalars.numbers(self, sa, sb, where, out)
            if sa.formats or sb.formats:
                strings.formats(self, sa, sb, where, out, numeric=True)
        if "string" in kinds:
            strings.strings(self, sa, sb, where, out)
        if "array" in kinds:
            arrays.compare(self, sa, sb, where, out)
        if "object" in kinds:
            objects.compare(self, sa, sb, where, out)

    def masked(self, shape: Shape, owner: Part, keywords: frozenset[str],
               extra: Parts = ()) -> Parts:
        """The atoms of ``shape`` with ``keywords`` of the atom ``owner`` left out,
        plus ``extra`` schemas."""
        out: list[Part] = []
        for node, mask in shape.atoms:
            if node is owner[0] and mask == owner[1]:
                mask = mask | keywords
            out.append((node, mask))
        if not out:
            out.append((self.true_node(shape.node), NONE))
        return (*out, *extra)

    def atoms(self, shape: Shape, extra: Parts = ()) -> Parts:
        base: Parts = tuple(shape.atoms) or ((self.true_node(shape.node), NONE),)
        return (*base, *extra)


_CATALOGS: dict[Scope, Catalog] = {}


def _catalog(scope: Scope) -> Catalog:
    found = _CATALOGS.get(scope)
    if found is None:
        found = catalog_for(scope)
        _CATALOGS[scope] = found
    return found


class SchemaComparer:
    """Compares many schema pairs of one pair of documents, sharing its memo."""

    def __init__(self, context: CompareContext) -> None:
        self.context = context
        self._walker = Walker(context)

    @staticmethod
    def _locate(node: Node) -> Location:
        """Where a node is, remembered by its document (a revision checked against
        many versions reports the same places again and again)."""
        cache: dict[str, Location] = node.doc.memo.setdefault("jsonschema-locations", {})
        found = cache.get(node.pointer)
        if found is None:
            found = cache[node.pointer] = node.location
        return found

    def compare(self, base: Node, revision: Node, *, operation: str | None = None,
                label: str = "") -> list[Change]:
        walker = self._walker
        a, b = (revision, base) if walker.flipped else (base, revision)
        root = Result()
        try:
            walker.compare(((a, NONE),), ((b, NONE),), Where(label), root)
        except RecursionError:  # applicators nested past what the stack holds
            root = Result()
            walker.emit(root, "undecided", True, Where(label),
                        "the schemas nest too deeply to be compared", a, b)
        changes = sorted(root.flatten(self._locate), key=_position)
        if operation is not None:
            changes = [replace(c, operation=operation) for c in changes]
        return changes


# The keyword families import this module only for types: import them last.
from accord.kinds.jsonschema import applicators, arrays, objects, scalars, strings  # noqa: E402


def _position(change: Change) -> tuple[str, int, int]:
    loc = change.location
    return (loc.file or "", loc.line or 0, loc.column or 0)


def compare_schemas(base: Node, revision: Node, *, context: CompareContext) -> list[Change]:
    """Every change from the ``base`` schema to the ``revision`` schema."""
    return SchemaComparer(context).compare(base, revision)
