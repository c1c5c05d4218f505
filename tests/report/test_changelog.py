from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from accord.core.change import Change
from accord.report import CHANGELOG_FORMATS, render_changelog
from accord.report.changelog import section_of
from tests.report.conftest import (
    BECAME_REQUIRED,
    ENUM_WIDENED,
    OP_ADDED,
    OP_DEPRECATED,
    PARAM_ADDED,
    REMOVED_EMAIL,
    SERVER_CHANGED,
    WEIRD,
)

CHANGES = [PARAM_ADDED, REMOVED_EMAIL, ENUM_WIDENED, BECAME_REQUIRED, OP_ADDED, OP_DEPRECATED,
           SERVER_CHANGED]


def _render(fmt: str, changes: Sequence[Change] = CHANGES) -> str:
    return render_changelog(changes, base="orders-v1.yaml", revision="orders-v2.yaml",
                            base_version="1.0.0", revision_version="2.0.0", fmt=fmt)


def test_classification() -> None:
    assert section_of(REMOVED_EMAIL) == "Breaking changes"
    assert section_of(OP_DEPRECATED) == "Deprecations"
    assert section_of(OP_ADDED) == section_of(PARAM_ADDED) == "Additions"
    assert section_of(ENUM_WIDENED) == section_of(SERVER_CHANGED) == "Other changes"


def test_json() -> None:
    data = json.loads(_render("json"))
    assert data["base"] == "orders-v1.yaml" and data["revision"] == "orders-v2.yaml"
    assert (data["base_version"], data["revision_version"]) == ("1.0.0", "2.0.0")
    titles = [s["title"] for s in data["sections"]]
    assert titles == ["Breaking changes", "Deprecations", "Additions", "Other changes"]
    breaking = data["sections"][0]["entries"]
    assert [e["operation"] for e in breaking] == ["POST /orders", "GET /users/{id}"]
    assert breaking[1]["changes"] == [REMOVED_EMAIL.to_dict()]
    additions = data["sections"][2]["entries"]
    assert [e["operation"] for e in additions] == ["GET /orders", "POST /orders/{id}/refund"]
    other = data["sections"][3]["entries"]
    assert [e["operation"] for e in other] == [None, "GET /users/{id}"]


def test_text() -> None:
    out = _render("text")
    assert out.startswith("Changelog: orders-v1.yaml (1.0.0) -> orders-v2.yaml (2.0.0)\n")
    sections = [out.index(t) for t in ("Breaking changes", "Deprecations", "Additions",
                                       "Other changes")]
    assert sections == sorted(sections)
    assert ("  GET /users/{id}\n    - property 'email' was removed from the 200 response "
            "[response-property-removed]\n") in out
    assert "  API-wide\n    - server URL changed" in out


def test_markdown() -> None:
    out = _render("markdown")
    assert out.startswith("## Changelog: orders-v1.yaml (1.0.0) → orders-v2.yaml (2.0.0)\n")
    assert "### Breaking changes\n\n#### `POST /orders`\n\n- request property 'currency' " in out
    assert "(`request-property-became-required`) — `orders-v2.yaml:88`" in out
    assert "#### API-wide" in out
    weird = _render("markdown", [WEIRD])
    assert "- value 'a\\|b' added to \\`kind\\`: 100% &lt;b&gt;bold&lt;/b&gt; &amp; co<br>" in weird


def test_empty_sections_are_left_out_of_text_and_markdown() -> None:
    out = _render("text", [OP_ADDED])
    assert "Additions" in out and "Breaking changes" not in out
    assert "No changes." in _render("markdown", [])
    assert all(s["entries"] == [] for s in json.loads(_render("json", []))["sections"])


@pytest.mark.parametrize("fmt", CHANGELOG_FORMATS)
def test_every_format_ends_with_a_newline(fmt: str) -> None:
    assert _render(fmt).endswith("\n")


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown changelog format 'html'"):
        _render("html")
