"""allOf merging and oneOf/anyOf branch matching."""

from __future__ import annotations

from typing import Any

import pytest

from accord.core.change import Level
from accord.kinds.openapi.schemas import Site
from tests.kinds.openapi.test_schema_helpers import SchemaCase, obj, rules

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
STR = {"type": "string"}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


@pytest.fixture
def case(tmp_path):
    return SchemaCase(tmp_path)


# -- allOf -------------------------------------------------------------------------


def test_refactoring_into_all_of_changes_nothing(case):
    base = obj({"id": STR, "name": {**STR, "maxLength": 10}}, ["id"])
    revision = {"allOf": [ref("Base"), obj({"name": {**STR, "maxLength": 10}})]}
    components = {"Base": obj({"id": STR}, ["id"])}
    request, response = case.both(base, revision, components=components)
    assert request == response == []


def test_added_all_of_subschema_reports_what_it_adds(case):
    components = {"Audited": obj({"created_by": STR}, ["created_by"])}
    base = {"allOf": [obj({"id": STR})]}
    revision = {"allOf": [obj({"id": STR}), ref("Audited")]}
    request, response = case.both(base, revision, components=components)
    assert rules(request) == {"request-property-added-required": B}
    assert rules(response) == {"response-property-added-required": S}
    assert request[0].message == "request property 'created_by' added as required"


def test_all_of_merges_the_tightest_bound(case):
    base = {"allOf": [{**STR, "maxLength": 20}, {"maxLength": 10}]}
    revision = {**STR, "maxLength": 10}
    assert case.diff(base, revision) == []


def test_all_of_cycle_terminates(case):
    components = {"A": {"allOf": [ref("A"), obj({"x": STR})]}}
    changed = {"A": {"allOf": [ref("A"), obj({"x": {**STR, "maxLength": 3}})]}}
    changes = case.diff(ref("A"), ref("A"), components=components, revision_components=changed)
    assert rules(changes) == {"request-property-max-length-decreased": B}


# -- oneOf / anyOf matching ----------------------------------------------------------

PETS = {
    "Cat": obj({"kind": STR, "lives": {"type": "integer", "maximum": 9}}),
    "Dog": obj({"kind": STR, "barks": {"type": "boolean"}}),
}


def test_branches_match_by_ref_name_in_any_order(case):
    changed = {**PETS, "Cat": obj({"kind": STR, "lives": {"type": "integer", "maximum": 7}})}
    changes = case.diff({"oneOf": [ref("Cat"), ref("Dog")]}, {"oneOf": [ref("Dog"), ref("Cat")]},
                        Site.RESPONSE_BODY, components=PETS, revision_components=changed)
    assert [(c.rule, c.message) for c in changes] == [
        ("response-property-max-decreased",
         "response property 'Cat.lives' maximum decreased from 9 to 7")
    ]


def test_branches_match_by_title(case):
    cat = obj({"lives": {"type": "integer"}}, title="Cat")
    dog = obj({"barks": {"type": "boolean"}}, title="Dog")
    loud_dog = obj({"howls": {"type": "boolean"}}, title="Dog")
    changes = case.diff({"oneOf": [cat, dog]}, {"oneOf": [loud_dog, cat]}, Site.RESPONSE_BODY)
    assert rules(changes) == {"response-property-removed": B, "response-property-added": S}


def test_branches_match_by_discriminator_mapping(case):
    old = {"CatV1": PETS["Cat"], "DogV1": PETS["Dog"]}
    new = {"CatV2": obj({"kind": STR, "lives": {"type": "integer", "maximum": 9}}),
           "DogV2": obj({"kind": STR, "barks": {"type": "boolean"}, "name": STR})}

    def pets(cat: str, dog: str) -> dict[str, Any]:
        return {"oneOf": [ref(cat), ref(dog)], "discriminator": {
            "propertyName": "kind",
            "mapping": {"cat": f"#/components/schemas/{cat}", "dog": f"#/components/schemas/{dog}"},
        }}

    changes = case.diff(pets("CatV1", "DogV1"), pets("CatV2", "DogV2"), Site.RESPONSE_BODY,
                        components=old, revision_components=new)
    assert rules(changes) == {"response-property-added": S}
    assert "'DogV2.name'" in changes[0].message


