"""GitHub's public schema, December 2022 -> October 2023 (the shared corpus).

The expected changes were checked against graphql-inspector 6.0.8 (core 7.1.3) on
the same pair; docs/graphql.md ("Against graphql-inspector") explains each
difference. Its core calls 60 changes breaking: the 42 below, and the 18 removals
of fields deprecated with a reason, which accord reports as
``deprecated-field-removed`` (dangerous).
"""

from __future__ import annotations

from collections import Counter

import pytest

from accord.core.change import Change
from accord.kinds.protocol import DiffOptions
from tests.kinds.graphql.support import GITHUB_NEW, GITHUB_OLD, KIND

pytestmark = pytest.mark.skipif(not GITHUB_OLD.is_file(), reason="shared corpus missing")

REMOVED_TYPES = sorted([
    "AddProjectDraftIssueInput", "AddProjectDraftIssuePayload", "AddProjectNextItemInput",
    "AddProjectNextItemPayload", "DeleteProjectNextItemInput", "DeleteProjectNextItemPayload",
    "ProjectItemType", "ProjectNext", "ProjectNextConnection", "ProjectNextEdge",
    "ProjectNextField", "ProjectNextFieldCommon", "ProjectNextFieldConnection",
    "ProjectNextFieldEdge", "ProjectNextFieldType", "ProjectNextItem",
    "ProjectNextItemConnection", "ProjectNextItemContent", "ProjectNextItemEdge",
    "ProjectNextItemFieldValue", "ProjectNextItemFieldValueConnection",
    "ProjectNextItemFieldValueEdge", "ProjectNextOrderField", "ProjectNextOwner",
    "ProjectView", "ProjectViewConnection", "ProjectViewEdge", "ProjectViewLayout", "SortBy",
    "UpdateProjectDraftIssueInput", "UpdateProjectDraftIssuePayload",
    "UpdateProjectNextInput", "UpdateProjectNextItemFieldInput",
    "UpdateProjectNextItemFieldPayload", "UpdateProjectNextPayload",
])
DEPRECATED_REMOVED = sorted([
    "Issue.projectNext", "Issue.projectsNext", "Mutation.addProjectDraftIssue",
    "Mutation.addProjectNextItem", "Mutation.deleteProjectNextItem",
    "Mutation.updateProjectDraftIssue", "Mutation.updateProjectNext",
    "Mutation.updateProjectNextItemField", "Organization.projectNext",
    "Organization.projectsNext", "PullRequest.projectNext", "PullRequest.projectNextItems",
    "PullRequest.projectsNext", "Repository.projectNext", "Repository.projectsNext",
    "RepositoryVulnerabilityAlert.fixReason", "User.projectNext", "User.projectsNext",
])


@pytest.fixture(scope="module")
def changes() -> list[Change]:
    return KIND.diff(KIND.load(GITHUB_OLD), KIND.load(GITHUB_NEW), DiffOptions())


def operations(changes: list[Change], rule: str) -> list[str]:
    return sorted(c.operation or "" for c in changes if c.rule == rule)


def test_the_breaking_set(changes: list[Change]) -> None:
    breaking = [c for c in changes if c.level == "breaking"]
    assert len(breaking) == 42
    assert Counter(c.rule for c in breaking) == {
        "type-removed": 35, "interface-removed": 4, "field-removed": 3}
    assert operations(changes, "type-removed") == REMOVED_TYPES
    assert operations(changes, "interface-removed") == [
        "Issue", "Organization", "PullRequest", "User"]
    # Removed without a deprecation: DraftIssue's two (Issue.projectNextItems was never
    # deprecated either, although its siblings were).
    assert operations(changes, "field-removed") == [
        "DraftIssue.project", "DraftIssue.projectItem", "Issue.projectNextItems"]


def test_announced_removals_are_reported_apart(changes: list[Change]) -> None:
    assert operations(changes, "deprecated-field-removed") == DEPRECATED_REMOVED
    fix_reason = next(c for c in changes
                      if c.operation == "RepositoryVulnerabilityAlert.fixReason")
    assert fix_reason.level == "dangerous" and "deprecated: " in fix_reason.message
    assert fix_reason.location.file == str(GITHUB_OLD)


def test_the_counts_by_rule(changes: list[Change]) -> None:
    assert Counter(str(c.level) for c in changes) == {
        "breaking": 42, "dangerous": 74, "safe": 447}
    counts = Counter(c.rule for c in changes)
    assert counts["type-added"] == 163 and counts["field-added"] == 120
    assert counts["argument-added"] == 38 and counts["field-deprecated"] == 24
    assert counts["interface-added"] == 6 and counts["union-member-added"] == 5
    assert counts["enum-value-added"] == 5 and counts["input-field-made-optional"] == 10
    # graphql-inspector misses this one: it treats "no default" and "false" as equal.
    (default,) = [c for c in changes if c.rule == "input-field-default-changed"]
    assert default.operation == "RequestReviewsInput.union"
    assert default.message == ("The default value of input field RequestReviewsInput.union "
                               "was added (false)")


def test_every_change_has_a_line_in_its_file(changes: list[Change]) -> None:
    files = {str(GITHUB_OLD), str(GITHUB_NEW)}
    assert all(c.location.file in files and c.location.line for c in changes)
    added = next(c for c in changes if c.rule == "type-added" and c.operation == "WorkflowState")
    # A definition starts at its description, as in graphql-core (enum at line 58536).
    assert (added.location.file, added.location.line, added.location.column) == (
        str(GITHUB_NEW), 58533, 1)
