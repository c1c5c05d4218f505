"""The JSON Schema change rules: every concept the engine reports, per scope.

A *concept* is one kind of difference, named from the base to the revision
(``max-length-decreased``). What it does to the set of accepted instances fixes
its level, given which version *writes* the data (the scope):

``narrows``
    the revision accepts fewer instances: breaking when the revision reads data
    the base wrote (``jsonschema``, BACKWARD), safe when the revision writes.
``widens``
    the revision accepts more: safe (an addition) when it reads, breaking when
    it writes data that readers of the base must accept.
``both``
    some of each: breaking either way. ``undecided``: the engine could not
    decide (dangerous). ``note`` and ``warn``: annotations (safe, dangerous).

A rule id is the scope's prefix and the concept: ``jsonschema-type-narrowed``.
Sibling kinds that embed JSON Schema (AsyncAPI payloads) build their own
scopes with :func:`catalog_for`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from accord.core.change import Direction, Level, RuleInfo
from accord.kinds.openapi.catalog import Catalog, rule

Effect = Literal["narrows", "widens", "both", "undecided", "note", "warn"]


@dataclass(frozen=True, slots=True)
class Scope:
    """Where schemas are compared: rule prefix, which version writes, direction."""

    prefix: str
    #: ``base``: the revision reads data written with the base (a consumer's new
    #: schema); ``revision``: the revision writes data readers of the base read.
    writer: Literal["base", "revision"] = "base"
    direction: Direction = Direction.BOTH

    def rule_id(self, concept: str) -> str:
        return f"{self.prefix}-{concept}"


#: The standalone ``jsonschema`` kind: the revision reads what the base wrote.
STANDALONE = Scope("jsonschema")


@dataclass(frozen=True, slots=True)
class Concept:
    name: str
    effect: Effect
    description: str
    #: advice when the change breaks something (or, for notes, the only advice)
    breaking_hint: str
    safe_hint: str = ""


_MAJOR = "or publish it as a new major version (a new subject) instead"
_READERS = ("no action needed for readers of this version; writers using it may now "
            "produce values older readers reject (checked by FORWARD and FULL)")


def _n(name: str, description: str, keep: str) -> Concept:
    """Accepts fewer values."""
    return Concept(name, "narrows", description, f"{keep}, {_MAJOR}",
                   "no action needed: the revision accepts a subset of what it did")


def _w(name: str, description: str, warn: str = "") -> Concept:
    """Accepts more values."""
    return Concept(name, "widens", description,
                   warn or "readers of the base reject the new values: keep writing only "
                   f"what the base allowed, {_MAJOR}", _READERS)


CONCEPTS: tuple[Concept, ...] = (
    # --- types and values ----------------------------------------------------------
    _n("type-narrowed", "a type the base allowed is no longer allowed (number to integer, "
       "a type dropped from a type list or from nullable, a type newly set)",
       "keep the old types (a type list or anyOf can hold both)"),
    _w("type-widened", "the revision allows more types (integer to number, a type added, "
       "null allowed, the type removed)"),
    Concept("type-changed", "both", "the type changed to one that shares no values with the "
            "old one (string to number)",
            f"keep the old type and add a new property for the new one, {_MAJOR}"),
    _n("enum-value-removed", "a value the base's enum or const allowed is no longer accepted",
       "keep accepting the value"),
    _w("enum-value-added", "the revision's enum or const accepts a value the base did not"),
    _n("enum-added", "values are now restricted to an enum or const that leaves out values "
       "the base accepted", "list every value writers may produce"),
    _w("enum-removed", "an enum or const restriction was removed"),
    # --- numbers -------------------------------------------------------------------
    _n("maximum-decreased", "the maximum (or exclusive maximum) was lowered or newly set",
       "keep accepting the old maximum"),
    _w("maximum-increased", "the maximum was raised or removed"),
    _n("minimum-increased", "the minimum (or exclusive minimum) was raised or newly set",
       "keep accepting the old minimum"),
    _w("minimum-decreased", "the minimum was lowered or removed"),
    _n("multiple-of-narrowed", "multipleOf was set, or set to a multiple of the old step",
       "keep the old multipleOf"),
    _w("multiple-of-relaxed", "multipleOf was removed, or set to a divisor of the old step"),
    Concept("multiple-of-changed", "both", "multipleOf changed to a step that neither "
            "divides nor is a multiple of the old one", f"keep the old multipleOf, {_MAJOR}"),
    # --- strings -------------------------------------------------------------------
    _n("max-length-decreased", "the maximum length was lowered or newly set",
       "keep accepting the old maximum length"),
    _w("max-length-increased", "the maximum length was raised or removed"),
    _n("min-length-increased", "the minimum length was raised or newly set",
       "keep accepting the old minimum length"),
    _w("min-length-decreased", "the minimum length was lowered or removed"),
    _n("pattern-narrowed", "a pattern was added or changed and rejects strings the base "
       "accepted (decided by comparing the regular languages)",
       "make the pattern accept every string the old one did"),
    _w("pattern-relaxed", "a pattern was removed or changed and accepts every string the "
       "old one did"),
    Concept("pattern-replaced", "both", "a pattern changed so that each version accepts "
            "strings the other rejects", f"keep the old pattern, {_MAJOR}"),
    Concept("pattern-undecided", "undecided", "a pattern changed in a way the engine cannot "
            "compare (back-references, look-arounds, word boundaries, very large automata)",
            "check by hand that the new pattern accepts every string the old one did, then "
            "acknowledge the change"),
    _n("format-narrowed", "a format was set, or changed to a narrower one (idn-email to email)",
       "keep accepting values of the old format"),
    _w("format-widened", "a format was removed or changed to a wider one (email to "
       "idn-email)"),
    Concept("format-changed", "both", "the format changed to an unrelated one (date-time to "
            "date)", f"keep the old format and add a new property for the new one, {_MAJOR}"),
    _n("content-narrowed", "contentEncoding or contentMediaType was set or changed",
       "keep the old encoding and media type"),
    _w("content-relaxed", "contentEncoding or contentMediaType was removed"),
    # --- arrays --------------------------------------------------------------------
    _n("max-items-decreased", "the maximum number of items was lowered or newly set, or the "
       "list of items was closed shorter", "keep accepting the old number of items"),
    _w("max-items-increased", "the maximum number of items was raised or removed"),
    _n("min-items-increased", "the minimum number of items was raised or newly set",
       "keep accepting the old number of items"),
    _w("min-items-decreased", "the minimum number of items was lowered or removed"),
    _n("unique-items-added", "items must now be unique", "keep accepting repeated items"),
    _w("unique-items-removed", "items need no longer be unique"),
    _n("contains-added", "arrays must now contain a matching item (contains or minContains "
       "added or raised)", "drop the new contains requirement"),
    _w("contains-removed", "the contains requirement was removed or relaxed"),
    _n("additional-items-closed", "items past the declared ones are no longer allowed "
       "(items, additionalItems or unevaluatedItems became false)",
       "keep allowing the extra items"),
    _w("additional-items-opened", "items past the declared ones are now allowed"),
    # --- objects -------------------------------------------------------------------
    _n("property-added-to-open-model", "a property was declared in an open content model: "
       "the base accepted that name with any value, the revision constrains it (strict "
       "policy)", "drop the new property's constraints or name the property differently; "
       "the lenient policy treats undeclared properties as never written"),
    _n("property-added-not-covered", "a property was declared whose schema rejects values "
       "the base's additionalProperties or patternProperties accepted for that name",
       "make the new property accept what additionalProperties accepted"),
    _w("property-added", "a property was declared, and every value the base accepted under "
       "that name is still accepted (a closed or partially open content model)",
       "readers of the base reject the new property: writers must not send it until every "
       f"reader has the revision, {_MAJOR}"),
    _n("property-removed-not-covered", "a property was removed and the revision's "
       "additionalProperties or patternProperties reject values the base accepted for it",
       "keep the property, or let additionalProperties accept its old values"),
    _w("property-removed", "a property was removed and the revision still accepts every "
       "value the base accepted under that name (an open content model)"),
    _n("required-added", "a property became required", "keep the property optional"),
    _w("required-removed", "a property is no longer required",
       "readers of the base still require the property: keep writing it, or make it optional "
       f"for readers first, {_MAJOR}"),
    _n("additional-properties-closed", "undeclared properties are no longer allowed "
       "(additionalProperties or unevaluatedProperties became false)",
       "keep allowing undeclared properties"),
    _w("additional-properties-opened", "undeclared properties are now allowed"),
    _n("pattern-property-added-not-covered", "a patternProperties entry was added that "
       "rejects values the base accepted for property names it matches",
       "make the pattern's schema accept what the base accepted"),
    _w("pattern-property-added", "a patternProperties entry was added and accepts what the "
       "base accepted"),
    _n("pattern-property-removed-not-covered", "a patternProperties entry was removed and the "
       "revision rejects values the base accepted for names it matched",
       "keep the entry, or let additionalProperties accept its old values"),
    _w("pattern-property-removed", "a patternProperties entry was removed and its values are "
       "still accepted"),
    _n("min-properties-increased", "the minimum number of properties was raised or newly set",
       "keep accepting the old number of properties"),
    _w("min-properties-decreased", "the minimum number of properties was lowered or removed"),
    _n("max-properties-decreased", "the maximum number of properties was lowered or newly set",
       "keep accepting the old number of properties"),
    _w("max-properties-increased", "the maximum number of properties was raised or removed"),
    _n("property-names-added", "propertyNames now rejects property names the base accepted",
       "keep accepting the old property names"),
    _w("property-names-removed", "propertyNames was removed or accepts more names"),
    _n("dependent-required-added", "a property now requires another one when present "
       "(dependentRequired, or dependencies with a list)", "drop the new dependency"),
    _w("dependent-required-removed", "a dependentRequired (or dependencies) entry was removed"),
    _n("dependent-schema-added", "a schema now applies when a property is present "
       "(dependentSchemas, or dependencies with a schema) and rejects objects the base "
       "accepted", "drop the new dependent schema or make it accept the old objects"),
    _w("dependent-schema-removed", "a dependentSchemas (or dependencies) entry was removed"),
    # --- applicators ---------------------------------------------------------------
    _n("alternative-removed", "values an anyOf/oneOf alternative of the base accepted match "
       "no alternative of the revision", "keep the alternative"),
    _w("alternative-added", "an anyOf/oneOf alternative was added"),
    Concept("one-of-ambiguous", "both", "values one version accepts match more than one "
            "oneOf alternative of the other, which rejects them", "make the alternatives "
            "exclusive (a const discriminator property, distinct types) or use anyOf"),
    Concept("one-of-overlap", "undecided", "values may now match more than one oneOf "
            "alternative (oneOf then rejects them); the engine could not prove the "
            "alternatives exclusive", "make the alternatives exclusive (a const "
            "discriminator property, distinct types) or use anyOf"),
    _n("not-extended", "the schema under not matches more values, so fewer are accepted",
       "keep the old not schema"),
    _w("not-reduced", "the schema under not matches fewer values (or not was removed)"),
    Concept("conditional-changed", "undecided", "if/then/else changed in a way the engine "
            "cannot compare exactly", "check by hand that every object the base accepted is "
            "still accepted, then acknowledge the change"),
    _n("schema-forbidden", "the schema became false: nothing it described is accepted",
       "keep accepting the values"),
    _w("schema-allowed", "a false schema was replaced: values are accepted where none were"),
    Concept("undecided", "undecided", "the engine could not decide whether every instance "
            "the base accepted is still accepted (the message says which construct)",
            "check the change by hand, then acknowledge it"),
    # --- annotations ---------------------------------------------------------------
    Concept("title-changed", "note", "a title was added, changed or removed", "nothing to do"),
    Concept("description-changed", "note", "a description was added, changed or removed",
            "nothing to do"),
    Concept("default-changed", "warn", "a default value was added, changed or removed: "
            "readers that fill in defaults now see another value",
            "tell consumers that fill in defaults; keep the old default if they rely on it"),
    Concept("deprecated", "note", "a schema or property was marked deprecated",
            "tell consumers what replaces it and when it goes"),
    Concept("undeprecated", "note", "a schema or property is no longer deprecated",
            "nothing to do"),
    Concept("read-only-changed", "note", "readOnly or writeOnly changed", "nothing to do; "
            "tell consumers which side may send the property"),
    Concept("id-changed", "note", "$id changed", "check that no one refers to the old $id"),
    Concept("draft-changed", "note", "the schema moved to another JSON Schema draft "
            "($schema); the comparison reads each version in its own draft",
            "nothing to do"),
)

BY_NAME: dict[str, Concept] = {c.name: c for c in CONCEPTS}
B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE


def level_of(concept: Concept, scope: Scope) -> Level:
    effect = concept.effect
    if effect == "both":
        return B
    if effect in ("undecided", "warn"):
        return D
    if effect == "note":
        return S
    reads = scope.writer == "base"
    return B if (effect == "narrows") == reads else S


def catalog_for(scope: Scope) -> Catalog:
    """The rules of ``scope``: one per concept, with the level its effect has there."""
    rules: list[RuleInfo] = []
    for concept in CONCEPTS:
        level = level_of(concept, scope)
        hint = concept.breaking_hint if level is not S or not concept.safe_hint \
            else concept.safe_hint
        addition = level is S and concept.effect == "widens" and scope.writer == "base"
        rules.append(rule(scope.rule_id(concept.name), level, scope.direction,
                          concept.description, hint, addition=addition))
    return Catalog(rules)


CATALOG = catalog_for(STANDALONE)
