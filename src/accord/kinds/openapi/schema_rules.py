"""The schema rule catalog: every (scope x concept) rule the schema differ reports.

A *scope* is where a schema sits (request parameter, request body, a property
inside a request body, ...) and fixes the rule-id prefix and the direction. A
*concept* is one kind of difference (``max-length-decreased``) with a level per
direction. The catalog is their product, so every concept reads the same at
every site: ``request-property-max-length-decreased``,
``response-header-pattern-added``, ``request-body-one-of-removed``.

Property concepts (added, removed, became required, ...) use the scope's
*property prefix*: ``request-property-*`` for properties of request bodies,
``request-parameter-property-*`` for properties inside an object parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.core.change import Direction, Level, RuleInfo
from accord.core.text import sentence

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
_MAJOR = "or publish the change under a new major version"


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a schema sits: its rule prefix, direction and wording."""

    prefix: str
    #: Subject of messages: ``request property 'Pet.name' ...``.
    noun: str
    #: Subject of rule descriptions: ``the maximum length of a request body property``.
    thing: str
    direction: Direction
    #: The scope of properties nested in this one.
    nested: str
    property_prefix: str
    property_noun: str
    property_thing: str


def _scopes() -> dict[str, Scope]:
    req, resp = Direction.REQUEST, Direction.RESPONSE
    rows = [
        ("request-parameter", "request parameter", "a request parameter", req,
         "request-parameter", "request-parameter-property", "request parameter property",
         "a property inside a request parameter"),
        ("request-body", "request body", "the request body", req,
         "request-property", "request-property", "request property", "a request body property"),
        ("request-property", "request property", "a request body property", req,
         "request-property", "request-property", "request property", "a request body property"),
        ("response-body", "response body", "the response body", resp,
         "response-property", "response-property", "response property",
         "a response body property"),
        ("response-property", "response property", "a response body property", resp,
         "response-property", "response-property", "response property",
         "a response body property"),
        ("response-header", "response header", "a response header", resp,
         "response-header", "response-header-property", "response header property",
         "a property inside a response header"),
    ]
    return {row[0]: Scope(*row) for row in rows}


SCOPES: dict[str, Scope] = _scopes()


@dataclass(frozen=True, slots=True)
class Concept:
    """One kind of difference, with its level and advice per direction.

    ``None`` as a level: the concept does not exist in that direction.
    ``description`` is a template over ``{thing}``.
    """

    name: str
    request: Level | None
    response: Level | None
    description: str
    request_hint: str
    response_hint: str
    request_addition: bool = False
    response_addition: bool = False


def _tighter(name: str, description: str, keep: str, fine: str) -> Concept:
    """Accepts less: breaking in requests, safe in responses."""
    return Concept(name, B, S, description, f"{keep}, {_MAJOR}", f"no action needed: {fine}")


def _looser(name: str, description: str, fine: str, warn: str) -> Concept:
    """Accepts more: safe (an addition) in requests, dangerous in responses."""
    return Concept(name, S, D, description, f"no action needed: {fine}", warn,
                   request_addition=True)


def _bound_concepts() -> list[Concept]:
    out: list[Concept] = []
    for key, label, small, large in (
        ("length", "length", "shorter values", "longer values"),
        ("items", "number of items", "fewer items", "more items"),
        ("properties", "number of properties", "fewer properties", "more properties"),
        ("", "", "smaller numbers", "larger numbers"),
    ):
        mx = f"max-{key}" if key else "max"
        mn = f"min-{key}" if key else "min"
        max_label = f"maximum {label}".strip()
        min_label = f"minimum {label}".strip()
        out += [
            _tighter(f"{mx}-decreased", f"the {max_label} of {{thing}} was lowered or newly set",
                     f"keep accepting the old {max_label}",
                     f"clients already accept {small}"),
            _looser(f"{mx}-increased", f"the {max_label} of {{thing}} was raised or removed",
                    f"everything within the old {max_label} is still accepted",
                    f"tell clients that {large} can now be returned (check buffers, columns "
                    f"and client-side validation), or keep the old {max_label}"),
            _tighter(f"{mn}-increased", f"the {min_label} of {{thing}} was raised or newly set",
                     f"keep accepting the old {min_label}",
                     f"clients already accept {large}"),
            _looser(f"{mn}-decreased", f"the {min_label} of {{thing}} was lowered or removed",
                    f"everything within the old {min_label} is still accepted",
                    f"tell clients that {small} can now be returned (check client-side "
                    f"validation and empty values), or keep the old {min_label}"),
        ]
    return out


