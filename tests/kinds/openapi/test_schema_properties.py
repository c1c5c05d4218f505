"""Object properties: added, removed, required-ness, readOnly/writeOnly, and
the prefixes properties switch to at each site."""

from __future__ import annotations

from datetime import date

import pytest

from accord.core.change import Level
from accord.kinds.openapi.schemas import Site
from tests.kinds.openapi.test_schema_helpers import SchemaCase, obj, rules

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
STR = {"type": "string"}
RO = {"type": "string", "readOnly": True}
WO = {"type": "string", "writeOnly": True}
DEP = {"type": "string", "deprecated": True}
TODAY = date(2025, 6, 1)


@pytest.fixture
def case(tmp_path):
    return SchemaCase(tmp_path)


@pytest.mark.parametrize(
    ("concept", "base", "revision", "request_level", "response_level"),
    [
        ("added", obj({"a": STR}), obj({"a": STR, "b": STR}), S, S),
        ("added-required", obj({"a": STR}), obj({"a": STR, "b": STR}, ["b"]), B, S),
        ("removed", obj({"a": STR, "b": STR}), obj({"a": STR}), D, B),
        ("became-required", obj({"a": STR}), obj({"a": STR}, ["a"]), B, S),
        ("became-optional", obj({"a": STR}, ["a"]), obj({"a": STR}), S, B),
    ],
)
def test_property_concepts(case, concept, base, revision, request_level, response_level):
    request, response = case.both(base, revision)
    assert rules(request) == {f"request-property-{concept}": request_level}
    assert rules(response) == {f"response-property-{concept}": response_level}


def test_added_rules_are_additions(case):
    request, response = case.both(obj({"a": STR}), obj({"a": STR, "b": STR}))
    assert request[0].addition and response[0].addition


def test_property_messages_name_the_dotted_path(case):
    base = obj({"address": obj({"city": {**STR, "maxLength": 100}})})
    revision = obj({"address": obj({"city": {**STR, "maxLength": 50}, "zip": STR}, ["zip"])})
    request = case.diff(base, revision)
    messages = {c.rule: c.message for c in request}
    assert messages["request-property-max-length-decreased"] == (
        "request property 'address.city' maximum length decreased from 100 to 50"
    )
    assert messages["request-property-added-required"] == (
        "request property 'address.zip' added as required"
    )


def test_property_of_a_component_is_named_after_it(case):
    components = {"Address": obj({"city": {**STR, "maxLength": 100}})}
    changed = {"Address": obj({"city": {**STR, "maxLength": 50}})}
    body = obj({"home": {"$ref": "#/components/schemas/Address"}})
    response = case.diff(body, body, Site.RESPONSE_BODY, components=components,
                         revision_components=changed)
    assert [c.message for c in response] == [
        "response property 'Address.city' maximum length decreased from 100 to 50"
    ]
    assert response[0].level is S
    assert response[0].location.pointer == "/components/schemas/Address/properties/city/maxLength"


def test_read_only_property_ignored_in_requests(case):
    # id is readOnly: clients never send it, so dropping it from `required`
    # matters only to responses
    base = obj({"id": RO, "name": STR}, ["id", "name"])
    revision = obj({"id": RO, "name": STR}, ["name"])
    request, response = case.both(base, revision)
    assert request == []
    assert rules(response) == {"response-property-became-optional": B}


def test_added_required_read_only_property_is_safe_for_requests(case):
    request = case.diff(obj({"name": STR}), obj({"name": STR, "id": RO}, ["id"]))
    assert request == []


def test_write_only_property_ignored_in_responses(case):
    base = obj({"password": WO, "name": STR})
    revision = obj({"name": STR})
    request, response = case.both(base, revision)
    assert rules(request) == {"request-property-removed": D}
    assert response == []


def test_became_read_only(case):
    request, response = case.both(obj({"a": STR}), obj({"a": RO}))
    assert rules(request) == {"request-property-became-read-only": D}
    assert response == []


def test_became_write_only(case):
    request, response = case.both(obj({"a": STR}), obj({"a": WO}))
    assert rules(response) == {"response-property-became-write-only": B}
    assert request == []


def test_read_only_became_writable_is_an_addition_to_requests(case):
    request = case.diff(obj({"a": RO}), obj({"a": STR}, ["a"]))
    assert rules(request) == {"request-property-added-required": B}


def test_read_only_through_ref_and_all_of(case):
    components = {"Id": {"type": "string", "readOnly": True}}
    base = obj({"id": {"allOf": [{"$ref": "#/components/schemas/Id"}]}}, ["id"])
    revision = obj({"id": {"allOf": [{"$ref": "#/components/schemas/Id"}]}})
    assert case.diff(base, revision, components=components) == []


def test_required_names_without_declared_schema(case):
    request = case.diff({"type": "object"}, {"type": "object", "required": ["token"]})
    assert rules(request) == {"request-property-added-required": B}


