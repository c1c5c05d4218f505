from __future__ import annotations

import re

from accord.compat.report import DiffReport
from accord.report import markdown, render_diff
from tests.report.conftest import RULES

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _md(report: DiffReport) -> str:
    return render_diff(report, "markdown", rules=RULES)


def _tables_are_intact(out: str) -> None:
    """Every row of a table has as many cells as its header."""
    width = None
    for line in out.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        cells = len(UNESCAPED_PIPE.findall(line))
        if width is None:
            width = cells
        assert cells == width, line


def test_title_counts_and_version(mixed: DiffReport) -> None:
    out = _md(mixed)
    assert out.startswith("### accord diff: `orders-v1.yaml` → `orders-v2.yaml`\n")
    assert "\n**Breaking changes: 3**\n" in out
    assert "INCOMPATIBLE under BACKWARD with orders-v1.yaml (fail on breaking)" in out
    for row in ("| breaking | 3 |", "| dangerous | 2 |", "| safe | 3 |"):
        assert row in out
    assert "Suggested bump: major (2.0.0); declared 1.1.0 is not enough." in out
    _tables_are_intact(out)


def test_sections_per_operation_with_safe_changes_folded(mixed: DiffReport) -> None:
    out = _md(mixed)
    details = out.index("<details>")
    assert out.index("#### `GET /users/{id}`") < details
    assert out.index("#### API-wide") < details
    row = next(line for line in out.splitlines() if "response-property-removed" in line)
    assert row.startswith("| breaking | `response-property-removed` | property 'email' was removed")
    assert "_Hint:_ keep the property" in row
    assert row.endswith("| `orders-v2.yaml:42` |")
    # safe changes only inside the <details> block
    assert out.index("`operation-added`") > details
    assert out.index("`request-parameter-added`") > details
    assert "<summary>Safe changes (3)</summary>" in out
    assert out.rstrip().endswith("</details>")


def test_no_changes(empty: DiffReport) -> None:
    out = _md(empty)
    assert "**No changes**" in out
    assert out.rstrip().endswith("No changes.")
    assert "<details>" not in out


def test_compatible_title(compatible: DiffReport) -> None:
    assert "**No breaking changes; dangerous changes: 1**" in _md(compatible)


def test_special_characters_are_escaped(weird: DiffReport) -> None:
    out = _md(weird)
    _tables_are_intact(out)
    row = next(line for line in out.splitlines() if "a\\|b" in line)
    assert "value 'a\\|b' added to \\`kind\\`: 100% &lt;b&gt;bold&lt;/b&gt; &amp; co" in row
    assert "<br>second line: naïve café ✓ 日本" in row
    assert "<b>" not in out
    # a heading holding a pipe is a code span, not a table
    assert "##### `GET /cafés|all`" in out or "#### `GET /cafés|all`" in out
    # missing file: the pointer; missing line: the file alone
    assert "`/paths/~1reports/get`" in out
    assert "| `orders-v2.yaml` |" in out


def test_transitive_checks_table_and_older_violations(transitive: DiffReport) -> None:
    out = _md(transitive)
    _tables_are_intact(out)
    assert "| backward vs orders-v2.yaml (1.1.0) | **incompatible** | 1 |" in out
    assert "| backward vs orders-v1.yaml (1.0.0) | **incompatible** | 2 |" in out
    older = out.index("Earlier changes that still violate a check")
    assert out.index("`operation-removed`") > older


def test_code_spans_hold_backticks() -> None:
    assert markdown.code("a`b") == "`` a`b ``"
    assert markdown.code("x|y") == "`x\\|y`"
    assert markdown.code("x|y", in_table=False) == "`x|y`"
    assert markdown.text("*a* _b_ [c](d) #1 ~e~") == "\\*a\\* \\_b\\_ \\[c\\](d) \\#1 \\~e\\~"
