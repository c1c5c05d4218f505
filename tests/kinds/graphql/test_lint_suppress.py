"""Suppressing one lint finding with a ``# accord:ignore RULE REASON`` comment in SDL."""

from __future__ import annotations

from pathlib import Path

from tests.kinds.graphql.test_lint import line_of, lint_text
from tests.kinds.graphql.test_lint_fields import with_line_field

RULE = "state-field-enum"


def test_a_comment_before_the_element_suppresses_it(tmp_path: Path) -> None:
    assert len(lint_text(tmp_path, with_line_field("status: String!"), RULE)) == 1
    text = with_line_field(f"# accord:ignore {RULE} free text from a partner API\n"
                           "  status: String!")
    assert lint_text(tmp_path, text, RULE) == []
    assert lint_text(tmp_path, text, "ignore-without-reason") == []


def test_a_comment_after_the_element_on_its_line(tmp_path: Path) -> None:
    text = with_line_field(f"status: String!  # accord:ignore {RULE} kept for v1 clients")
    assert lint_text(tmp_path, text, RULE) == []


def test_a_comment_on_the_type_covers_its_fields(tmp_path: Path) -> None:
    text = with_line_field("status: String!").replace(
        "type OrderLine", f"# accord:ignore {RULE} mirrors the ledger's strings\ntype OrderLine",
        1)
    assert "# accord:ignore" in text
    assert lint_text(tmp_path, text, RULE) == []


def test_other_rules_and_elements_are_not_covered(tmp_path: Path) -> None:
    other_rule = with_line_field("# accord:ignore id-field-type not this one\n  status: String!")
    assert len(lint_text(tmp_path, other_rule, RULE)) == 1
    text = with_line_field(f"status: String!\n  # accord:ignore {RULE} the next one\n"
                           "  \"\"\"More.\"\"\"\n  state: String")
    (left,) = lint_text(tmp_path, text, RULE)
    assert left.location.pointer == "/OrderLine/status"
    # A '#' inside a string is not a comment.
    quoted = with_line_field("status: String!", description=f"# accord:ignore {RULE} no")
    assert len(lint_text(tmp_path, quoted, RULE)) == 1


def test_a_suppression_without_a_reason_is_a_finding(tmp_path: Path) -> None:
    text = with_line_field(f"# accord:ignore {RULE}\n  status: String!")
    assert len(lint_text(tmp_path, text, RULE)) == 1
    (problem,) = lint_text(tmp_path, text, "ignore-without-reason")
    assert problem.location.line == line_of(text, f"# accord:ignore {RULE}")