VALUE_CONCEPTS: list[Concept] = [
    Concept("type-changed", B, B, "the type of {thing} changed incompatibly",
            f"keep accepting the old type (for example with oneOf), {_MAJOR}",
            f"keep returning the old type and add a new field for the new one, {_MAJOR}"),
    Concept("type-widened", S, B,
            "{thing} allows more types than before (integer to number, a type added, "
            "or the type removed)",
            "no action needed: values of the old type are still accepted",
            f"keep returning only the old types (clients may not parse the others), {_MAJOR}",
            request_addition=True),
    Concept("type-narrowed", B, S,
            "{thing} allows fewer types than before (number to integer, a type dropped, "
            "or a type newly set)",
            f"keep accepting the old types, {_MAJOR}",
            "no action needed: clients already handle the remaining types"),
    Concept("format-changed", B, B, "the format of {thing} changed",
            f"keep accepting values in the old format, {_MAJOR}",
            f"keep returning the old format and add a new field for the new one, {_MAJOR}"),
    _tighter("format-added", "a format was set on {thing}",
             "make sure every value clients send today matches the format, or drop it",
             "values now follow a documented format"),
    _looser("format-removed", "the format of {thing} was removed",
            "more values are accepted",
            "make sure clients do not parse the value with the old format, or keep it"),
    Concept("enum-value-added", S, D, "a value was added to the enum (or const) of {thing}",
            "no action needed: clients may now send the new value",
            "make sure clients tolerate unknown values (a default branch), or return the new "
            "value only to clients that ask for it",
            request_addition=True, response_addition=True),
    _tighter("enum-value-removed", "a value was removed from the enum (or const) of {thing}",
             "keep accepting the removed value (map it to a new one)",
             "clients simply never receive that value again"),
    _tighter("enum-added", "{thing} was restricted to a list of values (enum or const)",
             "include every value clients send today in the enum",
             "the possible values are now documented"),
    _tighter("extensible-enum-value-removed",
             "a value was removed from the x-extensible-enum of {thing}",
             "keep accepting the removed value (map it to a new one)",
             "clients simply never receive that value again"),
    Concept("extensible-enum-value-added", S, S,
            "a value was added to the x-extensible-enum of {thing}",
            "no action needed: clients may now send the new value",
            "no action needed: x-extensible-enum tells clients to expect unknown values",
            request_addition=True, response_addition=True),
    _looser("enum-removed", "the enum (or const) restriction of {thing} was removed",
            "any value is accepted now",
            "make sure clients handle values outside the old enum, or keep the enum"),
    Concept("became-nullable", S, B, "{thing} now allows null",
            "no action needed: clients may now send null",
            f"keep returning non-null values (clients may not handle null), {_MAJOR}",
            request_addition=True),
    _tighter("became-not-nullable", "{thing} no longer allows null",
             "keep accepting null (treat it as absent)",
             "clients never receive null again"),
    *_bound_concepts(),
    Concept("multiple-of-changed", B, D, "the multipleOf of {thing} changed",
            f"keep accepting multiples of the old value (make the new value divide it), {_MAJOR}",
            "make sure clients do not rely on values being multiples of the old value"),
    _tighter("multiple-of-added", "a multipleOf was set on {thing}",
             "make sure every number clients send today is a multiple of the new value",
             "values now follow a documented step"),
    _looser("multiple-of-removed", "the multipleOf of {thing} was removed",
            "more numbers are accepted",
            "make sure clients do not rely on values being multiples of the old value, "
            "or keep it"),
    _tighter("unique-items-added", "the items of {thing} must now be unique",
             "keep accepting duplicate items (ignore the repeats)",
             "clients no longer receive duplicates"),
    _looser("unique-items-removed", "the items of {thing} no longer need to be unique",
            "arrays with duplicates are accepted too",
            "make sure clients handle duplicate items, or keep uniqueItems"),
    _tighter("pattern-added", "a pattern was set on {thing}",
             "make sure every value clients send today matches the pattern",
             "values now follow a documented pattern"),
    Concept("pattern-changed", B, D, "the pattern of {thing} changed",
            f"make the new pattern accept everything the old one accepted, {_MAJOR}",
            "make sure values outside the old pattern do not fail client-side validation, "
            "or keep the old pattern"),
    _looser("pattern-removed", "the pattern of {thing} was removed",
            "more values are accepted",
            "make sure clients do not validate values against the old pattern, or keep it"),
    _tighter("additional-properties-closed",
             "{thing} no longer allows properties it does not declare",
             "keep accepting (and ignoring) undeclared properties",
             "clients receive only declared properties"),
    _looser("additional-properties-opened", "{thing} now allows properties it does not declare",
            "clients may send more",
            "make sure clients ignore properties they do not know, or keep "
            "additionalProperties false"),
    Concept("one-of-added", S, B, "a oneOf alternative was added to {thing}",
            "no action needed: clients may now send the new alternative",
            "clients cannot read the new alternative: return it only to clients that ask for "
            f"it, {_MAJOR}",
            request_addition=True, response_addition=True),
    _tighter("one-of-removed", "a oneOf alternative was removed from {thing}",
             "keep accepting the removed alternative",
             "clients never receive that alternative again"),
    Concept("any-of-added", S, D, "an anyOf alternative was added to {thing}",
            "no action needed: clients may now send the new alternative",
            "make sure clients tolerate the new alternative, or return it only to clients "
            "that ask for it",
            request_addition=True, response_addition=True),
    _tighter("any-of-removed", "an anyOf alternative was removed from {thing}",
             "keep accepting the removed alternative",
             "clients never receive that alternative again"),
    _tighter("all-of-added", "a subschema was added to the allOf of {thing}",
             "make sure every value clients send today also matches the new subschema",
             "values now satisfy one more subschema"),
    Concept("all-of-removed", S, B, "a subschema was removed from the allOf of {thing}",
            "no action needed: more values are accepted",
            f"keep the subschema (clients rely on what it guaranteed), {_MAJOR}",
            request_addition=True),
    Concept("discriminator-property-changed", B, B,
            "the discriminator property of {thing} changed",
            f"keep dispatching on the old discriminator property too, {_MAJOR}",
            f"keep the old discriminator property (generated clients dispatch on it), {_MAJOR}"),
    Concept("discriminator-mapping-added", S, D,
            "a discriminator value was added to the mapping of {thing}",
            "no action needed: clients may now send the new kind",
            "make sure clients handle unknown discriminator values, or return the new kind "
            "only to clients that ask for it",
            request_addition=True, response_addition=True),
    Concept("discriminator-mapping-changed", B, B,
            "a discriminator value of {thing} now maps to a different schema",
            f"keep the value mapped to the old schema and map the new schema to a new value, "
            f"{_MAJOR}",
            f"keep the value mapped to the old schema (generated clients pick the type by it), "
            f"{_MAJOR}"),
    _tighter("discriminator-mapping-removed",
             "a discriminator value was removed from the mapping of {thing}",
             "keep accepting the removed discriminator value",
             "clients never receive that kind again"),
    Concept("discriminator-added", D, D, "a discriminator was added to {thing}",
            "make sure clients already send the discriminator property with a mapped value",
            "make sure the discriminator property is always present with a mapped value"),
    Concept("discriminator-removed", D, D, "the discriminator of {thing} was removed",
            "keep accepting the discriminator property and dispatching on it",
            "keep returning the discriminator property: generated clients use it to pick "
            "the type"),
    Concept("default-changed", D, D, "the default value of {thing} changed",
            "clients that omit the value now get another behaviour: keep the old default, "
            "or announce the change",
            "clients that assume the old default when the value is missing now differ: keep "
            "the old default, or announce the change"),
    Concept("default-added", D, S, "a default value was set on {thing}",
            "make sure the default is what the provider already did when the value was "
            "omitted",
            "no action needed: the default is now documented"),
    Concept("default-removed", D, S, "the default value of {thing} was removed",
            "document what the provider does when the value is omitted, or keep the default",
            "no action needed: clients keep using the value they receive"),
    Concept("prefix-items-changed", D, D,
            "the number of positional items (prefixItems) of {thing} changed",
            "keep accepting arrays laid out the old way",
            "keep returning arrays laid out the old way"),
    _tighter("dependent-required-added",
             "{thing} now requires more properties when another one is present "
             "(dependentRequired)",
             "keep accepting the old combinations of properties",
             "clients receive the dependent properties together"),
    _looser("dependent-required-removed",
            "a dependentRequired condition of {thing} was removed",
            "more combinations of properties are accepted",
            "make sure clients do not assume the dependent properties are present, or keep "
            "the condition"),
    # --- JSON Schema 2020-12 (OpenAPI 3.1) ------------------------------------------
    _tighter("pattern-properties-added",
             "{thing} now constrains the properties whose names match a pattern "
             "(patternProperties)",
             "make sure every matching property clients send today fits the new schema",
             "matching properties now follow a documented schema"),
    Concept("pattern-properties-removed", S, B,
            "a patternProperties entry of {thing} was removed, so matching properties may "
            "hold anything",
            "no action needed: more properties are accepted",
            f"keep the patternProperties entry (clients rely on the shape it promised), "
            f"{_MAJOR}",
            request_addition=True),
    _tighter("property-names-added",
             "the property names of {thing} are now constrained (propertyNames)",
             "make sure every property name clients send today matches the new constraint",
             "property names now follow a documented constraint"),
    _looser("property-names-removed",
            "the propertyNames constraint of {thing} was removed",
            "any property name is accepted",
            "make sure clients handle property names outside the old constraint, or keep it"),
    _tighter("dependent-schema-added",
             "{thing} must match a new schema when a given property is present "
             "(dependentSchemas)",
             "make sure every value clients send today with that property matches the schema",
             "values with that property now follow a documented schema"),
    _looser("dependent-schema-removed",
            "a dependentSchemas entry of {thing} was removed",
            "more values are accepted",
            "make sure clients do not rely on what the dependent schema guaranteed, or keep it"),
    _tighter("conditional-added",
             "a conditional constraint (if/then/else) was added to {thing}",
             "make sure every value clients send today satisfies the condition",
             "values now follow a documented condition"),
    _looser("conditional-removed",
            "the conditional constraint (if/then/else) of {thing} was removed",
            "more values are accepted",
            "make sure clients do not rely on what the condition guaranteed, or keep it"),
    Concept("conditional-changed", B, D,
            "the if condition of the conditional constraint (if/then/else) of {thing} changed",
            f"keep the old condition, or make sure every value clients send today still "
            f"satisfies the new one, {_MAJOR}",
            "make sure clients do not rely on which values the old condition selected"),
    _tighter("contains-added",
             "{thing} must now contain an item matching a schema (contains)",
             "keep accepting arrays without such an item",
             "arrays now contain a documented item"),
    _looser("contains-removed",
            "the contains constraint of {thing} was removed",
            "arrays without the item are accepted too",
            "make sure clients do not expect an item matching the old contains schema, or "
            "keep it"),
    _tighter("unevaluated-properties-closed",
             "{thing} no longer allows properties no subschema evaluates "
             "(unevaluatedProperties)",
             "keep accepting (and ignoring) unevaluated properties",
             "clients receive only evaluated properties"),
    _looser("unevaluated-properties-opened",
            "{thing} now allows properties no subschema evaluates (unevaluatedProperties)",
            "clients may send more",
            "make sure clients ignore properties they do not know, or keep "
            "unevaluatedProperties false"),
    _tighter("unevaluated-items-closed",
             "{thing} no longer allows items no subschema evaluates (unevaluatedItems)",
             "keep accepting unevaluated items",
             "clients receive only evaluated items"),
    _looser("unevaluated-items-opened",
            "{thing} now allows items no subschema evaluates (unevaluatedItems)",
            "clients may send more items",
            "make sure clients handle items beyond the evaluated ones, or keep "
            "unevaluatedItems false"),
    Concept("content-media-type-changed", B, B,
            "the media type of the content of {thing} (contentMediaType) changed",
            f"keep accepting content of the old media type, {_MAJOR}",
            f"keep returning content of the old media type, {_MAJOR}"),
    Concept("content-encoding-changed", B, B,
            "the encoding of the content of {thing} (contentEncoding) changed",
            f"keep accepting content in the old encoding, {_MAJOR}",
            f"keep returning content in the old encoding, {_MAJOR}"),
]

