"""The schema rule catalog: complete, consistent and readable."""

from __future__ import annotations

import re

import pytest

from accord.core.change import Direction, Level
from accord.kinds.openapi.catalog import Catalog
from accord.kinds.openapi.rules import CATALOG
from accord.kinds.openapi.schema_rules import (
    PROPERTY_CONCEPTS,
    SCHEMA_RULES,
    SCOPES,
    VALUE_CONCEPTS,
)

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
BY_ID = {r.id: r for r in SCHEMA_RULES}


def test_ids_are_distinct_kebab_case():
    ids = [r.id for r in SCHEMA_RULES]
    assert len(ids) == len(set(ids))
    for rule_id in ids:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", rule_id), rule_id
    Catalog(SCHEMA_RULES)  # refuses duplicates


def test_every_scope_has_every_value_concept():
    for scope in SCOPES.values():
        for concept in VALUE_CONCEPTS:
            assert f"{scope.prefix}-{concept.name}" in BY_ID


def test_property_concepts_per_property_prefix():
    prefixes = {s.property_prefix for s in SCOPES.values()}
    assert prefixes == {"request-property", "request-parameter-property", "response-property",
                        "response-header-property"}
    assert "request-property-became-read-only" in BY_ID
    assert "response-property-became-read-only" not in BY_ID
    assert "response-property-became-write-only" in BY_ID
    assert "request-property-became-write-only" not in BY_ID
    assert "response-property-removed-after-sunset" in BY_ID
    assert "request-property-removed-after-sunset" not in BY_ID
    # became-read-only, became-write-only and removed-after-sunset exist in one direction
    assert len(SCHEMA_RULES) == len(SCOPES) * len(VALUE_CONCEPTS) + 4 * len(PROPERTY_CONCEPTS) - 6


@pytest.mark.parametrize("rule", SCHEMA_RULES, ids=lambda r: r.id)
def test_rule_text(rule):
    assert rule.direction in (Direction.REQUEST, Direction.RESPONSE)
    assert rule.direction.value == rule.id.split("-")[0]
    assert rule.description and "{" not in rule.description
    assert len(rule.hint) > 20 and "{" not in rule.hint
    if rule.level is Level.BREAKING:
        assert "major version" in rule.hint or "Keep" in rule.hint, rule.hint


@pytest.mark.parametrize("rule", list(CATALOG), ids=lambda r: r.id)
def test_every_description_and_hint_is_a_sentence(rule):
    for text in (rule.description, rule.hint):
        assert text[0].isupper() and text.endswith("."), text


# (rule, level, addition) straight from the semantics the operation differ relies on
@pytest.mark.parametrize(
    ("rule_id", "level", "addition"),
    [
        ("request-property-type-changed", B, False),
        ("response-property-type-changed", B, False),
        ("request-property-type-widened", S, True),
        ("response-property-type-widened", B, False),
        ("request-property-type-narrowed", B, False),
        ("response-property-type-narrowed", S, False),
        ("request-parameter-format-added", B, False),
        ("response-header-format-removed", D, False),
        ("request-property-enum-value-removed", B, False),
        ("response-property-enum-value-added", D, True),
        ("request-property-enum-value-added", S, True),
        ("request-body-enum-added", B, False),
        ("response-body-enum-removed", D, False),
        ("request-property-max-length-decreased", B, False),
        ("response-property-max-length-increased", D, False),
        ("request-property-min-items-increased", B, False),
        ("request-property-max-increased", S, True),
        ("request-property-multiple-of-changed", B, False),
        ("response-property-multiple-of-changed", D, False),
        ("request-property-unique-items-added", B, False),
        ("request-property-pattern-added", B, False),
        ("response-header-pattern-added", S, False),
        ("response-property-pattern-changed", D, False),
        ("response-property-pattern-removed", D, False),
        ("request-property-became-nullable", S, True),
        ("response-property-became-nullable", B, False),
        ("request-property-became-not-nullable", B, False),
        ("request-property-added-required", B, False),
        ("response-property-added-required", S, True),
        ("request-property-added", S, True),
        ("response-property-added", S, True),
        ("request-property-removed", D, False),
        ("response-property-removed", B, False),
        ("request-property-became-required", B, False),
        ("response-property-became-optional", B, False),
        ("request-property-became-read-only", D, False),
        ("response-property-became-write-only", B, False),
        ("request-property-additional-properties-closed", B, False),
        ("response-property-additional-properties-opened", D, False),
        ("request-body-one-of-added", S, True),
        ("response-body-one-of-added", B, True),
        ("response-body-any-of-added", D, True),
        ("request-body-one-of-removed", B, False),
        ("request-body-all-of-added", B, False),
        ("response-body-all-of-removed", B, False),
        ("request-body-discriminator-property-changed", B, False),
        ("response-body-discriminator-mapping-removed", S, False),
        ("response-body-discriminator-mapping-added", D, True),
        ("request-property-default-changed", D, False),
        ("response-property-default-added", S, False),
        ("request-property-default-removed", D, False),
        ("request-property-extensible-enum-value-removed", B, False),
        ("request-parameter-extensible-enum-value-removed", B, False),
        ("response-property-extensible-enum-value-removed", S, False),
        ("request-property-extensible-enum-value-added", S, True),
        ("response-property-extensible-enum-value-added", S, True),
        ("response-header-extensible-enum-value-added", S, True),
        ("request-property-deprecated", S, False),
        ("response-property-deprecated", S, False),
        ("request-property-undeprecated", S, False),
        ("response-property-undeprecated", S, False),
        ("response-property-removed-after-sunset", S, False),
    ],
)
def test_levels(rule_id, level, addition):
    rule = BY_ID[rule_id]
    assert (rule.level, rule.addition) == (level, addition)


def test_example_hint_reads_naturally():
    assert BY_ID["request-property-max-length-decreased"].hint == (
        "Keep accepting the old maximum length, or publish the change under a new major version."
    )
    assert BY_ID["request-property-max-length-decreased"].description == (
        "The maximum length of a request body property was lowered or newly set."
    )
