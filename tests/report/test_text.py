from __future__ import annotations

import re
from typing import Any

import pytest

from accord.compat.report import DiffReport
from accord.report import render_diff
from tests.report.conftest import RULES

ANSI = re.compile(r"\x1b\[")


def _text(report: DiffReport, **kwargs: Any) -> str:
    return render_diff(report, "text", rules=RULES, **kwargs)


def test_no_changes(empty: DiffReport) -> None:
    out = _text(empty)
    assert "No changes." in out
    assert "compatible under BACKWARD" in out
    assert out.splitlines()[0] == (
        "openapi diff  orders-v1.yaml -> orders-v2.yaml  mode BACKWARD, fail on breaking"
    )


def test_groups_by_operation_breaking_first(mixed: DiffReport) -> None:
    out = _text(mixed)
    lines = out.splitlines()
    # document-level changes under their own heading, first; operations by path then method
    headings = [line for line in lines if line in {
        "API-wide", "GET /orders", "POST /orders", "GET /orders/{id}/legacy",
        "POST /orders/{id}/refund", "GET /users/{id}"}]
    assert headings == ["API-wide", "GET /orders", "POST /orders", "GET /orders/{id}/legacy",
                        "POST /orders/{id}/refund", "GET /users/{id}"]
    users = lines.index("GET /users/{id}")
    assert lines[users + 1].startswith("BREAKING   response-property-removed  property 'email'")
    # the location follows the message (wrapped under it), the hint on its own line
    assert lines[users + 2] == " " * 11 + "orders-v2.yaml:42:11"
    assert lines[users + 3].startswith(" " * 11 + "hint: keep the property")
    assert lines[users + 4].startswith("DANGEROUS  response-enum-value-added")
    api_wide = lines[lines.index("API-wide") + 1:lines.index("GET /orders")]
    assert api_wide[0].startswith("BREAKING   version-bump-insufficient")
    assert any(line.startswith("DANGEROUS  server-url-changed") for line in api_wide)


def test_summary_verdict_and_version_advice(mixed: DiffReport) -> None:
    out = _text(mixed)
    assert "3 breaking, 2 dangerous, 3 safe" in out
    assert "suggested bump: major (2.0.0); declared 1.1.0 is not enough" in out
    assert out.rstrip().splitlines()[-1] == "INCOMPATIBLE under BACKWARD with orders-v1.yaml"


def test_compatible_verdict(compatible: DiffReport) -> None:
    out = _text(compatible)
    assert out.rstrip().endswith("compatible under BACKWARD")
    assert "suggested bump: minor (1.1.0); declared 1.1.0 is enough" in out


def test_plain_text_has_no_escape_codes_even_when_forced(
    mixed: DiffReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    out = _text(mixed, color=False)
    assert not ANSI.search(out)
    assert not any(line != line.rstrip() for line in out.splitlines())


def test_colour_on_a_terminal(mixed: DiffReport, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    out = _text(mixed, color=True)
    assert "\x1b[1;31mBREAKING" in out  # bold red badge
    assert "\x1b[2mhint: " in out  # dim hint
    assert ANSI.sub("", out).count("BREAKING") == _text(mixed).count("BREAKING")


def test_transitive_lists_every_check(transitive: DiffReport) -> None:
    out = _text(transitive)
    assert "✗ backward vs orders-v2.yaml (1.1.0): 1 violation" in out
    assert "✗ backward vs orders-v1.yaml (1.0.0): 2 violations" in out
    # the removal made in v2 still breaks v1 clients: shown under that check
    v1 = out.index("✗ backward vs orders-v1.yaml")
    assert out.index("operation-removed", v1) > v1
    assert out.rstrip().endswith(
        "INCOMPATIBLE under BACKWARD_TRANSITIVE with orders-v2.yaml, orders-v1.yaml")


@pytest.mark.parametrize("width", [60, 100, 140])
def test_wraps_to_the_width(mixed: DiffReport, width: int) -> None:
    out = _text(mixed, width=width)
    assert max(len(line) for line in out.splitlines()) <= width


def test_special_characters_are_printed_verbatim(weird: DiffReport) -> None:
    out = _text(weird)
    assert "value 'a|b' added to `kind`: 100% <b>bold</b> & co" in out
    assert "second line: naïve café ✓ 日本" in out
    assert "GET /cafés|all" in out
    # no file: the pointer stands in; no line: the file alone
    assert "/paths/~1reports/get" in out
    assert "orders-v2.yaml\n" in out or "orders-v2.yaml  " in out or out.count("orders-v2.yaml") > 0
    assert "no compatibility check (mode NONE)" in out


def test_markup_in_messages_is_not_interpreted(mixed: DiffReport) -> None:
    from dataclasses import replace

    tricky = replace(mixed, changes=(replace(mixed.changes[0], message="[bold]x[/bold] :smile:"),))
    assert "[bold]x[/bold] :smile:" in _text(tricky, color=True)
