"""Every component schema of real specifications, compared across versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.change import Change, Level
from accord.kinds.openapi.schemas import SchemaDiffer, Site
from accord.source import Workspace
from tests.kinds.openapi.test_schema_helpers import CATALOG

CORPORA = Path(__file__).resolve().parents[3].parent / "shared" / "corpora" / "openapi"

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not available")


def _all_components(base: str, revision: str, site: Site) -> dict[str, list[Change]]:
    bws, rws = Workspace(), Workspace()
    bdoc, rdoc = bws.load(CORPORA / base), rws.load(CORPORA / revision)
    differ = SchemaDiffer(bws, rws, CATALOG, "oas30", "oas30")
    bschemas = bws.root(bdoc).child("components", "schemas")
    rschemas = rws.root(rdoc).child("components", "schemas")
    assert bschemas is not None and rschemas is not None
    out: dict[str, list[Change]] = {}
    for name in bschemas.value:
        if name in rschemas.value:
            bnode, rnode = bschemas.child(name), rschemas.child(name)
            assert bnode is not None and rnode is not None
            out[name] = differ.compare(bnode, rnode, site, f"component {name}")
    return out


def _find(changes: list[Change], rule: str, pointer: str) -> Change:
    found = [c for c in changes if c.rule == rule and c.location.pointer == pointer]
    assert len(found) == 1, [(c.rule, c.location.pointer) for c in changes]
    return found[0]


def test_stripe_components_in_responses():
    result = _all_components("stripe-v100.json", "stripe-v127.json", Site.RESPONSE_BODY)
    assert len(result) > 400
    changed = {name for name, changes in result.items() if changes}
    assert 20 < len(changed) < len(result)
    assert all(c.rule in CATALOG for cs in result.values() for c in cs)
    # Verified by reading both files: v127 adds `paid_out_of_band` to invoice and
    # to its `required` list; v100 has neither.
    change = _find(result["invoice"], "response-property-added-required",
                   "/components/schemas/invoice/properties/paid_out_of_band")
    assert change.level is Level.SAFE and change.addition
    assert change.message == "response property 'paid_out_of_band' added as required"
    assert change.location.file is not None and change.location.file.endswith("v127.json")
    assert change.location.line is not None
    # ...and payment_method.type gains the value 'konbini' (a new payment method)
    konbini = [c for c in result["payment_method"] if c.rule == "response-property-enum-value-added"
               and "'konbini'" in c.message]
    assert konbini and konbini[0].level is Level.DANGEROUS
    # charge.status went from `maxLength: 5000` to an enum: tightening, safe for responses
    status = [c for c in result["charge"] if "'status'" in c.message]
    assert [(c.rule, c.level) for c in status] == [("response-property-enum-added", Level.SAFE)]


def test_stripe_components_in_requests():
    result = _all_components("stripe-v100.json", "stripe-v127.json", Site.REQUEST_BODY)
    status = [c for c in result["charge"] if "'status'" in c.message]
    assert [(c.rule, c.level) for c in status] == [("request-property-enum-added", Level.BREAKING)]


def test_github_components():
    result = _all_components("github-ghes-3.5.json", "github-ghes-3.6.json", Site.RESPONSE_BODY)
    # Verified by reading both files: runner.runner_group_id exists in 3.5 only
    change = _find(result["runner"], "response-property-removed",
                   "/components/schemas/runner/properties/runner_group_id")
    assert change.level is Level.BREAKING
    assert change.location.file is not None and change.location.file.endswith("3.5.json")
    # gpg-key gains a required `revoked`
    _find(result["gpg-key"], "response-property-added-required",
          "/components/schemas/gpg-key/properties/revoked")


def test_a_document_against_itself_is_unchanged():
    ws = Workspace()
    doc = ws.load(CORPORA / "stripe-v100.json")
    other = Workspace()
    twin = other.load(CORPORA / "stripe-v100.json")
    differ = SchemaDiffer(ws, other, CATALOG, "oas30", "oas30")
    schemas = ws.root(doc).child("components", "schemas")
    twins = other.root(twin).child("components", "schemas")
    assert schemas is not None and twins is not None
    for name in schemas.value:
        bnode, rnode = schemas.child(name), twins.child(name)
        assert bnode is not None and rnode is not None
        assert differ.compare(bnode, rnode, Site.RESPONSE_BODY, "op") == []
