from __future__ import annotations

import pytest

from accord.compat.report import DiffReport
from accord.report import DIFF_FORMATS, render_diff
from tests.report.conftest import RULES


@pytest.mark.parametrize("fmt", DIFF_FORMATS)
def test_every_format_renders_every_report(any_report: DiffReport, fmt: str) -> None:
    out = render_diff(any_report, fmt, rules=RULES)
    assert out.endswith("\n") and not out.endswith("\n\n")


def test_the_formats_the_cli_offers() -> None:
    from accord.cli.options import DiffFormat

    assert tuple(str(f) for f in DiffFormat) == DIFF_FORMATS


def test_unknown_format(mixed: DiffReport) -> None:
    with pytest.raises(ValueError, match="unknown diff format 'html'"):
        render_diff(mixed, "html", rules=RULES)
