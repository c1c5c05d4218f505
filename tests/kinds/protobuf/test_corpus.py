"""The googleapis pair of the shared corpus: what accord reports, worked out from the trees.

Between googleapis-2025-12-17 and googleapis-2026-08-21 one file was added
(google/api/cloudquotas/v1/quota_adjuster_settings.proto: one service and three
messages), ``option objc_class_prefix = "GASC";`` was dropped from
servicecontrol/v1/service_controller.proto, and the rest are additions: eleven
values of google.api.ErrorReason (33 -> 44), seven state values in pubsub, seven
new top-level messages and one enum elsewhere, ten fields. buf breaking reports
the dropped option under FILE and PACKAGE and nothing under WIRE_JSON and WIRE.
"""

from __future__ import annotations

from collections import Counter

import pytest

from accord.core.change import Level
from accord.kinds.protocol import DiffOptions
from tests.kinds.protobuf.support import KIND, NEW_TREE, OLD_TREE, load


@pytest.fixture(scope="module")
def trees():  # type: ignore[no-untyped-def]
    return load(OLD_TREE), load(NEW_TREE)


def test_what_accord_reports_on_the_googleapis_pair(trees) -> None:  # type: ignore[no-untyped-def]
    changes = KIND.diff(*trees, DiffOptions())
    assert Counter(c.rule for c in changes) == {
        "enum-value-added": 18, "message-added": 10, "field-added": 10, "file-added": 1,
        "enum-added": 1, "service-added": 1, "file-option-changed": 1}
    breaking = [c for c in changes if c.level is Level.BREAKING]
    assert len(breaking) == 1
    change = breaking[0]
    assert change.message == ("option objc_class_prefix of google/api/servicecontrol/v1/"
                              "service_controller.proto changed from 'GASC' to ''")
    # Where the option was written, in the base tree.
    assert change.location.file == f"{OLD_TREE}/google/api/servicecontrol/v1/" \
        "service_controller.proto"
    assert change.location.line == 31
    assert all(c.level is Level.SAFE and c.addition for c in changes if c is not change)
    assert {c.operation for c in changes if c.rule == "service-added"} == {
        "google.api.cloudquotas.v1.QuotaAdjusterSettingsManager"}
    assert {c.operation for c in changes if c.rule == "file-added"} == {
        "google/api/cloudquotas/v1/quota_adjuster_settings.proto"}
    # A map field's entry message is not an added message of its own.
    assert "google.api.servicecontrol.v1.Operation.UserLabelsEntry" not in {
        c.operation for c in changes}
    error_reason = [c for c in changes if c.message.endswith("google.api.ErrorReason")]
    assert len(error_reason) == 11


@pytest.mark.parametrize(("category", "level"), [
    ("FILE", Level.BREAKING), ("PACKAGE", Level.BREAKING), ("WIRE_JSON", Level.DANGEROUS),
    ("WIRE", Level.DANGEROUS)])
def test_the_categories_agree_with_buf(trees, category: str,  # type: ignore[no-untyped-def]
                                       level: Level) -> None:
    changes = KIND.diff(*trees, DiffOptions(kind_options={"categories": [category]}))
    assert [c.level for c in changes if c.rule == "file-option-changed"] == [level]
    assert sum(c.level is Level.BREAKING for c in changes) == (level is Level.BREAKING)


def test_a_tree_compared_with_itself_has_no_changes(trees) -> None:  # type: ignore[no-untyped-def]
    assert KIND.diff(trees[0], load(OLD_TREE), DiffOptions()) == []