PROPERTY_CONCEPTS: list[Concept] = [
    Concept("added", S, S, "{thing} was added as optional",
            "no action needed: clients may start sending it",
            "no action needed: clients ignore properties they do not know",
            request_addition=True, response_addition=True),
    Concept("added-required", B, S, "{thing} was added as required",
            f"make the new property optional (with a default), {_MAJOR}",
            "no action needed: clients ignore properties they do not know",
            response_addition=True),
    Concept("removed", D, B, "{thing} was removed",
            "keep accepting (and ignoring) the property: clients still send it",
            f"keep returning the property (deprecate it first), {_MAJOR}"),
    Concept("became-required", B, S, "{thing} became required",
            f"keep the property optional (with a default), {_MAJOR}",
            "no action needed: clients now always receive it"),
    Concept("became-optional", S, B, "{thing} became optional",
            "no action needed: clients may now leave it out",
            f"keep returning the property every time, {_MAJOR}",
            request_addition=True),
    Concept("deprecated", S, S, "{thing} was deprecated",
            "no action needed: tell clients what to send instead, and when it goes "
            "(x-sunset: YYYY-MM-DD on the property)",
            "no action needed: tell clients what to read instead, and when it goes "
            "(x-sunset: YYYY-MM-DD on the property)"),
    Concept("undeprecated", S, S, "{thing} is no longer deprecated",
            "no action needed: clients that planned to stop sending it need not",
            "no action needed: clients that planned to stop reading it need not"),
    Concept("removed-after-sunset", None, S,
            "{thing} was removed after the sunset date (x-sunset) it announced when "
            "deprecated", "",
            "no action needed: the removal was announced and its date has passed"),
    Concept("became-read-only", D, None, "{thing} became read-only",
            "keep accepting (and ignoring) the property: clients still send it",
            ""),
    Concept("became-write-only", None, B,
            "{thing} became write-only, so it disappears from responses",
            "",
            f"keep returning the property, {_MAJOR}"),
]


