"""Suppressing one lint finding with an ``// accord:ignore RULE REASON`` comment."""

from __future__ import annotations

from pathlib import Path

from tests.kinds.protobuf.lint_support import CLEAN, CLEAN_NAME, lint_files, mutate

# The id field renamed against the naming rule.
RENAMED = ("  string id = 1;\n", "  string ID = 1;\n")


def test_a_comment_with_a_reason_suppresses_the_element_and_below(tmp_path: Path) -> None:
    bad = mutate(CLEAN, RENAMED)
    assert len(lint_files(tmp_path / "a", {CLEAN_NAME: bad}).of("field-name-lower-snake")) == 1
    on_field = mutate(CLEAN, ("  // The invoice's id, assigned by the server.\n  string id = 1;",
                              "  // The invoice's id, assigned by the server.\n"
                              "  // accord:ignore field-name-lower-snake generated clients "
                              "expect ID\n  string ID = 1;"))
    linted = lint_files(tmp_path / "b", {CLEAN_NAME: on_field})
    assert linted.of("field-name-lower-snake") == []
    assert linted.of("ignore-without-reason") == []
    # On the enclosing message it covers the message's fields too; a trailing comment works.
    on_message = mutate(CLEAN, RENAMED, (
        "message Invoice {\n", "message Invoice {  // accord:ignore field-name-lower-snake "
        "kept from v0\n"))
    assert lint_files(tmp_path / "c", {CLEAN_NAME: on_message}).of("field-name-lower-snake") == []


def test_another_rule_or_another_element_is_not_covered(tmp_path: Path) -> None:
    other_rule = mutate(CLEAN, RENAMED, ("  string ID = 1;",
                                         "  // accord:ignore comment-field not needed\n"
                                         "  string ID = 1;"))
    assert len(lint_files(tmp_path / "a", {CLEAN_NAME: other_rule}).of(
        "field-name-lower-snake")) == 1
    other_element = mutate(CLEAN, RENAMED, ("  // Where the invoice is in its lifecycle.\n",
                                            "  // Where the invoice is in its lifecycle.\n"
                                            "  // accord:ignore field-name-lower-snake legacy\n"))
    assert len(lint_files(tmp_path / "b", {CLEAN_NAME: other_element}).of(
        "field-name-lower-snake")) == 1


def test_a_suppression_without_a_reason_is_a_finding(tmp_path: Path) -> None:
    text = mutate(CLEAN, RENAMED, ("  string ID = 1;",
                                   "  // accord:ignore field-name-lower-snake\n  string ID = 1;"))
    linted = lint_files(tmp_path, {CLEAN_NAME: text})
    assert len(linted.of("field-name-lower-snake")) == 1
    (problem,) = linted.of("ignore-without-reason")
    assert problem.message == ("the suppression of 'field-name-lower-snake' gives no reason, "
                               "so it suppresses nothing")
    assert problem.location.line == linted.line("string ID = 1;")
    bare = mutate(CLEAN, ("message Invoice {\n", "// accord:ignore\nmessage Invoice {\n"))
    (nameless,) = lint_files(tmp_path / "b", {CLEAN_NAME: bare}).of("ignore-without-reason")
    assert nameless.message == "the accord:ignore comment names no rule"
