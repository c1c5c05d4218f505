"""The rules of Avro schema comparison, in the scopes that use it.

One concept per incompatibility of Avro's resolution rules (breaking), and one per
difference that still resolves (safe, or dangerous for a changed default). Each scope
prefixes them: ``sent-avro`` and ``received-avro`` for AsyncAPI payloads
(``kinds/asyncapi/rules.py``), ``avro`` for the standalone kind. A scope says which
version reads: the rules' texts name the reader and the writer by their role there.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.core.change import Direction, Level
from accord.kinds.openapi.catalog import Catalog, rule

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE


@dataclass(frozen=True, slots=True)
class AvroScope:
    """A rule prefix, the direction changes take, and whether the revision reads
    (else it writes for readers of the base)."""

    prefix: str
    direction: Direction
    revision_reads: bool

    def rule_id(self, concept: str) -> str:
        return f"{self.prefix}-{concept}"


@dataclass(frozen=True, slots=True)
class _Concept:
    name: str
    level: Level
    description: str
    hint: str


_NEW_SCHEMA = "or publish the change as a new schema (a new subject or topic)"

CONCEPTS: tuple[_Concept, ...] = (
    _Concept("type-changed", B,
             "a value's type changed to one the reader's type cannot read (Avro promotes "
             "int to long, float or double, long to float or double, float to double, "
             "and string to bytes and back; nothing else)",
             f"keep the old type, or change it only along Avro's promotions, {_NEW_SCHEMA}"),
    _Concept("name-changed", B,
             "a named type (record, enum or fixed) changed its full name, and the reader "
             "does not list the writer's name among its aliases",
             "keep the name, or list the old full name in the new type's aliases"),
    _Concept("fixed-size-changed", B, "a fixed type changed its size",
             f"keep the size; add a new field with the new fixed type, {_NEW_SCHEMA}"),
    _Concept("enum-symbol-unknown", B,
             "the writer may write an enum symbol the reader's enum does not have, and the "
             "reader's enum has no default",
             "keep the symbol in the reader's enum, or give the enum a default symbol that "
             "unknown symbols resolve to"),
    _Concept("field-default-missing", B,
             "the reader has a field the writer does not write (added, or removed from the "
             "writer), and the field has no default",
             "give the field a default in the reader's schema (null with a union whose "
             "first branch is null, for an optional field)"),
    _Concept("union-branch-unknown", B,
             "the writer may write a type (a union branch) that the reader's type or union "
             "cannot read",
             "keep the reader's union able to read every branch the writer has: add the "
             "branch to the reader's union first"),
    _Concept("type-promoted", S,
             "a type changed along Avro's promotions (int to long, float or double; long "
             "to float or double; float to double; string to bytes and back), which the "
             "reader reads", "nothing to do"),
    _Concept("field-added", S,
             "a field was added that resolves: the reader gives it its default, or readers "
             "ignore a field they do not know", "nothing to do"),
    _Concept("field-removed", S,
             "a field was removed that resolves: the reader ignores a field it does not "
             "know, or fills it with its default", "nothing to do"),
    _Concept("enum-symbol-added", S,
             "an enum symbol was added that the reader can read (it has the symbol, or an "
             "enum default)", "nothing to do"),
    _Concept("enum-symbol-removed", S,
             "an enum symbol was removed that the reader can still read (it has the "
             "symbol, or an enum default)", "nothing to do"),
    _Concept("union-branch-added", S, "a union branch was added that the reader can read",
             "nothing to do"),
    _Concept("union-branch-removed", S,
             "a union branch was removed that the reader can still read", "nothing to do"),
    _Concept("alias-added", S, "a named type or a field got a new alias", "nothing to do"),
    _Concept("default-added", S,
             "a field got a default: readers of data without the field fill it in",
             "nothing to do; the field can now be removed from writers compatibly"),
    _Concept("default-changed", D,
             "a field's default changed or was removed: readers fill data written without "
             "the field with another value (or, without a default, cannot read it)",
             "check that readers handle the new default as they did the old one"),
    _Concept("doc-changed", S, "the doc of a named type or a field changed", "nothing to do"),
)


def catalog_for(scope: AvroScope, *, docs: bool = True) -> Catalog:
    """The rules of ``scope`` (``docs``: with ``doc-changed``)."""
    reader = "the revision reads data written with the base" if scope.revision_reads \
        else "readers built on the base read what the revision writes"
    return Catalog(
        rule(scope.rule_id(c.name), c.level, scope.direction,
             f"Avro schema resolution ({reader}): {c.description}.", c.hint,
             addition=c.level is S and c.name.endswith("added"))
        for c in CONCEPTS if docs or c.name != "doc-changed")


#: The standalone kind: the revision reads data written with the base (BACKWARD);
#: the compat layer swaps the pair for FORWARD.
STANDALONE = AvroScope("avro", Direction.BOTH, revision_reads=True)
CATALOG = catalog_for(STANDALONE)
