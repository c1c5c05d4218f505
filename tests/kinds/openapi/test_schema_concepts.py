"""Every value concept, in both directions, at every site: the change is found
with the right rule id and level, and a harmless variant reports nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from accord.core.change import Level
from accord.kinds.openapi.schemas import Site
from tests.kinds.openapi.test_schema_helpers import SchemaCase, obj, rules

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
STR = {"type": "string"}
PETS = {
    "Cat": obj({"kind": {"type": "string"}, "purrs": {"type": "boolean"}}, ["kind"]),
    "Dog": obj({"kind": {"type": "string"}, "barks": {"type": "boolean"}}, ["kind"]),
    "Bird": obj({"kind": {"type": "string"}, "wings": {"type": "integer"}}, ["kind"]),
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _pets(*names: str, **discriminator: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"oneOf": [_ref(n) for n in names]}
    if discriminator:
        schema["discriminator"] = discriminator
    return schema


@dataclass
class Case:
    concept: str
    base: Any
    revision: Any
    #: (request level, response level)
    levels: tuple[Level, Level]
    #: an equivalent rewrite of ``base``: must report nothing
    harmless: Any = None
    dialect: str = "oas30"
    variant: str = ""
    components: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.concept}{'-' + self.variant if self.variant else ''}"

    def rewritten(self) -> Any:
        if self.harmless is not None:
            return self.harmless
        if isinstance(self.base, dict):
            return {**self.base, "description": "reworded"}
        return self.base


def _bounds() -> list[Case]:
    cases: list[Case] = []
    for concept, kind, typ in (
        ("length", "Length", "string"),
        ("items", "Items", "array"),
        ("properties", "Properties", "object"),
    ):
        mx, mn = f"max{kind}", f"min{kind}"
        cases += [
            Case(f"max-{concept}-decreased", {"type": typ, mx: 100}, {"type": typ, mx: 50},
                 (B, S), {"allOf": [{"type": typ}, {mx: 100}]}),
            Case(f"max-{concept}-decreased", {"type": typ}, {"type": typ, mx: 50}, (B, S),
                 variant="set"),
            Case(f"max-{concept}-increased", {"type": typ, mx: 50}, {"type": typ, mx: 100},
                 (S, D)),
            Case(f"max-{concept}-increased", {"type": typ, mx: 50}, {"type": typ}, (S, D),
                 variant="removed"),
            Case(f"min-{concept}-increased", {"type": typ, mn: 1}, {"type": typ, mn: 5}, (B, S),
                 {"type": typ, mn: 1, "allOf": [{mn: 0}]}),
            Case(f"min-{concept}-increased", {"type": typ}, {"type": typ, mn: 5}, (B, S),
                 variant="set"),
            Case(f"min-{concept}-decreased", {"type": typ, mn: 5}, {"type": typ, mn: 1},
                 (S, D)),
            Case(f"min-{concept}-decreased", {"type": typ, mn: 5}, {"type": typ}, (S, D),
                 variant="removed"),
        ]
    num = {"type": "number"}
    cases += [
        Case("max-decreased", {**num, "maximum": 100}, {**num, "maximum": 50}, (B, S),
             {**num, "maximum": 100, "allOf": [{"maximum": 200}]}),
        Case("max-decreased", {**num, "maximum": 10},
             {**num, "maximum": 10, "exclusiveMaximum": True}, (B, S), variant="exclusive-30"),
        Case("max-decreased", {**num, "maximum": 10}, {**num, "exclusiveMaximum": 10},
             (B, S), {**num, "maximum": 10, "exclusiveMaximum": 11}, dialect="oas31",
             variant="exclusive-31"),
        Case("max-increased", {**num, "maximum": 50}, {**num}, (S, D), variant="removed"),
        Case("max-increased", {**num, "exclusiveMaximum": 5}, {**num, "maximum": 5},
             (S, D), dialect="oas31", variant="inclusive-31"),
        Case("min-increased", {**num, "minimum": 0}, {**num, "minimum": 1}, (B, S)),
        Case("min-increased", {**num, "minimum": 0},
             {**num, "minimum": 0, "exclusiveMinimum": True}, (B, S), variant="exclusive-30"),
        Case("min-decreased", {**num, "minimum": 1}, {**num, "minimum": -1}, (S, D)),
        Case("min-decreased", {**num, "exclusiveMinimum": 0}, {**num}, (S, D),
             dialect="oas31", variant="removed-31"),
    ]
    return cases


def _keywords_2020() -> list[Case]:
    """JSON Schema 2020-12 (OpenAPI 3.1) keywords: a schema that newly applies
    narrows what is allowed, one that no longer applies widens it."""
    o = {"type": "object"}
    pair = obj({"a": STR, "b": STR})
    arr = {"type": "array", "items": STR}
    tup = {"type": "array", "prefixItems": [STR]}
    cond = {"if": {"properties": {"a": {"const": "x"}}, "required": ["a"]},
            "then": {"required": ["b"]}}
    other = {**cond, "if": {"properties": {"a": {"const": "y"}}, "required": ["a"]}}
    cases = [
        Case("pattern-properties-added", o, {**o, "patternProperties": {"^x-": STR}}, (B, S),
             {**o, "patternProperties": {"^x-": True}}),
        Case("pattern-properties-removed", {**o, "patternProperties": {"^x-": STR}}, o, (S, B),
             {**o, "patternProperties": {"^x-": {"allOf": [STR]}}}),
        Case("property-names-added", o, {**o, "propertyNames": {"pattern": "^[a-z]+$"}}, (B, S),
             {**o, "propertyNames": True}),
        Case("property-names-removed", {**o, "propertyNames": {"pattern": "^[a-z]+$"}}, o,
             (S, D)),
        Case("dependent-schema-added", pair, {**pair, "dependentSchemas": {"a": {
            "required": ["b"]}}}, (B, S), {**pair, "dependentSchemas": {"a": True}}),
        Case("dependent-schema-removed", {**pair, "dependentSchemas": {"a": {"required": ["b"]}}},
             pair, (S, D)),
        Case("conditional-added", pair, {**pair, **cond}, (B, S),
             {**pair, "if": cond["if"]}),  # if alone constrains nothing
        Case("conditional-removed", {**pair, **cond}, pair, (S, D)),
        Case("conditional-changed", {**pair, **cond}, {**pair, **other}, (B, D),
             {**pair, **cond, "then": {"required": ["b"], "description": "b goes with a"}}),
        Case("contains-added", arr, {**arr, "contains": {"const": "a"}}, (B, S)),
        Case("contains-removed", {**arr, "contains": {"const": "a"}}, arr, (S, D)),
        # minContains/maxContains are bounds like minItems/maxItems
        Case("min-items-increased", {**arr, "contains": {"const": "a"}},
             {**arr, "contains": {"const": "a"}, "minContains": 2}, (B, S),
             {**arr, "contains": {"const": "a"}, "allOf": [{"minContains": 1}]},
             variant="min-contains"),
        Case("max-items-increased", {**arr, "contains": {"const": "a"}, "maxContains": 2},
             {**arr, "contains": {"const": "a"}, "maxContains": 3}, (S, D),
             variant="max-contains"),
        Case("unevaluated-properties-closed", o, {**o, "unevaluatedProperties": False}, (B, S),
             {**o, "unevaluatedProperties": True}),
        Case("unevaluated-properties-opened", {**o, "unevaluatedProperties": False}, o, (S, D)),
        Case("unevaluated-items-closed", tup, {**tup, "unevaluatedItems": False}, (B, S),
             {**tup, "unevaluatedItems": True}),
        Case("unevaluated-items-opened", {**tup, "unevaluatedItems": False}, tup, (S, D)),
        Case("content-media-type-changed", {**STR, "contentMediaType": "application/json"},
             {**STR, "contentMediaType": "application/xml"}, (B, B)),
        Case("content-media-type-changed", STR, {**STR, "contentMediaType": "image/png"},
             (B, B), variant="set"),
        Case("content-encoding-changed", {**STR, "contentEncoding": "base64"},
             {**STR, "contentEncoding": "base32"}, (B, B)),
        Case("content-encoding-changed", {**STR, "contentEncoding": "base64"}, STR, (B, B),
             variant="removed"),
    ]
    for c in cases:
        c.dialect = "oas31"
    return cases


CASES: list[Case] = [
    Case("type-changed", STR, {"type": "boolean"}, (B, B)),
    Case("type-changed", {"type": "object"}, {"type": "array"}, (B, B), variant="object-array"),
    Case("type-widened", {"type": "integer"}, {"type": "number"}, (S, B)),
    Case("type-widened", {"type": "string"}, {"type": ["string", "integer"]}, (S, B),
         {"type": ["string"]}, dialect="oas31", variant="type-added-31"),
    Case("type-narrowed", {"type": "number"}, {"type": "integer"}, (B, S)),
    Case("type-narrowed", {"description": "anything"}, STR, (B, S), variant="type-set"),
    Case("format-changed", {**STR, "format": "date"}, {**STR, "format": "date-time"}, (B, B),
         {**STR, "format": "date", "example": "2020-01-01"}),
    Case("format-added", STR, {**STR, "format": "uuid"}, (B, S)),
    Case("format-removed", {**STR, "format": "uuid"}, STR, (S, D)),
    Case("enum-value-removed", {**STR, "enum": ["a", "b"]}, {**STR, "enum": ["a"]}, (B, S),
         {**STR, "enum": ["b", "a"]}),
    Case("enum-value-added", {**STR, "enum": ["a"]}, {**STR, "enum": ["a", "b"]}, (S, D)),
    Case("enum-value-added", {**STR, "const": "a"}, {**STR, "enum": ["a", "b"]}, (S, D),
         {**STR, "enum": ["a"]}, dialect="oas31", variant="const-31"),
    # x-extensible-enum (Zalando): clients expect unknown values, so only a
    # value a request may no longer carry matters
    Case("extensible-enum-value-removed", {**STR, "x-extensible-enum": ["a", "b"]},
         {**STR, "x-extensible-enum": ["a"]}, (B, S), {**STR, "x-extensible-enum": ["b", "a"]}),
    Case("extensible-enum-value-added", {**STR, "x-extensible-enum": ["a"]},
         {**STR, "x-extensible-enum": ["a", "b"]}, (S, S),
         {"allOf": [STR, {"x-extensible-enum": ["a"]}]}),
    Case("enum-added", STR, {**STR, "enum": ["a"]}, (B, S)),
    Case("enum-added", STR, {**STR, "const": "a"}, (B, S), dialect="oas31", variant="const-31"),
    Case("enum-removed", {**STR, "enum": ["a"]}, STR, (S, D)),
    Case("became-nullable", STR, {**STR, "nullable": True}, (S, B), {**STR, "nullable": False}),
    Case("became-nullable", STR, {"type": ["string", "null"]}, (S, B), dialect="oas31",
         variant="type-array-31"),
    Case("became-not-nullable", {**STR, "nullable": True}, STR, (B, S)),
    Case("became-not-nullable", {"anyOf": [STR, {"type": "null"}]}, STR, (B, S),
         {"oneOf": [{"type": "null"}, STR]}, dialect="oas31", variant="null-branch-31"),
    *_bounds(),
    Case("multiple-of-changed", {"type": "integer", "multipleOf": 2},
         {"type": "integer", "multipleOf": 3}, (B, D)),
    Case("multiple-of-added", {"type": "integer"}, {"type": "integer", "multipleOf": 3}, (B, S)),
    Case("multiple-of-removed", {"type": "integer", "multipleOf": 3}, {"type": "integer"},
         (S, D)),
    Case("unique-items-added", {"type": "array", "items": STR},
         {"type": "array", "items": STR, "uniqueItems": True}, (B, S),
         {"type": "array", "items": STR, "uniqueItems": False}),
    Case("unique-items-removed", {"type": "array", "items": STR, "uniqueItems": True},
         {"type": "array", "items": STR}, (S, D)),
    Case("pattern-added", STR, {**STR, "pattern": "^[a-z]+$"}, (B, S)),
    Case("pattern-changed", {**STR, "pattern": "^[a-z]+$"}, {**STR, "pattern": "^[a-z0-9]+$"},
         (B, D)),
    Case("pattern-removed", {**STR, "pattern": "^[a-z]+$"}, STR, (S, D)),
    Case("additional-properties-closed", {"type": "object"},
         {"type": "object", "additionalProperties": False}, (B, S),
         {"type": "object", "additionalProperties": True}),
    Case("additional-properties-opened", {"type": "object", "additionalProperties": False},
         {"type": "object"}, (S, D)),
    Case("one-of-added", {"oneOf": [STR, {"type": "integer"}]},
         {"oneOf": [STR, {"type": "integer"}, {"type": "boolean"}]}, (S, B),
         {"oneOf": [{"type": "integer"}, STR]}),
    Case("one-of-added", _ref("Cat"), _pets("Cat", "Dog"), (S, B), components=PETS,
         variant="from-plain"),
    Case("one-of-removed", {"oneOf": [STR, {"type": "integer"}, {"type": "boolean"}]},
         {"oneOf": [STR, {"type": "integer"}]}, (B, S)),
    Case("one-of-removed", _pets("Cat", "Dog"), _ref("Dog"), (B, S), components=PETS,
         variant="to-plain"),
    Case("any-of-added", {"anyOf": [STR, {"type": "integer"}]},
         {"anyOf": [STR, {"type": "integer"}, {"type": "boolean"}]}, (S, D)),
    Case("any-of-removed", {"anyOf": [STR, {"type": "integer"}]}, STR, (B, S)),
    Case("all-of-added", {"allOf": [{"oneOf": [STR, {"type": "integer"}]}]},
         {"allOf": [{"oneOf": [STR, {"type": "integer"}]},
                    {"anyOf": [{"minLength": 1}, {"minimum": 1}]}]}, (B, S)),
    Case("all-of-removed", {"allOf": [{"oneOf": [STR, {"type": "integer"}]},
                                      {"anyOf": [{"minLength": 1}, {"minimum": 1}]}]},
         {"allOf": [{"oneOf": [STR, {"type": "integer"}]}]}, (S, B)),
    Case("discriminator-property-changed", _pets("Cat", "Dog", propertyName="kind"),
         _pets("Cat", "Dog", propertyName="type"), (B, B), components=PETS),
    Case("discriminator-mapping-added",
         _pets("Cat", "Dog", propertyName="kind", mapping={"cat": "#/components/schemas/Cat"}),
         _pets("Cat", "Dog", propertyName="kind", mapping={
             "cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}),
         (S, D), components=PETS),
    Case("discriminator-mapping-removed",
         _pets("Cat", "Dog", propertyName="kind", mapping={
             "cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}),
         _pets("Cat", "Dog", propertyName="kind", mapping={"cat": "#/components/schemas/Cat"}),
         (B, S), components=PETS),
    Case("discriminator-added", _pets("Cat", "Dog"), _pets("Cat", "Dog", propertyName="kind"),
         (D, D), components=PETS),
    Case("discriminator-removed", _pets("Cat", "Dog", propertyName="kind"), _pets("Cat", "Dog"),
         (D, D), components=PETS),
    Case("default-changed", {**STR, "default": "a"}, {**STR, "default": "b"}, (D, D)),
    Case("default-added", STR, {**STR, "default": "a"}, (D, S)),
    Case("default-removed", {**STR, "default": "a"}, STR, (D, S)),
    Case("prefix-items-changed", {"type": "array", "prefixItems": [STR]},
         {"type": "array", "prefixItems": [STR, {"type": "integer"}]}, (D, D), dialect="oas31"),
    Case("dependent-required-added", obj({"a": STR, "b": STR}),
         obj({"a": STR, "b": STR}, dependentRequired={"a": ["b"]}), (B, S), dialect="oas31"),
    Case("dependent-required-removed", obj({"a": STR, "b": STR}, dependentRequired={"a": ["b"]}),
         obj({"a": STR, "b": STR}), (S, D), dialect="oas31"),
    Case("discriminator-mapping-changed",
         _pets("Cat", "Dog", propertyName="kind", mapping={"pet": "#/components/schemas/Cat"}),
         _pets("Cat", "Dog", propertyName="kind", mapping={"pet": "#/components/schemas/Dog"}),
         (B, B), _pets("Cat", "Dog", propertyName="kind", mapping={"pet": "Cat"}),
         components=PETS),
    *_keywords_2020(),
]

#: The scope each site reports top-level changes under, with its direction.
TOP_LEVEL = [
    (Site.REQUEST_PARAMETER, "request-parameter", 0),
    (Site.REQUEST_BODY, "request-body", 0),
    (Site.RESPONSE_BODY, "response-body", 1),
    (Site.RESPONSE_HEADER, "response-header", 1),
]


@pytest.fixture
def case(tmp_path):
    return SchemaCase(tmp_path)


def _components(c: Case) -> dict[str, Any]:
    return c.components


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_nested_property_in_both_directions(case, c: Case):
    request, response = case.both(obj({"p": c.base}), obj({"p": c.revision}),
                                  dialect=c.dialect, components=c.components)
    assert rules(request).get(f"request-property-{c.concept}") == c.levels[0], request
    assert rules(response).get(f"response-property-{c.concept}") == c.levels[1], response
    for change in request + response:
        # named by the property path, or by the component a $ref points to
        assert "'p" in change.message or "'Dog" in change.message, change.message
        assert change.operation == "POST /pets"


@pytest.mark.parametrize(("site", "prefix", "side"), TOP_LEVEL, ids=[s for _, s, _ in TOP_LEVEL])
@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_top_level_at_every_site(case, c: Case, site: Site, prefix: str, side: int):
    changes = case.diff(c.base, c.revision, site, dialect=c.dialect, components=c.components)
    assert rules(changes).get(f"{prefix}-{c.concept}") == c.levels[side], changes


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_harmless_rewrite_reports_nothing(case, c: Case):
    request, response = case.both(c.base, c.rewritten(), dialect=c.dialect,
                                  components=c.components)
    assert request == []
    assert response == []


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_unchanged_reports_nothing(case, c: Case):
    request, response = case.both(c.revision, c.revision, dialect=c.dialect,
                                  components=c.components)
    assert request == response == []


def test_extensible_enum_messages_name_the_values(case):
    base = obj({"s": {**STR, "x-extensible-enum": ["a", "b"]}})
    revision = obj({"s": {**STR, "x-extensible-enum": ["a", "c"]}})
    request, response = case.both(base, revision)
    assert [(c.rule, c.level, c.message) for c in request] == [
        ("request-property-extensible-enum-value-removed", B,
         "request property 's' x-extensible-enum value 'b' removed"),
        ("request-property-extensible-enum-value-added", S,
         "request property 's' x-extensible-enum value 'c' added"),
    ]
    assert rules(response) == {"response-property-extensible-enum-value-removed": S,
                               "response-property-extensible-enum-value-added": S}
    # a plain enum keeps its own rules: a value added to a response is dangerous there
    plain = case.diff(obj({"s": {**STR, "enum": ["a"]}}), obj({"s": {**STR, "enum": ["a", "c"]}}),
                      Site.RESPONSE_BODY)
    assert rules(plain) == {"response-property-enum-value-added": D}
