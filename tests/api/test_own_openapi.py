"""The hub follows the conventions it checks in others: ``accord lint`` on its own
OpenAPI document reports no error and no warning."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.api import HubConfig, create_app
from accord.cli.app import app as cli
from accord.store import Database


def _document(tmp_path: Path) -> dict[str, object]:
    db = Database(f"sqlite:///{tmp_path / 'hub.db'}")
    try:
        document: dict[str, object] = create_app(HubConfig(), db=db).openapi()
    finally:
        db.dispose()
    return document


def test_lint_of_the_hubs_openapi_has_no_error_or_warning(tmp_path: Path) -> None:
    spec = tmp_path / "hub-openapi.json"
    spec.write_text(json.dumps(_document(tmp_path), indent=2))
    result = CliRunner().invoke(cli, ["lint", str(spec), "--format", "json",
                                      "--fail-severity", "warn"], catch_exceptions=False)
    report = json.loads(result.stdout)
    serious = [f"{f['severity']} {f['rule']}: {f['message']} ({f['location']['pointer']})"
               for f in report["findings"] if f["severity"] in ("error", "warn")]
    assert serious == []
    assert result.exit_code == 0


def test_every_operation_declares_its_security_and_problem_responses(tmp_path: Path) -> None:
    document = _document(tmp_path)
    paths = document["paths"]
    assert isinstance(paths, dict)
    public = {("get", "/health"), ("get", "/metrics"), ("post", "/oauth/token")}
    for path, item in paths.items():
        for method, op in item.items():
            if (method, path) in public:
                assert op["security"] == [], (method, path)
                assert "parameters" not in op or not any(
                    "IdempotencyKey" in str(p) for p in op["parameters"]), (method, path)
                continue
            scopes = {s for req in op["security"] for s in req.get("oauth2", [])}
            assert scopes and scopes <= {"read", "write", "admin"}, (method, path)
            assert op["responses"]["401"] == {"$ref": "#/components/responses/Unauthorized"}
            assert op["responses"]["429"] == {"$ref": "#/components/responses/TooManyRequests"}
            suppressed = {i["rule"] for i in op.get("x-accord-ignore", [])}
            if method == "post" and "post-idempotency-key" not in suppressed:
                assert {"$ref": "#/components/parameters/IdempotencyKey"} in op["parameters"]
    # the one POST without it says why (its answer carries a secret)
    [ignored] = paths["/v1/tokens"]["post"]["x-accord-ignore"]
    assert ignored["rule"] == "post-idempotency-key" and "secret" in ignored["reason"]
    publish = paths["/v1/interfaces/{interface_id}/versions"]["post"]
    assert publish["security"] == [{"bearer": []}, {"oauth2": ["write"]}]
    create_team = paths["/v1/teams"]["post"]
    assert create_team["security"] == [{"bearer": []}, {"oauth2": ["admin"]}]
