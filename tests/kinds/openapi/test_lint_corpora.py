"""The built-in lint rules on real contracts: Stripe (v127) and GitHub Enterprise Server 3.6.

The per-rule counts below (ruleset ``accord:recommended``) were checked by a person:
for every rule that fires, two or three findings were opened at their file:line in the
corpus and judged true, exactly located and clearly worded. The false positives found on
the way were fixed, each with a regression test built from the real case:

- no-body-on-get-delete: Stripe declares an optional form body that admits only ``{}``
  on every GET (197) and most DELETEs; only the 8 DELETEs whose body has fields count.
- collection-paginated: Stripe's search ``?page=`` is a string token (a cursor), and
  GitHub's ``?since=<id>`` on /users, /organizations, /repositories is keyset paging.
- post-create-201-location: POSTs to command segments (verify_microdeposits,
  generate-notes, rerun-failed-jobs, enforce_admins) create nothing.
- paths-plural-collections: /compare/{basehead}, /tarball/{ref}, /readme/{dir},
  /user/starred/{owner}/{repo}, /following/{username} are single resources with an
  argument, not collection/member pairs.

A change in a count means a rule changed behaviour on real input: check samples of the
new findings against the documents before updating the numbers.

Rules judged correct but noisy on these corpora (kept as they are): rate-limit-429 and
request-id-header (neither API documents them; one finding per operation),
error-responses-documented on GitHub, request-strings-bounded / request-arrays-bounded
(Stripe and GitHub bound strings in prose, not in maxLength), paths-kebab-case on
Stripe's snake_case paths, timestamps-date-time on Stripe's unix-time integers.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from accord.core import Finding
from accord.kinds.openapi import OpenAPIKind
from accord.lint import RECOMMENDED, LintRun, lint

CORPORA = Path(__file__).resolve().parents[3].parent / "shared" / "corpora" / "openapi"

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not available")

STRIPE_COUNTS = {
    "collection-paginated": 3,
    "deprecated-sunset": 15,
    "info-version-semver": 1,
    "no-body-on-get-delete": 8,
    "no-credentials-in-query": 3,
    "page-size-bounded": 98,
    "paths-kebab-case": 125,
    "paths-no-verbs": 1,
    "paths-plural-collections": 2,
    "post-create-201-location": 71,
    "post-idempotency-key": 184,
    "rate-limit-429": 417,
    "request-arrays-bounded": 327,
    "request-id-header": 417,
    "request-strings-bounded": 251,
    "timestamps-date-time": 61,
}

GITHUB_COUNTS = {
    "accepted-202-location": 16,
    "collection-envelope": 162,
    "collection-paginated": 157,
    "deprecated-sunset": 43,
    "error-body-structured": 83,
    "error-responses-documented": 779,
    "examples-valid": 53,
    "no-body-on-get-delete": 12,
    "page-size-bounded": 2,
    "paths-kebab-case": 35,
    "paths-no-verbs": 4,
    "paths-plural-collections": 3,
    "post-create-201-location": 69,
    "post-idempotency-key": 132,
    "properties-casing": 31,
    "rate-limit-429": 813,
    "rate-limit-headers": 1,
    "request-arrays-bounded": 109,
    "request-id-header": 824,
    "request-strings-bounded": 345,
    "schema-typed": 10,
    "security-defined": 1,
    "timestamps-date-time": 60,
}


def _lint(name: str) -> list[Finding]:
    kind = OpenAPIKind()
    report = lint(kind.load(CORPORA / f"{name}.json"), kind.lint_rules(),
                  LintRun(ruleset=RECOMMENDED))
    return list(report.findings)


@pytest.fixture(scope="module")
def stripe() -> list[Finding]:
    return _lint("stripe-v127")


@pytest.fixture(scope="module")
def github() -> list[Finding]:
    return _lint("github-ghes-3.6")


def _find(found: list[Finding], rule: str, pointer: str) -> Finding:
    [finding] = [f for f in found if f.rule == rule and f.location.pointer == pointer]
    return finding


def test_stripe_counts(stripe: list[Finding]) -> None:
    assert dict(Counter(f.rule for f in stripe)) == STRIPE_COUNTS


def test_github_counts(github: list[Finding]) -> None:
    assert dict(Counter(f.rule for f in github)) == GITHUB_COUNTS


def test_stripe_delete_with_form_fields(stripe: list[Finding]) -> None:
    # DELETE /v1/subscriptions/{id} takes invoice_now and prorate in its form body.
    finding = _find(stripe, "no-body-on-get-delete",
                    "/paths/~1v1~1subscriptions~1{subscription_exposed_id}/delete/requestBody")
    assert (finding.location.line, finding.location.column) == (102455, 24)
    assert finding.message == "DELETE /v1/subscriptions/{subscription_exposed_id} has a " \
        "request body"


def test_stripe_date_version(stripe: list[Finding]) -> None:
    finding = _find(stripe, "info-version-semver", "/info/version")
    assert (finding.location.line, finding.location.column) == (33186, 16)
    assert finding.message == "info.version '2020-08-27' is not a semantic version"


def test_github_singular_collection(github: list[Finding]) -> None:
    # GitHub also has /orgs/{org}/external-groups: the singular is an inconsistency.
    finding = _find(github, "paths-plural-collections",
                    "/paths/~1orgs~1{org}~1external-group~1{group_id}")
    assert finding.location.line == 13403


def test_github_example_of_the_wrong_type(github: list[Finding]) -> None:
    # POST /markdown/raw: a text/plain string schema with an object example.
    finding = _find(github, "examples-valid", "/paths/~1markdown~1raw/post/requestBody/"
                    "content/text~1plain/examples/default/value")
    assert finding.location.line == 9198
    assert "is not of type 'string'" in finding.message


def test_github_shared_page_size(github: list[Finding]) -> None:
    # The shared per-page parameter is reported once, at its schema in components.
    finding = _find(github, "page-size-bounded", "/components/parameters/per-page/schema")
    assert finding.location.line == 104979