def test_removal_is_located_in_the_base(case):
    request = case.diff(obj({"a": STR, "b": STR}), obj({"a": STR}))
    assert request[0].location.file.endswith("-base.json")
    assert request[0].location.pointer.endswith("/schema/properties/b")
    added = case.diff(obj({"a": STR}), obj({"a": STR, "b": STR}))
    assert added[0].location.file.endswith("-revision.json")
    assert added[0].location.line is not None


@pytest.mark.parametrize(
    ("site", "rule"),
    [
        (Site.REQUEST_PARAMETER, "request-parameter-property-removed"),
        (Site.REQUEST_BODY, "request-property-removed"),
        (Site.RESPONSE_BODY, "response-property-removed"),
        (Site.RESPONSE_HEADER, "response-header-property-removed"),
    ],
)
def test_property_prefix_per_site(case, site, rule):
    changes = case.diff(obj({"a": STR, "b": STR}), obj({"a": STR}), site)
    assert [c.rule for c in changes] == [rule]


@pytest.mark.parametrize(
    ("site", "rule", "subject"),
    [
        (Site.REQUEST_PARAMETER, "request-parameter-max-length-decreased",
         "request parameter 'limit.a'"),
        (Site.REQUEST_BODY, "request-property-max-length-decreased", "request property 'a'"),
        (Site.RESPONSE_BODY, "response-property-max-length-decreased", "response property 'a'"),
        (Site.RESPONSE_HEADER, "response-header-max-length-decreased",
         "response header 'X-Rate-Limit.a'"),
    ],
)
def test_nested_constraint_prefix_per_site(case, site, rule, subject):
    changes = case.diff(obj({"a": {**STR, "maxLength": 9}}), obj({"a": {**STR, "maxLength": 8}}),
                        site)
    assert [c.rule for c in changes] == [rule]
    assert changes[0].message.startswith(subject + " "), changes[0].message


def test_items_keep_the_property_prefix(case):
    base = {"type": "array", "items": obj({"tags": {"type": "array", "items": STR}})}
    revision = {"type": "array",
                "items": obj({"tags": {"type": "array", "items": {**STR, "maxLength": 5}}})}
    changes = case.diff(base, revision)
    assert [(c.rule, c.message) for c in changes] == [
        ("request-property-max-length-decreased",
         "request property '[].tags[]' maximum length set to 5")
    ]


def test_additional_properties_schemas_recurse(case):
    base = {"type": "object", "additionalProperties": {"type": "integer", "maximum": 10}}
    revision = {"type": "object", "additionalProperties": {"type": "integer", "maximum": 5}}
    request, response = case.both(base, revision)
    assert rules(request) == {"request-property-max-decreased": B}
    assert "'*'" in request[0].message
    assert rules(response) == {"response-property-max-decreased": S}


def test_additional_properties_open_to_schema(case):
    request, response = case.both(
        {"type": "object"}, {"type": "object", "additionalProperties": STR}
    )
    assert rules(request) == {"request-property-type-narrowed": B}
    assert rules(response) == {"response-property-type-narrowed": S}


def test_missing_items_are_located_where_they_would_be(case):
    base = obj({"a": {"type": "array", "items": STR}, "b": {"type": "array", "items": STR}})
    revision = obj({"a": {"type": "array"}, "b": {"type": "array"}})
    response = case.diff(base, revision, Site.RESPONSE_BODY)
    assert [(c.rule, c.message) for c in response] == [
        ("response-property-type-widened",
         "response property 'a[]' type string removed (any type is allowed now)"),
        ("response-property-type-widened",
         "response property 'b[]' type string removed (any type is allowed now)"),
    ]
    request = case.diff(revision, base)
    assert [c.location.pointer.rsplit("/properties/", 1)[-1] for c in request] == [
        "a/items/type", "b/items/type"]


@pytest.mark.parametrize(
    ("concept", "base", "revision", "parameter_level", "header_level"),
    [
        ("added", obj({"a": STR}), obj({"a": STR, "b": STR}), S, S),
        ("added-required", obj({"a": STR}), obj({"a": STR, "b": STR}, ["b"]), B, S),
        ("became-required", obj({"a": STR}), obj({"a": STR}, ["a"]), B, S),
        ("became-optional", obj({"a": STR}, ["a"]), obj({"a": STR}), S, B),
    ],
)
def test_object_parameters_and_headers_have_their_own_prefix(
    case, concept, base, revision, parameter_level, header_level
):
    """Object-valued parameters (deepObject, JSON content) and headers report
    property changes under their own prefix, with the same direction rules."""
    parameter = case.diff(base, revision, Site.REQUEST_PARAMETER)
    header = case.diff(base, revision, Site.RESPONSE_HEADER)
    assert rules(parameter) == {f"request-parameter-property-{concept}": parameter_level}
    assert rules(header) == {f"response-header-property-{concept}": header_level}


def test_object_parameter_and_header_access_modes(case):
    parameter = case.diff(obj({"a": STR}), obj({"a": RO}), Site.REQUEST_PARAMETER)
    assert rules(parameter) == {"request-parameter-property-became-read-only": D}
    header = case.diff(obj({"a": STR}), obj({"a": WO}), Site.RESPONSE_HEADER)
    assert rules(header) == {"response-header-property-became-write-only": B}


