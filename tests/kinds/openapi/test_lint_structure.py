"""oas-structure: a valid YAML file that is a broken OpenAPI document is linted as far as
possible (``OpenAPIKind.load_lenient``), its structural problems reported as findings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from accord.core.errors import AccordError, ErrorCode
from accord.kinds.openapi import OpenAPIKind
from accord.kinds.protocol import Contract, load_for_lint
from accord.lint import STRICT, LintRun, lint
from tests.kinds.openapi.lint_support import Spec, clean, findings, line_of, op

RULE = "oas-structure"


def lenient_findings(tmp_path: Path, spec: Spec) -> list[tuple[str, str, int | None, str]]:
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    kind = OpenAPIKind()
    report = lint(load_for_lint(kind, path), kind.lint_rules(), LintRun(ruleset=STRICT))
    return [(f.rule, f.location.pointer, f.location.line, f.message) for f in report.findings
            if f.rule in (RULE, "post-idempotency-key")]


def test_an_operation_that_is_a_list(tmp_path: Path) -> None:
    spec = clean()
    spec["paths"]["/orders/{order_id}"]["get"] = ["not", "an", "operation"]
    op(spec, "/orders", "post")["parameters"] = []  # still linted: a finding of its own
    found = lenient_findings(tmp_path, spec)
    assert found == [
        ("post-idempotency-key", "/paths/~1orders/post", line_of(tmp_path, "post:"),
         "POST /orders accepts no Idempotency-Key header"),
        (RULE, "/paths/~1orders~1{order_id}/get", line_of(tmp_path, "get:", 2),
         "operation GET /orders/{order_id} must be a mapping, not a list"),
    ]
    # The strict load (accord diff) still refuses the document.
    with pytest.raises(AccordError) as caught:
        OpenAPIKind().load(tmp_path / "api.yaml")
    assert caught.value.code is ErrorCode.INVALID_CONTRACT


def test_paths_not_a_mapping_and_no_info(tmp_path: Path) -> None:
    spec = clean()
    spec["paths"] = ["/orders"]
    spec.pop("info")
    found = lenient_findings(tmp_path, spec)
    assert [(pointer, message) for _, pointer, _, message in found] == [
        ("", "the document has no 'info' mapping"),
        ("/paths", "'paths' must be a mapping, not a list"),
    ]
    assert found[1][2] == line_of(tmp_path, "paths:")


def test_a_response_that_is_a_string_skips_only_that_response(tmp_path: Path) -> None:
    spec = clean()
    op(spec, "/orders", "get")["responses"]["429"] = "slow down"
    found = lenient_findings(tmp_path, spec)
    assert [(pointer, message) for _, pointer, _, message in found] == [
        ("/paths/~1orders/get/responses/429", "response '429' must be a mapping, not a string")]


def test_missing_responses_in_openapi_3_0_not_3_1(tmp_path: Path) -> None:
    spec = clean()
    op(spec, "/orders/{order_id}/cancel", "post").pop("responses")
    [found] = findings(tmp_path, spec, RULE)
    assert found.location.pointer == "/paths/~1orders~1{order_id}~1cancel/post"
    assert found.message == "POST /orders/{order_id}/cancel has no 'responses'"
    spec["openapi"] = "3.1.0"
    assert findings(tmp_path, spec, RULE) == []


def test_a_well_formed_document_has_no_structure_finding(tmp_path: Path) -> None:
    assert lenient_findings(tmp_path, clean()) == []


def test_load_for_lint_falls_back_to_load(tmp_path: Path) -> None:
    class Plain:
        name = "plain"

        def load(self, path: Path, display: str | None = None) -> Contract:
            return Contract(kind="plain", source=str(path), version=None, model=None)

    contract = load_for_lint(Plain(), tmp_path)  # type: ignore[arg-type]
    assert contract.kind == "plain"
