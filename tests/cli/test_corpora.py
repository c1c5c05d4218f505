"""The real corpora, end to end through the command line.

The counts below were taken from a run and then checked by reading both
documents for each listed breaking change (the spot checks assert them).
"""

from __future__ import annotations

from pathlib import Path

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "openapi"


def _by_id(report: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for change in report["changes"]:
        out.setdefault(change["id"], []).append(change)
    return out


def test_stripe_v100_to_v127(run) -> None:
    res = run(
        "diff", CORPORA / "stripe-v100.json", CORPORA / "stripe-v127.json", "--format", "json"
    )
    assert res.exit_code == 1
    report = res.json()
    assert report["summary"] == {"breaking": 4, "dangerous": 38, "safe": 408}
    ids = _by_id(report)
    assert len(ids["operation-added"]) == 27
    # portal_business_profile lost its `required` list and gained `nullable: true`
    [optional] = [
        c for c in ids["response-property-became-optional"] if "privacy_policy_url" in c["message"]
    ]
    assert optional["operations"][0] == "GET /v1/billing_portal/configurations"
    assert len(optional["operations"]) == 5
    assert optional["location"]["file"].endswith("stripe-v127.json")
    # Stripe versions by date: advice, no verdict
    assert report["version"]["sufficient"] is None and report["suggested_bump"] == "major"


def test_github_ghes_35_to_36(run) -> None:
    res = run(
        "diff",
        CORPORA / "github-ghes-3.5.json",
        CORPORA / "github-ghes-3.6.json",
        "--format",
        "json",
    )
    assert res.exit_code == 1
    report = res.json()
    assert report["summary"] == {"breaking": 28, "dangerous": 37, "safe": 231}
    ids = _by_id(report)
    removed = {c["operation"] for c in ids["operation-removed"]}
    assert "GET /app/installation-requests" in removed and len(removed) == 5
    bodies = {c["operation"] for c in ids["request-body-added-required"]}
    assert "POST /scim/v2/Groups" in bodies
    [status] = ids["request-parameter-enum-value-removed"]
    assert "'pending'" in status["message"]
    assert status["operations"] == [
        "GET /repos/{owner}/{repo}/actions/runs",
        "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
    ]
    # 0.0.0-development is a pre-release: no version verdict
    assert "version-bump-insufficient" not in ids


def test_a_corpus_against_itself_has_no_changes(run) -> None:
    spec = CORPORA / "github-ghes-3.6.json"
    res = run("diff", spec, spec, "--format", "json")
    assert res.exit_code == 0 and res.json()["changes"] == []