def test_unchanged_object_parameters_report_nothing(case):
    same = obj({"a": STR, "b": STR}, ["a"])
    assert case.diff(same, dict(same), Site.REQUEST_PARAMETER) == []
    assert case.diff(same, dict(same), Site.RESPONSE_HEADER) == []


@pytest.mark.parametrize(
    ("concept", "base", "revision"),
    [
        ("deprecated", obj({"a": STR}), obj({"a": DEP})),
        ("undeprecated", obj({"a": DEP}), obj({"a": STR})),
    ],
)
def test_property_deprecation_at_every_site(case, concept, base, revision):
    request, response = case.both(base, revision)
    assert rules(request) == {f"request-property-{concept}": S}
    assert rules(response) == {f"response-property-{concept}": S}
    parameter = case.diff(base, revision, Site.REQUEST_PARAMETER)
    header = case.diff(base, revision, Site.RESPONSE_HEADER)
    assert rules(parameter) == {f"request-parameter-property-{concept}": S}
    assert rules(header) == {f"response-header-property-{concept}": S}


def test_property_deprecation_messages_and_locations(case):
    base = obj({"address": obj({"city": STR, "zip": DEP})})
    revision = obj({"address": obj({"city": {**DEP, "x-sunset": "2025-09-01"}, "zip": STR})})
    response = case.diff(base, revision, Site.RESPONSE_BODY)
    assert [(c.rule, c.message) for c in response] == [
        ("response-property-deprecated",
         "response property 'address.city' was deprecated with sunset date 2025-09-01"),
        ("response-property-undeprecated",
         "response property 'address.zip' is no longer deprecated"),
    ]
    assert response[0].location.pointer.endswith("/properties/city/deprecated")
    assert response[1].location.pointer.endswith("/properties/zip")
    request = case.diff(obj({"a": STR}), obj({"a": DEP}))
    assert request[0].message == "request property 'a' was deprecated without a sunset date"


def test_property_deprecated_through_ref_and_all_of(case):
    components = {"Legacy": DEP}
    base = obj({"a": STR, "b": {"allOf": [STR]}})
    revision = obj({"a": {"$ref": "#/components/schemas/Legacy"},
                    "b": {"allOf": [STR, {"deprecated": True}]}})
    response = case.diff(base, revision, Site.RESPONSE_BODY, components=components)
    assert [c.message for c in response] == [
        "response property 'a' was deprecated without a sunset date",
        "response property 'b' was deprecated without a sunset date",
    ]


@pytest.mark.parametrize(
    ("base", "revision"),
    [
        (obj({"a": STR}), obj({"a": {**STR, "deprecated": False}})),
        (obj({"a": DEP}), obj({"a": {**DEP, "description": "use b", "x-sunset": "2026-01-01"}})),
        (obj({"a": {**DEP, "x-sunset": "2026-01-01"}}),
         obj({"a": {**DEP, "x-sunset": "2026-02-01"}})),
        (obj({"a": DEP}), obj({"a": {"allOf": [STR, {"deprecated": True}]}})),
    ],
)
def test_harmless_deprecation_rewrites_report_nothing(case, base, revision):
    request, response = case.both(base, revision)
    assert request == response == []


@pytest.mark.parametrize(
    ("removed", "rule", "level"),
    [
        ({**DEP, "x-sunset": "2025-03-01"}, "response-property-removed-after-sunset", S),
        ({**DEP, "x-sunset": "2025-06-01"}, "response-property-removed-after-sunset", S),
        ({**DEP, "x-sunset": "2025-09-01"}, "response-property-removed", B),
        (DEP, "response-property-removed", B),
        ({**DEP, "x-sunset": "soon"}, "response-property-removed", B),
        ({**STR, "x-sunset": "2025-03-01"}, "response-property-removed", B),  # not deprecated
    ],
)
def test_removal_of_a_deprecated_response_property_follows_the_sunset(case, removed, rule,
                                                                     level):
    base, revision = obj({"a": STR, "b": removed}), obj({"a": STR})
    response = case.diff(base, revision, Site.RESPONSE_BODY, today=TODAY)
    assert rules(response) == {rule: level}
    assert response[0].location.file.endswith("-base.json")
    # clients may still send a removed request property: the sunset does not change that
    request = case.diff(base, revision, today=TODAY)
    assert rules(request) == {"request-property-removed": D}


def test_removal_after_sunset_message_and_header_prefix(case):
    base = obj({"a": STR, "b": {**DEP, "x-sunset": "2025-03-01"}})
    response = case.diff(base, obj({"a": STR}), Site.RESPONSE_BODY, today=TODAY)
    assert response[0].message == "response property 'b' removed after its sunset date 2025-03-01"
    header = case.diff(base, obj({"a": STR}), Site.RESPONSE_HEADER, today=TODAY)
    assert rules(header) == {"response-header-property-removed-after-sunset": S}
    # the same removal before the date stays breaking
    early = case.diff(base, obj({"a": STR}), Site.RESPONSE_BODY, today=date(2025, 2, 1))
    assert rules(early) == {"response-property-removed": B}