def test_branches_match_by_discriminator_value(case):
    def pet(kind: str, **props: Any) -> dict[str, Any]:
        return obj({"kind": {**STR, "enum": [kind]}, **props})

    base = {"oneOf": [pet("cat", a=STR), pet("dog", b=STR)],
            "discriminator": {"propertyName": "kind"}}
    revision = {"oneOf": [pet("dog", c=STR), pet("cat", a=STR)],
                "discriminator": {"propertyName": "kind"}}
    changes = case.diff(base, revision, Site.RESPONSE_BODY)
    assert rules(changes) == {"response-property-removed": B, "response-property-added": S}
    assert {c.message for c in changes} == {
        "response property 'b' removed", "response property 'c' added (optional)"}


def test_branches_match_by_structure(case):
    base = {"anyOf": [obj({"a": STR, "b": STR}), obj({"x": STR, "y": STR})]}
    revision = {"anyOf": [obj({"x": STR, "y": {**STR, "maxLength": 3}}), obj({"a": STR, "b": STR})]}
    request = case.diff(base, revision)
    assert [c.message for c in request] == ["request property 'y' maximum length set to 3"]


def test_expandable_field_gains_an_alternative(case):
    # Stripe's pattern: an id string, or the expanded object
    components = {"customer": obj({"id": STR}), "deleted_customer": obj({"id": STR})}
    base = {"anyOf": [{**STR, "maxLength": 5000}, ref("customer")], "nullable": True}
    revision = {"anyOf": [{**STR, "maxLength": 5000}, ref("customer"), ref("deleted_customer")],
                "nullable": True}
    request, response = case.both(base, revision, components=components)
    assert rules(response) == {"response-body-any-of-added": D}
    assert response[0].message == "response body anyOf alternative 'deleted_customer' added"
    assert rules(request) == {"request-body-any-of-added": S}


def test_plain_schema_becomes_one_of_it_and_more(case):
    base = obj({"pet": ref("Cat")})
    revision = obj({"pet": {"oneOf": [ref("Cat"), ref("Dog")]}})
    request, response = case.both(base, revision, components=PETS)
    assert rules(request) == {"request-property-one-of-added": S}
    assert rules(response) == {"response-property-one-of-added": B}


def test_plain_schema_into_one_of_keeps_comparing_the_matched_branch(case):
    base = {**STR, "maxLength": 10}
    revision = {"oneOf": [{**STR, "maxLength": 5}, {"type": "integer"}]}
    request = case.diff(base, revision)
    assert rules(request) == {"request-body-max-length-decreased": B,
                              "request-body-one-of-added": S}


def test_keywords_around_a_one_of_apply_to_the_matched_branch(case):
    base = {**STR, "maxLength": 10}
    revision = {"maxLength": 5, "anyOf": [STR, {"type": "integer"}]}
    request = case.diff(base, revision)
    assert rules(request) == {"request-body-max-length-decreased": B,
                              "request-body-any-of-added": S}


def test_null_branch_is_nullability(case):
    components = {"Pet": obj({"name": STR})}
    request, response = case.both(ref("Pet"), {"anyOf": [ref("Pet"), {"type": "null"}]},
                                  dialect="oas31", components=components)
    assert rules(request) == {"request-body-became-nullable": S}
    assert rules(response) == {"response-body-became-nullable": B}


def test_nullable_wrapper_around_all_of_ref(case):
    components = {"Pet": obj({"name": STR})}
    base = {"allOf": [ref("Pet")]}
    revision = {"allOf": [ref("Pet")], "nullable": True}
    response = case.diff(base, revision, Site.RESPONSE_BODY, components=components)
    assert rules(response) == {"response-body-became-nullable": B}


def test_branch_labels_in_messages(case):
    request = case.diff({"oneOf": [STR, {"type": "integer"}]},
                        {"oneOf": [STR, {"type": "integer"}, ref("Cat")]}, components=PETS)
    assert request[0].message == "request body oneOf alternative 'Cat' added"
    assert request[0].location.pointer.endswith("/schema/oneOf/2")


def test_nullable_one_of_against_a_plain_branch(case):
    # the null branch makes the alternatives nullable, even when compared one by one
    response = case.diff(ref("Cat"), {"oneOf": [ref("Cat"), ref("Dog"), {"type": "null"}]},
                         Site.RESPONSE_BODY, dialect="oas31", components=PETS)
    assert rules(response) == {"response-body-one-of-added": B, "response-body-became-nullable": B}


def test_reordered_branches_of_one_type_match_by_their_keywords(case):
    short, date = {**STR, "maxLength": 5}, {**STR, "format": "date"}
    assert case.both({"oneOf": [short, date]}, {"oneOf": [date, short]}) == ([], [])
    changes = case.diff({"anyOf": [short, date]}, {"anyOf": [date, {**STR, "maxLength": 3}]})
    assert [c.message for c in changes] == [
        "request body maximum length decreased from 5 to 3"]