def _rule(rule_id: str, concept: Concept, direction: Direction, thing: str) -> RuleInfo | None:
    request = direction is Direction.REQUEST
    level = concept.request if request else concept.response
    if level is None:
        return None
    return RuleInfo(
        id=rule_id,
        level=level,
        direction=direction,
        description=sentence(concept.description.format(thing=thing)),
        hint=sentence(concept.request_hint if request else concept.response_hint),
        addition=concept.request_addition if request else concept.response_addition,
    )


def _catalog() -> list[RuleInfo]:
    rules: list[RuleInfo] = []
    property_prefixes: dict[str, Scope] = {}
    for scope in SCOPES.values():
        for concept in VALUE_CONCEPTS:
            info = _rule(f"{scope.prefix}-{concept.name}", concept, scope.direction, scope.thing)
            if info is not None:
                rules.append(info)
        property_prefixes.setdefault(scope.property_prefix, scope)
    for prefix, scope in property_prefixes.items():
        for concept in PROPERTY_CONCEPTS:
            info = _rule(f"{prefix}-{concept.name}", concept, scope.direction,
                         scope.property_thing)
            if info is not None:
                rules.append(info)
    return rules


SCHEMA_RULES: list[RuleInfo] = _catalog()

__all__ = ["PROPERTY_CONCEPTS", "SCHEMA_RULES", "SCOPES", "VALUE_CONCEPTS", "Concept", "Scope"]
