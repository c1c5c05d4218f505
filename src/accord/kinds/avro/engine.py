"""Avro schemas compared by Avro's own schema-resolution rules.

The verdicts come from the ``avro`` library's ``ReaderWriterCompatibilityChecker``:
a reader schema reads what a writer schema wrote when the checker finds no
incompatibility. Its result says *what* is incompatible but loses *where* when a
schema has several problems, so the comparison walks the two schemas side by side
(records field by field, fields paired as the checker pairs them, unions branch by
branch) and asks the checker about each place: every incompatibility is reported
where it is written. The walk also reports what the checker does not list because
it reads fine: fields, symbols, branches and aliases added or removed, type
promotions (int to long to float to double, string to bytes), changed defaults
and docs. The whole pair's verdict stays the checker's: when it finds the pair
compatible, no breaking change is reported; when it finds a problem the walk did
not place, the problem is reported at the schema's root.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from avro.compatibility import (
    ReaderWriterCompatibilityChecker,
    SchemaCompatibilityResult,
    SchemaCompatibilityType,
    SchemaIncompatibilityType,
    lookup_writer_field,
)
from avro.schema import (
    ArraySchema,
    EnumSchema,
    Field,
    FixedSchema,
    MapSchema,
    NamedSchema,
    RecordSchema,
    Schema,
    UnionSchema,
)

from accord.kinds.avro.parsing import definitions
from accord.source import Node

Incompatibility = SchemaIncompatibilityType

#: The checker's incompatibilities -> the concept that reports them.
BREAKING = {
    Incompatibility.type_mismatch: "type-changed",
    Incompatibility.name_mismatch: "name-changed",
    Incompatibility.fixed_size_mismatch: "fixed-size-changed",
    Incompatibility.missing_enum_symbols: "enum-symbol-unknown",
    Incompatibility.reader_field_missing_default_value: "field-default-missing",
    Incompatibility.missing_union_branch: "union-branch-unknown",
}


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference between the two schemas: its concept, what happened, where."""

    concept: str
    message: str
    where: Node


@dataclass(frozen=True, slots=True)
class _At:
    """A place in both schemas: the (sub)schemas and their nodes, and the path of
    field names that leads there (``customer.tags[]``)."""

    base: Schema
    rev: Schema
    base_node: Node
    rev_node: Node
    path: tuple[str, ...]

    @property
    def shown(self) -> str:
        text = ".".join(self.path).replace(".[]", "[]").replace(".{}", "{}")
        return f"'{text}'" if text else "the root"


