from __future__ import annotations

from accord.compat.report import DiffReport
from accord.report import github, render_diff
from tests.report.conftest import RULES


def _gh(report: DiffReport) -> list[str]:
    return render_diff(report, "github", rules=RULES).splitlines()


def test_one_annotation_per_change_then_a_summary(mixed: DiffReport) -> None:
    lines = _gh(mixed)
    assert len(lines) == len(mixed.changes) + 1
    by_rule = {line.split("title=")[1].split("::")[0]: line for line in lines[:-1]}
    assert by_rule["response-property-removed"] == (
        "::error file=orders-v2.yaml,line=42,col=11,title=response-property-removed::"
        "property 'email' was removed from the 200 response "
        "(keep the property, or deprecate it first and remove it in a major version)"
    )
    assert by_rule["response-enum-value-added"].startswith("::warning file=orders-v2.yaml,")
    assert by_rule["operation-added"].startswith("::notice file=orders-v2.yaml,")
    assert by_rule["version-bump-insufficient"].startswith("::error file=orders-v2.yaml,line=3,")
    assert lines[-1].startswith("::notice::accord diff orders-v1.yaml -> orders-v2.yaml: "
                                "INCOMPATIBLE under BACKWARD with orders-v1.yaml; "
                                "3 breaking, 2 dangerous, 3 safe; suggested bump: major (2.0.0)")


def test_escaping(weird: DiffReport) -> None:
    lines = _gh(weird)
    line = next(x for x in lines if "kind" in x)
    assert line.startswith(
        "::warning file=specs/v2 dir/orders%2C v2%3Afinal.yaml,line=3,col=1,"
        "title=response-enum-value-added::"
    )
    assert "100%25 <b>bold</b> & co%0Asecond line: naïve café ✓ 日本" in line
    assert "\n" not in line and "\r" not in line


def test_unknown_file_and_line_are_left_out(weird: DiffReport) -> None:
    lines = _gh(weird)
    no_file = next(x for x in lines if "GET /reports" in x)
    assert no_file.startswith("::notice title=operation-deprecated::operation GET /reports")
    no_line = next(x for x in lines if "GET /exports" in x)
    assert no_line.startswith("::notice file=orders-v2.yaml,title=operation-added::")


def test_older_violations_are_annotated(transitive: DiffReport) -> None:
    lines = _gh(transitive)
    removal = [x for x in lines if "title=operation-removed" in x]
    assert len(removal) == 1
    assert removal[0].startswith("::error file=orders-v1.yaml,line=70,col=5,")
    assert "found by the backward vs orders-v1.yaml (1.0.0) check" in removal[0]


def test_no_changes_is_just_the_summary(empty: DiffReport) -> None:
    assert _gh(empty) == [
        "::notice::accord diff orders-v1.yaml -> orders-v2.yaml: compatible under BACKWARD; "
        "0 breaking, 0 dangerous, 0 safe; suggested bump: none"
    ]


def test_escape_functions() -> None:
    assert github.escape_data("100%\r\n: ,") == "100%25%0D%0A: ,"
    assert github.escape_property("100%\r\n: ,") == "100%25%0D%0A%3A %2C"