@dataclass(slots=True)
class Comparison:
    """Two parsed schemas and their nodes; ``revision_reads`` says which one reads
    (True: the revision reads data written with the base). ``docs``: report changed
    docs. ``label`` starts every message (``the payload of message 'x'``)."""

    base: Schema
    rev: Schema
    base_node: Node
    rev_node: Node
    revision_reads: bool
    label: str
    docs: bool = True
    found: list[Difference] = field(default_factory=list, init=False)
    _names: tuple[dict[str, Node], dict[str, Node]] = field(init=False)
    _seen: set[tuple[int, int]] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self._names = (definitions(self.base_node), definitions(self.rev_node))

    def run(self) -> list[Difference]:
        top = self._check(self.base, self.rev)
        self._walk(_At(self.base, self.rev, self._defined(0, self.base, self.base_node),
                       self._defined(1, self.rev, self.rev_node), ()))
        breaking = [d for d in self.found if d.concept in BREAKING.values()]
        if top.compatibility is SchemaCompatibilityType.compatible:
            return [d for d in self.found if d not in breaking]
        if not breaking:  # the walk placed nothing: report the checker's word at the root
            for kind in dict.fromkeys(top.incompatibilities):
                self._add(BREAKING[kind], f"{'; '.join(sorted(top.messages))}", self.rev_node)
        return self.found

    # --- roles -----------------------------------------------------------------------

    def _roles(self, at: _At) -> tuple[Schema, Schema]:
        """(reader, writer) at ``at``."""
        return (at.rev, at.base) if self.revision_reads else (at.base, at.rev)

    @property
    def _reader(self) -> str:
        return "the revision" if self.revision_reads else "readers of the base"

    @property
    def _writer(self) -> str:
        return "the base" if self.revision_reads else "the revision"

    def _check(self, base: Schema, rev: Schema) -> SchemaCompatibilityResult:
        """The checker on a (base, revision) pair in the reading role, each call fresh:
        its locations are then relative to the pair."""
        reader, writer = (rev, base) if self.revision_reads else (base, rev)
        checker = ReaderWriterCompatibilityChecker()  # type: ignore[no-untyped-call]
        return checker.get_compatibility(reader, writer)

    def _add(self, concept: str, message: str, where: Node) -> None:
        self.found.append(Difference(concept, f"{self.label}: {message}", where))

    def _defined(self, side: int, schema: Schema, node: Node) -> Node:
        """Where a named type is defined (``node`` may only name it)."""
        if isinstance(schema, NamedSchema):
            return self._names[side].get(schema.fullname, node)
        return node

    def _child(self, side: int, schema: Schema, node: Node, *tokens: str | int) -> Node:
        found = node.child(*tokens)
        return node if found is None else self._defined(side, schema, found)

    # --- the walk --------------------------------------------------------------------

    def _walk(self, at: _At) -> None:
        key = (id(at.base), id(at.rev))
        if key in self._seen:
            return  # a recursive type, or a named type used again: compared once
        self._seen.add(key)
        base, rev = at.base, at.rev
        if isinstance(base, UnionSchema) or isinstance(rev, UnionSchema):
            self._union(at)
        elif isinstance(base, RecordSchema) and isinstance(rev, RecordSchema):
            self._record(at)
        elif isinstance(base, EnumSchema) and isinstance(rev, EnumSchema):
            self._enum(at)
        elif isinstance(base, ArraySchema) and isinstance(rev, ArraySchema):
            self._walk(_At(base.items, rev.items, self._child(0, base.items, at.base_node,
                                                               "items"),
                           self._child(1, rev.items, at.rev_node, "items"), (*at.path, "[]")))
        elif isinstance(base, MapSchema) and isinstance(rev, MapSchema):
            self._walk(_At(base.values, rev.values,
                           self._child(0, base.values, at.base_node, "values"),
                           self._child(1, rev.values, at.rev_node, "values"),
                           (*at.path, "{}")))
        else:
            self._leaf(at)
        if self.docs and _doc(base) != _doc(rev):
            self._add("doc-changed", f"the doc of {_type(rev)} changed", at.rev_node)
        self._aliases(at, base, rev, at.rev_node)

    def _leaf(self, at: _At) -> None:
        """Primitives, fixed, or two different kinds of type."""
        result = self._check(at.base, at.rev)
        if result.compatibility is not SchemaCompatibilityType.compatible:
            for kind in dict.fromkeys(result.incompatibilities):
                self._incompatible(kind, at)
        elif at.base.type != at.rev.type:
            self._add("type-promoted", f"the type of {at.shown} changed from "
                      f"{_type(at.base)} to {_type(at.rev)}, which {self._reader} "
                      f"read{'s' if self.revision_reads else ''} by promotion", at.rev_node)

    def _incompatible(self, kind: Incompatibility, at: _At) -> None:
        reader, writer = self._roles(at)
        if kind is Incompatibility.name_mismatch:
            text = (f"the named type at {at.shown} is now {_type(at.rev)} (was "
                    f"{_type(at.base)}), and the reader does not list the writer's name "
                    "among its aliases")
        elif kind is Incompatibility.fixed_size_mismatch:
            assert isinstance(at.base, FixedSchema) and isinstance(at.rev, FixedSchema)
            text = (f"the fixed type at {at.shown} now has {at.rev.size} bytes (was "
                    f"{at.base.size})")
        else:
            text = (f"the type of {at.shown} changed from {_type(at.base)} to "
                    f"{_type(at.rev)}: {self._reader} cannot read {_type(writer)} as "
                    f"{_type(reader)}")
        self._add(BREAKING[kind], text, at.rev_node)

    def _aliases(self, at: _At, base: Any, rev: Any, where: Node) -> None:
        old, new = _list(base, "aliases"), _list(rev, "aliases")
        added = [a for a in new if a not in old]
        if added:
            self._add("alias-added", f"{at.shown} has the new alias"
                      f"{'es' if len(added) > 1 else ''} {', '.join(added)}", where)

    # --- records -----------------------------------------------------------------------

    def _record(self, at: _At) -> None:
        base, rev = at.base, at.rev
        assert isinstance(base, RecordSchema) and isinstance(rev, RecordSchema)
        reader, writer = self._roles(at)
        assert isinstance(reader, RecordSchema) and isinstance(writer, RecordSchema)
        missing: set[int] = set()  # the reader's fields the checker flags
        result = self._check(base, rev)
        for tokens in _located(result):
            if tokens == ["name"] and Incompatibility.name_mismatch in result.incompatibilities:
                self._incompatible(Incompatibility.name_mismatch, at)
            elif tokens[0] == "fields" and len(tokens) > 1 and tokens[1].isdigit():
                missing.add(int(tokens[1]))
        pairs: list[tuple[int, int]] = []  # (base index, revision index)
        for r_index, r_field in enumerate(reader.fields):
            w_field = lookup_writer_field(writer, r_field)
            # By identity: fields compare by their JSON, which is slow to build.
            w_index = next((i for i, f in enumerate(writer.fields) if f is w_field), None)
            if w_index is not None:
                pairs.append((w_index, r_index) if self.revision_reads else (r_index, w_index))
                continue
            side = 1 if self.revision_reads else 0
            node = (at.rev_node if side else at.base_node).child("fields", r_index)
            field_at = _At(base, rev, at.base_node, at.rev_node, (*at.path, r_field.name))
            where = node or (at.rev_node if side else at.base_node)
            if r_index in missing and self.revision_reads:
                self._add("field-default-missing", f"field {field_at.shown} was added "
                          "without a default, and the base does not write it", where)
            elif r_index in missing:
                self._add("field-default-missing", f"field {field_at.shown} was removed, "
                          "and readers of the base need it (it has no default there)", where)
            elif self.revision_reads:
                self._add("field-added", f"field {field_at.shown} was added with a default",
                          where)
            else:
                self._add("field-removed", f"field {field_at.shown} was removed; readers of "
                          "the base use its default", where)
        paired_writer = {b for b, _ in pairs} if self.revision_reads else \
            {r for _, r in pairs}
        for w_index, w_field in enumerate(writer.fields):
            if w_index in paired_writer:
                continue
            side = 0 if self.revision_reads else 1
            node = (at.base_node if side == 0 else at.rev_node).child("fields", w_index)
            shown = _At(base, rev, at.base_node, at.rev_node, (*at.path, w_field.name)).shown
            where = node or at.rev_node
            if self.revision_reads:
                self._add("field-removed", f"field {shown} was removed; the revision ignores "
                          "it in data written with the base", where)
            else:
                self._add("field-added", f"field {shown} was added; readers of the base "
                          "ignore it", where)
        for b_index, r_index in pairs:
            self._field(at, base.fields[b_index], rev.fields[r_index], b_index, r_index)

    def _field(self, at: _At, old: Field, new: Field, b_index: int, r_index: int) -> None:
        base_node = at.base_node.child("fields", b_index) or at.base_node
        rev_node = at.rev_node.child("fields", r_index) or at.rev_node
        path = (*at.path, new.name)
        shown = _At(old.type, new.type, base_node, rev_node, path).shown
        if old.has_default and (not new.has_default or old.default != new.default):
            after = repr(new.default) if new.has_default else "none"
            self._add("default-changed", f"the default of field {shown} changed from "
                      f"{old.default!r} to {after}", rev_node)
        elif new.has_default and not old.has_default:
            self._add("default-added", f"field {shown} now has the default {new.default!r}",
                      rev_node)
        if self.docs and old.doc != new.doc:
            self._add("doc-changed", f"the doc of field {shown} changed", rev_node)
        self._aliases(_At(old.type, new.type, base_node, rev_node, path), old, new, rev_node)
        self._walk(_At(old.type, new.type, self._child(0, old.type, base_node, "type"),
                       self._child(1, new.type, rev_node, "type"), path))

    # --- enums and unions ------------------------------------------------------------

    def _enum(self, at: _At) -> None:
        base, rev = at.base, at.rev
        assert isinstance(base, EnumSchema) and isinstance(rev, EnumSchema)
        result = self._check(base, rev)
        places = list(_located(result))
        if ["name"] in places:
            self._incompatible(Incompatibility.name_mismatch, at)
        added = [s for s in rev.symbols if s not in base.symbols]
        removed = [s for s in base.symbols if s not in rev.symbols]
        unknown = removed if self.revision_reads else added
        if ["symbols"] in places:
            self._add("enum-symbol-unknown", f"{self._writer} may write the symbol"
                      f"{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} of {at.shown}, "
                      f"which {self._reader} lack{'s' if self.revision_reads else ''}, and "
                      "the reader's enum has no default", at.rev_node)
        elif unknown:
            concept = "enum-symbol-removed" if self.revision_reads else "enum-symbol-added"
            self._add(concept, f"{at.shown} {'lost' if self.revision_reads else 'gained'} the "
                      f"symbol{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; the "
                      "reader's enum default reads them", at.rev_node)
        other = added if self.revision_reads else removed
        if other:
            concept = "enum-symbol-added" if self.revision_reads else "enum-symbol-removed"
            self._add(concept, f"{at.shown} {'gained' if self.revision_reads else 'lost'} the "
                      f"symbol{'s' if len(other) > 1 else ''} {', '.join(other)}", at.rev_node)

    def _union(self, at: _At) -> None:
        """Branches paired by name (a non-union is a union of one); a writer's branch
        with no counterpart is checked against the reader as a whole."""
        olds, news = _branches(at.base), _branches(at.rev)
        old_keys = {_key(s): i for i, s in enumerate(olds)}
        new_keys = {_key(s): i for i, s in enumerate(news)}
        for index, schema in enumerate(news):
            old_index = old_keys.get(_key(schema))
            if old_index is not None:
                self._walk(_At(olds[old_index], schema,
                               self._branch(0, at.base, olds[old_index], at.base_node,
                                            old_index),
                               self._branch(1, at.rev, schema, at.rev_node, index), at.path))
        for side, mine, theirs, keys in ((0, olds, at.rev, new_keys),
                                         (1, news, at.base, old_keys)):
            for index, schema in enumerate(mine):
                if _key(schema) in keys:
                    continue
                writes = (side == 0) == self.revision_reads
                node = self._branch(side, at.base if side == 0 else at.rev, schema,
                                    at.base_node if side == 0 else at.rev_node, index)
                where = node if side == 1 else at.rev_node
                verb = "removed from" if side == 0 else "added to"
                readable = True
                if writes:
                    pair = (schema, theirs) if side == 0 else (theirs, schema)
                    readable = self._check(*pair).compatibility is \
                        SchemaCompatibilityType.compatible
                if readable:
                    self._add(f"union-branch-{'removed' if side == 0 else 'added'}",
                              f"the branch {_type(schema)} was {verb} {at.shown}", where)
                else:
                    self._add("union-branch-unknown", f"{self._writer} may write "
                              f"{_type(schema)} at {at.shown}, which {self._reader} "
                              f"cannot read as {_type(theirs)}", where)

    def _branch(self, side: int, union: Schema, schema: Schema, node: Node,
                index: int) -> Node:
        if not isinstance(union, UnionSchema):
            return node
        return self._child(side, schema, node, index)


def _branches(schema: Schema) -> list[Schema]:
    return list(schema.schemas) if isinstance(schema, UnionSchema) else [schema]


def _key(schema: Schema) -> str:
    return schema.fullname if isinstance(schema, NamedSchema) else str(schema.type)


def _type(schema: Schema) -> str:
    if isinstance(schema, NamedSchema):
        return f"{schema.type} {schema.fullname}"
    if isinstance(schema, UnionSchema):
        return "[" + ", ".join(_type(s) for s in schema.schemas) + "]"
    if isinstance(schema, ArraySchema):
        return f"array of {_type(schema.items)}"
    if isinstance(schema, MapSchema):
        return f"map of {_type(schema.values)}"
    return str(schema.type)


def _doc(schema: Schema) -> Any:
    return schema.props.get("doc") if isinstance(schema, NamedSchema) else None


def _list(item: Any, prop: str) -> list[str]:
    value = item.props.get(prop) if hasattr(item, "props") else None
    return [str(v) for v in value] if isinstance(value, list) else []


def _located(result: SchemaCompatibilityResult) -> Iterator[list[str]]:
    """The location tokens of a fresh check's problems (``["fields", "2"]``,
    ``["name"]``, ``["symbols"]``); the root, which the checker also lists for a
    record with a compatible field, is left out."""
    for location in result.locations:
        tokens = [t for t in location.split("/") if t]
        if tokens:
            yield tokens
